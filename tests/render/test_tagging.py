"""Tagged PDFs read back: outloud's PDF/UA-1 checks, the structure tree against the outline,
the codes, the links and the page furniture, and the text a reader gets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import outloud
import pypdfium2 as pdfium
import pytest
from outloud.model import Document, StructElem
from pypdf import PdfReader

from inspiratiekaart.content.loader import load_publication
from inspiratiekaart.content.sectors import for_sector
from inspiratiekaart.content.urls import readable_url
from inspiratiekaart.links.registry import build_registry
from inspiratiekaart.render.fonts import printable_characters
from inspiratiekaart.render.hyphenation import hyphenator
from inspiratiekaart.render.markup import label
from tests.conftest import CONTENT
from tests.links.test_numbering import csv_numbers
from tests.pdfcheck import outline_levels

ON_SCREEN = ("brochure.pdf", "cards.pdf", "booklet-po.pdf", "booklet-vo.pdf",
             "booklet-go.pdf", "booklet-mbo.pdf")


@pytest.fixture(scope="module")
def registry():
    return build_registry(load_publication(CONTENT))


def element_text(doc: Document, element: StructElem) -> str:
    """The text of an element's marked content and its descendants', in tree order."""
    parts = []
    for node in [element, *element.descendants()]:
        parts += [doc.content(ref.page).mcid_text.get((ref.stream, ref.mcid), "")
                  for ref in node.mcrefs if ref.page is not None]
    return " ".join(" ".join(parts).split())


@pytest.mark.parametrize("name", ON_SCREEN)
def test_outloud_finds_no_error(built, name):
    result = outloud.check(str(built / name))
    assert result.error is None
    errors = [f"{f.rule} p{f.page}: {f.message}" for f in result.findings
              if f.severity == "error"]
    assert result.errors == 0, errors
    assert result.stats["tagged"]


@pytest.mark.parametrize("name", ON_SCREEN)
def test_headings_in_tree_order_are_the_outline(built, name):
    doc = Document(str(built / name))
    try:
        headings = [(e.heading_level - 1, element_text(doc, e), e.page) for e in doc.elements
                    if e.is_heading]
    finally:
        doc.close()
    entries = outline_levels(PdfReader(built / name))
    assert len(headings) == len(entries) > 10
    for (level, text, page), (outline_level, title, outline_page) in zip(
            headings, entries, strict=True):
        assert (level, page) == (outline_level, outline_page), title
        read = text.casefold().replace("- ", "-")  # a title broken at its own hyphen
        assert " ".join(title.split()).casefold()[:30] in read, (title, text)


@pytest.mark.parametrize("name", ["brochure.pdf", "cards.pdf", "booklet-mbo.pdf"])
def test_every_code_is_a_figure_whose_text_names_its_link(built, name, registry):
    doc = Document(str(built / name))
    try:
        annotations = {a.objgen: a for a in doc.annotations}
        figures = doc.elements_of("Figure")
        links = csv_numbers(built)[name]  # each document numbers its own links
        uris = {a.objgen: str(doc.pdf.get_object(a.objgen).get("/A", {}).get("/URI", ""))
                for a in doc.annotations}
        listed = 0
        for figure in figures:
            match = re.fullmatch(r"QR-code (\d+)(?:: (\S+))?", figure.alt or "")
            assert match, figure.alt
            assert figure.parent.type == "Link"
            owned = [uris[objgen] for objgen in figure.parent.objrs if objgen in annotations]
            assert len(owned) == 1 and links[owned[0]] == int(match.group(1))
            assert match.group(2) in (owned[0], None)
            listed += match.group(2) is None  # in the links appendix, beside its address
        assert len(figures) > 10
        assert listed == (len(links) if name != "cards.pdf" else 0)
    finally:
        doc.close()


@pytest.mark.parametrize("name", ["brochure.pdf", "booklet-mbo.pdf"])
def test_every_address_in_the_links_appendix_is_a_link_to_it(built, name):
    """Read on screen, "Alle links" printed each address as text that did nothing when
    clicked; its code's alternative text read the address a second time."""
    numbers = {number: url for url, number in csv_numbers(built)[name].items()}
    doc = Document(str(built / name))
    try:
        uris = {a.objgen: str(doc.pdf.get_object(a.objgen).get("/A", {}).get("/URI", ""))
                for a in doc.annotations}
        addresses = {}
        for link in doc.elements_of("Link"):
            text = element_text(doc, link)
            if link.parent.type == "P" and (match := re.fullmatch(r"(\d+) (.+)", text)):
                owned = [uris[objgen] for objgen in link.objrs if objgen in uris]
                addresses[int(match.group(1))] = (owned, "".join(match.group(2).split()))
    finally:
        doc.close()
    assert sorted(addresses) == sorted(numbers)
    for number, (owned, printed) in addresses.items():
        assert owned == [numbers[number]], number
        assert printed == readable_url(numbers[number], printable_characters()), printed


@pytest.mark.parametrize("name", ON_SCREEN)
def test_every_link_annotation_sits_in_a_link_element(built, name):
    doc = Document(str(built / name))
    try:
        assert doc.annotations
        for annotation in doc.annotations:
            owners = doc.objr_owners.get(annotation.objgen, [])
            assert [owner.type for owner in owners] == ["Link"], annotation
            assert annotation.contents
    finally:
        doc.close()


FURNITURE = {"brochure.pdf": (18, None), "booklet-go.pdf": (14, None), "cards.pdf": (12, 22)}
"""Where a file's running text stands: the bands (mm) at the bottom and the top of a page
that hold only folios, running sections, card counters and the cards' title band."""


@pytest.mark.parametrize("name", sorted(FURNITURE))
def test_running_heads_and_footers_are_artifacts_not_tree_content(built, name):
    """Outside the bands, only a title repeated with its continuation mark is an artifact."""
    bottom, top = (mm * 72 / 25.4 if mm else None for mm in FURNITURE[name])
    mark = label("continued_heading", heading="").strip().casefold()
    doc = Document(str(built / name))
    try:
        furniture = 0
        for page in doc.pages:
            repeated: list[str] = []  # the lines of a repeated title so far
            for run in doc.content(page.index).runs:
                if not run.text.strip():
                    continue
                in_band = run.bbox[3] < page.mediabox[1] + bottom or (
                    top is not None and run.bbox[1] > page.mediabox[3] - top)
                furniture += in_band
                if run.artifact and not run.tagged and not in_band:
                    ends = run.text.strip().casefold().endswith(mark)
                    repeated = [] if ends else [*repeated, run.text]
                    continue
                assert not repeated, (page.number, repeated)
                assert run.artifact == in_band, (page.number, run.text)
                assert run.tagged != in_band, (page.number, run.text)
            assert not repeated, (page.number, repeated)
        assert furniture > len(doc.pages) / 2
    finally:
        doc.close()


@pytest.mark.parametrize("name", ["brochure.pdf", "booklet-go.pdf"])
def test_a_title_repeated_over_a_continued_block_is_an_artifact(built, name):
    """A reader has heard the block's title where it began: its repeat with the continuation
    mark, at the top of the next page, is not read again."""
    mark = label("continued_heading", heading="").strip().casefold()
    doc = Document(str(built / name))
    try:
        repeats = [(page.number, run) for page in doc.pages
                   for run in doc.content(page.index).runs
                   if run.text.strip().casefold().endswith(mark)]
        for number, run in repeats:
            assert run.artifact and not run.tagged, (number, run.text)
        assert len(repeats) > 5
    finally:
        doc.close()


@pytest.mark.parametrize("name", ["brochure.pdf", "booklet-go.pdf"])
def test_the_pillar_overview_is_a_list_of_pillars_each_with_its_list_of_themes(built, name):
    pub = sector_view(load_publication(CONTENT), name)
    with opened(built / name) as doc:
        first = next(e for e in doc.elements if e.type == "L")  # the overview comes first
        items = [child.children[0] for child in first.children]
        assert [child.type for child in first.children] == ["LI"] * len(pub.pillars)
        for body, pillar in zip(items, pub.pillars, strict=True):
            name_element, themes = body.children
            assert body.type == "LBody" and name_element.type == "P"
            assert element_text(doc, name_element) == pillar.name
            assert texts_of_kids(doc, themes, 1) == [t.title for t in pub.themes_of(pillar)]
            assert set(texts_of_kids(doc, themes, 0)) == {"•"}


@pytest.mark.parametrize("name", ["brochure.pdf", "booklet-mbo.pdf"])
def test_the_contents_nest_each_pillars_themes_in_its_entry(built, name):
    pub = sector_view(load_publication(CONTENT), name)
    with opened(built / name) as doc:
        toc = next(e for e in doc.elements if e.type == "TOC")
        entries = {element_text(doc, item): item for item in toc.children}
        for pillar in pub.pillars:
            entry = next(item for text, item in entries.items() if text.startswith(pillar.name))
            link, nested = entry.children
            assert (link.type, nested.type) == ("Link", "TOC")
            titles = [text.rsplit(" ", 1)[0] for text in texts_of_kids(doc, nested, 0)]
            assert titles == [" ".join(t.title.split()) for t in pub.themes_of(pillar)]


@contextmanager
def opened(path: Path) -> Iterator[Document]:
    """``path`` read by outloud, closed after."""
    doc = Document(str(path))
    try:
        yield doc
    finally:
        doc.close()


def texts_of_kids(doc: Document, element: StructElem, index: int) -> list[str]:
    """The text of each child's ``index``-th child, whole where a line's end broke a word."""
    return [element_text(doc, child.children[index]).replace("\xad ", "")
            for child in element.children]


def sector_view(pub, name: str):
    """The publication as the file ``name`` prints it (a booklet: its sector's view)."""
    match = re.fullmatch(r"booklet-(\w+)\.pdf", name)
    return for_sector(pub, match.group(1)) if match else pub


@pytest.mark.parametrize("sector", ["po", "mbo"])
def test_a_booklet_tree_covers_all_its_pages(built, sector):
    doc = Document(str(built / f"booklet-{sector}.pdf"))
    try:
        claimed = {(page, mcid) for page, _, mcid in doc.mc_owners}
        for page in doc.pages:
            painted = {(page.index, run.mcid) for run in doc.content(page.index).runs
                       if run.tagged}
            assert painted <= claimed, page.number
            if doc.content(page.index).text.strip():
                assert painted, f"p. {page.number} has no tagged text"
        assert max(e.page for e in doc.elements if e.page is not None) == len(doc.pages) - 1
    finally:
        doc.close()


def test_a_link_number_stands_apart_from_the_anchor(built, registry):
    """PDFium's text (as copying gives it) has the anchor's last word, a space, the number."""
    pub = load_publication(CONTENT)
    document = pdfium.PdfDocument(built / "brochure.pdf")
    try:
        text = " ".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    text = " ".join(text.replace("\ufffe", "").split())
    checked = 0
    for rich in texts_of(pub):
        for link in rich.links():
            anchor = "".join(s.text for s in rich.spans if s.link is link).split()
            last, number = anchor[-1], registry.entry(link.url).number
            if not last.isalpha():
                continue
            assert f"{last} {number}" in text, (last, number)
            assert f"{last}{number}" not in text
            checked += 1
    assert checked > 30


def texts_of(pub):
    """Every paragraph and item of the themes."""
    for theme in pub.themes:
        yield from theme.intro
        for block in theme.blocks:
            yield from block.text
            for item in block.items:
                yield item.text
                yield from (sub.text for sub in item.items)


def test_hyphens_at_line_ends_are_soft_unless_the_word_has_one(built):
    """A hyphen that line breaking added is U+00AD (not part of the word); a word broken at
    its own hyphen keeps it; a word broken at a page's foot goes on at the next page's head."""
    pages = [page.extract_text() for page in PdfReader(built / "brochure.pdf").pages[1:]]
    words = "\n".join(without_footer(page) for page in pages)
    soft = re.findall(r"(\w+)\xad\n(\w+)", words)
    hard = re.findall(r"(\w+)-\n(\w+)", words)
    assert len(soft) > 10
    split = hyphenator("nl_NL")
    for head, tail in soft:
        assert any(h.rstrip("\xad-") == head for h, _ in split(head + tail)), head + tail
    source = " ".join(path.read_text(encoding="utf-8") for path in (CONTENT / "themes").glob("*"))
    for head, tail in hard:
        assert f"{head}-{tail}" in source, f"{head}-{tail}"


def without_footer(page_text: str) -> str:
    """A page's text without its running footer (number and section), drawn last."""
    return page_text.rstrip("\n").rsplit("\n", 2)[0]


def test_the_press_file_is_untagged_and_the_deck_tagged(built):
    press = PdfReader(built / "print" / "cards-press.pdf").trailer["/Root"]
    deck = PdfReader(built / "cards.pdf").trailer["/Root"]
    assert "/StructTreeRoot" not in press and "/MarkInfo" not in press
    assert "/StructTreeRoot" in deck and deck["/MarkInfo"]["/Marked"]
    assert b"pdfuaid:part>1<" in deck["/Metadata"].get_data()


def test_title_is_shown_and_in_the_metadata(built: Path):
    for name in ON_SCREEN:
        root = PdfReader(built / name).trailer["/Root"]
        assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
        title = str(PdfReader(built / name).metadata.title)
        assert f">{title}<" in root["/Metadata"].get_data().decode("utf-8")
