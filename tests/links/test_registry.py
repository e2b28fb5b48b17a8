"""The link registry: one entry per address, reading-order numbers, stable ids, sectors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from inspiratiekaart.content.loader import load_publication
from inspiratiekaart.content.model import Publication, RichText, theme_texts
from inspiratiekaart.links.registry import LinkRegistry, build_registry, derive_id
from tests.conftest import CONTENT

INFOSHEET = ("https://www.pharos.nl/infosheets/"
             "welbevinden-op-school-kinderen-jongeren-gezinnen-kwetsbare-omstandigheden/")
KIS_CHECKLIST = ("https://www.kis.nl/sites/default/files/2022-06/"
                 "checklist_effectieve_antidiscriminatie-methode.pdf")
STAPPENPLAN_MBO = "https://www.trimbos.nl/aanbod/webwinkel/tri-62-025-stappenplan-mbo/"
STAPPENPLAN_PO = ("https://www.trimbos.nl/aanbod/webwinkel/"
                  "pm0658-stappenplan-werken-aan-welbevinden/")
BUDDYS_MBO = "https://www.pharos.nl/kennisbank/ouderpartnerschap-of-buddys-op-het-mbo/"
LEIDRAAD = "https://www.onderwijskennis.nl/kennisbank/leidraad-onderwijs-vanuit-hoge-verwachtingen"
EXPLICIT = {LEIDRAAD: "leidraad-hoge-verwachtingen"}


@pytest.fixture(scope="module")
def registry() -> LinkRegistry:
    """The registry of the real content."""
    return build_registry(load_publication(CONTENT))


def rewrite(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in ``path``."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def printed_order(pub: Publication) -> list[str]:
    """Distinct addresses as the brochure prints them: opening, pillar by pillar, chapters."""
    themes = [*pub.opening, *(t for p in pub.pillars for t in pub.themes_of(p))]
    texts: list[RichText] = [text for theme in themes for text in theme_texts(theme)]
    texts += [text for chapter in (pub.about, pub.colophon)
              for section in chapter.sections for text in section.text]
    return list(dict.fromkeys(link.url for text in texts for link in text.links()))


def test_real_content_has_67_entries_numbered_in_reading_order(registry):
    pub = load_publication(CONTENT)
    assert len(registry) == 67
    assert [entry.number for entry in registry] == list(range(1, 68))
    assert [entry.url for entry in registry] == printed_order(pub)


def test_one_entry_per_address_listing_every_theme(registry):
    assert len(registry.by_url) == len(registry) == len(registry.by_id)
    entry = registry.entry(INFOSHEET)
    assert entry.themes == ["aan-de-slag", "sociaal-emotionele-ontwikkeling"]
    assert [e.url for e in registry].count(INFOSHEET) == 1


def test_explicit_id_from_content(registry):
    for url, link_id in EXPLICIT.items():
        assert registry.entry(url).id == link_id
        assert registry.by_id[link_id].url == url


def test_explicit_id_on_a_later_use_wins(content_copy):
    rewrite(content_copy / "themes" / "sociaal-emotionele-ontwikkeling.yaml",
            "kwetsbare-omstandigheden/).", "kwetsbare-omstandigheden/){#pharos-infosheet}.")
    entry = build_registry(load_publication(content_copy)).entry(INFOSHEET)
    assert (entry.id, entry.number) == ("pharos-infosheet", 3)


def test_derived_ids_come_from_the_address_alone(registry):
    assert derive_id("https://www.gezondeschool.nl/") == "gezondeschool-0c04"
    assert derive_id(STAPPENPLAN_MBO) == "trimbos-tri-62-025-stappenplan-mbo-9e9d"
    for entry in registry:
        assert entry.id == EXPLICIT.get(entry.url, derive_id(entry.url))
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*-[0-9a-f]{4}", derive_id(entry.url))


def test_ids_survive_reordering_themes(registry, content_copy):
    for path in (content_copy / "themes").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        order = int(re.search(r"^order: (\d+)$", text, re.MULTILINE).group(1))
        rewrite(path, f"\norder: {order}\n", f"\norder: {1000 - order}\n")
    reordered = build_registry(load_publication(content_copy))
    assert {e.url: e.id for e in reordered} == {e.url: e.id for e in registry}
    assert {e.url: e.number for e in reordered} != {e.url: e.number for e in registry}
    assert [e.number for e in reordered] == list(range(1, 68))


def test_entry_sectors(registry):
    assert registry.entry(KIS_CHECKLIST).sectors == {"po"}
    assert registry.entry(STAPPENPLAN_MBO).sectors == {"mbo"}
    assert registry.entry(STAPPENPLAN_PO).sectors == {"po", "vo", "go"}
    assert registry.entry(BUDDYS_MBO).sectors == {"mbo"}
    assert registry.entry(INFOSHEET).sectors == {"po", "vo", "go", "mbo"}
    assert KIS_CHECKLIST in {e.url for e in registry.for_sector("po")}
    assert KIS_CHECKLIST not in {e.url for e in registry.for_sector("mbo")}
