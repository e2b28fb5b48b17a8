"""Writing outputs safely: atomic replace, a manifest of our files, one build at a time.

The output folder is the tool's own: its manifest lists every file a build wrote there
(and is about to write), and a folder holding any other file is refused, before anything
is rendered and again before anything is written. The tool deletes only files its manifest
lists. A build whose preflight failed writes nothing over the good files: its files go to
``.failed/`` in the output folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

MANIFEST = ".inspiratiekaart-manifest.json"
_UMASK = os.umask(0)
os.umask(_UMASK)
FILE_MODE = 0o666 & ~_UMASK
LOCK = ".inspiratiekaart.lock"
FAILED = ".failed"
"""The subfolder for the files of a build whose preflight failed."""
PREFLIGHT_REPORT = "preflight.json"
TEMPORARY = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]+\.tmp")
"""A temporary file of :func:`write_atomic`: ``.<name of the file>.<random>.tmp``."""
SHOWN = 3
"""How many of a foreign folder's files a message names."""


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


def failed_folder(out_dir: Path) -> Path:
    """Where a build whose preflight failed puts its files."""
    return out_dir / FAILED


def check_output_folder(out_dir: Path) -> None:
    """Refuse, before any rendering, an output folder that is a file (or lies in one) or
    holds files this tool did not write."""
    for path in (out_dir, *out_dir.parents):
        if os.path.lexists(path) and not path.is_dir():
            what = "a file" if path.is_file() else "not a folder"
            where = f"is {what}" if path == out_dir else f"cannot be made: {path} is {what}"
            raise OutputError(f"the output folder {out_dir} {where}; choose another --out "
                              "(nothing was changed)")
    if out_dir.is_dir():
        _refuse_foreign(out_dir)


@contextlib.contextmanager
def output_folder(out_dir: Path, say=print) -> Iterator[Path]:
    """Claim ``out_dir`` for one build: refuse foreign folders, wait on a running build."""
    check_output_folder(out_dir)  # before the lock file is made in someone else's folder
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / LOCK, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"Another build is writing to {out_dir}; waiting for it to finish…")
            fcntl.flock(lock, fcntl.LOCK_EX)
        _refuse_foreign(out_dir)  # again, now that no other build is half-way
        remove_stale_temporaries(out_dir)
        if not (out_dir / MANIFEST).exists():
            write_text_atomic(out_dir / MANIFEST, json.dumps({"files": []}))
        yield out_dir


def write_build(out_dir: Path, files: dict[str, bytes], report: bytes | None,
                failed: bool) -> list[Path]:
    """Write a build's files (name under the output folder → bytes) and its preflight
    report into ``out_dir``, claimed with :func:`output_folder`; the files' paths.

    The files a failed build left in ``.failed/`` are deleted first. A build whose
    preflight ``failed`` writes into ``.failed/`` and leaves the good files as they are.
    Every file is in the manifest before it is written, so a build killed half-way left
    only temporary files this tool knows as its own.
    """
    remove_outputs(out_dir, listed_below(out_dir, FAILED))
    folder = failed_folder(out_dir) if failed else out_dir
    paths = {folder / name: data for name, data in sorted(files.items())}
    if report is not None:
        paths[folder / PREFLIGHT_REPORT] = report
    record_outputs(out_dir, list(paths))
    for path, data in paths.items():
        write_atomic(path, data)
    return [folder / name for name in sorted(files)]


def listed_below(out_dir: Path, subfolder: str) -> list[str]:
    """The files the manifest lists below ``subfolder``."""
    return sorted(name for name in read_manifest(out_dir) if name.startswith(f"{subfolder}/"))


def remove_outputs(out_dir: Path, names: list[str]) -> list[str]:
    """Delete the files of ``names`` that the manifest lists (never another), then their
    folders when that leaves them empty, and take them off the manifest; the names removed."""
    listed = read_manifest(out_dir)
    gone = listed & set(names)
    for name in sorted(gone):
        with contextlib.suppress(FileNotFoundError):
            (out_dir / name).unlink()
    for folder in sorted({(out_dir / name).parent for name in gone}, reverse=True):
        while folder != out_dir:
            with contextlib.suppress(OSError):  # not empty: not ours to remove
                folder.rmdir()
            folder = folder.parent
    if gone:
        _write_manifest(out_dir, listed - gone)
    return sorted(gone)


def remove_stale_temporaries(out_dir: Path) -> None:
    """Delete the temporary files an interrupted build of ours left behind: those of the
    files the manifest lists, and nothing else."""
    listed = read_manifest(out_dir)
    for path in _files(out_dir):
        if _is_our_temporary(path, listed):
            with contextlib.suppress(OSError):
                (out_dir / path).unlink()


def _refuse_foreign(out_dir: Path) -> None:
    """Refuse a folder holding a file that is not ours: one the manifest does not list,
    or any file at all when there is no manifest.

    Temporary files of listed files (and of the manifest itself) are ours: a build that
    started a moment earlier may be writing them right now. The folder is walked before
    the manifest is read, so that every file seen is listed by then.
    """
    manifest = out_dir / MANIFEST
    if manifest.exists():
        present = _files(out_dir)
        listed = read_manifest(out_dir)
        foreign = [name for name in present if name not in listed
                   and name not in (MANIFEST, LOCK) and not _is_our_temporary(name, listed)
                   and os.path.lexists(out_dir / name)]  # not deleted since: ours
    else:
        foreign = [path.name for path in out_dir.iterdir() if path.name != LOCK
                   and not _is_our_temporary(path.name, set())]
    if foreign:
        shown = ", ".join(sorted(foreign)[:SHOWN]) + (", …" if len(foreign) > SHOWN else "")
        raise OutputError(f"{out_dir} was not made by this tool: it holds files this tool "
                          f"did not write ({shown}); choose another --out, or move those "
                          "files elsewhere (nothing in the folder was changed)")


def _files(out_dir: Path) -> list[str]:
    """Every file below ``out_dir`` (symbolic links not followed), as a relative path."""
    found = []
    for folder, _, names in os.walk(out_dir):
        relative = Path(folder).relative_to(out_dir)
        found += [(relative / name).as_posix() for name in names]
    return sorted(found)


def _is_our_temporary(name: str, listed: set[str]) -> bool:
    """Whether ``name`` is a temporary file of the manifest or of a listed file."""
    folder, _, base = name.rpartition("/")
    match = TEMPORARY.fullmatch(base)
    if not match:
        return False
    target = f"{folder}/{match['name']}" if folder else match["name"]
    return target == MANIFEST or target in listed


def read_manifest(out_dir: Path) -> set[str]:
    """The files the manifest lists (none when there is no manifest)."""
    manifest = out_dir / MANIFEST
    try:
        files = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    except FileNotFoundError:
        return set()
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise OutputError(f"{manifest} is not a manifest this tool can read ({error}); "
                          "choose another --out") from None
    if not isinstance(files, list) or not all(isinstance(name, str) for name in files):
        raise OutputError(f"{manifest} is not a manifest this tool can read; "
                          "choose another --out")
    return set(files)


def record_outputs(out_dir: Path, written: list[Path]) -> None:
    """Add ``written`` to the manifest of files this tool owns in ``out_dir``."""
    listed = read_manifest(out_dir)
    _write_manifest(out_dir, listed | {p.relative_to(out_dir).as_posix() for p in written})


def _write_manifest(out_dir: Path, files: set[str]) -> None:
    write_text_atomic(out_dir / MANIFEST, json.dumps({"files": sorted(files)}, indent=1))

