"""Build benchmark: time and memory per target and for the whole build, with a cold and a
warm build cache (QR matrices, hyphenation), and how build time grows with the
amount of content.

    python -m benchmarks.bench_build            # 5 runs each, scaling 1x 4x 16x
    python -m benchmarks.bench_build --runs 3 --scales 1 4

Every run is a fresh ``python build.py`` process; figures are the median and the spread
(min to max) of the runs. Peak memory is the largest resident set of the build process
and its worker processes. One untimed build goes first, so that Python's bytecode cache
holds the project's modules, as it does on a user's machine after the first build (even
where PYTHONDONTWRITEBYTECODE is set).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import yaml
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
TARGETS = ("brochure", "cards", "booklets", "links", "all")


class Run(NamedTuple):
    seconds: float
    """Wall time."""
    memory: float
    """Peak resident memory in MB of the build or one of its workers."""
    cpu: float
    """Processor seconds of the build and its workers (user and system): steadier than
    the wall time on a shared machine."""


def run_build(args: list[str], cache: Path, root: Path = ROOT) -> Run:
    """One build of the checkout at ``root`` in a fresh process."""
    env = {**os.environ, "INSPIRATIEKAART_CACHE": str(cache), "SOURCE_DATE_EPOCH": "1700000000"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # time the build, not compiling its modules
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(root / "build.py"), *args, "-q"],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               cwd=root)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0,):
        raise SystemExit(f"build failed: {' '.join(args)}\n{process.stderr.read().decode()}")
    return Run(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def measure(args: list[str], runs: int, warm: bool, scratch: Path) -> dict:
    """Median and spread of ``runs`` builds with a cold (emptied) or warm build cache."""
    cache = scratch / "cache"
    times, memory = [], []
    if warm:
        run_build(args, cache)
    for _ in range(runs):
        if not warm:
            shutil.rmtree(cache, ignore_errors=True)
        seconds, peak, _ = run_build(args, cache)
        times.append(seconds)
        memory.append(peak)
    return {"median": statistics.median(times), "min": min(times), "max": max(times),
            "memory": max(memory)}


def outputs(out: Path) -> list[tuple[str, int, int]]:
    """Every PDF with its pages and bytes."""
    return [(str(p.relative_to(out)), len(PdfReader(p).pages), p.stat().st_size)
            for p in sorted(out.rglob("*.pdf")) if "preview" not in p.parts]


def scaled_content(factor: int, target: Path) -> Path:
    """The real content with every theme repeated ``factor`` times under new ids."""
    shutil.copytree(ROOT / "content", target)
    themes = target / "themes"
    for path in sorted(themes.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("part") == "opening":
            continue
        for copy in range(1, factor):
            clone = dict(data, id=f"{data['id']}-x{copy}", order=data["order"] + copy * 1000)
            (themes / f"{clone['id']}.yaml").write_text(
                yaml.safe_dump(clone, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def row(label: str, figures: dict) -> str:
    return (f"{label:<22} {figures['median']:7.2f} s  ({figures['min']:.2f}–"
            f"{figures['max']:.2f})  peak {figures['memory']:6.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scales", type=int, nargs="*", default=[1, 4, 16])
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; "
          f"{args.runs} runs each, median (min–max)")
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        run_build(["--out", str(scratch / "out")], scratch / "cache")
        for target in TARGETS:
            out = scratch / "out"
            shutil.rmtree(out, ignore_errors=True)
            build_args = [] if target == "all" else [target]
            build_args += ["--out", str(out)]
            for warm in (False, True):
                figures = measure(build_args, args.runs, warm, scratch)
                print(row(f"{target} ({'warm' if warm else 'cold'})", figures))
        print("\noutputs of the whole build:")
        for name, pages, size in outputs(scratch / "out"):
            print(f"  {name:<36} {pages:4} pages {size / 1024:8.0f} KiB")
        print("\nscaling (whole build, warm cache):")
        first: float | None = None
        for factor in args.scales:
            content = scaled_content(factor, scratch / f"content-{factor}")
            build_args = ["--content", str(content), "--out", str(scratch / f"out-{factor}")]
            figures = measure(build_args, max(1, min(args.runs, 3)), True, scratch)
            first = first or figures["median"]
            print(row(f"{factor:>2}x content", figures)
                  + f"  {figures['median'] / first:5.1f} times the 1x build")


if __name__ == "__main__":
    main()
