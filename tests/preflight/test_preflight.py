"""The preflight passes a good build and names what is wrong, where, in a bad file."""

from __future__ import annotations

import io
import json

from reportlab.pdfgen.canvas import Canvas

from inspiratiekaart.layout import MM
from inspiratiekaart.links.qr import draw_symbol, make_symbol
from inspiratiekaart.preflight.run import Expectation, preflight_file

URL = "https://www.example.org/een/pagina"


def test_the_build_passes_its_own_preflight(built):
    report = json.loads((built / "preflight.json").read_text(encoding="utf-8"))
    assert report["failed"] is False
    statuses = {(f["file"], c["check"]): c["status"] for f in report["files"]
                for c in f["checks"]}
    assert statuses[("brochure.pdf", "QR codes decode at 150 dpi")] == "ok"
    assert statuses[("print/cards-press.pdf", "page boxes (trim, bleed)")] == "ok"
    assert all(status in ("ok", "warning") for status in statuses.values())


def bad_pdf() -> bytes:
    """Helvetica (not embedded), no TrimBox, no title, a code with a line through its quiet
    zone, and a square link with no code at all."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(210 * MM, 297 * MM), invariant=1)
    canvas.drawString(72, 72, "Helvetica, not embedded")
    symbol = make_symbol(URL)
    draw_symbol(canvas, symbol, 100, 500)
    canvas.linkURL(URL, (100, 500, 100 + symbol.size, 500 + symbol.size))
    canvas.setLineWidth(2)
    canvas.line(100 + 2, 500, 100 + 2, 500 + symbol.size)  # inside the quiet zone
    canvas.linkURL("https://www.example.org/zonder-code", (300, 500, 360, 560))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_a_bad_file_fails_with_what_and_where():
    expect = Expectation({URL: URL, "https://www.example.org/zonder-code":
                          "https://www.example.org/zonder-code"}, "document")
    report = preflight_file("bad.pdf", bad_pdf(), expect)
    failures = {check.name: check.failures for check in report.checks}
    assert report.failed
    assert failures["fonts embedded"] == ["p. 1: /Helvetica not embedded"]
    assert failures["page boxes (trim)"] == ["p. 1: no TrimBox"]
    assert "no document title" in failures["metadata (title, language)"]
    assert failures["QR codes decode at 150 dpi"] == [
        "p. 1: the code for https://www.example.org/zonder-code does not decode"]
    assert any("quiet zone" in f for f in failures["QR module size, quiet zone"])
