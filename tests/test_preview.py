"""Contact sheets: every page as a thumbnail, cards front and back side by side."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image
from pypdf import PdfReader

from inspiratiekaart.cache import digest
from inspiratiekaart.cli import main
from inspiratiekaart.layout import load_layout
from inspiratiekaart.preview import (
    contact_sheet,
    page_fingerprints,
    screen_bitmap,
    write_previews,
)


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


def test_only_the_files_of_card_sides_show_pages_in_pairs(built, tmp_path):
    """A file is shown in pairs because its target says its pages are card sides, not
    because of its name: the alignment sheet is named like a deck and has two sides."""
    out = tmp_path / "out"
    deck, sheet = out / "cards.pdf", out / "print" / "cards-duplex-alignment.pdf"
    sheet.parent.mkdir(parents=True)
    for path in (deck, sheet):
        path.write_bytes((built / path.relative_to(out)).read_bytes())
    write_previews(out, [deck, sheet], card_sides={deck})
    assert (out / "preview" / "cards.png").read_bytes() == contact_sheet(deck, pairs=True)
    assert (out / "preview" / "print" / "cards-duplex-alignment.png").read_bytes() == \
        contact_sheet(sheet, pairs=False)


def test_a_preview_build_shows_the_deck_and_its_press_file_in_pairs(tmp_path, cache):
    out = tmp_path / "out"
    assert main(["cards", "--sector", "go", "--out", str(out), "--preview", "-q"]) == 0
    shown = {path.relative_to(out / "preview").as_posix(): path.read_bytes()
             for path in (out / "preview").rglob("*.png")}
    paired = {"cards-go.png", "print/cards-go-press.png"}
    assert paired < set(shown)
    for name, png in shown.items():
        pdf = out / Path(name).with_suffix(".pdf")
        assert png == contact_sheet(pdf, pairs=name in paired), name


def test_a_page_fingerprint_is_the_cache_digest_of_its_grey_pixels(built):
    pdf = (built / "cards.pdf").read_bytes()
    fingerprints = page_fingerprints(pdf)
    document = pdfium.PdfDocument(pdf)
    try:
        assert len(fingerprints) == len(document)
        bitmap = screen_bitmap(document[0], grey=True)
        assert fingerprints[0] == digest(f"{bitmap.width}x{bitmap.height}:".encode(),
                                         bytes(bitmap.buffer))
    finally:
        document.close()
    assert len(set(fingerprints)) == len(fingerprints)  # no two cards look alike
    assert all(f.isalnum() for f in fingerprints)  # as serve's page addresses need
