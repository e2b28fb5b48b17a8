"""The A5 discussion card deck: an opening card, then one card (front and back) per theme.

A theme's front starts the conversation (title, lead, quote, questions), its back is for
acting on it (tips, good practice, reading tips), and each side's codes stand in a
numbered grid at its foot. A card shows a selection of the theme's own text, by the
layout's rules or the theme's ``card:`` section; what it leaves to the brochure is said
on the card and reported. Cards are drawn with bleed (the press version); the trimmed
deck and the office version are made from the same pages. Tagged (``tagging``): a card is a
``Sect`` headed by its title; band, counters and continued titles are artifacts.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from reportlab.lib.colors import CMYKColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import getDescent, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Table

from ..content.model import Block, Pillar, Publication, RichText, Theme, block_texts
from ..layout import MM, Spec, load_layout
from ..links.qr import qr_spec, spec_at_scale
from ..links.registry import LinkEntry, LinkRegistry, first_uses
from .blocks import Heading, StoryBuilder
from .contents import ContentsEntry, ContentsPage, define_number_forms
from .fonts import font_for
from .linebreak import shorten_to_width
from .markup import escape, label
from .metadata import document_info, set_canvas_info
from .paragraph import Paragraph
from .placements import Placements
from .qrbox import QrRow
from .reportlab_internals import NoRoom
from .styles import colour, fraction_colour, markup_colour, table_style, text_on
from .tagging import Element, TaggedCanvas, artifact, tag

LAYOUT = "cards"


@dataclass
class Side:
    """What one side of a card shows: text, and the codes of its links for the grid."""

    flowables: list[Flowable]
    codes: list[LinkEntry] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    """What is on it, in an editor's words (for messages)."""
    struct: Element | None = None
    """The card's section, which the codes of its grid belong to."""
    keys: list[str] = field(default_factory=list)
    """Its blocks as a theme's ``card:`` section names them (for advice)."""


@dataclass
class CardPlan:
    """What one card of the deck shows, before it is drawn."""

    key: str
    title: str
    accent: CMYKColor
    pillar_name: str
    front: Callable[[], Side]
    back: Callable[[], Side]
    continued: Callable[[], list[Flowable]] = list
    """What heads a side that goes on with the other side's text (the theme's title)."""
    source: str = "content"
    line: int = 0
    left_out: tuple[str, ...] = ()
    """What of the theme the card leaves to the brochure, in an editor's words."""
    chooses: bool = True
    """Whether the theme's ``card:`` section chooses what the card shows (an opening card
    shows all of its pages' text)."""
    intro: int = 0
    """The paragraphs of the theme's intro (for advice)."""


@dataclass
class Overflow:
    """A card whose text did not fit, and how far."""

    plan: CardPlan
    cards: int
    lines: dict[str, int]
    """Side → lines too many."""
    names: dict[str, list[str]]
    """Side → what stands on it."""
    keys: dict[str, list[str]] = field(default_factory=dict)
    """Side → its blocks as the theme's ``card:`` section names them."""

    def describe(self) -> str:
        plan = self.plan
        sides = [f"the {side} is {lines} line{'s' * (lines != 1)} too long (on it: "
                 f"{', '.join(self.names[side]) or 'the title and lead'})"
                 for side, lines in self.lines.items() if lines > 0]
        follow_ups = self.cards - 1
        return (f"card '{plan.title}' does not fit: {'; '.join(sides)}; it continues on "
                f"{follow_ups} follow-up card{'s' * (follow_ups != 1)}. Try: "
                f"{' or '.join(self.advice())}")

    def advice(self) -> list[str]:
        """What the theme's ``card:`` section can do about the sides that are too long,
        by what stands on them."""
        if not self.plan.chooses:
            return ["shorten the opening text (an opening card shows all of it)"]
        tips = []
        for side, lines in self.lines.items():
            keys = self.keys.get(side, [])
            other = "back" if side == "front" else "front"
            if lines <= 0:
                continue
            if keys:
                tips.append(f"leave a block of the {side} to the brochure (card: brochure: "
                            f"[{keys[-1]}])")
            if keys and self.lines.get(other, 0) <= 0:
                tips.append(f"move a block to the {other} (card: front: / back:)")
            if side == "front" and self.plan.intro > 1:
                tips.append("show fewer intro paragraphs (card: lead: [1])")
            elif side == "front" and not keys:
                tips.append("shorten the intro (the front shows all of it) or leave it to "
                            "the brochure (card: lead: [])")
        return tips or ["shorten the card's text"]


@dataclass
class DeckResult:
    pdf: bytes
    cards: int
    counts: list[int]
    """Cards drawn for each plan (more than one: follow-up cards)."""
    overflows: list[Overflow] = field(default_factory=list)
    left_out: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Card key → what it leaves to the brochure."""
    notes: list[tuple[str, int, str]] = field(default_factory=list)
    """(file, line, message) of card sections that lose or misplace a block."""
    registry: LinkRegistry | None = None
    """The deck's links, numbered as it prints them."""

    def follow_up_pages(self) -> tuple[int, ...]:
        """The pages (from 1, two a card) of every follow-up card."""
        pages, first = [], 1
        for count in self.counts:
            pages += range(first + 2, first + 2 * count)
            first += 2 * count
        return tuple(pages)


def side_blocks(theme: Theme, layout: Spec, empty_back: bool = False
                ) -> tuple[list[Block], list[Block]]:
    """The theme's blocks for the front and for the back, by the theme's card section or
    the layout's rules. A front without a block of the kinds of ``sides.front_needs``
    shows the theme's first ``sides.front_fallback`` block too, if the back keeps a block
    of its own or ``empty_back`` allows it (the front's text then goes on on the back)."""
    def chosen(names: tuple[str, ...] | list[str]) -> list[Block]:
        return [b for b in theme.blocks if b.kind in names or (b.id and b.id in names)]

    card = theme.card
    left = brochure_blocks(theme)
    front = chosen(card.front if card and card.front is not None else layout.sides.front)
    front = [b for b in front if b not in left]
    back = chosen(card.back if card and card.back is not None else layout.sides.back)
    back = [b for b in back if b not in front and b not in left]
    if not (card and card.front is not None) and not any(
            b.kind in layout.sides.front_needs for b in front):
        fallback = [b for b in back if b.kind == layout.sides.front_fallback][:1]
        if empty_back or len(back) > len(fallback):
            front = [b for b in theme.blocks if b in front or b in fallback]
            back = [b for b in back if b not in fallback]
    return front, back


def share_fallback(theme: Theme, layout: Spec, has_lead: bool
                   ) -> tuple[list[Block], list[Block]]:
    """The sides when the ``sides.front_fallback`` block is the back's only block and all of it
    would fit on the front: its first half of items on the front, the rest on the back.
    A block of one item stays on the back, and so does a list shorter than
    ``sides.share_from`` where the front has the lead (the front is not blank without it,
    and three items cut two and one read as two lists)."""
    front, back = side_blocks(theme, layout)
    shortest = layout.sides.share_from if has_lead else 2
    if len(back) != 1 or back[0].kind != layout.sides.front_fallback \
            or len(back[0].items) < shortest:
        return front, back
    first, rest = divided(back[0])
    return [b for b in theme.blocks if b in front] + first, rest


def filled_back(blocks: list[Block], lead: list[RichText]
                ) -> tuple[list[Block], list[Block], list[RichText], list[RichText]]:
    """Front blocks, back blocks, front lead and back lead of a card whose back has nothing
    of its own: the front keeps its lead and the back takes the blocks; with no lead, the
    front keeps its first block (cut between its items when it is the only one); with no
    blocks, the lead is cut in two."""
    if not lead:
        front, back = blocks[:1], blocks[1:]
        return (*divided(front[0]), [], []) if front and not back else (front, back, [], [])
    if blocks:
        return [], blocks, lead, []
    return [], [], *halved(lead)


def divided(block: Block) -> tuple[list[Block], list[Block]]:
    """``block`` cut between its items, its text and first half of items on the first
    side and the rest of its items on the second (under its heading again); a block of
    fewer than two items all on the first."""
    if len(block.items) < 2:
        return [block], []
    half = (len(block.items) + 1) // 2
    return [replace(block, items=block.items[:half])], \
        [replace(block, text=(), items=block.items[half:])]


def brochure_blocks(theme: Theme) -> list[Block]:
    """The blocks a theme's card section leaves to the brochure."""
    names = theme.card.brochure if theme.card else ()
    return [b for b in theme.blocks if b.kind in names or (b.id and b.id in names)]


def block_name(block: Block) -> str:
    """A block as an editor finds it in the theme's file."""
    count = f" ({len(block.items)} items)" if block.items else ""
    return f"{block.id or block.kind}{count}"


def lead_of(theme: Theme) -> list:
    """The intro paragraphs the card shows."""
    numbers = theme.card.lead if theme.card and theme.card.lead is not None else None
    if numbers is None:
        return list(theme.intro)
    return [theme.intro[n - 1] for n in numbers]


SENTENCE_END = re.compile(r"[.!?…][’”\"')\]]*(\s+)(?=[\"‘“(\d]|[^\W\d_])")
"""The end of a sentence, the space after it, and a capital, digit or quote next (checked
for a capital in :func:`_sentence_breaks`)."""


def halved(lead: list[RichText]) -> tuple[list[RichText], list[RichText]]:
    """The intro paragraphs cut in two at the paragraph or sentence end nearest the middle
    of their text, for a card whose back has nothing of its own; all on the first side when
    there is no such place (a single sentence)."""
    breaks, offset = [], 0
    for index, text in enumerate(lead):
        breaks += [(offset + end, index, end, start) for end, start in _sentence_breaks(text)]
        offset += len(text.plain)
        if index + 1 < len(lead):
            breaks.append((offset, index + 1, 0, 0))
    if not breaks:
        return lead, []
    _, index, end, start = min(breaks, key=lambda b: abs(b[0] - offset / 2))
    if end == 0:
        return lead[:index], lead[index:]
    head, tail = lead[index].split(end, start)
    return [*lead[:index], head], [tail, *lead[index + 1:]]


def _sentence_breaks(text: RichText) -> list[tuple[int, int]]:
    """(end, start) of every sentence break inside ``text``: where one sentence ends and
    the next, starting with a capital, a digit or a quote, begins; never inside a link."""
    plain, linked, offset = text.plain, [], 0
    for span in text.spans:
        if span.link is not None:
            linked.append((offset, offset + len(span.text)))
        offset += len(span.text)
    found = []
    for match in SENTENCE_END.finditer(plain):
        end, start = match.start(1), match.end(1)
        if plain[start].isalpha() and not plain[start].isupper():
            continue
        if not any(low < start and end < high for low, high in linked):
            found.append((end, start))
    return found


def left_out_of(theme: Theme) -> tuple[str, ...]:
    """What the card leaves to the brochure: intro paragraphs it does not show, blocks."""
    shown = theme.card.lead if theme.card and theme.card.lead is not None else None
    missing = [] if shown is None else [
        f"intro paragraph {n}" for n in range(1, len(theme.intro) + 1) if n not in shown]
    return (*missing, *(block_name(b) for b in brochure_blocks(theme)))


def number_spans(numbers: list[int]) -> str:
    """"13–15, 18": the numbers, runs of consecutive ones as their ends."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)


def left_out_texts(theme: Theme) -> list:
    """The texts the card leaves to the brochure (their links still get codes on it)."""
    shown = lead_of(theme)
    texts = [t for t in theme.intro if t not in shown]
    for block in brochure_blocks(theme):
        texts += block_texts(block)
    return texts


def deck_texts(pub: Publication, layout: Spec) -> list:
    """Every text the deck prints or gives a code for, in the order its cards show them:
    the opening, then theme by theme its lead, front, back and what it leaves out."""
    texts: list = []
    for theme in pub.opening:
        texts += [*lead_of(theme), *(t for b in theme.blocks for t in block_texts(b))]
    for pillar in pub.pillars:
        for theme in pub.themes_of(pillar):
            front, back = side_blocks(theme, layout, empty_back=True)
            texts += lead_of(theme)
            texts += [t for block in (*front, *back) for t in block_texts(block)]
            texts += left_out_texts(theme)
    return texts


def card_notes(theme: Theme, front: list[Block], back: list[Block]) -> list[str]:
    """What a card section gets wrong: a block on no side, a side left empty."""
    notes = []
    placed = {id(b) for b in (*front, *back, *brochure_blocks(theme))}
    for block in theme.blocks:
        if id(block) not in placed:
            notes.append(f"block '{block_name(block)}' is on neither side of the card: put "
                         f"it on a side (card: front: / back:) or leave it to the brochure "
                         f"(card: brochure: [{block.id or block.kind}])")
    card = theme.card
    if card is not None and card.back is not None and not back:
        notes.append("card.back names no block that is not on the front or left to the "
                     "brochure, so the back only goes on with the front's text: name blocks "
                     "for it or remove 'back'")
    named = {name for side in (card.front or (), card.back or ()) for name in side} \
        if card is not None else set()
    for block in brochure_blocks(theme):
        if block.kind in named or (block.id and block.id in named):
            notes.append(f"block '{block_name(block)}' is named on a side and in "
                         "card.brochure; it is left to the brochure: remove one of the two")
    return notes


class DeckBuilder:
    """Turns the publication into card plans."""

    def __init__(self, pub: Publication, registry: LinkRegistry, record: Placements,
                 painter: DeckPainter) -> None:
        self.pub, self.layout, self.painter = pub, load_layout(LAYOUT), painter
        self.story = StoryBuilder(LAYOUT, registry, record, sector=pub.sector,
                                  pillars=pub.pillars)
        self.styles = self.story.styles
        self.notes: list[tuple[str, int, str]] = []
        self.sections: dict[str, Element] = {}
        """Each theme's card, a section of the structure tree."""

    def plans(self) -> list[CardPlan]:
        plans = self.opening_plans()
        for pillar in self.pub.pillars:
            plans += [self.theme_plan(theme, pillar) for theme in self.pub.themes_of(pillar)]
        return plans

    def side(self, build: Callable[[], tuple[list[Flowable], list[Block]]],
             struct: Element | None = None) -> Side:
        """A side from what ``build`` makes, with the codes its text gathered (which
        belong to ``struct``)."""
        self.story.take_grid()
        flowables, blocks = build()
        return Side(flowables, self.story.take_grid(), [block_name(b) for b in blocks], struct,
                    [b.id or b.kind for b in blocks])

    # opening ----------------------------------------------------------------------------
    def opening_plans(self) -> list[CardPlan]:
        """The opening texts, a side each; an odd side left over shows the deck's contents."""
        accent = colour(self.layout.colours.cover)
        sides: list[Callable[[], Side]] = [self._opening_side(t, accent, first=index == 0)
                                           for index, t in enumerate(self.pub.opening)]
        if len(sides) % 2:
            sides.append(lambda: Side(self.deck_contents(), [], ["contents"]))
        plans = []
        for index in range(0, len(sides), 2):
            first = self.pub.opening[index]  # the card's front
            plans.append(CardPlan(key=first.id, title=first.title, accent=accent,
                                  pillar_name="", front=sides[index], back=sides[index + 1],
                                  source=str(first.source), line=first.line, chooses=False))
        return plans

    def _opening_side(self, theme: Theme, accent: CMYKColor, first: bool
                      ) -> Callable[[], Side]:
        """An opening text's side. The first ends by naming the pillars: the pillars' key
        follows it there (as the overview does in the brochure) when the side can hold it
        (it is the deck's own, not the content's, and never worth a follow-up card); when the
        text alone fits, a key left off is a note."""
        def side_of(keyed: bool) -> Side:
            section = Element("Sect")

            def build() -> tuple[list[Flowable], list[Block]]:
                flowables = self.story.theme(theme, accent, level=0, parent=section)
                key = self.pillar_key(section) if keyed else None
                if key is not None:
                    flowables.append(key)
                return flowables, list(theme.blocks)
            return self.side(build, section)

        def side() -> Side:
            if not first:
                return side_of(False)
            keyed = side_of(True)
            if self.fits(keyed):
                return keyed
            plain = side_of(False)
            note = (str(theme.source), theme.line, f"card '{theme.title}': the pillars' key "
                    "does not fit under the text and is left off the card: shorten the text, "
                    "or give the key room in layouts/cards.yaml (pillar_key.gap, the size of "
                    "styles.toc_pillar)")
            if self.fits(plain) and note not in self.notes:  # else the text's overflow is said
                self.notes.append(note)
            return plain
        return side

    def pillar_key(self, parent: Element) -> Table | None:
        """The pillars with themes in one row, each name beside a bar of its colour: a list
        in ``parent``, and the key to the colours of the cards' bands."""
        pillars = self.pub.pillars_with_themes()
        if not pillars:
            return None
        key = Element("L", parent)
        style = ParagraphStyle("pillar-key", parent=self.styles["toc_pillar"], spaceBefore=0)
        names = []
        for pillar in pillars:
            text = markup_colour(self.story.text_colour(fraction_colour(pillar.cmyk)))
            names.append(tag(Paragraph(f'<font color="{text}">{escape(pillar.name)}</font>',
                                       style),
                             Element("P", Element("LBody", Element("LI", key)))))
        table = Table([names], colWidths=self.key_columns(pillars, style), hAlign="LEFT")
        spec = self.layout.pillar_key
        table.setStyle(table_style(
            [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), spec.gap),
             ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]
            + [("LINEBEFORE", (index, 0), (index, 0), spec.bar_width,
                fraction_colour(pillar.cmyk)) for index, pillar in enumerate(pillars)]))
        return table

    def deck_contents(self) -> list[Flowable]:
        """The pillars and their themes with the number of each theme's card."""
        title = label("deck_contents_title")
        entries = []
        for pillar in self.pub.pillars:
            themes = self.pub.themes_of(pillar)
            if themes:
                entries.append(ContentsEntry(0, pillar.name, f"pillar-{pillar.id}",
                                             linked=False))
                entries += [ContentsEntry(1, t.title, f"card-{t.id}") for t in themes]
        card = Element("Sect")
        return [Heading(escape(title), self.styles["theme_title"], 0, "deck-contents", title,
                        parent=card),
                tag(ContentsPage(entries, [self.styles["toc_pillar"], self.styles["toc_theme"]]),
                    Element("TOC", card))]

    def key_columns(self, pillars: list[Pillar], style: ParagraphStyle) -> list[float]:
        """Columns as wide as the names, an em apart, from the text's left edge: spread
        across the width, they stood over the codes' grid below as if each code were a
        pillar's (equal columns, the names wrapping, where they do not fit in one line)."""
        room = self.story.body_width
        names = [stringWidth(pillar.name, style.fontName, style.fontSize)
                 + self.layout.pillar_key.gap + style.fontSize for pillar in pillars]
        if sum(names) > room:
            return [room / len(pillars)] * len(pillars)
        return names

    # themes -----------------------------------------------------------------------------
    def theme_plan(self, theme: Theme, pillar: Pillar) -> CardPlan:
        accent = fraction_colour(pillar.cmyk)
        card = self.sections[theme.id] = Element("Sect")
        front_blocks, back_blocks = side_blocks(theme, self.layout, empty_back=True)
        left_out = left_out_of(theme)
        line = theme.card.line if theme.card else theme.line
        self.notes += [(str(theme.source), line, f"card '{theme.title}': {note}")
                       for note in card_notes(theme, front_blocks, back_blocks)]
        lead, back_lead = lead_of(theme), []
        chosen_front = theme.card is not None and theme.card.front is not None
        if not back_blocks and self.fits(self.side(
                lambda: self.front_text(theme, accent, front_blocks, lead))):
            front_blocks, back_blocks = share_fallback(theme, self.layout, bool(lead))
            if not back_blocks and not left_out and not chosen_front:  # an empty back
                front_blocks, back_blocks, lead, back_lead = filled_back(front_blocks, lead)
        elif not back_blocks and not chosen_front:
            # the front cannot hold its fallback block beside the intro: it stays on the back
            front_blocks, back_blocks = side_blocks(theme, self.layout)

        def back() -> tuple[list[Flowable], list[Block]]:
            flowables: list[Flowable] = [tag(self.back_title(theme.title, accent),
                                             Element("P", card))]
            flowables += self.story.flow([self.story.text_row(text, "intro", card)
                                          for text in back_lead], accent)
            flowables += self.blocks(theme, "back", back_blocks, accent)
            if left_out:  # its codes join a grid: the line says which they are
                grid = self.story.grid
                shown = {entry.url for entry in grid or []}
                codes = [entry for entry in self.story.entries(left_out_texts(theme))
                         if entry.url not in shown] if grid is not None else []
                flowables.append(tag(Paragraph(escape(label(
                    "card_more_in_brochure", title=theme.title, pillar=pillar.name,
                    codes=number_spans([entry.number for entry in codes]))),
                    self.styles["more"]), Element("P", card)))
                if grid is not None:
                    grid += codes
            return flowables if back_blocks or back_lead or left_out else [], back_blocks

        return CardPlan(key=theme.id, title=theme.title, accent=accent, pillar_name=pillar.name,
                        front=lambda: self.side(
                            lambda: self.front_text(theme, accent, front_blocks, lead), card),
                        back=lambda: self.side(back, card),
                        continued=lambda: [self.continued_title(theme.title, accent)],
                        source=str(theme.source), line=line, left_out=left_out,
                        intro=len(theme.intro))

    def front_text(self, theme: Theme, accent: CMYKColor, blocks: list[Block],
                   lead: list[RichText]) -> tuple[list[Flowable], list[Block]]:
        """A theme's front: its title, ``lead`` (the intro it shows there) and ``blocks``."""
        title = ParagraphStyle("card-title", parent=self.styles["theme_title"],
                               textColor=self.story.text_colour(accent))
        card = self.sections[theme.id]
        flowables: list[Flowable] = [Heading(escape(theme.title), title, 0, f"card-{theme.id}",
                                             theme.title, parent=card)]
        rows = [self.story.text_row(text, "intro", card) for text in lead]
        if rows:
            flowables += self.story.flow(rows, accent)
        flowables += self.blocks(theme, "front", blocks, accent)
        return flowables, blocks

    def blocks(self, theme: Theme, side: str, blocks: list[Block], accent: CMYKColor
               ) -> list[Flowable]:
        """The flowables of ``blocks`` on ``side`` of the theme's card, in its section."""
        return [f for index, block in enumerate(blocks)
                for f in self.story.block(block, accent, self.sections[theme.id], 1,
                                          f"card-{theme.id}-{side}-{index}")]

    def fits(self, side: Side) -> bool:
        """Whether ``side`` fits on one side of a card, its code grid included."""
        return side_overflow(self.painter, side) <= 0

    def back_title(self, title: str, accent: CMYKColor) -> Paragraph:
        style = ParagraphStyle("card-back-title", parent=self.styles["back_title"],
                               textColor=self.story.text_colour(accent))
        return Paragraph(escape(title), style)

    def continued_title(self, title: str, accent: CMYKColor) -> Paragraph:
        """The title over a side that goes on with the other side's text: an artifact, the
        title a reader has heard on the side before."""
        return artifact(self.back_title(title, accent))


class DeckPainter:
    """Draws card sides on pages of trim plus bleed, with boxes set for print."""

    def __init__(self, pub: Publication, layout: Spec, record: Placements) -> None:
        self.pub, self.layout, self.record = pub, layout, record
        self.bleed = layout.bleed
        self.width = layout.trim.width + 2 * self.bleed
        self.height = layout.trim.height + 2 * self.bleed

    def new_side(self, canvas: Canvas) -> None:
        b, t = self.bleed, self.layout.trim
        canvas.setPageSize((self.width, self.height))
        canvas.setTrimBox((b, b, b + t.width, b + t.height))
        canvas.setBleedBox((0, 0, self.width, self.height))

    def frame(self, reserved: float = 0.0) -> Frame:
        """The text frame, its foot raised by ``reserved`` (the room of the code grid)."""
        c, t, b = self.layout.content, self.layout.trim, self.bleed
        return Frame(b + c.left, b + c.bottom + reserved, t.width - c.left - c.right,
                     t.height - c.top - c.bottom - reserved, 0, 0, 0, 0, showBoundary=0)

    def grid(self, codes: list[LinkEntry], struct: Element | None = None
             ) -> tuple[QrRow | None, float]:
        """The code grid of a side and the height it takes from the text (gap included)."""
        if not codes:
            return None, 0.0
        spec = self.layout.code_grid
        codes_spec = spec_at_scale(qr_spec(), self.layout.office_scale)  # its smallest print
        grid = tag(QrRow(codes, spec.tile_width, self.record, spec.gap, codes_spec), struct)
        width, _ = inner_size(self.frame())
        _, height = grid.wrap(width, self.layout.trim.height)
        return grid, height + spec.space_above

    def draw_grid(self, canvas: Canvas, grid: QrRow) -> None:
        c, b = self.layout.content, self.bleed
        grid.drawOn(canvas, b + c.left, b + c.bottom)

    def band(self, canvas: Canvas, plan: CardPlan) -> None:
        """The pillar band: colour into the bleed, deck title and pillar name on it."""
        spec, t, b = self.layout.band, self.layout.trim, self.bleed
        top = b + t.height
        titles = band_texts(self.pub.title, plan.pillar_name, self.layout)
        first = top - spec.baseline + (len(titles) - 1) * spec.title_leading / 2
        canvas.saveState()
        canvas.setFillColor(plan.accent)
        canvas.rect(0, top - spec.height, self.width, spec.height + b, stroke=0, fill=1)
        canvas.setFillColor(text_on(plan.accent, spec.text_colours, self.layout))
        canvas.setFont(font_for("heading", bold=True), spec.title_size)
        for index, line in enumerate(titles):
            canvas.drawString(b + spec.text_inset, first - index * spec.title_leading, line)
        if plan.pillar_name:
            canvas.setFont(font_for("heading", bold=True), spec.pillar_size)
            canvas.drawRightString(b + t.width - spec.text_inset, first, plan.pillar_name)
        canvas.restoreState()

    def footer(self, canvas: Canvas, number: int, caption: str) -> None:
        """Counter and follow-up caption: forms filled in once the deck is complete."""
        spec, b, t = self.layout.footer, self.bleed, self.layout.trim
        y = b + spec.baseline
        for form, x in ((counter_form(number), b + t.width - self.layout.content.right),
                        (caption, b + self.layout.content.left)):
            canvas.saveState()
            canvas.translate(x, y)
            canvas.doForm(form)
            canvas.restoreState()

    def define_footers(self, canvas: Canvas, total: int,
                       captions: dict[str, tuple[str, int, int]]) -> None:
        """The counters ("7 / 17", right-aligned) and the captions of cards that continue
        on follow-up cards ("<title> · 1/2", the title shortened to fit beside the
        counter)."""
        spec, trim, content = self.layout.footer, self.layout.trim, self.layout.content
        font = font_for("heading")
        counter_width = stringWidth(label("card_counter", number=total, total=total), font,
                                    spec.size)
        room = trim.width - content.left - content.right - counter_width - 2 * spec.size
        texts = [(counter_form(n), label("card_counter", number=n, total=total), True)
                 for n in range(1, total + 1)]
        texts += [(name, self.caption(title, part, parts, font, room), False)
                  for name, (title, part, parts) in captions.items()]
        for name, text, right in texts:
            canvas.beginForm(name, -trim.width, -spec.size, trim.width, spec.size)
            canvas.setFont(font, spec.size)
            canvas.setFillColor(colour(spec.colour))
            (canvas.drawRightString if right else canvas.drawString)(0, 0, text)
            canvas.endForm()

    def caption(self, title: str, part: int, parts: int, font: str, room: float) -> str:
        """"Title · 2/3" no wider than ``room``; nothing for a card that needs no follow-up."""
        if parts < 2:
            return ""
        size = self.layout.footer.size
        suffix = stringWidth(label("card_continued", title="", part=part, parts=parts), font,
                             size)
        title = shorten_to_width(title, font, size, room - suffix)
        return label("card_continued", title=title, part=part, parts=parts)


def band_texts(title: str, pillar_name: str, layout: Spec) -> list[str]:
    """The deck's title in lines on the band, beside the pillar's name (which takes at
    most the layout's share of the band: :func:`band_problems`)."""
    spec, font = layout.band, font_for("heading", bold=True)
    room = band_room(layout)
    pillar = min(stringWidth(pillar_name, font, spec.pillar_size), room * spec.pillar_share)
    used = pillar + spec.gap if pillar_name else 0.0
    return simpleSplit(title.upper(), font, spec.title_size, room - used)


def band_room(layout: Spec) -> float:
    """The width of the band's text, from inset to inset."""
    return layout.trim.width - 2 * layout.band.text_inset


def band_problems(pub: Publication, layout: Spec) -> list[tuple[str, str, str]]:
    """(field, place, what does not fit) for a pillar's name wider than its share of the
    band, and for a deck title that takes more lines beside the longest of them than the
    layout allows, or whose lines leave the band or rise into the safe zone."""
    spec, font, place = layout.band, font_for("heading", bold=True), "the band of its cards"
    share = band_room(layout) * spec.pillar_share
    problems = [(f"pillars[{index}].name", place, f"{width / MM:.0f} mm where "
                 f"{share / MM:.0f} mm fit")
                for index, pillar in enumerate(pub.pillars)
                if (width := stringWidth(pillar.name, font, spec.pillar_size)) > share + 0.01]
    lines = max((len(band_texts(pub.title, pillar.name, layout)) for pillar in pub.pillars),
                default=0)
    lowest = spec.baseline + (lines - 1) * spec.title_leading / 2 \
        - getDescent(font, spec.title_size)  # the lines stand centred on the baseline
    highest = spec.baseline - (lines - 1) * spec.title_leading / 2  # the first line's baseline
    if lines > spec.title_lines:
        problems.append(("title", "the band of every card",
                         f"{lines} lines where {spec.title_lines} fit"))
        return problems
    if lines > 1 and lowest > spec.height + 0.01:  # one line: band.baseline's own rule
        problems.append(("title", "the band of every card",
                         f"its {lines} lines reach {lowest / MM:.1f} mm below the card's top, "
                         f"past the band's {spec.height / MM:.1f} mm"))
    if lines > 1 and highest < layout.safe + spec.title_size - 0.01:  # as that rule measures
        problems.append(("title", "the band of every card",
                         f"its {lines} lines rise to {(highest - spec.title_size) / MM:.1f} mm "
                         f"below the card's top, into the safe zone ({layout.safe / MM:g} mm)"))
    return problems


LARGEST_COUNT = 999
"""The largest number of cards the counter is checked for."""


def counter_problems(layout: Spec, where: str) -> list[tuple[str, str]]:
    """(label, what does not fit) for a card counter wider than half the text frame, which
    leaves a follow-up card's caption the other half; ``where`` names the layout."""
    spec = layout.footer
    text = label("card_counter", number=LARGEST_COUNT, total=LARGEST_COUNT)
    width = stringWidth(text, font_for("heading"), spec.size)
    room = (layout.trim.width - layout.content.left - layout.content.right) / 2
    if width <= room + 0.01:
        return []
    return [("card_counter", f"worded for card {LARGEST_COUNT} of {LARGEST_COUNT} it is "
                             f"{width / MM:.1f} mm wide at the footer's size ({spec.size:g}pt in "
                             f"{where}), "
                             f"more than half the card's text frame ({room / MM:.1f} mm), the "
                             "other half being a follow-up card's caption")]


def counter_form(number: int) -> str:
    return f"card-counter-{number}"


def caption_form(plan: CardPlan, part: int) -> str:
    return f"card-caption-{plan.key}-{part}"


def render_deck(pub: Publication, registry: LinkRegistry, record: Placements,
                title: str | None = None) -> DeckResult:
    """Draw the deck in one pass; counters, captions and card numbers are filled in at
    the end."""
    layout = load_layout(LAYOUT)
    registry = registry.numbered(first_uses(deck_texts(pub, layout), pub.sector))
    painter = DeckPainter(pub, layout, record)
    builder = DeckBuilder(pub, registry, record, painter)
    buffer = io.BytesIO()
    info = document_info(pub, title)
    canvas = TaggedCanvas(buffer, pagesize=(painter.width, painter.height), invariant=1,
                          initialFontName=font_for("text"), lang=info.lang,
                          enforceColorSpace="cmyk")
    set_canvas_info(canvas, info)
    record.reset()
    counts: list[int] = []
    overflows, captions, numbers = [], {}, {}
    number_fonts = {}
    plans = builder.plans()
    for plan in plans:
        front, back = plan.front(), plan.back()
        number_fonts.update(_contents_fonts(front, back))
        numbers[f"card-{plan.key}"] = str(sum(counts) + 1)
        cards = draw_card(canvas, painter, plan, sum(counts), front, back)
        counts.append(cards)
        captions.update({caption_form(plan, part): (plan.title, part, cards)
                         for part in range(1, cards + 1)})
        if cards > 1:
            overflows.append(measure_overflow(painter, plan, cards, front, back))
    painter.define_footers(canvas, sum(counts), captions)
    define_number_forms(canvas, numbers, number_fonts)
    canvas.save()
    left_out = {p.key: p.left_out for p in plans if p.left_out}
    return DeckResult(buffer.getvalue(), sum(counts), counts, overflows, left_out,
                      builder.notes, registry)


def _contents_fonts(*sides: Side) -> dict[str, tuple[str, float]]:
    """The fonts of the card numbers a deck contents on these sides shows."""
    fonts: dict[str, tuple[str, float]] = {}
    for side in sides:
        for flowable in side.flowables:
            if isinstance(flowable, ContentsPage):
                fonts.update(flowable.number_fonts())
    return fonts


def draw_card(canvas: Canvas, painter: DeckPainter, plan: CardPlan, before: int,
              front: Side, back: Side) -> int:
    """Draw one plan's card(s), front then back, follow-up cards as needed; return the count.

    Each side's codes stand in a grid at its foot on the plan's first card. A side with
    nothing left of its own goes on with the other side's text under the theme's title,
    so a card is never turned over to an empty side while its text goes on elsewhere. When
    a card's back would have nothing (a sector's deck may leave a theme only its lead, the
    last follow-up card may hold only a few lines), the front keeps about half of its text
    and the back goes on with the rest, so neither side of a card is blank.
    """
    texts = {"front": list(front.flowables), "back": list(back.flowables)}
    part = 0
    while part == 0 or texts["front"] or texts["back"]:
        part += 1
        drawn = False
        for name, side in (("front", front), ("back", back)):
            other = "back" if name == "front" else "front"
            text = texts[name]
            if not text and texts[other]:
                text = texts[name] = [*plan.continued(), *texts[other]]
                texts[other] = []
            grid, reserved = painter.grid(side.codes, side.struct) if part == 1 \
                else (None, 0.0)
            if grid is not None and reserved > painter.frame().height / 2:
                text.append(grid)  # too many codes to stand at the foot: they flow on
                grid, reserved = None, 0.0
            if name == "front" and not texts["back"] and not (part == 1 and back.codes):
                reserved = max(reserved, _room(painter) - shared_height(
                    painter, plan, text, reserved, titled=part == 1))
            painter.new_side(canvas)
            painter.band(canvas, plan)
            painter.footer(canvas, before + part, caption_form(plan, part))
            drawn |= fill_frame(painter.frame(reserved), text, canvas)
            if grid is not None:
                painter.draw_grid(canvas, grid)
            canvas.showPage()
        if not drawn and (texts["front"] or texts["back"]):
            raise NoRoom(f"what is left of the card '{plan.title}' does not fit on an "
                         "empty card")
    return part


def shared_height(painter: DeckPainter, plan: CardPlan, text: list[Flowable],
                  reserved: float, titled: bool = True) -> float:
    """How much of ``text`` a front keeps when its back has nothing of its own: all of it
    when it does not fit on the front anyway, else as much as the back then shows under
    the continued title, and on a ``titled`` front (a plan's first card) at least the
    first flowable, the title. A follow-up card's front starts with text that goes on
    from the card before: it is shared line by line like the rest."""
    width, room = inner_size(painter.frame())

    def height(flowables: list[Flowable]) -> float:
        return sum(f.wrap(width, room)[1] + f.getSpaceBefore() + f.getSpaceAfter()
                   for f in flowables)

    whole = height(text)
    if whole > room - reserved:
        return room
    return max((whole + height(plan.continued())) / 2, height(text[:1]) if titled else 0.0)


def _room(painter: DeckPainter) -> float:
    """The height of a side's text frame with no code grid."""
    return inner_size(painter.frame())[1]


def inner_size(frame: Frame) -> tuple[float, float]:
    """The width and height inside a frame's padding."""
    return (frame.width - frame.leftPadding - frame.rightPadding,
            frame.height - frame.topPadding - frame.bottomPadding)


def fill_frame(frame: Frame, flowables: list[Flowable], canvas: Canvas) -> bool:
    """Draw as much of ``flowables`` as fits, splitting the one that does not; keep the rest.
    Whether anything but an artifact (a continued side's title) was drawn."""
    drawn = False
    while flowables:
        if frame.add(flowables[0], canvas, trySplit=0):
            drawn |= not getattr(flowables[0], "artifact", False)
            del flowables[0]
            continue
        parts = frame.split(flowables[0], canvas)
        if not parts or not frame.add(parts[0], canvas, trySplit=0):
            return drawn
        drawn = True
        flowables[:1] = parts[1:]
    return drawn


def side_overflow(painter: DeckPainter, side: Side) -> float:
    """How far (in points) the text of ``side`` runs past its frame on one card side."""
    _, reserved = painter.grid(side.codes)
    width, room = inner_size(painter.frame(reserved))
    used = sum(f.wrap(width, room)[1] + f.getSpaceBefore() + f.getSpaceAfter()
               for f in side.flowables)
    return used - room


def measure_overflow(painter: DeckPainter, plan: CardPlan, cards: int, front: Side,
                     back: Side) -> Overflow:
    """How many lines of each side of a plan drawn on ``cards`` cards do not fit on its
    first, measured on the flowables the card was drawn from (they keep their heights)."""
    leading = painter.layout.styles.body.leading
    lines, names, keys = {}, {}, {}
    for name, side in (("front", front), ("back", back)):
        over = side_overflow(painter, side)
        lines[name] = math.ceil(over / leading) if over > 0.5 else 0
        names[name], keys[name] = side.names, side.keys
    return Overflow(plan, cards, lines, names, keys)
