"""Layout decisions as data: reads ``layouts/*.yaml``, checks every file against its schema
(``schema.py``) and turns lengths into points.

A broken layout file is a :class:`LayoutError` listing every problem with file, line and
setting, as content problems are listed. ``$INSPIRATIEKAART_LAYOUTS`` points the build at
another layouts folder (the tests use a copy).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import NamedTuple

from ..content.fields import kind_of
from ..content.problems import ContentError, Problem, Problems, did_you_mean, share_of
from ..content.yamlfile import Node, read_yaml
from .contrast import cmyk
from .derived import from_layouts
from .rules import value_at
from .schema import COLOURED_STYLES, FILES, FONTS_FILE, TINTED_LINES
from .settings import MM, Checking, Entries, Group, ListOf, Setting, Spec, Template, Text

__all__ = [
    "FONTS_DIR",
    "LAYOUTS_DIR",
    "MM",
    "CodeColumn",
    "LayoutError",
    "Spec",
    "black_text_problems",
    "bleed_problems",
    "check_layouts",
    "cmyk",
    "code_column_problems",
    "code_columns",
    "load_layout",
    "problem_at",
    "shown_layout",
    "thin_line_problems",
    "where_set",
]

ROOT = Path(__file__).resolve().parent.parent.parent
LAYOUTS_DIR = Path(os.environ.get("INSPIRATIEKAART_LAYOUTS") or ROOT / "layouts")
FONTS_DIR = ROOT / "fonts"


class LayoutError(ContentError):
    """Raised when layout files have problems; carries all of them."""

    subject = "The layouts have"


@from_layouts
def load_layout(name: str, layouts_dir: Path = LAYOUTS_DIR) -> Spec:
    """The layout file ``layouts/<name>.yaml``, checked once (until the layouts are
    forgotten: :func:`~.derived.forget_layouts`), lengths in points.

    A file with ``extends: other`` holds only what differs from ``layouts/other.yaml``; it
    is checked merged with it, each problem reported where its value is written.
    """
    if name not in FILES:
        raise ValueError(f"no layout file '{name}' is declared in layout/schema.py")
    problems = Problems()
    root = _read(name, layouts_dir, problems, ())
    families = _families(layouts_dir) if name != FONTS_FILE else None
    extended = partial(_extended_layout, name, layouts_dir)
    sound = root is not None and not problems
    checking = Checking(problems, families, FONTS_DIR, ROOT, layouts_dir / f"{name}.yaml",
                        lambda: extended()[0] if sound else None, lambda: extended()[1])
    values = FILES[name].check(root, checking) if root is not None else None
    if problems or values is None:
        _hint_extends(name, root, problems, layouts_dir)
        raise LayoutError(_shown(problems.items))
    return values


MISSING_BEFORE_HINT = 3
"""This many settings missing from a file that extends none suggests it was meant to."""


def _hint_extends(name: str, root: Node | None, problems: Problems, layouts_dir: Path
                  ) -> None:
    """A file without ``extends`` that misses most of what its kind needs most likely lost
    its ``extends:`` line: say so once, rather than leave only the settings it lacks."""
    same_kind = [other for other, kind in FILES.items() if kind is FILES[name] and other != name
                 and _extended(other, layouts_dir) != name]  # not the files built on it
    missing = [p for p in problems.items if p.message.startswith("is required but missing")
               and Path(p.file).stem == name]
    if root is None or root.file is None or not same_kind \
            or _extended(name, layouts_dir) is not None or len(missing) < MISSING_BEFORE_HINT:
        return
    problems.add(root.file, 1, "extends", f"{len(missing)} settings are missing: a layout "
                 "that holds only what differs from another begins with extends: "
                 f"{same_kind[0]} (expected one of: {', '.join(same_kind)})")


def _extended(name: str, layouts_dir: Path) -> str | None:
    """The layout ``layouts/<name>.yaml`` says it extends, if any (read as written)."""
    root = read_yaml(layouts_dir / f"{name}.yaml", Problems())
    extends = root.value.get("extends") if root is not None and isinstance(root.value,
                                                                           dict) else None
    return extends.value if extends is not None and isinstance(extends.value, str) else None


def check_layouts(layouts_dir: Path = LAYOUTS_DIR) -> None:
    """Check every layout file; raise a LayoutError with the problems of them all."""
    found: set[Problem] = set()
    for name in FILES:
        try:
            _load(name, layouts_dir)
        except LayoutError as error:
            found.update(error.problems)
    if found:
        raise LayoutError(sorted(found))


def bleed_problems(names: Iterable[str], least: float, layouts_dir: Path = LAYOUTS_DIR
                   ) -> list[Problem]:
    """The layouts ``names``, whose pages print files cut, bleed at least ``least`` (what
    layouts/press.yaml asks): a print shop trims into the bleed. Every one too short, where
    its bleed is written (or would be)."""
    return _under(least, [(name, "bleed", lambda bleed: (
        f"{bleed / MM:g}mm is less than the {least / MM:g}mm the print files keep beyond the "
        f"trim (min_bleed in press.yaml): a print shop trims into the bleed; set bleed to "
        f"{least / MM:g}mm at least")) for name in names], ("press", "min_bleed"),
        f"{least / MM:g}mm", layouts_dir)


class CodeColumn(NamedTuple):
    """A column codes stand in beside text: its width, and the setting that gives it."""

    width: float
    layout: str
    setting: str


def code_columns(layouts_dir: Path = LAYOUTS_DIR) -> list[CodeColumn]:
    """Every column codes stand in beside text (``booklet.yaml``'s
    ``appendix.code_column``, a margin column where codes stand beside their text)."""
    columns = []
    for name in FILES:
        spec = _load(name, layouts_dir)
        columns += [CodeColumn(width, name, path) for path in _code_column_paths(spec)
                    if isinstance(width := value_at(spec, path), float)]
    return columns


def _code_column_paths(spec: Spec) -> list[str]:
    """The settings of the columns a layout stands codes in beside text: the links
    appendix's, and the margin column where the codes stand beside their text."""
    beside = spec.get("codes", "beside") == "beside"
    return ["appendix.code_column", *(["page.margin_column"] if beside else [])]


def code_column_problems(least: float, layouts_dir: Path = LAYOUTS_DIR) -> list[Problem]:
    """Every layout that stands codes beside their text gives them a margin column at
    least ``least`` wide (qr.yaml's min_size): a narrower one puts its codes over the
    page's edge. So does the links appendix its codes' column: a narrower one prints
    them too small to scan. Every one too narrow, where its column is written."""
    checks = []
    for name in FILES:
        spec = _load(name, layouts_dir)
        whys = {"appendix.code_column": ("the links appendix would print its codes too "
                                         "small to scan", ""),
                "page.margin_column": ("the codes stand beside their text in it",
                                       ", or codes: grid" if "codes" in spec else "")}
        checks += [(name, path, lambda column, path=path, why=whys[path]: (
            f"{column / MM:g}mm is narrower than the smallest code ({least / MM:g}mm, "
            f"min_size in qr.yaml), and {why[0]}: set {path.split('.')[-1]} to "
            f"{least / MM:g}mm at least{why[1]}"))
            for path in _code_column_paths(spec)]
    return _under(least, checks, ("qr", "min_size"), f"{least / MM:g}mm", layouts_dir)


def thin_line_problems(names: Iterable[str], solid_below: float,
                       layouts_dir: Path = LAYOUTS_DIR) -> list[Problem]:
    """The layouts ``names``, whose pages print files carry, draw the lines they draw in
    a tint or a pillar's colour (:data:`~.schema.TINTED_LINES`) no thinner than
    ``solid_below`` (press.yaml's ``solid_lines_below``): a thinner line must be one ink
    at full strength. Every one too thin, where its width is written."""
    return _under(solid_below, [(name, path, lambda width, name=name, path=path: (
        f"{width:g}pt is thinner than {solid_below:g}pt, under which the print files cut "
        f"from {name}.yaml draw a line in one ink at full strength (solid_lines_below in "
        f"press.yaml), and this line is drawn in a tint or a pillar's colour, which breaks "
        f"up in print; set {path} to {solid_below:g}pt at least"))
        for name in names for path in TINTED_LINES], ("press", "solid_lines_below"),
        f"{solid_below:g}pt", layouts_dir)


def _under(least: float, checks: list[tuple[str, str, Callable[[float], str]]],
           source: tuple[str, str], shown: str, layouts_dir: Path) -> list[Problem]:
    """For each (layout, dotted setting, message for its value) of ``checks`` whose length
    is less than ``least`` (``shown``, set at ``source``): the problem, where the setting
    is written; or one at ``source`` (:func:`_told_once`)."""
    problems = Problems()
    checked = []
    for name, path, message in checks:
        value = value_at(_load(name, layouts_dir), path)
        if not isinstance(value, float):
            continue
        checked.append((name, path))
        if value < least - 0.01:
            _add_at(problems, name, path, layouts_dir, message(value))
    return _told_once(_shown(problems.items), checked, source, shown, layouts_dir)


def _told_once(problems: list[Problem], checked: list[tuple[str, str]],
               source: tuple[str, str], shown: str, layouts_dir: Path) -> list[Problem]:
    """``problems``: settings under the least value (``shown``) of the setting ``source``
    (layout, path), of the (layout, path) ``checked`` held to it. Where more than half of
    those written are (two at least: a setting a file takes from the one it extends is
    written once), that value is the likelier cause: told once, there, naming them."""
    if len(problems) < 2:
        return problems
    written = {_place(problem_at(name, path, "", layouts_dir)) for name, path in checked}
    short = {_place(problem) for problem in problems}
    if 2 * len(short) <= len(written):
        return problems
    settings = "; ".join(f"{file}:{line}: {field}" for file, line, field in sorted(short))
    return [problem_at(*source, f"{shown} is more than {share_of(len(short), len(written))} "
                       "settings held to it "
                       f"({settings}); lower it, or raise those", layouts_dir)]


def _place(problem: Problem) -> tuple[str, int, str]:
    """Where a problem is: its file, line and setting."""
    return problem.file, problem.line, problem.field


def black_text_problems(names: Iterable[str], black_text: Spec,
                        layouts_dir: Path = LAYOUTS_DIR) -> list[Problem]:
    """The layouts ``names``, whose pages print files carry, set their text in black ink
    alone where press.yaml's ``black_text`` asks it: the body's text and links (set in the
    text family) always, the footer when it is smaller than ``black_text.below``. Every
    colour that is not, where it is written; and every style set in a pillar's colour
    (:data:`~.schema.COLOURED_STYLES`) that is smaller, or in one of those families."""
    problems, sizes = Problems(), Problems()
    coloured = []
    for name in names:
        spec = _load(name, layouts_dir)
        for style_name in COLOURED_STYLES:
            if style_name in spec.styles:
                coloured.append((name, f"styles.{style_name}.size"))
            _coloured_style_problems(problems, sizes, name, style_name, black_text,
                                     layouts_dir)
        families = {style.get("family") for style in spec.styles.values()}
        paths = ["colours.text", "colours.link"] if families & set(black_text.families) \
            else []
        if spec.footer.size < black_text.below - 0.01:
            paths.append("footer.colour")
        for path in paths:
            colour = value_at(spec, path)
            if any(colour[:3]):
                _add_at(problems, name, path, layouts_dir,
                        f"{colour} has cyan, magenta or yellow, and the print files cut from "
                        f"{name}.yaml set this text in black ink alone (black_text in "
                        f"press.yaml); set {path} in {name}.yaml to black alone, such as "
                        f"[0, 0, 0, 100]")
    return _shown(problems.items) + _told_once(
        _shown(sizes.items), coloured, ("press", "black_text.below"),
        f"{black_text.below:g}pt", layouts_dir)


def _coloured_style_problems(problems: Problems, sizes: Problems, name: str,
                             style_name: str, black_text: Spec, layouts_dir: Path) -> None:
    """What press.yaml's ``black_text`` finds wrong with a style set in a pillar's colour:
    its size (into ``sizes``), its family."""
    style = _load(name, layouts_dir).styles.get(style_name)
    if style is None:
        return
    files = f"the print files cut from {name}.yaml"
    coloured = "(black_text in press.yaml), and this style is set in a pillar's colour"
    if style.size < black_text.below - 0.01:
        _add_at(sizes, name, f"styles.{style_name}.size", layouts_dir,
                f"{style.size:g}pt is smaller than {black_text.below:g}pt, under which {files} "
                f"set text in black ink alone {coloured}; set it to {black_text.below:g}pt "
                "at least")
    if style.get("family") in black_text.families:
        _add_at(problems, name, f"styles.{style_name}.family", layouts_dir,
                f"'{style.family}' is a family {files} set in black ink alone {coloured}; "
                "set another family")


def _add_at(problems: Problems, name: str, path: str, layouts_dir: Path, message: str) -> None:
    problem = problem_at(name, path, message, layouts_dir)
    problems.add(problem.file, problem.line, problem.field, problem.message)


def problem_at(name: str, path: str, message: str, layouts_dir: Path = LAYOUTS_DIR
               ) -> Problem:
    """A problem with the setting at the dotted ``path`` of layouts/<name>.yaml, at the
    line it is written on (in the file itself, else in the one it extends; the file's first
    line where it is left to its default), the file named as problems name it."""
    node = _walk(read_yaml(layouts_dir / f"{name}.yaml", Problems()), path) \
        or _walk(_read(name, layouts_dir, Problems(), ()), path)
    if node is None or node.file is None:
        return Problem(_shown_path(layouts_dir / f"{name}.yaml"), 1, path, message)
    return Problem(_shown_path(node.file), node.key_line or node.line, path, message)


def where_set(name: str, path: str, layouts_dir: Path = LAYOUTS_DIR) -> str:
    """Where the setting at ``path`` of layouts/<name>.yaml is written, as problems name
    it: ``layouts/cards.yaml:5: band``."""
    place = problem_at(name, path, "", layouts_dir)
    return f"{place.file}:{place.line}: {path}"


def _walk(node: Node | None, path: str) -> Node | None:
    """The node at the dotted ``path`` under ``node``, where there is one."""
    for key in path.split("."):
        node = node.value.get(key) if node is not None and isinstance(node.value, dict) \
            else None
    return node


def layout_texts(layouts_dir: Path = LAYOUTS_DIR) -> Iterator[tuple[str, int, str, str]]:
    """(file as problems name it, line, setting, text) of every text a layout file has
    printed (wording, bullets), for checks that need more than the layouts themselves."""
    for name, kind in FILES.items():
        root = read_yaml(layouts_dir / f"{name}.yaml", Problems())
        if root is not None:
            yield from _texts(root, kind.settings, "")


def _texts(node: Node, setting: Setting, where: str) -> Iterator[tuple[str, int, str, str]]:
    if isinstance(setting, (Text, Template)) and isinstance(node.value, str):
        if isinstance(setting, Template) or setting.printed:
            yield (_shown_path(node.file or Path()), node.key_line or node.line, where,
                   node.value)
    elif isinstance(setting, (Group, Entries)) and isinstance(node.value, dict):
        for key, value in node.value.items():
            inner = setting.fields.get(key) if isinstance(setting, Group) else setting.entry
            if inner is not None:
                yield from _texts(value, inner, f"{where}.{key}" if where else str(key))
    elif isinstance(setting, ListOf) and isinstance(node.value, list):
        for index, value in enumerate(node.value):
            yield from _texts(value, setting.entry, f"{where}[{index}]")


def _load(name: str, layouts_dir: Path) -> Spec:
    """``load_layout`` called as the renderers call it for the usual folder, so that each
    file is checked and cached once (a cache tells ``f(a)`` from ``f(a, default)``)."""
    return load_layout(name) if layouts_dir == LAYOUTS_DIR else load_layout(name, layouts_dir)


def _extended_layout(name: str, layouts_dir: Path) -> tuple[Spec | None, list[Problem]]:
    """The layout ``name`` extends (one of its kind), checked: its settings where it has no
    problems of its own, else those problems."""
    base = _extended(name, layouts_dir)
    if base not in FILES or FILES[base] is not FILES[name] or base == name:
        return None, []
    try:
        return _load(base, layouts_dir), []
    except LayoutError as error:
        return None, error.problems


def _families(layouts_dir: Path) -> frozenset[str] | None:
    """The font families styles may name, even when a face of one is wrong; None when
    fonts.yaml cannot say (its problems are its own)."""
    try:
        return frozenset(_load(FONTS_FILE, layouts_dir).families)
    except LayoutError:
        root = _read(FONTS_FILE, layouts_dir, Problems(), ())
    families = root.value.get("families") if root is not None else None
    return frozenset(families.value) if families and isinstance(families.value, dict) else None


def _read(name: str, layouts_dir: Path, problems: Problems, chain: tuple[str, ...]
          ) -> Node | None:
    """The file's settings, merged over those of the file it extends."""
    path = layouts_dir / f"{name}.yaml"
    root = read_yaml(path, problems)
    if root is None:
        return None
    if not isinstance(root.value, dict):
        problems.add(path, root.line, "", f"expected a mapping of settings, got "
                                          f"{kind_of(root.value)}")
        return None
    extends = root.value.pop("extends", None)
    if extends is None:
        return root
    base = _base(name, extends, chain, problems)
    parent = _read(base, layouts_dir, problems, (*chain, name)) if base else None
    return _merge(parent, root) if parent is not None else None


def _base(name: str, extends: Node, chain: tuple[str, ...], problems: Problems) -> str | None:
    """The name of the layout file ``extends`` names, or None with the problem recorded."""
    same_kind = [other for other, kind in FILES.items() if kind is FILES[name] and other != name]
    base = extends.value
    if base in (*chain, name):
        problems.add(extends.file or "", extends.line, "extends",
                     f"a layout cannot extend itself, not even through another "
                     f"({' → '.join((*chain, name, base))})")
    elif base not in same_kind:
        shown = f"'{base}'" if isinstance(base, str) else kind_of(base)
        hint = did_you_mean(base, same_kind) if isinstance(base, str) else ""
        choices = f"expected one of: {', '.join(same_kind)}" if same_kind \
            else f"no other layout is of the kind {name}.yaml is"
        problems.add(extends.file or "", extends.line, "extends",
                     f"{shown} is not a layout of the same kind{hint} ({choices})")
    else:
        return base
    return None


def _merge(base: Node, override: Node) -> Node:
    """``override`` over ``base``: mappings merged key by key, any other value replaced.

    A merged mapping stays where ``base`` wrote it; every value keeps its own file and line.
    """
    if not (isinstance(base.value, dict) and isinstance(override.value, dict)):
        return override
    merged = dict(base.value)
    for key, child in override.value.items():
        merged[key] = _merge(merged[key], child) if key in merged else child
    return Node(merged, base.line, base.file, base.key_line)


def _shown(problems: list[Problem]) -> list[Problem]:
    """The problems once each, in file order, with files under the project named from it."""
    return sorted({replace(problem, file=_shown_path(Path(problem.file)))
                   for problem in problems})


def shown_layout(name: str) -> str:
    """``layouts/<name>.yaml`` as problems name it."""
    return _shown_path(LAYOUTS_DIR / f"{name}.yaml")


def _shown_path(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_absolute() and path.is_relative_to(ROOT) \
        else str(path)
