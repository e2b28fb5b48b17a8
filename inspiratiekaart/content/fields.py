"""Typed access to one YAML mapping that records every problem it meets."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from . import limits
from .characters import (
    SOFT_HYPHEN,
    describe,
    hidden_characters,
    unprintable,
    unprintable_message,
)
from .inline import InlineError, parse_inline
from .model import RichText
from .problems import Problems, did_you_mean, excerpt
from .yamlfile import Node

ALLOWED_IN_TEXT = frozenset(SOFT_HYPHEN)


class Fields:
    """The keys of one mapping, read with type checks; problems go to ``problems``.

    Text that is printed (``string``, ``strings``, ``paragraphs``, ``rich``) is checked for
    everything that would make the page differ from the file: a comment that cut it short,
    a length over the limit, invisible characters. Names that are compared, not printed
    (an id, a kind, a sector), are read with ``word`` and ``words``.
    """

    def __init__(self, node: Node, path: Path, where: str, problems: Problems,
                 required: tuple[str, ...], optional: tuple[str, ...] = (),
                 sectors: frozenset[str] | None = None) -> None:
        self.path, self.where, self.problems, self.sectors = path, where, problems, sectors
        self.line = node.line
        self.required = required
        self.ok = isinstance(node.value, dict)
        self.values: dict[str, Node] = node.value if self.ok else {}
        if not self.ok:
            self.report(node.line, "",
                        f"expected a mapping of keys, found {kind_of(node.value)}")
            return
        allowed = required + optional
        for key, value in self.values.items():
            if key not in allowed:
                self.report(value.line, excerpt(key).strip("'\""), unknown_key(key, allowed))
        for key in required:
            if key not in self.values:
                self.report(node.line, key, "is required but missing")

    def field(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def report(self, line: int, key: str, message: str) -> None:
        self.problems.add(self.path, line, self.field(key) if key else self.where, message)

    def has(self, key: str) -> bool:
        return key in self.values and self.values[key].value is not None

    def node(self, key: str) -> Node | None:
        return self.values.get(key)

    # names: compared, not printed -----------------------------------------------------------
    def word(self, key: str, default: str | None = None) -> str | None:
        """A name or keyword (an id, a kind, a pillar), white space made single."""
        node = self.values.get(key)
        if node is None or node.value is None:
            return default
        if isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            node.value = str(node.value)
        if not isinstance(node.value, str):
            self.report(node.line, key, _not_text(node.value))
            return default
        text = " ".join(node.value.split())
        if not text:
            self.report(node.line, key, "is empty (expected some text)")
            return default
        return text

    def words(self, key: str) -> list[str]:
        """A list of names (sectors)."""
        result = []
        for index, node in enumerate(self.nodes(key)):
            if isinstance(node.value, str) and node.value.strip():
                result.append(" ".join(node.value.split()))
            else:
                self.report(node.line, f"{key}[{index}]", "expected non-empty text")
        return result

    # printed text ---------------------------------------------------------------------------
    def string(self, key: str, default: str | None = None,
               limit: limits.Limit = limits.TITLE_CHARS) -> str | None:
        """Printed text without markup (a title, a heading, a name), at most ``limit``
        long (a heading taller than a page could not be set)."""
        node = self.values.get(key)
        if node is None:
            return default
        if node.value is None and node.comment is None and key not in self.required:
            return default
        text = self.text_of(node, key)
        if text is not None and len(text) > limit.value:
            self.report(node.line, key, f"is {len(text):,} characters long; {limit.rule()}: "
                                        "shorten it")
            return default
        if text is None or not self.prints_as_written(text, node, key):
            return default
        return text

    def strings(self, key: str) -> list[str]:
        """A list of printed texts (the publishers)."""
        return [text for index, node in enumerate(self.nodes(key))
                if (text := self.text_of(node, f"{key}[{index}]")) is not None
                and self.prints_as_written(text, node, f"{key}[{index}]")]

    def paragraphs(self, key: str, required: bool = False) -> tuple[RichText, ...]:
        """Inline text given as one string or as a list of strings (paragraphs)."""
        node = self.values.get(key)
        if node is None or node.value is None:
            if node is not None and (required or node.comment):
                self.text_of(node, key)
            return ()
        entries = [(key, node)] if not isinstance(node.value, list) else [
            (f"{key}[{i}]", child) for i, child in enumerate(node.value)]
        if not entries and required:
            self.report(node.line, key, "is empty (expected some text)")
        return tuple(t for name, child in entries
                     if (t := self.rich_node(child, name)) is not None)

    def rich(self, key: str) -> RichText | None:
        node = self.values.get(key)
        return None if node is None else self.rich_node(node, key)

    def rich_node(self, node: Node, name: str) -> RichText | None:
        """Inline text (with emphasis and links) of ``node``, or None with the problem."""
        source = self.text_of(node, name)
        if source is None:
            return None
        try:
            text = parse_inline(source, self.sectors)
        except InlineError as error:
            self.report(node.line, name, f"{error} (at character {error.column + 1}: "
                                         f"«{_context(source, error.column)}»)")
            return None
        if not self.prints_as_written(source, node, name):
            return None
        self._note_links(text, node, name)
        return text

    def text_of(self, node: Node, name: str) -> str | None:
        """The text of ``node`` with its runs of white space made single, or None with the
        reason it cannot be printed as written reported (invisible characters are looked
        for by ``visible``, once the addresses in it have been checked)."""
        if node.value is None:
            self.report(node.line, name, f"is empty: {node.comment.describe()}" if node.comment
                        else "is empty (expected some text)")
            return None
        if isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            node.value = str(node.value)
        if not isinstance(node.value, str):
            self.report(node.line, name, _not_text(node.value))
            return None
        text = " ".join(node.value.split())
        if not text:
            self.report(node.line, name, "is empty (expected some text)")
            return None
        if not text.replace(SOFT_HYPHEN, "").strip():
            self.report(node.line, name, "holds only soft hyphens (U+00AD), which print "
                                         "nothing: write the text it should print")
            return None
        if node.comment is not None:
            self.report(node.comment.line, name, node.comment.describe())
        if len(text) > limits.TEXT_CHARS.value:
            self.report(node.line, name, f"is {len(text):,} characters long; "
                                         f"{limits.TEXT_CHARS.rule()}: split it")
            return None
        return text

    def prints_as_written(self, text: str, node: Node, name: str) -> bool:
        """True when ``text`` holds no invisible or direction-changing character and none
        the fonts lack; else the first hidden one, or every one the fonts lack, is
        reported."""
        hidden = hidden_characters(text, ALLOWED_IN_TEXT)
        if hidden:
            at = hidden[0]
            self.report(node.line, name, f"holds, at character {at + 1} "
                        f"({excerpt(text[max(0, at - 20):at + 20])}), {describe(text[at])}; "
                        "it would print as a stray mark or change how the text reads: "
                        "delete it")
            return False
        missing = unprintable(text, self.problems.printable)
        if missing:
            self.report(node.line, name, unprintable_message(text, missing))
        return not missing

    def _note_links(self, text: RichText, node: Node, name: str) -> None:
        """Where each address is used, and the link ids claimed for it."""
        for link in text.links():
            if self.problems.count_link(self.path) == limits.LINKS.value + 1:
                self.report(node.line, name, f"holds link number {limits.LINKS.value + 1:,} of "
                                             f"this file; {limits.LINKS.rule()}: split it")
            self.problems.sites.setdefault(link.url, (str(self.path), node.line, self.field(name)))
            if link.id:
                self.problems.claim("link", link.id, link.url, self.path, node.line,
                                    self.field(name))
                self.problems.claim("address", link.url, link.id, self.path, node.line,
                                    self.field(name))

    # numbers and lists ----------------------------------------------------------------------
    def integer(self, key: str, default: int = 0) -> int:
        node = self.values.get(key)
        if node is None:
            return default
        if not isinstance(node.value, int) or isinstance(node.value, bool):
            self.report(node.line, key, f"expected a whole number, found {kind_of(node.value)}")
            return default
        return node.value

    def nodes(self, key: str) -> list[Node]:
        """A list value (absent: empty)."""
        node = self.values.get(key)
        if node is None or node.value is None:
            return []
        if not isinstance(node.value, list):
            dash = isinstance(node.value, str) and node.value.startswith("-")
            hint = "; a list item starts with a dash and a space ('- ')" if dash else ""
            self.report(node.line, key, f"expected a list, found {kind_of(node.value)}{hint}")
            return []
        return node.value


def unknown_key(key: str, allowed: Iterable[str]) -> str:
    """The problem with a key that is not one of ``allowed``: a close match, and a hint when
    the key looks like text that YAML cut at its ': '."""
    allowed = tuple(allowed)
    hint = "; a text holding ': ' needs quotes" if " " in key.strip() else ""
    return (f"unknown key {excerpt(key)}{did_you_mean(key, allowed)} (expected one of: "
            f"{', '.join(allowed)}){hint}")


@dataclass(frozen=True)
class ColourFormat:
    """How a colour is written: a list of channel values, each from 0 to ``high``. The one
    check of a colour, for the content's pillar colours and the layouts' colours alike."""

    channels: str = "CMYK"
    high: int = 100
    whole: bool = False
    """Whether each value is a whole number (not a percentage with decimals)."""

    def summary(self) -> str:
        """What the colour is, briefly: "a CMYK colour"."""
        article = "an" if self.channels[0] in "AEFHILMNORSX" else "a"
        return f"{article} {self.channels} colour"

    def expected(self) -> str:
        """What a valid colour looks like, for messages."""
        unit = "whole numbers" if self.whole else "percentages"
        example = [self.high // 2] * len(self.channels)
        return (f"{self.summary()}: a list of {len(self.channels)} {unit} from 0 to "
                f"{self.high}, as {example}")

    def problem(self, values: Any) -> str | None:
        """What is wrong with ``values`` (a YAML list's nodes) as a colour; None when
        nothing is."""
        if not isinstance(values, list) or len(values) != len(self.channels):
            got = f"a list of {len(values)}" if isinstance(values, list) else kind_of(values)
            return f"expected {self.expected()}; got {got}"
        kinds = int if self.whole else (int, float)
        bad = [f"{channel} {_channel_value(child.value)}"
               for channel, child in zip(self.channels, values, strict=True)
               if not isinstance(child.value, kinds) or isinstance(child.value, bool)
               or not 0 <= child.value <= self.high]
        return f"{', '.join(bad)} out of range (expected {self.expected()})" if bad else None


CMYK = ColourFormat()
"""A colour as CMYK percentages, [cyan, magenta, yellow, black]."""


def _channel_value(value: Any) -> str:
    """A channel's value in a message: a number as written, anything else by its kind."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    return repr(value) if number else kind_of(value)


def read_as_mapping(value: Any) -> str | None:
    """The text an editor wrote, when YAML read it as a key and a value because it holds
    ': ' (``- Let op: maak een meldpunt.``); None for any other value."""
    if not isinstance(value, dict) or len(value) != 1:
        return None
    (key, node), = value.items()
    if isinstance(node.value, (dict, list)):
        return None
    rest = "" if node.value is None else f" {_scalar_text(node.value)}"
    return f"{key}:{rest}"


def read_as_mapping_problem(text: str) -> str:
    return (f"{excerpt(text)} was read as a key and its value because of the ': ' in it; "
            "put the whole text in quotes")


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _context(source: str, column: int, width: int = 24) -> str:
    start = max(0, column - width)
    return source[start:column + width]


def _not_text(value: Any) -> str:
    """The problem with a value where text was expected; YAML reads some words as values."""
    as_text = read_as_mapping(value)
    if as_text is not None:
        return read_as_mapping_problem(as_text)
    hint = "; put it in quotes to keep it as text" if isinstance(value, (bool, date)) else ""
    return f"expected text, found {kind_of(value)}{hint}"


def kind_of(value: Any) -> str:
    """A value read from YAML as a problem names it: "a number (9)", "text 'abc'", …"""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"yes/no ({value})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"text {excerpt(value, 40)}"
    if isinstance(value, date):
        return f"a date ({value.isoformat()})"
    return f"{type(value).__name__} {excerpt(repr(value), 40)}"
