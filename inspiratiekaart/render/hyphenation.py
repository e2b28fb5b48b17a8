"""Hyphenation for ReportLab's paragraphs, with every word's break points kept in the cache.

At a line's end ReportLab asks a paragraph style's hyphenator how a word may be split.
Pyphen knows, but only after reading and parsing its whole Dutch dictionary, in every
process, to answer for the few hundred words a build asks about. Their break points are
kept in the cache (``hyphenation/<lang>.json``), so a build with a warm cache does not load
the dictionary at all. The jobs report the words they learnt and
the build saves them once (:func:`save_learnt`).

A word longer than :data:`LONGEST_WORD` is no word of any dictionary (an identifier, a
string of letters): it is not hyphenated, so ReportLab breaks it at the line's width
after any character, in one pass. Hyphenated, it would be asked again for what is left of
it on every line, each time with every break point: work and cache growing with the cube
of its length.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import pyphen

from ..cache import Store

TEXT_LANGUAGE = "nl_NL"
"""The language of the publication's text (the loader accepts Dutch content only)."""
LONGEST_WORD = 60
"""Longer words are broken by character (the longest Dutch words in use have about 50)."""
MAX_ENTRIES = 50_000
MAX_BYTES = 8 * 1024 * 1024
Pairs = list[tuple[str, str]]
"""The ways to split a word, longest head first: ``[("hyphen", "ation"), …]``."""


def valid_points(word: str, points: object) -> bool:
    """Whether ``points`` are break points of ``word``: ascending, each inside it."""
    return (0 < len(word) <= LONGEST_WORD and isinstance(points, list)
            and all(type(point) is int for point in points)
            and all(a < b for a, b in pairwise([0, *points, len(word)])))


_STORES: dict[str, Store] = {}


def store(lang: str) -> Store:
    """The break points learnt for ``lang``, kept in ``hyphenation/<lang>.json``."""
    if lang not in _STORES:
        _STORES[lang] = Store("hyphenation", lang, f"pyphen {pyphen.__version__}",
                              valid_points, MAX_ENTRIES, MAX_BYTES)
    return _STORES[lang]


@dataclass(frozen=True)
class Hyphenator:
    """A callable for ReportLab's ``hyphenationLang``: a word's (head, tail) pairs.

    It holds only its language (the break points are in the language's store), so a copy
    of a style is the same hyphenator.
    """

    lang: str

    def __call__(self, word: str) -> Pairs:
        if len(word) > LONGEST_WORD or (len(word) > 1 and word.isupper()):
            return []  # capitals are names and abbreviations: kept whole
        known = store(self.lang)
        points = known.get(word)
        if points is None:
            pairs = list(pyphen.Pyphen(lang=self.lang).iterate(word))
            if any(head + tail != word for head, tail in pairs):
                return pairs  # the spelling changes at a break: answered, not stored
            points = sorted(len(head) for head, _ in pairs)
            known.put(str(word), points)
        return [(word[:point], word[point:]) for point in reversed(points)
                if fair_break(word, point)]


@dataclass(frozen=True)
class KeepingWhole:
    """A hyphenator that keeps whole the words that start with one of ``heads`` (a
    paragraph's, where hyphenating them broke one of its style's rules: too many lines in
    a row ending in a hyphen, a last word split)."""

    hyphenator: Hyphenator
    heads: frozenset[str]

    def __call__(self, word: str) -> Pairs:
        if any(word.startswith(head) for head in self.heads):
            return []
        return self.hyphenator(word)


SHORTEST_PIECE = 2
"""Letters a break leaves at least on each side, within the part of a word between its
hyphens ("sociaal-e-" and "-e" are no pieces to read)."""


def fair_break(word: str, point: int) -> bool:
    """Whether breaking ``word`` at ``point`` leaves a readable piece on either side: right
    after a hyphen of the word, or with SHORTEST_PIECE letters of the part it falls in on
    each side."""
    if word[point - 1] == "-":
        return True
    start = word.rfind("-", 0, point) + 1
    end = word.find("-", point)
    end = len(word) if end < 0 else end
    return point - start >= SHORTEST_PIECE and end - point >= SHORTEST_PIECE


def hyphenator(lang: str) -> Hyphenator:
    """The hyphenator for ``lang``."""
    return Hyphenator(lang)


def take_learnt() -> dict[str, dict[str, list[int]]]:
    """Language → the words (and their break points) this process looked up in a
    dictionary since the last call."""
    learnt = {lang: _STORES[lang].take_learnt() for lang in sorted(_STORES)}
    return {lang: words for lang, words in learnt.items() if words}


def save_learnt(learnt: dict[str, dict[str, list[int]]]) -> None:
    """Add the learnt words of every language to its store: to this process's memory (for
    its next build) and to the cache file."""
    for lang, words in learnt.items():
        store(lang).save(words)
