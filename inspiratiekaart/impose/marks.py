"""Crop marks for press files: each page on a sheet beyond its bleed, marks at the trim corners."""

from __future__ import annotations

from pypdf import PageObject, PdfWriter

from .base import (
    MM,
    Slot,
    draw_crop_marks,
    finish,
    overlay,
    place_page,
    read_pages,
    slot_of,
    title_metadata,
    trim_of,
)


def bleed_of(page: PageObject, bleed: float) -> Slot:
    """The page's BleedBox, or its trim grown by ``bleed`` pt when it has none."""
    return slot_of(page.bleedbox) if "/BleedBox" in page else trim_of(page).grown(bleed)


def add_crop_marks(press_pdf: bytes, bleed_mm: float = 3, offset_mm: float = 3,
                   length_mm: float = 5, title: str = "",
                   pages: list[PageObject] | None = None) -> bytes:
    """Put every page on a sheet ``offset + length`` larger all round than its bleed, with
    crop marks at the corners.

    Marks run along the trim lines, from ``offset_mm`` beyond the bleed box, ``length_mm``
    long. A page without a BleedBox bleeds ``bleed_mm``: whatever it draws that far beyond
    its trim is kept, beyond its MediaBox too (a booklet's cover runs into it). ``pages``,
    when the caller holds them already, are the pages to mark: the file is not read again.
    """
    writer = PdfWriter()
    for page in pages if pages is not None else read_pages(press_pdf):
        add_marked_page(writer, page, bleed_mm * MM, offset_mm * MM, length_mm * MM)
    options = ("crop-marks", *(float(value) for value in (bleed_mm, offset_mm, length_mm)),
               title, len(writer.pages))
    return finish(writer, press_pdf, options, title_metadata(title))


def add_marked_page(writer: PdfWriter, page: PageObject, bleed: float, offset: float,
                    length: float) -> None:
    """Append ``page`` on a sheet ``offset + length`` pt larger all round than its bleed,
    with crop marks."""
    margin = offset + length
    bleed_box = bleed_of(page, bleed)
    sheet = writer.add_blank_page(bleed_box.width + 2 * margin, bleed_box.height + 2 * margin)
    dx, dy = margin - bleed_box.x, margin - bleed_box.y
    trim, bleed_on_sheet = trim_of(page).shifted(dx, dy), bleed_box.shifted(dx, dy)
    place_page(sheet, page, trim, clip=bleed_box)
    sheet.trimbox = trim.rectangle()
    sheet.bleedbox = bleed_on_sheet.rectangle()
    width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
    sheet.merge_page(overlay(width, height,
                             lambda c: draw_crop_marks(c, trim, bleed_on_sheet, offset, length)))
