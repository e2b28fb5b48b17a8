"""The one module that uses ReportLab's private attributes.

Open-source ReportLab has no public way to add raw operators to a page or to lay out
a document without saving it; each use is here,
and ``tests/render/test_reportlab_internals.py`` fails loudly if ReportLab changes them.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate


def append_operators(canvas: Canvas, operators: str) -> None:
    """Write PDF operators into the current page's content as they are (no graphics state
    tracking: the operators must leave the state as they found it)."""
    canvas._code.append(operators)


class SaveLaterDocTemplate(BaseDocTemplate):
    """A document template whose ``build`` lays out every page but leaves the file unsaved,
    so forms it uses (page numbers known only at the end) can still be defined; the
    subclass calls ``self.canv.save()`` when they are."""

    def _endBuild(self) -> None:
        self._doSave = 0
        super()._endBuild()
