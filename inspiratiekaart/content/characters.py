"""Characters that are not what they seem: invisible ones, and ones that turn the text around.

They arrive pasted from word processors and web pages. In an address a zero-width space
is dropped from the host name (the code then leads elsewhere than the text suggests) and
a right-to-left mark makes a caption read backwards; in text a zero-width joiner prints
as a visible mark. All are Unicode's format characters (category Cf).
"""

from __future__ import annotations

import unicodedata

from .problems import excerpt

SOFT_HYPHEN = "\u00ad"
"""Allowed in text: a break hint from word processors that prints only where a line breaks."""

DIRECTION = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                      "\u2066\u2067\u2068\u2069")
"""Marks, embeddings, overrides and isolates that change the direction of the text."""


def hidden_characters(text: str, allowed: frozenset[str] = frozenset()) -> list[int]:
    """Indexes of the invisible and direction-changing characters in ``text``."""
    if text.isascii():
        return []
    return [index for index, char in enumerate(text)
            if unicodedata.category(char) == "Cf" and char not in allowed]


def describe(char: str) -> str:
    """'U+200B (ZERO WIDTH SPACE), an invisible character' and the like."""
    what = "which changes the direction of the text" if char in DIRECTION \
        else "an invisible character"
    return f"{named(char)}, {what}"


def unprintable(text: str, printable: frozenset[int] | None) -> list[str]:
    """The characters of ``text`` that are not in ``printable`` (None: every character
    prints), each once, in the order they first appear; a soft hyphen always prints."""
    if printable is None:
        return []
    return [char for char in dict.fromkeys(text)
            if ord(char) not in printable and char != SOFT_HYPHEN]


def unprintable_message(text: str, missing: list[str]) -> str:
    """What is wrong with ``text``, which holds the ``missing`` characters, and what to do."""
    at = text.index(missing[0])
    shown = ", ".join(f"{char} {named(char)}" for char in missing[:3])
    more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
    it, they = ("it", "it") if len(missing) == 1 else ("them", "they")
    return (f"holds {shown}{more}, from character {at + 1} "
            f"({excerpt(text[max(0, at - 20):at + 20])}): the fonts in fonts/ have no glyph "
            f"for {it}, so {they} would be left out of the page; write {it} in letters the "
            f"fonts have (an emoji or symbol in words) or delete {it}")


def named(char: str) -> str:
    """'U+1F600 (GRINNING FACE)' and the like."""
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'unnamed')})"
