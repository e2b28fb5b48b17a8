"""Colours of text: every letter of every output stands out from what is behind it by the
layouts' text_contrast, measured on the rendered page (the letter's colour as PDFium shows
it, the background from the pixels around it); text in a pillar's colour is darkened only
as far as that takes."""

from __future__ import annotations

import ctypes
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image
from reportlab.lib.colors import CMYKColor
from reportlab.pdfbase.pdfmetrics import stringWidth

from inspiratiekaart.content.loader import load_publication
from inspiratiekaart.layout import load_layout
from inspiratiekaart.links.registry import build_registry
from inspiratiekaart.render.blocks import StoryBuilder
from inspiratiekaart.render.placements import Placements
from inspiratiekaart.render.styles import BULLET_GAP, hung_for, paragraph_styles, readable, text_on
from tests.conftest import CONTENT
from tests.render.conftest import RESTYLED, bands, lefts

SCALE = 1.5
MINIMUM = 4.5


def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (linear(channel) for channel in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def ratio(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def surrounding(image: Image.Image, box: tuple[int, int, int, int]) -> tuple[int, int, int]:
    """The commonest colour on the edge of ``box``: what the letter inside stands on."""
    left, top, right, bottom = box
    pixels = image.load()
    edge = [(x, y) for x in range(left, right) for y in (top, bottom - 1)]
    edge += [(x, y) for y in range(top, bottom) for x in (left, right - 1)]
    return Counter(pixels[point] for point in edge).most_common(1)[0][0]


def faint_letters(path: Path) -> Counter:
    """(page, letter colour, background, ratio) -> how many letters, for every letter or
    digit that stands out less than MINIMUM."""
    faint: Counter = Counter()
    pdf = pdfium.PdfDocument(path)
    colour = [ctypes.c_uint() for _ in range(4)]
    edges = [ctypes.c_double() for _ in range(4)]
    for index in range(len(pdf)):
        page = pdf[index]
        image = page.render(scale=SCALE).to_pil().convert("RGB")
        height = page.get_height()
        textpage = page.get_textpage()
        for char in range(pdfium_c.FPDFText_CountChars(textpage.raw)):
            if not chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, char)).isalnum():
                continue
            pdfium_c.FPDFText_GetFillColor(textpage.raw, char, *colour)
            pdfium_c.FPDFText_GetCharBox(textpage.raw, char, *edges)
            left, right, bottom, top = (edge.value for edge in edges)
            box = (max(0, int(left * SCALE) - 2), max(0, int((height - top) * SCALE) - 2),
                   min(image.width, int(right * SCALE) + 3),
                   min(image.height, int((height - bottom) * SCALE) + 3))
            if box[2] - box[0] < 2 or box[3] - box[1] < 2:
                continue
            fill = tuple(c.value for c in colour[:3])
            behind = surrounding(image, box)
            if ratio(fill, behind) < MINIMUM:
                faint[(index + 1, fill, behind, round(ratio(fill, behind), 2))] += 1
    return faint


@pytest.mark.parametrize("name", ["brochure.pdf", "cards.pdf", "booklet-mbo.pdf"])
def test_every_letter_stands_out_from_what_is_behind_it(built, name):
    assert faint_letters(built / name) == Counter()


def test_the_layouts_ask_for_the_contrast_the_test_measures_and_a_margin():
    """The layouts work contrast out through the press profile; PDFium shows CMYK a little
    differently, so they ask a little more than the test measures."""
    assert MINIMUM < load_layout("brochure").text_contrast == load_layout("cards").text_contrast \
        <= MINIMUM + 0.2


def test_a_light_pillar_colour_is_darkened_for_text_and_a_dark_one_kept():
    layout = load_layout("brochure")
    green, purple = CMYKColor(0.55, 0, 0.85, 0.05), CMYKColor(0.45, 0.8, 0, 0)
    darker = readable(green, layout)
    assert (darker.cyan, darker.magenta, darker.yellow) == (0.55, 0, 0.85)
    assert darker.black > 0.3
    kept = readable(purple, layout)
    assert (kept.cyan, kept.magenta, kept.yellow) == (0.45, 0.8, 0)
    assert kept.black < 0.1  # a touch, for its tinted boxes


def test_band_text_is_white_on_a_dark_colour_and_black_on_a_light_one():
    layout = load_layout("cards")
    on_purple = text_on(CMYKColor(0.45, 0.8, 0, 0), layout.band.text_colours, layout)
    on_cyan = text_on(CMYKColor(0.75, 0.15, 0, 0), layout.band.text_colours, layout)
    assert (on_purple.black, on_cyan.black) == (0, 1)


def test_a_text_colour_the_content_chooses_is_used_for_its_pillar():
    """Black alone turns orange brown and green olive: the content may give a pillar the
    colour its text is set in (checked for contrast when the content is loaded)."""
    pub = load_publication(CONTENT)
    chosen = [pillar for pillar in pub.pillars if pillar.text_cmyk is not None]
    assert chosen
    builder = StoryBuilder("brochure", build_registry(pub), Placements("test.pdf"),
                           pillars=pub.pillars)
    for pillar in pub.pillars:
        text = builder.text_colour(CMYKColor(*pillar.cmyk))
        values = (text.cyan, text.magenta, text.yellow, text.black)
        if pillar.text_cmyk is not None:
            assert values == pillar.text_cmyk
        else:
            assert values[:3] == pillar.cmyk[:3]  # the pillar's own, black added


def test_a_bullet_hangs_bullet_hang_left_of_its_paragraphs_indent(built, restyled):
    """Every item's bullet in the pillars' sections (plain lists and boxes) stands as much
    further right as the restyled layout's bullet_hang is smaller."""
    layout = load_layout("brochure")
    width = layout.page.body_width + layout.page.gutter + layout.page.margin_column
    found = []
    for pdf in (built / "brochure.pdf", restyled / "brochure.pdf"):
        found.append(sorted(lefts(pdf, "•", first_page=bands(pdf, width)[0][0])))
    assert found[0] and len(found[0]) == len(found[1])
    moved = layout.bullet_hang - RESTYLED["bullet_hang"]
    assert found[1] == pytest.approx([left + moved for left in found[0]], abs=0.02)


@pytest.mark.parametrize("name", ["brochure", "booklet", "cards"])
def test_a_list_numbered_past_its_hang_is_indented_past_its_widest_number(name):
    item = paragraph_styles(name)["item"]
    assert hung_for(item, ["•"]) is item  # a bullet fits its hang
    numbers = [f"{n}." for n in range(1, 13)]
    hung = hung_for(item, numbers)
    widest = stringWidth("12.", item.bulletFontName, item.bulletFontSize)
    assert hung.leftIndent == pytest.approx(item.bulletIndent + widest
                                            + BULLET_GAP * item.bulletFontSize)
    assert hung.leftIndent > item.leftIndent and hung.bulletIndent == item.bulletIndent
