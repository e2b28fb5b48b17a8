"""Saddle-stitched booklet: A5 pages 2-up on A4 landscape, printed duplex (short edge), folded once.

Nested sheets: the outer sheet carries the first two and the last two pages, and so on inwards.
"""

from __future__ import annotations

from pypdf import PageObject, PdfWriter

from .base import (
    A4_LANDSCAPE,
    A5_PORTRAIT,
    MM,
    SheetLayout,
    draw_fold_marks,
    finish,
    new_sheet,
    overlay,
    place_page,
    read_pages,
    title_metadata,
)

FOLD_TICK = 6 * MM

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


def booklet_layout() -> SheetLayout:
    """Two A5 portrait pages meeting at the fold in the middle of an A4 landscape sheet."""
    return SheetLayout.side_by_side(A4_LANDSCAPE, A5_PORTRAIT)


def impose_saddle(booklet_pdf: bytes, title: str = "",
                  pages: list[PageObject] | None = None) -> bytes:
    """Impose an A5 booklet for duplex printing (flip on the short edge), fold marks on fronts.

    ``pages``, when the caller holds them already, are the booklet's pages: the file is then
    not read again.
    """
    pages = pages if pages is not None else read_pages(booklet_pdf)
    padding = -len(pages) % 4  # blank pages before the back cover
    pages = [*pages[:-1], *([None] * padding), pages[-1]] if padding else pages
    layout = booklet_layout()
    fold = overlay(layout.width, layout.height,
                   lambda c: draw_fold_marks(c, layout.width / 2, layout.height, FOLD_TICK))
    writer = PdfWriter()
    for index, side in enumerate(saddle_order(len(pages))):
        sheet = new_sheet(writer, layout)
        for slot, number in zip(layout.slots, side, strict=True):
            if number is not None and pages[number - 1] is not None:
                place_page(sheet, pages[number - 1], slot)
        if index % 2 == 0:
            sheet.merge_page(fold)
    return finish(writer, booklet_pdf, ("saddle", title), title_metadata(title))
