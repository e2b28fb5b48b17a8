"""A build killed mid-way leaves no worker process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

GRACE = 5.0
"""Seconds the workers get to end after their parent was killed."""


def stat_fields(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (state first), or None when
    there is no such process."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return text.rpartition(")")[2].split()


def children(parent: int) -> dict[int, str]:
    """The live child processes of ``parent``: pid → start time (to tell a reused pid)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = stat_fields(int(entry.name))
            if fields and int(fields[1]) == parent and fields[0] != "Z":
                found[int(entry.name)] = fields[19]
    return found


def still_running(processes: dict[int, str]) -> list[int]:
    """Those of ``processes`` still alive (a zombie has ended; only its parent's gone)."""
    alive = []
    for pid, started in processes.items():
        fields = stat_fields(pid)
        if fields and fields[19] == started and fields[0] != "Z":
            alive.append(pid)
    return alive


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signal_number", [signal.SIGKILL, signal.SIGTERM],
                         ids=["SIGKILL", "SIGTERM"])
def test_workers_end_when_the_build_is_killed(content_copy, tmp_path, signal_number):
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "INSPIRATIEKAART_CACHE": str(tmp_path / "c")}
    build = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--content",
                              str(content_copy), "--out", str(tmp_path / "out"), "-j", "2"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                             env=env)
    workers: dict[int, str] = {}
    try:
        for line in build.stdout:  # the first job's line: the other jobs are running
            if line.startswith("  "):
                workers = children(build.pid)
                break
        assert workers, "the build rendered without worker processes"
        build.send_signal(signal_number)
        build.wait(timeout=30)
        deadline = time.monotonic() + GRACE
        while still_running(workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert still_running(workers) == [], f"workers alive {GRACE} s after the build died"
    finally:
        for pid in still_running(workers):
            os.kill(pid, signal.SIGKILL)
        build.kill()
        build.wait()
        build.stdout.close()
