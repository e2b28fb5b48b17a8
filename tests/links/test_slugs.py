"""Short-link slugs: a safe alphabet, unique, and durable through a lock that only grows."""

from __future__ import annotations

import json
from itertools import count, islice
from pathlib import Path

import pytest
import yaml

from inspiratiekaart.content.loader import load_publication
from inspiratiekaart.content.problems import ContentError
from inspiratiekaart.links.registry import LinkRegistry, build_registry
from inspiratiekaart.links.report import LOCK_FILE, apply_slugs
from inspiratiekaart.links.slugs import (
    ALPHABET,
    MAX_SLUG_LENGTH,
    SLUG_LENGTH,
    assign_slugs,
    read_lock,
    slug_candidates,
    write_lock,
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


# The lock file is content ------------------------------------------------------------------
HOSTILE_LOCK = [
    ("#", ""),
    ('"https://www.globaltalk.nl/": zzzzz', None),
    ('"https://kort.example/\\"; }\\nserver { listen 80; return 301 https://evil.example; }'
     '\\nmap $a $b {": abcde', "contains a space"),
    ('"https://kort.example/x 301\\n/* https://evil.example/": fghjk', "contains a space"),
    ('"javascript:alert(1)": ghjkm', "scheme 'javascript:'"),
    ('"/relatief": hjkmn', "no scheme"),
    ('"https://example.org/a": "ab\\"; }"', "is not a slug"),
    ('"https://example.org/b": [abcde]', "a list is not a slug"),
    ('"https://example.org/c": ', "nothing is not a slug"),
    ('"https://example.org/d": abcd', "'abcd' is not a slug"),
    ('"https://example.org/e": ' + "a" * (MAX_SLUG_LENGTH + 1), "is not a slug"),
    ('"https://example.org/f": ABCDE', "'ABCDE' is not a slug"),
    ('"https://example.org/g": zzzzz', "'zzzzz' is already the slug of line 2"),
    ('"https://www.GLOBALTALK.nl/": jkmnp', None),
    ('"https://example.org/caf\u00e9": kmnpq', None),
    ('"https://example.org/caf%C3%A9": mnpqr', "is already on line 15"),
]
"""Lines of a hand-edited lock, each with what its problem must say (None: a good line)."""


def hostile_lock(content: Path) -> Path:
    path = content / LOCK_FILE
    path.write_text("".join(line + "\n" for line, _ in HOSTILE_LOCK), encoding="utf-8")
    return path


def test_every_problem_of_a_lock_is_reported_with_its_line(content_copy):
    path = hostile_lock(content_copy)
    with pytest.raises(ContentError) as refused:
        read_lock(path)
    found = {(p.line, p.message) for p in refused.value.problems}
    expected = [(number, why) for number, (_, why) in enumerate(HOSTILE_LOCK, 1) if why]
    assert len(refused.value.problems) == len(expected)
    for line, why in expected:
        assert any(n == line and why in message for n, message in found), (line, why, found)
    for problem in refused.value.problems:
        assert problem.file == str(path) and problem.field in ("address", "slug")
        assert "\n" not in str(problem)


def test_a_bad_lock_is_refused_even_with_short_links_off(content_copy):
    hostile_lock(content_copy)
    pub = load_publication(content_copy)
    assert pub.redirect_base is None
    with pytest.raises(ContentError):
        apply_slugs(build_registry(pub), content_copy, pub.redirect_base)


def test_lock_addresses_are_normalised_as_in_the_content(content_copy):
    path = content_copy / LOCK_FILE
    path.write_text('"https://example.org/caf\u00e9": kmnpq\n"https://Www.Globaltalk.nl/": '
                    'zzzzz\n', encoding="utf-8")
    assert read_lock(path) == {"https://example.org/caf%C3%A9": "kmnpq",
                               "https://Www.Globaltalk.nl/": "zzzzz"}


def test_a_lock_that_is_not_a_mapping_is_refused(content_copy):
    path = content_copy / LOCK_FILE
    path.write_text("# slugs\n- https://www.globaltalk.nl/\n- zzzzz\n", encoding="utf-8")
    with pytest.raises(ContentError) as refused:
        read_lock(path)
    [problem] = refused.value.problems
    assert problem.line == 2 and "'address: slug'" in problem.message


def test_a_slug_of_digits_survives_the_lock(content_copy):
    url = next(u for u in (f"https://example.org/{n}" for n in count())
               if next(slug_candidates(u)).isdigit())
    slug = next(slug_candidates(url))
    path = content_copy / LOCK_FILE
    write_lock(path, {url: slug}, {})
    assert read_lock(path) == {url: slug}
    assert path.read_text(encoding="utf-8").endswith(f"{json.dumps(url)}: \"{slug}\"\n")
    path.write_text(f"{json.dumps(url)}: {slug}\n", encoding="utf-8")  # as written before
    assert read_lock(path) == {url: slug}


def test_no_lock_is_written_for_content_without_links(tmp_path):
    write_lock(tmp_path / LOCK_FILE, {}, {})
    assert not (tmp_path / LOCK_FILE).exists()
