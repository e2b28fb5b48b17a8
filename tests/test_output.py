"""The output folder: a failed build keeps the good files, a folder that is not the tool's is
refused before anything is rendered, and no file the tool did not write is ever deleted."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from inspiratiekaart import output
from inspiratiekaart.output import (
    MANIFEST,
    OutputError,
    check_output_folder,
    output_folder,
    read_manifest,
    record_outputs,
    remove_outputs,
    write_atomic,
    write_build,
)
from tests.conftest import CONTENT, ROOT

TARGETS = ("brochure", "links")
TIMEOUT = 120


def run_build(out: Path, *options: str, build_py: Path = ROOT / "build.py",
              cache: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **({"INSPIRATIEKAART_CACHE": str(cache)} if cache else {})}
    return subprocess.run([sys.executable, str(build_py), *TARGETS, "--content", str(CONTENT),
                           "--out", str(out), *options], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=TIMEOUT)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def good_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("good") / "out"
    result = run_build(out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def out(good_output: Path, tmp_path: Path) -> Path:
    target = tmp_path / "out"
    shutil.copytree(good_output, target)
    return target


@pytest.fixture(scope="module")
def white_codes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """build.py of a copy of the project whose QR codes are printed white: every build of
    it fails the preflight (no code decodes)."""
    copy = tmp_path_factory.mktemp("white-codes")
    shutil.copytree(ROOT / "inspiratiekaart", copy / "inspiratiekaart",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "layouts", copy / "layouts")
    shutil.copy(ROOT / "build.py", copy / "build.py")
    (copy / "fonts").symlink_to(ROOT / "fonts")
    shutil.copytree(ROOT / "profiles", copy / "profiles")  # a profile is read inside the project
    qr = copy / "layouts" / "qr.yaml"
    text = qr.read_text(encoding="utf-8")
    assert "dark: [0, 0, 0, 100]" in text
    qr.write_text(text.replace("dark: [0, 0, 0, 100]", "dark: [0, 0, 0, 0]"), encoding="utf-8")
    return copy / "build.py"


def test_a_build_failing_the_preflight_writes_nothing_over_the_good_files(out, white_codes,
                                                                          tmp_path):
    before = snapshot(out)
    result = run_build(out, build_py=white_codes, cache=tmp_path / "cache")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    failed = out / ".failed"
    assert f"this build's files are in {failed}" in result.stderr
    after = snapshot(out)
    assert {name: after[name] for name in before if name != MANIFEST} == \
        {name: data for name, data in before.items() if name != MANIFEST}
    assert sorted(snapshot(failed)) == ["brochure.pdf", "links.csv", "preflight.json"]
    assert json.loads((failed / "preflight.json").read_text())["failed"] is True
    assert after[".failed/brochure.pdf"] != before["brochure.pdf"]


def test_a_good_build_after_a_failed_one_clears_the_side_folder(out, white_codes, tmp_path):
    assert run_build(out, build_py=white_codes, cache=tmp_path / "cache").returncode == 1
    result = run_build(out)
    assert result.returncode == 0, result.stderr
    assert not (out / ".failed").exists()
    assert not any(name.startswith(".failed/") for name in read_manifest(out))


def test_out_pointing_at_a_file_is_refused_before_rendering(tmp_path):
    thesis = tmp_path / "thesis.pdf"
    thesis.write_bytes(b"%PDF- my thesis")
    for out in (thesis, thesis / "output"):
        result = run_build(out)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr and "Errno" not in result.stderr
        assert f"the output folder {out} " in result.stderr
        assert "choose another --out" in result.stderr
        assert result.stdout == ""  # nothing rendered: no job reported
    assert thesis.read_bytes() == b"%PDF- my thesis"


@pytest.mark.parametrize("with_manifest", [True, False], ids=["tool's folder", "no manifest"])
def test_a_file_the_manifest_does_not_list_makes_the_folder_foreign(out, with_manifest):
    if not with_manifest:
        shutil.rmtree(out)
        out.mkdir()
    (out / ".thesis.tmp").write_bytes(b"three years of work")
    before = snapshot(out)
    result = run_build(out)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{out} was not made by this tool" in result.stderr
    assert ".thesis.tmp" in result.stderr and result.stdout == ""
    assert snapshot(out) == before


def test_a_temporary_file_named_like_ours_but_not_ours_is_not_deleted(tmp_path):
    out = tmp_path / "out"
    with output_folder(out, say=lambda line: None):
        write_build(out, {"links.csv": b"a\n"}, None, failed=False)
    mine = out / ".notes.txt.a1b2c3d4.tmp"  # what write_atomic would name a temporary
    mine.write_bytes(b"mine")              # of notes.txt, which the tool never wrote
    with pytest.raises(OutputError, match=r"\.notes\.txt\.a1b2c3d4\.tmp"):
        check_output_folder(out)
    assert mine.read_bytes() == b"mine"


def test_a_killed_builds_temporary_files_are_cleaned_up_and_nothing_else(tmp_path):
    out = tmp_path / "out"
    with output_folder(out, say=lambda line: None):
        write_build(out, {"brochure.pdf": b"%PDF-1", "print/cards.pdf": b"%PDF-2"}, None,
                    failed=False)
    left = [out / ".brochure.pdf.k3j4h5g6.tmp", out / "print" / ".cards.pdf.x9y8z7w6.tmp",
            out / f".{MANIFEST}.q1w2e3r4.tmp"]
    for temporary in left:
        temporary.write_bytes(b"half")
    with output_folder(out, say=lambda line: None):
        pass
    assert not [temporary for temporary in left if temporary.exists()]
    assert snapshot(out) == {"brochure.pdf": b"%PDF-1", "print/cards.pdf": b"%PDF-2",
                             MANIFEST: (out / MANIFEST).read_bytes(),
                             ".inspiratiekaart.lock": b""}


def test_every_file_is_in_the_manifest_before_it_is_written(tmp_path, monkeypatch):
    out = tmp_path / "out"
    seen = []
    write = output.write_atomic

    def writing(path: Path, data: bytes) -> Path:
        if path.name != MANIFEST:
            seen.append((path.relative_to(out).as_posix(), read_manifest(out)))
        return write(path, data)

    monkeypatch.setattr(output, "write_atomic", writing)
    with output_folder(out, say=lambda line: None):
        write_build(out, {"a.pdf": b"1", "print/b.pdf": b"2"}, b"{}", failed=True)
    assert [name for name, _ in seen] == [".failed/a.pdf", ".failed/print/b.pdf",
                                          ".failed/preflight.json"]
    assert all(name in listed for name, listed in seen)


def test_previews_are_the_tools_files_too(out):
    result = run_build(out, "--preview")
    assert result.returncode == 0, result.stderr
    assert (out / "preview" / "brochure.png").is_file()
    assert "preview/brochure.png" in read_manifest(out)
    result = run_build(out)
    assert result.returncode == 0, result.stderr


def test_removed_outputs_leave_no_empty_folder_and_no_manifest_entry(tmp_path: Path):
    out = tmp_path / "out"
    with output_folder(out, say=lambda line: None):
        written = [write_atomic(out / name, b"x") for name in
                   ("brochure.pdf", "redirects/_redirects", "redirects/nginx.conf")]
        record_outputs(out, written)
        (out / "print").mkdir()
        (out / "print" / "eigen.txt").write_text("van iemand anders")
        assert remove_outputs(out, ["redirects/_redirects", "redirects/nginx.conf"]) == \
            ["redirects/_redirects", "redirects/nginx.conf"]
    assert not (out / "redirects").exists()
    assert (out / "brochure.pdf").is_file() and (out / "print" / "eigen.txt").is_file()
    assert sorted(read_manifest(out)) == ["brochure.pdf"]


def test_a_folder_that_holds_more_stays(tmp_path: Path):
    out = tmp_path / "out"
    with output_folder(out, say=lambda line: None):
        record_outputs(out, [write_atomic(out / "redirects" / "_redirects", b"x")])
        (out / "redirects" / "LEESMIJ.txt").write_text("eigen notitie")
        remove_outputs(out, ["redirects/_redirects", "redirects/al-weg.conf"])
    assert (out / "redirects" / "LEESMIJ.txt").is_file()
    assert not (out / "redirects" / "_redirects").exists()
    assert sorted(read_manifest(out)) == []
