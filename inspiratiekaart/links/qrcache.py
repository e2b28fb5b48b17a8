"""A disk cache of QR matrices, keyed by payload, error correction level and qrcode version,
and of the path that draws each matrix, keyed by the matrix.

The folder is the build's own and safe to delete; a damaged entry is simply rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

from ..cache import cache_folder
from ..output import write_text_atomic

_memory: dict[tuple[str, str, str], tuple[str, ...]] = {}
_paths: dict[str, str] = {}


def cache_dir() -> Path | None:
    """The ``qr`` folder of the build's cache (None when caching is off)."""
    return cache_folder("qr")


def _path(folder: Path, key: tuple[str, str, str]) -> Path:
    digest = hashlib.sha256("\x00".join(key).encode("utf-8")).hexdigest()
    return folder / digest[:2] / f"{digest}.txt"


def get(key: tuple[str, str, str]) -> tuple[str, ...] | None:
    if key in _memory:
        return _memory[key]
    folder = cache_dir()
    if folder is None:
        return None
    try:
        rows = tuple(_path(folder, key).read_text(encoding="ascii").split())
    except (OSError, UnicodeDecodeError):
        return None
    if not rows or any(len(row) != len(rows) or set(row) - {"0", "1"} for row in rows):
        return None
    _memory[key] = rows
    return rows


def put(key: tuple[str, str, str], rows: tuple[str, ...]) -> None:
    _memory[key] = rows
    folder = cache_dir()
    if folder is None:
        return
    with contextlib.suppress(OSError):  # a cache that cannot be written is no cache
        write_text_atomic(_path(folder, key), "\n".join(rows) + "\n")


def get_path(key: str) -> str | None:
    """A drawing path cached under ``key``; None when missing or not as it was written."""
    if key in _paths:
        return _paths[key]
    folder = cache_dir()
    if folder is None:
        return None
    try:
        digest, _, path = _path(folder, ("path", key)).read_text(encoding="ascii").partition("\n")
    except (OSError, UnicodeDecodeError):
        return None
    if digest != _digest(path):
        return None
    _paths[key] = path
    return path


def put_path(key: str, path: str) -> None:
    """Cache a drawing path, with a checksum so a damaged file is never drawn."""
    _paths[key] = path
    folder = cache_dir()
    if folder is None:
        return
    with contextlib.suppress(OSError):
        write_text_atomic(_path(folder, ("path", key)), f"{_digest(path)}\n{path}")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("ascii")).hexdigest()
