"""The publication as a typed, immutable model: what every renderer reads."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

BLOCK_KINDS: tuple[str, ...] = ("paragraph", "tips", "reading_tips", "questions",
                               "good_practice", "tip", "watch_tip", "quote", "steps", "list")
"""Every block kind (the heading a kind prints by default is wording of the layouts:
``block_headings`` in layouts/labels.yaml)."""

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

    def split(self, end: int, start: int) -> tuple[RichText, RichText]:
        """The text up to character ``end`` and the text from ``start`` on (what lies
        between, such as the space after a sentence, belongs to neither)."""
        head, tail, offset = [], [], 0
        for span in self.spans:
            stop = offset + len(span.text)
            if offset < end:
                head.append(replace(span, text=span.text[:end - offset]))
            if stop > start:
                tail.append(replace(span, text=span.text[max(0, start - offset):]))
            offset = stop
        return RichText(tuple(head)), RichText(tuple(tail))

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


@dataclass(frozen=True)
class Pillar:
    id: str
    name: str
    cmyk: tuple[float, float, float, float]
    """Colour as CMYK fractions 0..1."""
    text_cmyk: tuple[float, float, float, float] | None = None
    """The colour of text in the pillar's colour, where the editors chose one (else it is
    the pillar's colour darkened as far as the layouts' contrast asks)."""
    text_line: int = 0
    """Where ``text_cmyk`` is written in publication.yaml."""
    colour_line: int = 0
    """Where ``cmyk`` is written in publication.yaml."""


@dataclass(frozen=True)
class Sector:
    id: str
    short: str
    name: str


@dataclass(frozen=True)
class CardSpec:
    """A theme's own choices for the discussion card deck: which of its own texts the card
    shows (never other text), and what it leaves to the brochure."""

    line: int = 0
    """The line of the ``card:`` section in the theme's file."""
    lead: tuple[int, ...] | None = None
    """Numbers (from 1) of the intro paragraphs the card's front shows; None: all."""
    front: tuple[str, ...] | None = None
    """Block kinds or ids on the front; None: as ``layouts/cards.yaml`` says."""
    back: tuple[str, ...] | None = None
    brochure: tuple[str, ...] = ()
    """Block kinds or ids the card leaves to the brochure, on purpose."""


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
    line: int = 0
    """The line of the theme's ``title`` in its file."""


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
    lines: dict[str, int] = field(default_factory=dict, compare=False)
    """The line of each field of publication.yaml, for problems found later (a title too
    long for the room the layouts give it)."""

    @property
    def opening(self) -> tuple[Theme, ...]:
        return tuple(t for t in self.themes if t.part == "opening")

    def themes_of(self, pillar: Pillar) -> tuple[Theme, ...]:
        return tuple(t for t in self.themes if t.pillar == pillar and t.part == "theme")

    def pillars_with_themes(self) -> list[Pillar]:
        """The pillars that have themes (in a sector's view, themes for that sector): those
        an overview, the contents and the deck name."""
        return [pillar for pillar in self.pillars if self.themes_of(pillar)]

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


def block_texts(block: Block) -> Iterator[RichText]:
    """Every piece of a block's inline text, its items at every depth, in order."""
    yield from block.text
    yield from (text for _, text in _sectored_items(block.items))


def theme_texts(theme: Theme) -> Iterator[RichText]:
    """Every piece of the theme's inline text, in order."""
    return (text for _, text in sectored_texts(theme))
