"""Content too big to store as a case: refused within limits and in bounded time and memory.

The inputs are generated here; each build runs as the editor's would, into an output folder
that already holds a good build.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from inspiratiekaart.content import limits
from tests.pdfcheck import decode_all
from tests.test_bad_content import (
    CASES_DIR,
    ROOT,
    TARGETS,
    TIMEOUT,
    build_good_output,
    check_problem_lines,
    make_content,
    pdf_text,
    read_case,
    run_build,
    snapshot,
)

HEAD = "id: zz-big\ntitle: Een groot thema\npillar: beleid\norder: 999\n"
MEMORY_LIMIT_KB = 300 * 1024

MEASURE = """\
import json, resource, subprocess, sys
result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({"exit": result.returncode, "stderr": result.stderr,
                  "max_rss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""
"""Runs a command as its only child and reports the child's peak resident memory."""


@pytest.fixture(scope="module")
def good_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_good_output(tmp_path_factory.mktemp("good") / "out")


@pytest.fixture
def out(good_output: Path, tmp_path: Path) -> Path:
    target = tmp_path / "out"
    shutil.copytree(good_output, target)
    return target


@pytest.fixture
def content(content_copy: Path) -> Path:
    return content_copy


def timed_build(content: Path, out: Path, *targets: str
                ) -> tuple[subprocess.CompletedProcess, float]:
    started = time.perf_counter()
    result = run_build(content, out, *targets)
    return result, time.perf_counter() - started


def assert_refused(result: subprocess.CompletedProcess, content: Path, out: Path,
                   before: dict[str, bytes]) -> None:
    assert "Traceback" not in result.stderr
    assert result.returncode == 2, result.stderr
    check_problem_lines(result.stderr, content)
    assert snapshot(out) == before


def test_a_one_megabyte_file_is_refused_quickly_by_its_size(content, out):
    text = " ".join(["alinea"] * 142_858)
    assert len(text) >= 1_000_000
    path = content / "themes" / "zz-big.yaml"
    path.write_text(HEAD + f"blocks:\n  - kind: paragraph\n    text: {text}\n", encoding="utf-8")
    before = snapshot(out)
    result, seconds = timed_build(content, out)
    assert_refused(result, content, out, before)
    assert (f"{path}:7: is {path.stat().st_size:,} bytes long (over the limit from this line); "
            "a content file may hold at most 100,000 bytes") in result.stderr
    assert seconds < 10, f"took {seconds:.1f} s"


def test_a_paragraph_over_the_text_limit_is_refused_quickly(content, out):
    text = " ".join(["alinea"] * 10_000)
    path = content / "themes" / "zz-big.yaml"
    path.write_text(HEAD + f"blocks:\n  - kind: paragraph\n    text: {text}\n", encoding="utf-8")
    before = snapshot(out)
    result, seconds = timed_build(content, out)
    assert_refused(result, content, out, before)
    assert (f"{path}:7: blocks[0].text: is {len(text):,} characters long; a text (a paragraph, "
            "an item) may hold at most 20,000 characters") in result.stderr
    assert seconds < 10, f"took {seconds:.1f} s"


def test_a_theme_of_ten_thousand_items_is_refused_by_check_with_file_and_line(content):
    """It passed check, then the card deck failed with "more than 50 follow-up cards"."""
    path = content / "themes" / "zz-big.yaml"
    path.write_text(HEAD + "blocks:\n- kind: tips\n  items:\n" + "  - Tip\n" * 10_000,
                    encoding="utf-8")
    started = time.perf_counter()
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--content",
                             str(content)], cwd=ROOT, capture_output=True, text=True,
                            timeout=TIMEOUT)
    seconds = time.perf_counter() - started
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    check_problem_lines(result.stderr, content)
    assert (f"{path}:8: blocks[0].items: holds 10,000; a list (a block's items, or an item's "
            "sub-items) may hold at most 80 items") in result.stderr
    assert seconds < 10, f"took {seconds:.1f} s"


def test_five_hundred_theme_files_are_refused_quickly(content, out):
    themes = content / "themes"
    for number in range(500):
        (themes / f"zz-{number:03}.yaml").write_text(
            f"id: zz-{number:03}\ntitle: Thema {number}\npillar: beleid\norder: {1000 + number}\n"
            "intro: Een korte inleiding.\n", encoding="utf-8")
    total = len(list(themes.glob("*.yaml")))
    before = snapshot(out)
    result, seconds = timed_build(content, out)
    assert_refused(result, content, out, before)
    assert (f"{themes}: holds {total} theme files; a publication may hold at most "
            f"{limits.THEMES.value} theme files" in result.stderr)
    assert seconds < 20, f"took {seconds:.1f} s"


def links_theme(layout: str, count: int = 60) -> str:
    """A theme with ``count`` distinct links, laid out as ``layout``."""
    sentences = [f"Lees [bron {n}](https://example.org/bron/{n}) voor meer." for n in range(count)]
    if layout == "paragraphs":
        return HEAD + "blocks:\n" + "".join(f"  - kind: paragraph\n    text: {s}\n"
                                            for s in sentences)
    if layout == "one-list":
        return HEAD + "blocks:\n  - kind: tips\n    items:\n" + "".join(f"      - {s}\n"
                                                                       for s in sentences)
    if layout == "one-paragraph":
        return HEAD + f"intro: {' '.join(sentences)}\n"
    raise ValueError(layout)


def assert_sixty_links_handled(content: Path, out: Path, layout: str) -> None:
    """Either every code is printed and decodes, or the build is refused clearly."""
    path = content / "themes" / "zz-big.yaml"
    path.write_text(links_theme(layout), encoding="utf-8")
    before = snapshot(out)
    result, seconds = timed_build(content, out)
    assert seconds < TIMEOUT
    assert "Traceback" not in result.stderr
    if result.returncode == 2:
        check_problem_lines(result.stderr, content)
        assert f"{path}:" in result.stderr and snapshot(out) == before
        return
    assert result.returncode == 0, result.stderr
    decoded = {d.text for d in decode_all(out / "brochure.pdf")}
    wanted = {f"https://example.org/bron/{n}" for n in range(60)}
    assert wanted <= decoded, f"{len(wanted - decoded)} of 60 codes missing"


def test_a_theme_with_sixty_links_in_sixty_paragraphs_builds_every_code(content, out):
    assert_sixty_links_handled(content, out, "paragraphs")


@pytest.mark.parametrize("layout", ["one-list", "one-paragraph"])
def test_a_theme_with_sixty_links_in_one_block_builds_or_is_refused(content, out, layout):
    assert_sixty_links_handled(content, out, layout)


@pytest.mark.parametrize("case, message", [
    ("yaml-alias-bomb", "YAML anchors and aliases"),
    ("symlink-dev-zero", "is a link to something outside the content folder"),
])
def test_a_case_is_refused_in_bounded_memory(tmp_path, case, message):
    """The alias bomb, and a theme file linked to /dev/zero (read until memory ran out)."""
    content = make_content(read_case(CASES_DIR / case), tmp_path / "content")
    command = [sys.executable, str(ROOT / "build.py"), *TARGETS, "--content", str(content),
               "--out", str(tmp_path / "out")]
    started = time.perf_counter()
    measured = subprocess.run([sys.executable, "-c", MEASURE, *command], cwd=ROOT,
                              capture_output=True, text=True, timeout=TIMEOUT)
    seconds = time.perf_counter() - started
    report = json.loads(measured.stdout)
    assert report["exit"] == 2, report["stderr"]
    assert message in report["stderr"]
    assert report["max_rss_kb"] < MEMORY_LIMIT_KB, f"peak {report['max_rss_kb'] // 1024} MB"
    assert seconds < 10, f"took {seconds:.1f} s"


def test_a_theme_at_the_text_limits_builds_on_follow_up_cards_whole(content, out):
    """Five items of nearly 20,000 characters of wide letters (nearly the largest file):
    the deck once stopped at 50 follow-up cards with a RuntimeError, and an item longer than
    a card, kept with its block's heading, fitted on no card and no brochure page at all."""
    wide = " ".join(["WWWWWWWWW"] * 1_940)
    items = [f"Begin{n} {wide} Einde{n}" for n in range(5)]
    path = content / "themes" / "zz-big.yaml"
    path.write_text(HEAD + "blocks:\n  - kind: tips\n    items:\n"
                    + "".join(f"      - {item}\n" for item in items), encoding="utf-8")
    assert path.stat().st_size > 0.9 * limits.FILE_BYTES.value
    assert all(len(item) <= limits.TEXT_CHARS.value for item in items)
    result, seconds = timed_build(content, out, "cards", "brochure")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    follow_ups = re.search(r"zz-big\.yaml:\d+: card: card 'Een groot thema' does not fit: .* "
                           r"continues on (\d+) follow-up card", result.stderr)
    assert follow_ups and int(follow_ups.group(1)) > 30, result.stderr
    for name in ("cards.pdf", "brochure.pdf"):
        text = pdf_text(out / name)
        assert all(f"Begin{n}" in text and f"Einde{n}" in text for n in range(5)), name
    assert seconds < TIMEOUT, f"took {seconds:.1f} s"
