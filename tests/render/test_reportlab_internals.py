"""ReportLab's private attributes that the renderers rely on, each still there and still
doing what ``render/reportlab_internals.py`` expects: a ReportLab upgrade that changes
one fails here, by name, rather than somewhere in the middle of a layout."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFObject, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Paragraph, SimpleDocTemplate, Table, TableStyle
from reportlab.platypus.doctemplate import LayoutError as ReportLabLayoutError

from inspiratiekaart.render.fonts import font_for
from inspiratiekaart.render.metadata import file_identifier, subset_tag
from inspiratiekaart.render.reportlab_internals import (
    NoRoom,
    SaveLaterDocTemplate,
    add_internal_link,
    annotation_count,
    append_operators,
    append_text_operators,
    frame_height,
    hyphenated_heads,
    last_annotation,
    layout_failure,
    mapped_characters,
    on_link_segments,
    page_has_content,
    page_reference,
    prepend_operators,
    put_above_first_cell,
    reference_bytes,
    register_object,
    replace_first_cell,
    rows_height,
    save_identified,
    set_last_page_entries,
    soften_added_hyphens,
    split_despite_keeps,
    split_within_rows_first,
    whole_rows,
)
from inspiratiekaart.render.styles import paragraph_styles


def test_operators_appended_reach_the_page_content():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(100, 100), invariant=1)
    append_operators(canvas, "0 0 0 1 k 10 10 30 30 re f")
    canvas.showPage()
    canvas.save()
    document = pdfium.PdfDocument(buffer.getvalue())
    pixels = document[0].render(scale=1).to_pil().convert("L")
    assert pixels.getpixel((25, 75)) < 50  # inside the square (y runs down in pixels)
    assert pixels.getpixel((80, 20)) > 200


def test_a_document_laid_out_is_saved_only_when_asked():
    buffer = io.BytesIO()

    class Later(SaveLaterDocTemplate, SimpleDocTemplate):
        pass

    doc = Later(buffer, pagesize=(300, 300))
    doc.build([Paragraph("een alinea", getSampleStyleSheet()["Normal"])])
    assert buffer.getvalue() == b""
    doc.canv.save()
    assert len(pdfium.PdfDocument(buffer.getvalue())) == 1


def test_operators_go_first_and_into_text_objects():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(100, 100), invariant=1, pageCompression=0)
    assert not page_has_content(canvas)
    canvas.drawString(10, 10, "x")
    prepend_operators(canvas, "/Artifact BMC")
    append_operators(canvas, "EMC")
    text = canvas.beginText(10, 50)
    append_text_operators(text, "/Span <</ActualText (y)>> BDC")
    text.textOut("y")
    append_text_operators(text, "EMC")
    canvas.drawText(text)
    assert page_has_content(canvas)
    canvas.showPage()
    canvas.save()
    content = PdfReader(buffer).pages[0].get_contents().get_data()
    assert content.index(b"/Artifact BMC") < content.index(b"(x) Tj") < content.index(b"EMC")
    assert b"BT 1 0 0 1 10 50 Tm /Span <</ActualText (y)>> BDC (y) Tj EMC ET" in content


def test_annotations_pages_and_objects_are_reached():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(100, 100), invariant=1)
    canvas.bookmarkPage("hier")
    canvas.linkURL("https://example.org", (0, 0, 10, 10))
    url_annotation = last_annotation(canvas)
    add_internal_link(canvas, "hier", (20, 20, 30, 30), 1, {"StructParent": 7})
    add_internal_link(canvas, "elders", (40, 40, 50, 50), 1, {}, named=True)
    page = page_reference(canvas)
    canvas.showPage()
    set_last_page_entries(canvas, {"Tabs": PDFName("S"), "StructParents": 3})
    register_object(canvas, PDFDictionary({"Annot": url_annotation, "Page": page,
                                           "Says": PDFString("ok")}), "Extra")
    canvas.setCatalogEntry("Extra", PDFName("Extra"))
    canvas.save()
    reader = PdfReader(buffer)
    first = reader.pages[0]
    assert first["/Tabs"] == "/S" and first["/StructParents"] == 3
    annotations = [a.get_object() for a in first["/Annots"]]
    assert annotations[0]["/A"]["/URI"] == "https://example.org"
    assert annotations[1]["/StructParent"] == 7 and "/Dest" in annotations[1]
    assert annotations[2]["/Dest"] == "elders"  # a name the joined document defines
    extra = next(reader.get_object(n) for n in range(1, 30)
                 if isinstance(reader.get_object(n), dict) and "/Says" in reader.get_object(n))
    assert extra["/Annot"] == annotations[0] and extra["/Page"] == first


def test_only_the_hyphens_line_breaking_adds_are_softened():
    style = paragraph_styles("brochure")["body"]
    for markup in ("De onderwijsprofessionals werken met zelfredzaamheid en self-efficacy",
                   "De <i>onderwijsprofessionals</i> werken met zelfredzaamheid en "
                   "self-efficacy"):
        for width in (60, 70, 80, 90):
            paragraph = Paragraph(markup, style)
            paragraph.wrap(width, 1000)
            soften_added_hyphens(paragraph)
            lines = paragraph.blPara.lines
            ends = [line[1][-1] if paragraph.blPara.kind == 0
                    else "".join(f.text for f in line.words if hasattr(f, "text"))
                    for line in lines]
            assert any(end.endswith("\xad") for end in ends), ends
            assert not any(end.endswith("-") and not end.endswith("self-") for end in ends)


def test_the_head_of_each_word_hyphenation_split_at_a_line_end_is_read():
    """Plain text and text with markup (ReportLab keeps each in its own way): each line
    that ends in a hyphenated word gives the part of it on that line (its start, or the
    part after the line before, where a word goes over three lines), without the hyphen."""
    style = paragraph_styles("brochure")["body"]
    words = "De onderwijsprofessionals werken met zelfredzaamheid en self-efficacy"
    found = 0
    for markup in (words, words.replace("onderwijsprofessionals",
                                        "<i>onderwijsprofessionals</i>")):
        for width in (60, 70, 80, 90):
            paragraph = Paragraph(markup, style)
            paragraph.wrap(width, 1000)
            heads = hyphenated_heads(paragraph)
            found += len(heads)
            for line, head in heads.items():
                assert any(head in word and len(head) < len(word) for word in words.split())
                assert not head.endswith("-") and line + 1 < len(paragraph.blPara.lines)
    assert found >= 8


def test_a_reference_is_written_as_reportlab_writes_it():
    written: list[tuple[bytes, bytes]] = []

    class Both(PDFObject):
        """Records both ways of writing a reference to the page when the file is saved."""

        def __init__(self, reference) -> None:
            self.reference = reference

        def format(self, document) -> bytes:
            written.append((reference_bytes(document, self.reference),
                            self.reference.format(document)))
            return b"null"

    canvas = Canvas(io.BytesIO(), pagesize=(100, 100), invariant=1)
    canvas.drawString(10, 10, "x")
    register_object(canvas, Both(page_reference(canvas)), "Both")
    canvas.showPage()
    canvas.save()
    assert written and written[0][0] == written[0][1] and written[0][0].endswith(b" 0 R")


def test_a_fonts_mapped_characters_are_its_cmap():
    from reportlab.pdfbase.ttfonts import TTFont

    from inspiratiekaart.layout import FONTS_DIR

    mapped = mapped_characters(TTFont("probe-lato", FONTS_DIR / "lato" / "Lato-Regular.ttf"))
    assert {ord("A"), ord("ë"), ord("€")} <= mapped
    assert ord("😀") not in mapped


def test_the_repeated_first_cell_of_a_split_table_is_replaced_and_its_row_fits_it():
    """A heading with a continuation mark that takes more lines than the heading gets a
    row as tall as it needs, so it never prints over the row below."""
    style = getSampleStyleSheet()["Normal"]
    rows = [[Paragraph("kop", style)], *([Paragraph(f"rij {n}", style)] for n in range(20))]
    _, rest = Table(rows, colWidths=[100], repeatRows=1).split(100, 120)
    _, before = rest.wrap(100, 1000)
    longer = Paragraph("kop met een lang vervolg " * 3, style)
    inner = 100 - 2 * 6  # the column less ReportLab's default cell padding
    grows = longer.wrap(inner, 1000)[1] - rows[0][0].wrap(inner, 1000)[1]
    replace_first_cell(rest, longer)
    _, after = rest.wrap(100, 1000)
    assert grows > 0 and after == before + grows


def test_a_mark_put_above_the_first_cell_of_a_split_table_gets_its_room():
    """A table with no heading row to repeat: the mark goes over what its first cell holds
    on the next page, whether a list of flowables or one, and the row grows by it."""
    style = getSampleStyleSheet()["Normal"]
    mark = Paragraph("tip (vervolg)", style)
    inner = 100 - 2 * 6  # the column less ReportLab's default cell padding
    for cell in (lambda n: [Paragraph(f"rij {n}", style)], lambda n: Paragraph(f"rij {n}", style)):
        _, rest = Table([[cell(n)] for n in range(20)], colWidths=[100]).split(100, 120)
        held = rest._cellvalues[0][0]
        _, before = rest.wrap(100, 1000)
        put_above_first_cell(rest, mark)
        _, after = rest.wrap(100, 1000)
        cell_now = rest._cellvalues[0][0]
        assert cell_now[0] is mark
        assert list(cell_now[1:]) == (list(held) if isinstance(held, (list, tuple))
                                      else [held])
        assert after == pytest.approx(before + mark.wrap(inner, 1000)[1])


def test_the_rows_a_split_keeps_whole_and_the_height_of_rows_are_read():
    """A table split between rows keeps its rows' cells; split inside a row, that row's
    cells are new in each part."""
    style = getSampleStyleSheet()["Normal"]
    rows = [[Paragraph("kop", style)], [Paragraph("een lange rij " * 30, style)],
            [Paragraph("laatste", style)]]
    table = Table(rows, colWidths=[100])
    heights = [row[0].wrap(100 - 12, 1000)[1] + 6 for row in rows]  # and default padding
    assert abs(rows_height(table, 100, 2) - sum(heights[:2])) < 0.01
    between = table.split(100, heights[0] + heights[1] + 1)  # between rows: ReportLab's own
    assert whole_rows(table, between[0]) == 2
    splittable = Table(rows, colWidths=[100], splitInRow=1)
    inside = splittable.split(100, heights[0] + 40)
    assert len(inside) == 2 and whole_rows(splittable, inside[0]) == 1


def test_each_lines_part_of_a_link_is_recorded_as_the_paragraph_draws_it():
    recorded: list[tuple[str, int]] = []

    class Recording(Paragraph):
        def beginText(self, x, y):
            text = super().beginText(x, y)
            on_link_segments(text, lambda link, what: recorded.append((what, link[1])))
            return text

    canvas = Canvas(io.BytesIO(), pagesize=(200, 200), invariant=1)
    style = getSampleStyleSheet()["Normal"]
    paragraph = Recording('voor <a href="https://example.org/">een link over twee regels</a>',
                          style)
    assert paragraph.wrap(80, 1000)[1] == 2 * style.leading  # the link on both lines
    paragraph.drawOn(canvas, 10, 10)
    assert recorded == [("start", "https://example.org/"), ("end", "https://example.org/")] * 2


def test_the_annotations_of_the_current_page_are_counted():
    canvas = Canvas(io.BytesIO(), pagesize=(100, 100), invariant=1)
    assert annotation_count(canvas) == 0
    canvas.linkURL("https://example.org/een", (0, 0, 10, 10))
    add_internal_link(canvas, "elders", (20, 20, 30, 30), 1, {}, named=True)
    assert annotation_count(canvas) == 2
    canvas.showPage()
    assert annotation_count(canvas) == 0


def three_rows() -> list[list[Paragraph]]:
    style = getSampleStyleSheet()["Normal"]
    return [[Paragraph("kop", style)], [Paragraph("een lange rij " * 30, style)],
            [Paragraph("laatste", style)]]


def test_a_table_is_split_inside_the_row_at_the_break_first():
    """ReportLab splits between rows first: after the heading row alone, here; the
    wrapper fills the height, the long row split inside itself."""
    reportlabs = Table(three_rows(), colWidths=[100])
    heading = rows_height(reportlabs, 100, 1)
    first, _ = reportlabs.split(100, 100)
    assert whole_rows(reportlabs, first) == 1 and first.wrap(100, 1000)[1] < heading + 0.01
    table = Table(three_rows(), colWidths=[100])
    first, rest = split_within_rows_first(table, 100, 100)
    assert heading + 50 < first.wrap(100, 1000)[1] <= 100
    assert whole_rows(table, first) == 1 and rest.wrap(100, 1000)[1] > 0


class FrameProbe(Flowable):
    """Notes :func:`frame_height` whenever it is measured or asked to split."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[float | None] = []

    def wrap(self, availWidth, availHeight):
        self.seen.append(frame_height(self))
        return availWidth, 10

    def split(self, availWidth, availHeight):
        self.seen.append(frame_height(self))
        return []

    def draw(self) -> None:
        pass


def test_the_frame_a_flowable_is_laid_out_in_is_found():
    """Fails if ReportLab's frames no longer mark what they lay out and split (``_frame``):
    every table would then seem to stand outside a frame."""
    canvas = Canvas(io.BytesIO(), pagesize=(300, 400), invariant=1)
    frame = Frame(0, 0, 200, 300, topPadding=5, bottomPadding=7)
    probe = FrameProbe()
    frame.add(probe, canvas)
    frame.split(probe, canvas)
    probe.wrap(100, 100)  # outside a frame
    assert probe.seen == [288, 288, None]


def test_keeps_taller_than_a_frame_are_let_go_and_kept_again():
    """Four rows kept together (72 pt) do not split; given a frame they do not fit in
    whole, they split between rows, and afterwards they are kept together again."""
    table = Table([[f"rij {n}"] for n in range(4)], colWidths=[100],
                  style=TableStyle([("NOSPLIT", (0, 0), (0, -1))]))
    assert split_within_rows_first(table, 100, 40) == []
    assert split_despite_keeps(table, 100, 40, 1000) == []  # they fit in a frame: kept
    first, rest = split_despite_keeps(table, 100, 40, 50)
    assert whole_rows(table, first) == 2
    assert first.wrap(100, 1000)[1] == rest.wrap(100, 1000)[1] == 36
    assert split_within_rows_first(table, 100, 40) == []


def saved_identified(word: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(100, 100), invariant=1)
    canvas.setTitle("Proef")
    canvas.drawString(10, 10, word)
    save_identified(canvas, buffer)
    return buffer.getvalue()


def test_each_subset_of_a_saved_file_has_a_tag_of_its_own_made_from_its_program():
    """ReportLab tags the first subset of every face AAAAAA; saved here, each face's
    subset is tagged from its program, in its font and its descriptor alike."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(100, 100), invariant=1)
    for face in ("text", "heading"):
        canvas.setFont(font_for(face), 9)
        canvas.drawString(10, 10, "Één zin")
    save_identified(canvas, buffer)
    fonts = [font.get_object() for font in
             PdfReader(buffer).pages[0]["/Resources"]["/Font"].values()
             if "+" in font.get_object()["/BaseFont"]]  # not the canvas's first Helvetica
    names = [str(font["/BaseFont"]) for font in fonts]
    assert len(names) == 2 and len({name[1:7] for name in names}) == 2, names
    assert not any(name.startswith("/AAAAAA") for name in names)
    for font in fonts:
        descriptor = font["/FontDescriptor"].get_object()
        assert descriptor["/FontName"] == font["/BaseFont"]
        program = descriptor["/FontFile2"].get_object().get_data()
        assert font["/BaseFont"][1:7] == subset_tag(program, {})


def test_a_saved_file_carries_the_identifier_of_its_bytes():
    """ReportLab's own identifier digests the date and the title alone: the same for
    different pages. Set through ``_ID``, it is the one every file of the build has."""
    first, again, other = (saved_identified(word) for word in ("een", "een", "twee"))
    assert first == again
    identifiers = [PdfReader(io.BytesIO(pdf)).trailer["/ID"] for pdf in (first, other)]
    digests = [bytes(ident[0].original_bytes) for ident in identifiers]
    assert [bytes(ident[1].original_bytes) for ident in identifiers] == digests
    assert digests[0] != digests[1]
    blank = first.replace(digests[0].hex().encode(), b"0" * 32)
    assert file_identifier(blank) == digests[0]


def failure_of(flowable: Flowable, width: float = 200) -> BaseException:
    """What ReportLab raises laying ``flowable`` out on a small page."""
    document = SimpleDocTemplate(io.BytesIO(), pagesize=(width + 20, 200), leftMargin=10,
                                 rightMargin=10, topMargin=10, bottomMargin=10)
    try:
        document.build([flowable])
    except Exception as error:  # the failure under test, whatever its class
        return error
    raise AssertionError("ReportLab laid it out")


def test_reportlabs_ways_of_saying_it_cannot_lay_out_are_recognised():
    """Fails if ReportLab words or raises them otherwise: a layout that leaves a block no
    room would then stop the build with its message instead of a layout problem."""
    tall = Table([["rij"]], rowHeights=[400])
    assert isinstance(failure_of(tall), ReportLabLayoutError)  # what the documents catch
    padded = Table([[[Paragraph("smal", getSampleStyleSheet()["Normal"])]]], colWidths=[30],
                   style=TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 40)]))
    assert layout_failure(failure_of(padded, width=20)) == (
        "a block is left no width (its padding is wider than its column)", "block_padding")
    assert layout_failure(NoRoom("what is left")) == ("what is left", "styles")
    assert layout_failure(ValueError("something else")) is None

