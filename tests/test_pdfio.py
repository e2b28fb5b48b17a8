"""pypdf's private attributes that ``pdfio.py`` relies on, each still doing what it expects."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, EncodedStreamObject, NameObject

from inspiratiekaart.pdfio import (
    add_object,
    deterministic_bytes,
    file_identifier,
    raw_copy,
    set_info,
)
from inspiratiekaart.render.metadata import DocumentInfo


def one_page_writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    return writer


def test_the_file_identifier_comes_from_the_seed():
    first = deterministic_bytes(one_page_writer(), b"zaad")
    again = deterministic_bytes(one_page_writer(), b"zaad")
    other = deterministic_bytes(one_page_writer(), b"ander zaad")
    assert first == again != other
    expected = bytes(file_identifier(b"zaad")[0]).hex()
    assert f"/ID [ <{expected}> <{expected}> ]".encode() in first


def test_an_added_object_is_written_and_referenced():
    writer = one_page_writer()
    stream = DecodedStreamObject()
    stream.set_data(b"0 0 0 1 k 0 0 10 10 re f")
    reference = add_object(writer, stream)
    writer.pages[0][NameObject("/Contents")] = reference
    page = PdfReader(io.BytesIO(deterministic_bytes(writer, b"x"))).pages[0]
    assert page.get_contents().get_data() == b"0 0 0 1 k 0 0 10 10 re f"


def test_a_raw_copy_keeps_the_compressed_bytes():
    plain = DecodedStreamObject()
    plain.set_data(b"BT ET")
    original = plain.flate_encode()
    assert isinstance(original, EncodedStreamObject)
    copy = raw_copy(original)
    copy[NameObject("/Filter")] = NameObject("/FlateDecode")
    assert copy.get_data() == b"BT ET"


def test_document_info_and_language_are_written():
    writer = one_page_writer()
    set_info(writer, DocumentInfo("Titel", "Auteur", "Onderwerp", "Maker"))
    reader = PdfReader(io.BytesIO(deterministic_bytes(writer, b"x")))
    assert reader.metadata.title == "Titel"
    assert reader.metadata["/Producer"] == "inspiratiekaart"
    assert reader.trailer["/Root"]["/Lang"] == "nl-NL"
