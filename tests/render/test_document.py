from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer

from inspiratiekaart.layout import load_layout
from inspiratiekaart.render.document import PublicationDoc
from inspiratiekaart.render.fonts import font_for
from inspiratiekaart.render.metadata import DocumentInfo
from tests.pdfcheck import page_texts

LAYOUT = load_layout("booklet")
BODY = ParagraphStyle("body", fontName=font_for("text"), fontSize=10, leading=12,
                      allowWidows=0, allowOrphans=0)
HEADING = ParagraphStyle("heading", parent=BODY, fontSize=14, leading=18, spaceBefore=6,
                         spaceAfter=4, keepWithNext=1)
LINES = 30
"""Lines of the paragraph under the heading: more than half a page."""


def laid_out(story: list[Flowable], tmp_path: Path) -> list[str]:
    """The text of each page of a booklet page holding ``story``."""
    buffer = io.BytesIO()
    doc = PublicationDoc(buffer, LAYOUT, DocumentInfo(title="test"), footers=False)
    doc.build(story)
    doc.finish()
    path = tmp_path / "doc.pdf"
    path.write_bytes(buffer.getvalue())
    return page_texts(path)


def heading_and_paragraph(room_in_lines: float) -> list[Flowable]:
    """A filler leaving ``room_in_lines`` body lines (after the heading) at the foot of the
    first page, then a heading and a paragraph of numbered lines too long for that room."""
    height = LAYOUT.page.height - LAYOUT.page.top - LAYOUT.page.bottom
    heading_height = HEADING.leading + HEADING.spaceBefore + HEADING.spaceAfter
    filler = height - heading_height - room_in_lines * BODY.leading
    words = "<br/>".join(f"regel{number}" for number in range(1, LINES + 1))
    return [Spacer(0, filler), Paragraph("Kop", HEADING), Paragraph(words, BODY)]


def test_a_heading_stands_over_the_start_of_a_paragraph_too_long_for_its_page(tmp_path):
    pages = laid_out(heading_and_paragraph(room_in_lines=8.5), tmp_path)
    assert "Kop" in pages[0]
    first_page_lines = [n for n in range(1, LINES + 1) if f"regel{n}\r" in pages[0] + "\r"]
    assert first_page_lines == list(range(1, 9))
    assert f"regel{LINES}" in pages[1]


@pytest.mark.parametrize("room_in_lines", [0.5, 1.5])
def test_a_heading_goes_over_with_its_paragraph_where_two_lines_do_not_fit_under_it(
        tmp_path, room_in_lines):
    pages = laid_out(heading_and_paragraph(room_in_lines), tmp_path)
    assert "Kop" not in pages[0] and "regel1" not in pages[0]
    assert pages[1].split()[:2] == ["Kop", "regel1"]


def test_a_block_split_again_on_every_page_stops_at_the_page_bound(tmp_path):
    """A table row whose paddings are taller than the page, split inside the row: ReportLab
    puts a sliver of it on page after page without end (a booklet reached 37,000 pages in
    15 s). The document stops at its bound with the renderers' way of saying there is no
    room, which the build tells as a layout problem."""
    from reportlab.platypus import Table, TableStyle

    from inspiratiekaart.render.document import MOST_PAGES
    from inspiratiekaart.render.reportlab_internals import NoRoom

    padding = LAYOUT.page.height
    row = Table([[Paragraph("rij", BODY)]], splitInRow=1, style=TableStyle([
        ("TOPPADDING", (0, 0), (-1, -1), padding), ("BOTTOMPADDING", (0, 0), (-1, -1), padding)]))
    doc = PublicationDoc(io.BytesIO(), LAYOUT, DocumentInfo(title="test"), footers=False)
    with pytest.raises(NoRoom, match=f"runs past {MOST_PAGES:,} pages"):
        doc.build([row])
    assert doc.page == MOST_PAGES + 1
