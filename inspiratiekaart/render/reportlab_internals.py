"""The one module that uses ReportLab's private attributes.

Open-source ReportLab has no public way to ask which characters a font has, to add raw
operators to a page or to a text object, to lay out a document without saving it, to
reach the page and annotation objects it writes (tagging needs all of them), to change a
cell of a table it has split, to split a table otherwise than it does or to set the file
identifier; each use is here, and ``tests/render/test_reportlab_internals.py`` fails
loudly if ReportLab changes them.
"""

from __future__ import annotations

import io
from typing import NamedTuple

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFDocument,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFString,
)
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import BaseDocTemplate, Flowable, Table, paragraph

from ..content.characters import SOFT_HYPHEN
from .metadata import file_identifier, subset_tag

_BLANK_IDENTIFIER = bytes(16)


def mapped_characters(font: TTFont) -> frozenset[int]:
    """The code points a registered TrueType font has a glyph for (its parsed ``cmap``;
    ReportLab has no public way to ask)."""
    return frozenset(code for code, glyph in font.face.charToGlyph.items() if glyph)


def append_operators(canvas: Canvas, operators: str) -> None:
    """Write PDF operators into the current page's content as they are (no graphics state
    tracking: the operators must leave the state as they found it)."""
    canvas._code.append(operators)


def prepend_operators(canvas: Canvas, operators: str) -> None:
    """Write PDF operators at the start of the current page's content."""
    canvas._code.insert(0, operators)


def page_has_content(canvas: Canvas) -> bool:
    """Whether the current page has anything drawn on it (``save`` would then show it)."""
    return bool(canvas._code)


def append_text_operators(text: PDFTextObject, operators: str) -> None:
    """Write PDF operators into a text object (between its BT and ET) as they are."""
    text._code.append(operators)


def on_link_segments(text: PDFTextObject, record) -> None:
    """Have ``record(link, "start" | "end")`` called for each line's part of each link a
    paragraph draws into ``text`` (the paragraph makes one annotation per part)."""
    text._linkRecord = record


def add_internal_link(canvas: Canvas, destination: str, rect: tuple[float, ...],
                      relative: int, entries: dict[str, object], named: bool = False) -> None:
    """A borderless link annotation to the bookmark ``destination`` (``named``: to the
    named destination, which the document this one is joined into defines), with more
    entries than ReportLab's own link annotation allows (it refuses the keys it does not
    list)."""
    target = PDFString(destination) if named else canvas._bookmarkReference(destination)
    annotation = PDFDictionary({"Type": PDFName("Annot"), "Subtype": PDFName("Link"),
                                "Rect": PDFArray(canvas._absRect(rect, relative)),
                                "Border": PDFArray([0, 0, 0]), "Dest": target, **entries})
    canvas._addAnnotation(annotation)


def annotation_count(canvas: Canvas) -> int:
    """How many annotations the current page has so far."""
    return len(canvas._annotationrefs)


def last_annotation(canvas: Canvas) -> PDFObjectReference:
    """The reference of the annotation added to the current page last."""
    return canvas._annotationrefs[-1]


def page_reference(canvas: Canvas) -> PDFObjectReference:
    """The reference of the page being drawn."""
    return canvas._doc.thisPageRef()


def set_last_page_entries(canvas: Canvas, entries: dict[str, object]) -> None:
    """Add entries to the dictionary of the page shown last (ReportLab writes only the
    keys a page class lists)."""
    page = canvas._doc.Pages.pages[-1]
    page.__NoDefault__ = [*page.__NoDefault__, *(k for k in entries
                                                  if k not in page.__NoDefault__)]
    for key, value in entries.items():
        setattr(page, key, value)


def register_object(canvas: Canvas, obj: PDFObject, name: str) -> PDFObjectReference:
    """Add ``obj`` to the file as an indirect object named ``name``; its reference."""
    return canvas._doc.Reference(obj, name)


def reference_bytes(document: PDFDocument, reference: PDFObjectReference) -> bytes:
    """``n 0 R`` for ``reference`` while the file is written (every object is numbered
    then): what ReportLab's own formatting of a reference gives, without its text codec."""
    return b"%d %d R" % document.idToObjectNumberAndVersion[reference.name]


def soften_added_hyphens(laid_out: paragraph.Paragraph) -> None:
    """Print the hyphens that line breaking added at line ends as soft hyphens (U+00AD):
    the fonts draw both alike, and text extracted or read aloud then has whole words.

    Call it on a paragraph about to be drawn (a split later would rejoin its words).
    """
    lines = laid_out.blPara.lines
    for index in _added_hyphen_lines(laid_out):
        if laid_out.blPara.kind == 0:
            words = lines[index][1]
            words[-1] = _softened(words[-1])
        else:
            texts = [f for f in lines[index].words if getattr(f, "text", "")
                     and not hasattr(f, "cbDefn")]
            if texts:
                texts[-1].text = _softened(texts[-1].text)


def ends_in_hyphen(laid_out: paragraph.Paragraph, lines: int) -> bool:
    """Whether the first ``lines`` lines of a laid-out paragraph end in a hyphen, one that
    line breaking added or the text's own ("voor- en najaar"): a part of its split
    that ends there reads as ending in half a word."""
    last = _last_words(laid_out).get(lines - 1)
    return last is not None and _word_text(last).endswith("-")


def line_count(laid_out: paragraph.Paragraph) -> int:
    """The lines a laid-out paragraph (or a part of its split) holds."""
    return len(laid_out.blPara.lines)


def _softened(text: str) -> str:
    return text[:-1] + SOFT_HYPHEN if text.endswith("-") else text


def hyphenated_heads(laid_out: paragraph.Paragraph) -> dict[int, str]:
    """Line → the head of the word hyphenation split at its end (without the hyphen), for
    the lines that end so (not where a word too long for a line was cut)."""
    return {index: _head_text(word) for index, word in _last_words(laid_out).items()
            if isinstance(word, (paragraph._SplitWordHY, paragraph._SplitFragHY))}


def _head_text(word: str | list) -> str:
    """The text of a line's last word without the hyphen added after it."""
    text = _word_text(word)
    return text[:-1] if text.endswith("-") else text


def _word_text(word: str | list) -> str:
    """The text of a word as line breaking keeps it: a string, or ReportLab's
    [width, (frag, text), …]."""
    return word if isinstance(word, str) else "".join(part for _, part in word[1:])


def _added_hyphen_lines(laid_out: paragraph.Paragraph) -> list[int]:
    """The lines that end in a hyphen the line breaking added (not one of the text's)."""
    added = (paragraph._SplitWordHY, paragraph._SplitWordLL, paragraph._SplitFragHY,
             paragraph._SplitFragLL)
    return [index for index, word in _last_words(laid_out).items() if isinstance(word, added)]


def _last_words(laid_out: paragraph.Paragraph) -> dict[int, str | list]:
    """Line → the last word on it, as line breaking left it."""
    lines = laid_out.blPara.lines
    if laid_out.blPara.kind == 0:
        return {i: words[-1] for i, (_, words) in enumerate(lines) if words}
    found = {}
    for index, line in enumerate(lines):
        end = lines[index + 1].sFW if index + 1 < len(lines) else len(laid_out.frags)
        words = [w for w in laid_out.frags[line.sFW:end]
                 if not isinstance(w, paragraph._InjectedFrag)]
        if words:
            found[index] = words[-1]
    return found


class SaveLaterDocTemplate(BaseDocTemplate):
    """A document template whose ``build`` lays out every page but leaves the file unsaved,
    so forms it uses (page numbers known only at the end) can still be defined; the
    subclass calls ``self.canv.save()`` when they are."""

    def _endBuild(self) -> None:
        self._doSave = 0
        super()._endBuild()


def replace_first_cell(table: Table, value: Flowable) -> None:
    """Put ``value`` in the top left cell of ``table`` (the part of a split table that
    repeats its heading row: the heading with a continuation mark instead), its row as tall
    as ``value`` needs (ReportLab gives the part the height the first row had before)."""
    first_row = table._cellvalues[0]  # shared with the table it was split from: copied
    table._cellvalues[0] = [value, *first_row[1:]]
    table._argH = [None, *table._argH[1:]]


def put_above_first_cell(table: Table, value: Flowable) -> None:
    """Put ``value`` above what the top left cell of ``table`` holds (the part of a split
    table with no heading row to repeat), its row as tall as both need."""
    first_row = table._cellvalues[0]  # shared with the table it was split from: copied
    cell = first_row[0]
    held = list(cell) if isinstance(cell, (list, tuple)) else [cell] if cell else []
    table._cellvalues[0] = [[value, *held], *first_row[1:]]
    table._argH = [None, *table._argH[1:]]


def split_within_rows_first(table: Table, width: float, height: float) -> list[Flowable]:
    """``table`` split to fill ``height``: inside the row at the break where its cells
    allow, else between rows (ReportLab tries between rows first, which can leave room the
    rest then fills after a second break on the same page)."""
    table._calc(width, height)
    return table._splitRows(height, doInRowSplit=1) or table._splitRows(height, doInRowSplit=0)


def whole_rows(table: Table, part: Table) -> int:
    """How many of ``table``'s rows the first part of its split holds whole: rows whose
    cells are the table's own (a row split inside itself has new cells in each part)."""
    rows = part._cellvalues
    return next((index for index, row in enumerate(rows)
                 if any(cell is not own for cell, own in zip(row, table._cellvalues[index],
                                                             strict=True))), len(rows))


def rows_height(table: Table, width: float, count: int) -> float:
    """The height of ``table``'s first ``count`` rows, laid out at ``width``."""
    table._calc(width, 1e6)
    return sum(table._rowHeights[:count]) + 1e-3


def frame_height(flowable: Flowable) -> float | None:
    """The whole inner height of the frame ``flowable`` is being laid out in; None outside
    a frame (a frame marks what it lays out, or splits, with ``_frame``)."""
    frame = getattr(flowable, "_frame", None)
    if frame is None:
        return None
    return frame.height - frame.topPadding - frame.bottomPadding


def split_despite_keeps(table: Table, width: float, height: float, frame: float
                        ) -> list[Flowable]:
    """``table`` split to fill ``height`` though it keeps rows together (NOSPLIT): the
    ranges taller than a whole ``frame``, which would never fit anywhere, are let go."""
    kept = table._nosplitCmds
    if not kept:
        return []
    rows = table._rowHeights

    def taller_than_frame(command) -> bool:
        first, last = (command[1][1] % table._nrows, command[2][1] % table._nrows)
        return sum(rows[first:last + 1]) > frame

    table._nosplitCmds = [command for command in kept if not taller_than_frame(command)]
    try:
        return split_within_rows_first(table, width, height)
    finally:
        table._nosplitCmds = kept


def save_identified(canvas: Canvas, buffer: io.BytesIO) -> None:
    """Save ``canvas`` into ``buffer`` (the file it writes) with the ``/ID`` that
    ``metadata.file_identifier`` makes of the file's bytes: saved with a blank identifier,
    which is then filled in (ReportLab's own digests the date and the title alone)."""
    if not hasattr(canvas._doc, "_ID"):
        raise RuntimeError("ReportLab's document no longer has _ID: the file identifier "
                           "needs another way in")
    blank = _identifier_entry(_BLANK_IDENTIFIER)
    canvas._doc._ID = blank
    tag_subsets(canvas._doc)
    canvas.save()
    data = buffer.getvalue()
    at = data.rfind(blank)
    if at < 0:
        raise RuntimeError("ReportLab wrote another /ID than it was given (_ID)")
    buffer.seek(at)
    buffer.write(_identifier_entry(file_identifier(data)))
    buffer.seek(0, io.SEEK_END)


def tag_subsets(document: PDFDocument) -> None:
    """Embed the fonts' subsets now, each tagged from its program: ReportLab tags the first
    subset of every face AAAAAA (when it saves, it embeds what is left: nothing)."""
    for font in document.delayedFonts:
        font.addObjects(document)
    document.delayedFonts = []
    taken: dict[str, bytes] = {}
    for font in document.idToObject["BasicFonts"].dict.values():
        name = str(getattr(font, "BaseFont", ""))
        descriptor = document.idToObject.get(f"fontDescriptor:{name}")
        if len(name) < 8 or name[6] != "+" or descriptor is None:
            continue
        program = document.idToObject[descriptor.dict["FontFile2"].name].content
        font.BaseFont = f"{subset_tag(program, taken)}+{name[7:]}"
        descriptor.dict["FontName"] = PDFName(font.BaseFont)


def _identifier_entry(identifier: bytes) -> bytes:
    """``identifier`` as the trailer's ``/ID`` array (both parts alike)."""
    digits = identifier.hex().encode("ascii")
    return b"[<" + digits + b"><" + digits + b">]"


class NoRoom(Exception):
    """Text that not even an empty page (or card) of its layout can hold: the renderers'
    own way of saying what ReportLab says with its LayoutError."""


class LayoutFailure(NamedTuple):
    why: str
    setting: str
    """The layout setting that most likely gives the text room: where the problem is told."""


def layout_failure(error: BaseException) -> LayoutFailure | None:
    """What could not be laid out, when ``error`` is :class:`NoRoom` (the documents say
    so for ReportLab's LayoutError, a flowable taller than any frame) or ReportLab's way
    of saying a table is left less width than its padding; else None."""
    if isinstance(error, NoRoom):
        return LayoutFailure(str(error), "styles")
    if isinstance(error, ValueError) and "negative availWidth" in str(error):
        return LayoutFailure("a block is left no width (its padding is wider than its "
                             "column)", "block_padding")
    return None

