"""ReportLab's private attributes that the renderers rely on, each still there and still
doing what ``render/reportlab_internals.py`` expects: a ReportLab upgrade that changes
one fails here, by name, rather than somewhere in the middle of a layout."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from inspiratiekaart.render.reportlab_internals import (
    SaveLaterDocTemplate,
    append_operators,
)


def test_operators_appended_reach_the_page_content():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(100, 100), invariant=1)
    append_operators(canvas, "0 0 0 1 k 10 10 30 30 re f")
    canvas.showPage()
    canvas.save()
    document = pdfium.PdfDocument(buffer.getvalue())
    pixels = document[0].render(scale=1).to_pil().convert("L")
    assert pixels.getpixel((25, 75)) < 50  # inside the square (y runs down in pixels)
    assert pixels.getpixel((80, 20)) > 200


def test_a_document_laid_out_is_saved_only_when_asked():
    buffer = io.BytesIO()

    class Later(SaveLaterDocTemplate, SimpleDocTemplate):
        pass

    doc = Later(buffer, pagesize=(300, 300))
    doc.build([Paragraph("een alinea", getSampleStyleSheet()["Normal"])])
    assert buffer.getvalue() == b""
    doc.canv.save()
    assert len(pdfium.PdfDocument(buffer.getvalue())) == 1
