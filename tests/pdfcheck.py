"""Reading PDFs back the way a person or a printer would: pixels, text, QR codes, boxes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from inspiratiekaart.preflight.checks import fonts_embedded

PREVIEW_ON_FAILURE = Path(__file__).parent / "failures"


@dataclass(frozen=True)
class Decoded:
    page: int
    text: str
    box: tuple[float, float, float, float]
    """Left, top, right, bottom in PDF points from the page's top left."""


def render(pdf_path: Path, page_index: int, dpi: int = 150) -> Image.Image:
    document = pdfium.PdfDocument(str(pdf_path))
    try:
        return document[page_index].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        document.close()


def page_count(pdf_path: Path) -> int:
    document = pdfium.PdfDocument(str(pdf_path))
    try:
        return len(document)
    finally:
        document.close()


def decode_page(pdf_path: Path, page_index: int, dpi: int = 150) -> list[Decoded]:
    """Every QR code zxing-cpp finds on the rendered page."""
    image = render(pdf_path, page_index, dpi)
    found = []
    for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        points = [result.position.top_left, result.position.top_right,
                  result.position.bottom_left, result.position.bottom_right]
        xs, ys = [p.x * 72 / dpi for p in points], [p.y * 72 / dpi for p in points]
        found.append(Decoded(page_index, result.text, (min(xs), min(ys), max(xs), max(ys))))
    return found


def decode_all(pdf_path: Path, dpi: int = 150) -> list[Decoded]:
    return [d for i in range(page_count(pdf_path)) for d in decode_page(pdf_path, i, dpi)]


def page_texts(pdf_path: Path, skip_bottom: float = 0) -> list[str]:
    """The text of every page; ``skip_bottom`` points at the foot (a running footer) left out."""
    document = pdfium.PdfDocument(str(pdf_path))
    try:
        return [page.get_textpage().get_text_bounded(bottom=skip_bottom) for page in document]
    finally:
        document.close()


def without_hyphens(text: str) -> str:
    """``text`` without any hyphen, to find a title or sentence in a page's text wherever a
    line breaks it: pdfium gives a hyphen at a line's end as U+FFFE or U+0002, whether the
    line breaking added it or the word has it."""
    return text.translate(dict.fromkeys(map(ord, "-\ufffe\x02\xad")))


def text_boxes(pdf_path: Path, page_index: int) -> list[tuple[str, tuple[float, ...]]]:
    """Each character with its box (left, bottom, right, top) in PDF points."""
    document = pdfium.PdfDocument(str(pdf_path))
    try:
        textpage = document[page_index].get_textpage()
        return [(textpage.get_text_range(i, 1), textpage.get_charbox(i))
                for i in range(textpage.count_chars())]
    finally:
        document.close()


def unembedded_fonts(reader: PdfReader) -> list[str]:
    """Fonts used without an embedded font program (the preflight's own check, reused)."""
    return fonts_embedded(reader).failures


def outline(reader: PdfReader) -> list[tuple[str, int]]:
    """Every outline entry (nested ones included) with the index of the page it opens."""
    return [(title, page) for _, title, page in outline_levels(reader)]


def outline_levels(reader: PdfReader) -> list[tuple[int, str, int]]:
    """Every outline entry in order: its level (0 at the top), title and page index."""
    found: list[tuple[int, str, int]] = []

    def walk(items, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item)))
    walk(reader.outline, 0)
    return found


def overlapping_text(pdf_path: Path) -> list[tuple[int, str, str]]:
    """(page, text, text) of every two runs of text printed over each other: boxes that
    share more than half the height of the lower one and more than a point of width."""
    document = pdfium.PdfDocument(str(pdf_path))
    found = []
    try:
        for number, page in enumerate(document, 1):
            textpage = page.get_textpage()
            runs = sorted(((textpage.get_rect(i), textpage.get_text_bounded(
                *textpage.get_rect(i)).strip()) for i in range(textpage.count_rects())),
                key=lambda run: run[0][1])
            textpage.close()
            for index, ((left, bottom, right, top), text) in enumerate(runs):
                for (left2, bottom2, right2, top2), text2 in runs[index + 1:]:
                    if bottom2 >= top:
                        break
                    high = min(top, top2) - max(bottom, bottom2)
                    wide = min(right, right2) - max(left, left2)
                    if wide > 1 and high > 0.5 * min(top - bottom, top2 - bottom2) \
                            and text and text2 and text != text2:
                        found.append((number, text, text2))
    finally:
        document.close()
    return found
