"""Themes and their blocks as flowables: text on the left, QR codes beside it.

Every block is a table of rows ``[text, codes]``: a row never splits from its codes,
tables split between rows, and a block's look (tinted box, rule, outline …) comes
from the layout's ``blocks`` table. Each flowable is tagged with the structure element
it belongs to (``tagging``): a theme is a section, its title and block titles headings,
items list items, quotes block quotes, codes figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib.colors import CMYKColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from ..content.model import Block, Item, Link, Pillar, RichText, Theme
from ..layout import Spec, load_layout
from ..links.registry import LinkEntry, LinkRegistry
from .markup import block_title, escape, label, rich_markup
from .paragraph import Paragraph
from .placements import Placements
from .qrbox import QrRow, QrStack, captioned_height
from .quotes import attributed, quoted
from .reportlab_internals import (
    frame_height,
    put_above_first_cell,
    replace_first_cell,
    rows_height,
    split_despite_keeps,
    split_within_rows_first,
    whole_rows,
)
from .styles import (
    colour,
    fractions,
    hung_for,
    markup_colour,
    paragraph_styles,
    readable,
    table_style,
    tint_of,
)
from .tagging import Element, artifact, heading, list_item, tag


class Heading(Paragraph):
    """A paragraph that is also an outline entry (added when it is drawn, as a heading
    of the structure tree) and a contents line."""

    def __init__(self, text: str, style: ParagraphStyle, level: int, key: str,
                 outline_text: str, section: str | None = None,
                 parent: Element | None = None) -> None:
        super().__init__(text, style)
        self.outline = (level, outline_text, key)
        self.section = section
        self.struct = heading(level, outline_text, key, parent)


def distinct(gathered: list[list[LinkEntry]]) -> list[LinkEntry]:
    """The entries of the rows' lists, each once, in order."""
    return list({entry.url: entry for entries in gathered for entry in entries}.values())


@dataclass
class Row:
    """One row of a block table: text flowables and the links to show beside them."""

    flowables: list[Flowable]
    links: list[LinkEntry] = field(default_factory=list)
    struct: Element | None = None
    """The element the row's codes belong to (after its text)."""
    leads_in: bool = False
    """It introduces the row after it (a block's last paragraph before its items), and
    stays on its page."""


RowMaker = Callable[["StoryBuilder", Block, CMYKColor, Element | None], list[Row]]


@dataclass(frozen=True)
class Treatment:
    """How a block looks, named in a layout's ``blocks`` table by its block kind."""

    rows: RowMaker = lambda builder, block, accent, parent: \
        builder.text_and_item_rows(block, parent)
    """The block's text as table rows."""
    heading: bool = True
    """The block's title stands above it as a heading (otherwise the rows carry it)."""
    padded: bool = False
    """The text sits inside the block's padding (a box or an outline around it)."""
    tinted: bool = False
    """A background in the accent's tint."""
    outlined: bool = False
    """A line around the text in the accent colour."""
    ruled: bool = False
    """A thick line down the text's left side in the accent colour."""
    gathers_alone: bool = False
    """A block of one row gathers its codes at its end when they crowd it (a tinted box
    would stretch below its text otherwise)."""
    flows: bool = False
    """Without a heading, its paragraphs flow on their own, not as a table."""


TREATMENTS: dict[str, Treatment] = {
    "plain": Treatment(flows=True),
    "box": Treatment(padded=True, tinted=True, gathers_alone=True),
    "outline": Treatment(padded=True, outlined=True),
    "rule": Treatment(ruled=True),
    "runin": Treatment(rows=lambda builder, block, accent, parent:
                       builder.runin_rows(block, accent, parent),
                       heading=False, padded=True, tinted=True, gathers_alone=True),
    "quote": Treatment(rows=lambda builder, block, accent, parent:
                       builder.quote_rows(block, accent, parent)),
    "steps": Treatment(rows=lambda builder, block, accent, parent:
                       builder.text_and_item_rows(block, parent, numbered=True)),
}
"""Every treatment a layout may name; adding one is adding a line here."""


def step_number(number: int) -> str:
    """The mark before the ``number``-th step of a steps block."""
    return label("step_number", number=number)


CODES_TRIES = 3
"""How many rows a split block may leave for the next page so that the codes gathered from
the rows before them stand with those rows."""


class BlockTable(Table):
    """A block's table. Split across pages, it repeats its heading row with a continuation
    mark (``continued``), and its outline stays open at the break. What it keeps together
    (a heading with its first row, a text with its codes) moves on to the next frame when it
    does not fit, unless it is taller than a whole frame: then it is split anyway."""

    continued: Flowable | None = None
    row_ends: tuple[int, ...] = ()
    """The table row each of the block's rows ends on."""
    gathered: tuple[tuple[LinkEntry, ...], ...] = ()
    """The codes each of the block's rows gathered (at the end, or after a row)."""
    codes_after: Callable[[int], BlockTable | None] | None = None
    """The same block with the codes gathered from its rows up to the one given in a row of
    their own after it (None where those rows gathered none)."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = self._split(availWidth, availHeight)
        if len(parts) == 2 and self.codes_after is not None:
            return self._codes_with_their_text(parts, availWidth, availHeight)
        return parts

    def _codes_with_their_text(self, parts: list[Flowable], width: float, height: float
                               ) -> list[Flowable]:
        """Split so that the codes gathered from the rows on this page stand on it, after
        them, rather than with the block's end on the next (as ``parts`` has them)."""
        best, fewest = parts, self.codes_apart(parts[0], None)
        whole = whole_rows(self, parts[0])
        done = [index for index, end in enumerate(self.row_ends) if end < whole]
        for last in reversed(done[-CODES_TRIES:]):  # fewer rows here, if their codes need it
            regathered = self.codes_after(last) if fewest else None
            if regathered is None:
                break
            codes_row = regathered.row_ends[last] + 1
            for room in (height, min(height, rows_height(regathered, width, codes_row + 1))):
                again = regathered._split(width, room)  # the whole page, else to its codes
                apart = regathered.codes_apart(again[0], last) if len(again) == 2 else fewest
                if apart < fewest:
                    best, fewest = again, apart
        if best is not parts:  # the rest of the page stays empty: the rows after the codes
            used = best[0].wrap(width, height)[1]  # go on the next, with theirs
            best = [best[0], Spacer(0, max(0.0, height - used - 0.01)), best[1]]
        return best

    def codes_apart(self, first: Table, codes_after: int | None) -> int:
        """How many of the rows that ``first`` (the first part of a split of this table)
        holds whole gathered codes that stand in the next part: those after the row of
        codes after row ``codes_after``, or all when it is None or in the next part."""
        whole = whole_rows(self, first)
        here = [index for index, end in enumerate(self.row_ends) if end < whole]
        codes_here = codes_after is not None and whole > self.row_ends[codes_after] + 1
        return sum(1 for index in here if self.gathered[index]
                   and not (codes_here and index <= codes_after))

    def _split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = split_within_rows_first(self, availWidth, availHeight)
        frame = frame_height(self)
        if not parts and frame is not None:
            parts = split_despite_keeps(self, availWidth, availHeight, frame)
        for part in parts:
            part.continued = self.continued
        if len(parts) == 2 and self.continued is not None:
            if self.repeatRows:  # the heading row, with the continuation mark instead
                replace_first_cell(parts[1], self.continued)
            else:  # a run-in title: the mark over what goes on
                put_above_first_cell(parts[1], self.continued)
        return parts


class StoryBuilder:
    """Builds the flowables of themes for one layout, one registry and (maybe) one sector."""

    def __init__(self, layout_name: str, registry: LinkRegistry, record: Placements,
                 sector: str | None = None, pillars: tuple[Pillar, ...] = ()) -> None:
        self.layout: Spec = load_layout(layout_name)
        self.styles = paragraph_styles(layout_name)
        self.registry, self.record, self.sector = registry, record, sector
        page = self.layout.page
        self.body_width = page.body_width
        self.side_width = page.gutter + page.margin_column
        self.link_colour = markup_colour(colour(self.layout.colours.link))
        self.chosen_text_colours = {pillar.cmyk: CMYKColor(*pillar.text_cmyk)
                                    for pillar in pillars if pillar.text_cmyk is not None}
        """The text colours the editors chose for pillar colours."""
        self.tile_width = self.layout.qr_tile_width
        self.grid: list[LinkEntry] | None = [] if self.layout.get("codes") == "grid" else None
        """With ``codes: grid`` in the layout, the codes of the text built so far, for a
        grid the caller places (the text then takes the whole width)."""

    def text_colour(self, accent: CMYKColor) -> CMYKColor:
        """The accent as text in it is set: the text colour the content gives a pillar's
        colour, else the accent made readable on the paper and on its tint."""
        chosen = self.chosen_text_colours.get(fractions(accent))
        return chosen if chosen is not None else readable(accent, self.layout)

    # inline text -------------------------------------------------------------------------
    def is_linked(self, link: Link) -> bool:
        return self.sector is None or link.concerns(self.sector)

    def number_of(self, link: Link) -> int:
        return self.registry.entry(link.url).number

    def markup(self, text: RichText) -> str:
        return rich_markup(text, self.link_colour, self.number_of, self.is_linked)

    def paragraph(self, text: RichText, style: str | ParagraphStyle, bullet: str | None = None,
                  struct: Element | None = None, label: Element | None = None) -> Paragraph:
        """A paragraph of ``text`` in ``style`` (the layout's, by name, or one made from it),
        the content of ``struct`` (its bullet of ``label``)."""
        bullet_text = escape(bullet) if bullet else None
        style = self.styles[style] if isinstance(style, str) else style
        return tag(Paragraph(self.markup(text), style, bulletText=bullet_text), struct, label)

    def entries(self, texts: list[RichText]) -> list[LinkEntry]:
        """The registry entries of the links in ``texts``, once each, in order."""
        seen: dict[str, LinkEntry] = {}
        for text in texts:
            for link in text.links():
                if self.is_linked(link) and link.url not in seen:
                    seen[link.url] = self.registry.entry(link.url)
        return list(seen.values())

    # rows and tables ---------------------------------------------------------------------
    def take_grid(self) -> list[LinkEntry]:
        """The codes gathered for a grid since the last call, each once, in order."""
        taken, self.grid = self.grid or [], [] if self.grid is not None else None
        return list({entry.url: entry for entry in taken}.values())

    def _codes_to_grid(self, rows: list[Row]) -> None:
        """In grid mode, a row's codes go to the grid instead of beside the row."""
        if self.grid is None:
            return
        for row in rows:
            self.grid += row.links
            row.links = []

    def text_row(self, text: RichText, style: str, parent: Element | None = None) -> Row:
        """A paragraph of ``parent`` and the codes of its links after it."""
        return Row([self.paragraph(text, style, struct=Element("P", parent))],
                   self.entries([text]), parent)

    def item_row(self, item: Item, bullet: str | None, parent: Element,
                 number: int | None = None, style: str | ParagraphStyle = "item") -> Row:
        """An item of the list ``parent`` (its sub-items a list in its body), its codes."""
        marker = step_number(number) if number is not None else bullet
        item_label, body = list_item(parent)
        flowables: list[Flowable] = [self.paragraph(item.text, style, marker, body,
                                                    item_label)]
        sub_marker = self.subitem_bullet(bullet)
        sub_list = Element("L", body)
        for sub in item.items:
            sub_label, sub_body = list_item(sub_list)
            flowables.append(self.paragraph(sub.text, "subitem", sub_marker, sub_body,
                                            sub_label))
        texts = [item.text, *(sub.text for sub in item.items)]
        return Row(flowables, self.entries(texts), body)

    def subitem_bullet(self, bullet: str | None) -> str:
        """The mark before a sub-item of an item marked ``bullet``: the layout's first
        ``subitem_bullets`` that is not that mark (the last where none differs)."""
        marks = self.layout.subitem_bullets
        return next((mark for mark in marks if mark != bullet), marks[-1])

    def flow(self, rows: list[Row], accent: CMYKColor) -> list[Flowable]:
        """Plain text rows as they flow: paragraphs on their own, a table only where a row
        has codes to stand beside it (paragraphs split across pages and keep with headings
        far better than table cells do)."""
        flowables: list[Flowable] = []
        self._codes_to_grid(rows)
        for row in rows:
            if row.links:
                flowables.append(self.table([row], TREATMENTS["plain"], accent,
                                            parent=row.struct))
            else:
                flowables += [self._in_text_column(f) for f in row.flowables]
            if row.leads_in:
                flowables[-1].keepWithNext = 1
        return flowables

    def _in_text_column(self, flowable: Flowable) -> Flowable:
        """A paragraph kept to the text column, clear of the margin column beside it."""
        if isinstance(flowable, Paragraph):
            flowable.style = ParagraphStyle(f"{flowable.style.name}-column", parent=flowable.style,
                                            rightIndent=flowable.style.rightIndent
                                            + self.side_width)
        return flowable

    def table(self, rows: list[Row], treatment: Treatment, accent: CMYKColor,
              heading: Flowable | None = None, continued: Flowable | None = None,
              parent: Element | None = None) -> Flowable:
        """The rows as one table in ``treatment``'s look, ``heading`` above them (and
        ``continued`` above what goes on on the next page); codes gathered at its end
        belong to ``parent``."""
        self._codes_to_grid(rows)
        gathered = self._gather_links(rows, treatment)

        def build(codes_after: int | None) -> BlockTable | None:
            """The table, the codes gathered from the rows up to ``codes_after`` in a row
            after it and the others at the end (None: all at the end)."""
            data: list[list] = []
            commands: list = []
            if heading is not None:
                data.append([heading, ""])
                commands.append(("NOSPLIT", (0, 0), (-1, 1)))  # a heading stays with its text
            early = [] if codes_after is None else distinct(gathered[:codes_after + 1])
            shown = {entry.url for entry in early}
            lead_in, ends = None, []
            for index, row in enumerate(rows):
                if lead_in is not None:  # a lead-in stays with the first line after it
                    commands.append(("NOSPLIT", (0, lead_in), (-1, len(data))))
                data += self._table_rows(row, commands, len(data))
                lead_in = len(data) - 1 if row.leads_in else None
                ends.append(len(data) - 1)
                if index == codes_after:
                    self._add_codes(data, commands, early, parent)
            self._add_codes(data, commands, [entry for entry in distinct(gathered)
                                             if entry.url not in shown], parent)
            if not data:
                return None
            table = BlockTable(data, colWidths=[self.body_width, self.side_width],
                               splitInRow=1, hAlign="LEFT",
                               repeatRows=1 if heading is not None else 0)
            table.continued, table.row_ends = continued, tuple(ends)
            table.gathered = tuple(tuple(entries) for entries in gathered)
            table.setStyle(table_style(self._base_style(len(data)) + commands
                                      + self._treatment(treatment, accent, len(data))))
            return table

        table = build(None)
        if table is None:
            return Spacer(0, 0)
        if any(gathered) and self.layout.get("codes_before_break", False):
            table.codes_after = lambda index: build(index) if any(gathered[:index + 1]) \
                else None
        keep = self.layout.get("keep_blocks_together", False)  # a document's; cards never keep
        return KeepTogether([table]) if keep else table

    def _add_codes(self, data: list[list], commands: list, entries: list[LinkEntry],
                   parent: Element | None) -> None:
        """A row of the gathered ``entries`` after the table's rows so far (kept with the
        text above it unless it fills more than two rows)."""
        if not entries:
            return
        if data and self._keeps_with_text(len(entries)):  # not alone on the next page
            commands.append(("NOSPLIT", (0, len(data) - 1), (-1, len(data))))
        data.append([tag(QrRow(entries, self.tile_width, self.record, self.layout.tile_gap),
                         parent), ""])

    def _gather_links(self, rows: list[Row], treatment: Treatment) -> list[list[LinkEntry]]:
        """Move codes into one row (a grid) at the block's end where the margin would
        overflow or spread the block's rows; the codes each row gave up, in order.

        All of them when a row has more links than ``margin_links`` or when the codes
        beside the rows would stand much taller than the rows' text (which would stretch a
        tinted box far below its text); in a list, the codes of every item they stand
        taller than (which would push the next item down and break the list's rhythm).
        """
        links = [entry for row in rows for entry in row.links]
        single_plain = len(rows) < 2 and not treatment.gathers_alone
        if not links or single_plain or not self.layout.get("gather_links", True):
            return [[] for _ in rows]
        width = self._text_width(treatment)  # as the table will set it: measured once
        margin = self.layout.page.margin_column
        text_heights = [sum(f.wrap(width, 10_000)[1] for f in row.flowables) for row in rows]
        gap = self.layout.code_gap
        code_heights = [sum(captioned_height(e, margin) + gap for e in row.links)
                        for row in rows]
        crowded = any(len(row.links) > self.layout.margin_links for row in rows)
        if crowded or sum(code_heights) > self.layout.margin_slack * sum(text_heights):
            moved = [row for row in rows if row.links]
        elif len(rows) > 1:
            moved = [row for row, text, codes in zip(rows, text_heights, code_heights,
                                                     strict=True)
                     if row.links and codes > text + self.layout.row_gap]
        else:
            moved = []
        given_up = {id(row) for row in moved}
        gathered = [row.links if id(row) in given_up else [] for row in rows]
        for row in moved:
            row.links = []
        return gathered

    def _text_width(self, treatment: Treatment) -> float:
        """The width of a block's text column: the body less the treatment's padding."""
        return self.body_width - sum(self._text_padding(treatment))

    def _text_padding(self, treatment: Treatment) -> tuple[float, float]:
        """Left and right padding of a block's text column."""
        pad = self.layout.block_padding
        if treatment.padded:
            return pad, pad
        return (pad + self.layout.bar_space, 0.0) if treatment.ruled else (0.0, 0.0)

    def _table_rows(self, row: Row, commands: list, first: int) -> list[list]:
        if len(row.links) <= self.layout.margin_links:
            side = tag(QrStack(row.links, self.layout.page.margin_column, self.record,
                               self.layout.code_gap),
                       row.struct) if row.links else ""
            return [[row.flowables, side]]
        row_codes = tag(QrRow(row.links, self.tile_width, self.record, self.layout.tile_gap),
                        row.struct)
        if self._keeps_with_text(len(row.links)):
            commands.append(("NOSPLIT", (0, first), (-1, first + 1)))
        return [[row.flowables, ""], [row_codes, ""]]

    def _keeps_with_text(self, codes: int) -> bool:
        """Whether a row of ``codes`` codes keeps with the text above it: unless they fill
        more than two rows (a page of codes may stand apart)."""
        gap = self.layout.tile_gap
        per_row = int((self.body_width + gap) // (self.tile_width + gap))
        return codes <= 2 * per_row

    def _base_style(self, count: int) -> list:
        return [("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("LEFTPADDING", (1, 0), (1, -1), self.layout.page.gutter),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), self.layout.row_gap)]

    def _treatment(self, treatment: Treatment, accent: CMYKColor, count: int) -> list:
        """The table style commands that draw ``treatment`` around ``count`` rows."""
        pad = self.layout.block_padding
        left_pad, right_pad = self._text_padding(treatment)
        commands: list = []
        if treatment.padded:
            commands += [("LEFTPADDING", (0, 0), (0, -1), left_pad),
                         ("RIGHTPADDING", (0, 0), (0, -1), right_pad),
                         ("TOPPADDING", (0, 0), (0, 0), pad),
                         ("BOTTOMPADDING", (0, count - 1), (0, count - 1), pad)]
        if treatment.tinted:
            commands.append(("BACKGROUND", (0, 0), (0, -1), tint_of(accent, self.layout)))
        if treatment.outlined:  # lines, not a box: a box split across pages stays open
            width = self.layout.outline_width
            commands += [(line, start, end, width, accent) for line, start, end in (
                ("LINEBEFORE", (0, 0), (0, -1)), ("LINEAFTER", (0, 0), (0, -1)),
                ("LINEABOVE", (0, 0), (0, 0)), ("LINEBELOW", (0, -1), (0, -1)))]
        if treatment.ruled:
            commands += [("LEFTPADDING", (0, 0), (0, -1), left_pad),
                         ("LINEBEFORE", (0, 0), (0, -1), self.layout.bar_width, accent)]
        return commands

    # blocks -------------------------------------------------------------------------------
    def heading(self, title: str, accent: CMYKColor, level: int, key: str,
                parent: Element | None) -> Paragraph:
        """A block's title: a heading of outline ``level``."""
        style = self.layout.styles.block_heading
        text = title.upper() if style.get("upper") else title
        return Heading(f'<font color="{markup_colour(self.text_colour(accent))}">'
                       f'{escape(text)}</font>',
                       self.styles["block_heading"], level, key, title, parent=parent)

    def continued_heading(self, title: str, accent: CMYKColor | None,
                          style: str = "block_heading") -> Paragraph:
        """A heading in ``style`` with a continuation mark, over its part on the next page
        (in the accent colour, when given): not a heading of the outline or the structure
        tree (an artifact, as repeated titles are)."""
        text = label("continued_heading", heading=title)
        text = escape(text.upper() if self.layout.styles[style].get("upper") else text)
        if accent is not None:
            text = f'<font color="{markup_colour(self.text_colour(accent))}">{text}</font>'
        return artifact(Paragraph(text, self.styles[style]))

    def block(self, block: Block, accent: CMYKColor, parent: Element | None, level: int,
              key: str) -> list[Flowable]:
        """A block as its layout's treatment draws it, and the space after it.

        A block with a title is a section of ``parent`` headed at outline ``level`` (its
        bookmark ``key``); one without adds its content to ``parent``.
        """
        treatment = TREATMENTS[self.layout.blocks[block.kind].treatment]
        title = block_title(block)
        titled = treatment.heading and bool(title)
        container = Element("Sect", parent) if titled else parent
        rows = treatment.rows(self, block, accent, container)
        heading = self.heading(title, accent, level, key, container) if titled else None
        runin = bool(title) and not treatment.heading  # its rows carry the title
        continued = self.continued_heading(title, accent) if titled or runin else None
        space = Spacer(0, self.layout.block_space)
        if treatment.flows and heading is None:
            return [*self.flow(rows, accent), space]
        return [self.table(rows, treatment, accent, heading, continued, container), space]

    def text_and_item_rows(self, block: Block, parent: Element | None,
                           numbered: bool = False) -> list[Row]:
        """The block's paragraphs, then its items (a list) with the kind's bullet (or
        numbers)."""
        spec = self.layout.blocks[block.kind]
        bullet, style = spec.get("bullet"), spec.get("item_style", "item")
        rows = [self.text_row(t, "body", parent) for t in block.text]
        if rows and block.items:
            rows[-1].leads_in = True
        items = Element("L", parent)
        numbers = range(1, len(block.items) + 1) if numbered else [None] * len(block.items)
        if numbered:  # its text starts after the widest number, on every line
            style = hung_for(self.styles[style], [step_number(n) for n in numbers])
        rows += [self.item_row(item, bullet, items, number, style)
                 for number, item in zip(numbers, block.items, strict=True)]
        return rows

    def runin_rows(self, block: Block, accent: CMYKColor, parent: Element | None) -> list[Row]:
        rows, title = [], block_title(block)
        for index, text in enumerate(block.text):
            lead = ""
            if index == 0 and title:
                lead = (f'<font name="{self.styles["block_heading"].fontName}" '
                        f'color="{markup_colour(self.text_colour(accent))}">'
                        f'{escape(title.upper())}</font>  ')
            paragraph = Paragraph(lead + self.markup(text), self.styles["body"])
            rows.append(Row([tag(paragraph, Element("P", parent))], self.entries([text]),
                            parent))
        return rows

    def quote_rows(self, block: Block, accent: CMYKColor, parent: Element | None) -> list[Row]:
        """The quote's paragraphs and its speaker, in a block quote."""
        quote = Element("BlockQuote", parent)
        quote_style = ParagraphStyle("quote-accent", parent=self.styles["quote"],
                                     textColor=self.text_colour(accent))
        rows = [Row([tag(Paragraph(quoted(self.markup(t), t.plain), quote_style),
                         Element("P", quote))], self.entries([t]), quote)
                for t in block.text]
        if block.speaker:
            speaker = Paragraph(escape(attributed(block.speaker)), self.styles["speaker"])
            rows.append(Row([tag(speaker, Element("P", quote))], [], quote))
        return rows

    # themes -------------------------------------------------------------------------------
    def theme(self, theme: Theme, accent: CMYKColor, level: int = 1,
              parent: Element | None = None) -> list[Flowable]:
        """A theme as a section of ``parent``: its title a heading of outline ``level``,
        its blocks' titles one level below."""
        section = Element("Sect", parent)
        title_style = ParagraphStyle("theme-title", parent=self.styles["theme_title"],
                                     textColor=self.text_colour(accent), keepWithNext=1)
        title = Heading(escape(theme.title), title_style, level, f"theme-{theme.id}",
                        theme.title, parent=section)
        intro = [self.text_row(text, "intro", section) for text in theme.intro]
        story: list[Flowable] = [title]
        if intro:
            story += [*self.flow(intro, accent), Spacer(0, self.layout.intro_space)]
        for index, block in enumerate(theme.blocks):
            story += self.block(block, accent, section, level + 1,
                                f"theme-{theme.id}-{index}")
        return story
