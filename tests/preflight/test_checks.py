"""The checks of a print file: each names the file's page and what is wrong, and a file
finished as PDF/X-4 from clean pages passes them all."""

from __future__ import annotations

import io
import json

from reportlab.pdfgen.canvas import Canvas

from inspiratiekaart.impose import add_crop_marks, impose_saddle
from inspiratiekaart.impose.pdfx import finish_pdfx, output_intent
from inspiratiekaart.layout import MM, Spec
from inspiratiekaart.links.qr import draw_symbol, make_symbol, qr_spec
from inspiratiekaart.preflight.run import Expectation, preflight_file
from inspiratiekaart.render.fonts import font_for

A5 = (148 * MM, 210 * MM)
PRINT_CHECKS = {"fonts embedded", "page boxes (trim, bleed)", "PDF/X-4 identification",
                "output intent (CMYK profile)",
                "CMYK only (no RGB in content, images, annotations)",
                "total ink at most 300%", "body and small text in black ink alone",
                "QR codes in black ink alone", "lines under 0.5 pt in one ink at 100%"}


def draw_clean_page(canvas: Canvas) -> None:
    """A cover band into the bleed, body text and a code, all as a press wants them."""
    canvas.setFillColorCMYK(0.75, 0.15, 0, 0)
    canvas.rect(-3 * MM, 150 * MM, A5[0] + 6 * MM, 63 * MM, fill=1, stroke=0)
    canvas.setFillColorCMYK(0, 0, 0, 0.9)
    canvas.setFont(font_for("text"), 9.5)
    canvas.drawString(20 * MM, 100 * MM, "Lopende tekst in zwart")
    draw_symbol(canvas, make_symbol("https://www.example.org/"), 20 * MM, 40 * MM)


def clean_pdf() -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A5, invariant=1, initialFontName=font_for("text"))
    canvas.setTitle("Proef")
    canvas.setTrimBox((0, 0, *A5))
    draw_clean_page(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def bad_pdf(clean_after: int = 0) -> bytes:
    """Page 2 of a press file as it should not be: RGB, 350% ink, body text and a code in
    colour, a hairline in a light grey, no BleedBox; and the file is no PDF/X at all.
    ``clean_after`` clean pages follow it."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A5, invariant=1, initialFontName=font_for("text"))
    canvas.setTrimBox((0, 0, *A5))
    draw_clean_page(canvas)
    canvas.showPage()
    canvas.setFillColorRGB(0, 0, 1)
    canvas.rect(10, 10, 50, 50, fill=1, stroke=0)
    canvas.setFillColorCMYK(1, 1, 1, 0.5)
    canvas.rect(70, 10, 50, 50, fill=1, stroke=0)
    canvas.setStrokeColorCMYK(0, 0, 0, 0.25)
    canvas.setLineWidth(0.3)
    canvas.line(20 * MM, 80 * MM, 120 * MM, 80 * MM)
    canvas.setFillColorCMYK(1, 0.55, 0, 0.2)
    canvas.setFont(font_for("text"), 9.5)
    canvas.drawString(20 * MM, 100 * MM, "Een link in blauw")
    canvas.setFont(font_for("heading"), 6.5)
    canvas.drawString(20 * MM, 90 * MM, "een onderschrift in blauw")
    rich_black = Spec({**qr_spec(), "dark": [100, 0, 0, 100]})
    draw_symbol(canvas, make_symbol("https://www.example.org/", rich_black), 60 * MM,
                40 * MM, rich_black)
    canvas.showPage()
    for _ in range(clean_after):
        draw_clean_page(canvas)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def failures_of(pdf: bytes) -> dict[str, list[str]]:
    report = preflight_file("print/proef-press.pdf", pdf, Expectation({}, "press"))
    return {check.name: check.failures for check in report.checks}


def test_a_clean_press_file_passes_every_print_check() -> None:
    press = finish_pdfx(add_crop_marks(clean_pdf(), title="Proef"), output_intent(), "proef")
    failures = failures_of(press)
    assert set(failures) == PRINT_CHECKS
    assert all(found == [] for found in failures.values()), failures


def test_a_bad_print_file_fails_with_page_and_what() -> None:
    failures = failures_of(bad_pdf())
    assert failures["page boxes (trim, bleed)"] == ["p. 1: no /BleedBox",
                                                    "p. 2: no /BleedBox"]
    assert failures["PDF/X-4 identification"] == [
        "PDF 1.3: PDF/X-4 needs 1.6 or later",
        "document information: GTS_PDFXVersion is not PDF/X-4",
        "no XMP metadata"]
    assert failures["output intent (CMYK profile)"] == ["0 PDF/X output intents, not one"]
    assert failures["CMYK only (no RGB in content, images, annotations)"] == [
        "p. 2: colour set in RGB (0 0 1 rg)"]
    assert failures["total ink at most 300%"] == [
        "p. 2: a fill of 350% ink (C100 M100 Y100 K50)"]
    assert failures["body and small text in black ink alone"] == [
        "p. 2: body text (NotoSerif-Regular 9.5 pt) in C100 M55 Y0 K20",
        "p. 2: text under 9 pt (Lato-Regular 6.5 pt) in C100 M55 Y0 K20"]
    assert failures["lines under 0.5 pt in one ink at 100%"] == [
        "p. 2: a line of 0.30 pt in C0 M0 Y0 K25"]
    codes, = failures["QR codes in black ink alone"]
    assert codes.startswith("p. 2: a code (") and codes.endswith("rectangles) in C100 M0 Y0 K100")


def test_a_bleed_narrower_than_3_mm_is_named() -> None:
    pdf = finish_pdfx(add_crop_marks(clean_pdf(), bleed_mm=2, title="Proef"), output_intent(),
                      "proef")
    assert failures_of(pdf)["page boxes (trim, bleed)"] == [
        "p. 1: bleed 2.0 mm, less than 3 mm on a side"]


def test_the_build_passes_every_print_check(built) -> None:
    report = json.loads((built / "preflight.json").read_text(encoding="utf-8"))
    print_files = [entry for entry in report["files"] if entry["file"].startswith("print/")]
    assert len(print_files) == 11
    for entry in print_files:
        names = {check["check"] for check in entry["checks"]}
        assert names >= PRINT_CHECKS - {"page boxes (trim, bleed)"}, entry["file"]
        assert all(check["status"] == "ok" for check in entry["checks"]), entry


INK_CHECKS = ["CMYK only (no RGB in content, images, annotations)", "total ink at most 300%",
              "body and small text in black ink alone", "QR codes in black ink alone",
              "lines under 0.5 pt in one ink at 100%"]


def ink_failures(name: str, pdf: bytes, forms: dict | None) -> list[list[str]]:
    report = preflight_file(name, pdf, Expectation({}, "press"), forms)
    found = {check.name: check.failures for check in report.checks}
    return [found[name] for name in INK_CHECKS]


def test_a_booklets_press_and_saddle_files_read_their_shared_pages_once() -> None:
    booklet = bad_pdf(clean_after=2)
    press, saddle = (finish_pdfx(made, output_intent(), name) for made, name in
                     ((add_crop_marks(booklet), "press"), (impose_saddle(booklet), "saddle")))
    forms: dict = {}
    shared = [ink_failures("press.pdf", press, forms)]
    read = len(forms)
    shared.append(ink_failures("saddle.pdf", saddle, forms))
    assert len(forms) == read + 1  # the saddle's own marks form; none of its pages
    assert shared == [ink_failures("press.pdf", press, None),
                      ink_failures("saddle.pdf", saddle, None)]
    (press_rgb, press_ink, *_), (saddle_rgb, saddle_ink, *_) = shared
    assert press_rgb == ["p. 2: colour set in RGB (0 0 1 rg)"]
    assert press_ink == ["p. 2: a fill of 350% ink (C100 M100 Y100 K50)"]
    assert saddle_rgb == ["p. 2: colour set in RGB (0 0 1 rg)"]  # sheet 2: pages 2 and 3
    assert saddle_ink == ["p. 2: a fill of 350% ink (C100 M100 Y100 K50)"]
    assert all(failures for file in shared for failures in file)  # text and codes too
