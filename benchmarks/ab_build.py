"""A/B build timing: this checkout against another commit, on the same machine, alternately.

    python -m benchmarks.ab_build --base HEAD~1            # 9 runs each, cold and warm
    python -m benchmarks.ab_build --base 7dbcd74 --runs 11 --targets all brochure
    python -m benchmarks.ab_build --base 7dbcd74 --head 23b566a  # two other commits

The other commit (and ``--head``, when given) is checked out into a temporary git
worktree. Each round runs one build
of A, then the same build of B (then B first in the next round), so the machine's drift
falls on both alike; every build is a fresh ``python build.py`` process. Figures are the
median and spread of the runs and the ratio B/A of the medians, of the wall time and of
the processor time the build and its workers used.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

from .bench_build import ROOT, Run, run_build


def checkout(rev: str, where: Path) -> Path:
    """``rev`` of this repository in a worktree at ``where``."""
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(where), rev],
                   check=True, capture_output=True)
    return where


def one_build(root: Path, args: list[str], cache: Path, warm: bool) -> Run:
    if not warm:
        shutil.rmtree(cache, ignore_errors=True)
    return run_build([*args, "--out", str(cache.parent / "out")], cache, root)


def compare(roots: dict[str, Path], args: list[str], runs: int, warm: bool,
            scratch: Path) -> dict[str, list[Run]]:
    """``runs`` builds of each checkout, alternating which goes first."""
    times: dict[str, list[Run]] = {name: [] for name in roots}
    caches = {name: scratch / name / "cache" for name in roots}
    for name, root in roots.items():  # untimed: bytecode and (for warm runs) the cache
        one_build(root, args, caches[name], warm=True)
    order = list(roots)
    for _ in range(runs):
        for name in order:
            times[name].append(one_build(roots[name], args, caches[name], warm))
        order.reverse()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the commit to compare with (A)")
    parser.add_argument("--head", help="the commit to measure (B; default: this checkout)")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--targets", nargs="*", default=["all", "brochure"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        base = checkout(args.base, scratch / "base-tree")
        head = checkout(args.head, scratch / "head-tree") if args.head else ROOT
        try:
            roots = {"A": base, "B": head}
            print(f"A = {args.base}, B = {args.head or 'this checkout'}; {args.runs} runs "
                  "each, median (min–max), alternating")
            for target in args.targets:
                build_args = [] if target == "all" else [target]
                for warm in (False, True):
                    runs = compare(roots, build_args, args.runs, warm, scratch)
                    walls = {n: [run.seconds for run in runs[n]] for n in runs}
                    a, b = (statistics.median(walls[n]) for n in ("A", "B"))
                    cpu_a, cpu_b = (statistics.median(run.cpu for run in runs[n])
                                    for n in ("A", "B"))
                    label = f"{target} ({'warm' if warm else 'cold'})"
                    print(f"{label:<18} A {a:5.2f} s ({min(walls['A']):.2f}–"
                          f"{max(walls['A']):.2f})  B {b:5.2f} s ({min(walls['B']):.2f}–"
                          f"{max(walls['B']):.2f})  B/A {b / a:5.2f}   cpu A {cpu_a:5.2f} s "
                          f"B {cpu_b:5.2f} s  B/A {cpu_b / cpu_a:5.2f}")
        finally:
            for tree in {base, head} - {ROOT}:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                                str(tree)], capture_output=True)


if __name__ == "__main__":
    main()
