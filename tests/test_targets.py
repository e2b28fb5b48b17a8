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
from inspiratiekaart.targets import KINDS, PRINT_LAYOUT, TARGETS, TargetOutput, selected

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


def test_a_target_that_prints_reads_the_press_layout_as_well_as_its_own():
    printing = {target.name for target in TARGETS if target.prints}
    assert printing == {"cards", "booklets"}
    assert {t.name for t in TARGETS if t.reads_layout(PRINT_LAYOUT)} == printing
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


def test_only_the_redirect_map_is_no_longer_made_once_short_links_are_off():
    from dataclasses import replace

    from inspiratiekaart.content.loader import load_publication
    from inspiratiekaart.targets import outputs_no_longer_made

    recorded = ["brochure.pdf", "links.csv", "redirects/_redirects", "redirects/nginx.conf"]
    publication = load_publication(ROOT / "content")
    assert outputs_no_longer_made(replace(publication, redirect_base=None), recorded) == \
        ["redirects/_redirects", "redirects/nginx.conf"]
    assert outputs_no_longer_made(replace(publication, redirect_base="https://k.example/r/"),
                                  recorded) == []


def test_every_target_that_prints_a_code_writes_the_redirect_map(tmp_path):
    """Built alone, each of brochure, cards and booklets keeps the redirect map current."""
    import shutil

    content = Path(shutil.copytree(ROOT / "content", tmp_path / "content"))
    path = content / "publication.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "redirect_base: null", 'redirect_base: "https://kort.example/r/"'), encoding="utf-8")
    for target in ("cards", "booklets"):
        out = tmp_path / target
        result = subprocess.run([sys.executable, str(ROOT / "build.py"), target, "--sector",
                                 "vo", "--content", str(content), "--out", str(out)],
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        lines = (out / "redirects" / "_redirects").read_text(encoding="utf-8").splitlines()
        assert lines and all(line.startswith("/r/") and line.endswith(" 301") for line in lines)
        manifest = json.loads((out / ".inspiratiekaart-manifest.json").read_text())
        assert "redirects/nginx.conf" in manifest["files"]
