"""Block treatments: the one table the renderers use, and the names layouts may give."""

from __future__ import annotations

import re

import pytest
import yaml

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
