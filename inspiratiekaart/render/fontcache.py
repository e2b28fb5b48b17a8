"""TrueType fonts as ReportLab parsed them, kept in the cache folder (``fonts/``).

ReportLab reads a font's character map and metrics in Python: about 5 ms a face, 45 ms
for the eight faces in every process that renders. Restoring what it read takes about a
millisecond a face. An entry is keyed by the font file's bytes, the font's name, the
ReportLab version and the Python version; it is written only after it has been restored
once and found equal to the parse, so a ReportLab that keeps other state never gets a
wrong font, only no cache. A damaged entry is parsed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import sys
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab.pdfbase.ttfonts import TTFont

from ..cache import cache_folder, collector_paused
from ..output import write_atomic

UNSAVED = ("_ttf_data", "_pdfScale")
"""What a face holds that is not written: the file's bytes (read again) and its scale
(a function, made again from the units per em)."""


def load_truetype(name: str, path: Path) -> TTFont:
    """The font in ``path`` registered as ``name``: from the cache, or parsed and cached."""
    data = path.read_bytes()
    entry = _entry(name, data)
    font = _restore(entry.read_bytes(), data, path) if entry and entry.exists() else None
    if font is None:
        font = parse_truetype(name, path)
        if entry is not None:
            _store(entry, font, data, path)
    return font


def parse_truetype(name: str, path: Path) -> TTFont:
    """The font as ReportLab reads it from its file."""
    return TTFont(name, str(path))


def _entry(name: str, data: bytes) -> Path | None:
    folder = cache_folder("fonts")
    if folder is None:
        return None
    key = hashlib.sha256(data).hexdigest()[:32]
    python = "".join(map(str, sys.version_info[:2]))
    return folder / f"{key}-{name}-rl{reportlab.Version}-py{python}.pickle"


def _restore(saved: bytes, data: bytes, path: Path) -> TTFont | None:
    """The font unpickled and given back its bytes and scale; None if the entry is bad."""
    try:
        with collector_paused():
            font = pickle.loads(saved)
    except Exception:  # a damaged entry is no entry
        return None
    if not isinstance(font, TTFont):
        return None
    font.state = WeakKeyDictionary()
    font.face._ttf_data = data
    font.face._pdfScale = _scale(font.face.unitsPerEm)
    font.face.filename = str(path)
    return font


def _store(entry: Path, font: TTFont, data: bytes, path: Path) -> None:
    """Write the entry if the font pickles and comes back equal to itself."""
    try:
        saved = _pickled(font)
    except Exception:  # a ReportLab with state that does not pickle: no cache
        return
    restored = _restore(saved, data, path)
    if restored is None or _state(restored) != _state(font):
        return
    with contextlib.suppress(OSError):  # a cache that cannot be written is no cache
        write_atomic(entry, saved)


def _pickled(font: TTFont) -> bytes:
    """The font without its per-document state, file bytes and scale function."""
    state, face = font.state, font.face
    unsaved = {attribute: getattr(face, attribute) for attribute in UNSAVED}
    try:
        font.state = None
        for attribute in UNSAVED:
            delattr(face, attribute)
        return pickle.dumps(font, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        font.state = state
        for attribute, value in unsaved.items():
            setattr(face, attribute, value)


def _state(font: TTFont) -> tuple[dict, dict, list[float]]:
    """What makes a font: its attributes, its face's and the face's scale at a few sizes."""
    own = {k: v for k, v in vars(font).items() if k not in ("state", "face", "encoding")}
    face = {k: v for k, v in vars(font.face).items() if k != "_pdfScale"}
    return own, face, [font.face._pdfScale(units) for units in (1, 1000, 2048)]


def _scale(units_per_em: int):
    """Font units to PDF glyph space (thousandths of an em), as ReportLab scales them."""
    if units_per_em == 1000:
        return lambda units: units
    factor = 1000 / units_per_em
    return lambda units: units * factor
