from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from inspiratiekaart.render.paragraph import Paragraph
from inspiratiekaart.render.reportlab_internals import (
    SOFT_HYPHEN,
    ends_in_hyphen,
    line_count,
)
from inspiratiekaart.render.styles import paragraph_styles
from tests.pdfcheck import page_texts, text_boxes

STYLE = paragraph_styles("booklet")["body"]
TEXT = ("Kinderen en jongeren met een vluchtachtergrond ervaren vaak langdurige stress door "
        "hun oorlogsverleden, de vlucht zelf en de situatie in hun nieuwe land. Dit kan hun "
        "fysieke en mentale gezondheid ernstig aantasten, waardoor hun gezondheidskapitaal "
        "laag is. Het vinden van de juiste hulp is uitdagend, omdat ouders en kinderen en "
        "jongeren vaak niet weten waar ze deze kunnen vinden, wat leidt tot langdurige "
        "klachten die onbehandeld blijven. De onzekere asielperiode draagt ook bij aan "
        "psychische problemen.")


def breaks(*endings: bool) -> Iterator[tuple[float, int]]:
    """(width, lines) where the first ``lines`` lines, the ``lines - 1`` and so on end in
    a hyphen or not as ``endings`` asks, and a split after ``lines`` lines leaves no line
    alone on either side."""
    for width in range(150, 320, 4):
        laid_out = whole(width)
        for lines in range(len(endings) + 1, line_count(laid_out) - 2):
            if all(ends_in_hyphen(laid_out, lines - back) == ending
                   for back, ending in enumerate(endings)):
                yield width, lines


def whole(width: float) -> Paragraph:
    laid_out = Paragraph(TEXT, STYLE)
    laid_out.wrap(width, 1e6)
    return laid_out


def split_at(width: float, lines: int) -> list[Paragraph]:
    return whole(width).split(width, lines * STYLE.leading + 0.1)


@pytest.mark.parametrize("fewer", [1, 2])
def test_a_split_that_would_end_in_half_a_word_ends_a_line_or_two_earlier(fewer):
    """It ends on the first whole line of the last two, no line lost."""
    found = list(breaks(*[True] * fewer, False))
    assert len(found) > 2
    for width, lines in found:
        first, rest = split_at(width, lines)
        assert line_count(first) == lines - fewer, (width, lines)
        rest.wrap(width, 1e6)
        assert line_count(first) + line_count(rest) == line_count(whole(width))


def test_a_split_that_leaves_no_line_alone_and_ends_in_half_a_word_ends_a_line_earlier():
    """Room for all lines but the last, ReportLab leaves two for the next page (never one
    alone): where the first part then ends in half a word, it is a line shorter still
    (po booklet p. 29 ended in 'Meer in-' with room for a line more)."""
    found = []
    for width in range(150, 320, 4):
        lines = line_count(whole(width))
        if ends_in_hyphen(whole(width), lines - 2) \
                and not ends_in_hyphen(whole(width), lines - 3):
            found.append((width, lines))
    assert found
    for width, lines in found:
        first, rest = split_at(width, lines - 1)
        assert line_count(first) == lines - 3, width
        rest.wrap(width, 1e6)
        assert line_count(rest) == 3


def test_a_split_keeps_its_last_line_where_the_two_before_also_end_in_half_a_word():
    """Three lines in a row ending in a hyphen (a style without a hyphen limit)."""
    unlimited = ParagraphStyle("unlimited", parent=STYLE, hyphen_limit=0)

    def laid_out(width: float) -> Paragraph:
        paragraph = Paragraph(TEXT, unlimited)
        paragraph.wrap(width, 1e6)
        return paragraph

    found = [(width, lines) for width in range(150, 320, 2)
             for lines in range(4, line_count(laid_out(width)) - 2)
             if all(ends_in_hyphen(laid_out(width), lines - back) for back in range(3))]
    assert found
    for width, lines in found:
        first = laid_out(width).split(width, lines * STYLE.leading + 0.1)[0]
        assert line_count(first) == lines, (width, lines)


def test_a_paragraph_whose_first_two_lines_would_end_in_half_a_word_is_not_split():
    """A page two lines short rather than 'interventies te-' at its foot (every booklet's
    p. 16): the paragraph starts on the next page."""
    found = [width for width in range(150, 320, 4) if ends_in_hyphen(whole(width), 2)]
    assert found
    for width in found:
        assert split_at(width, 2) == [], width
        assert len(split_at(width, 3)) == 2 or ends_in_hyphen(whole(width), 3)


HEADING = "Concrete suggesties om direct mee aan de slag te gaan"


def drawn(text: str, style: ParagraphStyle, width: float, tmp_path: Path) -> Path:
    """A PDF of one page with ``text`` drawn in ``style`` at ``width``, from (20, 780) down."""
    path = tmp_path / "drawn.pdf"
    canvas = Canvas(str(path), pagesize=(600, 800))
    laid_out = Paragraph(text, style)
    laid_out.wrapOn(canvas, width, 800)
    laid_out.drawOn(canvas, 20, 780 - laid_out.height)
    canvas.save()
    return path


def drawn_lines(style: ParagraphStyle, width: float, tmp_path: Path) -> list[tuple[str, float]]:
    """Each line of ``HEADING`` drawn in ``style`` at ``width``: its text and its width,
    measured from the characters' boxes in the PDF."""
    path = drawn(HEADING, style, width, tmp_path)
    lines: list[list[tuple[str, tuple[float, ...]]]] = []
    for char, box in text_boxes(path, 0):
        if not char.strip():
            continue
        if not lines or box[0] < lines[-1][-1][1][0] - 1:  # back to the left: a new line
            lines.append([])
        lines[-1].append((char, box))
    return [("".join(c for c, _ in chars), max(b[2] for _, b in chars) - 20) for chars in lines]


@pytest.mark.parametrize("layout", ["brochure", "booklet", "cards"])
def test_a_balanced_heading_keeps_its_lines_and_leaves_no_word_alone(layout, tmp_path):
    balanced = paragraph_styles(layout)["block_heading"]
    assert balanced.balance
    plain = ParagraphStyle("plain", parent=balanced, balance=False)
    spread = []
    for width in range(120, 300, 15):
        as_set, as_balanced = (drawn_lines(style, width, tmp_path) for style in (plain, balanced))
        assert len(as_balanced) == len(as_set)
        assert "".join(text for text, _ in as_balanced) == "".join(t for t, _ in as_set)
        assert all(line_width <= width for _, line_width in as_balanced)
        if len(as_set) > 1:
            widths = [[w for _, w in lines] for lines in (as_set, as_balanced)]
            assert max(widths[1]) - min(widths[1]) <= max(widths[0]) - min(widths[0]) + 0.5
            spread.append(max(widths[1]) - min(widths[1]))
    assert spread and max(spread) < 60  # set plainly, "GAAN" stood alone: a spread of 150 pt


def hyphen_runs(style: ParagraphStyle, width: float, tmp_path: Path) -> tuple[list[int], str]:
    """``TEXT`` drawn in ``style`` at ``width``: how many lines in a row end in a hyphen
    line breaking added (each run, read from the PDF's text), and the text read whole."""
    lines = drawn_lines_of(TEXT, style, width, tmp_path)
    runs, run = [], 0
    for line in lines:
        run = run + 1 if line.endswith(SOFT_HYPHEN) else 0
        if run:
            runs.append(run)
    read = " ".join(lines).replace(SOFT_HYPHEN + " ", "")
    return runs, read


@pytest.mark.parametrize("limit", [1, 2])
def test_no_more_lines_in_a_row_end_in_a_hyphen_than_the_styles_limit(limit, tmp_path):
    """Nothing stopping it, the text has three to five hyphenated lines in a row at many
    widths (the booklets had 70 such runs); with a limit, none is longer and every word
    is still there."""
    unlimited = ParagraphStyle("unlimited", parent=STYLE, hyphen_limit=0)
    limited = ParagraphStyle("limited", parent=STYLE, hyphen_limit=limit)
    ladders = [width for width in range(150, 330, 3)
               if max(hyphen_runs(unlimited, width, tmp_path)[0], default=0) > limit]
    assert len(ladders) > 3
    for width in ladders:
        runs, read = hyphen_runs(limited, width, tmp_path)
        assert max(runs, default=0) <= limit, width
        assert read.split() == TEXT.split(), width


def test_the_layouts_limit_two_hyphenated_lines_in_a_row():
    assert {paragraph_styles(layout)["body"].hyphen_limit
            for layout in ("brochure", "booklet", "cards")} == {2}


FOOTER_AFTER_HYPHEN = re.compile(r"[\x02\ufffe](?:\d+ )?[^\W\d][\w ]*?(?: \d+)?\s*$")
"""The end of a page's text where its last line ends in a hyphen: PDFium reports that
hyphen as U+0002 or U+FFFE and joins the next line, here the running footer, to it."""


def test_no_page_of_a_reading_file_ends_in_a_hyphen(built):
    """Every booklet's p. 16 ended in 'interventies te-', po/vo p. 21 in the text's own
    'leerling-' (of 'leerling- en ouderraad'), go p. 28 in 'onvol-'."""
    for name in ("brochure.pdf", "booklet-po.pdf", "booklet-vo.pdf", "booklet-go.pdf",
                 "booklet-mbo.pdf"):
        texts = page_texts(built / name)
        assert any("\ufffe" in text or "\x02" in text for text in texts)  # lines do break
        ends = [number for number, text in enumerate(texts, 1)
                if FOOTER_AFTER_HYPHEN.search(text.replace("\r", "").rsplit("\n", 1)[-1])]
        assert ends == [], name


def drawn_lines_of(text: str, style: ParagraphStyle, width: float, tmp_path: Path) -> list[str]:
    """``text`` drawn in ``style`` at ``width``: its lines as the PDF's text gives them."""
    path = drawn(text, style, width, tmp_path)
    return PdfReader(path).pages[0].extract_text().splitlines()


def test_a_paragraphs_last_word_stays_whole_where_that_keeps_its_lines(tmp_path):
    """Hyphenated, the last line held only the end of the last word ('be-' over
    'reiken.': 65 such lines in the reading files); kept whole, it stands on the last line
    and the paragraph keeps its number of lines."""
    split = ParagraphStyle("split", parent=STYLE, hyphenate_last_word=True)
    assert not STYLE.hyphenate_last_word
    last = TEXT.split()[-1]
    runts = [width for width in range(150, 330, 3)
             if drawn_lines_of(TEXT, split, width, tmp_path)[-1] != last
             and last.startswith(drawn_lines_of(TEXT, split, width, tmp_path)[-2]
                                 .split()[-1].rstrip(SOFT_HYPHEN))]
    assert len(runts) > 2
    for width in runts:
        whole_word = drawn_lines_of(TEXT, STYLE, width, tmp_path)
        assert len(whole_word) == len(drawn_lines_of(TEXT, split, width, tmp_path)), width
        assert whole_word[-1].split()[-1] == last, (width, whole_word[-2:])
