"""The kinds of setting a layout file holds: each checks its YAML node, reports what is wrong
with file, line and field, turns its value into what the renderers read, and describes itself
for the reference in docs/layouts.md."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import KW_ONLY, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
import jinja2.meta
import yaml
from jinja2.sandbox import SandboxedEnvironment

from ..content.fields import ColourFormat, kind_of, unknown_key
from ..content.problems import Problem, Problems, closest, did_you_mean, excerpt
from ..content.yamlfile import Node
from .derived import from_layouts

MM = 72 / 25.4
UNITS = {"mm": MM, "cm": 10 * MM, "pt": 1.0}
LENGTH = re.compile(r"^(-?\d+(?:\.\d+)?)\s*(mm|pt|cm)$")
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
TOLERANCE = 1e-6


class Spec(dict):
    """A layout mapping whose keys read as attributes: ``layout.qr.min_size``."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"layout has no setting '{name}' "
                                 f"(has: {', '.join(self)})") from None


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()
"""What a check returns for a value it reported a problem with."""


@dataclass
class Checking:
    """Where problems go, and what the checks need to know beyond one file."""

    problems: Problems
    families: frozenset[str] | None = None
    """The font families of layouts/fonts.yaml; None when that file has problems itself."""
    fonts_dir: Path = Path("fonts")
    root: Path = Path(".")
    """The repository's folder, which paths to other files (a profile) are relative to."""
    checked: Path | None = None
    """The file whose rules are being checked: a rule that fails on a value it takes from
    the file it extends is reported where the value is written, saying for which file."""
    extended: Callable[[], Spec | None] = lambda: None
    """The settings of the file the checked one extends, where it extends one that is
    sound (read only when a rule fails): a rule that holds there failed on a value of the
    checked file's own."""
    told_in_extended: Callable[[], list[Problem]] = list
    """The problems the file the checked one extends has of its own (read only when a rule
    fails on a value taken from it): a problem told there is not told again, word for
    word, for each file that takes the value."""
    asked: dict[tuple[str, int, str, str], tuple[Bound, Problem]] = field(default_factory=dict)
    """For each setting and way, the most any rule told so far asks of it, and its problem."""

    def report(self, node: Node, where: str, message: str) -> Problem:
        """A problem with ``node``, at the line of its key where it has one."""
        return self.problems.add(node.file or "", node.key_line or node.line, where, message)

    def report_between(self, node: Node, others: list[Node], where: str, message: str,
                       bound: Bound | None = None) -> None:
        """A rule between ``node`` and ``others`` that fails: where values written in
        different files meet in the file being checked (one taken from the file it extends),
        the problem says for which file and where to set the value instead.

        Of the rules that ask a setting to go one way (its ``bound``), the one that asks
        most is told; rules pulling it both ways are both told, since together they say
        that no value fits."""
        files = {n.file for n in (node, *others)}
        taken = self.checked is not None and node.file not in (None, self.checked)
        line = node.key_line or node.line
        if taken and any((Path(p.file).name, p.line, p.field, p.message)
                         == (node.file.name, line, where, message)
                         for p in self.told_in_extended()):
            return
        key = (str(node.file or ""), line, where, bound.way if bound is not None else "")
        if bound is not None and (earlier := self.asked.get(key)) is not None:
            if not bound.asks_more_than(earlier[0]):
                return
            self.problems.withdraw(earlier[1])
        if taken and len(files) > 1:
            message += (f" (in {self.checked.name}, which takes it from {node.file.name}: "
                        f"set {where} in {self.checked.name})")
        problem = self.report(node, where, message)
        if bound is not None:
            self.asked[key] = (bound, problem)


class Bound(NamedTuple):
    """What a rule asks of the setting it is told at: to go below ``value`` ("lower") or
    above it ("raise")."""

    way: str
    value: float

    def asks_more_than(self, other: Bound) -> bool:
        if self.way == "lower":
            return self.value < other.value - TOLERANCE
        return self.value > other.value + TOLERANCE


def points(length: str) -> float:
    """A length written with its unit (``"3mm"``) in points."""
    match = LENGTH.match(length.strip())
    if match is None:
        raise ValueError(f"not a length: {length!r}")
    return float(match.group(1)) * UNITS[match.group(2)]


def joined(where: str, key: str) -> str:
    """The field path of ``key`` inside ``where``: ``styles.body`` + ``size``."""
    return f"{where}.{key}" if where else key


def not_one_of(what: str, word: Any, choices: Iterable[str]) -> str:
    """The message for a word that is not one of ``choices``."""
    choices = list(choices)
    shown = excerpt(word, 40) if isinstance(word, str) else kind_of(word)
    hint = did_you_mean(word, choices) if isinstance(word, str) else ""
    return f"{shown} is not {what}{hint} (expected one of: {', '.join(choices)})"


@dataclass(frozen=True)
class Setting:
    """One setting: what it means, whether a file must give it, and how it is checked."""

    doc: str
    _: KW_ONLY
    required: bool = True
    default: str | None = None
    """For the reference: what an optional setting left out means."""
    unused: bool = False
    """For the reference: a setting the files carry that no renderer reads at present."""

    def expected(self) -> str:
        """What a valid value looks like, for messages."""
        raise NotImplementedError

    def summary(self) -> str:
        """What a valid value looks like, briefly, for the reference."""
        return self.expected()

    def check(self, node: Node, where: str, checking: Checking) -> Any:
        """The value the renderers read, or INVALID with the problem reported."""
        raise NotImplementedError

    @cached_property
    def default_value(self) -> Any:
        """The value an optional setting left out has, where its ``default`` is a value of
        this setting (``0pt``, ``true``) rather than a description; else INVALID. Worked
        out once: every file that leaves the setting out has it."""
        if self.required or self.default is None:
            return INVALID
        scratch = Checking(Problems())
        value = self.check(Node(yaml.safe_load(self.default), 0), "", scratch)
        return INVALID if scratch.problems.items else value


@dataclass(frozen=True)
class Length(Setting):
    """A length with its unit, read as points."""

    low: str = "0pt"
    high: str = "1000mm"

    def expected(self) -> str:
        return f"a length with a unit (mm, pt, cm) from {self.low} to {self.high}"

    def summary(self) -> str:
        return f"length, {self.low} to {self.high}"

    def check(self, node: Node, where: str, checking: Checking) -> Any:
        value = node.value
        match = LENGTH.match(value.strip()) if isinstance(value, str) else None
        if match is None:
            number = isinstance(value, (int, float)) and not isinstance(value, bool)
            hint = f"; write it as {value}pt or {value}mm" if number else ""
            checking.report(node, where, "expected a length with a unit (mm, pt, cm), got "
                                         f"{kind_of(value)}{hint}")
            return INVALID
        length = float(match.group(1)) * UNITS[match.group(2)]
        if not points(self.low) - TOLERANCE <= length <= points(self.high) + TOLERANCE:
            checking.report(node, where, f"{value.strip()} is out of range (expected "
                                         f"{self.low} to {self.high})")
            return INVALID
        return length


@dataclass(frozen=True)
class Number(Setting):
    """A plain number (no unit) within a range."""

    low: float = 0
    high: float = 1
    whole: bool = False

    def expected(self) -> str:
        kind = "a whole number" if self.whole else "a number"
        return f"{kind} from {self.low} to {self.high}"

    def check(self, node: Node, where: str, checking: Checking) -> Any:
        value = node.value
        kinds = int if self.whole else (int, float)
        if not isinstance(value, kinds) or isinstance(value, bool):
            checking.report(node, where, f"expected {self.expected()}, got {kind_of(value)}")
            return INVALID
        if not self.low <= value <= self.high:
            checking.report(node, where, f"{value} is out of range (expected {self.expected()})")
            return INVALID
        return value


@dataclass(frozen=True)
class Flag(Setting):
    """Yes or no."""

    def expected(self) -> str:
        return "true or false"

    def check(self, node: Node, where: str, checking: Checking) -> Any:
        if not isinstance(node.value, bool):
            checking.report(node, where, f"expected true or false, got {kind_of(node.value)}")
            return INVALID
        return node.value


@dataclass(frozen=True)
class Text(Setting):
    """Some text that is not empty (or, where ``nullable``, nothing: null)."""

    nullable: bool = False
    printed: bool = True
    """Set on a page (in the fonts' characters), not only named in a file's data."""
    max_chars: int | None = None
    """A mark (a bullet) is a character or two: a longer text runs off its place."""

    def expected(self) -> str:
        text = f"a mark of at most {self.max_chars} characters" if self.max_chars \
            else "some text"
        return f"{text}, or null" if self.nullable else text

    @property
    def default_value(self) -> Any:
        return INVALID  # a text's default describes what happens ("no mark")

    def check(self, node: Node, where: str, checking: Checking) -> Any:
        if self.nullable and node.value is None:
            return None
        if not isinstance(node.value, str) or not node.value.strip():
            checking.report(node, where, f"expected some text, got {kind_of(node.value)}"
                                         f"{_quotes_hint(node.value)}")
            return INVALID
        if self.max_chars is not None and len(node.value) > self.max_chars:
            checking.report(node, where, f"expected {self.expected()}, got {kind_of(node.value)} "
                                         f"({len(node.value)} characters)")
            return INVALID
        return node.value


def _quotes_hint(value: Any) -> str:
    """Advice for a value YAML read as something other than text (yes, 12:30, 2026-01-01)."""
    return "" if value is None or isinstance(value, (str, list, dict)) \
        else "; put it in quotes to keep it as text"


@dataclass(frozen=True)
class Choice(Setting):
    """One of a few words."""

    choices: tuple[str, ...] = ()
    what: str = "a choice"

    def expected(self) -> str:
        return f"{self.what}: {', '.join(self.choices)}"

    def check(self, node: Node, where: str, checking: Checking) -> Any:
        if node.value not in self.choices:
            checking.report(node, where, not_one_of(self.what, node.value, self.choices))
            return INVALID
        return node.value


@dataclass(frozen=True)
class Colour(Setting):
    """A colour as a list of channel values: CMYK percentages, or RGB 0 to 255."""

    channels: str = "CMYK"
    high: int = 100
    whole: bool = False

    @property
    def written(self) -> ColourFormat:
        """How the colour is written, checked as the content's pillar colours are."""
        return ColourFormat(self.channels, self.high, self.whole)

    def expected(self) -> str:
        return self.written.expected()

    def summary(self) -> str:
        return self.written.summary()

    def check(self, node: Node, where: str, checking: Checking) -> Any:
        problem = self.written.problem(node.value)
        if problem is not None:
            checking.report(node, where, problem)
            return INVALID
        return [child.value for child in node.value]


@dataclass(frozen=True)
class Family(Setting):
    """The name of a font family of layouts/fonts.yaml."""

    def expected(self) -> str:
        return "a font family of layouts/fonts.yaml"

    def summary(self) -> str:
        return "font family"

    def check(self, node: Node, where: str, checking: Checking) -> Any:
        families = checking.families
        if not isinstance(node.value, str):
            checking.report(node, where, f"expected {self.expected()}, got {kind_of(node.value)}")
            return INVALID
        if families is not None and node.value not in families:
            checking.report(node, where, not_one_of("a font family of layouts/fonts.yaml",
                                                    node.value, sorted(families)))
            return INVALID
        return node.value


@dataclass(frozen=True)
class NamedFile(Setting):
    """A file of the project, named relative to a folder (:meth:`folder`)."""

    def folder(self, checking: Checking) -> Path:
        raise NotImplementedError

    def check(self, node: Node, where: str, checking: Checking) -> Any:
        name = node.value
        if not isinstance(name, str) or not name.strip():
            checking.report(node, where, f"expected {self.expected()}, got {kind_of(name)}")
            return INVALID
        folder = self.folder(checking).resolve()
        path = (folder / name).resolve()
        inside = path.is_relative_to(folder) and path.is_file()
        return self.check_file(node, where, checking, name, path if inside else None)

    def check_file(self, node: Node, where: str, checking: Checking, name: str,
                   path: Path | None) -> Any:
        """``name`` checked as the file ``path`` (None: no file by that name in the folder)."""
        raise NotImplementedError


@dataclass(frozen=True)
class FontFile(NamedFile):
    """A TrueType file under fonts/, named relative to that folder."""

    def expected(self) -> str:
        return "a .ttf file under fonts/, as noto-serif/NotoSerif-Bold.ttf"

    def folder(self, checking: Checking) -> Path:
        return checking.fonts_dir

    def check_file(self, node: Node, where: str, checking: Checking, name: str,
                   path: Path | None) -> Any:
        if path is None or path.suffix != ".ttf":
            hint = did_you_mean(name, _font_files(checking.fonts_dir.resolve()))
            checking.report(node, where, f"{excerpt(name, 60)} is not a .ttf file under "
                                         f"fonts/{hint} "
                                         "(the path is relative to the fonts folder)")
            return INVALID
        return name


@from_layouts
def _font_files(folder: Path) -> tuple[str, ...]:
    return tuple(sorted(str(p.relative_to(folder)) for p in folder.rglob("*.ttf")))


ICC_HEADER = 128
PROFILE_BYTES = 16 * 1024 * 1024
"""A CMYK output profile is a few megabytes at most; a larger file is not read."""


def read_profile(path: Path) -> tuple[bytes, list[str]]:
    """The profile at ``path`` (read up to :data:`PROFILE_BYTES`) and why it is not a CMYK
    output profile (nothing when it is); OSError when it cannot be read."""
    with path.open("rb") as file:
        data = file.read(PROFILE_BYTES + 1)
    if len(data) > PROFILE_BYTES:
        return data, [f"larger than {PROFILE_BYTES // 1024 // 1024} MB"]
    return data, icc_problems(data)


def icc_problems(data: bytes) -> list[str]:
    """Why ``data`` is not an ICC output profile for CMYK (nothing when it is)."""
    if len(data) < ICC_HEADER or data[36:40] != b"acsp":
        return ["not an ICC profile (no 'acsp' signature in its header)"]
    problems = []
    if int.from_bytes(data[0:4], "big") != len(data):
        problems.append(f"its header says {int.from_bytes(data[0:4], 'big')} bytes, "
                        f"the file has {len(data)}")
    if data[16:20] != b"CMYK":
        problems.append(f"its colour space is {data[16:20].decode('latin-1').strip()!r}, "
                        "not CMYK")
    if data[12:16] != b"prtr":
        problems.append(f"its device class is {data[12:16].decode('latin-1')!r}, not an "
                        "output profile ('prtr')")
    return problems


@dataclass(frozen=True)
class ProfileFile(NamedFile):
    """A CMYK output profile (.icc) in the repository, named relative to its folder."""

    def expected(self) -> str:
        return "a CMYK output profile (.icc) in the repository, as profiles/FOGRA39.icc"

    def folder(self, checking: Checking) -> Path:
        return checking.root

    def check_file(self, node: Node, where: str, checking: Checking, name: str,
                   path: Path | None) -> Any:
        if path is None:
            checking.report(node, where, f"{excerpt(name, 60)} is not a file in the "
                                         "repository (expected "
                                         f"{self.expected()})")
            return INVALID
        _, found = read_profile(path)
        for why in found:
            checking.report(node, where, f"{excerpt(name, 60)}: {why} (expected {self.expected()})")
        return INVALID if found else name


TEMPLATE_ENVIRONMENT = SandboxedEnvironment(autoescape=False, undefined=jinja2.StrictUndefined)
"""Parses label templates and words each once to check them, as strictly as the renderers'
environments word them."""
NUMBER_VALUES = {"page": 7, "number": 12, "total": 16, "part": 1, "parts": 2}
"""The values labels are given as numbers (with a number to try a template with); every
other value is text."""


@dataclass(frozen=True)
class Template(Setting):
    """Wording as a Jinja2 template that may use only the values its label is given."""

    values: tuple[str, ...] = ()

    def expected(self) -> str:
        given = ", ".join(f"{{{{ {value} }}}}" for value in self.values)
        return f"text, a Jinja2 template using {given}" if given else "text"

    def check(self, node: Node, where: str, checking: Checking) -> Any:
        text = node.value
        if isinstance(text, (int, float)) and not isinstance(text, bool):
            text = str(text)
        if not isinstance(text, str) or not text.strip():
            checking.report(node, where, f"expected {self.expected()}, got {kind_of(text)}"
                                         f"{_quotes_hint(text)}")
            return INVALID
        try:
            names = jinja2.meta.find_undeclared_variables(TEMPLATE_ENVIRONMENT.parse(text))
        except jinja2.TemplateSyntaxError as error:  # unknown filters and tests too
            checking.report(node, where, f"is not a valid template: {error.message}")
            return INVALID
        unknown = sorted(names - set(self.values))
        given = ", ".join(self.values) or "no values"
        for name in unknown:
            checking.report(node, where, f"uses {{{{ {name} }}}}, which this label is not "
                                         f"given (it is given: {given})")
        if unknown:
            return INVALID
        if (error := self.wording_error(text)) is not None:
            checking.report(node, where, f"cannot be worded: {error} (write each value as "
                                         f"{{{{ name }}}}, with the names {given})")
            return INVALID
        return text

    def wording_error(self, text: str) -> str | None:
        """Why ``text`` fails when worded with values of the kinds the renderers give."""
        values = {name: NUMBER_VALUES.get(name, name.replace("_", " ")) for name in self.values}
        try:
            TEMPLATE_ENVIRONMENT.from_string(text).render(values)
        except Exception as error:  # a template may raise anything its expressions raise
            return str(error) or type(error).__name__
        return None


@dataclass(frozen=True)
class ListOf(Setting):
    """A list whose entries are each one kind of setting."""

    entry: Setting = field(default_factory=lambda: Text(""))
    at_least: int = 0

    def expected(self) -> str:
        least = f" of at least {self.at_least}" if self.at_least else ""
        return f"a list{least}, each entry {self.entry.expected()}"

    def check(self, node: Node, where: str, checking: Checking) -> Any:
        if not isinstance(node.value, list):
            checking.report(node, where, f"expected {self.expected()}, got {kind_of(node.value)}")
            return INVALID
        if len(node.value) < self.at_least:
            got = f"{len(node.value)}" if node.value else "an empty list"
            checking.report(node, where, f"expected {self.expected()}, got {got}")
            return INVALID
        checked = [self.entry.check(child, f"{where}[{index}]", checking)
                   for index, child in enumerate(node.value)]
        return [value for value in checked if value is not INVALID]


@dataclass(frozen=True)
class Group(Setting):
    """A mapping of named settings: unknown keys and missing required ones are problems."""

    fields: dict[str, Setting] = field(default_factory=dict)
    missing: str = "is required but missing (expected {expected})"
    """The problem with a required key left out; ``{key}`` and ``{expected}`` are filled in."""
    name: str | None = None
    """A kind of mapping used in several places (a paragraph style), described once."""

    def expected(self) -> str:
        return f"a mapping of {', '.join(self.fields)}"

    def summary(self) -> str:
        return f"a {self.name}" if self.name else "mapping"

    def check(self, node: Node, where: str, checking: Checking) -> Any:
        if not isinstance(node.value, dict):
            checking.report(node, where, f"expected {self.expected()}, got {kind_of(node.value)}")
            return INVALID
        values = Spec()
        misspelt: set[str] = set()
        for key, child in node.value.items():
            setting = self.fields.get(key)
            if setting is None:
                checking.report(child, joined(where, key), unknown_key(key, self.fields))
                if (meant := closest(key, list(self.fields))) is not None:
                    misspelt.add(meant)
                continue
            value = setting.check(child, joined(where, key), checking)
            if value is not INVALID:
                values[key] = value
        for key, setting in self.fields.items():
            if key in node.value or key in misspelt:
                continue
            if setting.required:
                checking.report(node, joined(where, key),
                                self.missing.format(key=key, expected=setting.expected()))
            elif (default := setting.default_value) is not INVALID:
                values[key] = default
        return values


@dataclass(frozen=True)
class Entries(Setting):
    """A mapping of names the file chooses, each an entry of one kind; some names required."""

    entry: Setting = field(default_factory=lambda: Text(""))
    names: tuple[str, ...] = ()
    """The names every file must have."""
    what: str = "name"

    def expected(self) -> str:
        return (f"a mapping of {self.what} names ({', '.join(self.names)}, …) to "
                f"{self.entry.expected()}")

    def summary(self) -> str:
        return f"mapping of {self.what} names"

    def check(self, node: Node, where: str, checking: Checking) -> Any:
        if not isinstance(node.value, dict):
            checking.report(node, where, f"expected {self.expected()}, got {kind_of(node.value)}")
            return INVALID
        values = Spec()
        for key, child in node.value.items():
            if not NAME.match(key):
                checking.report(child, joined(where, key), f"'{key}' is not a usable {self.what} "
                                "(expected lower-case letters, digits and _)")
                continue
            value = self.entry.check(child, joined(where, key), checking)
            if value is not INVALID:
                values[key] = value
        for key in self.names:
            if key not in node.value:
                checking.report(node, joined(where, key), f"is required but missing (the code "
                                f"uses the {self.what} '{key}'; expected {self.entry.expected()})")
        return values
