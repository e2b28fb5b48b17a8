"""Line breaking for short texts drawn line by line: QR captions and web addresses.

Words are broken at spaces; a word wider than the line (an address has no spaces) is
broken where a style guide for URLs would: after ``://`` or a colon, before a slash, dot,
hyphen and the like, so no break looks like a hyphenated word; only where no such place
falls on the line, between two syllables of the letters there (nothing added: an address
has no hyphen to spare), or after any character. A QR caption is two lines at most, broken and
shortened only between such pieces (see :func:`fit_caption`). Results are cached: the
same caption is drawn in every output.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import pairwise

from reportlab.pdfbase.pdfmetrics import stringWidth

from ..layout.derived import from_layouts

BREAK_BEFORE = frozenset("/.-_?#~%")
BREAK_AROUND = frozenset("=&")


Syllables = Callable[[str], list[tuple[str, str]]]
"""A word's (head, tail) splits between syllables, longest head first (a hyphenator)."""


@from_layouts  # widths of the fonts layouts/fonts.yaml names
def wrap_text(text: str, font: str, size: float, width: float,
              syllables: Syllables | None = None) -> tuple[str, ...]:
    """``text`` in lines no wider than ``width`` (a single character may be wider), long
    words broken between ``syllables`` where no separator falls on the line.

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
        pieces = break_word(word, font, size, width, syllables)
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
    if char == before and char in BREAK_BEFORE:
        return False  # keep "//", "--" and the like together
    if char == "/" and word[index + 1:index + 2] == "/":
        return False
    return (char in BREAK_BEFORE or char in BREAK_AROUND or before in BREAK_AROUND
            or before == ":" or word[index - 2:index] == "//")


def break_word(word: str, font: str, size: float, width: float,
               syllables: Syllables | None = None) -> list[str]:
    """``word`` in pieces no wider than ``width``, each line ending at the last address
    separator that falls on it; where none does, between the last two ``syllables`` of the
    letters it ends in, else after any character."""
    widths = [stringWidth(char, font, size) for char in word]
    pieces: list[str] = []
    start, used, last_break = 0, 0.0, None
    for index, char_width in enumerate(widths):
        if index > start and used + char_width > width:
            end = last_break if last_break is not None else \
                index if may_break_before(word, index) else next(
                    (end for end in syllable_ends(word, syllables)
                     if start < end <= index and word[end - 1:index + 1].isalpha()), index)
            pieces.append(word[start:end])
            start, used, last_break = end, sum(widths[end:index]), None
        if index > start and may_break_before(word, index):
            last_break = index
        used += char_width
    pieces.append(word[start:])
    return pieces


def syllable_ends(text: str, syllables: Syllables | None) -> list[int]:
    """Every place in ``text`` between two syllables of one of its words, last first."""
    if syllables is None:
        return []
    ends = [word.start() + len(head) for word in LETTERS.finditer(text)
            for head, _ in syllables(word[0])]
    return sorted(ends, reverse=True)


LETTERS = re.compile(r"[^\W\d_]+")


def pieces_at_separators(text: str) -> tuple[str, ...]:
    """``text`` cut before every place a line may break (see :func:`may_break_before`)."""
    cuts = [0, *(i for i in range(1, len(text)) if may_break_before(text, i)), len(text)]
    return tuple(text[a:b] for a, b in pairwise(cuts) if a < b)


ELLIPSIS = "…"
SEGMENT_STARTS = frozenset("/?#")
"""What starts a part of an address a caption's first line may end before."""


def fit_caption(compose: Callable[[str], str], pieces: Sequence[str], font: str, size: float,
                width: float, max_chars: int, syllables: Syllables | None = None
                ) -> tuple[str, ...]:
    """An address in one or two lines no wider than ``width``, as ``compose`` words the
    first line (``compose(address)`` adds the number), and at most ``max_chars`` of it.

    The address comes in ``pieces`` (its host first, whole): lines break only between
    pieces, so never inside a word of the path. The first line holds the host and, when the rest is
    too long for one line, as many whole path segments as fit after it (a line ending in
    "/wp" over "-content" reads as two addresses); the second line is the rest, shortened
    in the middle at a piece boundary with an ellipsis when too long, keeping as much of
    its end as fits (the page or file that tells one address from another; a
    ``#fragment``, a query). A host too wide for the first line is carried over to the
    second (whole under the number, or from before a separator of its own, or between two
    of its ``syllables``) where the whole address then fits; otherwise it is shortened in
    its middle.
    """
    def measure(text: str) -> float:
        return stringWidth(text, font, size)

    address = "".join(pieces)
    room = width - measure(compose(""))
    if len(address) <= max_chars and measure(address) <= room:
        return (compose(address),)
    host, rest = pieces[0], list(pieces[1:])
    taken = 0
    if not rest and len(host) > max_chars:  # a host alone: shortened in its middle
        return (compose(shorten_chars(host, font, size, room, max_chars)),)
    if measure(host) > room:
        carried = carry_host_over(host, "".join(rest), measure, room, width, max_chars,
                                  syllables)
        if carried is not None:
            return compose(carried[0]).rstrip(), carried[1]
        host = shorten_chars(host, font, size, room)
    elif measure("".join(rest)) > width or len(address) > max_chars:
        least_end = len(ELLIPSIS) + len(rest[-1])  # what the second line shows at least
        while taken < len(rest) - 1 and measure(host + "".join(rest[:taken + 1])) <= room \
                and len(host + "".join(rest[:taken + 1])) + least_end <= max_chars:
            taken += 1
        while taken and rest[taken][0] not in SEGMENT_STARTS:
            taken -= 1
    first = host + "".join(rest[:taken])
    if not rest[taken:]:
        return (compose(first),)
    budget = max(max_chars - len(first), len(ELLIPSIS) + len(rest[-1]))
    return compose(first), shorten_pieces(rest[taken:], font, size, width, budget)


def carry_host_over(host: str, rest: str, measure: Callable[[str], float], room: float,
                    width: float, max_chars: int, syllables: Syllables | None = None
                    ) -> tuple[str, str] | None:
    """The host's head for the first line (``room`` wide) and the second line (the host's
    end and ``rest``), when the address then fits whole in ``width`` and ``max_chars``:
    the head is empty (the host starts the second line), or else ends before one of the
    host's separators, or else between two ``syllables`` of one of its words, the longest
    that fits, leaving more than the host's last label (".nl" alone on a line reads as a
    line of its own). None when none fits."""
    if len(host + rest) > max_chars:
        return None
    last_label = host.rfind(".") if "." in host else len(host)
    heads = [host[:index] for index in range(last_label - 1, 0, -1)
             if may_break_before(host, index) and measure(host[:index]) <= room]
    within = [host[:index] for index in syllable_ends(host[:last_label], syllables)
              if measure(host[:index]) <= room]
    for head in ["", *heads, *within]:
        if measure(host[len(head):] + rest) <= width:
            return head, host[len(head):] + rest
    return None


def shorten_pieces(pieces: Sequence[str], font: str, size: float, width: float,
                   max_chars: int) -> str:
    """``pieces`` joined, or shortened in the middle to fit ``width`` and ``max_chars``:
    as much of its end as fits, then of its start, around an ellipsis, cut between pieces
    only, the last piece always and a ``#fragment`` whole where it can be; when no cut between
    pieces fits, a single piece shortened in its middle, or the end of several."""
    text = "".join(pieces)
    widths = [stringWidth(piece, font, size) for piece in pieces]
    room = width - stringWidth(ELLIPSIS, font, size)
    if sum(widths) <= width and len(text) <= max_chars:
        return text
    fragment = next((i for i, p in enumerate(pieces) if p.startswith("#")), len(pieces))
    width_before, chars_before = _running_sums(widths), _running_sums([len(p) for p in pieces])
    best: tuple[tuple[bool, int, int], int, int] | None = None
    for end in range(len(pieces) - 1, 0, -1):  # the last piece always stays
        end_width = width_before[-1] - width_before[end]
        end_chars = chars_before[-1] - chars_before[end]
        for start in range(end):
            if end_width + width_before[start] > room \
                    or chars_before[start] + end_chars + len(ELLIPSIS) > max_chars:
                break
            rank = (end <= fragment, end_chars, chars_before[start] + end_chars)
            if best is None or rank > best[0]:
                best = (rank, start, end)
    if best is not None:
        _, start, end = best
        return "".join(pieces[:start]) + ELLIPSIS + "".join(pieces[end:])
    if len(pieces) == 1:
        return shorten_chars(text, font, size, width, max_chars)
    return ELLIPSIS + _fitting_end(text, font, size, room, max_chars - len(ELLIPSIS))


def _running_sums(values: Sequence[float]) -> list[float]:
    """0, then the sum of the first one, two, … of ``values``."""
    sums = [0.0]
    for value in values:
        sums.append(sums[-1] + value)
    return sums


def _fitting_end(text: str, font: str, size: float, room: float, max_chars: int) -> str:
    """The longest end of ``text`` within ``room`` and ``max_chars``."""
    used, start = 0.0, len(text)
    while start > 0 and len(text) - start < max_chars:
        used += stringWidth(text[start - 1], font, size)
        if used > room:
            break
        start -= 1
    return text[start:]


def shorten_chars(text: str, font: str, size: float, width: float,
                  max_chars: int | None = None) -> str:
    """``text``, or its start and end around an ellipsis, as many characters of each as
    fit in ``width`` and ``max_chars`` (one more of the start when odd); never a dot beside
    the ellipsis ("klassenm….ncoj.nl" reads as four dots), where a character fewer avoids
    it."""
    limit = len(text) if max_chars is None else max_chars
    if stringWidth(text, font, size) <= width and len(text) <= limit:
        return text
    first: tuple[int, str] | None = None  # the longest that fits, dot or not
    for kept in range(min(len(text), limit) - 1, -1, -1):
        middle = (kept + 1) // 2
        for head_length in (middle, middle + 1, middle - 1):
            head, tail = text[:head_length], text[len(text) - kept + head_length:]
            candidate = head + ELLIPSIS + tail
            if not 0 <= head_length <= kept or stringWidth(candidate, font, size) > width:
                continue
            if not (head.endswith(".") or tail.startswith(".")):
                return candidate
            first = first or (kept, candidate)
        if first is not None and kept < first[0]:  # a character fewer does not avoid it
            return first[1]
    return first[1] if first else ELLIPSIS


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
