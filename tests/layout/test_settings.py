"""Each kind of layout setting: what it accepts, what it turns the value into, and the problem
it reports (with file, line and setting) for what it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspiratiekaart.content.problems import Problems
from inspiratiekaart.content.yamlfile import Node, read_yaml
from inspiratiekaart.layout.settings import (
    INVALID,
    MM,
    Checking,
    Choice,
    Colour,
    Entries,
    Family,
    Flag,
    FontFile,
    Group,
    Length,
    ListOf,
    Number,
    Spec,
    Template,
    Text,
)

ROOT = Path(__file__).resolve().parents[2]


def parse(tmp_path: Path, text: str) -> Node:
    path = tmp_path / "layout.yaml"
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    root = read_yaml(path, problems)
    assert root is not None and not problems, problems.items
    return root


def checked(tmp_path: Path, setting, text: str, **context) -> tuple[object, list[str]]:
    """The value ``setting`` makes of ``value: <text>`` and the problems it reports."""
    root = parse(tmp_path, f"# a layout\nvalue: {text}\n")
    checking = Checking(Problems(), fonts_dir=ROOT / "fonts", **context)
    value = setting.check(root.value["value"], "value", checking)
    return value, [str(p).removeprefix(f"{tmp_path / 'layout.yaml'}:")
                   for p in checking.problems.items]


@pytest.mark.parametrize(("text", "points"), [("9pt", 9.0), ("3mm", 3 * MM), ("1.5cm", 15 * MM),
                                              ("9 pt", 9.0)])
def test_a_length_with_its_unit_is_points(tmp_path, text, points):
    assert checked(tmp_path, Length("a length", low="0pt", high="20mm"), text) == \
        (pytest.approx(points), [])


@pytest.mark.parametrize(("text", "problem"), [
    ("9", "2: value: expected a length with a unit (mm, pt, cm), got a number (9); write it "
          "as 9pt or 9mm"),
    ("'9'", "2: value: expected a length with a unit (mm, pt, cm), got text '9'"),
    ("9px", "2: value: expected a length with a unit (mm, pt, cm), got text '9px'"),
    ("3cm", "2: value: 3cm is out of range (expected 0pt to 20mm)"),
    ("-1pt", "2: value: -1pt is out of range (expected 0pt to 20mm)"),
])
def test_a_length_without_a_unit_or_out_of_range_is_refused(tmp_path, text, problem):
    assert checked(tmp_path, Length("a length", low="0pt", high="20mm"), text) == \
        (INVALID, [problem])


def test_numbers_flags_and_choices(tmp_path):
    assert checked(tmp_path, Number("n", low=0, high=1), "0.12") == (0.12, [])
    assert checked(tmp_path, Number("n", low=1, high=8, whole=True), "2.5") == \
        (INVALID, ["2: value: expected a whole number from 1 to 8, got a number (2.5)"])
    assert checked(tmp_path, Number("n", low=0, high=1), "true")[1] == \
        ["2: value: expected a number from 0 to 1, got yes/no (True)"]
    assert checked(tmp_path, Flag("f"), "no") == (False, [])
    assert checked(tmp_path, Flag("f"), "1")[1] == \
        ["2: value: expected true or false, got a number (1)"]
    assert checked(tmp_path, Choice("c", choices=("L", "M"), what="a level"), "M") == ("M", [])
    assert checked(tmp_path, Choice("c", choices=("plain", "box"), what="a treatment"),
                   "plane")[1] == ["2: value: 'plane' is not a treatment; did you mean "
                                   "plain? (expected one of: plain, box)"]
    assert checked(tmp_path, Text("t"), "''")[1] == ["2: value: expected some text, got "
                                                     "text ''"]
    assert checked(tmp_path, Text("t"), "yes")[1] == ["2: value: expected some text, got "
                                                      "yes/no (True); put it in quotes to "
                                                      "keep it as text"]


def test_colours_are_lists_of_channels_in_range(tmp_path):
    assert checked(tmp_path, Colour("c"), "[0, 55.5, 0, 20]") == ([0, 55.5, 0, 20], [])
    assert checked(tmp_path, Colour("c"), "[0, 0, 101, -1]")[1] == [
        "2: value: Y 101, K -1 out of range (expected a CMYK colour: a list of 4 percentages "
        "from 0 to 100, as [50, 50, 50, 50])"]
    assert checked(tmp_path, Colour("c"), "'#ff0000'")[1] == [
        "2: value: expected a CMYK colour: a list of 4 percentages from 0 to 100, as "
        "[50, 50, 50, 50]; got text '#ff0000'"]
    assert checked(tmp_path, Colour("c"), "[0, 55, 95]")[1] == [
        "2: value: expected a CMYK colour: a list of 4 percentages from 0 to 100, as "
        "[50, 50, 50, 50]; got a list of 3"]
    assert checked(tmp_path, Colour("c"), "[cyan, 0, [1], 0]")[1] == [
        "2: value: C text 'cyan', Y a list out of range (expected a CMYK colour: a list of 4 "
        "percentages from 0 to 100, as [50, 50, 50, 50])"]
    rgb = Colour("c", channels="RGB", high=255, whole=True)
    assert checked(tmp_path, rgb, "[200, 200, 200]") == ([200, 200, 200], [])
    assert checked(tmp_path, rgb, "[200, 200.5, 200]")[1] == [
        "2: value: G 200.5 out of range (expected an RGB colour: a list of 3 whole numbers "
        "from 0 to 255, as [127, 127, 127])"]


def test_a_family_must_be_one_of_fonts_yaml_unless_that_file_is_unknown(tmp_path):
    families = frozenset({"text", "heading"})
    assert checked(tmp_path, Family("f"), "heading", families=families) == ("heading", [])
    assert checked(tmp_path, Family("f"), "serif", families=families)[1] == [
        "2: value: 'serif' is not a font family of layouts/fonts.yaml (expected one of: "
        "heading, text)"]
    assert checked(tmp_path, Family("f"), "serif", families=None) == ("serif", [])


def test_a_font_file_must_be_a_ttf_inside_the_fonts_folder(tmp_path):
    assert checked(tmp_path, FontFile("f"), "lato/Lato-Bold.ttf") == ("lato/Lato-Bold.ttf", [])
    for outside in ("../layouts/fonts.yaml", "/etc/passwd", "lato"):
        value, problems = checked(tmp_path, FontFile("f"), outside)
        assert value is INVALID and problems[0].startswith(f"2: value: '{outside}' is not a "
                                                           ".ttf file under fonts/")


def test_a_template_may_use_only_the_values_its_label_is_given(tmp_path):
    counter = Template("t", values=("number", "total"))
    assert checked(tmp_path, counter, '"{{ number }} / {{ total }}"') == \
        ("{{ number }} / {{ total }}", [])
    assert checked(tmp_path, counter, '"{{ number }} van {{ totaal }}"')[1] == [
        "2: value: uses {{ totaal }}, which this label is not given (it is given: number, "
        "total)"]
    assert checked(tmp_path, counter, '"{{ number "')[1][0].startswith(
        "2: value: is not a valid template: unexpected end of template")
    assert checked(tmp_path, counter, '"{{ number | shout }}"')[1] == [
        "2: value: is not a valid template: No filter named 'shout'."]
    assert checked(tmp_path, Template("t"), "2026") == ("2026", [])
    assert checked(tmp_path, Template("t"), "no")[1] == [
        "2: value: expected text, got yes/no (False); put it in quotes to keep it as text"]


def test_a_template_that_fails_when_worded_is_refused(tmp_path):
    """The renderers word labels strictly: what would fail there is a layout problem."""
    counter = Template("t", values=("number", "total"))
    assert checked(tmp_path, counter, '"{{ number.value }} / {{ total }}"')[1] == [
        "2: value: cannot be worded: 'int object' has no attribute 'value' (write each value "
        "as {{ name }}, with the names number, total)"]
    assert checked(tmp_path, counter, '"{{ number // 0 }}"')[1] == [
        "2: value: cannot be worded: integer division or modulo by zero (write each value as "
        "{{ name }}, with the names number, total)"]
    assert checked(tmp_path, counter, '"{{ number + 1 }} / {{ total }}"')[1] == []


def test_a_group_reports_unknown_and_missing_keys_at_their_lines(tmp_path):
    group = Group("g", fields={"width": Length("w"), "height": Length("h"),
                               "colour": Colour("c", required=False)})
    root = parse(tmp_path, "# a layout\npage:\n  wdth: 3mm\n  colour: [0, 0, 0, 0]\n"
                           "  extra:\n    nested: 1\n")
    checking = Checking(Problems())
    value = group.check(root.value["page"], "page", checking)
    assert value == Spec(colour=[0, 0, 0, 0])
    path = tmp_path / "layout.yaml"
    assert [str(p) for p in sorted(checking.problems.items)] == [
        f"{path}:2: page.height: is required but missing (expected a length with a unit "
        "(mm, pt, cm) from 0pt to 1000mm)",
        f"{path}:3: page.wdth: unknown key 'wdth'; did you mean width? (expected one of: "
        "width, height, colour)",
        f"{path}:5: page.extra: unknown key 'extra' (expected one of: width, height, colour)"]


def test_a_misspelt_key_is_matched_ignoring_case_and_not_reported_missing_too(tmp_path):
    group = Group("g", fields={"width": Length("w")})
    root = parse(tmp_path, "# a layout\npage:\n  WIDTH: 3mm\n")
    checking = Checking(Problems())
    assert group.check(root.value["page"], "page", checking) == Spec()
    assert [str(p) for p in checking.problems.items] == [
        f"{tmp_path / 'layout.yaml'}:3: page.WIDTH: unknown key 'WIDTH'; did you mean "
        "width? (expected one of: width)"]


def test_lists_and_entries(tmp_path):
    kinds = ListOf("l", entry=Choice("k", choices=("tips", "questions"), what="a block kind"))
    assert checked(tmp_path, kinds, "[tips, questions]") == (["tips", "questions"], [])
    assert checked(tmp_path, kinds, "tips")[1] == [
        "2: value: expected a list, each entry a block kind: tips, questions, got text 'tips'"]
    families = Entries("e", entry=Text("t"), names=("text",), what="font family")
    assert checked(tmp_path, families, "{text: a, Kop: b}") == (Spec(text="a"), [
        "2: value.Kop: 'Kop' is not a usable font family (expected lower-case letters, "
        "digits and _)"])
    assert checked(tmp_path, families, "{kop: b}")[1] == [
        "2: value.text: is required but missing (the code uses the font family 'text'; "
        "expected some text)"]


def test_an_optional_setting_left_out_has_its_default_value(tmp_path):
    """The renderers read an optional setting as they read one written (a left-out bleed
    once stopped the booklets with an AttributeError); a text's default is a description
    and stays out."""
    group = Group("g", fields={"bleed": Length("b", required=False, default="0mm"),
                               "mirror": Flag("m", required=False, default="true"),
                               "bullet": Text("t", required=False, default="no mark")})
    root = parse(tmp_path, "# a layout\npage:\n  {}\n")
    assert group.check(root.value["page"], "page", Checking(Problems())) == Spec(
        {"bleed": 0.0, "mirror": True})
