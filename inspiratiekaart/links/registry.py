"""The link registry: every distinct address once, with a stable id and a reading-order number."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from ..content.model import Publication, RichText, Theme, sectored_texts
from ..content.urls import derive_id


@dataclass
class LinkEntry:
    """One distinct address and everything the outputs need to know about it."""

    id: str
    number: int
    url: str
    themes: list[str] = field(default_factory=list)
    sectors: set[str] = field(default_factory=set)
    slug: str | None = None
    redirect_base: str | None = None
    placements: list[str] = field(default_factory=list)
    """Where the link is printed ("brochure.pdf p. 4"), filled in by the renderers."""
    numbers: dict[str, int] = field(default_factory=dict)
    """Its number in each document it is printed in (each document numbers its own)."""

    @property
    def payload(self) -> str:
        """The exact text the QR code encodes: the short link where one is set up."""
        if self.redirect_base and self.slug:
            return self.redirect_base + self.slug
        return self.url


class LinkRegistry:
    """All links of a publication, looked up by address or id, iterated in reading order."""

    def __init__(self, entries: list[LinkEntry]) -> None:
        self.entries = entries
        self.slugs: dict[str, str] = {}
        """Address → short-link slug, for every slug ever locked (set when short links are on)."""
        self.by_url = {entry.url: entry for entry in entries}
        self.by_id = {entry.id: entry for entry in entries}

    def __iter__(self) -> Iterator[LinkEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def entry(self, url: str) -> LinkEntry:
        return self.by_url[url]

    def for_sector(self, sector: str) -> list[LinkEntry]:
        return [entry for entry in self.entries if sector in entry.sectors]

    def numbered(self, urls: Iterable[str]) -> LinkRegistry:
        """The links of one document, numbered 1, 2, … in the order of ``urls`` (the order
        the document prints them first in): what its renderer looks numbers up in."""
        view = LinkRegistry([replace(self.by_url[url], number=number)
                             for number, url in enumerate(urls, 1)])
        view.slugs = self.slugs
        return view


def first_uses(texts: Iterable[RichText], sector: str | None = None) -> list[str]:
    """The addresses of ``texts`` once each, in order (for a sector's document, those that
    concern it)."""
    seen: dict[str, None] = {}
    for text in texts:
        for link in text.links():
            if sector is None or link.concerns(sector):
                seen.setdefault(link.url)
    return list(seen)


def document_links(publication: Publication, sector: str | None = None) -> list[str]:
    """The addresses in the order a whole document of ``publication`` prints them first."""
    return first_uses((text for _, _, text in uses(publication)), sector)


def uses(publication: Publication) -> Iterator[tuple[str, frozenset[str], RichText]]:
    """Every piece of text with the theme it stands in and the sectors that read it."""
    all_sectors = frozenset(s.id for s in publication.sectors)
    for theme in reading_order(publication):
        for sectors, text in sectored_texts(theme):
            yield theme.id, sectors, text
    for chapter_id, chapter in (("about", publication.about), ("colophon", publication.colophon)):
        for section in chapter.sections:
            for text in section.text:
                yield chapter_id, all_sectors, text


def reading_order(publication: Publication) -> list[Theme]:
    """Themes as every output prints them: the opening, then pillar by pillar."""
    themes = list(publication.opening)
    for pillar in publication.pillars:
        themes += publication.themes_of(pillar)
    return themes


def build_registry(publication: Publication) -> LinkRegistry:
    """One entry per distinct address, numbered in reading order."""
    entries: dict[str, LinkEntry] = {}
    for theme_id, sectors, text in uses(publication):
        for link in text.links():
            entry = entries.get(link.url)
            if entry is None:
                entry = entries[link.url] = LinkEntry(
                    id=link.id or derive_id(link.url), number=len(entries) + 1, url=link.url,
                    redirect_base=publication.redirect_base)
            elif link.id and entry.id != link.id:
                entry.id = link.id
            if theme_id not in entry.themes:
                entry.themes.append(theme_id)
            entry.sectors |= sectors & (link.sectors or sectors)
    return LinkRegistry(list(entries.values()))
