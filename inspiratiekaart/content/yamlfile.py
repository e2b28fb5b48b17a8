"""Read a YAML file safely into plain values that remember their line numbers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .problems import Problems

MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 20


@dataclass
class Node:
    """A YAML value with the (1-based) line it starts on, in the file it was read from."""

    value: Any
    line: int
    file: Path | None = None
    key_line: int | None = None
    """The line of the key this value stands under (a nested mapping starts a line later)."""


QUICK_LOADER = getattr(yaml, "CSafeLoader", None)
"""libyaml's parser, when PyYAML was built with it: twenty times quicker. Text it refuses
is parsed again by PyYAML's own, whose messages say more exactly what is wrong."""


def read_yaml(path: Path, problems: Problems) -> Node | None:
    """Parse ``path``; on any problem record it and return None."""
    text = _read_text(path, problems)
    if text is None:
        return None
    parsed = _parse_quickly(text, path, problems) or _parse_exactly(text, path, problems)
    if parsed is None:
        return None
    allowed, root = parsed
    if not allowed:
        return None
    if root is None:
        problems.add(path, 1, "", "the file is empty (expected a mapping of keys)")
        return None
    return _convert(root, path, problems)


def _parse_quickly(text: str, path: Path, problems: Problems
                   ) -> tuple[bool, yaml.Node | None] | None:
    """The text parsed by libyaml; None when it is not installed or refuses the text."""
    if QUICK_LOADER is None:
        return None
    try:
        return _compose(text, path, problems, QUICK_LOADER)
    except yaml.YAMLError:
        return None


def _parse_exactly(text: str, path: Path, problems: Problems
                   ) -> tuple[bool, yaml.Node | None] | None:
    """The text parsed by PyYAML's own parser; None, with the problem recorded, when it
    is not valid YAML."""
    try:
        return _compose(text, path, problems, yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        line, message = _syntax_problem(error)
        problems.add(path, line, "", f"not valid YAML: {message}")
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        problems.add(path, line, "", f"holds the control character U+{error.character:04X}, "
                                     "which YAML does not allow; delete it or type a space")
    except yaml.YAMLError as error:
        problems.add(path, 0, "", f"not valid YAML: {error}")
    return None


def _compose(text: str, path: Path, problems: Problems, loader: type
             ) -> tuple[bool, yaml.Node | None]:
    """Whether the text passed the events check, and its root node."""
    if not _check_events(text, path, problems, loader):
        return False, None
    return True, yaml.compose(text, Loader=loader)


def _read_text(path: Path, problems: Problems) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.add(path, 0, "", f"cannot be read: {error.strerror}")
        return None
    if len(data) > MAX_FILE_BYTES:
        problems.add(path, 0, "", f"is {len(data):,} bytes; a content file may hold at most "
                                  f"{MAX_FILE_BYTES:,}")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.add(path, line, "", f"is not UTF-8 (byte 0x{data[error.start]:02x} at offset "
                                     f"{error.start}); save the file as UTF-8")
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def _check_events(text: str, path: Path, problems: Problems, loader: type) -> bool:
    """Refuse anchors, aliases, tags and deep nesting before anything is built from the text.

    Content never needs them; alias bombs and deeply nested brackets are how a small file
    would exhaust memory or the stack.
    """
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        line = event.start_mark.line + 1
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent) or anchor:
            problems.add(path, line, "", f"YAML anchors and aliases ('&{anchor}', '*{anchor}') "
                                         "are not allowed in content; write the text out")
            return False
        tag = getattr(event, "tag", None)
        if tag:
            problems.add(path, line, "", f"YAML tags ('{_short_tag(tag)}') are not allowed in "
                                         "content; write plain text, lists and keys")
            return False
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                problems.add(path, line, "", f"lists and mappings are nested more than "
                                             f"{MAX_DEPTH} deep; content needs at most a few "
                                             "levels (is a bracket left open?)")
                return False
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return True


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag


def _syntax_problem(error: yaml.MarkedYAMLError) -> tuple[int, str]:
    """The line to point at and a message that says what to do about it."""
    problem = error.problem or error.context or "cannot be read"
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 0
    context = error.context or ""
    if "quoted scalar" in context and error.context_mark is not None:
        opened = error.context_mark.line + 1
        return opened, f"a quote opened on line {opened} is never closed ({problem})"
    if "'\\t'" in problem:
        return line, f"{problem}; indent with spaces, not tabs"
    for clue, advice in _ADVICE:
        if clue in problem:
            return line, f"{problem} ({advice})"
    return line, problem


_YAML_TAG = "tag:yaml.org,2002:"
_ADVICE = (
    ("mapping values are not allowed", "check this line's indentation; text holding ': ' "
                                       "needs quotes"),
    ("expected <block end>", "check the indentation: keys of one mapping start in the same "
                             "column"),
    ("could not find expected ':'", "check the indentation, or put the text in quotes"),
)


def _convert(node: yaml.Node, path: Path, problems: Problems) -> Node:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.add(path, key_node.start_mark.line + 1, "",
                             "a key must be a plain name, not a list or mapping")
                continue
            key = str(key_node.value)
            if key in mapping:
                problems.add(path, key_node.start_mark.line + 1, key,
                             f"key '{key}' appears twice in the same mapping")
            mapping[key] = _convert(value_node, path, problems)
            mapping[key].key_line = key_node.start_mark.line + 1
        return Node(mapping, line, path)
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(child, path, problems) for child in node.value], line, path)
    return Node(_scalar(node), line, path)


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _scalar(node: yaml.Node) -> Any:
    value = _CONSTRUCTOR.construct_object(node, deep=True)
    _CONSTRUCTOR.constructed_objects.clear()
    return value
