"""A document's information (title, author, language …), the same for every output: what
a PDF says of itself in its document information dictionary, in its XMP metadata and in
its file identifier; and the tags of its font subsets, made from their programs as the
identifier is made from the file's bytes.

:func:`set_canvas_info` writes it into a PDF that ReportLab draws, ``pdfio.set_info``
into one that pypdf writes; a print file's adds the dates and the PDF/X keys
(``impose.pdfx``), which the dictionary and the XMP must both say alike.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape

from reportlab.pdfgen.canvas import Canvas

from ..content.model import Publication

PRODUCER = "inspiratiekaart (ReportLab, pypdf)"
LANGUAGE = "nl-NL"


def subset_tag(program: bytes, taken: dict[str, bytes]) -> str:
    """The six capital letters that tag a font subset (before the "+" in its name), made
    from the digest of its ``program``: another than ``taken`` holds for another program
    (the PDF standard asks a tag of its own for every subset of a file)."""
    digest = hashlib.sha256(program).digest()
    while True:
        tag = "".join(chr(ord("A") + byte % 26) for byte in digest[:6])
        if taken.setdefault(tag, program) == program:
            return tag
        digest = hashlib.sha256(digest).digest()


@dataclass(frozen=True)
class DocumentInfo:
    """What a PDF says of itself. pypdf leaves an empty text out (the title excepted);
    ReportLab writes every text."""

    title: str
    author: str = ""
    subject: str = ""
    creator: str = ""
    keywords: str = ""
    producer: str = PRODUCER
    lang: str = LANGUAGE
    date: datetime | None = None
    """When the file was made: a print file's (ReportLab writes its own date)."""
    pdfx: str = ""
    """The PDF/X version a print file conforms to; such a file is also not trapped."""
    identity: bytes = b""
    """32 bytes that name a print file and this version of it in its XMP."""


TEXT_ENTRIES = (("/Title", "title"), ("/Author", "author"), ("/Subject", "subject"),
                ("/Keywords", "keywords"), ("/Creator", "creator"),
                ("/Producer", "producer"))
"""The document information's texts: key and :class:`DocumentInfo` field."""


class Name(str):
    """A value the document information holds as a PDF name (``/False``), not as text."""


def document_info(pub: Publication, title: str | None = None) -> DocumentInfo:
    """The publication's information, with another title for a part of it (a booklet)."""
    return DocumentInfo(title=title or pub.title, author=", ".join(pub.publishers),
                        subject=pub.subtitle, creator=pub.programme)


def info_entries(info: DocumentInfo) -> dict[str, str]:
    """The document information dictionary of ``info``: its texts, and a print file's
    dates and PDF/X keys (a :class:`Name` is written as a name)."""
    entries = {key: getattr(info, field) for key, field in TEXT_ENTRIES
               if key == "/Title" or getattr(info, field)}
    if info.date is not None:
        entries["/CreationDate"] = entries["/ModDate"] = pdf_date(info.date)
    if info.pdfx:
        entries["/Trapped"] = Name("/False")
        entries["/GTS_PDFXVersion"] = info.pdfx
    return entries


def set_canvas_info(canvas: Canvas, info: DocumentInfo) -> None:
    """Write ``info`` into a PDF that ReportLab draws (pypdf's side: ``pdfio.set_info``).

    The language is the canvas's ``lang`` argument: ReportLab takes it only there. It
    writes the date and ``/Trapped`` itself; a print file's PDF/X entries are written by
    pypdf, which finishes every print file. A tagged canvas (``render.tagging``) keeps
    ``info`` for the XMP it writes when saved.
    """
    if hasattr(canvas, "document_info"):
        canvas.document_info = info
    canvas.setTitle(info.title)
    canvas.setAuthor(info.author)
    canvas.setSubject(info.subject)
    canvas.setKeywords(info.keywords)
    canvas.setCreator(info.creator)
    canvas.setProducer(info.producer)


def file_identifier(seed: bytes) -> bytes:
    """The 16 bytes of the ``/ID`` of a file made from ``seed`` (its source, or its own
    bytes): the same input gives the same identifier."""
    return hashlib.sha256(seed).digest()[:16]


def pdf_date(moment: datetime) -> str:
    """``moment`` as the document information writes a date."""
    return moment.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


def xmp_date(moment: datetime) -> str:
    """``moment`` as XMP writes a date."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def xml_text(value: str) -> str:
    """``value`` as XML character data: ``&``, ``<`` and ``>`` escaped."""
    return escape(value, quote=False)


XMP_NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdfx": "http://ns.adobe.com/pdfx/1.3/",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}


def document_xmp(info: DocumentInfo, tagged: bool) -> str:
    """XMP metadata saying what the document information of ``info`` says, and its
    language; the PDF/UA-1 identification when ``tagged``. A print file's names the
    PDF/X version in the PDF/X-4 namespace (pdfxid) and the older one readers also look
    in (pdfx)."""
    properties = [_alternative("dc:title", info.title),
                  "<dc:format>application/pdf</dc:format>"]
    if info.lang:
        properties.append(f"<dc:language><rdf:Bag><rdf:li>{xml_text(info.lang)}</rdf:li>"
                          "</rdf:Bag></dc:language>")
    if info.author:
        properties.append(f"<dc:creator><rdf:Seq><rdf:li>{xml_text(info.author)}</rdf:li>"
                          "</rdf:Seq></dc:creator>")
    if info.subject:
        properties.append(_alternative("dc:description", info.subject))
    if info.keywords:
        properties.append(f"<pdf:Keywords>{xml_text(info.keywords)}</pdf:Keywords>")
    if info.creator:
        properties.append(f"<xmp:CreatorTool>{xml_text(info.creator)}</xmp:CreatorTool>")
    if info.producer:
        properties.append(f"<pdf:Producer>{xml_text(info.producer)}</pdf:Producer>")
    if info.date is not None:
        properties += [f"<xmp:{name}>{xmp_date(info.date)}</xmp:{name}>"
                       for name in ("CreateDate", "ModifyDate", "MetadataDate")]
    if info.pdfx:
        properties += ["<pdf:Trapped>False</pdf:Trapped>",
                       f"<pdfx:GTS_PDFXVersion>{xml_text(info.pdfx)}</pdfx:GTS_PDFXVersion>",
                       f"<pdfxid:GTS_PDFXVersion>{xml_text(info.pdfx)}</pdfxid:GTS_PDFXVersion>",
                       "<xmpMM:VersionID>1</xmpMM:VersionID>",
                       "<xmpMM:RenditionClass>default</xmpMM:RenditionClass>"]
    if info.identity:
        properties += [
            f"<xmpMM:DocumentID>uuid:{uuid.UUID(bytes=info.identity[:16])}</xmpMM:DocumentID>",
            f"<xmpMM:InstanceID>uuid:{uuid.UUID(bytes=info.identity[16:32])}</xmpMM:InstanceID>"]
    if tagged:
        properties.append("<pdfuaid:part>1</pdfuaid:part>")
    used = {line[1:line.index(":")] for line in properties}
    namespaces = "".join(f'\n    xmlns:{prefix}="{uri}"' for prefix, uri in XMP_NAMESPACES.items()
                         if prefix in used)
    body = "\n".join(f"   {line}" for line in properties)
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
            ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
            f'  <rdf:Description rdf:about=""{namespaces}>\n{body}\n'
            '  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n'
            '<?xpacket end="w"?>')


def _alternative(name: str, text: str) -> str:
    return (f'<{name}><rdf:Alt><rdf:li xml:lang="x-default">{xml_text(text)}</rdf:li>'
            f"</rdf:Alt></{name}>")
