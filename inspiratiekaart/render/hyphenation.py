"""Hyphenation for ReportLab's paragraphs, with every word's answer kept in the cache.

At a line's end ReportLab asks a paragraph style's hyphenator how a word may be split.
Pyphen knows, but loading its Dutch dictionary takes about 0.07 s in every process,
longer than most of a build's other steps; the answers for the few hundred words a build
asks about are kept in the cache folder (``hyphenation/``), so a build with a warm cache
does not load the dictionary at all. The jobs report the words they learnt and the build
saves them once (:func:`save_learnt`), so parallel jobs never overwrite each other.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pyphen

from ..cache import cache_folder
from ..output import write_text_atomic

PYPHEN_VERSION = pyphen.__version__
Pairs = list[list[str]]
"""The ways to split a word, longest first head: ``[["hyphen-", "ation"], …]``."""


class Hyphenator:
    """A callable for ReportLab's ``hyphenationLang``: a word's (head, tail) pairs."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.known: dict[str, Pairs] | None = None
        self.learnt: dict[str, Pairs] = {}

    def __call__(self, word: str) -> Pairs:
        if self.known is None:
            self.known = read_cache(cache_file(self.lang))
        pairs = self.known.get(word)
        if pairs is None:
            dictionary = pyphen.Pyphen(lang=self.lang)  # loaded once per process, by pyphen
            pairs = [[head, tail] for head, tail in dictionary.iterate(word)]
            self.known[word] = self.learnt[word] = pairs
        return pairs

    def take_learnt(self) -> dict[str, Pairs]:
        """The words looked up in the dictionary since the last call."""
        learnt, self.learnt = self.learnt, {}
        return learnt

    def __repr__(self) -> str:  # part of a paragraph style's digest (fragments.py)
        return f"Hyphenator({self.lang!r})"

    def __copy__(self) -> Hyphenator:
        return self  # styles are copied; what a copy learns must not be lost

    def __deepcopy__(self, memo: dict) -> Hyphenator:
        return self


_HYPHENATORS: dict[str, Hyphenator] = {}


def hyphenator(lang: str) -> Hyphenator:
    """The one hyphenator of this process for ``lang``."""
    if lang not in _HYPHENATORS:
        _HYPHENATORS[lang] = Hyphenator(lang)
    return _HYPHENATORS[lang]


def take_learnt() -> dict[str, dict[str, Pairs]]:
    """Language → the words this process looked up in a dictionary since the last call."""
    return {lang: h.take_learnt() for lang, h in sorted(_HYPHENATORS.items()) if h.learnt}


def cache_file(lang: str) -> Path | None:
    folder = cache_folder("hyphenation")
    return folder / f"{lang}-pyphen-{PYPHEN_VERSION}.json" if folder else None


def read_cache(path: Path | None) -> dict[str, Pairs]:
    """The cached words; nothing when the file is missing or damaged."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or not all(_is_pairs(value) for value in data.values()):
        return {}
    return data


def _is_pairs(value: object) -> bool:
    return isinstance(value, list) and all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(s, str) for s in pair)
        for pair in value)


def save_learnt(learnt: dict[str, dict[str, Pairs]]) -> None:
    """Add the learnt words of every language to its cache file (a cache that cannot be
    written is no cache) and to this process's hyphenator."""
    for lang, words in learnt.items():
        known = hyphenator(lang).known
        if known is not None:  # what other processes learnt, for this one's next build
            known.update(words)
        path = cache_file(lang)
        if path is None or not words:
            continue
        merged = {**read_cache(path), **words}
        with contextlib.suppress(OSError):
            write_text_atomic(path, json.dumps(merged, ensure_ascii=False, sort_keys=True,
                                               separators=(",", ":")))
