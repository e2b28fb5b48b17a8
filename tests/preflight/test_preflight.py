"""The preflight passes a good build and names what is wrong, where, in a bad file."""

from __future__ import annotations

import io
import json

import pypdfium2 as pdfium
from reportlab.pdfgen.canvas import Canvas

from inspiratiekaart.layout import MM
from inspiratiekaart.links.qr import draw_symbol, make_symbol
from inspiratiekaart.preflight.document import page_links
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
    assert failures["metadata (title, language)"] == ["no document title",
                                                      "no document language"]
    assert failures["QR codes decode at 150 dpi"] == [
        "p. 1: the code for https://www.example.org/zonder-code does not decode"]
    assert any("quiet zone" in f for f in failures["QR module size, quiet zone"])


def card_with_code_at(x: float, y: float) -> bytes:
    """An A5 card whose only content is a code with its lower left corner at x, y."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(148 * MM, 210 * MM), invariant=1)
    canvas.setTrimBox((0, 0, 148 * MM, 210 * MM))
    symbol = make_symbol(URL)
    draw_symbol(canvas, symbol, x, y)
    canvas.linkURL(URL, (x, y, x + symbol.size, y + symbol.size))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def safe_zone_failures(pdf: bytes) -> list[str]:
    report = preflight_file("cards.pdf", pdf, Expectation({URL: URL}, "cards"))
    return next(c.failures for c in report.checks if c.name.startswith("safe zone"))


def test_a_code_near_the_trim_fails_the_safe_zone_its_quiet_zone_may_not():
    symbol = make_symbol(URL)
    quiet = symbol.quiet * symbol.module
    assert safe_zone_failures(card_with_code_at(6 * MM - quiet, 40 * MM)) == []
    failures = safe_zone_failures(card_with_code_at(3 * MM - quiet, 40 * MM))
    assert len(failures) == 1 and "p. 1: a code at 3.0," in failures[0]


def test_links_are_read_with_their_page_address_and_rectangle():
    long_url = "https://www.example.org/zoek?q=gelijke%20kansen&sector=vo&" + "x" * 300
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(210 * MM, 297 * MM), invariant=1)
    canvas.showPage()
    canvas.linkURL(URL, (100, 500, 160, 512))
    canvas.linkURL(long_url, (50, 40, 300, 60))
    canvas.showPage()
    canvas.save()
    pdf = buffer.getvalue()
    document = pdfium.PdfDocument(pdf)
    links = [link for index in range(len(document))
             for link in page_links(document, document[index], index)]
    assert [(link.page, link.url) for link in links] == [(1, URL), (1, long_url)]
    assert [tuple(round(v) for v in link.rect) for link in links] == [
        (100, 500, 160, 512), (50, 40, 300, 60)]


def test_a_link_without_a_clickable_area_is_named():
    expect = Expectation({URL: URL, "https://www.example.org/nergens":
                          "https://www.example.org/nergens"}, "document")
    report = preflight_file("bad.pdf", bad_pdf(), expect)
    failures = {check.name: check.failures for check in report.checks}
    assert failures["link annotations"] == [
        "no clickable link to https://www.example.org/nergens"]
