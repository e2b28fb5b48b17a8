"""The contents page, laid out in a single pass.

Titles and their links are drawn where the contents stand; each page number is a
small form XObject that the document defines once the last page is laid out (a PDF
may use a form before it is defined), so no second layout pass is needed. Tagged, the
page is a ``TOC`` of ``TOCI`` items, each a ``Link`` holding its title and page number;
the entries of a level below (a pillar's themes) are a ``TOC`` inside their parent's item.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from .markup import escape
from .paragraph import Paragraph
from .tagging import Element, Tagged, content, drawing, tag


@dataclass(frozen=True)
class ContentsEntry:
    level: int
    text: str
    key: str
    linked: bool = True
    """False for an entry with nothing to go to (a pillar in the deck's contents)."""
    joined: bool = False
    """Its target lies in a part laid out apart: the link names it, and the document the
    parts are joined into defines the name."""


@dataclass
class ContentsTree:
    """The structure elements of a contents page's entries, kept by the parts of a split
    contents page."""

    items: dict[str, Element] = field(default_factory=dict)
    """The element each entry's title and number belong to, by key."""
    open: list[Element] = field(default_factory=list)
    """The item last made at each level: the entries of the level below nest in it."""
    lists: dict[Element, Element] = field(default_factory=dict)
    """The ``TOC`` of the entries nested in an item, by the item."""


def number_form_name(key: str) -> str:
    return f"pageno-{key}"


def define_number_forms(canvas: Canvas, numbers: dict[str, str],
                        fonts: dict[str, tuple[str, float]]) -> None:
    """Define the page-number forms the contents page used (right-aligned at the origin)."""
    for key, (font, size) in sorted(fonts.items()):
        canvas.beginForm(number_form_name(key), lowerx=-200, lowery=-size, upperx=0, uppery=size)
        canvas.setFont(font, size)
        canvas.drawRightString(0, 0, numbers.get(key, "–"))
        canvas.endForm()


class ContentsPage(Tagged, Flowable):
    """Contents lines: title (a link to its heading) and, at the right, its page number."""

    def __init__(self, entries: list[ContentsEntry], styles: list[ParagraphStyle],
                 number_width: float = 30, tree: ContentsTree | None = None) -> None:
        super().__init__()
        self.entries, self.styles, self.number_width = entries, styles, number_width
        self.tree = tree if tree is not None else ContentsTree()

    def item(self, entry: ContentsEntry) -> Element:
        """The element an entry's title and number belong to: a link in a TOC item, in
        the TOC of the item above it when it is of a lower level."""
        tree = self.tree
        if entry.key not in tree.items:
            del tree.open[entry.level:]
            parent = self.struct
            if tree.open:
                above = tree.open[-1]
                parent = tree.lists.setdefault(above, Element("TOC", above))
            toc_item = Element("TOCI", parent)
            tree.open.append(toc_item)
            tree.items[entry.key] = Element("Link", toc_item, description=entry.text) \
                if entry.linked else toc_item
        return tree.items[entry.key]

    def number_fonts(self) -> dict[str, tuple[str, float]]:
        """The font of every entry's page number, for the forms defined at the end."""
        return {e.key: (self._style(e).fontName, self._style(e).fontSize) for e in self.entries}

    def _style(self, entry: ContentsEntry) -> ParagraphStyle:
        return self.styles[min(entry.level, len(self.styles) - 1)]

    def _lines(self, width: float) -> list[tuple[ContentsEntry, Paragraph, float]]:
        lines = []
        for entry in self.entries:
            style = self._style(entry)
            paragraph = tag(Paragraph(escape(entry.text), style), self.item(entry))
            _, height = paragraph.wrap(width - self.number_width - style.leftIndent, 10_000)
            lines.append((entry, paragraph, height + style.spaceBefore))
        return lines

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.lines = self._lines(available_width)
        self.height = sum(height for _, _, height in self.lines)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        lines = self._lines(available_width)
        used, count = 0.0, 0
        for _, _, height in lines:
            if used + height > available_height:
                break
            used += height
            count += 1
        if count in (0, len(lines)):
            return []
        return [tag(ContentsPage(entries, self.styles, self.number_width, self.tree),
                    self.struct) for entries in (self.entries[:count], self.entries[count:])]

    def draw(self) -> None:
        top = self.height
        for entry, paragraph, height in self.lines:
            style = paragraph.style
            bottom = top - height
            item = self.item(entry)
            with drawing(self.canv, item):
                paragraph.drawOn(self.canv, style.leftIndent, bottom)
                baseline = bottom + height - style.spaceBefore - style.fontSize
                with content(self.canv, item):
                    self.canv.saveState()
                    self.canv.translate(self.width, baseline)
                    self.canv.doForm(number_form_name(entry.key))
                    self.canv.restoreState()
                if entry.linked:
                    self.canv.linkRect("", entry.key,
                                       (0, bottom, self.width, top - style.spaceBefore),
                                       relative=1, thickness=0, named=entry.joined)
            top = bottom
