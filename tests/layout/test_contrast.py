"""Contrast of CMYK colours as they look through the press profile: WCAG 2 ratios, black
added as little as makes text readable, the first band text colour that stands out."""

from __future__ import annotations

import pytest

from inspiratiekaart.layout.contrast import PAPER, contrast, darkened, legible_on

BLACK = (0.0, 0.0, 0.0, 1.0)
CYAN = (0.75, 0.15, 0.0, 0.0)
GREEN = (0.55, 0.0, 0.85, 0.05)
PURPLE = (0.45, 0.8, 0.0, 0.0)


def test_the_ratio_runs_from_one_for_a_colour_on_itself_to_well_over_ten_for_black_ink():
    assert contrast(CYAN, CYAN) == pytest.approx(1.0)
    assert contrast(BLACK, PAPER) == pytest.approx(contrast(PAPER, BLACK))
    assert contrast(BLACK, PAPER) > 12  # black ink on paper is not screen black
    assert contrast((0, 0, 0, 0.3), PAPER) < contrast((0, 0, 0, 0.6), PAPER) \
        < contrast(BLACK, PAPER)


@pytest.mark.parametrize("colour", [CYAN, GREEN, (0.0, 0.55, 0.95, 0.0)])
def test_a_light_pillar_colour_gets_just_enough_black_for_text(colour):
    tint = tuple(0.12 * value for value in colour)
    text = darkened(colour, (PAPER, tint), 4.5)
    assert text[:3] == colour[:3] and text[3] > colour[3]
    assert min(contrast(text, PAPER), contrast(text, tint)) >= 4.5
    lighter = (*text[:3], text[3] - 0.01)
    assert min(contrast(lighter, PAPER), contrast(lighter, tint)) < 4.5


def test_a_colour_dark_enough_already_is_left_as_it_is():
    assert darkened(PURPLE, (PAPER,), 4.5) == PURPLE
    assert darkened(BLACK, (PAPER,), 4.5) == BLACK


def test_black_is_added_to_the_full_where_nothing_less_will_do():
    assert darkened(CYAN, ((0, 0, 0, 0.7),), 4.5)[3] == 1.0  # on dark grey: never enough


def test_band_text_takes_the_first_colour_that_stands_out_else_the_best():
    white_or_black = [PAPER, BLACK]
    assert legible_on(PURPLE, white_or_black, 4.5) == PAPER
    assert legible_on(CYAN, white_or_black, 4.5) == BLACK
    assert legible_on(CYAN, [PAPER, (0, 0, 0, 0.1)], 4.5) == PAPER  # neither: the better
