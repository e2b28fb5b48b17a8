"""A booklet's print files: single pages with bleed and crop marks, and saddle-stitch sheets.

Both are padded to a multiple of four pages with notes pages (a heading and ruled lines in
the booklet's own layout) before the last page, which stays the back cover. The reading
PDF has no padding; the notes pages carry no number, so the printed numbers still run, and
the contents page of the pages to print names the back cover's page in print
(:func:`printed_length`).
"""

from __future__ import annotations

import io

from pypdf import PageObject, PdfReader
from reportlab.pdfgen.canvas import Canvas

from ..layout import MM, Spec
from ..render.fonts import font_for
from ..render.markup import label
from ..render.reportlab_internals import save_identified
from ..render.styles import colour
from .base import mark_canvas, trim_of
from .marks import add_crop_marks
from .pdfx import PrintFile
from .saddle import impose_saddle

NOTES_LINE_SPACING = 8 * MM


def printed_length(pages: int) -> int:
    """How many pages a booklet of ``pages`` has in print: the next multiple of four."""
    return pages + -pages % 4


def booklet_print_files(booklet_pdf: bytes, pages: list[PageObject], title: str,
                        layout: Spec) -> tuple[PrintFile, PrintFile]:
    """The press file and the saddle-stitch file of a booklet laid out with ``layout``, to
    be finished as PDF/X-4.

    ``pages`` are the booklet's pages to print (trimmed, the cover drawing into its bleed
    beyond them), read from ``booklet_pdf``; ``layout`` gives the bleed and the look of
    the notes pages.
    """
    padded, notes = padded_with_notes(pages, layout)
    source = booklet_pdf + notes  # what the pages come from: the files' identity follows it
    bleed_mm = layout.bleed / MM
    press = add_crop_marks(source, bleed_mm=bleed_mm, title=title, pages=padded)
    saddle = impose_saddle(source, title=title, pages=padded, bleed_mm=bleed_mm)
    return press, saddle


def padded_with_notes(pages: list[PageObject], layout: Spec) -> tuple[list[PageObject], bytes]:
    """``pages`` with as many notes pages before the back cover (the last page) as make a
    multiple of four, and the PDF the notes pages are read from (empty when none is needed)."""
    missing = printed_length(len(pages)) - len(pages)
    if not missing:
        return list(pages), b""
    trim = trim_of(pages[-1])
    notes = notes_pdf(missing, (trim.width, trim.height), layout)
    return [*pages[:-1], *PdfReader(io.BytesIO(notes)).pages, pages[-1]], notes


def notes_pdf(count: int, size: tuple[float, float], layout: Spec) -> bytes:
    """``count`` notes pages of ``size`` pt, each with its TrimBox."""
    buffer = io.BytesIO()
    canvas = mark_canvas(buffer, size, label("notes_title"))
    canvas.setTrimBox((0, 0, *size))
    for _ in range(count):
        draw_notes_page(canvas, size, layout)
        canvas.showPage()
    save_identified(canvas, buffer)
    return buffer.getvalue()


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
    canvas.setLineWidth(layout.rule_width)
    y = baseline - style.leading - NOTES_LINE_SPACING
    while y >= page.bottom:
        canvas.line(page.inner, y, right, y)
        y -= NOTES_LINE_SPACING
