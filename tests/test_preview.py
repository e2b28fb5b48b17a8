"""Contact sheets: every page as a thumbnail, cards front and back side by side."""

from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfReader

from inspiratiekaart.layout import load_layout
from inspiratiekaart.preview import contact_sheet, write_previews


def test_card_sheet_holds_every_side_in_pairs(built):
    spec = load_layout("preview")
    image = Image.open(io.BytesIO(contact_sheet(built / "cards.pdf", pairs=True)))
    pages = len(PdfReader(built / "cards.pdf").pages)
    thumb_height = spec.thumbnail_height
    rows = -(-pages // spec.columns)
    assert image.height == spec.gap + rows * (thumb_height + spec.gap)
    thumb_width = thumb_height * 148 / 210  # an A5 card side
    columns = spec.columns  # an even number: each card's front and back side by side
    expected = spec.gap + columns * (thumb_width + spec.gap) + columns // 2 * spec.gap
    assert abs(image.width - expected) <= columns


def test_previews_are_written_for_every_pdf(built, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    pdf = out / "brochure.pdf"
    pdf.write_bytes((built / "brochure.pdf").read_bytes())
    (written,) = write_previews(out, [pdf, out / "links.csv"])
    assert written == out / "preview" / "brochure.png"
    assert Image.open(written).format == "PNG"
