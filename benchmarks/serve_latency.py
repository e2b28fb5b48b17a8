"""Latency of ``serve``: from saving a theme file to its changed page's image being served.

    python -m benchmarks.serve_latency            # 10 saves
    python -m benchmarks.serve_latency --saves 20

Starts ``python build.py serve`` on a copy of the content and follows its server-sent
events, as the page in the browser does. Each save changes a sentence of one theme; the
figures are the time until the event that shows the brochure's changed page, until that
page's image has been fetched, and until every output is rebuilt, checked and written.
Each save waits for the previous one's rebuild to end; one untimed save goes first (a
worker's first render of a job fills its caches). Median and spread (min to max).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
THEME = Path("themes") / "meertaligheid.yaml"
SENTENCE = "Dit ondersteunt hun leerproces en sociaal-emotionele ontwikkeling."


class EventStream:
    """The views a running ``serve`` sends over ``/events``, each with when it came."""

    def __init__(self, host: str, port: int) -> None:
        self.views: queue.Queue[tuple[float, dict]] = queue.Queue()
        self.connection = http.client.HTTPConnection(host, port, timeout=120)
        self.connection.request("GET", "/events")
        self.response = self.connection.getresponse()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        data: list[str] = []
        try:
            for raw in iter(self.response.readline, b""):
                line = raw.decode("utf-8").rstrip("\n")
                if line.startswith("data: "):
                    data.append(line.removeprefix("data: "))
                elif not line and data:
                    self.views.put((time.perf_counter(), json.loads("\n".join(data))))
                    data = []
        except (OSError, ValueError):
            return  # closed

    def wait_for(self, wanted: Callable[[dict], bool], seconds: float = 120
                 ) -> tuple[float, dict]:
        """The first view from now on that ``wanted`` accepts, and when it came."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                came, view = self.views.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise TimeoutError("serve sent no such view") from None
            if wanted(view):
                return came, view

    def close(self) -> None:
        self.connection.close()


class ServeProcess:
    """``python build.py serve [target …]`` on a free port, stopped with Ctrl-C."""

    def __init__(self, content: Path, out: Path, *targets: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", *targets, "--no-browser",
             "--port", "0", "--content", str(content), "--out", str(out)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
        first = self.process.stdout.readline()
        found = re.search(r"http://([\d.]+):(\d+)/", first)
        if found is None:
            self.process.kill()
            raise RuntimeError(f"serve did not start: {first}{self.process.stdout.read()}")
        self.host, self.port = found.group(1), int(found.group(2))
        self.lines: list[str] = [first]
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    def events(self) -> EventStream:
        return EventStream(self.host, self.port)

    def get(self, path: str, host: str | None = None) -> tuple[int, dict[str, str], bytes]:
        """One request for ``path`` exactly as written: status, headers, body."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            connection.putrequest("GET", path, skip_host=True)
            connection.putheader("Host", host or f"{self.host}:{self.port}")
            connection.endheaders()
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def stop(self) -> int:
        """Ctrl-C, as a user stops it; its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def built(view: dict) -> bool:
    """Every output shown and nothing building."""
    return not view["building"] and bool(view["outputs"])


def brochure_changed(after_cycle: int) -> Callable[[dict], bool]:
    def wanted(view: dict) -> bool:
        return view["cycle"] > after_cycle and any(
            output["name"] == "brochure.pdf" and output["changed"] for output in view["outputs"])
    return wanted


def measure_save(serve: ServeProcess, events: EventStream, theme: Path, text: str,
                 cycle: int) -> tuple[float, float, float, int]:
    """Save ``text`` into ``theme``: seconds to the brochure's event, to its changed page's
    image, to the end of the rebuild; and the new cycle."""
    saved = time.perf_counter()
    theme.write_text(text, encoding="utf-8")
    came, view = events.wait_for(brochure_changed(cycle))
    brochure = next(output for output in view["outputs"] if output["name"] == "brochure.pdf")
    page = brochure["pages"][brochure["changed"][0] - 1]
    status, _, image = serve.get(f"/pages/{page}.png")
    if status != 200 or not image.startswith(b"\x89PNG"):
        raise RuntimeError(f"the changed page's image was not served ({status})")
    fetched = time.perf_counter()
    done, view = events.wait_for(lambda v: v["cycle"] == view["cycle"] and built(v))
    return came - saved, fetched - saved, done - saved, view["cycle"]


def spread(label: str, values: list[float]) -> str:
    return (f"{label:<40} median {statistics.median(values):5.2f} s  "
            f"({min(values):.2f}–{max(values):.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        content = Path(shutil.copytree(ROOT / "content", scratch / "content"))
        theme = content / THEME
        original = theme.read_text(encoding="utf-8")
        assert SENTENCE in original, f"{THEME} no longer holds the sentence this edits"
        serve = ServeProcess(content, scratch / "out")
        events = serve.events()
        try:
            started = time.perf_counter()
            _, view = events.wait_for(built, 600)
            first = time.perf_counter() - started
            load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
            print(f"machine: {os.cpu_count()} cores, load average {load}; first build "
                  f"{first:.1f} s (workers starting); then {args.saves} saves of {THEME}")
            cycle, event, image, done = view["cycle"], [], [], []
            for save in range(args.saves + 1):
                text = original.replace(SENTENCE, f"{SENTENCE} Versie {save}.")
                figures = measure_save(serve, events, theme, text, cycle)
                cycle = figures[3]
                if save == 0:
                    continue  # untimed: the first render of each job in its worker
                event.append(figures[0])
                image.append(figures[1])
                done.append(figures[2])
            print(spread("saved → brochure page event", event))
            print(spread("saved → brochure page image served", image))
            print(spread("saved → every output rebuilt and written", done))
        finally:
            events.close()
            serve.stop()


if __name__ == "__main__":
    main()
