"""The brochure read back: text, links, QR codes, fonts, pages, outline, contents, literals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from benchmarks.page_fill import page_fills, underfilled
from inspiratiekaart.content.loader import load_publication
from inspiratiekaart.layout import load_layout
from inspiratiekaart.links.registry import build_registry
from inspiratiekaart.pipeline import BuildOptions, build
from tests.conftest import CONTENT
from tests.pdfcheck import decode_all, outline, page_texts, text_boxes, unembedded_fonts
from tests.render.conftest import RESTYLED, bands, gap_above, places, printed
from tests.textcoverage import coverage, without_furniture

MM = 72 / 25.4

A4 = (595.28, 841.89)


@pytest.fixture(scope="module")
def brochure(built: Path) -> Path:
    return built / "brochure.pdf"


def link_annotations(reader: PdfReader) -> list[tuple[int, str, list[float]]]:
    found = []
    for index, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A")
            if annot["/Subtype"] == "/Link" and action and "/URI" in action:
                found.append((index, str(action["/URI"]), [float(v) for v in annot["/Rect"]]))
    return found


def test_text_covers_the_source(brochure):
    """Body text (the running footer left out), without QR captions."""
    share, missing = coverage(without_furniture("\n".join(page_texts(brochure, skip_bottom=50))))
    assert share >= 0.97, f"{share:.1%}; missing:\n" + "\n".join(missing[:80])


def test_every_link_is_clickable_and_its_code_decodes(brochure, built):
    registry = build_registry(load_publication(CONTENT))
    reader = PdfReader(brochure)
    annotated = {uri for _, uri, _ in link_annotations(reader)}
    assert {e.url for e in registry} <= annotated
    decoded = decode_all(brochure, dpi=150)
    assert {d.text for d in decoded} == {e.payload for e in registry}


def test_every_code_drawn_is_a_code_that_decodes(brochure):
    """Each square link annotation is a QR code: one decoded code must lie inside it."""
    reader = PdfReader(brochure)
    decoded = decode_all(brochure, dpi=150)
    height = A4[1]
    squares = [(page, uri, rect) for page, uri, rect in link_annotations(reader)
               if abs((rect[2] - rect[0]) - (rect[3] - rect[1])) < 0.5 and rect[2] - rect[0] > 40]
    assert squares
    for page, _, (x0, y0, x1, y1) in squares:
        inside = [d for d in decoded if d.page == page
                  and x0 - 2 <= d.box[0] and d.box[2] <= x1 + 2
                  and height - y1 - 2 <= d.box[1] and d.box[3] <= height - y0 + 2]
        assert inside, f"code on page {page + 1} at {x0:.0f},{y0:.0f} did not decode"


def test_fonts_embedded_and_pages_a4(brochure):
    reader = PdfReader(brochure)
    for page in reader.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4, abs=0.1)
    assert unembedded_fonts(reader) == []


def test_metadata(brochure):
    reader = PdfReader(brochure)
    assert reader.metadata.title == "Inspiratiekaart gelijke kansen"
    assert "Trimbos-instituut" in reader.metadata.author
    assert reader.metadata.subject
    assert str(reader.trailer["/Root"]["/Lang"]) == "nl-NL"




def test_outline_has_every_pillar_and_theme_at_its_page(brochure):
    pub = load_publication(CONTENT)
    reader = PdfReader(brochure)
    pages = dict(outline(reader))
    texts = page_texts(brochure)
    wanted = [p.name for p in pub.pillars] + [t.title for t in pub.themes]
    for title in wanted:
        assert title in pages, f"{title} missing from the outline"
        page_text = " ".join(texts[pages[title]].split())
        assert " ".join(title.split())[:30] in page_text.replace("\x02", "")


def test_contents_page_numbers_are_right(brochure):
    pub = load_publication(CONTENT)
    texts = [t.replace("\x02", "") for t in page_texts(brochure)]
    contents = next(t for t in texts if t.lstrip().startswith("Inhoud"))
    lines = [" ".join(line.split()) for line in contents.splitlines()]
    for theme in pub.themes:
        title = " ".join(theme.title.split())
        line = next((ln for ln in lines if ln.startswith(title[:40])), None)
        assert line is not None, f"{title} not in contents"
        number = int(re.search(r"(\d+)$", line).group(1))
        assert title[:30] in " ".join(texts[number - 1].split()), \
            f"contents says {title} starts on page {number}"


HOSTILE = ('<b>vet</b> & <img src="/etc/passwd"/> <font color="[[[getattr(pow, '
           "Word('__globals__'))['os'].system('touch /tmp/pwned-brochure')]]] and 'red'\">x</font>"
           ' &amp; <a href="javascript:alert(1)">klik</a>')


def test_markup_in_content_prints_literally(content_copy, tmp_path):
    theme = content_copy / "themes" / "meertaligheid.yaml"
    data = yaml.safe_load(theme.read_text(encoding="utf-8"))
    data["blocks"].append({"kind": "paragraph", "text": HOSTILE})
    theme.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    build(BuildOptions(content_dir=content_copy, out_dir=out, targets=("brochure",), quiet=True),
          say=lambda line: None)
    pdf = out / "brochure.pdf"
    assert not Path("/tmp/pwned-brochure").exists()
    flat = " ".join(" ".join(page_texts(pdf)).split()).replace("\x02", "")
    assert '<b>vet</b> & <img src="/etc/passwd"/>' in flat
    assert "&amp; <a href=\"javascript:alert(1)\">klik</a>" in flat
    reader = PdfReader(pdf)
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject", {})
        assert not any(x.get_object().get("/Subtype") == "/Image" for x in xobjects.values())
    assert not any(uri.startswith("javascript") for _, uri, _ in link_annotations(reader))


def test_pages_are_full_unless_a_part_ends(built):
    fills = page_fills(built / "brochure.pdf", "brochure")
    assert [f.page for f in fills if f.blank] == []
    assert len(underfilled(fills)) <= 2, underfilled(fills)


def test_a_running_footer_too_long_for_its_line_is_shortened_clear_of_the_page_number(
        content_copy, tmp_path, cache):
    """The footer names the chapter; a title longer than its line ends in an ellipsis there
    (its heading prints it whole) and never runs into the page number."""
    long_title = "Over Welbevinden op School, " + "een programma dat lang wordt beschreven " * 4
    path = content_copy / "publication.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: Over Welbevinden op School", f"title: {long_title.strip()}", 1),
        encoding="utf-8")
    out = tmp_path / "out"
    report = build(BuildOptions(content_dir=content_copy, out_dir=out, targets=("brochure",),
                                quiet=True), say=lambda line: None)
    assert not report.preflight.failed
    pdf = out / "brochure.pdf"
    footers = [(index, boxes) for index in range(len(PdfReader(pdf).pages))
               if (boxes := [(c, b) for c, b in text_boxes(pdf, index) if b[3] < 15 * MM])
               and "Over Welbevinden op School, een" in "".join(c for c, _ in boxes)]
    assert footers
    for _, boxes in footers:
        assert "…" in "".join(c for c, _ in boxes)
        number = [b for c, b in boxes if c.isdigit()]
        section = [b for c, b in boxes if not c.isdigit() and not c.isspace()]
        assert number and section
        assert max(b[2] for b in section) < min(b[0] for b in number) \
            or max(b[2] for b in number) < min(b[0] for b in section)
    heading = " ".join(" ".join(page_texts(pdf)).split())
    assert long_title.strip() in heading


def test_a_chapter_section_that_goes_on_on_the_next_page_repeats_its_heading_marked(
        content_copy, tmp_path, cache):
    """A section of "Over …" longer than a page goes on under its heading with the
    continuation mark (not under a dump of the program's structure data)."""
    path = content_copy / "publication.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    section = next(s for s in data["about"]["sections"] if s.get("heading"))
    section["text"] = [f"Alinea {n}: " + "een zin die de alinea lang maakt. " * 25
                       for n in range(1, 9)]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    out = tmp_path / "out"
    report = build(BuildOptions(content_dir=content_copy, out_dir=out, targets=("brochure",),
                                quiet=True), say=lambda line: None)
    assert not report.preflight.failed
    texts = page_texts(out / "brochure.pdf")
    assert not any("Element(" in text for text in texts)
    assert any(f"{section['heading']} (vervolg)" in " ".join(text.split()) for text in texts)



@pytest.mark.parametrize("name", ["brochure.pdf", "booklet-po.pdf"])
def test_the_sentence_announcing_the_pillars_stands_on_the_page_of_their_overview(built, name):
    pub = load_publication(CONTENT)
    opening = pub.opening[0]
    last_text = opening.blocks[-1].text[-1] if opening.blocks else opening.intro[-1]
    announced = " ".join(last_text.plain.split())[:25]  # its start: a link number ends it
    overview = " ".join(pub.themes_of(pub.pillars[0])[0].title.split())[:30]
    pages = [" ".join(text.replace("\xad", "").split()) for text in page_texts(built / name)]
    page = next(i for i, text in enumerate(pages) if announced in text)
    assert overview in pages[page], (page + 1, announced)


def test_the_cover_names_the_publishers_as_the_labels_say(restyled):
    pub = load_publication(CONTENT)
    cover = page_texts(restyled / "brochure.pdf")[0]
    assert f"{' & '.join(pub.publishers)}, {pub.year}" in cover


def test_the_pillar_overview_takes_its_mark_and_its_space_from_the_layout(built, restyled):
    """Each theme after the restyled mark (›), and the overview further below the sentence
    that announces it by as much as the restyled layout's space above it is larger."""
    pub, shipped = load_publication(CONTENT), load_layout("brochure").pillar_overview
    text = printed(restyled / "brochure.pdf")
    for theme in (t for pillar in pub.pillars_with_themes() for t in pub.themes_of(pillar)):
        assert re.search(rf"› ?{re.escape(theme.title[:12])}", text), theme.title
    first = pub.themes_of(pub.pillars_with_themes()[0])[0].title[:12]
    gaps = []
    for pdf, bullet in ((built / "brochure.pdf", shipped.bullet),
                        (restyled / "brochure.pdf", "›")):
        page = places(pdf, bullet)[0][0]  # the overview's, its first theme's title on it
        gaps.append(gap_above(pdf, page, next(box[3] for at, box in places(pdf, first)
                                              if at == page)))
    assert gaps[1] - gaps[0] == pytest.approx(RESTYLED["overview_space"]
                                              - shipped.space_above, abs=0.01)


def test_the_band_under_a_pillars_name_is_as_the_layout_sets_it(built, restyled):
    """As thick as its ``thickness``; its top as far below the name as ``height`` leaves
    above the band after ``rise``; the first theme ``height`` below the name."""
    pub, layout = load_publication(CONTENT), load_layout("brochure")
    page, shipped = layout.page, layout.pillar_rule
    width = page.body_width + page.gutter + page.margin_column
    found = [bands(pdf / "brochure.pdf", width) for pdf in (built, restyled)]
    pillars = pub.pillars_with_themes()
    assert len(found[0]) == len(found[1]) == len(pillars)
    above = (RESTYLED["rule_height"] - RESTYLED["rule_rise"] - RESTYLED["rule_thickness"]) \
        - (shipped.height - shipped.rise - shipped.thickness)
    for pillar, (at, old), (_, new) in zip(pillars, *found, strict=True):
        assert old[3] - old[1] == pytest.approx(shipped.thickness, abs=0.01)
        assert new[3] - new[1] == pytest.approx(RESTYLED["rule_thickness"], abs=0.01)
        assert old[3] - new[3] == pytest.approx(above, abs=0.01)
        title = pub.themes_of(pillar)[0].title[:15]
        tops = [max(box[3] for page, box in places(pdf / "brochure.pdf", title)
                    if page == at and box[3] < band[1])
                for pdf, band in ((built, old), (restyled, new))]
        assert tops[0] - tops[1] == pytest.approx(RESTYLED["rule_height"] - shipped.height,
                                                  abs=0.01)
