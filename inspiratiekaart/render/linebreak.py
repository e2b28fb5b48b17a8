"""Line breaking for short texts drawn line by line: QR captions and web addresses.

Words are broken at spaces; a word wider than the line (an address has no spaces) is
broken where a style guide for URLs would: after ``://`` or a colon, before a slash, dot,
hyphen and the like, so no break looks like a hyphenated word; where no such place
falls on the line, after any character. Results are cached: the same caption is drawn in
every output.
"""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase.pdfmetrics import stringWidth

BREAK_BEFORE = frozenset("/.-_?#~%")
BREAK_AROUND = frozenset("=&")


@cache
def wrap_text(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    """``text`` in lines no wider than ``width`` (a single character may be wider).

    Words go on a line while they fit. An address that does not fit where it starts
    begins on that line anyway, up to a separator that fits, so a caption's number never
    stands alone on its line ("5 · example.org" / "/nieuws/…").
    """
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if stringWidth(candidate, font, size) <= width:
            line = candidate
            continue
        if line:
            head = head_at_separator(word, font, size,
                                     width - stringWidth(f"{line} ", font, size))
            lines.append(f"{line} {head}" if head else line)
            word = word[len(head):]
        pieces = break_word(word, font, size, width)
        lines += pieces[:-1]
        line = pieces[-1]
    if line:
        lines.append(line)
    return tuple(lines)


def head_at_separator(word: str, font: str, size: float, room: float) -> str:
    """The longest start of ``word`` that ends before a separator and fits in ``room``."""
    used, head = 0.0, ""
    for index, char in enumerate(word):
        if may_break_before(word, index):
            head = word[:index]
        used += stringWidth(char, font, size)
        if used > room:
            break
    return head


def may_break_before(word: str, index: int) -> bool:
    """Whether a line may end just before ``word[index]``."""
    if index <= 0 or index >= len(word):
        return False
    char, before = word[index], word[index - 1]
    if char == "/" and "/" in (before, word[index + 1:index + 2]):
        return False  # keep "//" together
    return (char in BREAK_BEFORE or char in BREAK_AROUND or before in BREAK_AROUND
            or before == ":" or word[index - 2:index] == "//")


def break_word(word: str, font: str, size: float, width: float) -> list[str]:
    """``word`` in pieces no wider than ``width``, breaking at an address separator where
    that leaves the line at least half full."""
    widths = [stringWidth(char, font, size) for char in word]
    pieces: list[str] = []
    start, used, last_break = 0, 0.0, None
    for index, char_width in enumerate(widths):
        if index > start and used + char_width > width:
            end = index
            if last_break is not None and sum(widths[start:last_break]) >= width / 2 \
                    and sum(widths[last_break:index]) + char_width <= width:
                end = last_break
            pieces.append(word[start:end])
            start, used, last_break = end, sum(widths[end:index]), None
        if index > start and may_break_before(word, index):
            last_break = index
        used += char_width
    pieces.append(word[start:])
    return pieces


def shorten_to_width(text: str, font: str, size: float, width: float) -> str:
    """``text``, or as much of it as fits in ``width`` followed by an ellipsis."""
    if stringWidth(text, font, size) <= width:
        return text
    room, used, end = width - stringWidth("…", font, size), 0.0, 0
    for end, char in enumerate(text):  # noqa: B007 (the first character that does not fit)
        used += stringWidth(char, font, size)
        if used > room:
            break
    return text[:end].rstrip(" ,.;:-") + "…"
