"""The QR matrices of every payload built so far, kept in the cache (``qr/matrices.json``).

An entry is a payload's matrix at one error correction level, one string of '0' and '1'
per row, as the installed ``qrcode`` built it; a matrix that is not square or holds any
other character makes the whole file ignored.
"""

from __future__ import annotations

from importlib.metadata import version

from ..cache import Store
from ..layout.schema import QR_LEVELS

QRCODE_VERSION = version("qrcode")
MAX_ENTRIES = 5_000
MAX_BYTES = 16 * 1024 * 1024
"""At most a few thousand matrices (a publication has a few hundred links at most), each
at most 177 rows of 177 modules (the largest QR code)."""


def valid_matrix(key: str, rows: object) -> bool:
    """Whether ``rows`` is a square matrix of '0' and '1' (and ``key`` a level and payload)."""
    return (key[:1] in QR_LEVELS and key[1:2] == " " and isinstance(rows, list) and len(rows) >= 21
            and all(isinstance(row, str) and len(row) == len(rows)
                    and not row.strip("01") for row in rows))


MATRICES = Store("qr", "matrices", f"qrcode {QRCODE_VERSION}", valid_matrix,
                 MAX_ENTRIES, MAX_BYTES)


def key(payload: str, level: str) -> str:
    """What a matrix is stored under: its error correction level and its payload."""
    return f"{level} {payload}"


def get(payload: str, level: str) -> tuple[str, ...] | None:
    """The cached matrix of ``payload`` at ``level``, or None."""
    rows = MATRICES.get(key(payload, level))
    return tuple(rows) if rows is not None else None


def put(payload: str, level: str, rows: tuple[str, ...]) -> None:
    """Keep a newly built matrix, to be written by :func:`save`."""
    MATRICES.put(key(payload, level), list(rows))


def save() -> None:
    """Write the matrices built in this process since the last call to the cache."""
    MATRICES.save(MATRICES.take_learnt())
