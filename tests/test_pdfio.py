"""pypdf's private attributes that ``pdfio.py`` relies on, each still doing what it expects."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, EncodedStreamObject, NameObject

from inspiratiekaart.pdfio import (
    add_object,
    deterministic_bytes,
    drop_structure,
    join_structure,
    raw_copy,
    read_info,
    set_info,
    set_tagged,
)
from inspiratiekaart.render.metadata import PRODUCER, DocumentInfo, file_identifier
from inspiratiekaart.render.tagging import Element, TaggedCanvas, figure, text


def one_page_writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    return writer


def test_the_file_identifier_comes_from_the_seed():
    first = deterministic_bytes(one_page_writer(), b"zaad")
    again = deterministic_bytes(one_page_writer(), b"zaad")
    other = deterministic_bytes(one_page_writer(), b"ander zaad")
    assert first == again != other
    expected = file_identifier(b"zaad").hex()
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
    assert reader.metadata["/Producer"] == PRODUCER
    assert reader.trailer["/Root"]["/Lang"] == "nl-NL"
    assert b"<pdfuaid:part>" not in reader.trailer["/Root"]["/Metadata"].get_data()
    assert read_info(reader) == DocumentInfo("Titel", "Auteur", "Onderwerp", "Maker")


def test_information_written_again_replaces_what_was_written():
    writer = one_page_writer()
    set_info(writer, DocumentInfo("Eerst", "Auteur"))
    before = len(PdfReader(io.BytesIO(deterministic_bytes(writer, b"x"))).xref[0])
    set_info(writer, DocumentInfo("Dan"))
    reader = PdfReader(io.BytesIO(deterministic_bytes(writer, b"x")))
    assert len(reader.xref[0]) == before
    assert dict(reader.metadata) == {"/Title": "Dan", "/Producer": PRODUCER}
    assert b"Eerst" not in reader.trailer["/Root"]["/Metadata"].get_data()


def tagged_part(words: list[str]) -> tuple[bytes, Element]:
    """A tagged document of one paragraph and one code-like link per page, and its tree."""
    buffer = io.BytesIO()
    canvas = TaggedCanvas(buffer, pagesize=(200, 200), invariant=1, lang="nl")
    canvas.setTitle("Deel")
    for word in words:
        with text(canvas):
            canvas.drawString(20, 150, word)
        with figure(canvas, f"code voor {word}", word):
            canvas.rect(20, 20, 40, 40, fill=1)
            canvas.linkURL(f"https://example.org/{word}", (20, 20, 60, 60))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue(), canvas.tagger.root


def test_joined_parts_keep_one_structure_tree_over_every_page():
    parts = [tagged_part(words) for words in (["een", "twee"], ["drie"])]
    writer = PdfWriter()
    for pdf, _ in parts:
        writer.append(PdfReader(io.BytesIO(pdf)), import_outline=False)
    join_structure(writer, [(parts[0][1], 0), (parts[1][1], 2)])
    set_tagged(writer, DocumentInfo("Samen", "a", "s", "c"))
    joined = PdfReader(io.BytesIO(deterministic_bytes(writer, b"samen")))
    root = joined.trailer["/Root"]
    document = root["/StructTreeRoot"]["/K"]
    assert document["/S"] == "/Document" and document["/P"] == root["/StructTreeRoot"]
    kids = [kid.get_object() for kid in document["/K"]]
    assert [kid["/S"] for kid in kids] == ["/P", "/Link"] * 3
    nums = root["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    keys = dict(zip(nums[::2], nums[1::2], strict=True))
    for index, page in enumerate(joined.pages):
        marks = keys[page["/StructParents"]]
        assert [m.get_object()["/S"] for m in marks] == ["/P", "/Figure"], index
        figure = kids[2 * index + 1]["/K"][0].get_object()
        assert figure.raw_get("/Pg").idnum == page.indirect_reference.idnum
        annotation = page["/Annots"][0].get_object()
        assert keys[annotation["/StructParent"]].get_object() == kids[2 * index + 1]
    assert root["/MarkInfo"]["/Marked"] and root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert b"<pdfuaid:part>1</pdfuaid:part>" in root["/Metadata"].get_data()


def test_an_untagged_copy_has_no_structure_left():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(tagged_part(["een"])[0])))
    drop_structure(writer)
    reader = PdfReader(io.BytesIO(deterministic_bytes(writer, b"untagged")))
    root = reader.trailer["/Root"]
    assert not {"/StructTreeRoot", "/MarkInfo", "/Metadata"} & set(root)
    assert "/StructParents" not in reader.pages[0]
    assert "/StructParent" not in reader.pages[0]["/Annots"][0].get_object()


def font_programs(pdf: Path) -> dict[str, set[str]]:
    """Each font name the pages use (through their forms too) -> the digests of the font
    programs embedded under it."""
    programs: dict[str, set[str]] = {}
    pending = [page.get("/Resources") for page in PdfReader(pdf).pages]
    seen: set[int] = set()
    while pending:
        resources = pending.pop()
        resources = resources.get_object() if resources is not None else None
        if resources is None or id(resources) in seen:
            continue
        seen.add(id(resources))
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font["/FontDescriptor"].get_object()
            assert descriptor["/FontName"] == font["/BaseFont"]
            program = descriptor["/FontFile2"].get_object().get_data()
            programs.setdefault(str(font["/BaseFont"]), set()).add(
                hashlib.sha256(program).hexdigest())
        pending += [xobject.get_object().get("/Resources")
                    for xobject in (resources.get("/XObject") or {}).values()]
    return programs


def test_no_two_font_subsets_of_a_file_share_a_name_or_a_tag(built):
    """A booklet joins parts ReportLab rendered apart, each tagging its subsets from
    AAAAAA; an imposed sheet adds the marks' font to the pages'; the brochure, written by
    ReportLab alone, tagged the subset of each of its six faces AAAAAA."""
    files = sorted(built.rglob("*.pdf"))
    assert len(files) == 17
    for pdf in files:
        programs = font_programs(pdf)
        assert programs and all(re.fullmatch(r"/[A-Z]{6}\+[\w-]+", name) for name in programs)
        assert {name: len(found) for name, found in programs.items() if len(found) > 1} \
            == {}, pdf.name
        tagged: dict[str, set[str]] = {}
        for name, found in programs.items():
            tagged.setdefault(name[1:7], set()).update(found)
        assert {tag: found for tag, found in tagged.items() if len(found) > 1} == {}, pdf.name
