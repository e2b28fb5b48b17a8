"""ReportLab's paragraph, parsed once per text and style, laid out once per width.

Tables, keep-together groups and our own height measurements ask a paragraph for its
size several times at the same width; ReportLab breaks its lines anew every time, which
is most of the layout work. This paragraph keeps the last result.
"""

from __future__ import annotations

from reportlab.platypus import paragraph

from .fragments import parsed


class Paragraph(paragraph.Paragraph):
    """A ``reportlab.platypus.Paragraph`` that takes its parsed markup from the cache
    (:mod:`.fragments`) and reuses its line breaks for the same width."""

    _wrapped: tuple[float, tuple[float, float]] | None = None

    def __init__(self, text: str, style=None, bulletText=None, frags=None,
                 caseSensitive: int = 1, encoding: str = "utf8") -> None:
        if frags is None and style is not None and caseSensitive == 1:
            frags = parsed(text, style)  # a bullet given as text is kept as it is
            if frags is not None:
                text = paragraph.cleanBlockQuotedText(text)  # as ReportLab keeps it
        super().__init__(text, style, bulletText, frags, caseSensitive, encoding)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._wrapped is not None and self._wrapped[0] == availWidth \
                and hasattr(self, "blPara"):  # a refused split drops the line breaks
            return self._wrapped[1]
        size = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, size)
        return size
