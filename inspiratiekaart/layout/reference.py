"""docs/layouts.md, written from the schema: ``python -m inspiratiekaart.layout.reference``."""

from __future__ import annotations

from collections.abc import Iterator

from .schema import FILES, LayoutFile
from .settings import Entries, Group, Setting

INTRO = """\
# Layout settings

Layout decisions — page sizes, margins, bleed, fonts, sizes, colours, QR limits, which
block goes on which side of a card — are data in `layouts/`. Every file is checked when it
is loaded, before anything is rendered. A file with problems stops the build with exit
status 2 and every problem at once, each with file, line, setting and what is expected:

```
layouts/booklet.yaml:14: footer.size: expected a length with a unit (mm, pt, cm), got a …
layouts/qr.yaml:6: max_size: 2000mm is out of range (expected 5mm to 1000mm)
The layouts have 2 problems; nothing was built.
```

- **Lengths** are a number with its unit: `9pt`, `3mm`, `1.5cm`. A bare number is refused:
  the same 9 would be 9 points or 9 millimetres.
- **Colours** are CMYK percentages, `[cyan, magenta, yellow, black]`, each 0 to 100.
- **Unknown keys** are refused, with the closest known key as a suggestion: a misspelt
  setting would otherwise be ignored without a word.
- **`extends: <name>`** at the top of a file takes every setting of `layouts/<name>.yaml`
  (a file of the same kind) and holds only what differs. The two are checked merged; a
  problem is reported in the file and on the line where its value is written. A rule
  between settings that fails only as merged is told at the largest part of it the file
  itself writes (booklet.yaml's `cover.tagline_size`, not brochure.yaml's gap). A problem
  a value has in its own file is not told again, word for word, for each file that takes
  it. Of the rules that ask a setting to go one way (lower, or higher), the one that asks
  most is told; rules pulling it both ways are all told, since then no value fits.
- **Across files**, once each file is sound:
  - a layout whose pages the print files cut bleeds at least press.yaml's `min_bleed`,
    sets in black ink alone what press.yaml's `black_text` asks (`colours.text` and
    `colours.link`, and `footer.colour` when the footer is smaller than `below`), sets
    the styles it prints in a pillar's colour (titles, headings, quotes) no smaller than
    `below` and in none of `black_text.families`, and
    draws the lines it draws in a tint or a pillar's colour (`rule_width`,
    `outline_width`, the `bar_width`s) no thinner than press.yaml's `solid_lines_below`;
  - a layout that stands codes beside their text has a `page.margin_column` at least as
    wide as qr.yaml's `min_size`, and a links appendix an `appendix.code_column` as wide;
  - every text a layout prints (labels, bullets) has its characters in every font;
  - labels.yaml's `footer` (the page number) takes at most half a document's footer and
    `card_counter` at most half a card's text frame, worded for number 999: the other half
    holds the section's name or a follow-up card's caption;
  - where most of the settings held to one value of press.yaml or qr.yaml fall short of
    it, that value is the likelier cause: it is told once, at its line, naming them.
- **Against the content**, before anything is rendered (exit 2, at the content's line,
  naming the layout setting with its line):
  - a text of a place of fixed size (a cover, the deck's band, the pillar overview's names)
    fits it, the deck title's lines clear of the safe zone;
  - a link's code is no wider than the narrowest column codes stand in beside text; where
    most links' codes are wider, that is told once, at the column;
  - a pillar's colours, and its colour as each printed layout darkens it for text, take no
    more ink than press.yaml's `ink_limit`.
- **What only laying out finds** (a block taller than any page, a block left no width) is
  a layout problem too (exit 2), told at the layout the target is laid out with, with the
  page and the heading the block follows. The rules keep what makes a block tall in
  proportion to the page (a space at most a quarter of it, lines at most three times
  their size apart, a row of codes two codes wide), so that `check` refuses the values
  far out of it; within them, a space or a leading can still leave a long block no page.
- `$INSPIRATIEKAART_LAYOUTS` points the build at another layouts folder.

This page is written from the schema in `inspiratiekaart/layout/schema.py`; after changing
it, run `python -m inspiratiekaart.layout.reference > docs/layouts.md` (a test compares).
"""


def markdown() -> str:
    """The whole of docs/layouts.md."""
    named: dict[str, Group] = {}
    sections = [INTRO]
    sections += [_section(names, layout, named) for names, layout in _kinds()]
    sections += [_named_section(name, group) for name, group in named.items()]
    return "\n".join(sections)


def _kinds() -> Iterator[tuple[list[str], LayoutFile]]:
    """Each kind of layout file once, with the files of that kind."""
    seen: list[LayoutFile] = []
    for layout in FILES.values():
        if not any(layout is other for other in seen):
            seen.append(layout)
            yield [name for name, other in FILES.items() if other is layout], layout


def _section(names: list[str], layout: LayoutFile, named: dict[str, Group]) -> str:
    """A kind of layout file: its settings, and the rules between them. Named mappings
    (paragraph styles …) are listed once at the end, collected in ``named``."""
    files = ", ".join(f"`layouts/{name}.yaml`" for name in names)
    lines = [f"## {files}", "", layout.doc, "", *_table(_rows(layout.settings, "", named))]
    if layout.rules:
        lines += ["", "Checked together:", ""]
        lines += [f"- {rule.describe()}" for rule in layout.rules]
    return "\n".join(lines) + "\n"


def _named_section(name: str, group: Group) -> str:
    lines = [f"## A {name}", "", *_table(_rows(group, "", {}))]
    return "\n".join(lines) + "\n"


def _table(rows: Iterator[tuple[str, str, str]]) -> list[str]:
    return ["| setting | value | meaning |", "| --- | --- | --- |",
            *(f"| `{path}` | {value} | {meaning} |" for path, value, meaning in rows)]


def _rows(group: Group, prefix: str, named: dict[str, Group]
          ) -> Iterator[tuple[str, str, str]]:
    for key, setting in group.fields.items():
        yield from _setting_rows(f"{prefix}{key}", setting, named)


def _setting_rows(path: str, setting: Setting, named: dict[str, Group]
                  ) -> Iterator[tuple[str, str, str]]:
    yield path, setting.summary(), _meaning(setting)
    if isinstance(setting, Group) and setting.name:
        named.setdefault(setting.name, setting)
    elif isinstance(setting, Group):
        yield from _rows(setting, f"{path}.", named)
    elif isinstance(setting, Entries):
        yield from _setting_rows(f"{path}.<{setting.what}>", setting.entry, named)


def _meaning(setting: Setting) -> str:
    text = setting.doc[:1].upper() + setting.doc[1:] + "."
    if isinstance(setting, Entries):
        text += f" Must have: {', '.join(setting.names)}."
    if setting.unused:
        text += " Not read by any renderer at present."
    elif not setting.required:
        text += f" Optional (default: {setting.default})." if setting.default else " Optional."
    return text


if __name__ == "__main__":
    print(markdown(), end="")
