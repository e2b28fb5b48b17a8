"""A document's checks give the same answer, page for page, in one process or two."""

from __future__ import annotations

import io

import pytest
from reportlab.pdfgen.canvas import Canvas

from inspiratiekaart.layout import MM, load_layout
from inspiratiekaart.links.qr import draw_symbol, make_symbol
from inspiratiekaart.preflight import document
from inspiratiekaart.preflight.document import SPLIT_FROM, check_document

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


def test_two_processes_find_what_one_finds_in_page_order():
    pdf = flawed_document(SPLIT_FROM + 3)
    payloads = {URL: URL, UNDRAWN: UNDRAWN}
    one = check_document(pdf, payloads, load_layout("qr"), processes=1)
    two = check_document(pdf, payloads, load_layout("qr"), processes=2)
    assert one == two
    pages, checks = two
    failures = {check.name: check.failures for check in checks}
    assert pages == SPLIT_FROM + 3
    assert failures["fonts embedded"] == [f"p. {n}: /Helvetica not embedded" for n in (3, 6, 9)]
    assert failures["page boxes (trim)"] == [f"p. {n}: no TrimBox" for n in (3, 6, 9)]
    assert failures["metadata (title, language)"] == ["no document language"]
    assert failures["link annotations"] == [f"no clickable link to {UNDRAWN}"]
    assert failures["QR codes decode at 150 dpi"] == [f"no code printed for {UNDRAWN}"]
    quiet_zone = [f.split(":")[0] for f in failures["QR module size, quiet zone"]]
    assert quiet_zone == ["p. 1", "p. 5", "p. 9"]


def test_what_goes_wrong_in_the_second_process_is_raised_here(monkeypatch):
    def fail(*args: object) -> None:
        raise ValueError("een kapotte pagina")

    monkeypatch.setattr(document, "_check_pages_of", fail)
    with pytest.raises(RuntimeError, match="ValueError: een kapotte pagina"):
        check_document(flawed_document(SPLIT_FROM), {URL: URL}, load_layout("qr"),
                       processes=2)
