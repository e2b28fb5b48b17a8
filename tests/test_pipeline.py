"""A partial build merges its preflight into the folder's report."""

from __future__ import annotations

import json
import shutil

from inspiratiekaart.pipeline import BuildOptions, build

from .conftest import CONTENT


def test_a_partial_build_keeps_the_other_files_preflight(built, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(built, out)
    report = json.loads((out / "preflight.json").read_text(encoding="utf-8"))
    earlier = {entry["file"]: entry for entry in report["files"]}
    report["files"] += [
        {"file": "cards-mbo.pdf", "pages": 1, "checks": [
            {"check": "fonts embedded", "status": "failed", "failures": ["from before"],
             "skipped": None, "warning": None}]},
        {"file": "gone.pdf", "pages": 1, "checks": []}]
    (out / "preflight.json").write_text(json.dumps(report), encoding="utf-8")

    result = build(BuildOptions(content_dir=CONTENT, out_dir=out, targets=("cards",),
                                sector="mbo"), say=lambda line: None)

    made = ["cards-mbo.pdf", "print/cards-duplex-alignment.pdf",
            "print/cards-mbo-a4-duplex.pdf", "print/cards-mbo-press.pdf"]
    assert [file.name for file in result.preflight.files] == made
    merged = json.loads((out / "preflight.json").read_text(encoding="utf-8"))
    files = {entry["file"]: entry for entry in merged["files"]}
    assert set(files) == set(earlier) | set(made)  # gone.pdf is not in the folder
    assert all(files[name] == entry for name, entry in earlier.items() if name not in made)
    assert "from before" not in json.dumps(files["cards-mbo.pdf"])
    assert files["cards-mbo.pdf"]["pages"] > 1
    assert merged["failed"] is False
    assert [entry["file"] for entry in merged["files"]] == sorted(files)
