"""Problem messages: counts, close matches."""

from __future__ import annotations

from inspiratiekaart.content.problems import ContentError, Problem, counted, did_you_mean


def test_a_count_is_singular_only_for_one():
    assert [counted(n, "opening page") for n in (0, 1, 2)] == [
        "0 opening pages", "1 opening page", "2 opening pages"]


def test_the_report_ends_with_the_count_of_problems():
    one = ContentError([Problem("a.yaml", 3, "title", "is empty")]).report()
    two = ContentError([Problem("a.yaml", 3, "title", "is empty")] * 2).report()
    assert one.endswith("1 problem; nothing was built.")
    assert two.endswith("2 problems; nothing was built.")


def test_a_close_match_is_suggested_ignoring_case_and_by_other_spellings():
    assert did_you_mean("MBO", ["po", "vo", "mbo"]) == "; did you mean mbo?"
    assert did_you_mean("Leestip", {"leestips": "reading_tips"}) == "; did you mean reading_tips?"
    assert did_you_mean("hbo-universiteit", ["po", "vo"]) == ""
