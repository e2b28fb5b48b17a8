"""Block treatments: the one table the renderers use, and the names layouts may give."""

from __future__ import annotations

import re

import pytest
import yaml
from pypdf import PdfReader

from inspiratiekaart.content.loader import load_publication
from inspiratiekaart.content.sectors import for_sector
from inspiratiekaart.layout import schema
from inspiratiekaart.pipeline import BuildOptions, build
from inspiratiekaart.render.blocks import TREATMENTS
from inspiratiekaart.render.markup import label
from tests.conftest import CONTENT
from tests.pdfcheck import overlapping_text, page_texts


def test_layouts_may_name_exactly_the_treatments_the_renderer_has():
    assert set(schema.TREATMENTS) == set(TREATMENTS)


def test_no_text_of_any_output_prints_over_other_text(built):
    """A block's heading repeated with "(vervolg)" over its part on the next page takes the
    lines it needs (it printed over the first item of that part)."""
    for pdf in sorted(built.glob("*.pdf")):
        assert overlapping_text(pdf) == [], pdf.name


def test_a_blocks_codes_go_on_to_the_next_page_with_its_last_text(built):
    """The codes a block gathers at its end never stand alone under its repeated heading
    (a page held "… (VERVOLG)" and a code, its text on the page before)."""
    mark = label("continued_heading", heading="").strip().casefold()
    caption = re.compile(r"^\d+ · ")
    for name in ("brochure.pdf", "booklet-po.pdf", "booklet-go.pdf", "booklet-mbo.pdf"):
        for number, text in enumerate(page_texts(built / name), start=1):
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            for index, line in enumerate(lines[:-1]):
                if line.casefold().endswith(mark):
                    assert not caption.match(lines[index + 1]), (name, number, line)


@pytest.mark.parametrize("name", ["brochure.pdf", "booklet-po.pdf", "booklet-go.pdf",
                                  "booklet-mbo.pdf"])
def test_a_blocks_lead_in_stays_on_the_page_of_its_first_item(built, name):
    """A block's last paragraph before its items ("Onderwerpen die … in beeld te hebben:")
    never ends a page with the items all on the next."""
    pub = load_publication(CONTENT)
    sector = re.fullmatch(r"booklet-(\w+)\.pdf", name)
    pub = for_sector(pub, sector.group(1)) if sector else pub
    pages = [" ".join(re.sub("\ufffe\r\n|\x02\r?\n?|\xad", "", text).split())
             for text in page_texts(built / name)]
    checked = 0
    for block in (b for theme in pub.themes for b in theme.blocks if b.text and b.items):
        lead_end = " ".join(block.text[-1].plain.split())[-25:]
        first_item = " ".join(block.items[0].text.plain.split())[:25]
        where = [i for i, page in enumerate(pages) if lead_end in page]
        assert where, (name, lead_end)
        assert first_item in pages[where[0]], (name, where[0] + 1, lead_end)
        checked += 1
    assert checked


def test_a_heading_that_wraps_once_marked_continued_keeps_clear_of_the_text(content_copy,
                                                                            tmp_path, cache):
    theme = content_copy / "themes" / "hoge-verwachtingen.yaml"
    data = yaml.safe_load(theme.read_text(encoding="utf-8"))
    data["blocks"][0]["heading"] = "Concrete tips om direct mee aan de slag te gaan met ouders"
    data["blocks"][0]["items"] = [f"Tipnummer {n} voor de klas." for n in range(1, 46)]
    theme.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                     encoding="utf-8")
    out = tmp_path / "out"
    build(BuildOptions(content_dir=content_copy, out_dir=out, targets=("brochure",),
                       quiet=True), say=lambda line: None)
    pdf = out / "brochure.pdf"
    assert any("(VERVOLG)" in text for text in page_texts(pdf))
    assert overlapping_text(pdf) == []


def test_a_heading_the_content_gives_a_block_of_any_kind_is_printed(content_copy, tmp_path,
                                                                   cache):
    """A quote's own heading was dropped: its treatment had no heading."""
    theme = content_copy / "themes" / "sociaal-emotionele-ontwikkeling.yaml"
    data = yaml.safe_load(theme.read_text(encoding="utf-8"))
    for index, block in enumerate(data["blocks"]):
        block["heading"] = f"Eigen kop {index} van {block['kind']}"
    theme.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                     encoding="utf-8")
    out = tmp_path / "out"
    build(BuildOptions(content_dir=content_copy, out_dir=out, targets=("brochure", "cards"),
                       quiet=True), say=lambda line: None)
    assert "quote" in {block["kind"] for block in data["blocks"]}
    for pdf in ("brochure.pdf", "cards.pdf"):
        printed = " ".join(" ".join(page_texts(out / pdf)).split()).lower()
        for block in data["blocks"]:
            assert block["heading"].lower() in printed, (pdf, block["heading"])


def code_pages(pdf) -> dict[str, set[int]]:
    """The pages (from 1) each address has a code on: its square link annotations."""
    found: dict[str, set[int]] = {}
    for number, page in enumerate(PdfReader(pdf).pages, start=1):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            x0, y0, x1, y1 = (float(value) for value in annotation["/Rect"])
            if "/URI" in annotation.get("/A", {}) and abs((x1 - x0) - (y1 - y0)) < 0.5 \
                    and x1 - x0 > 30:
                found.setdefault(str(annotation["/A"]["/URI"]), set()).add(number)
    return found


def test_codes_gathered_from_a_blocks_items_stand_on_the_page_of_those_items(built):
    """A block that breaks across pages gathers the codes of the items on the first page
    after them there, not all at its end on the next page (the brochure had its readers
    turn the page for codes 6-10, 25-26 and 52-53)."""
    pub = load_publication(CONTENT)
    pages = [" ".join(re.sub("\ufffe\r\n|\x02\r?\n?|\xad", "", text).split())
             for text in page_texts(built / "brochure.pdf")]
    codes = code_pages(built / "brochure.pdf")
    checked = 0
    for item in (i for theme in pub.themes for b in theme.blocks for i in b.items):
        plain = " ".join(item.text.plain.split())
        start = [n for n, page in enumerate(pages, 1) if plain[:30] in page]
        end = [n for n, page in enumerate(pages, 1) if plain[-30:] in page]
        if start and start == end and item.text.links():  # an item whole on one page
            for link in item.text.links():
                assert start[0] in codes[link.url], (start[0], link.url)
                checked += 1
    assert checked > 25
