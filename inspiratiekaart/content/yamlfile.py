"""Read a YAML file safely into plain values that remember their line numbers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .problems import Problems

MAX_FILE_BYTES = 2_000_000


@dataclass
class Node:
    """A YAML value with the (1-based) line it starts on."""

    value: Any
    line: int


def read_yaml(path: Path, problems: Problems) -> Node | None:
    """Parse ``path``; on any problem record it and return None."""
    text = _read_text(path, problems)
    if text is None:
        return None
    try:
        if not _refuse_aliases(text, path, problems):
            return None
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        problems.add(path, line, "", f"not valid YAML: {error.problem or error.context}")
        return None
    except yaml.YAMLError as error:
        problems.add(path, 0, "", f"not valid YAML: {error}")
        return None
    if root is None:
        problems.add(path, 1, "", "the file is empty (expected a mapping of keys)")
        return None
    return _convert(root, path, problems)


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


def _refuse_aliases(text: str, path: Path, problems: Problems) -> bool:
    """Refuse anchors and aliases outright: content never needs them, and alias bombs do."""
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent) or anchor:
            line = event.start_mark.line + 1
            problems.add(path, line, "", f"YAML anchors and aliases ('&{anchor}', '*{anchor}') "
                                         "are not allowed in content; write the text out")
            return False
    return True


def _convert(node: yaml.Node, path: Path, problems: Problems) -> Node:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in mapping:
                problems.add(path, key_node.start_mark.line + 1, key,
                             f"key '{key}' appears twice in the same mapping")
            mapping[key] = _convert(value_node, path, problems)
        return Node(mapping, line)
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(child, path, problems) for child in node.value], line)
    return Node(_scalar(node), line)


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _scalar(node: yaml.Node) -> Any:
    value = _CONSTRUCTOR.construct_object(node, deep=True)
    _CONSTRUCTOR.constructed_objects.clear()
    return value
