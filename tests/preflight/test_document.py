"""A document's checks find every flaw on the page it is on."""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from inspiratiekaart.layout import MM, load_layout
from inspiratiekaart.links.qr import draw_symbol, make_symbol
from inspiratiekaart.preflight.document import check_document
from inspiratiekaart.render.reportlab_internals import append_operators
from inspiratiekaart.render.tagging import TaggedCanvas, text

URL = "https://www.example.org/een/pagina"
UNDRAWN = "https://www.example.org/nergens"


def flawed_document(pages: int) -> bytes:
    """Every third page in Helvetica (not embedded) and without a TrimBox; every other page
    a code, with a line through its quiet zone on every fourth."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(148 * MM, 210 * MM), invariant=1)
    canvas.setTitle("Proef")
    symbol = make_symbol(URL)
    for number in range(1, pages + 1):
        canvas.setTrimBox((0, 0, 148 * MM, 210 * MM) if number % 3 else None)
        if not number % 3:
            canvas.setFont("Helvetica", 10)
            canvas.drawString(72, 72, f"pagina {number}")
        if number % 2:
            draw_symbol(canvas, symbol, 100, 300)
            canvas.linkURL(URL, (100, 300, 100 + symbol.size, 300 + symbol.size))
            if number % 4 == 1:
                canvas.setLineWidth(2)
                canvas.line(102, 300, 102, 300 + symbol.size)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_every_flaw_is_found_on_its_page():
    pdf = flawed_document(11)
    payloads = {URL: URL, UNDRAWN: UNDRAWN}
    pages, checks = check_document(pdf, payloads, load_layout("qr"))
    failures = {check.name: check.failures for check in checks}
    assert pages == 11
    assert failures["fonts embedded"] == [f"p. {n}: /Helvetica not embedded" for n in (3, 6, 9)]
    assert failures["page boxes (trim)"] == [f"p. {n}: no TrimBox" for n in (3, 6, 9)]
    assert failures["metadata (title, language)"] == ["no document language"]
    assert failures["link annotations"] == [f"no clickable link to {UNDRAWN}"]
    assert failures["QR codes decode at 150 dpi"] == [f"no code printed for {UNDRAWN}"]
    quiet_zone = [f.split(":")[0] for f in failures["QR module size, quiet zone"]]
    assert quiet_zone == ["p. 1", "p. 5", "p. 9"]



def tagged_document(untagged_on: int | None) -> bytes:
    """Three pages of tagged text and a folio (an artifact); on page ``untagged_on`` a line
    of text drawn outside both."""
    buffer = io.BytesIO()
    canvas = TaggedCanvas(buffer, pagesize=(148 * MM, 210 * MM), invariant=1, lang="nl")
    canvas.setTitle("Proef")
    for number in range(1, 4):
        with text(canvas):
            canvas.drawString(72, 400, f"alinea op pagina {number}")
        canvas.drawString(72, 30, str(number))  # drawn outside tagged drawing: an artifact
        if number == untagged_on:
            append_operators(canvas, "EMC BT /F1 10 Tf 72 300 Td (los) Tj ET /Artifact BMC")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_a_tagged_document_passes_the_tagging_check():
    _, checks = check_document(tagged_document(None), {}, load_layout("qr"))
    tagged = next(c for c in checks if c.name.startswith("tagged"))
    assert tagged.status == "ok", tagged.failures


def test_untagged_text_and_an_untagged_file_fail_the_tagging_check():
    _, checks = check_document(tagged_document(2), {}, load_layout("qr"))
    tagged = next(c for c in checks if c.name.startswith("tagged"))
    assert tagged.failures == ["p. 2: text outside the structure tree and not an artifact"]
    _, checks = check_document(flawed_document(2), {}, load_layout("qr"))
    tagged = next(c for c in checks if c.name.startswith("tagged"))
    assert tagged.failures[:4] == ["not marked as tagged (/MarkInfo)",
                                   "no structure tree (p. 1 has no elements)",
                                   "no document language",
                                   "the title is not shown (no DisplayDocTitle)"]
