"""A document template shared by the brochure and the booklets.

It numbers pages, draws the running footer and feeds the table of contents from the
headings as they are laid out; its canvas tags what is drawn (``tagging``), and every
heading drawn adds its outline entry (bookmark).
"""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.doctemplate import LayoutError as ReportLabLayoutError

from ..layout import MM, Spec
from .blocks import Heading
from .contents import ContentsPage, define_number_forms
from .fonts import font_for
from .linebreak import shorten_to_width
from .markup import label
from .metadata import DocumentInfo, set_canvas_info
from .reportlab_internals import NoRoom, SaveLaterDocTemplate, save_identified
from .styles import colour
from .tagging import Element, TaggedCanvas

PageDecorator = Callable[[Canvas, "PublicationDoc"], None]


class PublicationDoc(SaveLaterDocTemplate):
    """A4 or A5 pages with a text column, a QR margin column, a footer and an outline.

    ``build`` lays out every page; :meth:`finish` numbers and saves.
    """

    def __init__(self, buffer: io.BytesIO, layout: Spec, info: DocumentInfo,
                 cover: PageDecorator | None = None, first_page_number: int | None = 1,
                 outside_pages: Callable[[int], dict[str, int]] | None = None,
                 footers: bool = True) -> None:
        page = layout.page
        super().__init__(buffer, pagesize=(page.width, page.height), leftMargin=page.inner,
                         rightMargin=page.width - page.inner - page.body_width - page.gutter
                         - page.margin_column, topMargin=page.top, bottomMargin=page.bottom,
                         lang=info.lang, invariant=1, initialFontName=font_for("text"),
                         enforceColorSpace="cmyk", keepTogetherClass=KeepWithStart)
        self.layout, self.info, self.buffer = layout, info, buffer
        self.section, self.first_page_number = "", first_page_number
        """None until :meth:`finish`: the footers are then forms, numbered when it is known."""
        self.sections: dict[int, str] = {}
        """The running section of every page whose footer waits for its number."""
        self.last_heading = ""
        """The text of the last heading laid out: what a block no page holds follows."""
        self.cover, self.footers = cover, footers
        self.outside_pages = outside_pages
        """Given this document's page count, the printed pages of parts joined after it."""
        self.number_fonts: dict[str, tuple[str, float]] = {}
        """Keys whose page number a contents page shows, with the font to print it in."""
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        full = Frame(0, 0, page.width, page.height, 0, 0, 0, 0, id="full")
        cover_template = PageTemplate("cover", [full], onPage=self._draw_cover)
        body_template = PageTemplate("body", [frame], onPageEnd=self._draw_footer)
        templates = [cover_template, body_template] if cover else [body_template]
        self.addPageTemplates(templates)

    def build(self, flowables: list[Flowable]) -> None:
        """Lay out every page on a tagging canvas (saved by :meth:`finish`)."""
        super().build(flowables, canvasmaker=TaggedCanvas)

    @property
    def headings(self) -> list[tuple[int, str, int, str]]:
        """(level, title, page, key) of every heading drawn, in order."""
        return self.canv.tagger.headings

    @property
    def structure(self) -> Element:
        """The document element of the structure tree drawn so far."""
        return self.canv.tagger.root

    def beforeDocument(self) -> None:
        """The document's information; every page is trimmed to its full size (the TrimBox
        a print shop looks for)."""
        set_canvas_info(self.canv, self.info)
        self.canv.setTrimBox((0, 0, self.layout.page.width, self.layout.page.height))

    def printed_number(self, page: int | None = None) -> int:
        return (page if page is not None else self.page) + (self.first_page_number or 1) - 1

    def _draw_cover(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        if self.cover is not None:
            self.cover(canvas, self)

    def _draw_footer(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        if not self.footers:
            return
        if self.first_page_number is None:
            self.sections[self.page] = self.section
            canvas.doForm(footer_form_name(self.page))
        else:
            self._footer(canvas, self.printed_number(), self.section)

    def _footer(self, canvas: Canvas, number: int, section: str) -> None:
        """The running footer: page number outside, section name inside."""
        spec, page = self.layout.footer, self.layout.page
        canvas.saveState()
        canvas.setFont(font_for("heading"), spec.size)
        canvas.setFillColor(colour(spec.colour))
        number_text = label("footer", page=number)
        right_edge = page.inner + footer_width(self.layout)
        font = font_for("heading")
        room = footer_width(self.layout) - stringWidth(number_text, font, spec.size) - spec.size
        section_text = shorten_to_width(label("footer_section", section=section), font,
                                        spec.size, room)  # its heading prints it whole
        if number % 2 == 0 and self.layout.get("mirror_footer", True):
            canvas.drawString(page.inner, spec.baseline, number_text)
            canvas.drawRightString(right_edge, spec.baseline, section_text)
        else:
            canvas.drawString(page.inner, spec.baseline, section_text)
            canvas.drawRightString(right_edge, spec.baseline, number_text)
        canvas.restoreState()

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        """Note which page numbers a contents page will need before it is drawn; stop a
        document that runs past :data:`MOST_PAGES`; name the section of a block that no
        page can hold by the heading it follows."""
        if self.page > MOST_PAGES:
            raise NoRoom(f"it runs past {MOST_PAGES:,} pages (a block that cannot fit a page "
                         "is split again on every page)")
        if flowables and isinstance(flowables[0], ContentsPage):
            self.number_fonts.update(flowables[0].number_fonts())
        try:
            super().handle_flowable(flowables)
        except ReportLabLayoutError:
            after = f", after the heading '{self.last_heading}'" if self.last_heading else ""
            raise NoRoom(f"a block is taller than a page (page {self.page}{after})") from None

    def finish(self, first_page_number: int | None = None) -> None:
        """Fill in the page numbers (footers waiting for them, the contents page's), save
        (with the file identifier of its bytes).

        ``first_page_number`` is the printed number of the first page, for a document laid
        out before it was known.
        """
        if self.first_page_number is None:
            self.first_page_number = first_page_number or 1
            for page, section in self.sections.items():
                self.canv.beginForm(footer_form_name(page))
                self._footer(self.canv, self.printed_number(page), section)
                self.canv.endForm()
        numbers = {key: str(self.printed_number(page)) for _, _, page, key in self.headings}
        if self.outside_pages is not None:
            numbers.update({k: str(v) for k, v in self.outside_pages(self.page).items()})
        define_number_forms(self.canv, numbers, self.number_fonts)
        save_identified(self.canv, self.buffer)

    def afterFlowable(self, flowable: Flowable) -> None:
        """The running section, from the headings that start one; the last heading."""
        if isinstance(flowable, Heading):
            self.last_heading = flowable.outline[1]
            if flowable.section is not None:
                self.section = flowable.section


class KeepWithStart(KeepTogether):
    """Flowables that keep with the next (a heading, a lead-in) on the page where the
    flowable after them starts, not where it all fits: where that one breaks across the
    page (a paragraph, a box), its first part stands under them and the rest runs on, as
    its own rules for a break allow (no line alone). Only where it cannot start there
    does the whole group move to the next page, as ReportLab's ``KeepTogether`` moves it.
    """

    def __init__(self, flowables: list[Flowable], maxHeight: float | None = None) -> None:
        super().__init__(flowables, maxHeight)
        self.group = list(flowables)

    def split(self, aW: float, aH: float) -> list[Flowable]:
        started = self.started_here(aW, aH)
        return started if started is not None else super().split(aW, aH)

    def started_here(self, width: float, height: float) -> list[Flowable] | None:
        """The group with its last flowable split so that its first part fills the room
        under the others, or None where it has no such part."""
        *kept, last = self.group
        if not kept:
            return None
        room = height - stacked_height(kept, self.canv, width) - last.getSpaceBefore()
        if room <= 0:
            return None
        parts = last.splitOn(self.canv, width, room)
        if len(parts) < 2 or isinstance(parts[0], ActionFlowable):
            return None
        if parts[0].wrapOn(self.canv, width, room)[1] > room:
            return None
        return [*kept, *parts]


def stacked_height(flowables: list[Flowable], canvas: Canvas, width: float) -> float:
    """The height ``flowables`` take one under another, with the space after each (at the
    most a frame puts between them)."""
    height = 0.0
    for index, flowable in enumerate(flowables):
        height += flowable.wrapOn(canvas, width, 1e6)[1] + flowable.getSpaceAfter()
        if index:
            height += flowable.getSpaceBefore()
    return height


def footer_form_name(page: int) -> str:
    return f"footer-{page}"


MOST_PAGES = 2_000
"""A document never runs to more pages: more is a layout that leaves a block no room, which
ReportLab splits again on page after page without end (a table row whose paddings are
taller than the page). The shipped publication's longest has 44."""

LARGEST_NUMBER = 999
"""The largest page number the footer is checked for."""


def footer_width(layout: Spec) -> float:
    """The footer's width: from the text column's left edge to the margin column's right."""
    page = layout.page
    return page.body_width + page.gutter + page.margin_column


def footer_problems(layout: Spec, where: str) -> list[tuple[str, str]]:
    """(label, what does not fit) for a page number wider than half the footer, which
    leaves the section's name the other half; ``where`` names the layout."""
    spec = layout.footer
    width = stringWidth(label("footer", page=LARGEST_NUMBER), font_for("heading"), spec.size)
    room = footer_width(layout) / 2
    if width <= room + 0.01:
        return []
    return [("footer", f"worded for page {LARGEST_NUMBER} it is {width / MM:.1f} mm wide at "
                       f"the footer's size ({spec.size:g}pt in {where}), more than half the "
                       f"footer ({room / MM:.1f} mm), the other half being the section's name")]
