"""Paragraph styles and colours built from a layout file's data."""

from __future__ import annotations

from reportlab.lib.colors import CMYKColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import TableStyle

from ..layout import Spec, cmyk, load_layout
from ..layout.contrast import CMYK, PAPER, darkened, legible_on
from ..layout.derived import from_layouts
from .fonts import font_for, register_fonts
from .hyphenation import TEXT_LANGUAGE, hyphenator


def colour(percentages: list[float] | tuple[float, ...]) -> CMYKColor:
    """A CMYK colour from percentages."""
    return CMYKColor(*cmyk(list(percentages)))


def fraction_colour(values: tuple[float, float, float, float], tint: float = 1.0) -> CMYKColor:
    """A CMYK colour from fractions (as pillars carry them), optionally tinted."""
    c, m, y, k = (value * tint for value in values)
    return CMYKColor(c, m, y, k)


def fractions(value: CMYKColor) -> CMYK:
    """The colour's four fractions."""
    return (value.cyan, value.magenta, value.yellow, value.black)


def tint_of(accent: CMYKColor, layout: Spec) -> CMYKColor:
    """The accent as the layout tints boxes with it."""
    return fraction_colour(fractions(accent), layout.tint)


def readable(accent: CMYKColor, layout: Spec) -> CMYKColor:
    """The accent for text: darkened (as little as it takes) until it stands out from the
    paper and from the accent's tint by the layout's ``text_contrast``."""
    return CMYKColor(*darkened(fractions(accent), (PAPER, fractions(tint_of(accent, layout))),
                               layout.text_contrast))


def text_on(band: CMYKColor, candidates: list[list[float]], layout: Spec) -> CMYKColor:
    """The first of ``candidates`` (a layout's percentages) that stands out from ``band``
    by the layout's ``text_contrast``."""
    return CMYKColor(*legible_on(fractions(band), [cmyk(c) for c in candidates],
                                 layout.text_contrast))


def markup_colour(value: CMYKColor) -> str:
    """The colour as ReportLab paragraph markup reads it."""
    return f"cmyk({value.cyan:.3f},{value.magenta:.3f},{value.yellow:.3f},{value.black:.3f})"


@from_layouts
def paragraph_styles(layout_name: str) -> dict[str, ParagraphStyle]:
    """Every style of ``layouts/<layout_name>.yaml`` as a ParagraphStyle."""
    register_fonts()
    layout = load_layout(layout_name)
    text_colour = colour(layout.colours.text)
    return {name: _style(name, spec, text_colour, layout.bullet_hang)
            for name, spec in layout.styles.items() if "family" in spec}


def _style(name: str, spec: Spec, text_colour: CMYKColor, bullet_hang: float
           ) -> ParagraphStyle:
    """The style ``spec``, its bullet ``bullet_hang`` left of its indent."""
    font = font_for(spec.family, spec.get("bold", False), spec.get("italic", False))
    indent = spec.get("indent", 0)
    return ParagraphStyle(
        name, fontName=font, fontSize=spec.size, leading=spec.leading,
        spaceBefore=spec.get("space_before", 0), spaceAfter=spec.get("space_after", 0),
        leftIndent=indent, bulletIndent=max(0, indent - bullet_hang), textColor=text_colour,
        alignment=TA_LEFT, allowWidows=0, allowOrphans=0,
        hyphenationLang=hyphenator(TEXT_LANGUAGE) if spec.get("hyphenate",
                                                              spec.family == "text")
        else "",
        embeddedHyphenation=1, uriWasteReduce=0.3, splitLongWords=1,
        keepWithNext=1 if spec.get("keep_with_next") else 0, balance=spec.get("balance", False),
        hyphen_limit=spec.hyphen_limit, hyphenate_last_word=spec.hyphenate_last_word,
        bulletFontName=font_for(spec.family, True), bulletFontSize=spec.size,
    )


BULLET_GAP = 0.6
"""How far after its bullet ReportLab starts a paragraph's first line at the least, times
the bullet's size: where a bullet is wider than its hang, the first line moves right."""


def hung_for(style: ParagraphStyle, markers: list[str]) -> ParagraphStyle:
    """``style``, or, where the widest of ``markers`` (a list's numbers) would push an
    item's first line right of its indent, ``style`` indented that far: every line of every
    item then starts at the same place."""
    widest = max((stringWidth(marker, style.bulletFontName, style.bulletFontSize)
                  for marker in markers), default=0.0)
    needed = style.bulletIndent + widest + BULLET_GAP * style.bulletFontSize
    if needed <= style.leftIndent + style.firstLineIndent:
        return style
    return ParagraphStyle(f"{style.name}-hung", parent=style, leftIndent=needed)


def table_style(commands: list) -> TableStyle:
    """A table style whose text cells use our font (ReportLab's default is Helvetica)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), font_for("text")), *commands])
