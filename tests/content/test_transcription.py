"""The content is the whole source: every URL, and the source's text to at least 97%."""

from __future__ import annotations

from pathlib import Path

from inspiratiekaart.content.loader import load_publication
from inspiratiekaart.links.registry import build_registry
from inspiratiekaart.render.markup import block_title
from tests.textcoverage import coverage, source_urls

CONTENT = Path(__file__).resolve().parents[2] / "content"


def content_text() -> str:
    """Every printed word of the content: titles, headings, texts, speakers, chapters."""
    pub = load_publication(CONTENT)
    parts = [pub.title, pub.subtitle, pub.tagline]
    for theme in pub.themes:
        parts.append(theme.title)
        parts += [t.plain for t in theme.intro]
        for block in theme.blocks:
            parts += [block_title(block) or "", block.speaker or ""]
            parts += [t.plain for t in block.text]
            parts += _items(block.items)
    for chapter in (pub.about, pub.colophon):
        parts.append(chapter.title)
        for section in chapter.sections:
            parts += [section.heading or ""] + [t.plain for t in section.text]
    return "\n".join(parts)


def _items(items) -> list[str]:
    texts = []
    for item in items:
        texts.append(item.text.plain)
        texts += _items(item.items)
    return texts


def test_every_source_url_is_in_the_content():
    registry = build_registry(load_publication(CONTENT))
    urls = {entry.url for entry in registry}
    assert source_urls() - urls == set()
    assert urls - source_urls() == set()
    assert len(urls) == 67


def test_content_covers_the_source_text():
    share, missing = coverage(content_text())
    assert share >= 0.97, f"{share:.1%} covered; missing runs:\n" + "\n".join(missing)
