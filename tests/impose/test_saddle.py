"""Saddle-stitched booklets: which page lands on which half of which sheet side."""

from __future__ import annotations

import io

import pytest
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject

from inspiratiekaart.impose import impose_saddle, saddle_order
from inspiratiekaart.pdfio import add_object

from .sources import MM, booklet, pages_of, render, text_origins, written


def reading_order(sides: list[tuple[int | None, int | None]]) -> list[int | None]:
    """The pages in the order a reader meets them once the stacked sheets are folded.

    Duplex on the short edge: a back's left half is behind its front's right half.
    """
    fronts, backs = sides[0::2], sides[1::2]
    first_half = [page for front, back in zip(fronts, backs, strict=True)
                  for page in (front[1], back[0])]
    second_half = [page for front, back in reversed(list(zip(fronts, backs, strict=True)))
                   for page in (back[1], front[0])]
    return first_half + second_half


def numbers_by_half(page: PageObject) -> tuple[list[str], list[str]]:
    """The page numbers printed on the left and on the right half of a sheet side."""
    middle = float(page.mediabox.width) / 2
    left, right = [], []
    for text, x, _ in text_origins(page):
        (left if x < middle else right).append(text)
    return left, right


def test_eight_pages_known_order() -> None:
    assert saddle_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]


@pytest.mark.parametrize("count", [4, 8, 12, 16, 28])
def test_order_reads_one_to_n_when_folded(count: int) -> None:
    assert reading_order(saddle_order(count)) == list(range(1, count + 1))


@pytest.mark.parametrize("count", [4, 8, 12, 16, 28])
def test_pages_land_on_their_halves(count: int) -> None:
    sheets = pages_of(written(impose_saddle(booklet(count))))
    assert len(sheets) == count // 2
    for sheet, (left, right) in zip(sheets, saddle_order(count), strict=True):
        assert numbers_by_half(sheet) == ([str(left)], [str(right)])
        assert float(sheet.trimbox.width) == pytest.approx(296 * MM)  # two A5 pages
        assert float(sheet.trimbox.height) == pytest.approx(210 * MM)
        assert float(sheet.mediabox.width) == pytest.approx((296 + 2 * 11) * MM)  # bleed, marks
        assert float(sheet.mediabox.height) == pytest.approx((210 + 2 * 11) * MM)


def with_split_contents(pdf: bytes) -> bytes:
    """``pdf`` with every page's content in two streams, the first one uncompressed."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        prefix = DecodedStreamObject()
        prefix.set_data(b"q Q\n")
        page[NameObject("/Contents")] = ArrayObject([add_object(writer, prefix),
                                                     page["/Contents"]])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pages_whose_content_is_in_several_streams_land_the_same() -> None:
    sheets = pages_of(written(impose_saddle(with_split_contents(booklet(8)))))
    for sheet, (left, right) in zip(sheets, saddle_order(8), strict=True):
        assert numbers_by_half(sheet) == ([str(left)], [str(right)])


@pytest.mark.parametrize("count", [0, 2, 6, 10, 30])
def test_page_count_must_be_multiple_of_four(count: int) -> None:
    with pytest.raises(ValueError, match="multiple of 4"):
        saddle_order(count)


def test_booklet_of_six_pages_is_refused() -> None:
    with pytest.raises(ValueError, match="multiple of 4"):
        impose_saddle(booklet(6))


def fold_tick_darkness(pdf: bytes, index: int) -> int:
    """The darkest channel value on the centre line within 5 mm of the top edge."""
    dpi = 150
    image = render(pdf, index, dpi)
    middle = image.width // 2
    rows = int(5 * MM * dpi / 72)
    return min(min(image.getpixel((x, y))) for x in range(middle - 1, middle + 2)
               for y in range(rows))


def test_fold_marks_on_every_side() -> None:
    """Backs as well as fronts: a print shop checks that the backs register with the
    fronts by their marks (the backs had none)."""
    pdf = written(impose_saddle(booklet(8)))
    assert all(fold_tick_darkness(pdf, side) < 160 for side in range(4))
