"""Rules between the settings of one file: checked on the values, reported at the setting
most likely to be changed, skipped while a value they need is itself wrong."""

from __future__ import annotations

from pathlib import Path

from inspiratiekaart.content.problems import Problems
from inspiratiekaart.content.yamlfile import read_yaml
from inspiratiekaart.layout.rules import Fits, NotBelow, expand, value_at
from inspiratiekaart.layout.settings import Checking, Group, Length

PAGE = Group("layout", fields={
    "page": Group("page", fields={"width": Length("w"), "inner": Length("i"),
                                  "body": Length("b")}),
    "styles": Group("styles", fields={
        "body": Group("s", fields={"size": Length("s"), "family": Length("f", required=False)}),
        "number": Group("n", fields={"size": Length("s")})}),
    "minimum": Length("m"),
})
FITS = Fits(("page.inner", "page.body"), "page.width", at="page.body", why="columns fit")
NOT_BELOW = NotBelow(("styles.*.size",), "minimum", why="legible", only_with="family")


def run(tmp_path: Path, text: str, *rules, schema: Group = PAGE) -> list[str]:
    """The problems of the layout ``text`` read with ``schema`` and checked by ``rules``,
    each without the file's name."""
    path = tmp_path / "layout.yaml"
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    root = read_yaml(path, problems)
    checking = Checking(problems)
    values = schema.check(root, "", checking)
    for rule in rules:
        rule.check(root, values, checking)
    return [str(p).removeprefix(f"{path}:") for p in problems.items]


LAYOUT = """\
page:
  width: 100mm
  inner: 20mm
  body: {body}
styles:
  body: {{size: {size}, family: 1pt}}
  number: {{size: 5pt}}
minimum: 8pt
"""


def test_lengths_that_fit_and_sizes_above_the_minimum_pass(tmp_path):
    assert run(tmp_path, LAYOUT.format(body="80mm", size="9pt"), FITS, NOT_BELOW) == []


def test_columns_wider_than_the_page_are_reported_at_the_column(tmp_path):
    assert run(tmp_path, LAYOUT.format(body="81mm", size="9pt"), FITS) == [
        "4: page.body: page.inner + page.body is 101.0 mm, more than page.width (100.0 mm): "
        "columns fit"]


def test_a_size_below_the_minimum_is_reported_only_for_entries_that_have_the_key(tmp_path):
    assert run(tmp_path, LAYOUT.format(body="80mm", size="7.5pt"), NOT_BELOW) == [
        "6: styles.body.size: 7.5pt is less than minimum (8pt): legible"]


def test_a_rule_is_skipped_while_a_value_it_needs_is_wrong(tmp_path):
    assert run(tmp_path, LAYOUT.format(body="80", size="9"), FITS, NOT_BELOW) == [
        "4: page.body: expected a length with a unit (mm, pt, cm), got a number (80); write "
        "it as 80pt or 80mm",
        "6: styles.body.size: expected a length with a unit (mm, pt, cm), got a number (9); "
        "write it as 9pt or 9mm"]


def test_paths_with_a_star_stand_for_every_key():
    values = {"styles": {"a": {"size": 1.0, "family": "x"}, "b": {"size": 2.0}}}
    assert expand(values, "styles.*.size") == ["styles.a.size", "styles.b.size"]
    assert expand(values, "styles.*.size", only_with="family") == ["styles.a.size"]
    assert value_at(values, "styles.b.size") == 2.0
    assert value_at(values, "styles.c.size") is None


def test_a_contrast_no_colour_reaches_asks_for_a_lower_minimum(tmp_path):
    """Darkening a colour that is black already cannot help: the minimum is what to change."""
    from inspiratiekaart.layout.rules import Legible
    from inspiratiekaart.layout.settings import Colour, Number

    schema = Group("layout", fields={"text": Colour("t"), "text_contrast": Number("c", high=21)})
    for minimum, remedy in ((7, "darken it ([0, 0, 0, 81] is dark enough)"),
                            (21, "no colour stands out that much: lower text_contrast (black "
                                 "on the paper stands out by ")):
        found = run(tmp_path, f"text: [0, 0, 0, 50]\ntext_contrast: {minimum}\n",
                    Legible(("text",), "text_contrast"), schema=schema)
        assert len(found) == 1 and remedy in found[0], found


def test_a_term_may_be_a_share_of_a_length(tmp_path):
    from inspiratiekaart.layout.rules import PRODUCT
    from inspiratiekaart.layout.settings import Number

    schema = Group("layout", fields={"height": Length("h"), "top": Length("t"),
                                     "share": Number("s", high=1)})
    rule = Fits(("top", f"share{PRODUCT}height"), "height", at="top", why="above the share")
    found = [run(tmp_path, f"height: 100mm\ntop: {top}\nshare: 0.6\n", rule, schema=schema)
             for top in ("30mm", "50mm")]
    assert found == [[], ["2: top: top + share × height is 110.0 mm, more than height "
                          "(100.0 mm): above the share"]]


def test_every_choice_in_exactly_one_list(tmp_path):
    from inspiratiekaart.layout.rules import Partition
    from inspiratiekaart.layout.settings import Choice, ListOf

    kind = Choice("k", choices=("a", "b", "c"), what="a kind")
    schema = Group("layout", fields={"front": ListOf("f", entry=kind),
                                     "back": ListOf("b", entry=kind)})
    rule = Partition(("front", "back"), ("a", "b", "c"), what="kind", why="else it is lost")
    found = [run(tmp_path, f"front: {front}\nback: {back}\n", rule, schema=schema)
             for front, back in (("[a]", "[b, c]"), ("[a, b]", "[b]"), ("[a]", "[a]"))]
    assert found == [
        [],
        ["2: back: 'b' is in front too: name each kind in one of front, back",
         "2: back: c is in none of front, back: else it is lost; add it to one of them"],
        ["2: back: 'a' is in front too: name each kind in one of front, back",
         "2: back: b, c are in none of front, back: else it is lost; add each to one of them"]]


def test_a_star_in_the_minimum_stands_for_the_same_entry(tmp_path):
    schema = Group("layout", fields={"styles": Group("styles", fields={
        name: Group("s", fields={"size": Length("s"), "leading": Length("l", required=False)})
        for name in ("body", "title", "mark")})})
    rule = NotBelow(("styles.*.leading",), "styles.*.size", only_with="leading", why="apart")
    text = ("styles:\n  body: {size: 9pt, leading: 12pt}\n  title: {size: 20pt, leading: 18pt}"
            "\n  mark: {size: 30pt}\n")
    assert run(tmp_path, text, rule, schema=schema) == [
        "3: styles.title.leading: 18pt is less than styles.title.size (20pt): apart"]


def test_a_star_in_a_sum_checks_every_entry_on_its_own(tmp_path):
    schema = Group("layout", fields={"height": Length("h"), "padding": Length("p"),
                                     "styles": Group("styles", fields={
                                         name: Group("s", fields={"leading": Length("l")})
                                         for name in ("body", "title")})})
    rule = Fits(("padding", "styles.*.leading"), "height", at="styles.*.leading", why="fits")
    text = ("height: 50pt\npadding: 10pt\nstyles:\n  body: {leading: 12pt}\n"
            "  title: {leading: 45pt}\n")
    assert run(tmp_path, text, rule, schema=schema) == [
        "5: styles.title.leading: padding + styles.title.leading is 19.4 mm, more than height "
        "(17.6 mm): fits"]


def test_a_share_below_one_leaves_the_rest_of_the_room(tmp_path):
    rule = Fits(("page.inner", "page.inner"), "page.width", at="page.inner", why="half",
                share=0.5)
    found = [run(tmp_path, LAYOUT.format(body="10mm", size="9pt").replace(
        "inner: 20mm", f"inner: {inner}"), rule) for inner in ("25mm", "26mm")]
    assert found == [[], ["3: page.inner: page.inner + page.inner is 52.0 mm, more than "
                          "0.5 × page.width (50.0 mm): half"]]
    assert rule.describe() == "page.inner + page.inner ≤ 0.5 × page.width: half"


def test_of_the_rules_asking_a_setting_lower_the_one_asking_most_is_told(tmp_path):
    """page.inner + page.body ≤ page.width asks the body below 80 mm; half the width asks
    it below 50 mm: only the second is told, whichever rule runs first."""
    half = Fits(("page.body",), "page.width", at="page.body", why="half", share=0.5)
    text = LAYOUT.format(body="90mm", size="9pt")
    told = ["4: page.body: page.body is 90.0 mm, more than 0.5 × page.width (50.0 mm): half"]
    assert run(tmp_path, text, FITS, half) == told
    assert run(tmp_path, text, half, FITS) == told


def test_rules_pulling_a_setting_both_ways_are_both_told(tmp_path):
    """The body must be narrower than the page leaves it and wider than the minimum asks:
    both are told, which says no value fits."""
    wide = Fits(("minimum", "minimum"), "page.body", at="page.body", why="wide enough")
    text = LAYOUT.format(body="81mm", size="9pt").replace("minimum: 8pt", "minimum: 45mm")
    assert run(tmp_path, text, FITS, wide) == [
        "4: page.body: page.inner + page.body is 101.0 mm, more than page.width (100.0 mm): "
        "columns fit",
        "4: page.body: minimum + minimum is 90.0 mm, more than page.body (81.0 mm): wide "
        "enough"]


def test_a_rule_told_at_its_largest_part_names_the_one_that_grew(tmp_path):
    rule = Fits(("page.inner", "page.body"), "page.width", at="page.body", at_largest=True,
                why="fits")
    found = [run(tmp_path, LAYOUT.format(body=body, size="9pt").replace(
        "inner: 20mm", f"inner: {inner}"), rule)[0].split(":")[1]
        for inner, body in (("90mm", "20mm"), ("20mm", "90mm"), ("60mm", "60mm"))]
    assert found == [" page.inner", " page.body", " page.body"]


def test_lengths_that_round_alike_are_shown_with_the_decimals_that_tell_them_apart(tmp_path):
    rule = Fits(("page.inner", "page.body"), "page.width", at="page.body", why="fits")
    assert run(tmp_path, LAYOUT.format(body="80.04mm", size="9pt"), rule) == [
        "4: page.body: page.inner + page.body is 100.04 mm, more than page.width "
        "(100.00 mm): fits"]
