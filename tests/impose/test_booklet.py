"""A booklet's print files as a shop gets them: the cover in a 3 mm bleed, crop marks beyond
it, notes pages for the padding; the saddle sheets with bleed, crop and fold marks."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image
from pypdf import PdfReader

from tests.pdfcheck import page_texts

from .sources import MM

SECTORS = ("po", "vo", "go", "mbo")
DPI = 150
BLEED, OFFSET, LENGTH = 3 * MM, 3 * MM, 5 * MM


def render_page(path: Path, index: int) -> Image.Image:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return document[index].render(scale=DPI / 72).to_pil().convert("RGB")
    finally:
        document.close()


def pixel(image: Image.Image, x: float, y: float) -> tuple[int, int, int]:
    """The pixel at (x, y) pt, y from the bottom of the page."""
    return image.getpixel((int(x * DPI / 72), int(image.height - y * DPI / 72)))


def dark(colour: tuple[int, int, int]) -> bool:
    """Ink on paper: a hairline at this resolution renders grey, not black."""
    return min(colour) < 200


def close(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    return all(abs(x - y) <= 12 for x, y in zip(a, b, strict=True))


def boxes(page) -> tuple[list[float], list[float]]:
    return [float(v) for v in page.trimbox], [float(v) for v in page.bleedbox]


def crop_mark_hits(image: Image.Image, trim: list[float], bleed: list[float]) -> int:
    """How many of the eight crop marks are found: dark on a trim line's extension, in the
    middle of the span from ``OFFSET`` beyond the bleed to ``OFFSET + LENGTH``."""
    left, bottom, right, top = trim
    middle = OFFSET + LENGTH / 2
    points = [(x, y) for x in (left, right) for y in (bleed[1] - middle, bleed[3] + middle)]
    points += [(x, y) for y in (bottom, top) for x in (bleed[0] - middle, bleed[2] + middle)]
    return sum(any(dark(pixel(image, x + dx, y + dy)) for dx in (-0.5, 0, 0.5)
                   for dy in (-0.5, 0, 0.5)) for x, y in points)


def marks_clear_of_the_bleed(image: Image.Image, bleed: list[float]) -> bool:
    """Nothing is drawn in the ring from the bleed to just short of the marks' start."""
    left, bottom, right, top = bleed
    ring = []
    for step in range(0, int(right - left), 2):
        ring += [(left + step, bottom - d) for d in (1, OFFSET - 1)]
        ring += [(left + step, top + d) for d in (1, OFFSET - 1)]
    for step in range(0, int(top - bottom), 2):
        ring += [(left - d, bottom + step) for d in (1, OFFSET - 1)]
        ring += [(right + d, bottom + step) for d in (1, OFFSET - 1)]
    return all(min(pixel(image, x, y)) > 245 for x, y in ring)


@pytest.mark.parametrize("sector", SECTORS)
def test_press_pages_are_trimmed_a5_with_at_least_3_mm_bleed(built: Path, sector: str) -> None:
    reader = PdfReader(built / "print" / f"booklet-{sector}-press.pdf")
    assert len(reader.pages) % 4 == 0
    for page in reader.pages:
        trim, bleed = boxes(page)
        assert trim[2] - trim[0] == pytest.approx(148 * MM, abs=0.01)
        assert trim[3] - trim[1] == pytest.approx(210 * MM, abs=0.01)
        sides = (trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3])
        assert min(sides) >= BLEED - 0.01


@pytest.mark.parametrize("sector", SECTORS)
def test_the_cover_colour_runs_into_the_bleed(built: Path, sector: str) -> None:
    path = built / "print" / f"booklet-{sector}-press.pdf"
    image = render_page(path, 0)
    (left, _, right, top), bleed = boxes(PdfReader(path).pages[0])
    band = top - 20 * MM
    inside = pixel(image, (left + right) / 2, top - 2 * MM)
    assert not close(inside, (255, 255, 255))
    for x, y in (((left + right) / 2, top + BLEED / 2), (left - BLEED / 2, band),
                 (right + BLEED / 2, band), (left - BLEED / 2, top + BLEED / 2)):
        assert bleed[0] < x < bleed[2] and bleed[1] < y < bleed[3]
        assert close(pixel(image, x, y), inside), (x, y)
    assert close(pixel(image, (left + right) / 2, bleed[1] + 1), (255, 255, 255))


@pytest.mark.parametrize("sector", SECTORS)
def test_crop_marks_lie_outside_the_bleed(built: Path, sector: str) -> None:
    path = built / "print" / f"booklet-{sector}-press.pdf"
    reader = PdfReader(path)
    for index in (0, len(reader.pages) - 1):
        image = render_page(path, index)
        trim, bleed = boxes(reader.pages[index])
        assert crop_mark_hits(image, trim, bleed) == 8
        assert marks_clear_of_the_bleed(image, bleed)


@pytest.mark.parametrize("sector", SECTORS)
def test_padding_is_notes_pages_before_the_back_cover_in_the_print_files(
        built: Path, sector: str) -> None:
    reading = page_texts(built / f"booklet-{sector}.pdf")
    press = page_texts(built / "print" / f"booklet-{sector}-press.pdf")
    padding = -len(reading) % 4
    assert len(press) == len(reading) + padding
    assert press[2:len(reading) - 1] == reading[2:-1] and press[-1] == reading[-1]
    assert press[0] == reading[0]
    assert all(text.strip() == "Aantekeningen" for text in press[len(reading) - 1:-1])
    assert not any(text.strip() == "Aantekeningen" for text in reading)
    assert all(text.strip() for text in press)


@pytest.mark.parametrize("sector", SECTORS)
def test_the_contents_names_the_pages_in_print(built: Path, sector: str) -> None:
    """The notes pages move the back cover (the colophon) in print: the contents of the
    print files says where it is there, the reading PDF's where it is on screen."""
    for path in (built / f"booklet-{sector}.pdf", built / "print" / f"booklet-{sector}-press.pdf"):
        texts = [" ".join(text.split()) for text in page_texts(path)]
        listed = dict(re.findall(r"(Alle links|Colofon) ?(\d+)", texts[1]))
        assert int(listed["Colofon"]) == len(texts), path.name
        assert texts[-1].startswith("Colofon"), path.name
        assert texts[int(listed["Alle links"]) - 1].startswith("Alle links"), path.name
    saddle = page_texts(built / "print" / f"booklet-{sector}-saddle.pdf")
    assert re.search(rf"Colofon ?{2 * len(saddle)}\b", " ".join(" ".join(saddle).split()))


@pytest.mark.parametrize("sector", SECTORS)
def test_the_print_contents_lists_every_entry_at_the_reading_contents_page(built: Path,
                                                                          sector: str) -> None:
    """The contents for print is laid out alone (the body is not laid out again for it):
    its entries and their pages are the reading contents' own, the colophon's aside."""
    reading, press = ([" ".join(text.split()) for text in page_texts(path)][1] for path in
                      (built / f"booklet-{sector}.pdf",
                       built / "print" / f"booklet-{sector}-press.pdf"))
    entries = re.compile(r"([^\d]+?) ?(\d+)(?= |$)")
    listed = {title: entries.findall(text) for title, text in
              (("reading", reading), ("press", press))}
    assert len(listed["reading"]) > 15
    assert [entry for entry in listed["press"] if "Colofon" not in entry[0]] == \
        [entry for entry in listed["reading"] if "Colofon" not in entry[0]]


def test_some_booklet_needs_padding(built: Path) -> None:
    """The test above sees notes pages: not every booklet is a multiple of four already."""
    assert any(len(page_texts(built / f"booklet-{sector}.pdf")) % 4 for sector in SECTORS)


def test_saddle_sheets_bleed_on_the_outside_and_meet_at_the_fold(built: Path) -> None:
    """Sheet 1's front: the back cover on the left, the cover on the right."""
    path = built / "print" / "booklet-mbo-saddle.pdf"
    reader = PdfReader(path)
    image = render_page(path, 0)
    trim, bleed = boxes(reader.pages[0])
    fold = (trim[0] + trim[2]) / 2
    assert trim[2] - trim[0] == pytest.approx(296 * MM, abs=0.01)
    assert [trim[i] - bleed[i] for i in (0, 1)] == pytest.approx([BLEED, BLEED], abs=0.01)
    cover = pixel(image, fold + 20 * MM, trim[3] - 2 * MM)
    assert not close(cover, (255, 255, 255))
    assert close(pixel(image, trim[2] + BLEED / 2, trim[3] - 20 * MM), cover)  # outer side
    assert close(pixel(image, fold + 20 * MM, trim[3] + BLEED / 2), cover)  # head
    assert close(pixel(image, fold - 1, trim[3] - 2 * MM), (255, 255, 255))  # no spill
    assert crop_mark_hits(image, trim, bleed) == 8
    assert marks_clear_of_the_bleed(image, bleed)
    for y in (bleed[1] - OFFSET - LENGTH / 2, bleed[3] + OFFSET + LENGTH / 2):
        assert any(dark(pixel(image, fold + dx, y + dy)) for dx in (-0.5, 0, 0.5)
                   for dy in range(-6, 7)), "no fold mark"
