from __future__ import annotations

from collections.abc import Iterator

from inspiratiekaart.render.paragraph import Paragraph
from inspiratiekaart.render.reportlab_internals import ends_in_added_hyphen, line_count
from inspiratiekaart.render.styles import paragraph_styles

STYLE = paragraph_styles("booklet")["body"]
TEXT = ("Kinderen en jongeren met een vluchtachtergrond ervaren vaak langdurige stress door "
        "hun oorlogsverleden, de vlucht zelf en de situatie in hun nieuwe land. Dit kan hun "
        "fysieke en mentale gezondheid ernstig aantasten, waardoor hun gezondheidskapitaal "
        "laag is. Het vinden van de juiste hulp is uitdagend, omdat ouders en kinderen en "
        "jongeren vaak niet weten waar ze deze kunnen vinden, wat leidt tot langdurige "
        "klachten die onbehandeld blijven. De onzekere asielperiode draagt ook bij aan "
        "psychische problemen.")


def breaks(hyphen_before: bool) -> Iterator[tuple[float, int]]:
    """(width, lines) where a split after ``lines`` lines would end in an added hyphen,
    the line before that ends in one or not as asked, and no line would be left alone."""
    for width in range(150, 320, 4):
        laid_out = whole(width)
        for lines in range(3, line_count(laid_out) - 2):
            if ends_in_added_hyphen(laid_out, lines) \
                    and ends_in_added_hyphen(laid_out, lines - 1) == hyphen_before:
                yield width, lines


def whole(width: float) -> Paragraph:
    laid_out = Paragraph(TEXT, STYLE)
    laid_out.wrap(width, 1e6)
    return laid_out


def split_at(width: float, lines: int) -> list[Paragraph]:
    return whole(width).split(width, lines * STYLE.leading + 0.1)


def test_a_split_that_would_end_in_half_a_word_ends_a_line_earlier():
    found = list(breaks(hyphen_before=False))
    assert len(found) > 5
    for width, lines in found:
        first, rest = split_at(width, lines)
        assert line_count(first) == lines - 1, (width, lines)
        rest.wrap(width, 1e6)
        assert line_count(first) + line_count(rest) == line_count(whole(width))


def test_a_split_keeps_its_last_line_where_the_one_before_also_ends_in_half_a_word():
    found = list(breaks(hyphen_before=True))
    assert found
    for width, lines in found:
        assert line_count(split_at(width, lines)[0]) == lines, (width, lines)
