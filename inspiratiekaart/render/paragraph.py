"""ReportLab's paragraph, laid out once per width and tagged as it is drawn.

Tables, keep-together groups and our own height measurements ask a paragraph for its
size several times at the same width; ReportLab breaks its lines anew every time, which
is most of the layout work. This paragraph keeps the last result. Its text is marked
content of its structure element (``tagging``): a paragraph is a ``P`` unless told
otherwise; a hyphen that line breaking adds is a soft hyphen. A page or a box ends in
half a word (or at a hyphen of the text's own) only where a line or two fewer would not
end whole either. The style says how many lines in a row may end in a hyphen
(``hyphen_limit``), whether the last word may be split over the last two lines
(``hyphenate_last_word``) and whether the lines are balanced (headings: no word alone on
the last line).
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, paragraph

from .hyphenation import KeepingWhole
from .reportlab_internals import (
    ends_in_hyphen,
    hyphenated_heads,
    line_count,
    soften_added_hyphens,
)
from .tagging import Tagged, begin_text

SHORTER_BY = (1, 2)
"""How many lines short a split may end to end on a whole word."""


class Paragraph(Tagged, paragraph.Paragraph):
    """A ``reportlab.platypus.Paragraph`` that reuses its line breaks for the same width."""

    _wrapped: tuple[float, tuple[float, float]] | None = None
    fallback_role = "P"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._wrapped is not None and self._wrapped[0] == availWidth \
                and hasattr(self, "blPara"):  # a refused split drops the line breaks
            return self._wrapped[1]
        size = super().wrap(availWidth, availHeight)
        if not hasattr(self, "blPara"):  # no room for a line: the caller says so
            return size
        if self.too_many_hyphens():
            size = self.fewer_hyphens(availWidth, availHeight, self.style.hyphen_limit)
        if not getattr(self.style, "hyphenate_last_word", True) \
                and (head := hyphenated_heads(self).get(line_count(self) - 2)) is not None:
            size = self.last_word_whole(availWidth, availHeight, size, head)
        if getattr(self.style, "balance", False) and line_count(self) > 1:
            size = self.balanced(availWidth, availHeight, line_count(self))
        self._wrapped = (availWidth, size)
        return size

    def fewer_hyphens(self, width: float, height: float, limit: int) -> tuple[float, float]:
        """Laid out again with the word that ends the first run of more than ``limit``
        hyphenated lines kept whole, until no run is that long (or a word kept whole does
        not help: then the lines stay as they are)."""
        kept: set[str] = set()
        size = (self.width, self.height)
        while (head := too_many_in_a_row(hyphenated_heads(self), limit)) is not None \
                and head not in kept:
            kept.add(head)
            self.style = keeping_whole(self.style, frozenset({head}))  # with those kept
            size = super().wrap(width, height)
        return size

    def last_word_whole(self, width: float, height: float, size: tuple[float, float],
                        head: str) -> tuple[float, float]:
        """Laid out again with the paragraph's last word kept whole where hyphenation split
        it over the last two lines (``head`` ends the one before the last, which then held
        only the word's end, "reiken."), if that keeps the number of lines; else as it
        was."""
        lines, words = line_count(self), self.getPlainText().split()
        if not words or not words[-1].startswith(head):
            return size
        laid_out = self.style
        self.style = keeping_whole(laid_out, frozenset({head}))
        wrapped = super().wrap(width, height)
        if line_count(self) == lines and not self.too_many_hyphens():
            return wrapped
        self.style = laid_out
        return super().wrap(width, height)

    def too_many_hyphens(self) -> bool:
        """Whether more lines in a row end in a hyphenated word than the style allows."""
        limit = getattr(self.style, "hyphen_limit", 0)
        return bool(limit) and too_many_in_a_row(hyphenated_heads(self), limit) is not None

    def balanced(self, width: float, height: float, lines: int) -> tuple[float, float]:
        """Laid out at the narrowest width (to a point) that still holds it in ``lines``
        lines: its lines about equally long."""
        too_narrow, holds = 0.0, width
        while holds - too_narrow > 1:
            middle = (too_narrow + holds) / 2
            super().wrap(middle, height)
            too_narrow, holds = (too_narrow, middle) if line_count(self) <= lines \
                else (middle, holds)
        return super().wrap(holds, height)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Split to fill ``availHeight``, one or two lines short where the page or box
        would end in half a word and one of those lines ends whole (no line then left
        alone); not at all where the first part would be the fewest lines a split leaves
        and end so: the paragraph starts on the next page. A page two lines short reads
        better than one that ends in half a word."""
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2 or not ends_in_hyphen(self, line_count(parts[0])):
            return parts
        lines = line_count(parts[0])
        for fewer in SHORTER_BY:
            earlier = super().split(availWidth, (lines - fewer + 0.5) * self.style.leading)
            if len(earlier) < 2:
                return [] if fewer == 1 else parts
            if not ends_in_hyphen(self, line_count(earlier[0])):
                return earlier
        return parts

    def draw(self) -> None:
        """Drawn with soft hyphens where line breaking split a word."""
        soften_added_hyphens(self)
        super().draw()

    def beginText(self, x: float, y: float) -> PDFTextObject:
        text = super().beginText(x, y)
        begin_text(self.canv, text)
        return text


def too_many_in_a_row(heads: dict[int, str], limit: int) -> str | None:
    """Of the lines ending in a hyphenated word (line → the word's head), the head on the
    first line that makes more than ``limit`` of them in a row."""
    run, previous = 0, -2
    for line in sorted(heads):
        run = run + 1 if line == previous + 1 else 1
        previous = line
        if run > limit:
            return heads[line]
    return None


def keeping_whole(style: ParagraphStyle, heads: frozenset[str]) -> ParagraphStyle:
    """``style`` with a hyphenator that keeps the words starting with ``heads`` whole (and
    those its hyphenator kept whole already)."""
    hyphenator = style.hyphenationLang
    if isinstance(hyphenator, KeepingWhole):
        hyphenator, heads = hyphenator.hyphenator, hyphenator.heads | heads
    return ParagraphStyle(f"{style.name}-fewer-hyphens", parent=style,
                          hyphenationLang=KeepingWhole(hyphenator, heads))


class LinkParagraph(Paragraph):
    """A paragraph that is one link as a whole (an address printed in full): its box is
    the link's clickable area."""

    def __init__(self, text: str, style, url: str) -> None:
        super().__init__(text, style)
        self.url = url

    def draw(self) -> None:
        super().draw()
        self.canv.linkURL(self.url, (0, 0, self.width, self.height), relative=1)
