"""The build targets, declared once: the command line, ``watch`` and the pipeline read them.

A target renders from the model, then crops and imposes, all in memory, and returns its
files, each with the kind of file it is: as bytes, and its print files unfinished (the
pypdf writers that composed them), which the pipeline finishes as PDF/X-4 and writes once.
The pipeline writes the files only when every target has succeeded, so a failing build
never replaces a good output.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .content.model import Publication
from .content.problems import ContentError, Problem
from .content.sectors import for_sector
from .context import BuildContext
from .links.registry import LinkRegistry, document_links
from .preflight.run import DeckSummary
from .render.placements import Placements

if TYPE_CHECKING:
    from .impose.pdfx import PrintFile
    from .render.cards import DeckResult

KINDS = ("document", "cards", "press", "sheet")
"""What a PDF is for, which decides how the preflight checks it: a ``document`` is read
on screen and on paper, ``cards`` is the trimmed deck, ``press`` a file with bleed for a
print shop, ``sheet`` an imposed sheet for an office printer."""
PRINT_KINDS = ("press", "sheet")
"""The kinds of PDF made for printing (under ``print/``): finished as PDF/X-4."""
PRINT_LAYOUT = "press"
"""The layout every print file is finished and checked by (output intent, ink, bleed)."""


@dataclass
class TargetOutput:
    """Files to write (path under output/ → bytes) and what the target learnt on the way."""

    files: dict[str, bytes] = field(default_factory=dict)
    unfinished: dict[str, PrintFile] = field(default_factory=dict)
    """Print file → as composed, until the pipeline finishes it into :attr:`files`."""
    kinds: dict[str, str] = field(default_factory=dict)
    """PDF file → its kind (one of :data:`KINDS`)."""
    placed: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    """Output file → link address → pages it is printed on."""
    numbers: dict[str, dict[str, int]] = field(default_factory=dict)
    """Output file → link address → its number in that file."""
    warnings: list[str] = field(default_factory=list)
    scales: dict[str, float] = field(default_factory=dict)
    """Sheet file → the scale its pages are set at (for the preflight), where not 1."""
    decks: dict[str, DeckSummary] = field(default_factory=dict)
    """Card deck file → its cards, as the renderer knows them (for the preflight)."""
    card_sides: set[str] = field(default_factory=set)
    """PDF files whose pages are cards' fronts and backs in turn (a contact sheet shows
    each card's two sides next to each other)."""

    def add(self, name: str, data: bytes | PrintFile, kind: str | None = None) -> None:
        """A file to write; a PDF names its kind. A print file comes unfinished, any other
        file as bytes."""
        if kind is not None and kind not in KINDS:
            raise ValueError(f"{name}: unknown kind of PDF '{kind}'")
        if (kind in PRINT_KINDS) == isinstance(data, bytes):
            raise TypeError(f"{name}: a print file is added unfinished, any other file as "
                            "bytes")
        if isinstance(data, bytes):
            self.files[name] = data
        else:
            self.unfinished[name] = data
        if kind is not None:
            self.kinds[name] = kind

    def print_files(self) -> list[str]:
        """The PDFs of this output made for printing."""
        return sorted(name for name, kind in self.kinds.items() if kind in PRINT_KINDS)

    def place(self, placements: Placements, registry: LinkRegistry) -> None:
        """Where the file ``placements`` records prints its links, and the numbers
        ``registry`` gave them there."""
        name = placements.output_name
        self.placed[name] = {url: sorted(pages) for url, pages in placements.pages.items()}
        self.numbers[name] = {entry.url: entry.number for entry in registry}


@dataclass(frozen=True)
class Target:
    """A thing the build can make, as the command line names it."""

    name: str
    build: Callable[[BuildContext], TargetOutput]
    help: str
    per_sector: bool = False
    """Each sector is an independent job (built in parallel) unless --sector picks one."""
    layouts: tuple[str, ...] = ()
    """The layout files (``layouts/<name>.yaml``) whose change changes this target, the
    one its pages are laid out with first (where a layout problem found in laying them out
    is told)."""
    after_others: bool = False
    """Runs once the others are rendered: it reports where they printed each link."""
    looked_at_first: bool = False
    """The output an editor looks at while writing: ``serve`` and ``watch`` render it
    first, on a worker of its own."""
    press_layout: str | None = None
    """Makes print files, cut from the pages of this layout (which keeps their bleed):
    finished as PDF/X-4 for the output condition, which the build checks before anything
    renders, and checked by the rules of ``layouts/press.yaml``."""

    def __post_init__(self) -> None:
        if self.prints and not {PRINT_LAYOUT, self.press_layout} <= set(self.layouts):
            raise ValueError(f"target {self.name} makes print files: it reads "
                             f"layouts/{PRINT_LAYOUT}.yaml and layouts/{self.press_layout}"
                             ".yaml, so its layouts name them")

    @property
    def prints(self) -> bool:
        """Whether it makes print files (see :attr:`press_layout`)."""
        return self.press_layout is not None

    def reads_layout(self, name: str) -> bool:
        """Whether a change to ``layouts/<name>.yaml`` changes this target's files."""
        return name in self.layouts

    def make(self, context: BuildContext) -> TargetOutput:
        """The target's files; a target that prints a link writes the redirect map too when
        short links are on, so the map is current whatever was built."""
        from .links.report import redirect_files

        output = self.build(context)
        if any(output.placed.values()):
            output.files.update(redirect_files(context.registry,
                                               context.publication.redirect_base))
        return output


def build_brochure(context: BuildContext) -> TargetOutput:
    """``brochure``: brochure.pdf."""
    from .render.brochure import render_brochure

    out, pub, name = TargetOutput(), context.publication, "brochure.pdf"
    placements = Placements(name)
    registry = context.registry.numbered(document_links(pub))
    out.add(name, render_brochure(pub, registry, placements), "document")
    out.place(placements, registry)
    return out


def build_cards(context: BuildContext) -> TargetOutput:
    """``cards``: the deck, its press version and its office duplex version (with
    --sector, that sector's deck and versions: cards-<sector>.pdf, …)."""
    from pypdf import PdfReader

    from .impose import add_crop_marks, alignment_sheet, impose_cards_duplex
    from .impose.cards import office_scale
    from .impose.pdfx import PrintFile
    from .pdfio import crop_to_trim
    from .render.cards import render_deck

    options, pub, out = context.options, context.publication, TargetOutput()
    suffix = f"-{options.sector}" if options.sector else ""
    if options.sector:
        pub = for_sector(pub, options.sector)
    name = f"cards{suffix}.pdf"
    placements = Placements(name)
    deck = render_deck(pub, context.registry, placements)
    out.place(placements, deck.registry)
    _report_deck(out, name, deck, options.strict)
    deck_read = PdfReader(io.BytesIO(deck.pdf))  # once, for the trimmed deck and the press
    trimmed, trimmed_pages = crop_to_trim(deck.pdf, deck_read)
    out.add(name, trimmed, "cards")
    out.add(f"print/cards{suffix}-press.pdf",  # untagged when finished as PDF/X
            add_crop_marks(deck.pdf, title=pub.title) if options.marks
            else PrintFile.read(deck.pdf, deck_read), "press")
    out.card_sides |= {name, f"print/cards{suffix}-press.pdf"}
    out.scales[f"print/cards{suffix}-a4-duplex.pdf"] = office_scale()
    out.add(f"print/cards{suffix}-a4-duplex.pdf", impose_cards_duplex(
        trimmed, flip=options.flip, back_offset_mm=options.back_offset, title=pub.title,
        pages=trimmed_pages), "sheet")
    alignment = PrintFile.read(alignment_sheet(flip=options.flip))  # made whole by ReportLab
    out.add("print/cards-duplex-alignment.pdf", alignment, "sheet")
    return out


def _report_deck(out: TargetOutput, name: str, deck: DeckResult, strict: bool) -> None:
    """Overflowing cards and card sections that lose a block are warnings (content errors
    with --strict), each with the theme's file and line."""
    problems = [Problem(o.plan.source, o.plan.line, "card", o.describe())
                for o in deck.overflows]
    problems += [Problem(source, line, "card", note) for source, line, note in deck.notes]
    if strict and problems:
        raise ContentError(problems)
    out.warnings += [str(problem) for problem in problems]
    out.decks[name] = DeckSummary(deck.cards, sum(deck.counts) - len(deck.counts),
                                  deck.left_out, deck.follow_up_pages())


def build_booklets(context: BuildContext) -> TargetOutput:
    """``booklets``: booklet-<sector>.pdf, its press file and its saddle-stitch imposition.

    With --sector, only that sector's booklet.
    """
    from .assemble.booklets import build_booklet
    from .impose import booklet_print_files, printed_length
    from .layout import load_layout
    from .render.brochure import BOOKLET_LAYOUT, booklet_title

    pub, out = context.publication, TargetOutput()
    sectors = [context.options.sector] if context.options.sector else [s.id for s in pub.sectors]
    for sector in sectors:
        name = f"booklet-{sector}.pdf"
        booklet = build_booklet(pub, context.registry, sector, printed_length)
        out.place(booklet.placements, booklet.registry)
        out.add(name, booklet.pdf, "document")
        press, saddle = booklet_print_files(booklet.print_source, booklet.print_pages,
                                            booklet_title(pub, sector), load_layout(BOOKLET_LAYOUT))
        out.add(f"print/booklet-{sector}-press.pdf", press, "press")
        out.add(f"print/booklet-{sector}-saddle.pdf", saddle, "sheet")
    return out


def build_links(context: BuildContext) -> TargetOutput:
    """``links``: links.csv and, with short links set up, the redirect map."""
    from .links.report import links_files

    return TargetOutput(files=links_files(context.registry, context.publication.redirect_base))


COMMON_LAYOUTS = ("fonts", "labels", "qr", "press")
"""Layout files every target that renders depends on (``press``: its output profile decides
how dark a pillar's colour must be to read as text)."""

TARGETS: tuple[Target, ...] = (
    Target("brochure", build_brochure,
           "output/brochure.pdf: the whole publication, A4",
           layouts=("brochure", *COMMON_LAYOUTS), looked_at_first=True),
    Target("cards", build_cards,
           "output/cards.pdf: the A5 discussion deck; output/print/cards-press.pdf (bleed, "
           "--marks for crop marks) and cards-a4-duplex.pdf (office printer); with --sector: "
           "output/cards-<sector>.pdf",
           press_layout="cards", layouts=("cards", "brochure", *COMMON_LAYOUTS)),
    Target("booklets", build_booklets,
           "output/booklet-<sector>.pdf for every sector (A5, that sector's items and "
           "wording), output/print/booklet-<sector>-press.pdf (single pages with bleed and "
           "crop marks) and booklet-<sector>-saddle.pdf (spreads for saddle stitching); "
           "with --sector: that sector only",
           per_sector=True, press_layout="booklet",
           layouts=("booklet", "brochure", *COMMON_LAYOUTS)),
    Target("links", build_links,
           "output/links.csv and the redirect map for short links (with --check: request "
           "every address and report broken ones)",
           after_others=True),
)
"""Every target, in the order the command line lists them."""

BY_NAME = {target.name: target for target in TARGETS}


def outputs_no_longer_made(publication: Publication, recorded: list[str]) -> list[str]:
    """Outputs an earlier build wrote that this content no longer asks for, whichever
    targets run: the redirect map once short links are off."""
    from .links.report import REDIRECTS_DIR

    if publication.redirect_base:
        return []
    return sorted(name for name in recorded if name.startswith(f"{REDIRECTS_DIR}/"))


def selected(names: tuple[str, ...]) -> tuple[Target, ...]:
    """The targets named (every target for none), in declaration order."""
    return tuple(t for t in TARGETS if not names or t.name in names)
