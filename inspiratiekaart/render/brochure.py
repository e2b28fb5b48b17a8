"""The A4 brochure: cover, contents, opening, one section per pillar, about, links, colophon.

Tagged (``tagging``): a ``Part`` per pillar, a ``Sect`` per theme and chapter, the
contents a ``TOC``, the cover's texts paragraphs; bands and rules are artifacts.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.colors import CMYKColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import getDescent, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
)

from ..content.model import Chapter, Pillar, Publication, Theme
from ..content.urls import readable_url
from ..layout import MM, Spec, load_layout
from ..links.registry import LinkRegistry
from .blocks import TREATMENTS, Heading, StoryBuilder
from .contents import ContentsEntry, ContentsPage
from .document import PublicationDoc
from .fonts import font_for, printable_characters
from .hyphenation import TEXT_LANGUAGE, hyphenator
from .linebreak import wrap_text
from .markup import escape, label
from .metadata import document_info
from .paragraph import LinkParagraph, Paragraph
from .placements import Placements
from .qrbox import QrStack
from .styles import colour, fraction_colour, markup_colour, table_style, text_on
from .tagging import Element, list_item, tag
from .tagging import text as tagged_text

LAYOUT = "brochure"
BOOKLET_LAYOUT = "booklet"
"""The layout of a sector's booklet, whose parts this module renders too."""

PARTS = ("cover", "contents", "opening", "pillars", "about", "links", "colophon")


@dataclass
class Rendered:
    """A rendered document and what its layout found out: pages and headings."""

    pdf: bytes
    pages: int
    headings: list[tuple[int, str, int, str]]
    """(level, title, page within this document, key) of every heading."""
    structure: Element
    """Its structure tree's document element (to carry into a document it is joined to)."""


def render_brochure(pub: Publication, registry: LinkRegistry, placements: Placements,
                    layout_name: str = LAYOUT, title: str | None = None) -> bytes:
    """The whole brochure as PDF bytes."""
    return render_parts(pub, registry, placements, PARTS, layout_name, title).pdf


class LaidOut:
    """A document laid out and not yet saved: its page count is known, its numbers not."""

    def __init__(self, doc: PublicationDoc, buffer: io.BytesIO) -> None:
        self.doc, self.buffer = doc, buffer

    @property
    def pages(self) -> int:
        return self.doc.page

    def finish(self, first_page_number: int | None = None, joined: bool = False) -> Rendered:
        """Number and save; a part ``joined`` into another document leaves its structure
        tree out of its file (the joining writes it, from ``Rendered.structure``)."""
        self.doc.canv.writes_structure = not joined
        self.doc.finish(first_page_number)
        return Rendered(self.buffer.getvalue(), self.doc.page, self.doc.headings,
                        self.doc.structure)


def lay_out_parts(pub: Publication, registry: LinkRegistry, placements: Placements,
                  parts: tuple[str, ...], layout_name: str = LAYOUT,
                  title: str | None = None, first_page_number: int | None = 1,
                  contents_tail: list[ContentsEntry] = (),
                  outside_pages: Callable[[int], dict[str, int]] | None = None,
                  footers: bool = True, listed: tuple[str, ...] | None = None) -> LaidOut:
    """The chosen parts of the publication, in order, laid out as one document (with no
    running footers when ``footers`` is False); its contents page lists the ``listed``
    parts (by default the chosen ones).

    With ``first_page_number`` None, the page numbers are filled in by ``finish``.
    """
    layout = load_layout(layout_name)
    builder = StoryBuilder(layout_name, registry, placements, sector=pub.sector,
                           pillars=pub.pillars)
    buffer = io.BytesIO()
    cover = (lambda canvas, d: draw_cover(canvas, pub, layout, title)) \
        if "cover" in parts else None
    doc = PublicationDoc(buffer, layout, document_info(pub, title), cover=cover,
                         first_page_number=first_page_number, outside_pages=outside_pages,
                         footers=footers)
    placements.reset()
    doc.build(parts_story(pub, builder, parts, list(contents_tail), listed))
    return LaidOut(doc, buffer)


def render_parts(pub: Publication, registry: LinkRegistry, placements: Placements,
                 parts: tuple[str, ...], layout_name: str = LAYOUT,
                 title: str | None = None, first_page_number: int = 1,
                 contents_tail: list[ContentsEntry] = (),
                 outside_pages: Callable[[int], dict[str, int]] | None = None) -> Rendered:
    """The chosen parts of the publication, in order, as one document."""
    return lay_out_parts(pub, registry, placements, parts, layout_name, title,
                         first_page_number, contents_tail, outside_pages).finish()


def parts_story(pub: Publication, builder: StoryBuilder, parts: tuple[str, ...],
                contents_tail: list[ContentsEntry],
                listed: tuple[str, ...] | None = None) -> list[Flowable]:
    story: list[Flowable] = []
    if "cover" in parts:
        story += [Spacer(1, 1), NextPageTemplate("body")]
        if len(parts) > 1:
            story.append(PageBreak())
    builders = {
        "contents": lambda: contents(pub, builder, listed or parts, contents_tail,
                                     tuple(part for part in listed or () if part not in parts)),
        "opening": lambda: opening(pub, builder),
        "pillars": lambda: [f for p in pub.pillars for f in pillar_section(pub, p, builder)],
        "about": lambda: chapter(pub.about, builder, "about"),
        "links": lambda: links_appendix(builder),
        "colophon": lambda: chapter(pub.colophon, builder, "colophon"),
    }
    for part in parts:
        if part != "cover":
            story += part_flowables(builders[part]())
    while story and isinstance(story[-1], PageBreak):
        story.pop()
    return without_space_before_breaks(story)


def without_space_before_breaks(story: list[Flowable]) -> list[Flowable]:
    """The story less the space that ends a part: at the foot of a full page it would
    move alone to a page of its own, blank but for its footer."""
    kept: list[Flowable] = []
    for flowable in story:
        if isinstance(flowable, PageBreak):
            while kept and type(kept[-1]) is Spacer:
                kept.pop()
        kept.append(flowable)
    return kept


def part_flowables(flowables: list[Flowable]) -> list[Flowable]:
    """A part's flowables without space before a page break, and without a page break
    that would end an empty page: a part with nothing to show adds no page, and the
    space after a part's last block never spills onto a page of its own."""
    kept: list[Flowable] = []
    for flowable in flowables:
        if isinstance(flowable, PageBreak):
            while kept and isinstance(kept[-1], Spacer):
                kept.pop()
            if not kept or isinstance(kept[-1], PageBreak):
                continue
        kept.append(flowable)
    return kept


def contents_entries(pub: Publication, parts: tuple[str, ...],
                     tail: list[ContentsEntry], apart: tuple[str, ...] = ()
                     ) -> list[ContentsEntry]:
    """The contents lines for the parts that follow the contents page, from the model;
    those of the parts ``apart`` link to a part laid out apart (see ``ContentsEntry``)."""
    entries: list[ContentsEntry] = []

    def entry(level: int, text: str, key: str, part: str) -> ContentsEntry:
        return ContentsEntry(level, text, key, joined=part in apart)

    if "opening" in parts:
        entries += [entry(0, t.title, f"theme-{t.id}", "opening") for t in pub.opening]
    if "pillars" in parts:
        for pillar in pub.pillars:
            themes = pub.themes_of(pillar)
            if themes:
                entries.append(entry(0, pillar.name, f"pillar-{pillar.id}", "pillars"))
                entries += [entry(1, t.title, f"theme-{t.id}", "pillars") for t in themes]
    if "about" in parts and pub.about.sections:
        entries.append(entry(0, pub.about.title, "about", "about"))
    if "links" in parts:
        entries.append(entry(0, label("links_title"), "links", "links"))
    if "colophon" in parts and pub.colophon.sections:
        entries.append(entry(0, pub.colophon.title, "colophon", "colophon"))
    return entries + tail


def contents(pub: Publication, builder: StoryBuilder, listed: tuple[str, ...],
             tail: list[ContentsEntry], apart: tuple[str, ...] = ()) -> list[Flowable]:
    """The contents page for the ``listed`` parts; those ``apart`` are laid out in another
    document."""
    title = label("contents_title")
    section = Element("Sect")
    page = tag(ContentsPage(contents_entries(pub, listed, tail, apart),
                            [builder.styles["toc_pillar"], builder.styles["toc_theme"]]),
               Element("TOC", section))
    return [Heading(escape(title), builder.styles["chapter_title"], 0, "contents", title,
                    section=title, parent=section), page, PageBreak()]


def opening(pub: Publication, builder: StoryBuilder) -> list[Flowable]:
    story: list[Flowable] = []
    accent = colour(builder.layout.colours.cover)
    for index, theme in enumerate(pub.opening):
        flowables = builder.theme(theme, accent, level=0)
        flowables[0].section = theme.title
        if index == 0:  # the first opening text ends by naming the pillars
            flowables = with_overview(flowables, pillar_overview(
                pub, builder, flowables[0].struct.parent), builder)
        story += [CondPageBreak(builder.layout.keep.opening), *flowables]
    story.append(PageBreak())
    return story


def with_overview(flowables: list[Flowable], overview: Table | None,
                  builder: StoryBuilder) -> list[Flowable]:
    """``flowables`` followed by the pillar overview, kept on one page with their last
    text: the sentence that announces it (the layout's ``pillar_overview.space_above``
    apart)."""
    if overview is None:
        return flowables
    last = max(i for i, flowable in enumerate(flowables) if not isinstance(flowable, Spacer))
    space = Spacer(0, builder.layout.pillar_overview.space_above)
    return [*flowables[:last], KeepTogether([*flowables[last:], space, overview]),
            Spacer(0, builder.layout.block_space * 2)]


def pillar_overview(pub: Publication, builder: StoryBuilder,
                    parent: Element | None) -> Table | None:
    """The pillars that have themes, with their colours and themes, from the content
    alone: a list in ``parent`` whose every item is a pillar's name and the list of its
    themes (None when no pillar has themes)."""
    pillars = pub.pillars_with_themes()
    if not pillars:
        return None
    overview = Element("L", parent)
    rows = []
    for pillar in pillars:
        accent = fraction_colour(pillar.cmyk)
        item = Element("LBody", Element("LI", overview))
        name = tag(Paragraph(f'<font color="{markup_colour(builder.text_colour(accent))}">'
                             f'{escape(pillar.name)}</font>', builder.styles["section_heading"]),
                   Element("P", item))
        rows.append([name, theme_list(pub.themes_of(pillar), builder, Element("L", item))])
    spec = builder.layout.pillar_overview
    width = builder.body_width + builder.side_width  # no codes beside it: the whole width
    table = Table(rows, colWidths=[spec.name_width, width - spec.name_width], hAlign="LEFT",
                  splitInRow=1)
    commands = [("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), spec.gap),
                ("RIGHTPADDING", (0, 0), (0, -1), 0),  # a name has the column less its gap
                ("TOPPADDING", (0, 0), (-1, -1), spec.row_padding),
                ("BOTTOMPADDING", (0, 0), (-1, -1), spec.row_padding)]
    commands += [("LINEBEFORE", (0, i), (0, i), spec.bar_width, fraction_colour(p.cmyk))
                 for i, p in enumerate(pillars)]
    table.setStyle(table_style(commands))
    return table


def theme_list(themes: tuple[Theme, ...], builder: StoryBuilder, parent: Element) -> list[Flowable]:
    """The themes' titles as the items of the list ``parent``, each after the layout's
    ``pillar_overview.bullet``."""
    bullet = escape(builder.layout.pillar_overview.bullet)
    items = []
    for theme in themes:
        item_label, body = list_item(parent)
        items.append(tag(Paragraph(escape(theme.title), builder.styles["item"],
                                   bulletText=bullet), body, item_label))
    return items


def pillar_section(pub: Publication, pillar: Pillar, builder: StoryBuilder) -> list[Flowable]:
    themes = pub.themes_of(pillar)
    if not themes:
        return []
    accent = fraction_colour(pillar.cmyk)
    part = Element("Part")
    style = ParagraphStyle("pillar", parent=builder.styles["pillar_title"],
                           textColor=builder.text_colour(accent), keepWithNext=1)
    story: list[Flowable] = [Heading(escape(pillar.name), style, 0, f"pillar-{pillar.id}",
                                     pillar.name, section=pillar.name, parent=part),
                             PillarRule(builder.body_width + builder.side_width, accent,
                                        builder.layout.pillar_rule)]
    for index, theme in enumerate(themes):
        if index:
            story.append(CondPageBreak(builder.layout.keep.theme))
        story += builder.theme(theme, accent, parent=part)
    story.append(PageBreak())
    return story


class PillarRule(Flowable):
    """A band in the pillar's colour under the pillar's name, as the layout's
    ``pillar_rule`` sets it: ``height`` the room it takes, the band ``thickness`` thick
    and ``rise`` above the room's foot."""

    def __init__(self, width: float, accent: CMYKColor, spec: Spec) -> None:
        super().__init__()
        self.width, self.height, self.accent, self.spec = width, spec.height, accent, spec

    def draw(self) -> None:
        self.canv.setFillColor(self.accent)
        self.canv.rect(0, self.spec.rise, self.width, self.spec.thickness, stroke=0, fill=1)


def chapter(chapter: Chapter, builder: StoryBuilder, key: str) -> list[Flowable]:
    if not chapter.sections:
        return []
    part = Element("Sect")
    story: list[Flowable] = [Heading(escape(chapter.title), builder.styles["chapter_title"], 0,
                                     key, chapter.title, section=chapter.title, parent=part)]
    accent = colour(builder.layout.colours.cover)
    for index, section in enumerate(chapter.sections):
        container = Element("Sect", part) if section.heading else part
        rows = [builder.text_row(text, "body", container) for text in section.text]
        heading = continued = None
        if section.heading:
            heading = Heading(escape(section.heading), builder.styles["section_heading"], 1,
                              f"{key}-{index}", section.heading, parent=container)
            continued = builder.continued_heading(section.heading, None, "section_heading")
        story += [builder.table(rows, TREATMENTS["plain"], accent, heading, continued,
                                container)]
    story.append(PageBreak())
    return story


def links_appendix(builder: StoryBuilder) -> list[Flowable]:
    """Every link by number with its code and full address (as a reader writes it)."""
    entries = [e for e in builder.registry if builder.sector is None
               or builder.sector in e.sectors]
    if not entries:
        return []
    title = label("links_title")
    section = Element("Sect")
    url_style = ParagraphStyle("url", parent=builder.styles["url"], hyphenationLang="")
    spec = builder.layout.appendix
    per_row = spec.columns
    cell = (builder.body_width + builder.side_width) / per_row
    text_width = cell - spec.code_column - 2 * spec.gap
    cells = []
    for entry in entries:
        url = readable_url(entry.url, printable_characters())
        lines = wrap_text(url, url_style.fontName, url_style.fontSize, text_width,
                          hyphenator(TEXT_LANGUAGE))
        text = LinkParagraph(f"<b>{entry.number}</b><br/>"
                             + "<br/>".join(escape(line) for line in lines), url_style,
                             entry.url)
        code = QrStack([entry], spec.code_column, builder.record, builder.layout.code_gap,
                       caption=False)
        address = Element("Link", Element("P", section), description=entry.url)
        cells.append([tag(code, section), tag(text, address)])
    rows = []
    for start in range(0, len(cells), per_row):
        row = [part for pair in cells[start:start + per_row] for part in pair]
        rows.append(row + ["", ""] * (per_row - len(cells[start:start + per_row])))
    widths = [spec.code_column + spec.gap, cell - spec.code_column - spec.gap] * per_row
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), spec.gap),
                               ("TOPPADDING", (0, 0), (-1, -1), spec.gap / 2),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), spec.gap / 2),
                               ("LINEBELOW", (0, 0), (-1, -2), builder.layout.rule_width,
                                colour(builder.layout.colours.rule))]))
    return [Heading(escape(title), builder.styles["chapter_title"], 0, "links", title,
                    section=title, parent=section), table, PageBreak()]


def booklet_title(pub: Publication, sector_id: str) -> str:
    """The title on the cover of a sector's booklet: the layouts' wording for it."""
    sector = pub.sector_named(sector_id)
    return label("cover_sector", title=pub.title, sector_name=sector.name)


@dataclass(frozen=True)
class CoverLines:
    """One text of the cover as it is set: its lines, font, first baseline and the lowest
    baseline it may reach (below that it runs into what follows)."""

    field: str
    """The field of publication.yaml it comes from."""
    lines: tuple[str, ...]
    font: str
    size: float
    x: float
    baseline: float
    leading: float
    floor: float
    width: float

    @property
    def last_baseline(self) -> float:
        return self.baseline - (len(self.lines) - 1) * self.leading

    def too_wide(self) -> bool:
        """Whether a line runs past the text's width (a text of one line, never wrapped)."""
        return any(stringWidth(line, self.font, self.size) > self.width + 0.01
                   for line in self.lines)

    def lines_that_fit(self) -> int:
        """How many of its lines fit above its floor."""
        return max(0, int((self.baseline - self.floor) / self.leading + 0.01) + 1) \
            if self.leading else int(self.baseline >= self.floor)


def cover_lines(pub: Publication, layout: Spec, title: str | None) -> list[CoverLines]:
    """Every text of the cover, set: programme, title, subtitle, tagline, publishers."""
    page, spec = layout.page, layout.cover
    width, height = page.width, page.height
    band_bottom = height * spec.band_bottom
    x, text_width = page.inner, width - 2 * page.inner
    heading, bold = font_for("heading"), font_for("heading", bold=True)
    publishers = label("cover_publishers", publishers=pub.publishers, year=pub.year)
    clear = page.bottom + spec.publishers_size * spec.leading  # above the publishers' line

    def wrapped(field: str, text: str, top: float, box: float, font: str, size: float,
                floor: float) -> CoverLines:
        leading = size * spec.leading
        return CoverLines(field, tuple(simpleSplit(text, font, size, box)) if text else (),
                          font, size, x, top - leading, leading,
                          floor - getDescent(font, size), box)

    texts = [CoverLines("programme", (pub.programme.upper(),), bold, spec.programme_size, x,
                        height - page.top - spec.programme_baseline, 0, band_bottom, text_width)]
    texts.append(wrapped("title", title or pub.title, height * spec.title_top, text_width,
                         bold, spec.title_size, band_bottom))
    texts.append(wrapped("subtitle", pub.subtitle, texts[-1].last_baseline - spec.subtitle_gap,
                         text_width, heading, spec.subtitle_size, band_bottom))
    texts.append(wrapped("tagline", pub.tagline, band_bottom - spec.tagline_gap,
                         text_width * spec.tagline_width, font_for("text", italic=True),
                         spec.tagline_size, clear))
    texts.append(CoverLines("publishers", (publishers,), heading, spec.publishers_size, x,
                            page.bottom, 0, 0, text_width))
    return texts


def draw_cover(canvas: Canvas, pub: Publication, layout: Spec, title: str | None) -> None:
    """The cover: title block in the cover colour, the pillars' colours, publishers, year.

    The colours run the layout's ``bleed`` beyond the page (trimmed in the reading PDF,
    kept in the press files). Every text fits its place (:func:`cover_problems` said so
    when the content was loaded).
    """
    page, spec = layout.page, layout.cover
    width, height = page.width, page.height
    band_bottom = height * spec.band_bottom
    bleed = layout.get("bleed", 0.0)
    canvas.saveState()
    canvas.setFillColor(colour(layout.colours.cover))
    canvas.rect(-bleed, band_bottom, width + 2 * bleed, height - band_bottom + bleed, stroke=0,
                fill=1)
    stripe = width / max(1, len(pub.pillars))
    for index, pillar in enumerate(pub.pillars):
        left = index * stripe - (bleed if index == 0 else 0)
        right = (index + 1) * stripe + (bleed if index == len(pub.pillars) - 1 else 0)
        canvas.setFillColor(fraction_colour(pillar.cmyk))
        canvas.rect(left, band_bottom - spec.stripe_height, right - left, spec.stripe_height,
                    stroke=0, fill=1)
    canvas.setFillColor(text_on(colour(layout.colours.cover), spec.band_text_colours, layout))
    for text in cover_lines(pub, layout, title):
        if text.field == "tagline":  # and the publishers' line after it, under the band
            canvas.setFillColor(colour(spec.tagline_colour))
        with tagged_text(canvas):
            canvas.setFont(text.font, text.size)
            for index, line in enumerate(text.lines):
                canvas.drawString(text.x, text.baseline - index * text.leading, line)
    canvas.restoreState()


def in_lines(count: int) -> str:
    """'1 line', '3 lines'."""
    return f"{count} line{'s' * (count != 1)}"


def overview_problems(pub: Publication, layout: Spec, place: str
                      ) -> list[tuple[str, str, str]]:
    """(field, ``place``, what does not fit) for a word of a pillar's name wider than the
    pillar overview's name column: unless its style hyphenates, it is cut anywhere."""
    style, spec = layout.styles.section_heading, layout.pillar_overview
    if style.get("hyphenate", style.family == "text"):
        return []
    font = font_for(style.family, style.get("bold", False), style.get("italic", False))
    room = spec.name_width - spec.gap
    problems = []
    for index, pillar in enumerate(pub.pillars):
        wide = [word for word in pillar.name.split()
                if stringWidth(word, font, style.size) > room + 0.01]
        if wide and pub.themes_of(pillar):
            problems.append((f"pillars[{index}].name", place,
                             f"'{wide[0]}' is {stringWidth(wide[0], font, style.size) / MM:.1f}"
                             f" mm wide where {room / MM:.1f} mm fit"))
    return problems


def cover_problems(pub: Publication, layout: Spec, title: str | None, place: str
                   ) -> list[tuple[str, str, str]]:
    """(field, ``place``, what does not fit) for every text too long for its place on the
    cover; a subtitle only when the title above it fits."""
    problems: list[tuple[str, str, str]] = []
    for text in cover_lines(pub, layout, title):
        fit = text.lines_that_fit()
        if text.too_wide():
            problems.append((text.field, place, "its line is too wide"))
        elif len(text.lines) > fit and not (text.field == "subtitle" and problems):
            under = " under the title" if text.field == "subtitle" else ""
            problems.append((text.field, place,
                             f"{in_lines(len(text.lines))} where {fit} fit{under}"))
    return problems
