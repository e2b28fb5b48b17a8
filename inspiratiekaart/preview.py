"""Pages as pictures, for people who would rather look than read: every PDF as one PNG
contact sheet (``--preview``), and each page as a screen image (``serve``)."""

from __future__ import annotations

import io
from collections.abc import Collection
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from .cache import digest
from .layout import load_layout
from .output import record_outputs, write_atomic

SCREEN_DPI = 96
"""The resolution of a page shown on screen: a CSS pixel is 1/96 inch."""


def contact_sheet(pdf: Path, pairs: bool) -> bytes:
    """All pages as thumbnails; with ``pairs``, front and back of a card side by side."""
    spec = load_layout("preview")
    document = pdfium.PdfDocument(str(pdf))
    try:
        thumbs = [_thumbnail(page, spec.thumbnail_height) for page in document]
    finally:
        document.close()
    columns = spec.columns - spec.columns % 2 if pairs else spec.columns
    gap, width, height = spec.gap, max(t.width for t in thumbs), max(t.height for t in thumbs)
    pair_gap = gap if pairs else 0  # a wider gap between cards than between front and back

    def left(column: int) -> int:
        return gap + column * (width + gap) + (column // 2) * pair_gap

    rows = -(-len(thumbs) // columns)
    sheet = Image.new("RGB", (left(columns), gap + rows * (height + gap)),
                      tuple(spec.background))
    for index, thumb in enumerate(thumbs):
        row, column = divmod(index, columns)
        sheet.paste(thumb, (left(column), gap + row * (height + gap)))
    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _thumbnail(page, height: int) -> Image.Image:
    scale = height / page.get_height()
    return page.render(scale=scale).to_pil().convert("RGB")


def write_previews(out_dir: Path, written: list[Path], card_sides: Collection[Path] = ()
                   ) -> list[Path]:
    """One contact sheet per PDF written, under ``out_dir/preview/`` (in the manifest); a
    PDF of ``card_sides`` (its pages cards' fronts and backs in turn) shows them in pairs."""
    pdfs = sorted(p for p in written if p.suffix == ".pdf")
    targets = [out_dir / "preview" / pdf.relative_to(out_dir).with_suffix(".png") for pdf in pdfs]
    record_outputs(out_dir, targets)  # before writing: a temporary file left is ours
    for pdf, target in zip(pdfs, targets, strict=True):
        write_atomic(target, contact_sheet(pdf, pairs=pdf in card_sides))
    return targets


def screen_bitmap(page: pdfium.PdfPage, grey: bool = False) -> pdfium.PdfBitmap:
    """The page as a screen shows it, at :data:`SCREEN_DPI` (in shades of grey: one byte a
    pixel to fill and to read instead of three)."""
    return page.render(scale=SCREEN_DPI / 72, grayscale=grey)


def fingerprint(page: pdfium.PdfPage) -> str:
    """A digest of the page's pixels on screen, in shades of grey (a third of the bytes
    of colour to fill and to hash): any change of what it shows changes it, except a
    colour changed to another of the same grey."""
    bitmap = screen_bitmap(page, grey=True)
    return digest(f"{bitmap.width}x{bitmap.height}:".encode(), memoryview(bitmap.buffer))


def page_fingerprints(pdf: bytes) -> tuple[str, ...]:
    """The fingerprint of every page of ``pdf``, in page order."""
    document = pdfium.PdfDocument(pdf)
    try:
        return tuple(fingerprint(page) for page in document)
    finally:
        document.close()


def screen_png(document: pdfium.PdfDocument, index: int) -> bytes:
    """Page ``index`` (from 0) of an open document as a PNG at :data:`SCREEN_DPI`."""
    buffer = io.BytesIO()
    screen_bitmap(document[index]).to_pil().save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()
