"""A second, different publication (tests/data/second-publication) built through every
target and read back like the real one, and the defects its shape showed.

Its shape: two pillars of its own, three sectors of its own with their own wording, no
opening, a theme for one sector only, a theme of nine tips with a link each and no
questions, quotes written with their own marks and a speaker with its own dash, long
addresses with queries and fragments, internationalised hosts and a long compound word.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from inspiratiekaart.content.loader import load_publication
from inspiratiekaart.content.model import Publication, theme_texts
from inspiratiekaart.content.sectors import for_sector
from inspiratiekaart.content.urls import readable_url
from inspiratiekaart.links.registry import LinkRegistry, build_registry
from inspiratiekaart.pipeline import BuildOptions, BuildReport, build
from inspiratiekaart.render.hyphenation import TEXT_LANGUAGE, hyphenator
from inspiratiekaart.render.linebreak import syllable_ends
from tests.conftest import ROOT
from tests.pdfcheck import decode_all, page_texts, unembedded_fonts
from tests.textcoverage import content_texts, coverage, without_furniture

SECOND = Path(__file__).parent / "data" / "second-publication"
SECTORS = ("kov", "bs", "sbo")
MM = 72 / 25.4
A4, A5 = (210 * MM, 297 * MM), (148 * MM, 210 * MM)
FOOTER = 50
"""Points at the foot of a brochure or booklet page that hold its running footer."""


@dataclass(frozen=True)
class Built:
    out: Path
    report: BuildReport
    publication: Publication
    registry: LinkRegistry

    def pdfs(self) -> list[str]:
        return sorted(str(p.relative_to(self.out)) for p in self.out.rglob("*.pdf"))


@pytest.fixture(scope="session")
def second(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """One full build of the second publication, every target."""
    out = tmp_path_factory.mktemp("second-output")
    report = build(BuildOptions(content_dir=SECOND, out_dir=out, quiet=True),
                   say=lambda line: None)
    publication = load_publication(SECOND)
    return Built(out, report, publication, build_registry(publication))


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True,
                          text=True, timeout=300)


def flat(text: str) -> str:
    """Text without line breaks, hyphens at line ends or soft hyphens."""
    text = text.replace("\x02\r\n", "").replace("\x02\n", "").replace("\x02", "")
    return re.sub(r"\s+", " ", text.replace("\xad", "")).strip()


def body_texts(pdf: Path) -> list[str]:
    """The text of every page without its running footer."""
    return [flat(text) for text in page_texts(pdf, skip_bottom=FOOTER)]


@pytest.fixture
def second_copy(tmp_path: Path) -> Path:
    """A writable copy of the second publication."""
    return Path(shutil.copytree(SECOND, tmp_path / "content"))


# every target, checked like the real one ---------------------------------------------------

def test_every_target_is_built_and_passes_the_preflight(second):
    expected = {"brochure.pdf", "cards.pdf", "print/cards-press.pdf",
                "print/cards-a4-duplex.pdf", "print/cards-duplex-alignment.pdf",
                *(f"booklet-{s}.pdf" for s in SECTORS),
                *(f"print/booklet-{s}-saddle.pdf" for s in SECTORS),
                *(f"print/booklet-{s}-press.pdf" for s in SECTORS)}
    assert set(second.pdfs()) == expected
    assert (second.out / "links.csv").is_file()
    preflight = second.report.preflight
    assert preflight is not None and not preflight.failed
    assert {file.name for file in preflight.files} == expected
    assert second.report.warnings == []


def test_every_code_decodes_to_the_registry(second):
    payloads = {entry.payload for entry in second.registry}
    assert {d.text for d in decode_all(second.out / "brochure.pdf")} == payloads
    theme_links = {second.registry.entry(link.url).payload
                   for theme in second.publication.themes for text in theme_texts(theme)
                   for link in text.links()}
    assert {d.text for d in decode_all(second.out / "cards.pdf")} == theme_links
    for sector in SECTORS:
        decoded = {d.text for d in decode_all(second.out / f"booklet-{sector}.pdf")}
        assert decoded == {e.payload for e in second.registry.for_sector(sector)}, sector


def test_brochure_and_deck_print_every_text_of_the_content(second):
    brochure = without_furniture("\n".join(page_texts(second.out / "brochure.pdf",
                                                      skip_bottom=FOOTER)))
    share, missing = coverage(brochure, content_texts(SECOND))
    assert share == 1.0, missing
    deck = "\n".join(page_texts(second.out / "cards.pdf"))
    share, missing = coverage(deck, content_texts(SECOND, themes_only=True))
    assert share == 1.0, missing


@pytest.mark.parametrize("sector", SECTORS)
def test_each_booklet_prints_every_text_of_its_sector(second, sector):
    printed = without_furniture("\n".join(page_texts(second.out / f"booklet-{sector}.pdf",
                                                     skip_bottom=FOOTER)))
    share, missing = coverage(printed, sector_texts(for_sector(second.publication, sector)))
    assert share == 1.0, missing


def sector_texts(pub: Publication) -> list[str]:
    """The plain text of every theme, block, item and chapter of a sector's view."""
    texts = []
    for theme in pub.themes:
        texts.append(theme.title)
        texts += [text.plain for text in theme_texts(theme)]
        texts += [block.heading for block in theme.blocks if block.heading]
        texts += [block.speaker for block in theme.blocks if block.speaker]
    for chapter in (pub.about, pub.colophon):
        texts += [chapter.title, *(s.heading for s in chapter.sections if s.heading)]
        texts += [text.plain for s in chapter.sections for text in s.text]
    return texts


def test_no_page_of_brochure_or_deck_is_blank(second):
    for name in ("brochure.pdf", "cards.pdf"):
        for number, text in enumerate(body_texts(second.out / name), 1):
            assert text, f"{name} p. {number} is blank"


@pytest.mark.parametrize("sector", SECTORS)
def test_a_booklet_has_blank_pages_only_just_before_its_back_cover(second, sector):
    texts = body_texts(second.out / f"booklet-{sector}.pdf")
    assert len(texts) % 4 == 0
    blank = [number for number, text in enumerate(texts, 1) if not text]
    assert blank == list(range(len(texts) - len(blank), len(texts))), blank
    assert len(blank) < 4


def test_pages_and_boxes(second):
    def size(box) -> tuple[float, float]:
        return float(box.width), float(box.height)

    for name, page_size in [("brochure.pdf", A4), ("cards.pdf", A5),
                            *((f"booklet-{s}.pdf", A5) for s in SECTORS)]:
        reader = PdfReader(second.out / name)
        assert unembedded_fonts(reader) == [], name
        for page in reader.pages:
            assert size(page.trimbox) == pytest.approx(page_size, abs=0.1), name
    for page in PdfReader(second.out / "print" / "cards-press.pdf").pages:
        assert size(page.trimbox) == pytest.approx(A5, abs=0.1)
        assert size(page.bleedbox) == pytest.approx((A5[0] + 6 * MM, A5[1] + 6 * MM), abs=0.1)
    for sector in SECTORS:
        for page in PdfReader(second.out / "print" / f"booklet-{sector}-saddle.pdf").pages:
            assert size(page.trimbox) == pytest.approx((2 * A5[0], A5[1]), abs=0.1)
        for page in PdfReader(second.out / "print" / f"booklet-{sector}-press.pdf").pages:
            assert size(page.trimbox) == pytest.approx(A5, abs=0.1)


# its own pillars, sectors and words -----------------------------------------------------------

def test_a_theme_for_one_sector_is_only_in_that_sectors_booklet(second):
    title = "Een speelplek voor de allerkleinsten"
    assert title in " ".join(body_texts(second.out / "brochure.pdf"))
    for sector in SECTORS:
        text = " ".join(body_texts(second.out / f"booklet-{sector}.pdf"))
        assert (title in text) == (sector == "kov"), sector


@pytest.mark.parametrize("sector", SECTORS)
def test_each_booklet_reads_its_own_words(second, sector):
    text = " ".join(body_texts(second.out / f"booklet-{sector}.pdf")).lower()
    for row in second.publication.wording:
        assert row.phrase.lower() not in text, f"{row.phrase} survives in {sector}"
    teacher = {"kov": "pedagogisch medewerker", "bs": "leerkracht", "sbo": "leerkracht"}
    assert f"vraag de {teacher[sector]} om een week" in text


def test_the_deck_names_its_own_pillars_on_every_card(second):
    names = {pillar.name for pillar in second.publication.pillars}
    texts = [flat(t) for t in page_texts(second.out / "cards.pdf")]
    assert len(texts) == 2 * len([t for t in second.publication.themes if t.part == "theme"])
    for number, text in enumerate(texts, 1):
        assert any(name in text for name in names), f"card side {number} names no pillar"


# no opening: no empty page ---------------------------------------------------------------------

@pytest.mark.parametrize("name", ["brochure.pdf", *(f"booklet-{s}.pdf" for s in SECTORS)])
def test_without_an_opening_the_contents_is_followed_by_the_first_pillar(second, name):
    texts = body_texts(second.out / name)
    contents = next(i for i, text in enumerate(texts) if text.startswith("Inhoud"))
    first_pillar = second.publication.pillars[0].name
    assert texts[contents + 1].startswith(first_pillar), texts[contents + 1][:80]
    footers = [flat(t) for t in page_texts(second.out / name)]
    assert not any(re.fullmatch(r"(Inhoud \d+|\d+ Inhoud)", text) for text in footers)


# quote marks and dashes ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["brochure.pdf", "cards.pdf", "booklet-bs.pdf"])
def test_quote_marks_and_dashes_the_editor_wrote_are_not_added_again(second, name):
    text = " ".join(flat(t) for t in page_texts(second.out / name))
    assert "“We zien dat de kinderen na het buitenspelen rustiger" in text
    assert "rustiger binnenkomen.”" in text and "binnenkomen.””" not in text
    assert "„Sinds de kinderen" in text and "“„" not in text
    assert "— een conciërge van een basisschool" in text and "— —" not in text
    assert "- een pedagogisch medewerker van een brede school" in text and "— -" not in text
    assert "“Buiten zie je andere kinderen dan binnen.”" in text
    assert "— een intern begeleider" in text


# captions and "Alle links" ---------------------------------------------------------------------

def shown_host(url: str) -> str:
    """The host as a caption shows it: readable, without www."""
    parts = urlsplit(readable_url(url))
    if parts.scheme == "mailto":
        return parts.path.rpartition("@")[2]
    return (parts.hostname or "").removeprefix("www.")


def split_inside(word: str, text: str) -> list[str]:
    """Places where ``text`` has ``word`` broken over two lines inside a syllable (not
    before one of its dots or hyphens, nor between two syllables of one of its words)."""
    lines = text.replace("\r", "").split("\n")
    between = set(syllable_ends(word, hyphenator(TEXT_LANGUAGE)))
    return [f"{a!r} / {b!r}" for a, b in pairwise(lines)
            for k in range(1, len(word)) if a.endswith(word[:k]) and b.startswith(word[k:])
            and word[k] not in ".-" and k not in between]


def test_no_caption_line_breaks_inside_a_syllable_of_a_host_name(second, built):
    """In every PDF of both publications, a host name is never broken over two lines but
    before one of its dots or hyphens or between two syllables, except in "Alle links"
    (no captions: full addresses, broken at separators)."""
    for out, registry in ((second.out, second.registry),
                          (built, build_registry(load_publication(ROOT / "content")))):
        hosts = {shown_host(entry.url) for entry in registry}
        for pdf in ["brochure.pdf", "cards.pdf", *(p.name for p in out.glob("booklet-*.pdf"))]:
            for number, text in enumerate(page_texts(out / pdf), 1):
                footer = text.strip().replace("\r", "").split("\n")[-1]
                if re.fullmatch(r"\d+ Alle links|Alle links \d+", footer):
                    continue
                for host in hosts:
                    assert not split_inside(host, text), (pdf, number, host)


def test_captions_show_internationalised_hosts_in_their_own_letters(second):
    text = " ".join(flat(t) for t in page_texts(second.out / "brochure.pdf"))
    assert "xn--" not in text
    assert "2 · bücher-lezen.nl" in text and "3 · speelplaats-één.nl" in text
    assert "https://bücher-lezen.nl/boeken" in text.replace(" ", "")


def appendix_entries(pdf: Path) -> dict[int, list[str]]:
    """Number → the lines of its address, from the pages of "Alle links"."""
    entries: dict[int, list[str]] = {}
    pages = [t for t in page_texts(pdf, skip_bottom=FOOTER)
             if t.lstrip().startswith("Alle links") or (entries and t.strip())]
    for text in pages:
        number = None
        for line in text.replace("\r", "").split("\n"):
            line = line.strip()
            if line.isdigit():
                number = int(line)
                entries[number] = []
            elif number is not None and line:
                entries[number].append(line)
        if "Verantwoording" in text:
            break
    return entries


SEPARATORS = "/.-_?#~%=&"


def document_numbers(out: Path, name: str) -> dict[str, int]:
    """Address → its number in the document ``name``, from links.csv."""
    numbers = {}
    with open(out / "links.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for part in filter(None, row["numbers"].split("; ")):
                document, number = part.rsplit(" ", 1)
                if document == name:
                    numbers[row["url"]] = int(number)
    return numbers


@pytest.mark.parametrize("name", ["brochure.pdf", "booklet-kov.pdf"])
def test_all_links_prints_every_address_whole_broken_at_separators(second, name):
    entries = appendix_entries(second.out / name)
    numbers = document_numbers(second.out, name)
    by_number = {numbers[entry.url]: entry for entry in second.registry if entry.url in numbers}
    assert entries and set(entries) <= set(by_number)
    for number, lines in entries.items():
        lines = [line for line in lines if line != "Verantwoording"]
        assert "".join(lines) == readable_url(by_number[number].url), number
        for before, after in pairwise(lines):
            at_separator = after[0] in SEPARATORS or before[-1] in "=&:" \
                or before.endswith("//")
            no_separator_on_line = not any(char in SEPARATORS for char in before[1:])
            assert at_separator or no_separator_on_line, f"{number}: {before!r} / {after!r}"


def test_a_caption_keeps_the_fragment_of_its_address(second):
    """Every code in the deck and the brochure shows its address's fragment (all of this
    publication's fragments are short enough to be kept whole)."""
    for name in ("cards.pdf", "brochure.pdf"):
        text = "".join(page_texts(second.out / name))
        fragments = [urlsplit(entry.url).fragment for entry in second.registry
                     if urlsplit(entry.url).fragment]
        assert len(fragments) > 8
        for fragment in fragments:
            if len(fragment) <= 12:
                assert f"#{fragment}" in text, (name, fragment)


# the card deck ---------------------------------------------------------------------------------

def test_a_theme_of_tips_alone_shares_them_between_front_and_back(second):
    texts = [flat(t) for t in page_texts(second.out / "cards.pdf")]
    front = next(i for i in range(0, len(texts), 2) if "Negen ideeën" in texts[i])
    back = texts[front + 1]
    assert "Tel en meet op het plein" in texts[front]
    assert "Geef de pedagogisch medewerker/leerkracht" in back
    assert "Lessen in de buitenlucht" in back
    tips = ["Tel en meet", "Maak een zintuigenpad", "Volg het seizoen", "Download de",
            "Laat een beweegkaart", "Zoek een speelbos", "Lees het onderzoek",
            "Neem contact op", "Geef de pedagogisch"]
    assert all((tip in texts[front]) != (tip in back) for tip in tips)


def test_an_overflowing_card_is_an_error_with_file_and_line_under_strict(second_copy, tmp_path):
    theme = second_copy / "themes" / "samen-spelen.yaml"
    text = theme.read_text(encoding="utf-8")
    long_intro = " ".join(["Spelregels die kinderen zelf bedenken, houden ze beter vol."] * 40)
    theme.write_text(text.replace(
        "    Spelregels die peuters/kinderen zelf bedenken, houden ze beter vol. Geef ze\n"
        "    de ruimte, en de verantwoordelijkheid.\n", f"    {long_intro}\n"), encoding="utf-8")
    title_line = 1 + theme.read_text(encoding="utf-8").splitlines().index(
        "title: Samen spelen, samen regels maken")
    result = run("cards", "--strict", "--content", str(second_copy), "--out",
                 str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    assert f"samen-spelen.yaml:{title_line}: card: card 'Samen spelen, samen regels maken' " \
           "does not fit" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


# short links -----------------------------------------------------------------------------------

def set_redirect_base(content: Path, base: str | None) -> None:
    path = content / "publication.yaml"
    value = f'"{base}"' if base else "null"
    path.write_text(re.sub(r"redirect_base: .*", f"redirect_base: {value}",
                           path.read_text(encoding="utf-8")), encoding="utf-8")


def test_the_brochure_alone_writes_the_redirect_map_and_its_removal_follows(second_copy,
                                                                            tmp_path):
    out = tmp_path / "out"
    set_redirect_base(second_copy, "https://kort.example/b/")
    result = run("brochure", "--content", str(second_copy), "--out", str(out))
    assert result.returncode == 0, result.stderr
    registry = build_registry(load_publication(second_copy))
    redirects = (out / "redirects" / "_redirects").read_text(encoding="utf-8").splitlines()
    nginx = (out / "redirects" / "nginx.conf").read_text(encoding="utf-8")
    decoded = {d.text for d in decode_all(out / "brochure.pdf")}
    assert len(redirects) == len(registry) == len(decoded)
    for code in decoded:
        slug = code.removeprefix("https://kort.example/b/")
        assert slug != code and any(line.startswith(f"/b/{slug} ") for line in redirects)
        assert f'"/b/{slug}"' in nginx
    set_redirect_base(second_copy, None)
    result = run("brochure", "--content", str(second_copy), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert not (out / "redirects").exists()
    assert "removed redirects/_redirects" in result.stdout
    assert "redirects" not in (out / ".inspiratiekaart-manifest.json").read_text()
    assert (out / "brochure.pdf").is_file()


def test_an_internationalised_host_gives_a_readable_ascii_id(second):
    ids = {readable_url(entry.url): entry.id for entry in second.registry}
    books = ids["https://bücher-lezen.nl/boeken/buiten-spelen-met-kleuters?editie=2031#inhoud"]
    willows = ids["https://www.speelplaats-één.nl/voorbeelden/wilgenhut?foto=ja"]
    assert books.startswith("lezen-buiten-spelen-met-kleuters-")
    assert willows.startswith("een-wilgenhut-")
    for entry in second.registry:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*-[0-9a-f]{4}", entry.id), entry.id
        assert "xn" not in entry.id.split("-"), entry.id
