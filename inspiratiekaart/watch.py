"""``python build.py watch``: rebuild what a saved change affects, until interrupted."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from .content.problems import ContentError
from .layout import LAYOUTS_DIR, load_layout
from .pipeline import BuildOptions, BuildReport, build
from .targets import selected


def snapshot(folders: list[Path]) -> dict[Path, float]:
    return {path: path.stat().st_mtime for folder in folders
            for path in folder.rglob("*") if path.is_file()}


def changed_files(before: dict[Path, float], after: dict[Path, float]) -> list[Path]:
    return sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))


def affected_targets(changes: list[Path], options: BuildOptions) -> tuple[str, ...]:
    """The targets a set of changed files affects, by the layouts each target declares
    (a content change, or a change anywhere else in layouts/, affects them all)."""
    requested = selected(options.targets)
    wanted: set[str] = {t.name for t in requested if t.after_others}
    for path in changes:
        if path.parent != LAYOUTS_DIR or path.suffix != ".yaml":
            return tuple(t.name for t in requested)
        wanted.update(t.name for t in requested if path.stem in t.layouts)
    return tuple(t.name for t in requested if t.name in wanted)


def watch(options: BuildOptions, say: Callable[[str], None] = print,
          keep_going: Callable[[], bool] = lambda: True, interval: float = 0.5) -> None:
    """Poll the content and layouts; after each change, rebuild and report."""
    folders = [options.content_dir, LAYOUTS_DIR]
    seen = snapshot(folders)
    say(f"watching {options.content_dir} and layouts/ (Ctrl-C stops)")
    rebuild(options, say, "first build")
    while keep_going():
        time.sleep(interval)
        now = snapshot(folders)
        changes = changed_files(seen, now)
        if not changes:
            continue
        seen = now
        load_layout.cache_clear()
        targets = affected_targets(changes, options)
        names = ", ".join(str(p.name) for p in changes[:3]) + ("…" if len(changes) > 3 else "")
        rebuild(replace(options, targets=targets), say, f"{names} changed")


def rebuild(options: BuildOptions, say: Callable[[str], None], reason: str) -> BuildReport | None:
    """One build; a content error is shown and the last good outputs stay."""
    say(f"{reason}: building {', '.join(t.name for t in selected(options.targets))}")
    try:
        report = build(options, say=lambda line: None)
    except ContentError as error:
        say(error.report().replace("nothing was built", "the last good outputs stay"))
        return None
    verdict = "preflight failed" if report.preflight and report.preflight.failed \
        else "preflight ok"
    say(f"built {len(report.written)} files in {report.seconds:.1f} s; {verdict}")
    return report
