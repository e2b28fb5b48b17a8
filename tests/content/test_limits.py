"""The content limits: one table, printed in the docs, far above the real content."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from inspiratiekaart.content import limits
from inspiratiekaart.content.loader import load_publication
from inspiratiekaart.content.model import Item, Publication, theme_texts
from tests.conftest import CONTENT, ROOT

MARGIN = 5
"""Every limit is at least this many times what the real content holds."""


def docs_rows() -> list[str]:
    text = (ROOT / "docs" / "content-format.md").read_text(encoding="utf-8")
    section = text.split("## Limits", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| ") and
            not line.startswith(("| what", "| ---"))]


@pytest.mark.parametrize("limit", limits.ALL, ids=lambda limit: f"{limit.noun} in {limit.whole}")
def test_every_limit_is_printed_in_the_docs(limit):
    rows = [row for row in docs_rows() if f"{limit.noun} in {limit.whole}" in row]
    assert len(rows) == 1, f"no row for {limit.noun} in {limit.whole}"
    assert rows[0].endswith(f"| {limit.value:,} |")


def test_the_docs_print_no_other_limit():
    assert len(docs_rows()) == len(limits.ALL)


def all_items(items: tuple[Item, ...]) -> list[Item]:
    return [found for item in items for found in (item, *all_items(item.items))]


def depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max(map(depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(depth, value), default=0)
    return 0


def nesting(path: Path) -> int:
    import yaml

    return depth(yaml.safe_load(path.read_text(encoding="utf-8")))


def texts(pub: Publication) -> list[str]:
    chapters = [t.plain for c in (pub.about, pub.colophon) for s in c.sections for t in s.text]
    return chapters + [text.plain for theme in pub.themes for text in theme_texts(theme)]


def titles(pub: Publication) -> list[str]:
    """Every title, heading and name (the tagline is a sentence: a text)."""
    chapters = [pub.about, pub.colophon]
    return [pub.title, pub.subtitle, pub.programme, *pub.publishers,
            *(p.name for p in pub.pillars), *(s.name for s in pub.sectors),
            *(c.title for c in chapters), *(s.heading or "" for c in chapters for s in c.sections),
            *(t.title for t in pub.themes),
            *(b.heading or b.speaker or "" for t in pub.themes for b in t.blocks)]


def links_per_file(pub: Publication) -> int:
    return max(sum(1 for text in theme_texts(theme) for _ in text.links())
               for theme in pub.themes)


MEASURES: dict[limits.Limit, Callable[[Publication, list[Path]], int]] = {
    limits.THEMES: lambda pub, files: len(pub.themes),
    limits.PILLARS: lambda pub, files: len(pub.pillars),
    limits.SECTORS: lambda pub, files: len(pub.sectors),
    limits.ADDRESSES: lambda pub, files: len(pub.link_sites),
    limits.FILE_BYTES: lambda pub, files: max(os.path.getsize(f) for f in files),
    limits.NESTING: lambda pub, files: max(map(nesting, files)),
    limits.BLOCKS: lambda pub, files: max(len(t.blocks) for t in pub.themes),
    limits.THEME_ITEMS: lambda pub, files: max(
        len(all_items(tuple(i for b in t.blocks for i in b.items))) for t in pub.themes),
    limits.LINKS: lambda pub, files: links_per_file(pub),
    limits.ITEMS: lambda pub, files: max(
        len(items) for t in pub.themes for b in t.blocks
        for items in (b.items, *(i.items for i in all_items(b.items)))),
    limits.TEXT_CHARS: lambda pub, files: max(map(len, texts(pub))),
    limits.TITLE_CHARS: lambda pub, files: max(map(len, titles(pub))),
    limits.ADDRESS_CHARS: lambda pub, files: max(map(len, pub.link_sites)),
}


def test_every_limit_is_measured_here():
    assert set(MEASURES) == set(limits.ALL)


@pytest.mark.parametrize("limit", limits.ALL, ids=lambda limit: f"{limit.noun} in {limit.whole}")
def test_the_real_content_stays_far_below_every_limit(limit):
    pub = load_publication(CONTENT)
    files = sorted(CONTENT.rglob("*.yaml"))
    largest = MEASURES[limit](pub, files)
    assert 0 < largest * MARGIN <= limit.value, f"{largest} of {limit.value}"
