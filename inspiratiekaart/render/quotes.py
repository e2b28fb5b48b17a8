"""The marks a quote block gets from the layout: quote marks around its text, a dash
before its speaker (``quote`` and ``speaker`` in layouts/labels.yaml), each only where the
editor did not already write one."""

from __future__ import annotations

import re
import unicodedata

from .markup import escape, label

PLACE = "\x00"
"""Where a quote's markup goes in its label, while the label's own text is escaped."""
QUOTE_MARKS = frozenset("\"'„‚“”‘’‛‟«»‹›「」『』〝〞＂＇")
"""Quote marks that are not (all) in the Unicode categories of initial and final quotes."""
ELISION = re.compile(r"['‘’](?:[stkmn]|\d\d)(?=[\s,.\-]|$)", re.IGNORECASE)
"""An apostrophe that stands for left-out letters or digits ('s, 't, 'k, '80): no quote."""
MINUS_SIGN = "\u2212"


def starts_with_quote_mark(text: str) -> bool:
    """Whether ``text`` opens with a quote mark of any kind (not with an elision)."""
    text = text.lstrip()
    if not text or ELISION.match(text):
        return False
    first = text[0]
    return first in QUOTE_MARKS or unicodedata.category(first) in ("Pi", "Pf")


def starts_with_dash(text: str) -> bool:
    """Whether ``text`` opens with a dash of any kind (hyphen, en, em, minus …)."""
    text = text.lstrip()
    return bool(text) and (unicodedata.category(text[0]) == "Pd" or text[0] == MINUS_SIGN)


def quoted(markup: str, plain: str) -> str:
    """A quote paragraph's ``markup`` in the ``quote`` label's marks (themselves escaped
    for the paragraph), unless its text (``plain``) opens with a quote mark of its own: it
    is then printed as written."""
    if starts_with_quote_mark(plain):
        return markup
    return escape(label("quote", quote=PLACE)).replace(PLACE, markup)


def attributed(speaker: str) -> str:
    """A speaker as the ``speaker`` label introduces it, unless it opens with a dash
    already (plain text)."""
    return speaker if starts_with_dash(speaker) else label("speaker", speaker=speaker)
