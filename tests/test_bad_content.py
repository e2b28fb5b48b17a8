"""Bad content, one case per folder of tests/data/bad/: refused clearly, outputs left alone.

Every case is a ``case.yaml`` (format in tests/data/bad/README.md): a few edits to a fresh
copy of the real content, or a ``content/`` folder of its own, and what the command line
must answer. Each case runs ``build.py links brochure`` into an output folder that already
holds a good build, as an editor's would: a refused build must leave it byte for byte as it
was, and a build that should succeed must print hostile text literally and safely.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
CASES_DIR = ROOT / "tests" / "data" / "bad"
PWNED = Path("/tmp/pwned")
TIMEOUT = 60
TARGETS = ("links", "brochure")
CASE_KEYS = frozenset({"description", "expect_exit", "expect_stderr", "refute_stderr",
                       "expect_output", "patches", "xfail", "max_seconds"})
PATCH_KEYS = frozenset({"file", "replace", "with", "write", "write_bytes_hex", "delete",
                        "expand", "link_outside", "link_to", "fifo", "socket"})
UNSAFE_URI = ("javascript:", "file:", "data:")


@dataclass(frozen=True)
class Case:
    """One folder of tests/data/bad/, read and checked."""

    name: str
    folder: Path
    description: str
    expect_exit: int
    expect_stderr: tuple[str, ...]
    refute_stderr: tuple[str, ...]
    expect_output: dict[str, list[str]]
    patches: tuple[dict, ...]
    xfail: str | None
    max_seconds: float

    @property
    def own_content(self) -> Path | None:
        folder = self.folder / "content"
        return folder if folder.is_dir() else None


def read_case(folder: Path) -> Case:
    data = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    unknown = set(data) - CASE_KEYS
    assert not unknown, f"{folder.name}/case.yaml: unknown keys {sorted(unknown)}"
    for patch in data.get("patches") or ():
        assert not set(patch) - PATCH_KEYS, f"{folder.name}: unknown patch keys in {patch}"
    return Case(name=folder.name, folder=folder, description=data["description"],
                expect_exit=data["expect_exit"],
                expect_stderr=tuple(data.get("expect_stderr") or ()),
                refute_stderr=tuple(data.get("refute_stderr") or ()),
                expect_output=data.get("expect_output") or {},
                patches=tuple(data.get("patches") or ()), xfail=data.get("xfail"),
                max_seconds=float(data.get("max_seconds", TIMEOUT)))


def all_cases() -> list[Case]:
    return [read_case(folder) for folder in sorted(CASES_DIR.iterdir())
            if (folder / "case.yaml").is_file()]


def case_params() -> list:
    params = []
    for case in all_cases():
        marks = [pytest.mark.xfail(reason=" ".join(case.xfail.split()), strict=True)] \
            if case.xfail else []
        params.append(pytest.param(case, id=case.name, marks=marks))
    return params


# making content and running the build -------------------------------------------------------
def apply_patch(content: Path, patch: dict) -> None:
    """One edit of a case: replace (first occurrence), write, write_bytes_hex, delete, or
    a path that is not an ordinary file inside the folder: a link to a file outside it
    holding ``link_outside``, a link to ``link_to``, a FIFO or a socket."""
    path = content / patch["file"]
    if any(key in patch for key in ("link_outside", "link_to", "fifo", "socket")):
        make_special(content, path, patch)
        return
    expansions = {e["marker"]: e["text"] * e["times"] for e in patch.get("expand") or ()}

    def expand(text: str) -> str:
        for marker, value in expansions.items():
            text = text.replace(marker, value)
        return text

    if patch.get("delete"):
        path.unlink()
    elif "write" in patch:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(expand(patch["write"]).encode("utf-8"))
    elif "write_bytes_hex" in patch:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes.fromhex(patch["write_bytes_hex"]))
    elif "replace" in patch:
        text = path.read_text(encoding="utf-8")
        assert patch["replace"] in text, f"{patch['replace']!r} is not in {patch['file']}"
        path.write_bytes(text.replace(patch["replace"], expand(patch["with"]), 1).encode())
    else:
        raise AssertionError(f"a patch needs replace, write, write_bytes_hex or delete: {patch}")


def make_special(content: Path, path: Path, patch: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if "link_outside" in patch:
        outside = content.parent / "outside" / path.name
        outside.parent.mkdir(exist_ok=True)
        outside.write_text(patch["link_outside"], encoding="utf-8")
        path.symlink_to(outside)
    elif "link_to" in patch:
        path.symlink_to(patch["link_to"])
    elif patch.get("fifo"):
        os.mkfifo(path)
    elif patch.get("socket"):
        with socket.socket(socket.AF_UNIX) as listener:
            listener.bind(str(path))


def make_content(case: Case, target: Path) -> Path:
    shutil.copytree(case.own_content or CONTENT, target)
    for patch in case.patches:
        apply_patch(target, patch)
    return target


def run_build(content: Path, out: Path, *targets: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *(targets or TARGETS),
                           "--content", str(content), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT)


def build_good_output(folder: Path) -> Path:
    """A good build of the real content, made once per module and copied per case."""
    result = run_build(CONTENT, folder)
    assert result.returncode == 0, result.stderr
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (hidden ones too) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# reading outputs back ----------------------------------------------------------------------
def pdf_text(pdf: Path) -> str:
    """All text of ``pdf`` without whitespace, so line breaks cannot split a needle."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        text = "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    return squeeze(text)


def squeeze(text: str) -> str:
    return "".join(text.replace("\x02", "").split())


def image_xobjects(reader: PdfReader) -> list[str]:
    found = []
    for number, page in enumerate(reader.pages, 1):
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        found += [f"page {number}: {name}" for name, x in xobjects.items()
                  if x.get_object().get("/Subtype") == "/Image"]
    return found


def link_uris(reader: PdfReader) -> list[str]:
    uris = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or ():
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


def check_problem_lines(stderr: str, content: Path) -> None:
    """Each problem is one line ``path[:line]: …`` in the content folder; a file of the
    folder that exists is named with a line."""
    lines = stderr.strip().splitlines()
    assert lines and re.fullmatch(r"Content has \d+ problems?; nothing was built\.", lines[-1]), \
        stderr
    pattern = re.compile(rf"{re.escape(str(content))}/(\S+?)(?::([1-9]\d*))?: \S")
    for line in lines[:-1]:
        match = pattern.match(line)
        assert match, f"not 'path:line: field: message': {line}"
        named = content / match.group(1)
        inside = Path(os.path.realpath(named)).is_relative_to(os.path.realpath(content))
        if named.suffix == ".yaml" and named.is_file() and inside:
            assert match.group(2), f"no line number: {line}"


def check_good_build(case: Case, out: Path, before: dict[str, bytes]) -> None:
    assert snapshot(out) != before, "the build succeeded but rewrote nothing"
    brochure = out / "brochure.pdf"
    assert brochure.is_file() and (out / "links.csv").is_file()
    for name, needles in case.expect_output.items():
        path = out / name
        text = pdf_text(path) if path.suffix == ".pdf" else squeeze(path.read_text("utf-8"))
        for needle in needles:
            assert squeeze(needle) in text, f"{needle!r} not in {name}"
    reader = PdfReader(brochure)
    assert not image_xobjects(reader)
    unsafe = [uri for uri in link_uris(reader) if uri.lower().startswith(UNSAFE_URI)]
    assert not unsafe


# the tests -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def good_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_good_output(tmp_path_factory.mktemp("good") / "out")


def test_the_corpus_is_complete():
    cases = all_cases()
    assert len(cases) >= 32
    for case in cases:
        assert case.description.strip(), case.name
        assert case.expect_exit in (0, 2), case.name
        assert case.patches or case.own_content, f"{case.name} changes nothing"
        if case.expect_exit == 2:
            assert any(".yaml" in s or "themes" in s for s in case.expect_stderr), \
                f"{case.name} does not expect the file to be named"


@pytest.mark.parametrize("case", case_params())
def test_bad_content(case: Case, good_output: Path, tmp_path: Path):
    content = make_content(case, tmp_path / "content")
    out = tmp_path / "out"
    shutil.copytree(good_output, out)
    before = snapshot(out)
    PWNED.unlink(missing_ok=True)

    started = time.perf_counter()
    result = run_build(content, out)
    seconds = time.perf_counter() - started

    assert "Traceback" not in result.stderr
    assert result.returncode == case.expect_exit, result.stderr
    for expected in case.expect_stderr:
        assert expected in result.stderr, f"{expected!r} not in:\n{result.stderr}"
    for unwanted in case.refute_stderr:
        assert unwanted not in result.stderr + result.stdout, f"{unwanted!r} was printed"
    assert not PWNED.exists(), "content text was executed"
    assert seconds < case.max_seconds, f"took {seconds:.1f} s"
    if case.expect_exit == 0:
        check_good_build(case, out, before)
    else:
        check_problem_lines(result.stderr, content)
        assert snapshot(out) == before, "a refused build changed the output folder"
