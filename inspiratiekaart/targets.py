"""The build targets: each renders from the model, then crops, imposes and writes its files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .content.problems import ContentError, Problem
from .content.sectors import for_sector
from .output import write_atomic
from .pdfio import crop_to_trim
from .render.brochure import Placements, render_brochure
from .render.cards import render_deck_numbered

if TYPE_CHECKING:
    from .pipeline import BuildContext


def build_brochure(context: BuildContext) -> list[Path]:
    """``brochure``: output/brochure.pdf."""
    placements = Placements("brochure.pdf")
    pdf = render_brochure(context.publication, context.registry, placements)
    placements.apply(context.registry)
    return [write_atomic(context.out_dir / "brochure.pdf", pdf)]


def build_cards(context: BuildContext) -> list[Path]:
    """``cards``: the deck, its press version and its office duplex version.

    With --sector, only that sector's deck (output/cards-<sector>.pdf).
    """
    from .impose import add_crop_marks, alignment_sheet, impose_cards_duplex

    options, pub = context.options, context.publication
    sector = options.sector
    name = f"cards-{sector}.pdf" if sector else "cards.pdf"
    if sector:
        pub = for_sector(pub, sector)
    placements = Placements(name)
    deck = render_deck_numbered(pub, context.registry, placements)
    placements.apply(context.registry)
    _report_overflows(context, pub, deck.overflows)
    trimmed = crop_to_trim(deck.pdf)
    written = [write_atomic(context.out_dir / name, trimmed)]
    if sector:
        return written
    press = add_crop_marks(deck.pdf) if options.marks else deck.pdf
    print_dir = context.out_dir / "print"
    written.append(write_atomic(print_dir / "cards-press.pdf", press))
    office = impose_cards_duplex(trimmed, flip=options.flip, back_offset_mm=options.back_offset,
                                 title=pub.title)
    written.append(write_atomic(print_dir / "cards-a4-duplex.pdf", office))
    written.append(write_atomic(print_dir / "cards-duplex-alignment.pdf",
                                alignment_sheet(flip=options.flip)))
    return written


def _report_overflows(context: BuildContext, pub, overflows) -> None:
    """Overflowing cards are warnings; with --strict they are content errors."""
    sources = {t.id: t.source for t in pub.themes}
    if context.options.strict and overflows:
        raise ContentError([Problem(str(sources.get(o.key, "content")), 0, "card", o.describe())
                            for o in overflows])
    context.warnings += [o.describe() for o in overflows]


def build_booklets(context: BuildContext) -> list[Path]:
    """``booklets``: output/booklet-<sector>.pdf and its saddle-stitch imposition.

    With --sector, only that sector's booklet.
    """
    from .assemble.booklets import build_booklet
    from .impose import impose_saddle

    pub = context.publication
    sectors = [context.options.sector] if context.options.sector else [s.id for s in pub.sectors]
    written = []
    for sector in sectors:
        booklet = build_booklet(pub, context.registry, sector)
        booklet.placements.apply(context.registry)
        written.append(write_atomic(context.out_dir / f"booklet-{sector}.pdf", booklet.pdf))
        saddle = impose_saddle(booklet.pdf, title=pub.title)
        written.append(write_atomic(context.out_dir / "print" / f"booklet-{sector}-saddle.pdf",
                                    saddle))
    return written
