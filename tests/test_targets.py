"""The declared targets: one list that the command line, watch and the pipeline read."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from inspiratiekaart.cli import parser
from inspiratiekaart.layout import LAYOUTS_DIR
from inspiratiekaart.targets import KINDS, TARGETS, TargetOutput, selected

ROOT = Path(__file__).resolve().parents[1]


def test_every_target_is_in_the_help_with_its_text():
    help_text = " ".join(parser().format_help().split())
    for target in TARGETS:
        assert f"{target.name} {' '.join(target.help.split())}" in help_text


def test_declared_layouts_exist():
    for target in TARGETS:
        for name in target.layouts:
            assert (LAYOUTS_DIR / f"{name}.yaml").is_file(), (target.name, name)


def test_selection_keeps_the_declared_order():
    assert [t.name for t in selected(("links", "brochure"))] == ["brochure", "links"]
    assert selected(()) == TARGETS


def test_a_pdf_must_name_a_known_kind():
    out = TargetOutput()
    out.add("x.pdf", b"%PDF", "cards")
    assert out.kinds == {"x.pdf": "cards"}
    with pytest.raises(ValueError, match="unknown kind"):
        out.add("y.pdf", b"%PDF", "poster")
    assert "poster" not in KINDS


def test_every_pdf_built_is_preflighted_as_its_kind(built: Path):
    report = json.loads((built / "preflight.json").read_text(encoding="utf-8"))
    checked = {entry["file"] for entry in report["files"]}
    pdfs = {str(p.relative_to(built)) for p in built.rglob("*.pdf")}
    assert pdfs == checked


def test_sector_must_be_one_of_the_content(tmp_path: Path):
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--sector",
                             "hbo", "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 2
    assert "'hbo' is not a sector of this publication" in result.stderr
    assert "po, vo, go, mbo" in result.stderr
    assert "Traceback" not in result.stderr
