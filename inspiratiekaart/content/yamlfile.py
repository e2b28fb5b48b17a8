"""Read a YAML file safely into plain values that remember their line numbers.

Only an ordinary file inside the content folder is read, and only when it is no larger
than the limit; a text the YAML syntax would cut short at a ``#`` is marked, so that the
field reading it can say so.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import limits
from .problems import Problems, excerpt, shorten


@dataclass(frozen=True)
class Comment:
    """A YAML comment that cuts a plain (unquoted) text short, or stands where the text
    would be: what an editor may have meant as text."""

    line: int
    text: str
    where: str
    """"after": it follows the text on the same line; "below": it starts a line that
    would otherwise have continued the text; "instead": it follows the key, with no text."""

    def describe(self) -> str:
        """What happened and what to do, for a problem on ``line``."""
        what = {"after": "the rest of this line after # is a YAML comment and is not printed",
                "below": "this line starts with # inside a text, so YAML reads it as a "
                         "comment and does not print it",
                "instead": "the text after # on this line is a YAML comment, not text"}
        return f"{what[self.where]} ({excerpt(self.text)}): put the text in quotes"


@dataclass
class Node:
    """A YAML value with the (1-based) line it starts on, in the file it was read from."""

    value: Any
    line: int
    file: Path | None = None
    key_line: int | None = None
    """The line of the key this value stands under (a nested mapping starts a line later)."""
    comment: Comment | None = None
    """For plain text: a comment that cut it short (see Comment)."""


QUICK_LOADER = getattr(yaml, "CSafeLoader", None)
"""libyaml's parser, when PyYAML was built with it: it scans and parses in C, where
PyYAML's own does it in Python, character by character. Text it refuses is parsed again
by PyYAML's own, whose messages say more exactly what is wrong."""


def read_yaml(path: Path, problems: Problems, folder: Path | None = None) -> Node | None:
    """Parse ``path``, a file inside ``folder`` (default: its own folder); on any problem
    record it and return None."""
    data = read_content_bytes(path, folder or path.parent, problems)
    text = _decode(data, path, problems) if data is not None else None
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
    return _convert(root, path, problems, text.split("\n"), -1)


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
        line, message = _syntax_problem(error, text.split("\n"))
        problems.add(path, line, "", f"not valid YAML: {message}")
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        problems.add(path, line, "", f"holds the control character U+{error.character:04X}, "
                                     "which YAML does not allow; delete it or type a space")
    except yaml.YAMLError as error:
        problems.add(path, 0, "", f"not valid YAML: {excerpt(str(error))}")
    return None


def _compose(text: str, path: Path, problems: Problems, loader: type
             ) -> tuple[bool, yaml.Node | None]:
    """Whether the text passed the events check, and its root node."""
    if not _check_events(text, path, problems, loader):
        return False, None
    return True, yaml.compose(text, Loader=loader)


def read_content_bytes(path: Path, folder: Path, problems: Problems) -> bytes | None:
    """The bytes of ``path`` when it is an ordinary file inside ``folder`` and within the
    size limit; otherwise None, with the problem recorded and nothing read.

    A link is followed only as far as the folder: one that leads out of it (to a password
    file, to /dev/zero) is refused before anything is opened, and so is a FIFO, a device
    or a socket. The size is taken from the opened file, so it cannot change between the
    look and the read.
    """
    real = os.path.realpath(path)
    if not Path(real).is_relative_to(os.path.realpath(folder)):
        problems.add(path, 0, "", "is a link to something outside the content folder, which "
                                  "is not read; copy the file into the folder instead")
        return None
    try:
        kind = _not_a_file(os.stat(real).st_mode)
        if kind:
            problems.add(path, 0, "", f"is {kind}, not a file, and is not read; remove it "
                                      "(content is read only from ordinary files)")
            return None
        descriptor = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        problems.add(path, 0, "", f"cannot be read: {error.strerror}")
        return None
    try:
        return _read_within_limit(descriptor, path, problems)
    finally:
        os.close(descriptor)


def _not_a_file(mode: int) -> str:
    """What a path that is not an ordinary file is, or "" for an ordinary file."""
    for test, kind in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device")):
        if test(mode):
            return kind
    return "" if stat.S_ISREG(mode) else "not an ordinary file"


def _read_within_limit(descriptor: int, path: Path, problems: Problems) -> bytes | None:
    info = os.fstat(descriptor)
    limit = limits.FILE_BYTES.value
    if not stat.S_ISREG(info.st_mode):
        problems.add(path, 0, "", f"is {_not_a_file(info.st_mode)}, not a file, and is not read")
        return None
    chunks, size = [], 0
    while size <= limit and (chunk := os.read(descriptor, min(1 << 16, limit + 1 - size))):
        chunks.append(chunk)
        size += len(chunk)
    data = b"".join(chunks)
    if max(size, info.st_size) > limit:
        line = data[:limit].count(b"\n") + 1
        problems.add(path, line, "", f"is {max(size, info.st_size):,} bytes long (over the limit "
                                     f"from this line); {limits.FILE_BYTES.rule()}: split it")
        return None
    return data


def _decode(data: bytes, path: Path, problems: Problems) -> str | None:
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
            name = excerpt(str(anchor)).strip("'\"")
            problems.add(path, line, "", f"YAML anchors and aliases ('&{name}', '*{name}') "
                                         "are not allowed in content; write the text out (a "
                                         "text that starts with '*' or '&' needs quotes)")
            return False
        tag = getattr(event, "tag", None)
        if tag:
            problems.add(path, line, "", f"YAML tags ({excerpt(_short_tag(tag))}) are not "
                                         "allowed in content; write plain text, lists and keys "
                                         "(a text that starts with '!' needs quotes)")
            return False
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limits.NESTING.value:
                problems.add(path, line, "", f"lists and mappings are nested more than "
                                             f"{limits.NESTING.value} deep; content needs at "
                                             "most a few levels (is a bracket left open?)")
                return False
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return True


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag


def _syntax_problem(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, str]:
    """The line to point at and a message that says what to do about it."""
    problem = error.problem or error.context or "cannot be read"
    mark = error.problem_mark or error.context_mark
    context = error.context or ""
    if "simple key" in context and error.context_mark is not None:
        mark = error.context_mark  # the key's own line; the parser stops on the next one
    line = mark.line + 1 if mark else 0
    if "quoted scalar" in context and error.context_mark is not None:
        opened = error.context_mark.line + 1
        return opened, f"a quote opened on line {opened} is never closed ({problem})"
    if "'\\t'" in problem:
        return line, f"{problem}; indent with spaces, not tabs"
    unquoted = _text_needing_quotes(lines, error.problem_mark)
    if unquoted:
        return line, f"{problem} ({unquoted})"
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
_VALUE = re.compile(r" *(?:- +)*(?:[A-Za-z_][\w-]* *: +)?(?:- +)*(?P<value>\S.*)")
"""A line of content: indentation, list dashes, a key, then the value."""
_READ_AS = {"'": "a quoted text", '"': "a quoted text", "[": "a list", "{": "a mapping",
            "*": "an alias", "&": "an anchor", "!": "a tag", "|": "a block of text",
            ">": "a block of text", "%": "a directive", "@": "a reserved character",
            "`": "a reserved character", ",": "a separator"}


def _text_needing_quotes(lines: list[str], mark: yaml.Mark | None) -> str:
    """Advice for a text that starts with a character YAML gives a meaning to (a quote, a
    bracket, '*'): the error is then on its line, after its first character."""
    if mark is None or mark.line >= len(lines):
        return ""
    match = _VALUE.fullmatch(lines[mark.line].rstrip())
    if not match or match.start("value") > mark.column:
        return ""
    value = match.group("value")
    meaning = _READ_AS.get(value[0])
    if meaning is None:
        return ""
    quoted = _quoted(value)
    return (f"this text starts with {value[0]!r}, which YAML reads as {meaning}: put the "
            f"whole text in quotes: {quoted}")


def _quoted(text: str) -> str:
    """``text`` as a quoted YAML scalar, shortened for a message."""
    if "'" in text and '"' not in text and "\\" not in text:
        return '"' + shorten(text, 50) + '"'
    return "'" + shorten(text.replace("'", "''"), 50) + "'"


def _convert(node: yaml.Node, path: Path, problems: Problems, lines: list[str],
             column: int) -> Node:
    """``node`` as plain values with lines; ``column`` is where the collection holding it
    starts (a text continues only on lines indented further)."""
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        inner = node.start_mark.column
        mapping: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.add(path, key_node.start_mark.line + 1, "",
                             "a key must be a plain name, not a list or mapping")
                continue
            key = str(key_node.value)
            if key in mapping:
                problems.add(path, key_node.start_mark.line + 1, excerpt(key).strip("'\""),
                             f"key {excerpt(key)} appears twice in the same mapping (first "
                             f"on line {mapping[key].key_line}): keep one of the two")
            mapping[key] = _convert(value_node, path, problems, lines, inner)
            mapping[key].key_line = key_node.start_mark.line + 1
        return Node(mapping, line, path)
    if isinstance(node, yaml.SequenceNode):
        inner = node.start_mark.column
        return Node([_convert(child, path, problems, lines, inner) for child in node.value],
                    line, path)
    comment = _cutting_comment(node, lines, column) if not node.style else None
    return Node(_scalar(node), line, path, comment=comment)


_COMMENT_AFTER = re.compile(r"[ \t]+(#.*)")
_LINE_END = re.compile(r"[ \t]*$")


def _cutting_comment(node: yaml.Node, lines: list[str], column: int) -> Comment | None:
    """A comment that ends the plain text ``node`` where an editor may have meant more text:
    after it on its last line, or on a following line indented as its continuation (looked
    for only when the text ends its line, so each line is looked at once)."""
    end = node.end_mark
    line = lines[end.line]
    after = _COMMENT_AFTER.match(line, end.column)
    if after:
        return Comment(end.line + 1, after.group(1), "after" if node.value else "instead")
    if not node.value or not _LINE_END.match(line, end.column):
        return None
    for number in range(end.line + 1, len(lines)):
        text = lines[number]
        stripped = text.lstrip(" ")
        if not stripped:
            continue
        if stripped.startswith("#") and len(text) - len(stripped) > column:
            return Comment(number + 1, stripped, "below")
        return None
    return None


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _scalar(node: yaml.Node) -> Any:
    value = _CONSTRUCTOR.construct_object(node, deep=True)
    _CONSTRUCTOR.constructed_objects.clear()
    return value
