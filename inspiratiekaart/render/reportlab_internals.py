"""The one module that uses ReportLab's private attributes.

Open-source ReportLab has no public way to add raw operators to a page, to lay out a
document without saving it, to change a cell of a table it has split or to split a table
otherwise than it does; each use is here,
and ``tests/render/test_reportlab_internals.py`` fails loudly if ReportLab changes them.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Table


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


def replace_first_cell(table: Table, value: Flowable) -> None:
    """Put ``value`` in the top left cell of ``table`` (the part of a split table that
    repeats its heading row: the heading with a continuation mark instead)."""
    first_row = table._cellvalues[0]  # shared with the table it was split from: copied
    table._cellvalues[0] = [value, *first_row[1:]]


def split_within_rows_first(table: Table, width: float, height: float) -> list[Flowable]:
    """``table`` split to fill ``height``: inside the row at the break where its cells
    allow, else between rows (ReportLab tries between rows first, which can leave room the
    rest then fills after a second break on the same page)."""
    table._calc(width, height)
    return table._splitRows(height, doInRowSplit=1) or table._splitRows(height, doInRowSplit=0)


def frame_height(flowable: Flowable) -> float | None:
    """The whole inner height of the frame ``flowable`` is being laid out in, if any."""
    frame = getattr(flowable, "_frame", None)
    if frame is None:
        return None
    return frame.height - frame.topPadding - frame.bottomPadding


def split_despite_keeps(table: Table, width: float, height: float, frame: float
                        ) -> list[Flowable]:
    """``table`` split to fill ``height`` though it keeps rows together (NOSPLIT): the
    ranges taller than a whole ``frame``, which would never fit anywhere, are let go."""
    kept = table._nosplitCmds
    if not kept:
        return []
    rows = table._rowHeights

    def taller_than_frame(command) -> bool:
        first, last = (command[1][1] % table._nrows, command[2][1] % table._nrows)
        return sum(rows[first:last + 1]) > frame

    table._nosplitCmds = [command for command in kept if not taller_than_frame(command)]
    try:
        return split_within_rows_first(table, width, height)
    finally:
        table._nosplitCmds = kept
