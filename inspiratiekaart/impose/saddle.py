"""Saddle-stitched booklet: A5 pages 2-up, printed duplex (short edge), folded once.

Nested sheets: the outer sheet carries the first two and the last two pages, and so on inwards.
Each side is a spread of two pages meeting at the fold; the sheet is larger than the spread
by its bleed and the marks beyond it, so the press can print it and cut it to the spread.
"""

from __future__ import annotations

from pypdf import PageObject, PdfWriter
from reportlab.pdfgen.canvas import Canvas

from .base import (
    A5_PORTRAIT,
    MM,
    SheetLayout,
    Slot,
    composed,
    draw_crop_marks,
    draw_fold_marks,
    marks_form,
    place_marks,
    place_page,
    read_pages,
    trim_of,
)
from .pdfx import PrintFile

Side = tuple[int | None, int | None]


def saddle_order(page_count: int) -> list[Side]:
    """(left, right) 1-based page numbers per sheet side: sheet 1 front, sheet 1 back, …"""
    if page_count <= 0 or page_count % 4:
        raise ValueError(f"a saddle-stitched booklet needs a multiple of 4 pages, got {page_count}")
    sides: list[Side] = []
    for sheet in range(page_count // 4):
        low, high = 2 * sheet + 1, page_count - 2 * sheet
        sides.append((high, low))
        sides.append((low + 1, high - 1))
    return sides


def booklet_layout(margin: float = 0.0) -> SheetLayout:
    """Two A5 portrait pages meeting at the fold (a spread of 296 x 210 mm, A4 landscape
    less 1 mm), on a sheet ``margin`` pt larger all round."""
    width, height = A5_PORTRAIT
    return SheetLayout.side_by_side((2 * width + 2 * margin, height + 2 * margin), A5_PORTRAIT)


def outer_bleed(page: PageObject, bleed: float, left: bool) -> Slot:
    """The page's trim grown by ``bleed`` on the three sides away from the fold."""
    return trim_of(page).grown_sides(bleed if left else 0, bleed, 0 if left else bleed, bleed)


def impose_saddle(booklet_pdf: bytes, title: str = "",
                  pages: list[PageObject] | None = None, bleed_mm: float = 3,
                  offset_mm: float = 3, length_mm: float = 5) -> PrintFile:
    """Impose an A5 booklet for duplex printing (flip on the short edge); the print file,
    to be finished as PDF/X-4.

    Each page keeps ``bleed_mm`` of what it draws beyond its trim on its outer sides; every
    side gets crop marks at the spread's corners and dashed fold marks at the fold's ends,
    from ``offset_mm`` beyond the bleed, ``length_mm`` long. ``pages``, when the caller
    holds them already, are the booklet's pages, made from ``booklet_pdf``: the file is
    then not read again.
    """
    pages = pages if pages is not None else read_pages(booklet_pdf)
    bleed, offset, length = bleed_mm * MM, offset_mm * MM, length_mm * MM
    layout = booklet_layout(bleed + offset + length)
    trim = Slot(layout.slots[0].x, layout.slots[0].y, 2 * layout.slots[0].width,
                layout.slots[0].height)
    bleed_box = trim.grown(bleed)
    writer = PdfWriter()
    marks = marks_form(writer, layout.width, layout.height,
                       lambda c: draw_spread_marks(c, trim, bleed_box, offset, length))
    for side in saddle_order(len(pages)):
        sheet = writer.add_blank_page(layout.width, layout.height)
        sheet.trimbox, sheet.bleedbox = trim.rectangle(), bleed_box.rectangle()
        for slot, number, left in zip(layout.slots, side, (True, False), strict=True):
            if number is not None:
                page = pages[number - 1]
                place_page(sheet, page, slot, clip=outer_bleed(page, bleed, left))
        place_marks(sheet, marks)  # both sides: the shop checks the backs register too
    options = ("saddle", title, *(float(value) for value in (bleed_mm, offset_mm, length_mm)))
    return composed(writer, booklet_pdf, options, title)


def draw_spread_marks(canvas: Canvas, trim: Slot, bleed: Slot, offset: float,
                      length: float) -> None:
    """Crop marks at the spread's corners and fold marks at both ends of its fold."""
    draw_crop_marks(canvas, trim, bleed, offset, length)
    draw_fold_marks(canvas, trim.x + trim.width / 2, bleed, offset, length)
