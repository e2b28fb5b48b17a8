"""The cards' press file as the press sees it: Ghostscript separates every page into its
four plates, and every QR code and all body and small text lie on the black plate alone."""

from __future__ import annotations

import csv
import ctypes
import shutil
import subprocess
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
import zxingcpp
from PIL import Image, ImageChops, ImageDraw

DPI = 150
BODY_FONT = "NotoSerif"  # layouts/fonts.yaml's text family
SMALL = 9.0  # layouts/press.yaml black_text.below, in pt
PLATES = ("Cyan", "Magenta", "Yellow", "Black")

pytestmark = pytest.mark.skipif(shutil.which("gs") is None,
                                reason="Ghostscript (gs) is not installed; .ci/run installs it")


def separate(pdf: Path, folder: Path) -> Path:
    """Every page of ``pdf`` as a composite and four plates (Ghostscript's tiffsep), in
    ``folder``, and the same without its text (-dFILTERTEXT) in ``folder/no-text``."""
    for target, options in ((folder, []), (folder / "no-text", ["-dFILTERTEXT"])):
        target.mkdir(exist_ok=True)
        subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", *options,
                        "-sDEVICE=tiffsep", f"-r{DPI}", "-o", str(target / "p%03d.tif"),
                        str(pdf)], check=True, timeout=600)
    return folder


@pytest.fixture(scope="module")
def separations(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return separate(built / "print" / "cards-press.pdf", tmp_path_factory.mktemp("plates"))


def plate(folder: Path, page: int, name: str) -> Image.Image:
    """One plate of a page: 255 where it prints no ink, 0 where it prints solid."""
    return Image.open(folder / f"p{page:03d}({name}).tif").convert("L")


def codes_per_page(built: Path) -> dict[int, int]:
    """How many codes links.csv says each page of the deck prints (pages from 1)."""
    counts: dict[int, int] = {}
    with open(built / "links.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for place in row["printed"].split("; "):
                if place.startswith("cards.pdf p. "):
                    for page in place.removeprefix("cards.pdf p. ").split(", "):
                        counts[int(page)] = counts.get(int(page), 0) + 1
    return counts


def deck_pages(built: Path) -> int:
    return len(pypdfium2.PdfDocument(built / "print" / "cards-press.pdf"))


def decoded(image: Image.Image) -> list[tuple[str, tuple[int, int, int, int]]]:
    """Each code zxing-cpp reads in ``image``: its text and its pixel box."""
    found = []
    for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        corners = (result.position.top_left, result.position.top_right,
                   result.position.bottom_left, result.position.bottom_right)
        xs, ys = [p.x for p in corners], [p.y for p in corners]
        found.append((result.text, (min(xs), min(ys), max(xs) + 1, max(ys) + 1)))
    return sorted(found)


def inkless(image: Image.Image, mask: Image.Image | None = None) -> bool:
    """No ink on this plate (within ``mask``'s white pixels, when given)."""
    if mask is not None:
        image = ImageChops.lighter(image, ImageChops.invert(mask))
    return image.getextrema()[0] == 255


def text_boxes(pdf: Path, index: int, height: int) -> list[tuple[int, int, int, int]]:
    """The pixel boxes of every character of body text (the text family, any size) and of
    small text (any family under 9 pt) on a page, as PDFium reads them."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        textpage = document[index].get_textpage()
        buffer, flags = ctypes.create_string_buffer(256), ctypes.c_int()
        boxes = []
        for char in range(textpage.count_chars()):
            if textpage.get_text_range(char, 1).isspace():
                continue
            pdfium_c.FPDFText_GetFontInfo(textpage.raw, char, buffer, 256, ctypes.byref(flags))
            size = pdfium_c.FPDFText_GetFontSize(textpage.raw, char)
            if BODY_FONT in buffer.value.decode() or size < SMALL:
                left, bottom, right, top = textpage.get_charbox(char)
                scale = DPI / 72
                boxes.append((int(left * scale), int(height - top * scale),
                              int(right * scale) + 1, int(height - bottom * scale) + 1))
        return boxes
    finally:
        document.close()


def coloured_codes(folder: Path, page: int) -> tuple[list[str], list[str]]:
    """The codes read on the black plate, and each one with ink of another plate."""
    on_black = decoded(plate(folder, page, "Black"))
    wrong = [f"p. {page}: a code has {name} ink" for _, box in on_black
             for name in PLATES[:3] if not inkless(plate(folder, page, name).crop(box))]
    return [text for text, _ in on_black], wrong


def coloured_text(pdf: Path, folder: Path, page: int) -> tuple[int, list[str]]:
    """How many pixels the body and small text of a page print (those its text changes on
    any plate: a glyph, not the tint or band behind it), and the plates other than black
    that print ink on them."""
    plates = [plate(folder, page, name) for name in PLATES]
    area = Image.new("L", plates[0].size, 0)
    draw = ImageDraw.Draw(area)
    for box in text_boxes(pdf, page - 1, area.height):
        draw.rectangle(box, fill=255)
    changed = Image.new("L", area.size, 0)
    for name, image in zip(PLATES, plates, strict=True):
        difference = ImageChops.difference(image, plate(folder / "no-text", page, name))
        changed = ImageChops.lighter(changed, difference.point(lambda v: 255 if v else 0))
    glyphs = ImageChops.darker(area, changed)
    wrong = [f"p. {page}: body or small text has {name} ink"
             for name, image in zip(PLATES[:3], plates, strict=False)
             if not inkless(image, glyphs)]
    return sum(glyphs.histogram()[255:]), wrong


def test_every_code_is_on_the_black_plate_alone(built: Path, separations: Path) -> None:
    expected = codes_per_page(built)
    assert sum(expected.values()) > 50
    for page in range(1, deck_pages(built) + 1):
        composite = Image.open(separations / f"p{page:03d}.tif").convert("RGB")
        found, wrong = coloured_codes(separations, page)
        assert len(found) == expected.get(page, 0), f"p. {page}"
        assert [text for text, _ in decoded(composite)] == found
        assert wrong == []


def test_body_and_small_text_are_on_the_black_plate_alone(built: Path,
                                                          separations: Path) -> None:
    pdf = built / "print" / "cards-press.pdf"
    glyph_pixels = 0
    for page in range(1, deck_pages(built) + 1):
        pixels, wrong = coloured_text(pdf, separations, page)
        glyph_pixels += pixels
        assert wrong == []
    assert glyph_pixels > 100_000  # the deck's text was found, and read


def test_text_and_a_code_in_colour_are_seen(tmp_path: Path) -> None:
    """Body text in the deck's old link colour and a code in rich black fail the checks."""
    from reportlab.pdfgen.canvas import Canvas

    from inspiratiekaart.layout import Spec
    from inspiratiekaart.links.qr import draw_symbol, make_symbol, qr_spec
    from inspiratiekaart.render.fonts import font_for

    pdf = tmp_path / "colour.pdf"
    canvas = Canvas(str(pdf), pagesize=(420, 595), invariant=1)
    canvas.setFont(font_for("text"), 9.5)
    canvas.setFillColorCMYK(1, 0.55, 0, 0.2)
    canvas.drawString(40, 500, "Bekijk deze leidraad voor het hele schoolteam")
    rich_black = Spec({**qr_spec(), "dark": [100, 0, 0, 100]})
    draw_symbol(canvas, make_symbol("https://www.example.org/", rich_black), 40, 300,
                rich_black)
    canvas.showPage()
    canvas.save()
    folder = separate(pdf, tmp_path)
    pixels, wrong_text = coloured_text(pdf, folder, 1)
    assert pixels > 100
    assert wrong_text == ["p. 1: body or small text has Cyan ink",
                          "p. 1: body or small text has Magenta ink"]
    assert coloured_codes(folder, 1) == (["https://www.example.org/"],
                                         ["p. 1: a code has Cyan ink"])
