"""Block treatments: the one table the renderers use, and the names layouts may give."""

from __future__ import annotations

import re

import pytest
import yaml
from pypdf import PdfReader

from inspiratiekaart.content.loader import load_publication
from inspiratiekaart.content.sectors import for_sector
from inspiratiekaart.layout import Spec, load_layout, schema
from inspiratiekaart.links.registry import build_registry
from inspiratiekaart.pipeline import BuildOptions, build
from inspiratiekaart.render.blocks import TREATMENTS, StoryBuilder
from inspiratiekaart.render.markup import label
from inspiratiekaart.render.placements import Placements
from tests.conftest import CONTENT
from tests.pdfcheck import overlapping_text, page_texts, text_boxes
from tests.render.conftest import RESTYLED, gap_above, places, printed


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


def test_steps_are_numbered_and_sub_items_marked_as_the_layouts_say(restyled):
    """The restyled layouts number steps "1)" and mark sub-items "§"."""
    pub, layout = load_publication(CONTENT), load_layout("brochure")
    text = printed(restyled / "brochure.pdf")
    blocks = [block for theme in pub.themes for block in theme.blocks]
    steps = [block for block in blocks if layout.blocks[block.kind].treatment == "steps"]
    subs = [sub for block in blocks for item in block.items for sub in item.items]
    assert steps and subs
    for block in steps:
        for number, item in enumerate(block.items, 1):
            first = re.escape(item.text.plain.split()[0])
            assert re.search(rf"(?<!\d){number}\) ?{first}", text), (number, first)
    for sub in subs:
        assert re.search(rf"§ ?{re.escape(sub.text.plain.split()[0])}", text), sub.text.plain


def test_a_sub_items_mark_is_the_first_of_the_layouts_that_is_not_its_items():
    pub = load_publication(CONTENT)
    builder = StoryBuilder("brochure", build_registry(pub), Placements("test.pdf"))
    assert [builder.subitem_bullet(mark) for mark in ("•", "–", None)] == ["–", "·", "–"]
    builder.layout = Spec({**builder.layout, "subitem_bullets": ["•", "§"]})
    assert [builder.subitem_bullet(mark) for mark in ("•", "–", None)] == ["§", "•", "•"]
    builder.layout = Spec({**builder.layout, "subitem_bullets": ["•"]})
    assert builder.subitem_bullet("•") == "•"


def test_a_themes_introduction_stands_intro_space_above_its_first_block(built, restyled):
    """Measured from the intro's last line to the heading of a theme's first block, in a
    theme that does not open its pillar (the band above it has a space of its own)."""
    pub, labels = load_publication(CONTENT), load_layout("labels").block_headings
    theme = next(theme for pillar in pub.pillars for theme in pub.themes_of(pillar)[1:]
                 if theme.intro and theme.blocks and theme.blocks[0].heading is None
                 and labels[theme.blocks[0].kind])
    heading = labels[theme.blocks[0].kind].upper()[:15]
    gaps = []
    for pdf in (built / "brochure.pdf", restyled / "brochure.pdf"):
        page, title = max(places(pdf, theme.title[:15]), key=lambda place: place[1][3]
                          - place[1][1])  # the title itself: its largest print
        top = max(box[3] for at, box in places(pdf, heading) if at == page and box[3] < title[1])
        gaps.append(gap_above(pdf, page, top))
    shipped = load_layout("brochure").intro_space
    assert gaps[1] - gaps[0] == pytest.approx(RESTYLED["intro_space"] - shipped, abs=0.01)


def test_every_line_of_a_step_starts_where_its_first_line_does(built):
    """A step's number hangs left of its text: the lines after the first start under the
    first's text, not under its number (a number wider than the bullets' hang moved only the
    first line)."""
    pub, layout = load_publication(CONTENT), load_layout("brochure")
    pdf = built / "brochure.pdf"
    leading = layout.styles.item.leading
    items = [item for theme in pub.themes for block in theme.blocks
             if layout.blocks[block.kind].treatment == "steps" for item in block.items]
    continued = 0
    for item in items:
        page, first = places(pdf, " ".join(item.text.plain.split()[:3]))[0]
        below = sorted((box[0], char) for char, box in text_boxes(pdf, page)
                       if first[1] - 1.5 * leading < box[1] < first[1] - 0.5 * leading
                       and first[0] - 30 < box[0] < first[0] + 100 and char.strip())
        if not below or below[0][1].isdigit():  # the next step's number: this one is a line
            continue
        assert below[0][0] == pytest.approx(first[0], abs=0.5), item.text.plain
        continued += 1
    assert continued >= 3


def test_a_run_in_box_continued_on_the_next_page_is_marked_so(content_copy, tmp_path, cache):
    """A box headed by its run-in label (TIP, KIJKTIP) went on on the next page with
    nothing to say what it was: now the label with its continuation mark stands over it."""
    theme = content_copy / "themes" / "meertaligheid.yaml"
    data = yaml.safe_load(theme.read_text(encoding="utf-8"))
    tip = next(block for block in data["blocks"] if block["kind"] == "tip")
    tip["text"] = [f"Zin nummer {n} van een lange tip die over de pagina doorloopt."
                   for n in range(1, 60)]
    theme.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                     encoding="utf-8")
    out = tmp_path / "out"
    build(BuildOptions(content_dir=content_copy, out_dir=out, targets=("brochure",),
                       quiet=True), say=lambda line: None)
    pages = [" ".join(text.split()) for text in page_texts(out / "brochure.pdf")]
    first = next(i for i, text in enumerate(pages) if "Zin nummer 1 " in text)
    assert "Zin nummer 59 " not in pages[first]
    mark = label("continued_heading", heading="Tip").upper()
    following = pages[first + 1]
    assert mark in following
    assert following.index(mark) < following.index("Zin nummer")
    assert overlapping_text(out / "brochure.pdf") == []
