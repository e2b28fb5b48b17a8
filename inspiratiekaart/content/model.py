"""The publication as a typed, immutable model: what every renderer reads."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

BLOCK_KINDS: dict[str, str | None] = {
    "paragraph": None,
    "tips": "Concrete tips om direct mee aan de slag te gaan",
    "reading_tips": "Leestips",
    "questions": "Vragen die je jezelf als school kunt stellen",
    "good_practice": "Goed voorbeeld uit de praktijk",
    "tip": "Tip",
    "watch_tip": "Kijktip",
    "quote": None,
    "steps": None,
    "list": None,
}
"""Every block kind with its default heading (None: the kind has no heading)."""

KIND_NAMES_NL: dict[str, str] = {
    "alinea": "paragraph", "leestips": "reading_tips", "vragen": "questions",
    "goed_voorbeeld": "good_practice", "kijktip": "watch_tip", "citaat": "quote",
    "stappen": "steps", "lijst": "list",
}
"""The Dutch word an editor may type for a kind, only to suggest the kind in a message."""

TEXT_KINDS = frozenset({"paragraph", "good_practice", "tip", "watch_tip", "quote"})
LIST_KINDS = frozenset({"tips", "reading_tips", "questions", "steps", "list"})


@dataclass(frozen=True)
class Link:
    """One use of an external address in the text."""

    url: str
    id: str | None = None
    sectors: frozenset[str] | None = None

    def concerns(self, sector: str) -> bool:
        """True when this link is meant for readers in ``sector``."""
        return self.sectors is None or sector in self.sectors


@dataclass(frozen=True)
class Span:
    """A run of literal text with the same emphasis and link."""

    text: str
    emphasis: bool = False
    link: Link | None = None


@dataclass(frozen=True)
class RichText:
    """Inline text: literal characters, some emphasised, some linked."""

    spans: tuple[Span, ...]

    @property
    def plain(self) -> str:
        return "".join(span.text for span in self.spans)

    def links(self) -> Iterator[Link]:
        """The links in reading order, a link split over spans once."""
        previous: Link | None = None
        for span in self.spans:
            if span.link is not None and span.link is not previous:
                yield span.link
            previous = span.link


@dataclass(frozen=True)
class Item:
    """A list entry, optionally for some sectors only, with sub-items."""

    text: RichText
    sectors: frozenset[str]
    id: str | None = None
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Block:
    """A titled unit of a theme: tips, questions, a quote, …"""

    kind: str
    sectors: frozenset[str]
    heading: str | None = None
    text: tuple[RichText, ...] = ()
    items: tuple[Item, ...] = ()
    speaker: str | None = None
    id: str | None = None

    @property
    def title(self) -> str | None:
        """The heading to print: the block's own, else its kind's default."""
        return self.heading if self.heading is not None else BLOCK_KINDS[self.kind]


@dataclass(frozen=True)
class Pillar:
    id: str
    name: str
    cmyk: tuple[float, float, float, float]
    """Colour as CMYK fractions 0..1."""


@dataclass(frozen=True)
class Sector:
    id: str
    short: str
    name: str


@dataclass(frozen=True)
class CardSpec:
    """A theme's own choices for the discussion card deck."""

    intro: tuple[RichText, ...] = ()
    front: tuple[str, ...] | None = None
    back: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    part: str
    pillar: Pillar | None
    order: int
    sectors: frozenset[str]
    intro: tuple[RichText, ...]
    blocks: tuple[Block, ...]
    source: Path
    card: CardSpec | None = None


@dataclass(frozen=True)
class Section:
    """A titled run of paragraphs, as in the about text and the colophon."""

    heading: str | None
    text: tuple[RichText, ...]


@dataclass(frozen=True)
class Chapter:
    title: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Wording:
    """One slash phrase and what each sector reads instead."""

    phrase: str
    by_sector: dict[str, str]


@dataclass(frozen=True)
class Publication:
    title: str
    subtitle: str
    tagline: str
    programme: str
    publishers: tuple[str, ...]
    year: int
    article_number: str
    language: str
    redirect_base: str | None
    pillars: tuple[Pillar, ...]
    sectors: tuple[Sector, ...]
    wording: tuple[Wording, ...]
    about: Chapter
    colophon: Chapter
    themes: tuple[Theme, ...]
    content_dir: Path = field(default=Path("content"))
    sector: str | None = None
    """Set on a copy made for one sector's booklet or deck."""
    link_sites: dict[str, tuple[str, int, str]] = field(default_factory=dict, compare=False)
    """Where each address is first used (file, line, field), for problems found later."""

    @property
    def opening(self) -> tuple[Theme, ...]:
        return tuple(t for t in self.themes if t.part == "opening")

    def themes_of(self, pillar: Pillar) -> tuple[Theme, ...]:
        return tuple(t for t in self.themes if t.pillar == pillar and t.part == "theme")

    def sector_named(self, sector_id: str) -> Sector:
        return next(s for s in self.sectors if s.id == sector_id)


def sectored_texts(theme: Theme) -> Iterator[tuple[frozenset[str], RichText]]:
    """Every piece of the theme's inline text with the sectors that read it, in order."""
    for text in theme.intro:
        yield theme.sectors, text
    for block in theme.blocks:
        for text in block.text:
            yield block.sectors, text
        yield from _sectored_items(block.items)


def _sectored_items(items: tuple[Item, ...]) -> Iterator[tuple[frozenset[str], RichText]]:
    for item in items:
        yield item.sectors, item.text
        yield from _sectored_items(item.items)


def theme_texts(theme: Theme) -> Iterator[RichText]:
    """Every piece of the theme's inline text, in order."""
    return (text for _, text in sectored_texts(theme))
