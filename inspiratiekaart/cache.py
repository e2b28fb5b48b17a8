"""The build's cache folder, and the one store every cache keeps its answers in.

``$INSPIRATIEKAART_CACHE`` moves the folder (an empty value turns caching off); by default
it is ``.cache`` in the project. The folder is safe to delete: what is missing is derived
again.

A :class:`Store` is one JSON file of entries (a text key and a JSON value each), read once
per process when first asked and checked as a whole: a file that is missing, unreadable,
larger than its cap, damaged, made by another version of the library that answered, or
holding one entry its cache does not accept is ignored, and the entries are derived anew.
What a process learns is merged into the file under a lock and written to a temporary file
that is then renamed, so parallel jobs and builds never lose each other's entries and a
reader never sees half a file.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from .output import write_atomic

DEFAULT = Path(__file__).resolve().parents[1] / ".cache"
FORMAT = 1
"""The layout of a store's file; a file of another format is ignored."""


def cache_folder(name: str) -> Path | None:
    """The cache's subfolder ``name``, or None when caching is off."""
    configured = os.environ.get("INSPIRATIEKAART_CACHE")
    if configured == "":
        return None
    return (Path(configured) if configured else DEFAULT) / name


class Store:
    """A cache's entries: in memory, over one file ``<folder>/<name>.json`` of the cache.

    The file is a header line and the entries, sorted by key::

        {"format":1,"sha256":"<of the entries' bytes>","source":"pyphen 0.18.1"}
        {"key":value,…}
    """

    def __init__(self, folder: str, name: str, source: str,
                 valid: Callable[[str, Any], bool], max_entries: int, max_bytes: int) -> None:
        self.folder, self.name, self.source = folder, name, source
        self.valid = valid
        """Whether an entry is one this cache could have written."""
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self.learnt: dict[str, Any] = {}
        """Entries derived in this process since :meth:`take_learnt` was last called."""
        self._known: dict[str, Any] = {}
        self._read = False
        self._read_from: Path | None = None

    def file(self) -> Path | None:
        """The store's file, or None when caching is off."""
        folder = cache_folder(self.folder)
        return folder / f"{self.name}.json" if folder else None

    def get(self, key: str) -> Any | None:
        """The entry for ``key``; None when neither the file nor this process has it."""
        return self._entries().get(key)

    def put(self, key: str, value: Any) -> None:
        """Keep a newly derived entry in memory, to be saved with :meth:`save`."""
        self._entries()[key] = self.learnt[key] = value

    def take_learnt(self) -> dict[str, Any]:
        """The entries learnt since the last call."""
        learnt, self.learnt = self.learnt, {}
        return learnt

    def forget(self) -> None:
        """Drop the entries in memory: the next question reads the file again."""
        self._read = False

    def save(self, learnt: Mapping[str, Any]) -> None:
        """Add ``learnt`` (perhaps from other processes) to memory and merge it into the
        file, dropping older entries first when the whole would exceed the caps. A cache
        that cannot be written is no cache: an error writing it is not the build's."""
        self._entries().update(learnt)
        path = self.file()
        if path is None or not learnt:
            return
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            with _locked(path.with_suffix(".lock")):
                merged = {key: learnt[key] for key in sorted(learnt)}
                merged.update((key, value) for key, value in self.read().items()
                              if key not in merged)
                data = self.encode(merged)
                if len(merged) > self.max_entries or len(data) > self.max_bytes:
                    data = self.encode(self.capped(merged))
                write_atomic(path, data)

    def read(self) -> dict[str, Any]:
        """The file's entries, or none when the file cannot be trusted whole."""
        path = self.file()
        data = _read_regular_file(path, self.max_bytes) if path else None
        return self.decode(data) if data is not None else {}

    def decode(self, data: bytes) -> dict[str, Any]:
        """The entries of a file's bytes; none unless the header, checksum, size and every
        entry are as this store writes them."""
        head, _, body = data.partition(b"\n")
        try:
            header, entries = json.loads(head), json.loads(body)
        except (ValueError, RecursionError):
            return {}
        expected = {"format": FORMAT, "sha256": digest(body),
                    "source": self.source}
        if header != expected or not isinstance(entries, dict) \
                or len(entries) > self.max_entries:
            return {}
        if not all(self.valid(key, value) for key, value in entries.items()):
            return {}
        return entries

    def encode(self, entries: Mapping[str, Any]) -> bytes:
        """The file's bytes for ``entries``: the same entries give the same bytes."""
        body = _json(dict(entries), sort_keys=True)
        header = _json({"format": FORMAT, "sha256": digest(body),
                        "source": self.source}, sort_keys=True)
        return header + b"\n" + body

    def capped(self, entries: dict[str, Any]) -> dict[str, Any]:
        """As many of the first of ``entries`` as fit the caps."""
        room = self.max_bytes - len(self.encode({}))
        kept: dict[str, Any] = {}
        for key, value in entries.items():
            room -= len(_json({key: value})) - 1  # the entry and a comma
            if len(kept) == self.max_entries or room < 0:
                break
            kept[key] = value
        return kept

    def _entries(self) -> dict[str, Any]:
        """The entries in memory, read from the file first when it is not the one read
        before (the cache folder moved)."""
        path = self.file()
        if not self._read or path != self._read_from:
            self._known, self._read, self._read_from = self.read(), True, path
        return self._known


def digest(*parts: bytes | bytearray | memoryview) -> str:
    """The SHA-256 of ``parts`` one after the other, in hex: what a store's file is checked
    by, and the one digest the build keys what it remembers by (a form's content in the
    preflight, a page's pixels in ``serve``)."""
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(part)
    return hashed.hexdigest()


def _json(value: Any, sort_keys: bool = False) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=sort_keys,
                      separators=(",", ":")).encode("utf-8")


def _read_regular_file(path: Path, max_bytes: int) -> bytes | None:
    """The bytes of ``path`` when it is a regular file of at most ``max_bytes``; otherwise
    (missing, unreadable, a FIFO or device, too large) None, without reading it."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode) or status.st_size > max_bytes:
            return None
        with os.fdopen(handle, "rb", closefd=False) as file:
            data = file.read(max_bytes + 1)
        return data if len(data) <= max_bytes else None
    except OSError:
        return None
    finally:
        os.close(handle)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the file ``path`` (made when missing) meanwhile."""
    with open(path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield

