"""Crop marks for press files: each page on a sheet beyond its bleed, marks at the trim corners."""

from __future__ import annotations

from pypdf import PageObject, PdfWriter
from pypdf.generic import IndirectObject

from .base import (
    MM,
    Slot,
    composed,
    draw_crop_marks,
    marks_form,
    place_marks,
    place_page,
    read_pages,
    slot_of,
    trim_of,
)
from .pdfx import PrintFile

MarkForms = dict[tuple[Slot, Slot], IndirectObject]
"""The crop marks drawn so far: (sheet, trim on it) → their form."""


def bleed_of(page: PageObject, bleed: float) -> Slot:
    """The page's BleedBox, or its trim grown by ``bleed`` pt when it has none."""
    return slot_of(page.bleedbox) if "/BleedBox" in page else trim_of(page).grown(bleed)


def add_crop_marks(press_pdf: bytes, bleed_mm: float = 3, offset_mm: float = 3,
                   length_mm: float = 5, title: str = "",
                   pages: list[PageObject] | None = None) -> PrintFile:
    """Put every page on a sheet ``offset + length`` larger all round than its bleed, with
    crop marks at the corners; the print file, to be finished as PDF/X-4.

    Marks run along the trim lines, from ``offset_mm`` beyond the bleed box, ``length_mm``
    long. A page without a BleedBox bleeds ``bleed_mm``: whatever it draws that far beyond
    its trim is kept, beyond its MediaBox too (a booklet's cover runs into it). ``pages``,
    when the caller holds them already, are the pages to mark, made from ``press_pdf``:
    the file is not read again.
    """
    writer, forms = PdfWriter(), {}
    for page in pages if pages is not None else read_pages(press_pdf):
        add_marked_page(writer, page, bleed_mm * MM, offset_mm * MM, length_mm * MM, forms)
    options = ("crop-marks", *(float(value) for value in (bleed_mm, offset_mm, length_mm)),
               title, len(writer.pages))
    return composed(writer, press_pdf, options, title)


def add_marked_page(writer: PdfWriter, page: PageObject, bleed: float, offset: float,
                    length: float, forms: MarkForms) -> None:
    """Append ``page`` on a sheet ``offset + length`` pt larger all round than its bleed,
    with crop marks: drawn once for each size of sheet and trim, kept in ``forms``."""
    margin = offset + length
    bleed_box = bleed_of(page, bleed)
    sheet = writer.add_blank_page(bleed_box.width + 2 * margin, bleed_box.height + 2 * margin)
    dx, dy = margin - bleed_box.x, margin - bleed_box.y
    trim, bleed_on_sheet = trim_of(page).shifted(dx, dy), bleed_box.shifted(dx, dy)
    place_page(sheet, page, trim, clip=bleed_box)
    sheet.trimbox = trim.rectangle()
    sheet.bleedbox = bleed_on_sheet.rectangle()
    size = Slot(0, 0, float(sheet.mediabox.width), float(sheet.mediabox.height))
    if (size, trim) not in forms:
        forms[size, trim] = marks_form(writer, size.width, size.height, lambda c: draw_crop_marks(
            c, trim, bleed_on_sheet, offset, length))
    place_marks(sheet, forms[size, trim])
