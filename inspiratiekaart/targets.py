"""The build targets: each renders from the model, then crops and imposes, all in memory.

A target returns its files as bytes; the pipeline writes them only when every target
has succeeded, so a failing build never replaces a good output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .content.problems import ContentError, Problem
from .content.sectors import for_sector
from .render.brochure import Placements, render_brochure
from .render.cards import Overflow, render_deck

if TYPE_CHECKING:
    from .pipeline import BuildContext


@dataclass
class TargetOutput:
    """Files to write (path under output/ → bytes) and what the target learnt on the way."""

    files: dict[str, bytes] = field(default_factory=dict)
    placed: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    """Output file → link address → pages it is printed on."""
    warnings: list[str] = field(default_factory=list)
    overflows: dict[str, int] = field(default_factory=dict)
    """Output file → number of cards that overflowed (for the preflight)."""

    def place(self, name: str, placements: Placements) -> None:
        self.placed[name] = {url: sorted(pages) for url, pages in placements.pages.items()}


def build_brochure(context: BuildContext) -> TargetOutput:
    """``brochure``: brochure.pdf."""
    out = TargetOutput()
    placements = Placements("brochure.pdf")
    out.files["brochure.pdf"] = render_brochure(context.publication, context.registry,
                                                placements)
    out.place("brochure.pdf", placements)
    return out


def build_cards(context: BuildContext) -> TargetOutput:
    """``cards``: the deck, its press version and its office duplex version.

    With --sector, only that sector's deck (cards-<sector>.pdf).
    """
    from .impose import add_crop_marks, alignment_sheet, impose_cards_duplex
    from .pdfio import crop_to_trim

    options, pub, out = context.options, context.publication, TargetOutput()
    sector = options.sector
    name = f"cards-{sector}.pdf" if sector else "cards.pdf"
    if sector:
        pub = for_sector(pub, sector)
    placements = Placements(name)
    deck = render_deck(pub, context.registry, placements)
    out.place(name, placements)
    _report_overflows(out, name, pub, deck.overflows, options.strict)
    trimmed, trimmed_pages = crop_to_trim(deck.pdf)
    out.files[name] = trimmed
    if sector:
        return out
    out.files["print/cards-press.pdf"] = add_crop_marks(deck.pdf, title=pub.title) \
        if options.marks else deck.pdf
    out.files["print/cards-a4-duplex.pdf"] = impose_cards_duplex(
        trimmed, flip=options.flip, back_offset_mm=options.back_offset, title=pub.title,
        pages=trimmed_pages)
    out.files["print/cards-duplex-alignment.pdf"] = alignment_sheet(flip=options.flip)
    return out


def _report_overflows(out: TargetOutput, name: str, pub, overflows: list[Overflow],
                      strict: bool) -> None:
    """Overflowing cards are warnings; with --strict they are content errors."""
    sources = {t.id: t.source for t in pub.themes}
    if strict and overflows:
        raise ContentError([Problem(str(sources.get(o.key, "content")), 0, "card", o.describe())
                            for o in overflows])
    out.warnings += [o.describe() for o in overflows]
    out.overflows[name] = len(overflows)


def build_booklets(context: BuildContext) -> TargetOutput:
    """``booklets``: booklet-<sector>.pdf, its press file and its saddle-stitch imposition.

    With --sector, only that sector's booklet.
    """
    from .assemble.booklets import LAYOUT, booklet_title, build_booklet
    from .impose import booklet_print_files
    from .layout import load_layout

    pub, out = context.publication, TargetOutput()
    sectors = [context.options.sector] if context.options.sector else [s.id for s in pub.sectors]
    for sector in sectors:
        name = f"booklet-{sector}.pdf"
        booklet = build_booklet(pub, context.registry, sector)
        out.place(name, booklet.placements)
        out.files[name] = booklet.pdf
        press, saddle = booklet_print_files(booklet.pdf, booklet.page_objects,
                                            booklet_title(pub, sector), load_layout(LAYOUT))
        out.files[f"print/booklet-{sector}-press.pdf"] = press
        out.files[f"print/booklet-{sector}-saddle.pdf"] = saddle
    return out


def build_links(context: BuildContext) -> TargetOutput:
    """``links``: links.csv and, with short links set up, the redirect map."""
    from .links.report import links_files

    return TargetOutput(files=links_files(context.registry, context.publication.redirect_base))
