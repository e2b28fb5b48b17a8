"""Characters that are not what they seem: invisible ones, and ones that turn the text around.

They arrive pasted from word processors and web pages. In an address a zero-width space
is dropped from the host name (the code then leads elsewhere than the text suggests) and
a right-to-left mark makes a caption read backwards; in text a zero-width joiner prints
as a visible mark. All are Unicode's format characters (category Cf).
"""

from __future__ import annotations

import unicodedata

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
    name = unicodedata.name(char, "unnamed")
    what = "which changes the direction of the text" if char in DIRECTION \
        else "an invisible character"
    return f"U+{ord(char):04X} ({name}), {what}"
