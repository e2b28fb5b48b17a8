"""Sector booklets read back: their own items, links and words, and a sound PDF structure."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from benchmarks.page_fill import page_fills, underfilled
from inspiratiekaart.content.loader import load_publication
from inspiratiekaart.layout import load_layout
from inspiratiekaart.links.registry import build_registry
from inspiratiekaart.pipeline import BuildOptions, build
from tests.conftest import CONTENT
from tests.pdfcheck import decode_all, outline, page_texts, unembedded_fonts, without_hyphens

SECTORS = ("po", "vo", "go", "mbo")
ONLY_FOR = {  # sentences of the source that concern one sector only
    "po": ["Checklist anti-discriminatiemethoden in het basisonderwijs"],
    "vo": ["discriminatie in de klas (VO)"],
    "mbo": ["Lees hier hoe je op het mbo aan de slag kunt met", "discriminatie in de klas (MBO)",
            "Samenwerken met ouders op het mbo"],
}


def flat(pdf: Path) -> str:
    return " ".join(" ".join(page_texts(pdf)).replace("\x02", "").split())


@pytest.fixture(scope="module")
def publication():
    return load_publication(CONTENT)


@pytest.mark.parametrize("sector", SECTORS)
def test_only_own_items(built, sector):
    text = flat(built / f"booklet-{sector}.pdf")
    for other, sentences in ONLY_FOR.items():
        for sentence in sentences:
            assert (sentence in text) == (other == sector), f"{sentence!r} in {sector} booklet"


@pytest.mark.parametrize("sector", SECTORS)
def test_own_links_decode(built, publication, sector):
    registry = build_registry(publication)
    decoded = {d.text for d in decode_all(built / f"booklet-{sector}.pdf")}
    assert decoded == {e.payload for e in registry if sector in e.sectors}


@pytest.mark.parametrize("sector", SECTORS)
def test_wording_applied(built, publication, sector):
    text = flat(built / f"booklet-{sector}.pdf").lower()
    for row in publication.wording:
        assert row.phrase.lower() not in text, f"{row.phrase} survives in the {sector} booklet"
    if sector == "mbo":
        assert "voor álle studenten" in text
    else:
        assert "voor álle leerlingen" in text


@pytest.mark.parametrize("sector", SECTORS)
def test_structure(built, publication, sector):
    path = built / f"booklet-{sector}.pdf"
    reader = PdfReader(path)
    assert unembedded_fonts(reader) == []
    name = publication.sector_named(sector).name
    assert reader.metadata.title.endswith(f"voor het {name}")
    assert str(reader.trailer["/Root"]["/Lang"]) == "nl-NL"
    assert "/PageLabels" in reader.trailer["/Root"]
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(419.53, abs=0.1)
    texts = [" ".join(t.replace("\x02", "").split()) for t in page_texts(path)]
    assert texts[-1].startswith(publication.colophon.title)
    assert all(text.strip() for text in texts)  # no blank page: padding is for the print files


@pytest.mark.parametrize("sector", SECTORS)
def test_no_blank_page_and_few_half_empty_ones(built, sector):
    fills = page_fills(built / f"booklet-{sector}.pdf", "booklet")
    assert [f.page for f in fills if f.blank] == []
    assert len(underfilled(fills)) <= 3




@pytest.mark.parametrize("sector", SECTORS)
def test_page_numbers_run_on_across_the_parts(built, sector):
    """Every page but the covers prints its own number, on the outside; the colophon, the
    back cover in print, none (layouts/booklet.yaml: back_cover_footer)."""
    texts = [t.replace("\x02", "-\n").strip()  # a hyphen at a line's end ends the line
             for t in page_texts(built / f"booklet-{sector}.pdf")]
    assert not load_layout("booklet").back_cover_footer
    assert texts[-1].splitlines()[-1].split()[-1] != str(len(texts))
    numbered = [(index + 1, text.splitlines()[-1].split()) for index, text in enumerate(texts)
                if 0 < index < len(texts) - 1 and text]
    assert len(numbered) > 35
    for number, footer in numbered:
        outside = footer[0] if number % 2 == 0 else footer[-1]
        assert outside == str(number), f"page {number} reads {' '.join(footer)}"


@pytest.mark.parametrize("sector", SECTORS)
def test_outline_and_contents_point_at_titles(built, sector, publication):
    path = built / f"booklet-{sector}.pdf"
    texts = [" ".join(t.replace("\x02", "").split()) for t in page_texts(path)]
    entries = outline(PdfReader(path))
    assert len(entries) > 15
    for title, page in entries:  # block titles are printed in capitals
        assert without_hyphens(title[:25].casefold()) \
            in without_hyphens(texts[page].casefold()), f"outline: {title} not on page {page + 1}"
    contents = next(t for t in texts if t.startswith("Inhoud"))
    contents += " " + texts[texts.index(contents) + 1]
    listed = {p.name for p in publication.pillars} | {t.title for t in publication.themes} \
        | {t.title for t in publication.opening} \
        | {publication.about.title, publication.colophon.title, "Alle links"}
    for title, page in entries:
        if title not in listed:  # the contents name themes, not their blocks' titles
            continue
        match = re.search(re.escape(title) + r"\s*(\d+)", contents)
        assert match, f"{title} not in the contents"
        assert int(match.group(1)) == page + 1, f"contents: {title} on {match.group(1)}"


def test_contents_links_survive_the_merge(built):
    """Each link on the contents page leads to the page where its title stands; those to
    the parts laid out apart ("Alle links", the colophon) too, through named
    destinations the joined booklet defines."""
    path = built / "booklet-vo.pdf"
    reader = PdfReader(path)
    index = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}

    def target(link) -> int:
        dest = link["/Dest"]
        if isinstance(dest, str):
            return reader.get_destination_page_number(reader.named_destinations[dest])
        return index[dest[0].idnum]

    texts = [" ".join(t.replace("\x02", "").split()) for t in page_texts(path)]
    contents = reader.pages[1]
    links = [a.get_object() for a in contents.get("/Annots") or [] if "/Dest" in a.get_object()]
    lines = page_texts(path, skip_bottom=40)[1].replace("\x02", "").splitlines()  # no footer
    titles = [ln.rstrip("0123456789").strip() for ln in lines[1:] if ln.strip()]
    assert len(links) > 15 and "Alle links" in titles
    for link in links:
        assert texts[target(link)], f"a contents link leads to empty page {target(link) + 1}"
    for title in titles:
        assert any(title[:20] in texts[target(link)] for link in links), title
    assert sorted(reader.named_destinations) == ["colophon", "links"]


def test_the_cover_reads_the_sectors_words(content_copy, tmp_path, cache):
    """The subtitle and tagline on a booklet's cover (and its document's subject) read the
    sector's word; the brochure keeps the phrase."""
    publication_file = content_copy / "publication.yaml"
    text = publication_file.read_text(encoding="utf-8")
    text = text.replace("subtitle: Tips, tools en voorbeelden uit de praktijk",
                        "subtitle: Tips voor leerlingen/studenten")
    publication_file.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    report = build(BuildOptions(content_dir=content_copy, out_dir=out,
                                targets=("brochure", "booklets"), sector="mbo", quiet=True),
                   say=lambda line: None)
    assert not report.preflight.failed
    cover = page_texts(out / "booklet-mbo.pdf")[0]
    assert "Tips voor studenten" in " ".join(cover.split())
    assert PdfReader(out / "booklet-mbo.pdf").metadata.subject == "Tips voor studenten"
    assert "Tips voor leerlingen/studenten" in " ".join(page_texts(out / "brochure.pdf")[0].split())
