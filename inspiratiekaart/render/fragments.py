"""Paragraph markup as ReportLab parsed it, kept in the cache folder (``paragraphs/``).

ReportLab parses every paragraph's markup with an HTML parser written in Python: 20 ms
for the brochure, 110 ms of a whole build's work. What it makes of a text depends on the
text, the paragraph style and ReportLab itself, so the fragments are kept per style (a
file named by a digest of every attribute of the style and ReportLab's version) and per
text. A paragraph gets copies, never the cached fragments themselves. The jobs report
what they parsed and the build saves it once (:func:`save_learnt`), as for hyphenation.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import sys
from pathlib import Path

import reportlab
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paragraph import cleanBlockQuotedText, textTransformFrags
from reportlab.platypus.paraparser import ParaParser

from ..cache import cache_folder, collector_paused
from ..output import write_atomic

Fragments = list
"""ReportLab's ParaFrag objects for one paragraph."""

_tables: dict[str, dict[str, Fragments]] = {}
_learnt: dict[str, dict[str, Fragments]] = {}
_digests: dict[int, tuple[ParagraphStyle, str]] = {}


def parsed(text: str, style: ParagraphStyle) -> Fragments | None:
    """Copies of the fragments ReportLab parses ``text`` into with ``style``; None when
    ReportLab should parse it itself (markup that changes the style, a <bullet>, an
    error)."""
    digest = style_digest(style)
    table = _tables.get(digest)
    if table is None:
        table = _tables[digest] = read_table(table_file(digest))
    fragments = table.get(text)
    if fragments is None:
        fragments = parse(text, style)
        if fragments is None:
            return None
        table[text] = _learnt.setdefault(digest, {})[text] = fragments
    return [_copy(fragment) for fragment in fragments]


def _copy(fragment):
    """A fragment of its own: its attributes, and its lists (links, lines) copied too."""
    own = fragment.clone()
    for name, value in vars(own).items():
        if isinstance(value, list):
            setattr(own, name, list(value))
    return own


def parse(text: str, style: ParagraphStyle) -> Fragments | None:
    """What ``Paragraph`` makes of ``text`` before laying it out, as ReportLab does it."""
    if "<seq" in text:  # numbering runs on from one paragraph to the next
        return None
    parser = ParaParser()
    parser.caseSensitive = 1
    parsed_style, fragments, bullet = parser.parse(cleanBlockQuotedText(text), style)
    if fragments is None or bullet or parsed_style is not style \
            or any(hasattr(fragment, "cbDefn") for fragment in fragments):  # images, anchors
        return None
    textTransformFrags(fragments, style)
    return fragments


def style_digest(style: ParagraphStyle) -> str:
    """A digest of everything about ``style`` (and ReportLab) that parsing may read."""
    known = _digests.get(id(style))
    if known is not None and known[0] is style:
        return known[1]
    names = sorted((set(ParagraphStyle.defaults) | set(vars(style))) - {"parent"})
    described = repr([(name, getattr(style, name)) for name in names])
    versions = f"reportlab {reportlab.Version}, python {sys.version_info[:2]}"
    digest = hashlib.sha256(f"{versions}\n{described}".encode()).hexdigest()[:32]
    _digests[id(style)] = (style, digest)
    return digest


def table_file(digest: str) -> Path | None:
    folder = cache_folder("paragraphs")
    return folder / f"{digest}.pickle" if folder else None


def read_table(path: Path | None) -> dict[str, Fragments]:
    """The fragments cached for one style; nothing when the file is missing or damaged."""
    if path is None:
        return {}
    try:
        with collector_paused():
            table = pickle.loads(path.read_bytes())
    except Exception:  # a damaged file is no file
        return {}
    if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, list)
                                              for k, v in table.items()):
        return {}
    return table


def take_learnt() -> dict[str, dict[str, Fragments]]:
    """Style digest → the texts this process parsed since the last call."""
    learnt = dict(_learnt)
    _learnt.clear()
    return learnt


def save_learnt(learnt: dict[str, dict[str, Fragments]]) -> None:
    """Add the parsed texts to each style's file (a cache that cannot be written is no
    cache) and to this process's tables."""
    for digest, texts in sorted(learnt.items()):
        if digest in _tables:
            _tables[digest].update(texts)
        path = table_file(digest)
        if path is None or not texts:
            continue
        merged = {**read_table(path), **texts}
        with contextlib.suppress(OSError):
            write_atomic(path, pickle.dumps(merged, protocol=pickle.HIGHEST_PROTOCOL))
