"""The build targets, declared once: the command line, ``watch`` and the pipeline read them.

A target renders from the model, then crops and imposes, all in memory, and returns its
files as bytes, each with the kind of file it is; the pipeline writes them only when
every target has succeeded, so a failing build never replaces a good output.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .content.problems import ContentError, Problem
from .content.sectors import for_sector
from .context import BuildContext
from .render.cards import Overflow, render_deck
from .render.placements import Placements

KINDS = ("document", "cards", "press", "sheet")
"""What a PDF is for, which decides how the preflight checks it: a ``document`` is read
on screen and on paper, ``cards`` is the trimmed deck, ``press`` a file with bleed for a
print shop, ``sheet`` an imposed sheet for an office printer."""


@dataclass
class TargetOutput:
    """Files to write (path under output/ → bytes) and what the target learnt on the way."""

    files: dict[str, bytes] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    """PDF file → its kind (one of :data:`KINDS`)."""
    placed: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    """Output file → link address → pages it is printed on."""
    warnings: list[str] = field(default_factory=list)
    overflows: dict[str, int] = field(default_factory=dict)
    """Output file → number of cards that overflowed (for the preflight)."""

    def add(self, name: str, data: bytes, kind: str | None = None) -> None:
        """A file to write; a PDF names its kind."""
        if kind is not None and kind not in KINDS:
            raise ValueError(f"{name}: unknown kind of PDF '{kind}'")
        self.files[name] = data
        if kind is not None:
            self.kinds[name] = kind

    def place(self, name: str, placements: Placements) -> None:
        self.placed[name] = {url: sorted(pages) for url, pages in placements.pages.items()}


@dataclass(frozen=True)
class Target:
    """A thing the build can make, as the command line names it."""

    name: str
    build: Callable[[BuildContext], TargetOutput]
    help: str
    per_sector: bool = False
    """Each sector is an independent job (built in parallel) unless --sector picks one."""
    layouts: tuple[str, ...] = ()
    """The layout files (``layouts/<name>.yaml``) whose change changes this target."""
    after_others: bool = False
    """Runs once the others are rendered: it reports where they printed each link."""


def build_brochure(context: BuildContext) -> TargetOutput:
    """``brochure``: brochure.pdf."""
    from .render.brochure import render_brochure

    out = TargetOutput()
    placements = Placements("brochure.pdf")
    out.add("brochure.pdf", render_brochure(context.publication, context.registry, placements),
            "document")
    out.place("brochure.pdf", placements)
    return out


def build_cards(context: BuildContext) -> TargetOutput:
    """``cards``: the deck, its press version and its office duplex version.

    With --sector, only that sector's deck (cards-<sector>.pdf).
    """
    from .impose import add_crop_marks, alignment_sheet, impose_cards_duplex
    from .pdfio import crop_to_trim, untagged

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
    out.add(name, trimmed, "cards")
    if sector:
        return out
    press = untagged(deck.pdf)  # the deck is tagged for reading on screen; a press file not
    out.add("print/cards-press.pdf", add_crop_marks(press) if options.marks else press,
            "press")
    out.add("print/cards-a4-duplex.pdf", impose_cards_duplex(
        trimmed, flip=options.flip, back_offset_mm=options.back_offset, title=pub.title,
        pages=trimmed_pages), "sheet")
    out.add("print/cards-duplex-alignment.pdf", alignment_sheet(flip=options.flip), "sheet")
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
    """``booklets``: booklet-<sector>.pdf and its saddle-stitch imposition.

    With --sector, only that sector's booklet.
    """
    from .assemble.booklets import build_booklet
    from .impose import impose_saddle

    pub, out = context.publication, TargetOutput()
    sectors = [context.options.sector] if context.options.sector else [s.id for s in pub.sectors]
    for sector in sectors:
        name = f"booklet-{sector}.pdf"
        booklet = build_booklet(pub, context.registry, sector)
        out.place(name, booklet.placements)
        out.add(name, booklet.pdf, "document")
        out.add(f"print/booklet-{sector}-saddle.pdf", impose_saddle(
            booklet.pdf, title=pub.title, pages=booklet.page_objects), "sheet")
    return out


def build_links(context: BuildContext) -> TargetOutput:
    """``links``: links.csv and, with short links set up, the redirect map."""
    from .links.report import links_files

    return TargetOutput(files=links_files(context.registry, context.publication.redirect_base))


COMMON_LAYOUTS = ("fonts", "labels", "qr")
"""Layout files every target that renders depends on."""

TARGETS: tuple[Target, ...] = (
    Target("brochure", build_brochure,
           "output/brochure.pdf: the whole publication, A4",
           layouts=("brochure", *COMMON_LAYOUTS)),
    Target("cards", build_cards,
           "output/cards.pdf: the A5 discussion deck; output/print/cards-press.pdf (bleed, "
           "--marks for crop marks) and cards-a4-duplex.pdf (office printer); with --sector: "
           "output/cards-<sector>.pdf",
           layouts=("cards", *COMMON_LAYOUTS)),
    Target("booklets", build_booklets,
           "output/booklet-<sector>.pdf for every sector (A5, that sector's items and "
           "wording) and output/print/booklet-<sector>-saddle.pdf (A4 sheets for saddle "
           "stitching); with --sector: that sector only",
           per_sector=True, layouts=("brochure", "booklet", *COMMON_LAYOUTS)),
    Target("links", build_links,
           "output/links.csv and the redirect map for short links (with --check: request "
           "every address and report broken ones)",
           after_others=True),
)
"""Every target, in the order the command line lists them."""

BY_NAME = {target.name: target for target in TARGETS}


def selected(names: tuple[str, ...]) -> tuple[Target, ...]:
    """The targets named (every target for none), in declaration order."""
    return tuple(t for t in TARGETS if not names or t.name in names)
