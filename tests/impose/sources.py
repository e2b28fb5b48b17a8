"""Small source PDFs for the imposition tests, and readers for what landed where."""

from __future__ import annotations

import ctypes
import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pypdfium2
from PIL import Image
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import RectangleObject
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from inspiratiekaart.impose.pdfx import PrintFile, finish_pdfx, output_intent

MM = 72 / 25.4
TRIM = (148 * MM, 210 * MM)
LATO = Path(__file__).resolve().parents[2] / "fonts" / "lato" / "Lato-Regular.ttf"
FONT = "impose-test-lato"
ANCHOR_LOW = (10 * MM, 10 * MM)  # label origin from the trim's lower-left corner
ANCHOR_HIGH = (30 * MM, 20 * MM)  # label origin back from the trim's upper-right corner


@dataclass(frozen=True)
class Rect:
    """A measured rectangle, in pt."""

    x: float
    y: float
    width: float
    height: float


@cache
def font() -> str:
    pdfmetrics.registerFont(TTFont(FONT, str(LATO)))
    return FONT


def make_pdf(count: int, draw: Callable[[Canvas, int], None], bleed_mm: float = 3) -> bytes:
    """``count`` A5 pages with ``bleed_mm`` bleed (MediaBox = BleedBox), drawn by ``draw``."""
    bleed = bleed_mm * MM
    size = (TRIM[0] + 2 * bleed, TRIM[1] + 2 * bleed)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, invariant=1, initialFontName=font())
    for number in range(1, count + 1):
        canvas.translate(bleed, bleed)
        draw(canvas, number)
        canvas.showPage()
    canvas.save()
    return with_boxes(buffer.getvalue(), bleed)


def with_boxes(pdf: bytes, bleed: float) -> bytes:
    """Set TrimBox (bleed inside the MediaBox) and BleedBox (= MediaBox) on every page."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        page.trimbox = RectangleObject((bleed, bleed, width - bleed, height - bleed))
        page.bleedbox = RectangleObject((0, 0, width, height))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def fill_bleed(canvas: Canvas, bleed: float, rgb: tuple[float, float, float]) -> None:
    """Fill the whole page, bleed included (origin already at the trim corner)."""
    canvas.setFillColorRGB(*rgb)
    canvas.rect(-bleed, -bleed, TRIM[0] + 2 * bleed, TRIM[1] + 2 * bleed, stroke=0, fill=1)


def draw_number(canvas: Canvas, number: int) -> None:
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(font(), 96)
    canvas.drawCentredString(TRIM[0] / 2, TRIM[1] / 2, str(number))


def booklet(count: int) -> bytes:
    """A booklet: pale bleed, page number, a link on page 1."""
    def draw(canvas: Canvas, number: int) -> None:
        fill_bleed(canvas, 3 * MM, (0.9, 0.95, 1))
        draw_number(canvas, number)
        if number == 1:
            canvas.linkURL("https://example.org/", (20, 20, 100, 40), relative=1)
    return make_pdf(count, draw)


def card_label(number: int) -> str:
    """F1, B1, F2, … for deck pages 1, 2, 3, …"""
    return f"{'F' if number % 2 else 'B'}{(number + 1) // 2}"


CARD_COLOURS = ((1, 0.8, 0.8), (0.8, 1, 0.8))  # odd cards red, even cards green


def deck(cards: int) -> bytes:
    """A deck: front, back per card, each with its label at two known anchors."""
    def draw(canvas: Canvas, number: int) -> None:
        card = (number + 1) // 2
        fill_bleed(canvas, 3 * MM, CARD_COLOURS[(card - 1) % 2])
        draw_number(canvas, number)
        canvas.setFont(font(), 14)
        canvas.drawString(*ANCHOR_LOW, card_label(number))
        canvas.drawString(TRIM[0] - ANCHOR_HIGH[0], TRIM[1] - ANCHOR_HIGH[1], card_label(number))
    return make_pdf(2 * cards, draw)


def press(count: int) -> bytes:
    """A press file: page fill all the way into the bleed, page number."""
    def draw(canvas: Canvas, number: int) -> None:
        fill_bleed(canvas, 3 * MM, (1, 0.95, 0.8))
        draw_number(canvas, number)
    return make_pdf(count, draw)


def written(file: PrintFile) -> bytes:
    """An imposition's print file as the build writes it: finished as PDF/X-4."""
    return finish_pdfx(file, output_intent(), "proef")


class Sheet:
    """One page of a PDF: pypdf's view of it, and its bytes for pdfium's reading of text."""

    def __init__(self, pdf: bytes, index: int, page: PageObject) -> None:
        self.pdf, self.index, self.page = pdf, index, page

    def __getattr__(self, name: str) -> object:
        return getattr(self.page, name)

    def __getitem__(self, key: str) -> object:
        return self.page[key]

    def __contains__(self, key: str) -> bool:
        return key in self.page


def pages_of(pdf: bytes) -> list[Sheet]:
    return [Sheet(pdf, i, page) for i, page in enumerate(PdfReader(io.BytesIO(pdf)).pages)]


def text_origins(sheet: Sheet) -> list[tuple[str, float, float]]:
    """Each text run on the page with the origin it was drawn at, in page space.

    Read with pdfium, which applies every transformation, forms' included.
    """
    document = pypdfium2.PdfDocument(sheet.pdf)
    try:
        textpage = document[sheet.index].get_textpage()
        runs: list[tuple[str, float, float]] = []
        current, start, last_x = "", (0.0, 0.0), None
        for index in range(textpage.count_chars()):
            char = textpage.get_text_range(index, 1)
            x, y = ctypes.c_double(), ctypes.c_double()
            pypdfium2.raw.FPDFText_GetCharOrigin(textpage.raw, index, x, y)
            if char.isspace() or (last_x is not None and abs(x.value - last_x) > 60):
                if current:
                    runs.append((current, *start))
                current, last_x = "", None
                if char.isspace():
                    continue
            if not current:
                start = (x.value, y.value)
            current += char
            last_x = x.value
        if current:
            runs.append((current, *start))
        return runs
    finally:
        document.close()


def card_rects(page: PageObject) -> dict[str, Rect]:
    """Label -> the card's trim rectangle, measured from the two labels drawn on it."""
    anchors: dict[str, list[tuple[float, float]]] = {}
    for text, x, y in text_origins(page):
        if text[0] in "FB" and text[1:].isdigit():
            anchors.setdefault(text, []).append((x, y))
    rects = {}
    apart = TRIM[0] - ANCHOR_HIGH[0] - ANCHOR_LOW[0]  # between the anchors on the card
    for label, points in anchors.items():
        (x0, y0), (x1, y1) = sorted(points)
        scale = (x1 - x0) / apart  # the card may be set smaller than it is
        left, bottom = x0 - scale * ANCHOR_LOW[0], y0 - scale * ANCHOR_LOW[1]
        right, top = x1 + scale * ANCHOR_HIGH[0], y1 + scale * ANCHOR_HIGH[1]
        rects[label] = Rect(left, bottom, right - left, top - bottom)
    return rects


def render(pdf: bytes, index: int, dpi: float) -> Image.Image:
    """Page ``index`` as an RGB PIL image at ``dpi``."""
    document = pypdfium2.PdfDocument(pdf)
    return document[index].render(scale=dpi / 72).to_pil().convert("RGB")
