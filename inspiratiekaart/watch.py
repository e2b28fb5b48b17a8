"""``python build.py watch``: rebuild what a saved change affects, until interrupted.

Saved files are noticed by the operating system's file notifications (``watchfiles``),
not by polling. ``serve`` watches the same way and rebuilds with the same session.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from pathlib import Path

from .content.problems import counted
from .layout import LAYOUTS_DIR
from .pipeline import BuildOptions
from .serve.session import Session, Update

GATHER_MS = 30
"""A save often comes as several events (a temporary file, a rename): those this close
together are one change."""


class ChangeFeed:
    """Files saved under some folders, gathered by a thread until they are taken."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders
        self._changes: queue.Queue[set[Path]] = queue.Queue()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="watch", daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        from watchfiles import watch

        for changes in watch(*self.folders, stop_event=self._stop, debounce=1000,
                             step=GATHER_MS, rust_timeout=200, raise_interrupt=False):
            self._changes.put({Path(path) for _, path in changes})

    def take(self, timeout: float) -> set[Path]:
        """Every file changed since the last call, waiting up to ``timeout`` seconds for
        the first (an empty set when none came)."""
        try:
            changed = self._changes.get(timeout=timeout)
        except queue.Empty:
            return set()
        while not self._changes.empty():
            changed |= self._changes.get_nowait()
        return changed

    def waiting(self) -> bool:
        """True when changes are waiting to be taken."""
        return not self._changes.empty()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def watched_folders(options: BuildOptions) -> list[Path]:
    return [options.content_dir, LAYOUTS_DIR]


def follow(session: Session, feed: ChangeFeed, keep_going: Callable[[], bool],
           wait: float = 0.1) -> None:
    """Build, then rebuild after every change, until ``keep_going`` says stop."""
    session.update(set(), interrupted=feed.waiting)
    while keep_going():
        changed = feed.take(wait)
        if changed or session.unfinished:
            session.update(changed, interrupted=feed.waiting)


def watch(options: BuildOptions, say: Callable[[str], None] = print,
          keep_going: Callable[[], bool] = lambda: True, preview: bool = False) -> None:
    """Rebuild what each saved change affects and say what came of it, until stopped."""
    feed = ChangeFeed(watched_folders(options))
    say(f"watching {options.content_dir} and layouts/ (Ctrl-C stops)")
    session = Session(options, lambda update: report(update, say, options, preview))
    try:
        follow(session, feed, keep_going)
    finally:
        session.close()
        feed.close()


def report(update: Update, say: Callable[[str], None], options: BuildOptions,
           preview: bool) -> None:
    """What a watching editor reads: each rebuild's warnings and preflight verdict, or the
    content's problems."""
    if update.kind == "building":
        say(f"{update.reason}: building {', '.join(update.jobs)}" if update.jobs
            else f"{update.reason}: no output changes")
    elif update.kind == "problems":
        kept = "the last good outputs stay" if update.view.files else \
            f"{options.out_dir} stays as it was"
        say(update.error.report().replace("nothing was built", kept))
    elif update.kind == "done":
        for warning in update.warnings:
            say(f"warning: {warning}")
        say(f"built {counted(len(update.written), 'file')} in {update.seconds:.1f} s; "
            f"{update.view.preflight_verdict()}")
        for line in update.view.preflight_failures():
            say(f"  {line}")
        if preview:
            from .preview import write_previews

            for path in write_previews(options.out_dir, list(update.written),
                                       update.card_sides):
                say(f"preview: {path}")
