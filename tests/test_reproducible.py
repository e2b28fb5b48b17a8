"""Two builds of the same content give byte-identical files; SOURCE_DATE_EPOCH sets the date."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import ROOT

MANIFEST = ".inspiratiekaart-manifest.json"


def build(out: Path, epoch: str, *targets: str) -> dict[str, bytes]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    subprocess.run([sys.executable, str(ROOT / "build.py"), *targets, "-q", "--out", str(out)],
                   check=True, env=env, capture_output=True, timeout=600)
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


@pytest.mark.slow
def test_two_builds_are_byte_identical(tmp_path):
    first = build(tmp_path / "a", "1700000000")
    second = build(tmp_path / "b", "1700000000")
    assert sorted(first) == sorted(second)
    assert len([n for n in first if n.endswith(".pdf")]) >= 13
    different = [name for name in first if first[name] != second[name]]
    assert different == []


def test_source_date_epoch_is_the_creation_date(tmp_path):
    build(tmp_path / "a", "1700000000", "brochure")
    date = PdfReader(tmp_path / "a" / "brochure.pdf").metadata.creation_date
    assert date.astimezone(UTC) == datetime.fromtimestamp(1700000000, UTC)
