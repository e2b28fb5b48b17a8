"""Crop marks: the page grows, boxes stay consistent, no mark touches the bleed; the marks
of pages of one size are drawn once."""

from __future__ import annotations

import io
import math

import pytest
from PIL import Image
from pypdf import PageObject, PdfReader
from pypdf.generic import ContentStream

from inspiratiekaart.impose import add_crop_marks

from .sources import MM, Sheet, make_pdf, pages_of, press, render, text_origins, written

DPI = 300


def box_mm(box: object) -> list[float]:
    return [round(float(value) / MM, 3) for value in box]


@pytest.fixture(scope="module")
def marked() -> bytes:
    return written(add_crop_marks(press(2)))


def test_media_box_grows_by_offset_and_length(marked: bytes) -> None:
    for page in pages_of(marked):
        assert box_mm(page.mediabox) == [0, 0, 154 + 16, 216 + 16]
        assert box_mm(page.trimbox) == [11, 11, 159, 221]
        assert box_mm(page.bleedbox) == [8, 8, 162, 224]


def test_other_offsets() -> None:
    page = pages_of(written(add_crop_marks(press(1), offset_mm=2, length_mm=4)))[0]
    assert box_mm(page.mediabox) == [0, 0, 154 + 12, 216 + 12]
    assert box_mm(page.trimbox) == [9, 9, 157, 219]


def test_content_keeps_its_place_on_the_trim(marked: bytes) -> None:
    source, = (page for page in pages_of(press(2))[:1])
    result = pages_of(marked)[0]
    (_, x0, y0), = text_origins(source)
    (_, x1, y1), = text_origins(result)
    assert x1 - float(result.trimbox.left) == pytest.approx(x0 - float(source.trimbox.left))
    assert y1 - float(result.trimbox.bottom) == pytest.approx(y0 - float(source.trimbox.bottom))


def to_px(value_mm: float) -> float:
    return value_mm * DPI / 25.4


def darkness(image: Image.Image, x_mm: float, y_mm: float) -> int:
    """255 minus the darkest channel of the pixel at (x, y) mm, y measured from the bottom."""
    pixel = image.getpixel((int(to_px(x_mm)), int(image.height - to_px(y_mm))))
    return 255 - min(pixel)


def test_no_mark_between_bleed_and_mark_start(marked: bytes) -> None:
    image = render(marked, 0, DPI)
    step = 0.1
    bleed_left, bleed_bottom, bleed_right, bleed_top = 8, 8, 162, 224
    gap = 3 - 0.15  # the offset, less a hairline's antialiasing
    ring = []
    for i in range(round((bleed_right - bleed_left + 2 * gap) / step)):
        x = bleed_left - gap + i * step
        ring += [(x, bleed_bottom - d) for d in (0.25, gap / 2, gap)]
        ring += [(x, bleed_top + d) for d in (0.25, gap / 2, gap)]
    for i in range(round((bleed_top - bleed_bottom + 2 * gap) / step)):
        y = bleed_bottom - gap + i * step
        ring += [(bleed_left - d, y) for d in (0.25, gap / 2, gap)]
        ring += [(bleed_right + d, y) for d in (0.25, gap / 2, gap)]
    assert max(darkness(image, x, y) for x, y in ring) < 10


def test_marks_along_trim_lines_beyond_the_offset(marked: bytes) -> None:
    image = render(marked, 0, DPI)
    for x in (11, 159):
        for y in (8 - 3 - 2.5, 224 + 3 + 2.5):
            assert max(darkness(image, x + dx, y) for dx in (-0.05, 0, 0.05)) > 80
    for y in (11, 221):
        for x in (8 - 3 - 2.5, 162 + 3 + 2.5):
            assert max(darkness(image, x, y + dy) for dy in (-0.05, 0, 0.05)) > 80


Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


def stroked_segments(page: PageObject) -> list[tuple[float, float, float, float]]:
    """Every straight segment (x0, y0, x1, y1) drawn with ``m`` … ``l`` on the page or in
    a form it draws, in page space (pt)."""
    return segments_in(page.get_contents(), page["/Resources"], IDENTITY, page)


def segments_in(contents: object, resources: object, ctm: Matrix,
                page: PageObject) -> list[tuple[float, float, float, float]]:
    segments, start, saved = [], (0.0, 0.0), []
    for operands, operator in ContentStream(contents, page.pdf).operations:
        if operator == b"q":
            saved.append(ctm)
        elif operator == b"Q":
            ctm = saved.pop()
        elif operator == b"cm":
            ctm = multiply(tuple(float(value) for value in operands), ctm)
        elif operator == b"Do":
            form = resources.get_object()["/XObject"][operands[0]].get_object()
            segments += segments_in(form, form.get("/Resources", {}), ctm, page)
        elif operator == b"m":
            start = apply(ctm, operands)
        elif operator == b"l":
            end = apply(ctm, operands)
            segments.append((*start, *end))
            start = end
    return segments


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n``, as PDF concatenates matrices."""
    a, b, c, d, e, f = m
    return (a * n[0] + b * n[2], a * n[1] + b * n[3], c * n[0] + d * n[2],
            c * n[1] + d * n[3], e * n[0] + f * n[2] + n[4], e * n[1] + f * n[3] + n[5])


def apply(ctm: Matrix, operands: list) -> tuple[float, float]:
    x, y = float(operands[0]), float(operands[1])
    return (ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5])


@pytest.mark.parametrize(("offset", "length"), [(3, 5), (2, 4)])
def test_mark_paths_start_offset_beyond_the_bleed(offset: float, length: float) -> None:
    page = pages_of(written(add_crop_marks(press(1), offset_mm=offset, length_mm=length)))[0]
    bleed = [float(value) for value in page.bleedbox]
    trim = [float(value) for value in page.trimbox]
    segments = stroked_segments(page)
    assert len(segments) == 8
    for x0, y0, x1, y1 in segments:
        assert math.hypot(x1 - x0, y1 - y0) == pytest.approx(length * MM, abs=1e-3)
        for x, y in ((x0, y0), (x1, y1)):
            outside = max(bleed[0] - x, x - bleed[2], bleed[1] - y, y - bleed[3])
            assert outside >= offset * MM - 1e-3
        vertical = x0 == pytest.approx(x1)
        along = x0 if vertical else y0
        lines = (trim[0], trim[2]) if vertical else (trim[1], trim[3])
        assert min(abs(along - line) for line in lines) < 1e-3


def test_bleed_content_kept(marked: bytes) -> None:
    image = render(marked, 0, DPI)
    assert darkness(image, 8.5, 100) > 20
    assert darkness(image, 161.5, 223.5) > 20


def forms_with_marks(page: Sheet) -> set[int]:
    """The objects of the forms the sheet draws that stroke lines (its marks)."""
    found = set()
    for reference in page["/Resources"]["/XObject"].values():
        form = reference.get_object()
        if any(operator == b"S" for _, operator in ContentStream(form, page.pdf).operations):
            found.add(reference.idnum)
    return found


def test_marks_are_drawn_once_for_every_page_of_a_size() -> None:
    """Pages of one size share their marks; a page of another size has its own."""
    pages = [*PdfReader(io.BytesIO(press(3))).pages,
             *PdfReader(io.BytesIO(make_pdf(1, lambda canvas, number: None, 5))).pages]
    sheets = pages_of(written(add_crop_marks(b"", pages=pages)))
    forms = [forms_with_marks(sheet) for sheet in sheets]
    assert all(len(found) == 1 for found in forms)
    assert forms[0] == forms[1] == forms[2] != forms[3]
    assert len(stroked_segments(sheets[3])) == 8
