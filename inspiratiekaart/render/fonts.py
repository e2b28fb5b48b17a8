"""Register the committed fonts with ReportLab, once per process."""

from __future__ import annotations

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..layout import FONTS_DIR, load_layout
from ..layout.derived import from_layouts
from .reportlab_internals import mapped_characters

FACES = {"regular": (0, 0), "bold": (1, 0), "italic": (0, 1), "bold_italic": (1, 1)}


@from_layouts
def register_fonts() -> dict[str, str]:
    """Register every family of layouts/fonts.yaml; return family -> regular font name.

    The build calls this before its workers fork, so each inherits the parsed faces.
    """
    families = load_layout("fonts").families
    names = {}
    for family, faces in families.items():
        for face, filename in faces.items():
            font_name = face_name(family, face)
            pdfmetrics.registerFont(TTFont(font_name, FONTS_DIR / filename))
            bold, italic = FACES[face]
            addMapping(family_name(family), bold, italic, font_name)
        names[family] = face_name(family, "regular")
    return names


@from_layouts
def printable_characters() -> frozenset[int]:
    """The characters every face of layouts/fonts.yaml has a glyph for: what a text can
    hold, whichever face the layouts set it in (a character a face lacks would be left
    out of the page without a word)."""
    register_fonts()
    faces = [pdfmetrics.getFont(face_name(family, face))
             for family, files in load_layout("fonts").families.items() for face in files]
    return frozenset.intersection(*(mapped_characters(face) for face in faces))


def family_name(family: str) -> str:
    return f"ik-{family}"


def face_name(family: str, face: str) -> str:
    return f"ik-{family}-{face}"


def font_for(family: str, bold: bool = False, italic: bool = False) -> str:
    register_fonts()
    face = {(False, False): "regular", (True, False): "bold", (False, True): "italic",
            (True, True): "bold_italic"}[(bold, italic)]
    return face_name(family, face)
