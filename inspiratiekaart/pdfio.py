"""Reading and writing PDFs with pypdf, deterministically: the one module that reaches
into pypdf's private attributes (each use is a small function here)."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    EncodedStreamObject,
    IndirectObject,
    NameObject,
    PdfObject,
    RectangleObject,
)


def deterministic_bytes(writer: PdfWriter, seed: bytes) -> bytes:
    """Write ``writer`` with a file identifier derived from ``seed`` (pypdf's is random)."""
    digest = hashlib.md5(seed, usedforsecurity=False).digest()
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def add_object(writer: PdfWriter, obj: PdfObject) -> IndirectObject:
    """Add ``obj`` to the file as an indirect object; return its reference."""
    return writer._add_object(obj)


def raw_copy(stream: EncodedStreamObject) -> EncodedStreamObject:
    """A new stream holding ``stream``'s encoded bytes as they are (no inflate, no deflate)."""
    copy = EncodedStreamObject()
    copy._data = stream._data
    return copy


def document_info(writer: PdfWriter) -> DictionaryObject:
    """The writer's document information dictionary itself (made if missing), to edit in
    place: pypdf's ``add_metadata`` turns every value into a string, names included."""
    if writer._info is None:
        writer._info = DictionaryObject()
    return writer._info


def set_document_info(writer: PdfWriter, entries: Mapping[str, PdfObject]) -> None:
    """Replace the document information with ``entries``."""
    info = document_info(writer)
    info.clear()
    info.update({NameObject(key): value for key, value in entries.items()})


def crop_to_trim(pdf: bytes) -> tuple[bytes, list[PageObject]]:
    """The same pages with MediaBox (and the other boxes) set to the TrimBox: the file, and
    its pages as pypdf holds them (to impose without reading the file again)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        trim = RectangleObject(page.trimbox)
        for box in ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox"):
            page[NameObject(box)] = trim
    return deterministic_bytes(writer, pdf + b"crop-to-trim"), list(writer.pages)
