"""Loading the real content, and every kind of problem reported with file, line and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from inspiratiekaart.content.loader import load_publication
from inspiratiekaart.content.problems import ContentError

CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A writable copy of the real content."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def problems_of(content: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_publication(content)
    return [str(p) for p in caught.value.problems]


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_real_content_loads():
    pub = load_publication(CONTENT)
    assert len([t for t in pub.themes if t.part == "theme"]) == 15
    assert [t.id for t in pub.opening] == ["aan-de-slag", "waarom"]
    assert {p.id for p in pub.pillars} == {"beleid", "educatie", "schoolomgeving", "signaleren"}
    assert all(t.pillar for t in pub.themes if t.part == "theme")


def test_sector_tags_from_the_source():
    pub = load_publication(CONTENT)
    theme = {t.id: t for t in pub.themes}
    assert theme["ouders-mbo"].sectors == {"mbo"}
    items = [i for b in theme["discriminatie-uitsluiting"].blocks for i in b.items]
    assert [sorted(i.sectors) for i in items] == [["po"], ["vo"], ["mbo"]]


def test_unknown_block_kind_names_file_line_field_and_choices(content):
    path = content / "themes" / "meertaligheid.yaml"
    replace(path, "kind: tip\n", "kind: tipz\n")
    (problem,) = problems_of(content)
    line = line_of(path, "kind: tipz")
    assert problem.startswith(f"{path}:{line}: blocks[")
    assert ("'tipz' is not a block kind; did you mean tip? (expected one of: paragraph, tips"
            in problem)


def test_all_problems_are_reported_at_once(content):
    replace(content / "themes" / "meertaligheid.yaml", "pillar: beleid", "pillar: politiek")
    replace(content / "themes" / "kapitalen.yaml", "title:", "titel:")
    replace(content / "themes" / "waarom.yaml", "id: waarom", "id: aan-de-slag")
    problems = problems_of(content)
    assert len(problems) == 4, problems
    text = "\n".join(problems)
    assert "'politiek' is not a pillar" in text
    assert "unknown key 'titel'" in text and "title: is required but missing" in text
    assert "theme id 'aan-de-slag' is already used" in text


@pytest.mark.parametrize("old, new, message", [
    ("sectors: [mbo]", "sectors: [hbo]", "'hbo' is not a sector"),
    ("title: Samenwerken met ouders op het mbo", "title: ''", "title: is empty"),
    ("order: 330", "order: laat", "expected a whole number"),
])
def test_field_problems(content, old, new, message):
    replace(content / "themes" / "ouders-mbo.yaml", old, new)
    assert any(message in p for p in problems_of(content))


@pytest.mark.parametrize("old, new, message", [
    ("colour: [45, 80, 0, 0]", "colour: [45, 80, 0]", "pillars[0].colour: expected a CMYK "
     "colour: a list of 4 percentages from 0 to 100, as [50, 50, 50, 50]; got a list of 3"),
    ("colour: [45, 80, 0, 0]", "colour: '#ff0000'", "pillars[0].colour: expected a CMYK "
     "colour: a list of 4 percentages from 0 to 100, as [50, 50, 50, 50]; got text "
     "'#ff0000'"),
    ("colour: [45, 80, 0, 0]", "colour: [45, 180, true, 0]", "pillars[0].colour: M 180, "
     "Y yes/no (True) out of range (expected a CMYK colour: a list of 4 percentages from 0 "
     "to 100, as [50, 50, 50, 50])"),
])
def test_a_pillar_colour_is_checked_as_a_layout_colour_is(content, old, new, message):
    path = content / "publication.yaml"
    replace(path, old, new)
    assert problems_of(content) == [f"{path}:{line_of(path, new)}: {message}"]


def test_one_link_id_for_two_urls_is_refused(content):
    path = content / "themes" / "kapitalen.yaml"
    replace(path, "(https://studiezalen.com)", "(https://studiezalen.com){#leidraad-hoge-verwachtingen}")
    assert any("link id 'leidraad-hoge-verwachtingen' already names" in p
               for p in problems_of(content))


def test_not_utf8_and_alias_bomb(content):
    (content / "themes" / "latin1.yaml").write_bytes("id: caf\xe9\n".encode("latin-1"))
    (content / "themes" / "bomb.yaml").write_text(
        'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: [*c,*c]\n')
    text = "\n".join(problems_of(content))
    assert "latin1.yaml:1: is not UTF-8" in text
    assert "bomb.yaml:1: YAML anchors and aliases" in text


def test_broken_yaml_names_the_line(content):
    path = content / "themes" / "waarom.yaml"
    path.write_text("id: waarom\ntitle: 'open quote\norder: 1\n")
    (problem,) = problems_of(content)
    assert problem.startswith(f"{path}:") and "not valid YAML" in problem


def test_bom_and_windows_line_ends_are_accepted(content):
    path = content / "themes" / "waarom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert load_publication(content).themes


THEME = "id: zz-t\ntitle: Een thema\npillar: beleid\norder: 999\n"


def theme_problems(content: Path, text: str) -> list[str]:
    (content / "themes" / "zz-t.yaml").write_text(text, encoding="utf-8")
    return problems_of(content)


def titled(title: str) -> str:
    """The theme's head with the given title line (line 2)."""
    return THEME.replace("title: Een thema\n", title)


def test_the_docs_example_with_comments_after_names_loads(content):
    (content / "themes" / "zz-t.yaml").write_text(
        "id: zz-t            # lowercase letters, digits and hyphens\n"
        "title: Een thema\n"
        "part: theme         # theme (default) or opening\n"
        "pillar: beleid      # required for a theme\n"
        "order: 999          # order among the themes\n"
        "sectors: [po, vo]   # default: all sectors\n"
        "intro:              # paragraphs\n"
        "  - 'Een inleiding #1: met een hekje'\n"
        "blocks:\n"
        "  - kind: tip       # a tip\n"
        "    text: Een tip.\n", encoding="utf-8")
    theme = next(t for t in load_publication(content).themes if t.id == "zz-t")
    assert theme.intro[0].plain == "Een inleiding #1: met een hekje"


@pytest.mark.parametrize("text, expected", [
    (titled("title: Een thema # concept\n") + "intro: a\n",
     ":2: title: the rest of this line after #"),
    (THEME + "intro:\n  - Eerste alinea #1\n", ":6: intro[0]: the rest of this line after #"),
    (THEME + "blocks:\n  - kind: quote\n    text: Mooi.\n    speaker: Jan # directeur\n",
     ":8: blocks[0].speaker: the rest of this line after #"),
    (THEME + "blocks:\n  - kind: tips\n    heading: Tips # voor po\n    items: [a]\n",
     ":7: blocks[0].heading: the rest of this line after #"),
], ids=["title", "intro", "speaker", "heading"])
def test_a_comment_after_printed_text_is_a_problem(content, text, expected):
    problems = theme_problems(content, text)
    assert any(expected in p for p in problems), problems


def test_a_paragraph_read_as_a_mapping_is_told_to_be_quoted(content):
    (problem,) = theme_problems(content, THEME + "intro:\n  - Let op: dit is een alinea.\n")
    assert problem.endswith("intro[0]: 'Let op: dit is een alinea.' was read as a key and its "
                            "value because of the ': ' in it; put the whole text in quotes")


@pytest.mark.parametrize("field, text", [
    ("title", titled("title: Een\u200bthema\n") + "intro: a\n"),
    ("intro", THEME + "intro: Een \u2067inleiding\u2069.\n"),
    ("blocks[0].heading",
     THEME + "blocks:\n  - {kind: tips, heading: \"Tips\ufeff\", items: [a]}\n"),
], ids=["title", "intro", "heading"])
def test_invisible_characters_in_printed_text_are_reported(content, field, text):
    (problem,) = theme_problems(content, text)
    assert f": {field}: holds, at character " in problem and "U+" in problem


def test_a_soft_hyphen_in_text_is_a_break_hint_and_allowed(content):
    (content / "themes" / "zz-t.yaml").write_text(THEME + "intro: Wel\u00adbevinden.\n",
                                                  encoding="utf-8")
    assert load_publication(content)


def test_a_required_text_left_empty_is_reported(content):
    (problem,) = theme_problems(content, titled("title:\n") + "intro: Tekst.\n")
    assert problem.endswith(":2: title: is empty (expected some text)")


@pytest.mark.parametrize("text, expected", [
    (THEME + "blocks:\n" + "  - {kind: tip, text: a}\n" * 61, ":6: blocks: holds 61; a theme "
     "may hold at most 60 blocks (see Limits in docs/content-format.md): split it"),
    (THEME + "blocks:\n  - kind: tips\n    items: [" + "a, " * 80 + "a]\n",
     ":7: blocks[0].items: holds 81; a list"),
    (THEME + "blocks:\n  - kind: tips\n    items:\n      - text: a\n        items: ["
     + "b, " * 80 + "b]\n", ":9: blocks[0].items[0].items: holds 81; a list"),
    (THEME + "intro: '" + "x" * 20_001 + "'\n", ":5: intro: is 20,001 characters long; a text"),
    (titled("title: '" + "x" * 20_001 + "'\n") + "intro: a\n",
     ":2: title: is 20,001 characters long; a text"),
], ids=["blocks", "items", "sub-items", "paragraph", "title"])
def test_each_limit_is_a_problem_with_file_and_line(content, text, expected):
    problems = theme_problems(content, text)
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize("name", ["nieuw.yml", "nieuw.YAML", "nieuw.yaml.txt", "nieuw.yml.txt"])
def test_a_theme_file_named_as_yaml_another_way_is_not_left_out_without_a_word(content, name):
    (content / "themes" / name).write_text("id: nieuw\n", encoding="utf-8")
    (problem,) = problems_of(content)
    assert name in problem and "is not read" in problem
    assert "rename it to 'nieuw.yaml'" in problem


def test_hidden_files_beside_the_themes_are_not_read(content):
    """The '._' copies macOS writes on shared drives hold binary data, not a theme."""
    (content / "themes" / "._meertaligheid-thuis.yaml").write_bytes(b"\x00\x05\x16\x07\x00")
    (content / "themes" / ".notities.txt").write_text("x", encoding="utf-8")
    (content / "themes" / "leesmij.txt").write_text("notities", encoding="utf-8")
    themes = [theme.id for theme in load_publication(content).themes]
    assert themes == [theme.id for theme in load_publication(CONTENT).themes]
