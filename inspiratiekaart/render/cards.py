"""The A5 discussion card deck: one card (front and back) per theme, plus opening and dividers.

Cards are drawn with bleed (the press version); the trimmed deck and the office
version are made from the same pages, so every version shows the same card. Tagged
(``tagging``): a card is a ``Sect`` headed by its title; band and counters are artifacts.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib.colors import CMYKColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame

from ..content.model import Block, Pillar, Publication, Theme
from ..layout import MM, Spec, load_layout
from ..links.registry import LinkRegistry
from .blocks import Heading, StoryBuilder
from .fonts import font_for
from .linebreak import shorten_to_width
from .markup import escape, label
from .metadata import document_info, set_canvas_info
from .paragraph import Paragraph
from .placements import Placements
from .styles import colour, fraction_colour
from .tagging import Element, TaggedCanvas, tag

LAYOUT = "cards"


@dataclass
class CardPlan:
    """What one card of the deck shows, before it is cut into follow-up cards."""

    key: str
    title: str
    accent: CMYKColor
    pillar_name: str
    front: Callable[[], list[Flowable]]
    back: Callable[[], list[Flowable]]
    full_bleed_back: bool = False


@dataclass
class Overflow:
    """A theme that needed follow-up cards, and how much did not fit on its first card."""

    key: str
    title: str
    cards: int
    front_points: float
    back_points: float

    def describe(self) -> str:
        sides = [f"{side} {points / MM:.0f} mm" for side, points in
                 (("front", self.front_points), ("back", self.back_points)) if points > 0]
        return (f"card '{self.title}' ({self.key}) does not fit on one card: "
                f"{' and '.join(sides)} continue on {self.cards - 1} follow-up card(s)")


@dataclass
class DeckResult:
    pdf: bytes
    cards: int
    counts: list[int]
    """Cards drawn for each plan (more than one: follow-up cards)."""
    overflows: list[Overflow] = field(default_factory=list)


def side_blocks(theme: Theme, layout: Spec) -> tuple[list[Block], list[Block]]:
    """The theme's blocks for the front and for the back, by the layout's rules or the theme's."""
    def chosen(names: tuple[str, ...] | list[str]) -> list[Block]:
        return [b for b in theme.blocks if b.kind in names or (b.id and b.id in names)]

    card = theme.card
    front = chosen(card.front if card and card.front is not None else layout.sides.front)
    back = chosen(card.back if card and card.back is not None else layout.sides.back)
    if not front and not (card and card.front is not None):
        fallback = [b for b in back if b.kind == layout.sides.front_fallback][:1]
        rest = [b for b in back if b not in fallback]
        if rest:  # never leave the back empty for the sake of the front
            front, back = fallback, rest
    return front, back


class DeckBuilder:
    """Turns the publication into card plans and draws them."""

    def __init__(self, pub: Publication, registry: LinkRegistry, record: Placements) -> None:
        self.pub, self.layout = pub, load_layout(LAYOUT)
        self.story = StoryBuilder(LAYOUT, registry, record, sector=pub.sector)
        self.styles = self.story.styles
        self._check_sizes()

    def _check_sizes(self) -> None:
        smallest = min(s.fontSize for s in self.styles.values())
        if smallest < self.layout.min_body_size - 1e-6:
            raise ValueError(f"layouts/cards.yaml sets text at {smallest} pt, below the "
                             f"minimum of {self.layout.min_body_size} pt")

    # plans ------------------------------------------------------------------------------
    def plans(self) -> list[CardPlan]:
        plans = self.opening_plans()
        for pillar in self.pub.pillars:
            themes = self.pub.themes_of(pillar)
            if themes:
                plans.append(self.divider_plan(pillar, themes))
                plans += [self.theme_plan(theme, pillar) for theme in themes]
        return plans

    def opening_plans(self) -> list[CardPlan]:
        opening = list(self.pub.opening)
        if not opening:
            return []
        accent = colour(self.layout.colours.cover)
        first, rest = opening[0], opening[1:]
        return [CardPlan(
            key=first.id, title=first.title, accent=accent, pillar_name="",
            front=lambda: self.story.theme(first, accent, level=0),
            back=lambda: [f for theme in rest for f in self.story.theme(theme, accent)],
        )]

    def divider_plan(self, pillar: Pillar, themes: tuple[Theme, ...]) -> CardPlan:
        accent = fraction_colour(pillar.cmyk)

        def front() -> list[Flowable]:
            title = ParagraphStyle("divider", parent=self.styles["divider_title"],
                                   textColor=accent)
            card = Element("Sect")
            return [Heading(escape(pillar.name), title, 0, f"card-pillar-{pillar.id}",
                            pillar.name, parent=card)] + [
                tag(Paragraph(escape(t.title), self.styles["divider_theme"]),
                    Element("P", card)) for t in themes]
        return CardPlan(key=f"pillar-{pillar.id}", title=pillar.name, accent=accent,
                        pillar_name=pillar.name, front=front, back=lambda: [],
                        full_bleed_back=True)

    def theme_plan(self, theme: Theme, pillar: Pillar) -> CardPlan:
        accent = fraction_colour(pillar.cmyk)
        front_blocks, back_blocks = side_blocks(theme, self.layout)
        card = Element("Sect")

        def blocks(side: str, chosen: list[Block]) -> list[Flowable]:
            return [f for index, block in enumerate(chosen)
                    for f in self.story.block(block, accent, card, 1,
                                              f"card-{theme.id}-{side}-{index}")]

        def front() -> list[Flowable]:
            title = ParagraphStyle("card-title", parent=self.styles["theme_title"],
                                   textColor=accent)
            intro = theme.card.intro if theme.card and theme.card.intro else theme.intro
            flowables: list[Flowable] = [Heading(escape(theme.title), title, 0,
                                                 f"card-{theme.id}", theme.title, parent=card)]
            rows = [self.story.text_row(text, "intro", card) for text in intro]
            if rows:
                flowables += self.story.flow(rows, accent)
            return flowables + blocks("front", front_blocks)

        def back() -> list[Flowable]:
            title = ParagraphStyle("card-back-title", parent=self.styles["back_title"],
                                   textColor=accent)
            flowables: list[Flowable] = [tag(Paragraph(escape(theme.title), title),
                                             Element("P", card))]
            return flowables + blocks("back", back_blocks) if back_blocks else []
        return CardPlan(key=theme.id, title=theme.title, accent=accent, pillar_name=pillar.name,
                        front=front, back=back)


class DeckPainter:
    """Draws card sides on pages of trim plus bleed, with boxes set for print."""

    def __init__(self, pub: Publication, layout: Spec) -> None:
        self.pub, self.layout = pub, layout
        self.bleed = layout.bleed
        self.width = layout.trim.width + 2 * self.bleed
        self.height = layout.trim.height + 2 * self.bleed

    def new_side(self, canvas: Canvas) -> None:
        b, t = self.bleed, self.layout.trim
        canvas.setPageSize((self.width, self.height))
        canvas.setTrimBox((b, b, b + t.width, b + t.height))
        canvas.setBleedBox((0, 0, self.width, self.height))

    def frame(self) -> Frame:
        c, t, b = self.layout.content, self.layout.trim, self.bleed
        return Frame(b + c.left, b + c.bottom, t.width - c.left - c.right,
                     t.height - c.top - c.bottom, 0, 0, 0, 0, showBoundary=0)

    def band(self, canvas: Canvas, plan: CardPlan) -> None:
        """The pillar band: colour into the bleed, deck title and pillar name on it."""
        spec, t, b = self.layout.band, self.layout.trim, self.bleed
        top = b + t.height
        canvas.saveState()
        canvas.setFillColor(plan.accent)
        canvas.rect(0, top - spec.height, self.width, spec.height + b, stroke=0, fill=1)
        canvas.setFillColorCMYK(0, 0, 0, 0)
        canvas.setFont(font_for("heading", bold=True), spec.title_size)
        canvas.drawString(b + spec.text_inset, top - spec.baseline, self.pub.title.upper())
        if plan.pillar_name:
            canvas.setFont(font_for("heading", bold=True), spec.pillar_size)
            canvas.drawRightString(b + t.width - spec.text_inset, top - spec.baseline,
                                   plan.pillar_name)
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
        """The counters ("7 / 27", right-aligned) and the captions of cards that continue
        on follow-up cards ("Signaleren · 1/2", the title shortened to fit beside the
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

    def full_bleed(self, canvas: Canvas, accent: CMYKColor) -> None:
        canvas.saveState()
        canvas.setFillColor(accent)
        canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canvas.restoreState()


def counter_form(number: int) -> str:
    return f"card-counter-{number}"


def render_deck(pub: Publication, registry: LinkRegistry, record: Placements,
                title: str | None = None) -> DeckResult:
    """Draw the deck in one pass; counters and captions are filled in at the end."""
    builder = DeckBuilder(pub, registry, record)
    painter = DeckPainter(pub, builder.layout)
    buffer = io.BytesIO()
    info = document_info(pub, title)
    canvas = TaggedCanvas(buffer, pagesize=(painter.width, painter.height), invariant=1,
                          initialFontName=font_for("text"), lang=info.lang)
    set_canvas_info(canvas, info)
    record.reset()
    counts, overflows, captions = [], [], {}
    for plan in builder.plans():
        sides = (plan.front(), plan.back())
        whole = tuple(list(side) for side in sides)  # drawing consumes the lists
        cards = draw_card(canvas, painter, plan, sum(counts), *sides)
        counts.append(cards)
        captions.update({caption_form(plan, part): (plan.title, part, cards)
                         for part in range(1, cards + 1)})
        if cards > 1:
            overflows.append(measure_overflow(painter, plan, cards, whole))
    painter.define_footers(canvas, sum(counts), captions)
    canvas.save()
    return DeckResult(buffer.getvalue(), sum(counts), counts, overflows)


def caption_form(plan: CardPlan, part: int) -> str:
    return f"card-caption-{plan.key}-{part}"


def draw_card(canvas: Canvas, painter: DeckPainter, plan: CardPlan, before: int,
              front: list[Flowable], back: list[Flowable]) -> int:
    """Draw one plan's card(s), front then back, follow-up cards as needed; return the count.

    A back with nothing left of its own takes what is left of the front, so a card is
    never turned over to an empty side while its text goes on on the next card.
    """
    part = 0
    while part == 0 or front or back:
        part += 1
        for side in ("front", "back"):
            flowables = back if side == "back" and (back or plan.full_bleed_back) else front
            painter.new_side(canvas)
            if side == "back" and plan.full_bleed_back:
                painter.full_bleed(canvas, plan.accent)
            else:
                painter.band(canvas, plan)
                painter.footer(canvas, before + part, caption_form(plan, part))
            fill_frame(painter.frame(), flowables, canvas)
            canvas.showPage()
        if part > 50:
            raise RuntimeError(f"card '{plan.title}' would need more than 50 follow-up cards")
    return part


def inner_size(frame: Frame) -> tuple[float, float]:
    """The width and height inside a frame's padding."""
    return (frame.width - frame.leftPadding - frame.rightPadding,
            frame.height - frame.topPadding - frame.bottomPadding)


def fill_frame(frame: Frame, flowables: list[Flowable], canvas: Canvas) -> None:
    """Draw as much of ``flowables`` as fits, splitting the one that does not; keep the rest."""
    while flowables:
        if frame.add(flowables[0], canvas, trySplit=0):
            del flowables[0]
            continue
        parts = frame.split(flowables[0], canvas)
        if not parts or not frame.add(parts[0], canvas, trySplit=0):
            return
        flowables[:1] = parts[1:]


def measure_overflow(painter: DeckPainter, plan: CardPlan, cards: int,
                     sides: tuple[list[Flowable], list[Flowable]]) -> Overflow:
    """How much of each side did not fit on the first card (for warnings and --strict).

    ``sides`` are the flowables the card was drawn from: they know their heights already.
    """
    width, room = inner_size(painter.frame())
    heights = []
    for flowables in sides:
        used = 0.0
        for flowable in flowables:
            _, height = flowable.wrap(width, room)
            used += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
        heights.append(max(0.0, used - room))
    return Overflow(plan.key, plan.title, cards, heights[0], heights[1])
