"""Typed access to one YAML mapping that records every problem it meets."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from .inline import InlineError, parse_inline
from .model import RichText
from .problems import Problems
from .yamlfile import Node

MAX_TEXT_CHARS = 20_000


class Fields:
    """The keys of one mapping, read with type checks; problems go to ``problems``."""

    def __init__(self, node: Node, path: Path, where: str, problems: Problems,
                 required: tuple[str, ...], optional: tuple[str, ...] = (),
                 sectors: frozenset[str] | None = None) -> None:
        self.path, self.where, self.problems, self.sectors = path, where, problems, sectors
        self.line = node.line
        self.ok = isinstance(node.value, dict)
        self.values: dict[str, Node] = node.value if self.ok else {}
        if not self.ok:
            self.report(node.line, "",
                        f"expected a mapping of keys, found {kind_of(node.value)}")
            return
        allowed = required + optional
        for key, value in self.values.items():
            if key not in allowed:
                self.report(value.line, key, f"unknown key '{key}' (expected one of: "
                                             f"{', '.join(allowed)})")
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

    def string(self, key: str, default: str | None = None) -> str | None:
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
            self.report(node.line, key, f"expected a list, found {kind_of(node.value)}")
            return []
        return node.value

    def strings(self, key: str) -> list[str]:
        result = []
        for index, node in enumerate(self.nodes(key)):
            if isinstance(node.value, str) and node.value.strip():
                result.append(" ".join(node.value.split()))
            else:
                self.report(node.line, f"{key}[{index}]", "expected non-empty text")
        return result

    def paragraphs(self, key: str, required: bool = False) -> tuple[RichText, ...]:
        """Inline text given as one string or as a list of strings (paragraphs)."""
        node = self.values.get(key)
        if node is None or node.value is None:
            if required and key in self.values:
                self.report(self.values[key].line, key, "is empty (expected some text)")
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
        if isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            node.value = str(node.value)
        if not isinstance(node.value, str):
            self.report(node.line, name, _not_text(node.value))
            return None
        source = " ".join(node.value.split())
        if not source:
            self.report(node.line, name, "is empty (expected some text)")
            return None
        if len(source) > MAX_TEXT_CHARS:
            self.report(node.line, name, f"is {len(source):,} characters long; one paragraph or "
                                         f"item may hold at most {MAX_TEXT_CHARS:,}")
            return None
        try:
            text = parse_inline(source, self.sectors)
        except InlineError as error:
            self.report(node.line, name, f"{error} (at character {error.column + 1}: "
                                         f"«{_context(source, error.column)}»)")
            return None
        for link in text.links():
            self.problems.sites.setdefault(link.url, (str(self.path), node.line, self.field(name)))
            if link.id:
                self.problems.claim("link", link.id, link.url, self.path, node.line,
                                    self.field(name))
                self.problems.claim("address", link.url, link.id, self.path, node.line,
                                    self.field(name))
        return text


def _context(source: str, column: int, width: int = 24) -> str:
    start = max(0, column - width)
    return source[start:column + width]


def _not_text(value: Any) -> str:
    """The problem with a value where text was expected; YAML reads some words as values."""
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
        return f"text {_short(value)!r}"
    if isinstance(value, date):
        return f"a date ({value.isoformat()})"
    return f"{type(value).__name__} {value!r}"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
