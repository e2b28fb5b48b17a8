"""The command line: summary, exit statuses, errors without tracebacks, untouched outputs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_check_summarises_the_content():
    result = run("check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "15 themes, 2 opening pages, 67 links, 0 problems"


def test_help_lists_targets():
    result = run("--help")
    assert result.returncode == 0
    assert "check" in result.stdout and "--sector" in result.stdout


def test_content_error_exit_2_no_traceback_outputs_kept(tmp_path):
    content, out = tmp_path / "content", tmp_path / "out"
    shutil.copytree(ROOT / "content", content)
    assert run("links", "--content", str(content), "--out", str(out)).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    theme = content / "themes" / "meertaligheid.yaml"
    theme.write_text(theme.read_text().replace("kind: tip\n", "kind: tipz\n"))
    result = run("links", "--content", str(content), "--out", str(out))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{theme}:" in result.stderr and "'tipz' is not a block kind" in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_foreign_output_folder_is_refused(tmp_path):
    (tmp_path / "mine.txt").write_text("not yours")
    result = run("links", "--out", str(tmp_path))
    assert result.returncode == 1
    assert "was not made by this tool" in result.stderr
    assert (tmp_path / "mine.txt").read_text() == "not yours"


def test_a_folder_another_build_is_just_claiming_is_not_foreign(tmp_path):
    """A build that started a moment earlier may hold only its manifest's temporary file."""
    (tmp_path / "..inspiratiekaart-manifest.json.x1y2z3.tmp").write_text("{")  # as mkstemp names it
    result = run("links", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "links.csv").is_file()
    assert not list(tmp_path.glob("*.tmp"))
