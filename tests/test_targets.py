"""The declared targets: one list that the command line, watch and the pipeline read."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from inspiratiekaart.cli import parser
from inspiratiekaart.content.problems import ContentError
from inspiratiekaart.context import BuildOptions
from inspiratiekaart.impose import alignment_sheet
from inspiratiekaart.impose.pdfx import PrintFile
from inspiratiekaart.layout import LAYOUTS_DIR
from inspiratiekaart.pipeline import build
from inspiratiekaart.targets import KINDS, PRINT_LAYOUT, TARGETS, Target, TargetOutput, selected

ROOT = Path(__file__).resolve().parents[1]


def test_every_target_is_in_the_help_with_its_text():
    help_text = " ".join(parser().format_help().split())
    for target in TARGETS:
        assert f"{target.name} {' '.join(target.help.split())}" in help_text


def test_declared_layouts_exist():
    for target in TARGETS:
        for name in target.layouts:
            assert (LAYOUTS_DIR / f"{name}.yaml").is_file(), (target.name, name)
    assert (LAYOUTS_DIR / f"{PRINT_LAYOUT}.yaml").is_file()


def test_every_target_that_renders_reads_the_press_layout_as_well_as_its_own():
    """Print files are finished by it, and its profile decides which colours read as text
    in every PDF."""
    printing = {target.name for target in TARGETS if target.prints}
    assert printing == {"cards", "booklets"}
    assert {t.name for t in TARGETS if t.reads_layout(PRINT_LAYOUT)} == printing | {"brochure"}
    assert all(t.reads_layout(name) for t in TARGETS for name in t.layouts)


@pytest.mark.parametrize(("targets", "refused"), [(("cards",), True), (("links",), False)])
def test_a_bad_output_profile_stops_only_a_build_that_prints(tmp_path: Path, targets,
                                                             refused: bool):
    profile = tmp_path / "shop.icc"
    profile.write_bytes(b"not a profile at all")
    options = BuildOptions(out_dir=tmp_path / "out", targets=targets, output_profile=profile,
                           output_condition="FOGRA51", preflight=False)
    if refused:
        with pytest.raises(ContentError) as raised:
            build(options, say=lambda line: None)
        assert "not an ICC profile" in str(raised.value.problems[0])
        assert not (tmp_path / "out" / "cards.pdf").exists()
    else:
        assert build(options, say=lambda line: None).written


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


def test_a_print_file_is_added_unfinished_and_any_other_file_as_bytes():
    out = TargetOutput()
    sheet = PrintFile.read(alignment_sheet())
    out.add("print/x.pdf", sheet, "sheet")
    assert out.unfinished == {"print/x.pdf": sheet} and out.print_files() == ["print/x.pdf"]
    assert "print/x.pdf" not in out.files
    with pytest.raises(TypeError, match="unfinished"):
        out.add("print/y.pdf", b"%PDF", "press")
    with pytest.raises(TypeError, match="as bytes"):
        out.add("z.pdf", sheet, "document")


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


@pytest.mark.parametrize(("given", "meant"), [("MBO", "mbo"), ("Voortgezet onderwijs", "vo")])
def test_a_sector_in_capitals_or_by_its_name_is_pointed_at_its_id(given, meant, tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--sector",
                             given, "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 2
    assert f"did you mean {meant}?" in result.stderr


def test_a_target_that_prints_must_declare_the_press_layout():
    with pytest.raises(ValueError, match=r"layouts/press\.yaml"):
        Target("posters", lambda context: TargetOutput(), "posters", press_layout="brochure",
               layouts=("brochure",))
