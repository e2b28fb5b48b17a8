"""Reading and writing PDFs with pypdf, deterministically."""

from __future__ import annotations

import hashlib
import io

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject, NameObject, RectangleObject


def deterministic_bytes(writer: PdfWriter, seed: bytes) -> bytes:
    """Write ``writer`` with a file identifier derived from ``seed`` (pypdf's is random)."""
    digest = hashlib.md5(seed, usedforsecurity=False).digest()
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def crop_to_trim(pdf: bytes) -> tuple[bytes, list[PageObject]]:
    """The same pages with MediaBox (and the other boxes) set to the TrimBox: the file, and
    its pages as pypdf holds them (to impose without reading the file again)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        trim = RectangleObject(page.trimbox)
        for box in ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox"):
            page[NameObject(box)] = trim
    return deterministic_bytes(writer, pdf + b"crop-to-trim"), list(writer.pages)
