"""The caption under a code, for every link of both publications at every width a code's
caption may get: two lines at most, each fitting, the host never broken, the number with
it, the end of the address visible. A code is drawn once a page."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from reportlab.lib.pagesizes import A5
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, SimpleDocTemplate

from inspiratiekaart.content.loader import load_publication
from inspiratiekaart.content.urls import readable_url
from inspiratiekaart.layout import Spec
from inspiratiekaart.links.qr import caption_pieces, qr_spec
from inspiratiekaart.links.registry import LinkEntry, build_registry
from inspiratiekaart.render.fonts import font_for
from inspiratiekaart.render.hyphenation import TEXT_LANGUAGE, hyphenator
from inspiratiekaart.render.linebreak import syllable_ends
from inspiratiekaart.render.placements import Placements
from inspiratiekaart.render.qrbox import (
    QrRow,
    QrStack,
    caption_lines,
    captioned_height,
    draw_captioned,
)
from tests.conftest import CONTENT
from tests.pdfcheck import decode_all, decode_page, page_texts

SECOND = Path(__file__).parents[1] / "data" / "second-publication"
MM = 72 / 25.4
WIDTHS = [w * MM for w in range(15, 41, 2)]


@pytest.fixture(scope="module", params=[CONTENT, SECOND], ids=["content", "second"])
def entries(request) -> list[LinkEntry]:
    return list(build_registry(load_publication(request.param)))


def test_every_caption_is_at_most_two_fitting_lines_with_its_number(entries):
    spec = qr_spec().caption
    font = font_for(spec.font)
    for entry in entries:
        for width in WIDTHS:
            lines = caption_lines(entry, width)
            assert 1 <= len(lines) <= 2, (entry.url, width, lines)
            assert lines[0].startswith(f"{entry.number} · ") or lines[0] == f"{entry.number} ·"
            assert all(stringWidth(line, font, spec.size) <= width + 1e-6 for line in lines)


def test_no_caption_breaks_inside_a_syllable_of_its_host(entries):
    """The host stands whole on one line, or shortened in its middle with an ellipsis, or
    goes on over the second line from before one of its own dots or hyphens, or between
    two syllables of one of its words."""
    for entry in entries:
        host = caption_pieces(entry.url)[0 if not entry.url.startswith("mailto:") else -1]
        for width in WIDTHS:
            lines = caption_lines(entry, width)
            joined = "\n".join(line.split(" ·")[-1].strip() for line in lines)
            whole = [line for line in lines if host in line]
            shortened = [line for line in lines if "…" in line and any(
                host.startswith(head) and host.endswith(tail.split("/")[0]) and head and tail
                for head, _, tail in [line.split(" · ")[-1].partition("…")])]
            carried = [k for k in range(1, len(host)) if f"{host[:k]}\n{host[k:]}" in joined]
            assert whole or shortened or carried, (host, width, lines)
            allowed = set(syllable_ends(host, hyphenator(TEXT_LANGUAGE)))
            assert all(host[k] in ".-" or k in allowed for k in carried), (host, width, lines)


def test_every_caption_ends_with_the_end_of_its_address(entries):
    """What the last line shows after an ellipsis is an end of the readable address; a
    short fragment is always there whole."""
    for entry in entries:
        address = "".join(caption_pieces(entry.url))
        fragment = urlsplit(readable_url(entry.url)).fragment
        for width in WIDTHS:
            last = caption_lines(entry, width)[-1].split(" · ")[-1]
            end = last.rpartition("…")[2] or last
            assert address.endswith(end), (address, width, last)
            if fragment and len(fragment) <= 10 and width >= 19 * MM:
                assert last.endswith(f"#{fragment}"), (width, last)


def test_a_caption_shows_the_readable_address():
    second = {e.url: e for e in build_registry(load_publication(SECOND))}
    books = next(e for url, e in second.items() if "xn--bcher" in url)
    assert caption_pieces(books.url)[0] == "bücher-lezen.nl"
    assert caption_lines(books, 40 * MM)[0].startswith(f"{books.number} · bücher-lezen.nl")
    mail = next(e for url, e in second.items() if url.startswith("mailto:"))
    assert caption_pieces(mail.url) == ("info@", "beweegkaart-voorbeeld.nl")


class Baselines(Canvas):
    """A canvas that notes the baseline of every string drawn on it."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO())
        self.baselines: list[float] = []

    def drawString(self, x: float, y: float, text: str, *args, **kwargs) -> None:
        self.baselines.append(y)
        super().drawString(x, y, text, *args, **kwargs)


def test_the_caption_stands_the_layouts_gap_under_its_code(entries):
    """qr.yaml's ``caption.gap``: set to 5pt, the caption moves down and the code with its
    caption takes more room."""
    entry, spec = entries[0], qr_spec()
    wider = Spec({**spec, "caption": Spec({**spec.caption, "gap": 5.0})})
    moved = 5.0 - spec.caption.gap
    assert captioned_height(entry, 70, wider) - captioned_height(entry, 70, spec) \
        == pytest.approx(moved)
    canvases = [Baselines(), Baselines()]
    for canvas, at in zip(canvases, (spec, wider), strict=True):
        draw_captioned(canvas, entry, 0, 200, 70, at)
    assert canvases[0].baselines[0] - canvases[1].baselines[0] == pytest.approx(moved)


def laid_out(story: list, placements: Placements) -> Path:
    """``story`` on A5 pages of a plain document, as a PDF."""
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A5).build(story)
    path = Path(placements.output_name)
    path.write_bytes(buffer.getvalue())
    return path


def test_a_code_is_drawn_once_a_page_and_again_on_the_next(tmp_path):
    """Two paragraphs that link one address on a page show its code once; the second
    stack of codes takes only the room of the code that is new there; on the next page
    the code stands again."""
    first, second = list(build_registry(load_publication(CONTENT)))[:2]
    placements = Placements(str(tmp_path / "codes.pdf"))
    gap, width = 6.0, 30 * MM
    stacks = [QrStack([first], width, placements, gap),
              QrStack([first, second], width, placements, gap)]
    pdf = laid_out([*stacks, PageBreak(), QrRow([first, second], 26 * MM, placements,
                                                4 * MM)], placements)
    assert stacks[1].height == pytest.approx(captioned_height(second, width))
    found = [(code.page, code.text) for code in decode_all(pdf)]
    assert sorted(found) == [(0, first.payload), (0, second.payload),
                             (1, first.payload), (1, second.payload)]
    assert placements.pages == {first.url: {1, 2}, second.url: {1, 2}}


def test_a_row_of_codes_already_on_the_page_takes_no_room(tmp_path):
    first, second = list(build_registry(load_publication(CONTENT)))[:2]
    placements = Placements(str(tmp_path / "row.pdf"))
    row = QrRow([first, second], 26 * MM, placements, 4 * MM)
    laid_out([QrStack([first, second], 30 * MM, placements, 6.0), row], placements)
    assert row.height == 0
    assert [code.text for code in decode_page(Path(placements.output_name), 0)] \
        == [first.payload, second.payload]


def test_no_page_of_a_reading_file_shows_a_code_twice(built):
    """'Over Welbevinden op School' links one address in both its sections: its code
    stood twice on that page (read from the rendered pages)."""
    for name in ("brochure.pdf", "booklet-po.pdf", "booklet-mbo.pdf"):
        pdf = built / name
        texts = page_texts(pdf)
        about = next(i for i, text in enumerate(texts) if "Kennispartner van Gezonde" in text)
        payloads = [code.text for code in decode_page(pdf, about)]
        assert len(payloads) == len(set(payloads)) >= 3, name
