"""A document's information: one description, written alike into the document
information dictionary, the XMP metadata and by both libraries; one producer and one
file identifier for every PDF the build writes."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from inspiratiekaart.render.metadata import (
    PRODUCER,
    DocumentInfo,
    Name,
    document_xmp,
    file_identifier,
    info_entries,
    set_canvas_info,
)

NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
      "dc": "http://purl.org/dc/elements/1.1/", "xmp": "http://ns.adobe.com/xap/1.0/",
      "pdf": "http://ns.adobe.com/pdf/1.3/", "pdfxid": "http://www.npes.org/pdfx/ns/id/",
      "pdfuaid": "http://www.aiim.org/pdfua/ns/id/"}
PRINT = DocumentInfo("Kaart & co", "Uitgever", "Onderwerp", "Programma",
                     date=datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC), pdfx="PDF/X-4",
                     identity=bytes(range(32)))


def texts(packet: str, prefix: str, name: str) -> list[str]:
    root = ElementTree.fromstring(packet.encode("utf-8"))
    return ["".join(element.itertext()) for element in root.iter(f"{{{NS[prefix]}}}{name}")]


def test_empty_texts_are_left_out_but_the_title():
    assert info_entries(DocumentInfo("")) == {"/Title": "", "/Producer": PRODUCER}


def test_a_print_files_entries_are_dated_and_name_pdfx_untrapped():
    entries = info_entries(PRINT)
    assert entries["/CreationDate"] == entries["/ModDate"] == "D:20231114221320+00'00'"
    assert entries["/GTS_PDFXVersion"] == "PDF/X-4"
    assert entries["/Trapped"] == "/False" and isinstance(entries["/Trapped"], Name)
    assert not isinstance(entries["/Title"], Name)


def test_the_xmp_says_what_the_information_says():
    packet = document_xmp(PRINT, tagged=False)
    entries = info_entries(PRINT)
    assert texts(packet, "dc", "title") == [entries["/Title"]]
    assert texts(packet, "dc", "creator") == [entries["/Author"]]
    assert texts(packet, "dc", "description") == [entries["/Subject"]]
    assert texts(packet, "xmp", "CreatorTool") == [entries["/Creator"]]
    assert texts(packet, "pdf", "Producer") == [PRODUCER]
    assert texts(packet, "xmp", "CreateDate") == ["2023-11-14T22:13:20+00:00"]
    assert texts(packet, "pdf", "Trapped") == ["False"]
    assert texts(packet, "pdfxid", "GTS_PDFXVersion") == ["PDF/X-4"]
    assert texts(packet, "pdfuaid", "part") == []


def test_a_tagged_documents_xmp_claims_pdf_ua():
    packet = document_xmp(DocumentInfo("Titel", lang="nl-NL"), tagged=True)
    assert texts(packet, "pdfuaid", "part") == ["1"]
    assert texts(packet, "dc", "language") == ["nl-NL"]
    assert texts(packet, "pdfxid", "GTS_PDFXVersion") == []


def test_a_canvas_gets_the_information_and_no_placeholders():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(100, 100), invariant=1)
    set_canvas_info(canvas, DocumentInfo("Titel"))
    canvas.showPage()
    canvas.save()
    info = PdfReader(buffer).metadata
    assert info.title == "Titel" and info["/Producer"] == PRODUCER
    assert info["/Author"] == info["/Subject"] == info["/Creator"] == ""


def test_every_pdf_built_has_the_one_producer_and_an_identifier(built: Path):
    for path in sorted(built.rglob("*.pdf")):
        reader = PdfReader(path)
        assert reader.metadata["/Producer"] == PRODUCER, path.name
        first, second = (bytes(part.original_bytes) for part in reader.trailer["/ID"])
        assert first == second and len(first) == 16, path.name


def test_the_brochures_identifier_is_that_of_its_bytes(built: Path):
    """ReportLab writes the brochure without a pypdf pass: its identifier is filled in."""
    pdf = (built / "brochure.pdf").read_bytes()
    identifier = bytes(PdfReader(io.BytesIO(pdf)).trailer["/ID"][0].original_bytes)
    assert file_identifier(pdf.replace(identifier.hex().encode(), b"0" * 32)) == identifier


def test_every_pdf_built_says_the_same_of_itself_in_its_information_and_its_xmp(built: Path):
    for path in sorted(built.rglob("*.pdf")):
        reader = PdfReader(path)
        info = reader.metadata
        packet = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
        assert texts(packet, "dc", "title") == [info["/Title"]], path.name
        assert texts(packet, "dc", "creator") == ([info["/Author"]] if info.get("/Author")
                                                  else []), path.name
        assert texts(packet, "pdf", "Producer") == [info["/Producer"]], path.name
