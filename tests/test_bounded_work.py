"""Bounded work for any accepted input: a word longer than any line, a cache grown huge.

Each build runs as the editor's would, in its own process, with its time, peak memory and
cache measured; the bounds are generous (they catch blow-ups, not noise), and the build may
not take more than a few GB of address space, so a blow-up fails quickly instead of eating
the machine.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import string
import subprocess
import sys
import time
from pathlib import Path

import pytest

from inspiratiekaart.render.hyphenation import store
from tests.conftest import ROOT
from tests.pdfcheck import page_texts
from tests.test_large_content import MEASURE

SECONDS = 60
MEMORY_MB = 400
ADDRESS_SPACE = 3 * 1024 ** 3
CACHE_BYTES = 100 * 1024
FOOTER = 50
"""Points at the foot of a brochure page that hold its running footer."""


def limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def measured_build(content: Path, out: Path, cache: Path) -> tuple[dict, float]:
    """Build the brochure in a process of its own: its exit status, stderr and peak
    resident memory, and the seconds it took."""
    command = [sys.executable, str(ROOT / "build.py"), "brochure", "--content", str(content),
               "--out", str(out), "-q"]
    env = {**os.environ, "INSPIRATIEKAART_CACHE": str(cache)}
    started = time.perf_counter()
    measured = subprocess.run([sys.executable, "-c", MEASURE, *command], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=5 * SECONDS,
                              preexec_fn=limited)
    assert measured.returncode == 0, measured.stderr
    return json.loads(measured.stdout), time.perf_counter() - started


def assert_bounded(report: dict, seconds: float) -> None:
    assert report["exit"] == 0, report["stderr"]
    assert "Traceback" not in report["stderr"]
    assert seconds < SECONDS, f"took {seconds:.1f} s"
    assert report["max_rss_kb"] < MEMORY_MB * 1024, f"peak {report['max_rss_kb'] // 1024} MB"


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def test_an_eight_thousand_character_word_builds_quickly_and_is_printed_whole(content_copy,
                                                                              tmp_path):
    word = "".join(random.Random(16).choices(string.ascii_lowercase, k=8_000))
    theme = content_copy / "themes" / "waarom.yaml"
    text = theme.read_text(encoding="utf-8")
    assert "In deze inspiratiekaart vind je" in text
    theme.write_text(text.replace("In deze inspiratiekaart vind je",
                                  f"In deze {word} vind je", 1), encoding="utf-8")
    cache = tmp_path / "cache"
    report, seconds = measured_build(content_copy, tmp_path / "out", cache)
    assert_bounded(report, seconds)
    assert folder_size(cache / "hyphenation") < CACHE_BYTES
    printed = "".join(page_texts(tmp_path / "out" / "brochure.pdf", skip_bottom=FOOTER))
    assert f"Indeze{word}vindje" in re.sub(r"\s+", "", printed).replace("\x02", "")


def test_a_hyphenation_cache_of_three_gigabytes_is_ignored_and_rebuilt(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("INSPIRATIEKAART_CACHE", str(cache))
    path = store("nl_NL").file()
    path.parent.mkdir(parents=True)
    with open(path, "wb") as sparse:  # 3 GB on paper, no blocks on disk
        sparse.truncate(3 * 1024 ** 3)
    report, seconds = measured_build(ROOT / "content", tmp_path / "out", cache)
    assert_bounded(report, seconds)
    assert 0 < path.stat().st_size < CACHE_BYTES
    assert len(store("nl_NL").read()) > 10  # the words this build learnt


@pytest.mark.parametrize("damage", [b"", b"\x00" * 1000, b'{"format":1}\n{"woord":"x"}'])
def test_a_damaged_hyphenation_cache_is_rebuilt_by_the_build(tmp_path, monkeypatch, damage):
    cache = tmp_path / "cache"
    monkeypatch.setenv("INSPIRATIEKAART_CACHE", str(cache))
    path = store("nl_NL").file()
    path.parent.mkdir(parents=True)
    path.write_bytes(damage)
    report, seconds = measured_build(ROOT / "content", tmp_path / "out", cache)
    assert_bounded(report, seconds)
    assert len(store("nl_NL").read()) > 10
