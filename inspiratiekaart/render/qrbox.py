"""The QR code with its caption, as every target draws it: one function, two flowables."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from ..layout import Spec
from ..layout.derived import from_layouts
from ..links.qr import QrSymbol, caption_pieces, draw_symbol, make_symbol, qr_spec
from ..links.registry import LinkEntry
from .fonts import font_for
from .hyphenation import TEXT_LANGUAGE, hyphenator
from .linebreak import fit_caption
from .markup import label
from .placements import Placements
from .styles import colour
from .tagging import Tagged, figure, tag


def caption_lines(entry: LinkEntry, width: float, spec: Spec | None = None) -> tuple[str, ...]:
    """The caption under a code: number and short address, in at most two lines of
    ``width`` (:func:`~.linebreak.fit_caption`)."""
    spec = spec or qr_spec()
    caption = spec.caption
    return _caption_lines(entry.number, entry.payload, caption.max_chars,
                          font_for(caption.font), caption.size, width)


@from_layouts
def _caption_lines(number: int, payload: str, max_chars: int, font: str, size: float,
                   width: float) -> tuple[str, ...]:
    """A caption is measured and drawn several times in every output: made once."""
    return fit_caption(lambda address: label("qr_caption", number=number, address=address),
                       caption_pieces(payload), font, size, width, max_chars,
                       hyphenator(TEXT_LANGUAGE))


def _caption_width(symbol: QrSymbol, width: float) -> float:
    """The caption starts where the code's dark modules do and may use ``width`` from there."""
    return max(width, symbol.size) - symbol.quiet * symbol.module


def captioned_height(entry: LinkEntry, width: float, spec: Spec | None = None) -> float:
    spec = spec or qr_spec()
    symbol = make_symbol(entry.payload, spec)
    lines = caption_lines(entry, _caption_width(symbol, width), spec)
    return symbol.size + spec.caption.gap + len(lines) * spec.caption.leading


def draw_captioned(canvas: Canvas, entry: LinkEntry, x: float, top: float, width: float,
                   spec: Spec | None = None, caption: bool = True) -> float:
    """Draw code and caption with the code's top left at (x, top); return the height used.

    The code is a clickable link to the address itself, as its anchor text is; code and
    caption are a figure whose alternative text names the number and the address. Without
    its caption the code stands beside its address (the links appendix), and its
    alternative text names the number alone: the address is read once, from the page.
    """
    alt = label("qr_alt" if caption else "qr_alt_listed", number=entry.number,
                address=entry.url)
    with figure(canvas, alt, alt):
        return _draw_captioned(canvas, entry, x, top, width, spec, caption)


def _draw_captioned(canvas: Canvas, entry: LinkEntry, x: float, top: float, width: float,
                    spec: Spec | None, caption: bool) -> float:
    spec = spec or qr_spec()
    symbol: QrSymbol = make_symbol(entry.payload, spec)
    draw_symbol(canvas, symbol, x, top - symbol.size, spec)
    canvas.linkURL(entry.url, (x, top - symbol.size, x + symbol.size, top), relative=1)
    if not caption:
        return symbol.size
    canvas.saveState()
    canvas.setFont(font_for(spec.caption.font), spec.caption.size)
    canvas.setFillColor(colour(spec.caption.colour))
    baseline = top - symbol.size - spec.caption.gap - spec.caption.size * 0.8
    inset = symbol.quiet * symbol.module
    for line in caption_lines(entry, _caption_width(symbol, width), spec):
        canvas.drawString(x + inset, baseline, line)
        baseline -= spec.caption.leading
    canvas.restoreState()
    return captioned_height(entry, width, spec)


class CodesOncePerPage:
    """Mixin of the flowables that draw codes: a code already drawn on the page is not
    drawn again (the number beside a link's text refers to the one there). Which codes a
    flowable shows is decided when the page it is laid out on wraps it, and it takes only
    their room."""

    entries: list[LinkEntry]
    record: Placements

    def shown_here(self) -> list[LinkEntry]:
        """The entries whose code the page being laid out does not show yet (all of them
        where the flowable is measured apart from a page)."""
        canvas = getattr(self, "canv", None)
        if canvas is None:
            return list(self.entries)
        page = canvas.getPageNumber()
        return [entry for entry in self.entries if not self.record.holds(entry, page)]

    def to_draw(self, entries: list[LinkEntry]) -> list[LinkEntry]:
        """Of the ``entries`` decided on when wrapping, those still missing from the page."""
        page = self.canv.getPageNumber()
        return [entry for entry in entries if not self.record.holds(entry, page)]


class QrStack(CodesOncePerPage, Tagged, Flowable):
    """Codes for the links of one paragraph, stacked in the margin column."""

    def __init__(self, entries: list[LinkEntry], width: float, record: Placements,
                 gap: float, caption: bool = True) -> None:
        super().__init__()
        self.entries, self.width, self.record, self.gap = entries, width, record, gap
        self.caption = caption
        self.shown = list(entries)

    def _height(self, entry: LinkEntry) -> float:
        if self.caption:
            return captioned_height(entry, self.width)
        return make_symbol(entry.payload).size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.shown = self.shown_here()
        heights = [self._height(e) for e in self.shown]
        self.height = sum(heights) + self.gap * (len(heights) - 1) if heights else 0.0
        return self.width, self.height

    def draw(self) -> None:
        top = self.height
        for entry in self.to_draw(self.shown):
            top -= draw_captioned(self.canv, entry, 0, top, self.width,
                                  caption=self.caption) + self.gap
            self.record(entry, self.canv.getPageNumber())


class QrRow(CodesOncePerPage, Tagged, Flowable):
    """Codes side by side, for a paragraph with more links than the margin holds."""

    def __init__(self, entries: list[LinkEntry], tile_width: float, record: Placements,
                 gap: float, spec: Spec | None = None) -> None:
        super().__init__()
        self.entries, self.tile_width, self.record, self.gap = entries, tile_width, record, gap
        self.spec = spec or qr_spec()

    def cell_width(self, entry: LinkEntry) -> float:
        """A code's place in the row: ``tile_width``, or the code's own size where larger
        (a long address makes a larger code; in a tile it ran into its neighbour)."""
        return max(self.tile_width, make_symbol(entry.payload, self.spec).size)

    def _rows(self, available_width: float) -> list[list[LinkEntry]]:
        """The codes in rows: as many to a row as tiles fit ``gap`` apart, fewer where
        codes larger than their tiles would not fit even half that apart."""
        per_row = max(1, int((available_width + self.gap) // (self.tile_width + self.gap)))
        rows: list[list[LinkEntry]] = []
        for entry in self.shown_here():
            if rows and len(rows[-1]) < per_row and self._spare([*rows[-1], entry],
                                                                available_width) >= 0:
                rows[-1].append(entry)
            else:
                rows.append([entry])
        return rows

    def _spare(self, row: list[LinkEntry], available_width: float) -> float:
        """The width ``row`` leaves with its codes half ``gap`` apart."""
        return available_width + 1e-6 - sum(self.cell_width(entry) for entry in row) \
            - (len(row) - 1) * self.gap / 2

    def _row_gap(self, row: list[LinkEntry]) -> float:
        """The gap between a row's codes: ``gap``, or less where larger codes need it."""
        if len(row) < 2:
            return self.gap
        free = self.width - sum(self.cell_width(entry) for entry in row)
        return min(self.gap, free / (len(row) - 1))

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.rows = self._rows(available_width)
        self.row_heights = [max(captioned_height(e, self.tile_width, self.spec) for e in row)
                            for row in self.rows]
        self.width = available_width
        self.height = sum(self.row_heights) + self.gap * (len(self.rows) - 1) \
            if self.rows else 0.0
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        """Rows of codes that fit, and the rest: a long row of codes may cross a page."""
        self.wrap(available_width, available_height)
        used, count = 0.0, 0
        for row, height in zip(self.rows, self.row_heights, strict=True):
            if used + height > available_height:
                break
            used += height + self.gap
            count += len(row)
        shown = [entry for row in self.rows for entry in row]
        if count in (0, len(shown)):
            return []
        return [tag(QrRow(entries, self.tile_width, self.record, self.gap, self.spec),
                    self.struct) for entries in (shown[:count], shown[count:])]

    def draw(self) -> None:
        top = self.height
        for row, row_height in zip(self.rows, self.row_heights, strict=True):
            x, gap = 0.0, self._row_gap(row)
            for entry in self.to_draw(row):
                draw_captioned(self.canv, entry, x, top, self.tile_width, self.spec)
                self.record(entry, self.canv.getPageNumber())
                x += self.cell_width(entry) + gap
            top -= row_height + self.gap
