"""``watch`` rebuilds after a save and says what came of it: the cards that do not fit,
the preflight's verdict, the content's problems (keeping the last good output)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
import yaml

from inspiratiekaart.pipeline import BuildOptions
from inspiratiekaart.preview import contact_sheet
from inspiratiekaart.watch import ChangeFeed, watch


def wait_for(lines: list[str], text: str, count: int = 1, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while sum(text in line for line in lines) < count:
        assert time.monotonic() < deadline, f"{text!r} not said {count} time(s); said: {lines}"
        time.sleep(0.05)


@pytest.mark.slow
def test_watch_says_warnings_and_preflight_and_survives_a_content_error(content_copy, tmp_path):
    out = tmp_path / "out"
    lines: list[str] = []
    running = threading.Event()
    running.set()
    long_theme = content_copy / "themes" / "kapitalen.yaml"
    data = yaml.safe_load(long_theme.read_text(encoding="utf-8"))
    data["intro"] = data["intro"] * 6  # too long for one card: a warning
    long_theme.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    options = BuildOptions(content_dir=content_copy, out_dir=out, targets=("cards",),
                           sector="mbo")
    thread = threading.Thread(target=watch, args=(options, lines.append, running.is_set),
                              kwargs={"preview": True})
    thread.start()
    try:
        wait_for(lines, "preview: ")  # said last
        assert any(line.startswith("built 4 files") for line in lines), lines
        assert any(line.startswith("warning: ") and "kapitalen.yaml:" in line
                   and "does not fit" in line for line in lines), lines
        assert any("preflight ok with" in line and "warning(s)" in line for line in lines), lines
        assert any("warning cards-mbo.pdf: cards fit (no follow-up cards)" in line
                   for line in lines), lines
        assert f"preview: {out / 'preview' / 'cards-mbo.png'}" in lines
        sheet = out / "print" / "cards-duplex-alignment.pdf"
        assert (out / "preview" / "cards-mbo.png").read_bytes() == \
            contact_sheet(out / "cards-mbo.pdf", pairs=True)
        assert (out / "preview" / "print" / "cards-duplex-alignment.png").read_bytes() == \
            contact_sheet(sheet, pairs=False)
        good = (out / "cards-mbo.pdf").read_bytes()

        theme = content_copy / "themes" / "meertaligheid.yaml"
        text = theme.read_text(encoding="utf-8")
        theme.write_text(text.replace("kind: tip\n", "kind: tipz\n"), encoding="utf-8")
        wait_for(lines, "'tipz' is not a block kind")
        assert any(f"{theme}:" in line for line in lines)
        assert any("the last good outputs stay" in line for line in lines)
        assert (out / "cards-mbo.pdf").read_bytes() == good

        theme.write_text(text.replace("Meertaligheid\n", "Meertaligheid!\n", 1),
                         encoding="utf-8")
        wait_for(lines, "built 4 files", count=2)
        assert any(line.startswith("meertaligheid.yaml changed: building cards")
                   for line in lines), lines
        assert (out / "cards-mbo.pdf").read_bytes() != good
    finally:
        running.clear()
        thread.join(timeout=60)
    assert not thread.is_alive()


def test_the_feed_gathers_the_files_saved(tmp_path: Path):
    feed = ChangeFeed([tmp_path])
    try:
        time.sleep(0.3)  # the notifications are set up in the feed's thread
        assert feed.take(0.05) == set()
        (tmp_path / "a.yaml").write_text("a: 1\n")
        (tmp_path / "b.yaml").write_text("b: 1\n")
        seen: set[Path] = set()
        deadline = time.monotonic() + 10
        while seen != {tmp_path / "a.yaml", tmp_path / "b.yaml"}:
            assert time.monotonic() < deadline, seen
            seen |= feed.take(0.5)
        assert not feed.waiting()
    finally:
        feed.close()


def test_watch_started_on_broken_content_does_not_speak_of_outputs_it_never_made(
        content_copy, tmp_path):
    """It said 'the last good outputs stay' when it had made none."""
    out = tmp_path / "out"
    lines: list[str] = []
    running = threading.Event()
    running.set()
    theme = content_copy / "themes" / "meertaligheid.yaml"
    theme.write_text(theme.read_text(encoding="utf-8").replace("kind: tip\n", "kind: tipz\n"),
                     encoding="utf-8")
    options = BuildOptions(content_dir=content_copy, out_dir=out, targets=("cards",))
    thread = threading.Thread(target=watch, args=(options, lines.append, running.is_set))
    thread.start()
    try:
        wait_for(lines, "'tipz' is not a block kind")
        (said,) = [line for line in lines if "'tipz'" in line]
        assert f"{out} stays as it was" in said and "last good outputs" not in said, lines
        assert not (out / "cards.pdf").exists()
    finally:
        running.clear()
        thread.join(timeout=60)
    assert not thread.is_alive()
