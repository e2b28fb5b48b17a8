"""Hyphenation answered by pyphen once, then by the cache: same answers, same PDFs; a word
longer than any line is broken without the dictionary, in work linear in its length."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pyphen
import pytest
from reportlab.platypus import Paragraph

from inspiratiekaart.pipeline import BuildOptions, build
from inspiratiekaart.render import hyphenation
from inspiratiekaart.render.hyphenation import (
    LONGEST_WORD,
    Hyphenator,
    save_learnt,
    store,
    take_learnt,
)
from inspiratiekaart.render.styles import paragraph_styles
from tests.conftest import CONTENT
from tests.pdfcheck import page_texts

WORDS = ["ontwikkeling", "leerlingen", "schoolklimaat", "gelijkekansenbeleid", "ë"]


@pytest.fixture
def cache(cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty build cache, and stores with nothing in memory."""
    monkeypatch.setattr(hyphenation, "_STORES", {})
    return cache


def refuse_the_dictionary(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the answer should come from the cache")

    monkeypatch.setattr(pyphen, "Pyphen", refuse)


def pyphens(word: str) -> list[tuple[str, str]]:
    return list(pyphen.Pyphen(lang="nl_NL").iterate(word))


def test_answers_are_pyphens(cache):
    hyphenate = Hyphenator("nl_NL")
    for word in WORDS:
        assert hyphenate(word) == pyphens(word)


def test_capitals_are_kept_whole_and_no_piece_is_one_letter_beside_a_hyphen(cache):
    hyphenate = Hyphenator("nl_NL")
    assert pyphens("HUMAN") and hyphenate("HUMAN") == []
    assert ("sociaal-e", "motionele") in pyphens("sociaal-emotionele")
    assert hyphenate("sociaal-emotionele") == [
        pair for pair in pyphens("sociaal-emotionele") if pair != ("sociaal-e", "motionele")]
    assert hyphenate("e-mail") == [("e-", "mail")]  # at the word's own hyphen


def test_no_line_of_a_booklet_ends_in_a_piece_of_one_letter(built):
    """The mbo and go booklets broke "sociaal-e-" at a line's end (PDFium reads the
    hyphen a line break adds as \x02, and the line on)."""
    for name in ("booklet-mbo.pdf", "booklet-go.pdf", "brochure.pdf", "cards.pdf"):
        text = "\n".join(page_texts(built / name))
        assert "\x02" in text  # words are broken at line ends
        assert re.findall(r"(?:^|[\s-])\w\x02\w+", text) == [], name


def test_learnt_words_are_saved_and_then_answered_without_the_dictionary(cache, monkeypatch):
    expected = {word: Hyphenator("nl_NL")(word) for word in WORDS}
    learnt = take_learnt()
    assert set(learnt["nl_NL"]) == set(WORDS) and take_learnt() == {}
    save_learnt(learnt)
    assert store("nl_NL").file().is_file()
    monkeypatch.setattr(hyphenation, "_STORES", {})  # a new process, as it were
    refuse_the_dictionary(monkeypatch)
    assert {word: Hyphenator("nl_NL")(word) for word in WORDS} == expected
    assert take_learnt() == {}


def test_the_cache_keeps_a_words_break_points(cache):
    Hyphenator("nl_NL")("ontwikkeling")
    save_learnt(take_learnt())
    assert store("nl_NL").read() == {"ontwikkeling": [3, 6, 8]}
    assert pyphens("ontwikkeling")[-1] == ("ont", "wikkeling")


@pytest.mark.parametrize("damage", ["", "not json", "[1, 2]", '{"woord": [["wo"]]}'])
def test_a_damaged_cache_file_is_ignored(cache, damage):
    path = store("nl_NL").file()
    path.parent.mkdir(parents=True)
    path.write_text(damage, encoding="utf-8")
    assert Hyphenator("nl_NL")("ontwikkeling") == pyphens("ontwikkeling")
    save_learnt(take_learnt())
    assert "ontwikkeling" in store("nl_NL").read()


def test_a_cache_of_three_gigabytes_is_ignored_and_rebuilt(cache):
    path = store("nl_NL").file()
    path.parent.mkdir(parents=True)
    with open(path, "wb") as sparse:  # 3 GB on paper, no blocks on disk
        sparse.truncate(3 * 1024 ** 3)
    assert Hyphenator("nl_NL")("ontwikkeling") == pyphens("ontwikkeling")
    save_learnt(take_learnt())
    assert path.stat().st_size < 1000
    assert store("nl_NL").read() == {"ontwikkeling": [3, 6, 8]}


def test_caching_can_be_turned_off(monkeypatch, tmp_path):
    monkeypatch.setenv("INSPIRATIEKAART_CACHE", "")
    monkeypatch.chdir(tmp_path)
    assert Hyphenator("nl_NL")("leerlingen")
    save_learnt(take_learnt())
    assert store("nl_NL").file() is None and not list(tmp_path.rglob("*"))


def test_a_copied_style_keeps_what_its_hyphenator_learns(cache):
    hyphenate = Hyphenator("nl_NL")
    for copied in (copy.copy(hyphenate), copy.deepcopy(hyphenate)):
        assert copied == hyphenate
    copy.deepcopy(hyphenate)("schoolklimaat")
    assert "schoolklimaat" in take_learnt()["nl_NL"]


def test_a_word_longer_than_any_dictionarys_is_not_hyphenated(cache, monkeypatch):
    longest = "ontwikkeling" * (LONGEST_WORD // 12)
    assert len(longest) == LONGEST_WORD
    assert Hyphenator("nl_NL")(longest) == pyphens(longest)
    refuse_the_dictionary(monkeypatch)
    assert Hyphenator("nl_NL")(longest + "en") == []
    assert take_learnt()["nl_NL"].keys() == {longest}


def asked_while_wrapping(monkeypatch: pytest.MonkeyPatch, text: str, width: float) -> list[str]:
    """The words ReportLab asks the hyphenator about while wrapping ``text`` (in the
    brochure's body style) to ``width``."""
    asked: list[str] = []
    answer = Hyphenator.__call__

    def recording(self: Hyphenator, word: str) -> list[tuple[str, str]]:
        asked.append(str(word))
        return answer(self, word)

    monkeypatch.setattr(Hyphenator, "__call__", recording)
    style = paragraph_styles("brochure")["body"]
    assert isinstance(style.hyphenationLang, Hyphenator)
    Paragraph(text, style).wrap(width, 10_000)
    return asked


@pytest.mark.parametrize("length", [2_000, 8_000])
@pytest.mark.parametrize("width", [100, 300])
def test_a_word_longer_than_a_line_is_not_asked_about_for_every_line(cache, monkeypatch,
                                                                      length, width):
    """ReportLab asks about the whole word, then perhaps about each line's piece of it;
    asking about what is left of it on every line would be quadratic."""
    word = ("ontwikkeling" * length)[:length]
    asked = asked_while_wrapping(monkeypatch, f"Een woord: {word} en verder.", width)
    assert sum(len(question) for question in asked) <= 3 * length, f"{len(asked)} questions"


def test_a_build_fills_the_cache_and_the_next_one_needs_no_dictionary(cache, monkeypatch,
                                                                       tmp_path):
    def build_brochure(out: Path) -> bytes:
        build(BuildOptions(content_dir=CONTENT, out_dir=out, targets=("brochure",),
                           jobs=1, quiet=True, preflight=False), say=lambda line: None)
        return (out / "brochure.pdf").read_bytes()

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = build_brochure(tmp_path / "first")
    assert store("nl_NL").read()
    monkeypatch.setattr(hyphenation, "_STORES", {})  # a new process, as it were
    refuse_the_dictionary(monkeypatch)
    assert build_brochure(tmp_path / "second") == first


def test_words_learnt_in_the_workers_reach_the_builds_own_hyphenator(cache, monkeypatch):
    own = Hyphenator("nl_NL")
    own("leerlingen")  # loads the (empty) cache
    refuse_the_dictionary(monkeypatch)
    save_learnt({"nl_NL": {"schoolklimaat": [6, 9]}})
    assert own("schoolklimaat") == [("schoolkli", "maat"), ("school", "klimaat")]
