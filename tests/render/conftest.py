"""A build whose layouts change the marks and spaces the renderers read from them
(``restyled``), to set beside the build of the shipped layouts (``built``): a test finds each
change where the renderer puts it, so a value the code kept for itself shows."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from tests.conftest import ROOT
from tests.pdfcheck import text_boxes

RESTYLED = {"intro_space": 30.0, "bullet_hang": 4.0, "overview_space": 30.0,
            "rule_height": 20.0, "rule_thickness": 9.0, "rule_rise": 3.0, "key_gap": 20.0}
"""The lengths (in points) the restyled layouts give, for the tests to expect."""

EDITS = {
    "labels.yaml": [('quote: "“{{ quote }}”"', 'quote: "«{{ quote }}»"'),
                    ('speaker: "— {{ speaker }}"', 'speaker: "(bron: {{ speaker }})"'),
                    ('step_number: "{{ number }}."', 'step_number: "{{ number }})"'),
                    ("join(' · ') }} · {{ year }}", "join(' & ') }}, {{ year }}")],
    "brochure.yaml": [("intro_space: 4pt", "intro_space: 30pt"),
                      ("bullet_hang: 10pt", "bullet_hang: 4pt"),
                      ('subitem_bullets: ["–", "·"]', 'subitem_bullets: ["§", "·"]'),
                      ("  space_above: 6pt", "  space_above: 30pt"),
                      ('  bullet: "•"  ', '  bullet: "›"  '),
                      ("  height: 14pt", "  height: 20pt"),
                      ("  thickness: 4pt", "  thickness: 9pt"),
                      ("  rise: 6pt", "  rise: 3pt")],
    "cards.yaml": [("  gap: 6pt", "  gap: 20pt")],
}
"""Each layout file's edits: (shipped text, restyled text)."""


@pytest.fixture(scope="session")
def restyled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of the brochure and the cards built with the restyled layouts."""
    folder = tmp_path_factory.mktemp("restyled")
    layouts = folder / "layouts"
    shutil.copytree(ROOT / "layouts", layouts)
    for name, edits in EDITS.items():
        path = layouts / name
        text = path.read_text(encoding="utf-8")
        for old, new in edits:
            assert text.count(old) == 1, f"{old!r} is not in {name} exactly once"
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    out = folder / "out"
    env = {**os.environ, "INSPIRATIEKAART_LAYOUTS": str(layouts)}
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "-q", "brochure", "cards",
                             "--out", str(out)], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return out


def printed(pdf: Path) -> str:
    """Every page's text in one: words broken at a line end joined, each run of white space
    (line ends too) one space."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        text = " ".join(page.get_textpage().get_text_bounded() for page in document)
    finally:
        document.close()
    return " ".join(re.sub("\ufffe\r\n|\x02\r?\n?|\xad", "", text).split())


def places(pdf: Path, text: str) -> list[tuple[int, tuple[float, ...]]]:
    """Where ``text`` is printed: the page and the box (left, bottom, right, top) of its
    first character, for every place, in order."""
    found = []
    document = pdfium.PdfDocument(str(pdf))
    try:
        for index, page in enumerate(document):
            textpage = page.get_textpage()
            search = textpage.search(text, match_case=True)
            while (hit := search.get_next()) is not None:
                found.append((index, textpage.get_charbox(hit[0])))
    finally:
        document.close()
    return found


def gap_above(pdf: Path, page: int, top: float) -> float:
    """From ``top`` up to the foot of the nearest text above it on ``page``."""
    return min(box[1] for _, box in text_boxes(pdf, page) if box[1] > top + 0.5) - top


def lefts(pdf: Path, char: str, first_page: int = 0) -> set[float]:
    """The left edges (to 0.01pt) of ``char`` wherever it is printed from ``first_page``."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        count = len(document)
    finally:
        document.close()
    return {round(box[0], 2) for page in range(first_page, count)
            for found, box in text_boxes(pdf, page) if found == char}


def bands(pdf: Path, width: float) -> list[tuple[int, tuple[float, ...]]]:
    """Every filled shape ``width`` wide and 2pt to 30pt tall (not a line): its page and box
    (left, bottom, right, top), in order."""
    found = []
    document = pdfium.PdfDocument(str(pdf))
    try:
        for index, page in enumerate(document):
            for shape in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
                left, bottom, right, top = shape.get_bounds()
                if abs(right - left - width) < 0.5 and 2 <= top - bottom <= 30:
                    found.append((index, (left, bottom, right, top)))
    finally:
        document.close()
    return found
