"""Content text escaped into paragraph markup; templates compiled once, then from the cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import bccache

from inspiratiekaart.content.inline import parse_inline
from inspiratiekaart.render import markup

SOURCE = "Zie <b>&amp; [de gids](https://e.org/a?b=1&c=2) over *naïeve* ruïnes"


@pytest.fixture
def cache(cache: Path) -> Path:
    """An empty build cache, and Jinja environments made anew."""
    fresh_environments()
    yield cache
    fresh_environments()


def fresh_environments() -> None:
    markup.environment.cache_clear()
    markup.labels.cache_clear()


def rendered() -> tuple[str, str]:
    return (markup.rich_markup(parse_inline(SOURCE), "#123456", lambda link: 7),
            markup.label("qr_caption", number=7, address="e.org/a"))


def test_content_text_is_escaped_and_links_are_marked_up():
    text, _ = rendered()
    assert "&lt;b&gt;&amp;amp;" in text
    assert 'href="https://e.org/a?b=1&amp;c=2"' in text
    assert "<i>naïeve</i>" in text


def test_templates_compiled_from_the_cache_render_the_same(cache):
    first = rendered()
    compiled = sorted(cache.rglob("*.cache"))
    assert {path.parent.name for path in compiled} == {"markup", "labels"}
    fresh_environments()
    assert rendered() == first


@pytest.mark.parametrize("damage", ["truncated", "garbage after the header"])
def test_a_damaged_compiled_template_is_compiled_again(cache, damage):
    first = rendered()
    for path in cache.rglob("*.cache"):
        header = path.read_bytes()[:len(bccache.bc_magic)]
        path.write_bytes(header[:5] if damage == "truncated" else header + b"\x80\x05garbage")
    fresh_environments()
    assert rendered() == first


def test_no_compiled_templates_when_caching_is_off(monkeypatch, tmp_path):
    monkeypatch.setenv("INSPIRATIEKAART_CACHE", "")
    fresh_environments()
    try:
        assert markup.compiled_templates("markup") is None
        assert rendered()[1]
    finally:
        fresh_environments()
