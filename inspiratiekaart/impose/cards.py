"""Cards 2-up duplex: card fronts and backs side by side on A4 landscape sheets.

The deck alternates front, back, front, back … Odd output pages hold the fronts of two cards,
even pages their backs, each back placed behind its front for the chosen flip. Two A5
cards fill an A4 sheet to its edges, where no office printer prints: they are set at
the layout's ``office_scale`` (layouts/cards.yaml) so that nothing, cut marks included,
comes within ``PRINTER_MARGIN`` of the edge, and the sheet says so.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from pypdf import PageObject, PdfWriter
from pypdf.generic import IndirectObject
from reportlab.pdfgen.canvas import Canvas

from ..layout import load_layout
from ..render.markup import label, label_lines
from ..render.reportlab_internals import save_identified
from .base import (
    A4_LANDSCAPE,
    A5_PORTRAIT,
    MM,
    SheetLayout,
    check_flip,
    composed,
    draw_cut_marks,
    flips_about_horizontal,
    hairline,
    mark_canvas,
    mark_font,
    marks_form,
    new_sheet,
    place_marks,
    place_page,
    read_pages,
)
from .pdfx import PrintFile

PRINTER_MARGIN = 5 * MM
"""Office printers print nothing this close to the sheet's edge."""
CUT_GAP = 1 * MM
"""Between a cut mark and the card it marks."""
RULER_MM = 10
TARGET_Y = 95 * MM

Card = tuple[PageObject, PageObject]


def office_scale() -> float:
    """The size of the office sheet's cards, as a share of A5."""
    return load_layout("cards").office_scale


def card_layout() -> SheetLayout:
    """Two A5 portrait cards at :func:`office_scale`, side by side, centred on an A4
    landscape sheet."""
    width, height = A5_PORTRAIT
    scale = office_scale()
    return SheetLayout.side_by_side(A4_LANDSCAPE, (width * scale, height * scale))


def cards_of(pages: Sequence[PageObject]) -> list[Card]:
    """Pair the deck's pages into (front, back) cards."""
    if not pages or len(pages) % 2:
        raise ValueError(f"a deck needs a front and a back per card, got {len(pages)} pages")
    return [(pages[i], pages[i + 1]) for i in range(0, len(pages), 2)]


def impose_cards_duplex(deck_pdf: bytes, flip: str = "long",
                        back_offset_mm: tuple[float, float] = (0, 0), title: str = "",
                        pages: list[PageObject] | None = None) -> PrintFile:
    """Impose an A5 deck (front, back, …) 2-up on A4 landscape sheets for duplex printing;
    the print file, to be finished as PDF/X-4.

    ``flip`` is how the printer turns the sheet ("long" or "short" edge); ``back_offset_mm``
    moves every back by (x, y) mm to cancel the printer's duplex misregistration. ``pages``,
    when the caller holds them already, are the deck's pages: the file is not read again.
    """
    check_flip(flip)
    cards = cards_of(pages if pages is not None else read_pages(deck_pdf))
    front = card_layout()
    shift = (float(back_offset_mm[0]) * MM, float(back_offset_mm[1]) * MM)
    writer = PdfWriter()
    marks = marks_form(writer, front.width, front.height,
                       lambda c: draw_sheet_marks(c, front, flip))
    for first in range(0, len(cards), 2):
        add_card_sheet(writer, cards[first:first + 2], flip, shift, marks)
    options = ("cards", flip, tuple(float(value) for value in back_offset_mm), title)
    return composed(writer, deck_pdf, options, title)


def add_card_sheet(writer: PdfWriter, pair: Sequence[Card], flip: str,
                   shift: tuple[float, float], marks: IndirectObject) -> None:
    """Append one sheet: up to two fronts with cut marks, then their backs moved by ``shift``."""
    front = card_layout()
    back = front.flipped(flip)
    front_side = new_sheet(writer, front)
    for slot, (card_front, _) in zip(front.slots, pair, strict=False):
        place_page(front_side, card_front, slot, scale=office_scale())
    place_marks(front_side, marks)
    back_side = new_sheet(writer, back)
    for slot, (_, card_back) in zip(back.slots, pair, strict=False):
        place_page(back_side, card_back, slot, shift, scale=office_scale())


NOTE_INDENT = 6 * MM
"""The sheet's note from the cut mark at the first card's corner (right beside it, the
mark read as a bar before the text)."""


def draw_sheet_marks(canvas: Canvas, layout: SheetLayout, flip: str = "long") -> None:
    """Cut marks in the sheet's margin, and a line above the cards and one below them
    saying how to print and cut it: the cards' size, and the duplex flip the backs are
    placed for (on the other flip every back lands behind the other card)."""
    draw_cut_marks(canvas, layout, PRINTER_MARGIN + CUT_GAP, CUT_GAP)
    width, height, scale = *A5_PORTRAIT, office_scale()
    lines = (label("office_sheet_size", percent=f"{scale * 100:.0f}",
                   width=centimetres(width * scale), height=centimetres(height * scale)),
             label("office_sheet_duplex", flip=flip_name(flip)))
    canvas.setFillColorCMYK(0, 0, 0, 1)
    canvas.setFont(mark_font(), 6)
    x = layout.slots[0].x + NOTE_INDENT
    canvas.drawString(x, layout.height - PRINTER_MARGIN - 6, lines[0])
    canvas.drawString(x, PRINTER_MARGIN + 3, lines[1])


def flip_name(flip: str) -> str:
    """How the sheet's texts name the edge it is turned over (``long``, ``short``)."""
    return load_layout("labels").flip_names[flip]


def centimetres(length: float) -> str:
    """``length`` (in points) in centimetres to a tenth, with the labels' decimal mark."""
    return f"{length / (10 * MM):.1f}".replace(".", load_layout("labels").decimal_mark)


def alignment_targets() -> list[tuple[float, float]]:
    """Where the rulers sit on the alignment sheet's front: above each card's centre, in pt."""
    return [(slot.x + slot.width / 2, TARGET_Y) for slot in card_layout().slots]


def mirrored_point(x: float, y: float, flip: str) -> tuple[float, float]:
    """Where the back side holds the point that lies at (x, y) on the front side."""
    width, height = A4_LANDSCAPE
    if flips_about_horizontal(width, height, flip):
        return x, height - y
    return width - x, y


def ruler_signs(flip: str) -> tuple[int, int]:
    """Signs that turn a seen displacement of the back into the --back-offset to give.

    A back printed off by e shows through at M·e on the front (M mirrors one axis); the
    correction is −e = −M·d for a seen displacement d.
    """
    return (-1, 1) if flips_about_horizontal(*A4_LANDSCAPE, flip) else (1, -1)


def alignment_sheet(flip: str = "long") -> bytes:
    """A two-page A4 landscape test sheet: rulers on the front, mirrored targets on the back."""
    check_flip(flip)
    buffer = io.BytesIO()
    canvas = mark_canvas(buffer, A4_LANDSCAPE, label("alignment_title", flip=flip_name(flip)))
    canvas.setTrimBox((0, 0, *A4_LANDSCAPE))
    draw_instructions(canvas, flip)
    for x, y in alignment_targets():
        draw_ruler(canvas, x, y, ruler_signs(flip))
    canvas.showPage()
    for x, y in alignment_targets():
        draw_target(canvas, *mirrored_point(x, y, flip))
    draw_back_note(canvas, flip)
    canvas.showPage()
    save_identified(canvas, buffer)
    return buffer.getvalue()


def draw_instructions(canvas: Canvas, flip: str) -> None:
    """The how-to at the top of the alignment sheet's front (layouts/labels.yaml)."""
    lines = label_lines("alignment_instructions", flip=flip_name(flip))
    canvas.setFillColorCMYK(0, 0, 0, 1)
    canvas.setFont(mark_font(), 14)
    canvas.drawString(15 * MM, 190 * MM, label("alignment_title", flip=flip_name(flip)))
    canvas.setFont(mark_font(), 10)
    for index, line in enumerate(lines):
        canvas.drawString(15 * MM, (180 - 6 * index) * MM, line)


def draw_ruler(canvas: Canvas, x: float, y: float, signs: tuple[int, int]) -> None:
    """A millimetre ruler cross centred on (x, y), labelled with the offset to give."""
    hairline(canvas)
    reach = RULER_MM * MM
    canvas.line(x - reach, y, x + reach, y)
    canvas.line(x, y - reach, x, y + reach)
    canvas.setFont(mark_font(), 6)
    for step in range(-RULER_MM, RULER_MM + 1):
        if step == 0:
            continue
        tick = (1.5 if step % 5 == 0 else 0.75) * MM
        canvas.line(x + step * MM, y - tick, x + step * MM, y + tick)
        canvas.line(x - tick, y + step * MM, x + tick, y + step * MM)
        if step % 5 == 0:
            canvas.drawCentredString(x + step * MM, y + 2 * MM, f"{signs[0] * step:g}")
            canvas.drawRightString(x - 2.5 * MM, y + step * MM - 0.8 * MM, f"{signs[1] * step:g}")
    canvas.drawString(x + reach + 2 * MM, y - 0.8 * MM, "X")
    canvas.drawCentredString(x, y + reach + 2 * MM, "Y")


def draw_target(canvas: Canvas, x: float, y: float) -> None:
    """A bold circle and cross centred on (x, y): what shows through from the back."""
    canvas.setLineWidth(0.6)
    canvas.setStrokeColorCMYK(0, 0, 0, 1)
    canvas.circle(x, y, 2.5 * MM)
    canvas.line(x - 5 * MM, y, x + 5 * MM, y)
    canvas.line(x, y - 5 * MM, x, y + 5 * MM)


def draw_back_note(canvas: Canvas, flip: str) -> None:
    """A one-line label so the back is recognisable, behind an empty corner of the front."""
    canvas.setFillColorCMYK(0, 0, 0, 1)
    canvas.setFont(mark_font(), 10)
    _, y = mirrored_point(0, 15 * MM, flip)
    canvas.drawString(15 * MM, y, label("alignment_back"))
