"""A document's information (title, author, language …), the same for every output."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from reportlab.pdfgen.canvas import Canvas

from ..content.model import Publication

PRODUCER = "inspiratiekaart"
LANGUAGE = "nl-NL"


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    author: str
    subject: str
    creator: str
    producer: str = PRODUCER
    lang: str = LANGUAGE


def document_info(pub: Publication, title: str | None = None) -> DocumentInfo:
    """The publication's information, with another title for a part of it (a booklet)."""
    return DocumentInfo(title=title or pub.title, author=", ".join(pub.publishers),
                        subject=pub.subtitle, creator=pub.programme)


def set_canvas_info(canvas: Canvas, info: DocumentInfo) -> None:
    """Write ``info`` into a PDF that ReportLab draws (pypdf's side: ``pdfio.set_info``).

    The language is the canvas's ``lang`` argument: ReportLab takes it only there.
    """
    canvas.setTitle(info.title)
    canvas.setAuthor(info.author)
    canvas.setSubject(info.subject)
    canvas.setCreator(info.creator)
    canvas.setProducer(info.producer)


def xml_text(value: str) -> str:
    """``value`` as XML character data: ``&``, ``<`` and ``>`` escaped."""
    return escape(value, quote=False)


def xmp_packet(title: str, language: str) -> str:
    """XMP metadata: the title (as viewers show it) and the PDF/UA-1 identification."""
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{xml_text(title)}</rdf:li></rdf:Alt></dc:title>
<dc:language><rdf:Bag><rdf:li>{xml_text(language)}</rdf:li></rdf:Bag></dc:language>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
