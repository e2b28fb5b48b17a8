"""A booklet's print files: single pages with bleed and crop marks, and saddle-stitch sheets.

Both are padded to a multiple of four pages with notes pages (a heading and ruled lines in
the booklet's own layout) before the last page, which stays the back cover. The reading
PDF has no padding; the notes pages carry no number, so the printed numbers still run.
"""

from __future__ import annotations

import io

from pypdf import PageObject, PdfReader
from reportlab.pdfgen.canvas import Canvas

from ..layout import MM, Spec
from ..render.fonts import font_for
from ..render.markup import label
from ..render.styles import colour
from .base import mark_canvas, trim_of
from .marks import add_crop_marks
from .saddle import impose_saddle

NOTES_LINE_SPACING = 8 * MM
NOTES_LINE_WIDTH = 0.5


def booklet_print_files(booklet_pdf: bytes, pages: list[PageObject], title: str,
                        layout: Spec) -> tuple[bytes, bytes]:
    """The press file and the saddle-stitch file of a booklet laid out with ``layout``.

    ``pages`` are the booklet's pages (trimmed, the cover drawing into its bleed beyond
    them); ``layout`` gives the bleed and the look of the notes pages.
    """
    padded = padded_with_notes(pages, layout)
    bleed_mm = layout.bleed / MM
    press = add_crop_marks(booklet_pdf, bleed_mm=bleed_mm, title=title, pages=padded)
    saddle = impose_saddle(booklet_pdf, title=title, pages=padded, bleed_mm=bleed_mm)
    return press, saddle


def padded_with_notes(pages: list[PageObject], layout: Spec) -> list[PageObject]:
    """``pages`` with as many notes pages before the back cover (the last page) as make a
    multiple of four."""
    missing = -len(pages) % 4
    if not missing:
        return list(pages)
    trim = trim_of(pages[-1])
    return [*pages[:-1], *notes_pages(missing, (trim.width, trim.height), layout), pages[-1]]


def notes_pages(count: int, size: tuple[float, float], layout: Spec) -> list[PageObject]:
    """``count`` notes pages of ``size`` pt, each with its TrimBox."""
    buffer = io.BytesIO()
    canvas = mark_canvas(buffer, size)
    canvas.setTitle(label("notes_title"))
    canvas.setTrimBox((0, 0, *size))
    for _ in range(count):
        draw_notes_page(canvas, size, layout)
        canvas.showPage()
    canvas.save()
    return list(PdfReader(io.BytesIO(buffer.getvalue())).pages)


def draw_notes_page(canvas: Canvas, size: tuple[float, float], layout: Spec) -> None:
    """The heading as a chapter's, then ruled lines across the text and margin columns."""
    page, style = layout.page, layout.styles.chapter_title
    _, height = size
    right = page.inner + page.body_width + page.gutter + page.margin_column
    baseline = height - page.top - style.size
    canvas.setFillColor(colour(layout.colours.text))
    canvas.setFont(font_for(style.family, style.get("bold", False)), style.size)
    canvas.drawString(page.inner, baseline, label("notes_title"))
    canvas.setStrokeColor(colour(layout.colours.rule))
    canvas.setLineWidth(NOTES_LINE_WIDTH)
    y = baseline - style.leading - NOTES_LINE_SPACING
    while y >= page.bottom:
        canvas.line(page.inner, y, right, y)
        y -= NOTES_LINE_SPACING
