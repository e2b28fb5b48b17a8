"""A document's information (title, author, language …), the same for every output."""

from __future__ import annotations

from dataclasses import dataclass

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
