"""Outputs of ours that no longer apply are removed, with the folders they leave empty, and
dropped from the manifest; nothing else is touched."""

from __future__ import annotations

from pathlib import Path

from inspiratiekaart.output import (
    output_folder,
    record_outputs,
    recorded_outputs,
    remove_outputs,
    write_atomic,
)


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
    assert recorded_outputs(out) == ["brochure.pdf"]


def test_a_folder_that_holds_more_stays(tmp_path: Path):
    out = tmp_path / "out"
    with output_folder(out, say=lambda line: None):
        record_outputs(out, [write_atomic(out / "redirects" / "_redirects", b"x")])
        (out / "redirects" / "LEESMIJ.txt").write_text("eigen notitie")
        remove_outputs(out, ["redirects/_redirects", "redirects/al-weg.conf"])
    assert (out / "redirects" / "LEESMIJ.txt").is_file()
    assert not (out / "redirects" / "_redirects").exists()
    assert recorded_outputs(out) == []
