"""Parse inline text: literal characters, ``*emphasis*`` and ``[anchor](url){#id sectors=a,b}``.

Everything else, ``<``, ``&``, a bracket that opens no link and markup of any language
included, stays literal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Link, RichText, Span
from .problems import did_you_mean, excerpt
from .urls import UrlError, normalise_url

ESCAPABLE = frozenset("*[]{}\\")
LINK_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ADDRESS = re.compile(r"\s*\(?\s*(?:https?://|mailto:|www\.)", re.IGNORECASE)
"""What follows a ']' when the text around it was meant as a link."""
ATTRIBUTES = ("#id", "sectors=")
ATTRIBUTE_BRACE = re.compile(r"\{\s*(?:#|sectors\s*=)", re.IGNORECASE)
"""Braces that open link attributes: ``{#id``, ``{sectors=``."""


class InlineError(ValueError):
    """Malformed inline markup, with the character position where it went wrong."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.column = column


@dataclass
class _Cursor:
    source: str
    pos: int = 0
    attributes: set[int] = field(default_factory=set)
    """Where the braces of a link's attributes opened (each read as attributes)."""

    def at_end(self) -> bool:
        return self.pos >= len(self.source)


class _Builder:
    """Collects spans, merging neighbours that look the same."""

    def __init__(self) -> None:
        self.spans: list[Span] = []

    def add(self, text: str, emphasis: bool, link: Link | None) -> None:
        if not text:
            return
        last = self.spans[-1] if self.spans else None
        if last and last.emphasis == emphasis and last.link is link:
            self.spans[-1] = Span(last.text + text, emphasis, link)
        else:
            self.spans.append(Span(text, emphasis, link))


def parse_inline(source: str, known_sectors: frozenset[str] | None = None) -> RichText:
    """Parse ``source`` into spans; raise InlineError on unbalanced or bad markup."""
    cursor = _Cursor(source)
    builder = _Builder()
    emphasis, toggled_at = _parse_run(cursor, builder, False, None, known_sectors)
    if emphasis:
        raise InlineError("'*' opens emphasis that is never closed (write \\* for a literal star)",
                          toggled_at)
    _check_stray_attributes(source, cursor.attributes)
    return RichText(tuple(builder.spans))


def _check_stray_attributes(source: str, read: set[int]) -> None:
    """Link attributes that belong to no link would print as written and their sectors or
    id would be lost: refuse them, saying where they go."""
    for found in ATTRIBUTE_BRACE.finditer(source):
        at = found.start()
        if at in read or source[at - 1:at] == "\\":
            continue
        before = source[:at]
        if before.endswith("}") and before.rstrip("}").rfind("{") in read:
            raise InlineError("a link's attributes go in one pair of braces: "
                              "{#id sectors=a,b}", at)
        if before.rstrip().endswith(")") and before != before.rstrip():
            raise InlineError("a link's {attributes} must follow its (address) directly, "
                              "without a space: [words to click](address){sectors=a,b}", at)
        raise InlineError("link attributes belong directly after a link: "
                          "[words to click](address){sectors=a,b} (write \\{ for a brace "
                          "that is text)", at)


PLAIN = re.compile(r"[^\\*\[\]]+")
"""A stretch of characters that are text whatever follows them."""


def _parse_run(cursor: _Cursor, builder: _Builder, emphasis: bool, link: Link | None,
               known_sectors: frozenset[str] | None) -> tuple[bool, int | None]:
    """Parse to the end of ``cursor``; return the emphasis there and where a '*' last
    turned it on or off."""
    buffer: list[str] = []
    toggled_at: int | None = None

    def flush() -> None:
        builder.add("".join(buffer), emphasis, link)
        buffer.clear()

    source = cursor.source
    while not cursor.at_end():
        plain = PLAIN.match(source, cursor.pos)
        if plain:
            buffer.append(plain.group())
            cursor.pos = plain.end()
            continue
        char = source[cursor.pos]
        if char == "\\" and cursor.pos + 1 < len(source) and source[cursor.pos + 1] in ESCAPABLE:
            buffer.append(source[cursor.pos + 1])
            cursor.pos += 2
        elif char == "*":
            flush()
            emphasis = not emphasis
            toggled_at = cursor.pos
            cursor.pos += 1
        elif char == "[" and link is None and _opens_link(source, cursor.pos):
            flush()
            _parse_link(cursor, builder, emphasis, known_sectors)
        elif char in "[]" and link is None:
            _check_broken_link(source, cursor.pos)
            buffer.append(char)
            cursor.pos += 1
        else:
            buffer.append(char)
            cursor.pos += 1
    flush()
    return emphasis, toggled_at


def _opens_link(source: str, start: int) -> bool:
    """A '[' starts a link only as ``[anchor](``; any other bracket is literal text."""
    close = _find_anchor_end(source, start)
    return close >= 0 and source.startswith("(", close + 1)


def _check_broken_link(source: str, pos: int) -> None:
    """A bracket that is text, not a link: refuse it where it looks like a link with a
    bracket missing, as the link would be printed raw, without its code."""
    if source[pos] == "[":
        end = source.find("[", pos + 1)
        stretch = source[pos + 1:end if end >= 0 else len(source)]
        if "]" not in stretch and re.search(r"\((?:https?://|mailto:|www\.)", stretch, re.I):
            raise InlineError("a link's ']' is missing: write [words to click](address), or \\[ "
                              "for a bracket that is text", pos)
    elif source.startswith("(", pos + 1) or ADDRESS.match(source, pos + 1):
        opened = source.rfind("[", 0, pos)
        if opened < 0 or "]" in source[opened + 1:pos]:
            raise InlineError("a link's '[' is missing: write [words to click](address), or "
                              "\\] for a bracket that is text", pos)
        raise InlineError("a link's (address) must follow its ']' directly: write "
                          "[words to click](address)", pos)


def _parse_link(cursor: _Cursor, builder: _Builder, emphasis: bool,
                known_sectors: frozenset[str] | None) -> None:
    start = cursor.pos
    close = _find_anchor_end(cursor.source, start)
    url_end = _find_url_end(cursor.source, close + 2)
    if url_end < 0:
        raise InlineError("a link's (address) is never closed", close + 1)
    raw_url = cursor.source[close + 2:url_end]
    try:
        url = normalise_url(raw_url)
    except UrlError as error:
        raise InlineError(str(error), close + 2) from None
    pos = url_end + 1
    link_id, sectors = None, None
    if cursor.source.startswith("{", pos):
        attr_end = cursor.source.find("}", pos)
        if attr_end < 0:
            raise InlineError("a link's {attributes} are never closed", pos)
        link_id, sectors = _parse_attributes(cursor.source[pos + 1:attr_end], pos, known_sectors)
        cursor.attributes.add(pos)
        pos = attr_end + 1
    link = Link(url=url, id=link_id, sectors=sectors)
    anchor = _Cursor(cursor.source[:close], start + 1)
    before = len(builder.spans)
    ends_emphasised, toggled_at = _parse_run(anchor, builder, emphasis, link, known_sectors)
    if ends_emphasised != emphasis:
        raise InlineError("a '*' in a link's anchor text needs its partner in the anchor too "
                          "(write \\* for a literal star)", toggled_at)
    if not any(span.text.strip() for span in builder.spans[before:]):
        raise InlineError("a link needs anchor text: the words a reader clicks", start)
    cursor.pos = pos


def _find_anchor_end(source: str, start: int) -> int:
    """Index of the ']' closing the anchor that opens at ``start``, or -1."""
    pos = start + 1
    while pos < len(source):
        char = source[pos]
        if char == "\\":
            pos += 2
            continue
        if char == "[":
            return -1
        if char == "]":
            return pos
        pos += 1
    return -1


def _find_url_end(source: str, start: int) -> int:
    """Index of the ')' closing an address, allowing balanced parentheses inside it."""
    depth = 0
    for pos in range(start, len(source)):
        char = source[pos]
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return pos
            depth -= 1
        elif char.isspace() and char != " ":
            return -1
    return -1


def _parse_attributes(text: str, offset: int, known_sectors: frozenset[str] | None
                      ) -> tuple[str | None, frozenset[str] | None]:
    link_id: str | None = None
    sectors: frozenset[str] | None = None
    for word in re.sub(r"\s*([=,])\s*", r"\1", text).split():
        if word.startswith("#") and LINK_ID.match(word[1:]):
            link_id = word[1:]
        elif word.startswith("sectors="):
            sectors = _link_sectors(word[len("sectors="):], offset, known_sectors)
        else:
            hint = _attribute_hint(word)
            example = ",".join(sorted(known_sectors or ())[:2]) or "a,b"
            raise InlineError(f"{excerpt(word)} is not a link attribute{hint} (expected #id "
                              "with lowercase letters, digits and hyphens, or "
                              f"sectors={example})", offset)
    return link_id, sectors


def _attribute_hint(word: str) -> str:
    """A close match for a word that is not a link attribute: ``sector=x``, ``#Leidraad``."""
    if word.startswith("#"):
        lower = word[1:].lower()
        return f"; did you mean #{lower}?" if LINK_ID.match(lower) else ""
    return did_you_mean(word.split("=", 1)[0] + ("=" if "=" in word else ""), ATTRIBUTES)


def _link_sectors(value: str, offset: int, known: frozenset[str] | None) -> frozenset[str]:
    names = [name for name in value.split(",") if name]
    unknown = [n for n in names if known is not None and n not in known]
    if not names or unknown:
        hint = did_you_mean(unknown[0], known or ()) if unknown else ""
        raise InlineError(f"link sectors {excerpt(value)} are not all known sectors{hint} "
                          f"(expected some of: {', '.join(sorted(known or ()))})", offset)
    return frozenset(names)
