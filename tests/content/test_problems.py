"""Problem messages: counts, close matches."""

from __future__ import annotations

from inspiratiekaart.content.problems import (
    ContentError,
    Problem,
    closest,
    counted,
    did_you_mean,
    excerpt,
    share_of,
)


def test_a_count_is_singular_only_for_one():
    assert [counted(n, "opening page") for n in (0, 1, 2)] == [
        "0 opening pages", "1 opening page", "2 opening pages"]


def test_a_share_says_all_when_it_is_the_whole():
    assert [share_of(part, 67) for part in (65, 67)] == ["65 of the 67", "all 67"]


def test_the_report_ends_with_the_count_of_problems():
    one = ContentError([Problem("a.yaml", 3, "title", "is empty")]).report()
    two = ContentError([Problem("a.yaml", 3, "title", "is empty")] * 2).report()
    assert one.endswith("1 problem; nothing was built.")
    assert two.endswith("2 problems; nothing was built.")


def test_a_close_match_is_suggested_ignoring_case_and_by_other_spellings():
    assert did_you_mean("MBO", ["po", "vo", "mbo"]) == "; did you mean mbo?"
    assert did_you_mean("Leestip", {"leestips": "reading_tips"}) == "; did you mean reading_tips?"
    assert did_you_mean("hbo-universiteit", ["po", "vo"]) == ""


def test_the_closest_choice_is_the_choice_itself_or_none():
    assert closest(" Width ", ["width", "height"]) == "width"
    assert closest("leestip", {"Leestips": "reading_tips"}) == "reading_tips"
    assert closest("colour", ["width", "height"]) is None


def test_an_excerpt_is_quoted_escaped_and_shortened():
    assert excerpt("a\tb") == "'a\\tb'"
    assert excerpt("x" * 80) == repr("x" * 59 + "…")
