"""How well text stands out from what it is printed on: the contrast ratio of WCAG 2 (from
1, none, to 21, black on white) between two CMYK colours as they look in print and on
screen, seen through the CMYK profile of ``layouts/press.yaml`` (the press condition the
colours are meant for; PDF viewers show CMYK a little differently, and the layouts'
``text_contrast`` leaves a margin for that).

Text in a pillar's colour takes that colour darkened as little as makes it readable
(:func:`darkened`); text on a coloured band takes the first of its colours that stands out
from the band (:func:`legible_on`).
"""

from __future__ import annotations

from collections.abc import Sequence

from .derived import from_layouts

CMYK = tuple[float, float, float, float]
"""Fractions from 0 to 1."""

PAPER: CMYK = (0.0, 0.0, 0.0, 0.0)


def cmyk(percentages: list[float]) -> CMYK:
    """CMYK percentages from a layout file as fractions."""
    c, m, y, k = (value / 100 for value in percentages)
    return (c, m, y, k)


def contrast(first: CMYK, second: CMYK) -> float:
    """The contrast ratio of two colours, ``(L1 + 0.05) / (L2 + 0.05)`` of their relative
    luminances, the lighter one's above."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@from_layouts  # seen through the press profile
def darkened(colour: CMYK, backgrounds: tuple[CMYK, ...], minimum: float) -> CMYK:
    """``colour`` with as little black added as makes it stand out from every one of
    ``backgrounds`` by ``minimum`` (its hue stays); ``colour`` itself when it already does,
    and black added to the full where nothing less will do."""
    c, m, y, k = colour
    black = round(k * 100)
    while black < 100 and any(contrast((c, m, y, black / 100), background) < minimum
                              for background in backgrounds):
        black += 1
    return colour if black == round(k * 100) else (c, m, y, black / 100)


def legible_on(background: CMYK, candidates: Sequence[CMYK], minimum: float) -> CMYK:
    """The first of ``candidates`` that stands out from ``background`` by ``minimum``;
    when none does, the one that stands out most."""
    for candidate in candidates:
        if contrast(candidate, background) >= minimum:
            return candidate
    return max(candidates, key=lambda candidate: contrast(candidate, background))


@from_layouts
def luminance(colour: CMYK) -> float:
    """The relative luminance (0 to 1) of how ``colour`` looks: its sRGB appearance through
    the press profile, each channel made linear."""
    red, green, blue = (_linear(channel) for channel in _appearance(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def _appearance(colour: CMYK) -> tuple[int, int, int]:
    from PIL import Image, ImageCms  # only when a colour's contrast is asked

    pixel = Image.new("CMYK", (1, 1), tuple(round(255 * value) for value in colour))
    return ImageCms.applyTransform(pixel, _to_screen()).getpixel((0, 0))


@from_layouts
def _to_screen():
    """The press profile's CMYK to sRGB, relative colorimetric (paper white is white), each
    colour worked out as it is asked (building a table for every colour takes longer than
    the few colours a layout has)."""
    from PIL import ImageCms

    from ..content.problems import Problem
    from . import ROOT, LayoutError, load_layout

    path = ROOT / load_layout("press").output_intent.profile
    try:
        profile = ImageCms.ImageCmsProfile(str(path))
    except (OSError, ImageCms.PyCMSError) as error:
        raise LayoutError([Problem("layouts/press.yaml", 0, "output_intent.profile",
                                   f"{path.name} cannot be read as a colour profile ({error}); "
                                   "give a CMYK output profile (.icc)")]) from None
    return ImageCms.buildTransform(profile, ImageCms.createProfile("sRGB"), "CMYK", "RGB",
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                   flags=ImageCms.Flags.NOOPTIMIZE)
