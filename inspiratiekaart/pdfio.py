"""Reading and writing PDFs with pypdf: the one module that uses pypdf's internals.

pypdf has no public way to set the file identifier, to register an object with a writer
or to copy a stream's compressed bytes without inflating them; each use of its private
attributes is here, and ``tests/test_pdfio.py`` fails loudly if pypdf changes them.
"""

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
    TextStringObject,
)

from .render.metadata import DocumentInfo


def file_identifier(seed: bytes) -> ArrayObject:
    """The ``/ID`` of a file made from ``seed``: the same input gives the same identifier."""
    digest = hashlib.sha256(seed).digest()[:16]
    return ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])


def deterministic_bytes(writer: PdfWriter, seed: bytes) -> bytes:
    """Write ``writer`` with a file identifier derived from ``seed`` (pypdf's is random)."""
    writer._ID = file_identifier(seed)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def add_object(writer: PdfWriter, obj: PdfObject) -> IndirectObject:
    """Register ``obj`` with ``writer``; the reference to use in its pages."""
    return writer._add_object(obj)


def raw_copy(stream: EncodedStreamObject) -> EncodedStreamObject:
    """A new stream holding ``stream``'s encoded bytes as they are (no inflate, no deflate)."""
    copy = EncodedStreamObject()
    copy._data = stream._data
    return copy


def set_info(writer: PdfWriter, info: DocumentInfo) -> None:
    """Write ``info`` into a PDF that pypdf assembles (ReportLab's side:
    ``render.metadata.set_canvas_info``)."""
    writer.add_metadata({"/Title": info.title, "/Author": info.author,
                         "/Subject": info.subject, "/Creator": info.creator,
                         "/Producer": info.producer})
    writer.root_object[NameObject("/Lang")] = TextStringObject(info.lang)


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
