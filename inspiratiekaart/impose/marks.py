"""Crop marks for the press file: grow each page beyond its bleed and mark the trim corners."""

from __future__ import annotations

from pypdf import PageObject, PdfWriter, Transformation

from .base import MM, Slot, draw_crop_marks, finish, overlay, read_pages, slot_of, trim_of


def bleed_of(page: PageObject, bleed: float) -> Slot:
    """The page's BleedBox, or its trim grown by ``bleed`` pt when it has none."""
    return slot_of(page.bleedbox) if "/BleedBox" in page else trim_of(page).grown(bleed)


def add_crop_marks(press_pdf: bytes, bleed_mm: float = 3, offset_mm: float = 3,
                   length_mm: float = 5) -> bytes:
    """Grow every page by offset + length on each side and draw crop marks at the corners.

    Marks run along the trim lines, from ``offset_mm`` beyond the bleed box, ``length_mm``
    long. ``bleed_mm`` is only used for pages without a BleedBox.
    """
    writer = PdfWriter()
    for page in read_pages(press_pdf):
        add_marked_page(writer, page, bleed_mm * MM, offset_mm * MM, length_mm * MM)
    options = ("crop-marks", *(float(value) for value in (bleed_mm, offset_mm, length_mm)))
    return finish(writer, press_pdf, options)


def add_marked_page(writer: PdfWriter, page: PageObject, bleed: float, offset: float,
                    length: float) -> None:
    """Append ``page`` on a sheet ``offset + length`` pt larger all round, with crop marks."""
    margin = offset + length
    media = slot_of(page.mediabox)
    dx, dy = margin - media.x, margin - media.y
    trim = trim_of(page).shifted(dx, dy)
    bleed_box = bleed_of(page, bleed).shifted(dx, dy)
    sheet = writer.add_blank_page(media.width + 2 * margin, media.height + 2 * margin)
    sheet.merge_transformed_page(page, Transformation().translate(dx, dy))
    sheet.trimbox = trim.rectangle()
    sheet.bleedbox = bleed_box.rectangle()
    width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
    sheet.merge_page(overlay(width, height,
                             lambda c: draw_crop_marks(c, trim, bleed_box, offset, length)))
