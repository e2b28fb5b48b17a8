"""Short-link slugs: a safe alphabet, unique, and durable through a lock that only grows."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

import yaml

from inspiratiekaart.content.loader import load_publication
from inspiratiekaart.links.registry import LinkRegistry, build_registry
from inspiratiekaart.links.report import LOCK_FILE, apply_slugs
from inspiratiekaart.links.slugs import (
    ALPHABET,
    SLUG_LENGTH,
    assign_slugs,
    read_lock,
    slug_candidates,
)
from tests.conftest import CONTENT

BASE = "https://kort.example/r/"
NEW_URL = "https://www.example.org/nieuw-in-het-midden"
GLOBALTALK = "https://www.globaltalk.nl/"
LAST_URL = "https://www.gezondeschool.nl/"


def real_urls() -> list[str]:
    return [entry.url for entry in build_registry(load_publication(CONTENT))]


def with_redirects(content: Path) -> Path:
    """Turn short links on in a content copy."""
    path = content / "publication.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("redirect_base: null") == 1
    path.write_text(text.replace("redirect_base: null", f'redirect_base: "{BASE}"'),
                    encoding="utf-8")
    return content


def add_link_in_the_middle(content: Path) -> None:
    """A new address next to globaltalk (theme meertaligheid, early in the reading order)."""
    path = content / "themes" / "meertaligheid.yaml"
    text = path.read_text(encoding="utf-8")
    old = f"]({GLOBALTALK})"
    assert text.count(old) == 1
    path.write_text(text.replace(old, f"{old} en [meer]({NEW_URL})"), encoding="utf-8")


def slugged(content: Path) -> LinkRegistry:
    """Load ``content`` and give its links their slugs, as the build does."""
    pub = load_publication(content)
    registry = build_registry(pub)
    apply_slugs(registry, content, pub.redirect_base)
    return registry


def test_slugs_are_five_safe_characters_and_unique():
    slugs = assign_slugs(real_urls(), {})
    assert len(slugs) == 67
    assert len(set(slugs.values())) == 67
    for slug in slugs.values():
        assert len(slug) == SLUG_LENGTH == 5
        assert set(slug) <= set(ALPHABET)
    assert not set(ALPHABET) & set("01ilo")


def test_slugs_are_deterministic_and_independent_of_neighbours():
    urls = real_urls()
    first = assign_slugs(urls, {})
    assert assign_slugs(urls, {}) == first
    grown = assign_slugs([*urls[:10], NEW_URL, *urls[10:]], {})
    assert {url: grown[url] for url in urls} == first


def test_locked_slug_wins_and_is_never_reused():
    computed = next(slug_candidates(NEW_URL))
    slugs = assign_slugs([GLOBALTALK, NEW_URL], {GLOBALTALK: computed})
    assert slugs[GLOBALTALK] == computed
    assert slugs[NEW_URL] == list(islice(slug_candidates(NEW_URL), 2))[1]


def test_lock_file_wins_over_the_computed_slug(content_copy):
    content = with_redirects(content_copy)
    (content / LOCK_FILE).write_text(f"{GLOBALTALK}: zzzzz\n", encoding="utf-8")
    registry = slugged(content)
    assert registry.entry(GLOBALTALK).slug == "zzzzz"
    assert registry.entry(GLOBALTALK).payload == BASE + "zzzzz"
    assert "zzzzz" not in {e.slug for e in registry if e.url != GLOBALTALK}


def test_new_link_in_the_middle_keeps_existing_slugs(content_copy):
    content = with_redirects(content_copy)
    before = {e.url: (e.slug, e.number) for e in slugged(content)}
    add_link_in_the_middle(content)
    after = {e.url: (e.slug, e.number) for e in slugged(content)}
    assert {url: after[url][0] for url in before} == {url: s for url, (s, _) in before.items()}
    assert after[NEW_URL][1] == before[GLOBALTALK][1] + 1
    assert after[LAST_URL][1] == before[LAST_URL][1] + 1 == 68


def test_lock_only_grows(content_copy):
    content = with_redirects(content_copy)
    lock = content / LOCK_FILE
    slugged(content)
    first = lock.read_bytes()
    assert len(read_lock(lock)) == 67
    slugged(content)
    assert lock.read_bytes() == first
    add_link_in_the_middle(content)
    slugged(content)
    second = lock.read_bytes()
    assert second.startswith(first)
    added = second[len(first):].decode("utf-8").splitlines()
    assert len(added) == 1
    assert yaml.safe_load(added[0]) == {NEW_URL: read_lock(lock)[NEW_URL]}


def test_no_lock_without_redirect_base(content_copy):
    registry = slugged(content_copy)
    assert not (content_copy / LOCK_FILE).exists()
    assert all(entry.slug is None and entry.payload == entry.url for entry in registry)
