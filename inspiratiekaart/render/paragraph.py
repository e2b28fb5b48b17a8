"""ReportLab's paragraph, laid out once per width.

Tables, keep-together groups and our own height measurements ask a paragraph for its
size several times at the same width; ReportLab breaks its lines anew every time, which
is most of the layout work. This paragraph keeps the last result.
"""

from __future__ import annotations

from reportlab.platypus import paragraph


class Paragraph(paragraph.Paragraph):
    """A ``reportlab.platypus.Paragraph`` that reuses its line breaks for the same width."""

    _wrapped: tuple[float, tuple[float, float]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._wrapped is not None and self._wrapped[0] == availWidth \
                and hasattr(self, "blPara"):  # a refused split drops the line breaks
            return self._wrapped[1]
        size = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, size)
        return size
