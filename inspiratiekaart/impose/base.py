"""Shared imposition pieces: sheet geometry, page placement, printer's marks, stable output.

Every scheme (``cards``, ``saddle``, ``marks``) builds on these: a :class:`SheetLayout` says
where each page's trim box lands on a sheet side, :func:`place_page` puts it there as vector
content, the ``draw_*`` helpers draw marks with ReportLab once per sheet geometry
(:func:`marks_form`), placed on every sheet of that geometry as one form
(:func:`place_marks`), and :func:`composed` hands the sheets over, unfinished, as a
:class:`~.pdfx.PrintFile` whose identifier follows the input.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    EncodedStreamObject,
    IndirectObject,
    NameObject,
    RectangleObject,
)
from reportlab.lib.colors import CMYKColorSep
from reportlab.pdfgen.canvas import Canvas

from ..layout import MM
from ..pdfio import add_object, raw_copy
from ..render.fonts import font_for
from ..render.metadata import DocumentInfo, set_canvas_info
from ..render.reportlab_internals import save_identified
from .pdfx import PrintFile

A4_LANDSCAPE = (297 * MM, 210 * MM)
A5_PORTRAIT = (148 * MM, 210 * MM)
HAIRLINE = 0.25
FLIPS = ("long", "short")
EDGE = 0.01  # pt: lines closer than this to a sheet edge count as on it
REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All")


@dataclass(frozen=True)
class Slot:
    """A rectangle on a sheet side, in pt: where a page's trim box (or a box around it) lands."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def top(self) -> float:
        return self.y + self.height

    def shifted(self, dx: float, dy: float) -> Slot:
        """The same rectangle moved by (dx, dy)."""
        return Slot(self.x + dx, self.y + dy, self.width, self.height)

    def grown(self, margin: float) -> Slot:
        """The rectangle with ``margin`` added on every side."""
        return self.grown_sides(margin, margin, margin, margin)

    def grown_sides(self, left: float, bottom: float, right: float, top: float) -> Slot:
        """The rectangle with a margin of its own added on each side."""
        return Slot(self.x - left, self.y - bottom, self.width + left + right,
                    self.height + bottom + top)

    def flipped(self, sheet_width: float, sheet_height: float, flip: str) -> Slot:
        """Where this rectangle lies on the other side of a sheet turned over by ``flip``."""
        if flips_about_horizontal(sheet_width, sheet_height, flip):
            return Slot(self.x, sheet_height - self.top, self.width, self.height)
        return Slot(sheet_width - self.right, self.y, self.width, self.height)

    def rectangle(self) -> RectangleObject:
        """The rectangle as a PDF box."""
        return RectangleObject((self.x, self.y, self.right, self.top))


@dataclass(frozen=True)
class SheetLayout:
    """One side of a print sheet and the slots its pages land on, in pt."""

    width: float
    height: float
    slots: tuple[Slot, ...]

    @classmethod
    def side_by_side(cls, sheet: tuple[float, float], page: tuple[float, float],
                     count: int = 2) -> SheetLayout:
        """``count`` pages in a row, touching each other, centred on the sheet."""
        width, height = sheet
        page_width, page_height = page
        x = (width - count * page_width) / 2
        y = (height - page_height) / 2
        slots = tuple(Slot(x + i * page_width, y, page_width, page_height) for i in range(count))
        return cls(width, height, slots)

    def flipped(self, flip: str) -> SheetLayout:
        """The back side: each slot behind its front slot, in the same order."""
        slots = tuple(slot.flipped(self.width, self.height, flip) for slot in self.slots)
        return SheetLayout(self.width, self.height, slots)

    def cut_lines(self) -> tuple[list[float], list[float]]:
        """The x of every vertical and the y of every horizontal trim line, sheet edges
        excluded."""
        xs = {round(value, 3) for slot in self.slots for value in (slot.x, slot.right)}
        ys = {round(value, 3) for slot in self.slots for value in (slot.y, slot.top)}
        return ([x for x in sorted(xs) if EDGE < x < self.width - EDGE],
                [y for y in sorted(ys) if EDGE < y < self.height - EDGE])


def check_flip(flip: str) -> None:
    """Refuse anything but a long- or short-edge flip."""
    if flip not in FLIPS:
        raise ValueError(f"flip must be 'long' or 'short', not {flip!r}")


def flips_about_horizontal(sheet_width: float, sheet_height: float, flip: str) -> bool:
    """Whether turning the sheet over by ``flip`` mirrors it top to bottom."""
    check_flip(flip)
    return (flip == "long") == (sheet_width >= sheet_height)


def slot_of(box: RectangleObject) -> Slot:
    """A PDF box as a slot."""
    return Slot(float(box.left), float(box.bottom), float(box.width), float(box.height))


def trim_of(page: PageObject) -> Slot:
    """The page's TrimBox, or its MediaBox when it has none."""
    return slot_of(page.trimbox if "/TrimBox" in page else page.mediabox)


def read_pages(pdf: bytes) -> list[PageObject]:
    """The pages of a PDF, each with any /Rotate turned into content."""
    pages = list(PdfReader(io.BytesIO(pdf)).pages)
    for page in pages:
        if page.rotation:
            page.transfer_rotation_to_content()
    return pages


def new_sheet(writer: PdfWriter, layout: SheetLayout) -> PageObject:
    """Append a blank sheet side whose TrimBox is the whole sheet."""
    sheet = writer.add_blank_page(layout.width, layout.height)
    sheet.trimbox = RectangleObject((0, 0, layout.width, layout.height))
    return sheet


def place_page(sheet: PageObject, page: PageObject, slot: Slot,
               shift: tuple[float, float] = (0.0, 0.0), clip: Slot | None = None,
               scale: float = 1.0) -> None:
    """Place ``page`` so its trim box, scaled by ``scale``, lands centred on ``slot``,
    moved by ``shift`` pt.

    The page becomes a form XObject drawn with one ``cm … Do``: its content is copied,
    never parsed, which keeps imposition fast for pages full of QR code paths. The form
    shows what the page draws within ``clip`` (in the page's space; its trim by default,
    so the bleed cannot spill onto a neighbour), even beyond the page's MediaBox.
    """
    trim = trim_of(page)
    dx = slot.x + (slot.width - scale * trim.width) / 2 - scale * trim.x + shift[0]
    dy = slot.y + (slot.height - scale * trim.height) / 2 - scale * trim.y + shift[1]
    form = _page_form(sheet.indirect_reference.pdf, page, (clip or trim).rectangle())
    xobjects = _xobjects(sheet)
    name = NameObject(f"/Page{len(xobjects)}")
    xobjects[name] = form
    matrix = f"{scale:g} 0 0 {scale:g} {dx:.4f} {dy:.4f}"
    _append_content(sheet, f"q {matrix} cm {name} Do Q\n".encode())


def marks_form(writer: PdfWriter, width: float, height: float,
               draw: Callable[[Canvas], None]) -> IndirectObject:
    """Whatever ``draw`` puts on a ``width`` × ``height`` pt canvas, as a form XObject in
    ``writer``: marks drawn once, for every sheet of that size they belong on."""
    page = _overlay(width, height, draw)
    return _page_form(writer, page, page.mediabox)


def place_marks(sheet: PageObject, form: IndirectObject) -> None:
    """Draw ``form`` (from :func:`marks_form`) over the sheet, where it was drawn: one
    ``Do``, the sheet's content neither parsed nor copied."""
    _xobjects(sheet)[NameObject("/Marks")] = form
    _append_content(sheet, b"q /Marks Do Q\n")


def _xobjects(sheet: PageObject) -> DictionaryObject:
    """The sheet's XObject resources (made if missing), to add to."""
    resources = sheet.setdefault(NameObject("/Resources"), DictionaryObject())
    return resources.setdefault(NameObject("/XObject"), DictionaryObject())


def _page_form(writer: PdfWriter, page: PageObject, bbox: RectangleObject) -> IndirectObject:
    """``page`` as a form XObject in ``writer`` (content bytes copied, resources cloned)."""
    contents = page.get("/Contents")
    streams = contents.get_object() if contents is not None else []
    if not isinstance(streams, list):
        streams = [streams]
    streams = [stream.get_object() for stream in streams]
    entries = {
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): RectangleObject(bbox),
        NameObject("/Resources"): page["/Resources"].clone(writer)
        if "/Resources" in page else DictionaryObject(),
    }
    if len(streams) == 1 and _is_plain_flate(streams[0]):
        # the compressed bytes as they are: inflating and deflating them again took a
        # third of the imposition's time
        form = raw_copy(streams[0])
        form.update(entries)
        form[NameObject("/Filter")] = NameObject("/FlateDecode")
    else:
        decoded = DecodedStreamObject()
        decoded.set_data(b"\n".join(stream.get_data() for stream in streams))
        decoded.update(entries)
        form = decoded.flate_encode()
    return add_object(writer, form)


def _is_plain_flate(stream) -> bool:
    """A stream compressed with Flate alone, with no predictor."""
    return (isinstance(stream, EncodedStreamObject) and "/DecodeParms" not in stream
            and stream.get("/Filter") in ("/FlateDecode", ["/FlateDecode"]))


def _append_content(sheet: PageObject, operators: bytes) -> None:
    """Add ``operators`` after whatever the sheet side already draws."""
    existing = sheet.get("/Contents")
    stream = DecodedStreamObject()
    stream.set_data(operators)
    reference = add_object(sheet.indirect_reference.pdf, stream)
    if existing is None:
        sheet[NameObject("/Contents")] = ArrayObject([reference])
    elif isinstance(existing.get_object(), ArrayObject):
        existing.get_object().append(reference)
    else:
        sheet[NameObject("/Contents")] = ArrayObject([existing, reference])


def mark_canvas(buffer: io.BytesIO, size: tuple[float, float], title: str = "") -> Canvas:
    """A reproducible ReportLab canvas whose only font is the embedded mark font, whose
    colours are CMYK or separations (an RGB colour is refused), and whose document
    information is ``title`` and no placeholders ("anonymous", "unspecified"); saved
    with :func:`save_identified`.

    ReportLab otherwise lists an unembedded Helvetica on every page, drawn text or not.
    """
    info = DocumentInfo(title)
    canvas = Canvas(buffer, pagesize=size, invariant=1, initialFontName=mark_font(),
                    enforceColorSpace="sep_cmyk", lang=info.lang)
    set_canvas_info(canvas, info)
    return canvas


def _overlay(width: float, height: float, draw: Callable[[Canvas], None]) -> PageObject:
    """A one-page PDF of the given size with whatever ``draw`` puts on its canvas."""
    buffer = io.BytesIO()
    canvas = mark_canvas(buffer, (width, height))
    draw(canvas)
    canvas.showPage()
    save_identified(canvas, buffer)
    return PdfReader(io.BytesIO(buffer.getvalue())).pages[0]


def hairline(canvas: Canvas, registration: bool = False) -> None:
    """Set a 0.25 pt stroke in black, or in registration black: the separation /All, which
    prints on every plate (process CMYK 100/100/100/100 would break the ink limit)."""
    canvas.setLineWidth(HAIRLINE)
    canvas.setDash()
    if registration:
        canvas.setStrokeColor(REGISTRATION)
    else:
        canvas.setStrokeColorCMYK(0, 0, 0, 1)


def draw_cut_marks(canvas: Canvas, layout: SheetLayout, margin: float, gap: float) -> None:
    """Ticks along every trim line of ``layout``, from ``margin`` inside the sheet's edge
    (where a printer prints) to ``gap`` short of the pages."""
    hairline(canvas)
    xs, ys = layout.cut_lines()
    bottom = min(slot.y for slot in layout.slots)
    top = max(slot.top for slot in layout.slots)
    left = min(slot.x for slot in layout.slots)
    right = max(slot.right for slot in layout.slots)
    for x in xs:
        canvas.line(x, margin, x, bottom - gap)
        canvas.line(x, top + gap, x, layout.height - margin)
    for y in ys:
        canvas.line(margin, y, left - gap, y)
        canvas.line(right + gap, y, layout.width - margin, y)


def draw_crop_marks(canvas: Canvas, trim: Slot, bleed: Slot, offset: float,
                    length: float) -> None:
    """Crop marks along the trim lines at the four corners, from ``offset`` beyond the bleed."""
    hairline(canvas, registration=True)
    for x in (trim.x, trim.right):
        for start, sign in ((bleed.y, -1), (bleed.top, 1)):
            canvas.line(x, start + sign * offset, x, start + sign * (offset + length))
    for y in (trim.y, trim.top):
        for start, sign in ((bleed.x, -1), (bleed.right, 1)):
            canvas.line(start + sign * offset, y, start + sign * (offset + length), y)


def draw_fold_marks(canvas: Canvas, x: float, bleed: Slot, offset: float,
                    length: float) -> None:
    """Dashed ticks ``length`` long on the vertical fold line at ``x``, above and below the
    bleed, from ``offset`` beyond it (the crop marks' place)."""
    hairline(canvas, registration=True)
    canvas.setDash(2 * MM / 3, MM / 2)
    canvas.line(x, bleed.y - offset, x, bleed.y - offset - length)
    canvas.line(x, bleed.top + offset, x, bleed.top + offset + length)


def mark_font() -> str:
    """The font of marks and captions on sheets: the layouts' heading face (embedded)."""
    return font_for("heading")


def composed(writer: PdfWriter, source: bytes, options: object, title: str = "") -> PrintFile:
    """The sheets of ``writer``, titled, as a print file whose identifier is derived from
    the input and the options (no dates, no randomness), to be finished as PDF/X-4."""
    for page in writer.pages:
        page.compress_content_streams()
    return PrintFile(writer, source + repr(options).encode(), DocumentInfo(title))
