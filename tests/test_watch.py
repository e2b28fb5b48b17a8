"""``watch`` rebuilds after a change, shows a content error and keeps the last good output."""

from __future__ import annotations

import threading
import time

from inspiratiekaart.layout import LAYOUTS_DIR
from inspiratiekaart.pipeline import BuildOptions
from inspiratiekaart.targets import TARGETS
from inspiratiekaart.watch import affected_targets, watch


def wait_for(lines: list[str], text: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(text in line for line in lines):
            return
        time.sleep(0.05)
    raise AssertionError(f"{text!r} not said; said: {lines}")


def test_watch_rebuilds_and_survives_a_content_error(content_copy, tmp_path):
    out = tmp_path / "out"
    lines: list[str] = []
    running = threading.Event()
    running.set()
    options = BuildOptions(content_dir=content_copy, out_dir=out, targets=("links",))
    thread = threading.Thread(target=watch, args=(options, lines.append, running.is_set, 0.05))
    thread.start()
    try:
        wait_for(lines, "built 1 files")
        good = (out / "links.csv").read_bytes()
        theme = content_copy / "themes" / "meertaligheid.yaml"
        text = theme.read_text(encoding="utf-8")
        time.sleep(0.05)
        theme.write_text(text.replace("kind: tip\n", "kind: tipz\n"), encoding="utf-8")
        wait_for(lines, "'tipz' is not a block kind")
        assert any("the last good outputs stay" in line for line in lines)
        assert (out / "links.csv").read_bytes() == good
        time.sleep(0.05)
        theme.write_text(text.replace("Meertaligheid\n", "Meertaligheid!\n", 1), encoding="utf-8")
        deadline = time.monotonic() + 60
        while sum("built 1 files" in line for line in lines) < 2:
            assert time.monotonic() < deadline, lines
            time.sleep(0.05)
    finally:
        running.clear()
        thread.join(timeout=30)
    assert not thread.is_alive()


def test_a_layout_change_rebuilds_only_what_it_affects():
    options = BuildOptions()
    assert affected_targets([LAYOUTS_DIR / "cards.yaml"], options) == ("cards", "links")
    everything = tuple(target.name for target in TARGETS)
    assert affected_targets([LAYOUTS_DIR / "qr.yaml"], options) == everything
    assert affected_targets([LAYOUTS_DIR / "preview.yaml"], options) == ("links",)
