"""Every module of the package imports on its own, in a fresh interpreter: no import cycle
hides behind the order in which the build happens to import them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "inspiratiekaart"


def module_names() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


@pytest.mark.slow
def test_every_module_imports_on_its_own():
    script = ("import importlib, subprocess, sys\n"
              "failed = []\n"
              "for name in sys.argv[1:]:\n"
              "    done = subprocess.run([sys.executable, '-c', f'import {name}'],\n"
              "                          capture_output=True, text=True)\n"
              "    if done.returncode:\n"
              "        failed.append(name + ': ' + done.stderr.strip().splitlines()[-1])\n"
              "print('\\n'.join(failed))\n")
    result = subprocess.run([sys.executable, "-c", script, *module_names()],
                            capture_output=True, text=True, cwd=PACKAGE.parent, timeout=300)
    assert result.stdout.strip() == ""


def test_the_package_holds_no_pickle_fork_or_exit():
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for word in ("import pickle", "os.fork", "os._exit"):
            assert word not in text, f"{path.name}: {word}"
