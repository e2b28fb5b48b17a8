"""Hyphenation answered by pyphen once, then by the cache: same answers, same PDFs."""

from __future__ import annotations

import copy
from pathlib import Path

import pyphen
import pytest

from inspiratiekaart.pipeline import BuildOptions, build
from inspiratiekaart.render import hyphenation
from inspiratiekaart.render.hyphenation import Hyphenator, cache_file, save_learnt
from tests.conftest import CONTENT

WORDS = ["ontwikkeling", "leerlingen", "schoolklimaat", "gelijkekansenbeleid", "ë"]


def refuse_the_dictionary(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the answer should come from the cache")

    monkeypatch.setattr(pyphen, "Pyphen", refuse)


def test_answers_are_pyphens(cache):
    dictionary = pyphen.Pyphen(lang="nl_NL")
    hyphenate = Hyphenator("nl_NL")
    for word in WORDS:
        assert [tuple(pair) for pair in hyphenate(word)] == list(dictionary.iterate(word))


def test_learnt_words_are_saved_and_then_answered_without_the_dictionary(cache, monkeypatch):
    first = Hyphenator("nl_NL")
    expected = {word: first(word) for word in WORDS}
    learnt = first.take_learnt()
    assert set(learnt) == set(WORDS) and first.take_learnt() == {}
    save_learnt({"nl_NL": learnt})
    assert cache_file("nl_NL").is_file()
    refuse_the_dictionary(monkeypatch)
    second = Hyphenator("nl_NL")
    assert {word: second(word) for word in WORDS} == expected
    assert second.take_learnt() == {}


@pytest.mark.parametrize("damage", ["", "not json", "[1, 2]", '{"woord": [["wo"]]}'])
def test_a_damaged_cache_file_is_ignored(cache, damage):
    path = cache_file("nl_NL")
    path.parent.mkdir(parents=True)
    path.write_text(damage, encoding="utf-8")
    hyphenate = Hyphenator("nl_NL")
    assert hyphenate("ontwikkeling") == [list(p) for p in
                                         pyphen.Pyphen(lang="nl_NL").iterate("ontwikkeling")]
    save_learnt({"nl_NL": hyphenate.take_learnt()})
    assert "ontwikkeling" in hyphenation.read_cache(path)


def test_caching_can_be_turned_off(monkeypatch, tmp_path):
    monkeypatch.setenv("INSPIRATIEKAART_CACHE", "")
    hyphenate = Hyphenator("nl_NL")
    assert hyphenate("leerlingen")
    save_learnt({"nl_NL": hyphenate.take_learnt()})
    assert cache_file("nl_NL") is None and not list(tmp_path.rglob("*.json"))


def test_a_copied_style_keeps_the_one_hyphenator():
    hyphenate = Hyphenator("nl_NL")
    assert copy.copy(hyphenate) is hyphenate and copy.deepcopy(hyphenate) is hyphenate


def test_a_build_fills_the_cache_and_the_next_one_needs_no_dictionary(cache, monkeypatch,
                                                                       tmp_path):
    def build_brochure(out: Path) -> bytes:
        hyphenation.hyphenator("nl_NL").known = None  # read this test's cache folder
        build(BuildOptions(content_dir=CONTENT, out_dir=out, targets=("brochure",),
                           jobs=1, quiet=True, preflight=False), say=lambda line: None)
        return (out / "brochure.pdf").read_bytes()

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = build_brochure(tmp_path / "first")
    assert hyphenation.read_cache(cache_file("nl_NL"))
    refuse_the_dictionary(monkeypatch)
    assert build_brochure(tmp_path / "second") == first


def test_words_learnt_in_the_workers_reach_the_builds_own_hyphenator(cache, monkeypatch):
    monkeypatch.setattr(hyphenation, "_HYPHENATORS", {})
    own = hyphenation.hyphenator("nl_NL")
    own("leerlingen")  # loads the (empty) cache
    refuse_the_dictionary(monkeypatch)
    save_learnt({"nl_NL": {"schoolklimaat": [["school-", "klimaat"]]}})
    assert own("schoolklimaat") == [["school-", "klimaat"]]
