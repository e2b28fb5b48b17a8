"""Writing outputs safely: atomic replace, a manifest of our files, one build at a time."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

MANIFEST = ".inspiratiekaart-manifest.json"
_UMASK = os.umask(0)
os.umask(_UMASK)
FILE_MODE = 0o666 & ~_UMASK
LOCK = ".inspiratiekaart.lock"


class OutputError(Exception):
    """The output folder cannot be used."""


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, FILE_MODE)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    return path


def write_text_atomic(path: Path, text: str) -> Path:
    return write_atomic(path, text.encode("utf-8"))


def remove_stale_temporaries(out_dir: Path) -> None:
    """Delete temporary files an interrupted build of ours left behind."""
    for temp in out_dir.rglob(".*.tmp"):
        with contextlib.suppress(OSError):
            temp.unlink()


@contextlib.contextmanager
def output_folder(out_dir: Path, say=print) -> Iterator[Path]:
    """Claim ``out_dir`` for one build: refuse foreign folders, wait on a running build."""
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = out_dir / MANIFEST
    _refuse_foreign(out_dir)  # before the lock file is made in someone else's folder
    with open(out_dir / LOCK, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"Another build is writing to {out_dir}; waiting for it to finish…")
            fcntl.flock(lock, fcntl.LOCK_EX)
        _refuse_foreign(out_dir)  # again, now that no other build is half-way
        remove_stale_temporaries(out_dir)
        if not manifest.exists():
            write_text_atomic(manifest, json.dumps({"files": []}))
        yield out_dir


def _refuse_foreign(out_dir: Path) -> None:
    """Refuse a folder that holds files and no manifest of ours.

    Temporary files of ours do not count: a build that started a moment earlier may be
    writing the manifest right now.
    """
    if (out_dir / MANIFEST).exists():
        return
    foreign = [p.name for p in out_dir.iterdir()
               if p.name != LOCK and not (p.name.startswith(".") and p.name.endswith(".tmp"))]
    if foreign:
        raise OutputError(f"{out_dir} is not empty and was not made by this tool "
                          f"(it holds {', '.join(sorted(foreign)[:3])}…); choose another --out")


def record_outputs(out_dir: Path, written: list[Path]) -> None:
    """Add ``written`` to the manifest of files this tool owns in ``out_dir``."""
    manifest = out_dir / MANIFEST
    files = set(json.loads(manifest.read_text())["files"]) if manifest.exists() else set()
    files.update(str(p.relative_to(out_dir)) for p in written)
    write_text_atomic(manifest, json.dumps({"files": sorted(files)}, indent=1))


def recorded_outputs(out_dir: Path) -> list[str]:
    """The files (relative to ``out_dir``) the manifest says this tool wrote there."""
    manifest = out_dir / MANIFEST
    return json.loads(manifest.read_text())["files"] if manifest.exists() else []


def remove_outputs(out_dir: Path, names: list[str]) -> list[str]:
    """Delete outputs of ours that no longer apply, and folders they leave empty, and drop
    them from the manifest; return the names removed."""
    for name in names:
        path = out_dir / name
        path.unlink(missing_ok=True)
        for folder in path.parents:
            if folder == out_dir or not folder.is_relative_to(out_dir) \
                    or not folder.is_dir() or any(folder.iterdir()):
                break
            folder.rmdir()
    if names:
        kept = [name for name in recorded_outputs(out_dir) if name not in names]
        write_text_atomic(out_dir / MANIFEST, json.dumps({"files": kept}, indent=1))
    return names
