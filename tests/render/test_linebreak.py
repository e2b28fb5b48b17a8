"""Line breaks for captions and addresses, and titles shortened to fit."""

from __future__ import annotations

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from inspiratiekaart.render import linebreak
from inspiratiekaart.render.fonts import font_for
from inspiratiekaart.render.linebreak import shorten_to_width, wrap_text

LONG_URL = ("https://www.onderwijskennis.nl/sites/onderwijskennis/files/media-files/"
            "Leidraad%20-%20Differentiatie%20als%20sleutel%20voor%20gelijke%20kansen.pdf")


@pytest.fixture(scope="module")
def font() -> str:
    return font_for("heading")


@pytest.mark.parametrize("width", [60, 100, 150])
def test_an_address_is_kept_whole_and_every_line_fits(font, width):
    lines = wrap_text(LONG_URL, font, 7, width)
    assert "".join(lines) == LONG_URL
    assert all(stringWidth(line, font, 7) <= width for line in lines)
    assert len(lines) > 1


def test_an_address_breaks_before_separators_never_inside_the_scheme(font):
    lines = wrap_text(LONG_URL, font, 7, 100)
    assert lines[0].startswith("https://www")
    assert all(line[0] in "/.-_?#~%=&" for line in lines[1:])


def test_a_word_with_no_separator_breaks_after_any_character(font):
    lines = wrap_text("x" * 200, font, 7, 50)
    assert "".join(lines) == "x" * 200 and len(lines) > 3


def test_words_break_at_spaces_first(font):
    assert wrap_text("12 gelijkekansen.nl/hoofdstuk", font, 6.5, 40)[0] == "12"


@pytest.mark.parametrize("width", [55, 70, 90])
def test_a_caption_number_keeps_the_start_of_its_address_on_its_line(font, width):
    caption = "6 · gezondeschool.nl/nieuws/aan-de-slag-met-schoolklimaat"
    lines = wrap_text(caption, font, 6.5, width)
    assert lines[0].startswith("6 · gezondeschool")
    assert " ".join(lines[:1]) + "".join(lines[1:]) == caption
    assert all(stringWidth(line, font, 6.5) <= width for line in lines)
    assert lines[1][0] in "/."


def test_a_title_that_fits_is_left_alone_a_long_one_ends_in_an_ellipsis(font):
    title = "Veilig en inclusief schoolklimaat, caring classrooms en self-efficacy"
    assert shorten_to_width(title, font, 7.5, 1000) == title
    short = shorten_to_width(title, font, 7.5, 120)
    assert short.endswith("…") and title.startswith(short[:-1])
    assert stringWidth(short, font, 7.5) <= 120


@pytest.mark.parametrize("text", ["x" * 20_000, "12 " + (LONG_URL * 150)[:20_000]])
def test_a_very_long_word_is_measured_a_bounded_number_of_times(font, monkeypatch, text):
    """The work grows with the length of the text, not with its square."""
    measured = []

    def counting(text: str, font_name: str, size: float) -> float:
        measured.append(len(text))
        return stringWidth(text, font_name, size)

    monkeypatch.setattr(linebreak, "stringWidth", counting)
    wrap_text.cache_clear()
    lines = wrap_text(text, font, 7, 100)
    assert "".join(lines) == text
    assert sum(measured) <= 4 * len(text), f"{len(measured)} measurements"
    assert all(stringWidth(line, font, 7) <= 100 for line in lines)
