"""Reading and writing PDFs with pypdf: the one module that uses pypdf's internals.

pypdf has no public way to set the file identifier, to register an object with a writer
or to copy a stream's compressed bytes without inflating them; each use of its private
attributes is here, and ``tests/test_pdfio.py`` fails loudly if pypdf changes them.
Here too: the structure trees of tagged parts carried into the document they are joined
into (pypdf drops them when it appends pages).
"""

from __future__ import annotations

import io

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    EncodedStreamObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    RectangleObject,
    TextStringObject,
)

from .render.metadata import (
    LANGUAGE,
    TEXT_ENTRIES,
    DocumentInfo,
    Name,
    document_xmp,
    file_identifier,
    info_entries,
    subset_tag,
)
from .render.tagging import Element, Marked


def deterministic_bytes(writer: PdfWriter, seed: bytes) -> bytes:
    """Write ``writer`` with the file identifier of ``seed`` (pypdf's is random) and a tag
    of its own for every font subset (:func:`distinct_subset_tags`): every PDF assembled
    from others is written here."""
    distinct_subset_tags(writer)
    identifier = ByteStringObject(file_identifier(seed))
    writer._ID = ArrayObject([identifier, identifier])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def distinct_subset_tags(writer: PdfWriter) -> None:
    """Give each font subset a tag (the six letters before "+" in its name) made from its
    font program. Each part ReportLab renders tags its subsets AAAAAA, AAAAAB, …, so a PDF
    joined from parts held different subsets of one face under one name, which the PDF
    standard forbids and a print shop's tools may confuse."""
    tags: dict[str, bytes] = {}
    fonts: dict = {}
    forms: dict = {}
    for page in writer.pages:
        fonts.update(resource_fonts(page.get("/Resources"), forms))
    for name, font in fonts.values():
        descriptor = font.get("/FontDescriptor")
        if len(name) < 9 or name[7] != "+" or descriptor is None:
            continue
        descriptor = descriptor.get_object()
        program = next((descriptor[key].get_object() for key in
                        ("/FontFile2", "/FontFile3", "/FontFile") if key in descriptor), None)
        if program is None:
            continue
        renamed = NameObject(f"/{subset_tag(program.get_data(), tags)}+{name[8:]}")
        font[NameObject("/BaseFont")] = renamed
        descriptor[NameObject("/FontName")] = renamed


def resource_fonts(resources, forms: dict) -> dict:
    """The fonts of a resource dictionary and of the forms it draws, by object key: the
    font's name and its dictionary.

    ``forms`` remembers the fonts of every form already walked, so a form placed on
    many pages (a page number, an imposed page) is read once per document.
    """
    if resources is None:
        return {}
    resources = resources.get_object()
    found = {_key(ref): (str(ref.get_object().get("/BaseFont")), ref.get_object())
             for ref in resources.get("/Font", DictionaryObject()).get_object().values()}
    for ref in resources.get("/XObject", DictionaryObject()).get_object().values():
        key = _key(ref)
        if key not in forms:
            forms[key] = {}  # a form drawing itself adds nothing
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Form":
                forms[key] = resource_fonts(xobject.get("/Resources"), forms)
        found.update(forms[key])
    return found


def _key(reference) -> object:
    """An indirect object's number, or the direct object itself."""
    return getattr(reference, "idnum", None) or id(reference.get_object())


def named_destinations(writer: PdfWriter, names: list[str]) -> dict[str, DictionaryObject]:
    """Named destinations of ``writer`` that go nowhere yet (:func:`point_to_page`), made
    before pages that link to them are appended: pypdf drops a link to a name the writer
    does not define."""
    targets = {}
    for name in names:
        targets[name] = DictionaryObject({NameObject("/S"): NameObject("/GoTo")})
        writer.add_named_destination_array(TextStringObject(name),
                                           add_object(writer, targets[name]))
    return targets


def point_to_page(writer: PdfWriter, target: DictionaryObject, index: int) -> None:
    """Make a named destination go to the page ``index`` (from 0), the whole page shown."""
    target[NameObject("/D")] = ArrayObject([writer.pages[index].indirect_reference,
                                            NameObject("/Fit")])


def add_object(writer: PdfWriter, obj: PdfObject) -> IndirectObject:
    """Register ``obj`` with ``writer``; the reference to use in its pages."""
    return writer._add_object(obj)


def raw_copy(stream: EncodedStreamObject) -> EncodedStreamObject:
    """A new stream holding ``stream``'s encoded bytes as they are (no inflate, no deflate)."""
    copy = EncodedStreamObject()
    copy._data = stream._data
    return copy


def set_info(writer: PdfWriter, info: DocumentInfo) -> None:
    """Write ``info`` into a PDF that pypdf writes (ReportLab's side:
    ``render.metadata.set_canvas_info``): the document information, the language and
    the XMP metadata, which claims PDF/UA-1 for a document marked as tagged."""
    dictionary = _information(writer)
    dictionary.clear()
    dictionary.update({NameObject(key): NameObject(value) if isinstance(value, Name)
                       else TextStringObject(value) for key, value in info_entries(info).items()})
    root = writer.root_object
    root[NameObject("/Lang")] = TextStringObject(info.lang)
    marked = root.get("/MarkInfo", DictionaryObject()).get_object().get("/Marked", False)
    _set_xmp(writer, document_xmp(info, tagged=bool(marked)))


def _set_xmp(writer: PdfWriter, packet: str) -> None:
    """Make ``packet`` the document's XMP metadata (uncompressed, as readers of PDF/X
    expect): in the stream written before, if any."""
    data = packet.encode("utf-8")
    root = writer.root_object
    if "/Metadata" in root:
        root["/Metadata"].get_object().set_data(data)
        return
    metadata = DecodedStreamObject()
    metadata.set_data(data)
    metadata.update({NameObject("/Type"): NameObject("/Metadata"),
                     NameObject("/Subtype"): NameObject("/XML")})
    root[NameObject("/Metadata")] = add_object(writer, metadata)


def _information(writer: PdfWriter) -> DictionaryObject:
    """The writer's document information dictionary itself (made if missing), to edit in
    place: pypdf's ``add_metadata`` turns every value into a string, names included."""
    if writer._info is None:
        writer._info = DictionaryObject()
    return writer._info


def read_info(reader: PdfReader) -> DocumentInfo:
    """What the file ``reader`` reads says of itself, for a file made from it (whose
    producer is this program)."""
    found = reader.metadata or {}
    texts = {field: str(found.get(key) or "") for key, field in TEXT_ENTRIES
             if field != "producer"}
    return DocumentInfo(**texts, lang=str(reader.root_object.get("/Lang") or LANGUAGE))


def set_tagged(writer: PdfWriter, info: DocumentInfo) -> None:
    """Mark the document tagged, its title shown, and write ``info`` (:func:`set_info`),
    whose XMP then claims PDF/UA-1 (``render.tagging`` does the same for ReportLab)."""
    root = writer.root_object
    root[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    root[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)})
    set_info(writer, info)


def join_structure(writer: PdfWriter, parts: list[tuple[Element, int]]) -> None:
    """One structure tree for ``writer`` from the trees of the tagged parts appended to it
    (each part's document element and the index of its first page): the parts' elements
    under one document element, the parent tree, ``/StructParents`` and ``/StructParent``
    numbered anew (marked-content ids belong to their pages: they stay)."""
    joined = _Joined(writer)
    document = DictionaryObject({NameObject("/Type"): NameObject("/StructElem"),
                                 NameObject("/S"): NameObject("/Document")})
    document_ref = add_object(writer, document)
    document[NameObject("/K")] = ArrayObject(
        joined.element(element, document_ref, first) for root, first in parts
        for element in root.kids if isinstance(element, Element))
    numbers = joined.parent_tree()
    root = DictionaryObject({
        NameObject("/Type"): NameObject("/StructTreeRoot"), NameObject("/K"): document_ref,
        NameObject("/ParentTree"): DictionaryObject({NameObject("/Nums"): numbers}),
        NameObject("/ParentTreeNextKey"): NumberObject(len(numbers) // 2)})
    root_ref = add_object(writer, root)
    document[NameObject("/P")] = root_ref
    writer.root_object[NameObject("/StructTreeRoot")] = root_ref


class _Written(PdfObject):
    """An object written as it is given: text, with references and strings among it
    written by pypdf (thousands of elements are far quicker written so than as pypdf's
    dictionaries)."""

    def __init__(self, parts: list[object]) -> None:
        self.parts = parts

    def write_to_stream(self, stream, encryption_key=None) -> None:
        for part in self.parts:
            if isinstance(part, PdfObject):
                part.write_to_stream(stream)
            else:
                stream.write(part.encode("ascii"))


class _Joined:
    """Structure elements written into a joined document, and what points back to them."""

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self.marks: dict[int, dict[int, IndirectObject]] = {}
        """Page index → marked-content id → its element."""
        self.annotations: list[tuple[IndirectObject, IndirectObject]] = []

    def element(self, element: Element, parent: IndirectObject, first: int) -> IndirectObject:
        """``element`` (of a part whose first page is ``first``) and its descendants."""
        written = _Written([f"<< /Type /StructElem /S /{element.role} /P ", parent, " /K ["])
        ref = add_object(self.writer, written)
        pages = [kid.page for kid in element.kids if isinstance(kid, Marked)]
        parts = written.parts
        for kid in element.kids:
            if isinstance(kid, Element):
                parts += [" ", self.element(kid, ref, first)]
            elif isinstance(kid, Marked):
                self.marks.setdefault(first + kid.page, {})[kid.mcid] = ref
                parts += [f" {kid.mcid}"] if kid.page == pages[0] else [
                    " << /Type /MCR /Pg ", self.page(first + kid.page), f" /MCID {kid.mcid} >>"]
            else:
                annotation = self.writer.pages[first + kid.page]["/Annots"][kid.position]
                self.annotations.append((annotation, ref))
                parts += [" << /Type /OBJR /Obj ", annotation, " /Pg ",
                          self.page(first + kid.page), " >>"]
        parts.append(" ]")
        if pages:
            parts += [" /Pg ", self.page(first + pages[0])]
        if element.alt is not None:
            parts += [" /Alt ", TextStringObject(element.alt)]
        parts.append(" >>")
        return ref

    def page(self, index: int) -> IndirectObject:
        return self.writer.pages[index].indirect_reference

    def parent_tree(self) -> ArrayObject:
        """Number the pages with marked content and the annotations of links; the parent
        tree's ``/Nums``."""
        numbers = ArrayObject()
        for key, (index, by_mcid) in enumerate(sorted(self.marks.items())):
            self.writer.pages[index][NameObject("/StructParents")] = NumberObject(key)
            numbers += [NumberObject(key), ArrayObject(
                by_mcid.get(mcid, NullObject()) for mcid in range(max(by_mcid) + 1))]
        for key, (annotation, ref) in enumerate(self.annotations, len(self.marks)):
            annotation.get_object()[NameObject("/StructParent")] = NumberObject(key)
            numbers += [NumberObject(key), ref]
        return numbers


def drop_structure(writer: PdfWriter) -> None:
    """Make ``writer``'s document untagged: no tree, no ``/MarkInfo``, no XMP claiming
    PDF/UA, no keys into the parent tree (a print file; its marked content stays, inert)."""
    for key in ("/StructTreeRoot", "/MarkInfo", "/Metadata"):
        writer.root_object.pop(NameObject(key), None)
    for page in writer.pages:
        page.pop(NameObject("/StructParents"), None)
        for annotation in page.get("/Annots", ()):
            annotation.get_object().pop(NameObject("/StructParent"), None)


def crop_to_trim(pdf: bytes, reader: PdfReader | None = None
                 ) -> tuple[bytes, list[PageObject]]:
    """The same pages with MediaBox (and the other boxes) set to the TrimBox: the file, and
    its pages as pypdf holds them (to impose without reading the file again). ``reader``,
    when given, is ``pdf`` read already (its parsed objects are reused)."""
    writer = PdfWriter(clone_from=reader or PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        trim = RectangleObject(page.trimbox)
        for box in ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox"):
            page[NameObject(box)] = trim
    return deterministic_bytes(writer, pdf + b"crop-to-trim"), list(writer.pages)
