"""One sector's view of the publication: only what concerns it, in its own words."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from .model import (
    LIST_KINDS,
    Block,
    Chapter,
    Item,
    Publication,
    RichText,
    Section,
    Span,
    Theme,
    Wording,
)


def for_sector(pub: Publication, sector: str, wording: bool = True) -> Publication:
    """``pub`` narrowed to ``sector``: other sectors' items, blocks and themes left out.

    With ``wording``, every slash phrase of the wording table reads the sector's word.
    """
    words = _Rewriter(pub.wording, sector) if wording else _Rewriter((), sector)
    themes = tuple(t for theme in pub.themes
                   if (t := _theme_for(theme, sector, words)) is not None)
    return replace(_cover_for(pub, words), themes=themes, sector=sector,
                   about=_chapter(pub.about, words), colophon=_chapter(pub.colophon, words))


def cover_for_sector(pub: Publication, sector: str) -> Publication:
    """``pub`` with the texts of its cover (title, subtitle, tagline) in ``sector``'s
    words, as that sector's booklet prints them; nothing else narrowed."""
    return _cover_for(pub, _Rewriter(pub.wording, sector))


def _cover_for(pub: Publication, words: _Rewriter) -> Publication:
    return replace(pub, title=words(pub.title), subtitle=words(pub.subtitle),
                   tagline=words(pub.tagline))


class _Rewriter:
    """Replaces the wording table's phrases, keeping a capital first letter."""

    def __init__(self, rows: tuple[Wording, ...], sector: str) -> None:
        self.table = {row.phrase.lower(): row.by_sector[sector] for row in rows}
        self.pattern = _pattern(tuple(sorted(self.table, key=len, reverse=True)))

    def __call__(self, text: str) -> str:
        if self.pattern is None:
            return text
        return self.pattern.sub(self._replacement, text)

    def _replacement(self, match: re.Match[str]) -> str:
        found = match.group(0)
        word = self.table[found.lower()]
        return word[:1].upper() + word[1:] if found[:1].isupper() else word

    def rich(self, text: RichText) -> RichText:
        return RichText(tuple(Span(self(s.text), s.emphasis, s.link) for s in text.spans))


@cache
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    alternatives = "|".join(re.escape(p) for p in phrases)
    return re.compile(rf"(?<![\w/-])(?:{alternatives})(?![\w/])", re.IGNORECASE)


def _theme_for(theme: Theme, sector: str, words: _Rewriter) -> Theme | None:
    if sector not in theme.sectors:
        return None
    blocks = tuple(b for block in theme.blocks
                   if (b := _block_for(block, sector, words)) is not None)
    if not blocks and not theme.intro:
        return None
    return replace(theme, title=words(theme.title), intro=tuple(words.rich(t) for t in theme.intro),
                   blocks=blocks)


def _block_for(block: Block, sector: str, words: _Rewriter) -> Block | None:
    if sector not in block.sectors:
        return None
    items = _items_for(block.items, sector, words)
    if block.kind in LIST_KINDS and not items:
        return None
    return replace(block, heading=words(block.heading) if block.heading else None,
                   text=tuple(words.rich(t) for t in block.text), items=items,
                   speaker=words(block.speaker) if block.speaker else None)


def _items_for(items: tuple[Item, ...], sector: str, words: _Rewriter) -> tuple[Item, ...]:
    return tuple(replace(item, text=words.rich(item.text),
                         items=_items_for(item.items, sector, words))
                 for item in items if sector in item.sectors)


def _chapter(chapter: Chapter, words: _Rewriter) -> Chapter:
    sections = tuple(Section(words(s.heading) if s.heading else None,
                             tuple(words.rich(t) for t in s.text)) for s in chapter.sections)
    return Chapter(words(chapter.title), sections)
