"""The build's cache folder: what is slow to derive and never changes, kept between builds.

``$INSPIRATIEKAART_CACHE`` moves it (an empty value turns caching off); by default it is
``.cache`` in the project. QR matrices and their paths live in ``qr/``, hyphenation
points in ``hyphenation/``, parsed fonts in ``fonts/``, parsed paragraphs in
``paragraphs/``, compiled templates in ``templates/``. The folder is safe to delete:
what is missing is derived again.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1] / ".cache"


def cache_folder(name: str) -> Path | None:
    """The cache's subfolder ``name``, or None when caching is off."""
    configured = os.environ.get("INSPIRATIEKAART_CACHE")
    if configured == "":
        return None
    return (Path(configured) if configured else DEFAULT) / name


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection meanwhile: unpickling a cache entry makes many small objects,
    which would set off several collections and take the loading eight times as long."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
