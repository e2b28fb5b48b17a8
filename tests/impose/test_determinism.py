"""Same input bytes, same output bytes: no dates, no random identifiers, embedded fonts."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from inspiratiekaart.impose import (
    add_crop_marks,
    alignment_sheet,
    impose_cards_duplex,
    impose_saddle,
)

from .sources import booklet, deck, press, written

ROOT = Path(__file__).resolve().parents[2]

CASES: dict[str, Callable[[], bytes]] = {
    "cards": lambda: written(impose_cards_duplex(deck(3), "short", (0.5, -1), title="Kaart")),
    "saddle": lambda: written(impose_saddle(booklet(8), title="Brochure")),
    "marks": lambda: written(add_crop_marks(press(2))),
    "alignment": lambda: alignment_sheet("long"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_twice_gives_identical_bytes(name: str) -> None:
    assert CASES[name]() == CASES[name]()


@pytest.mark.parametrize("name", ["cards", "saddle", "marks"])
def test_identifier_follows_the_input(name: str) -> None:
    reader = PdfReader(io.BytesIO(CASES[name]()))
    ident = reader.trailer["/ID"]
    assert ident[0] == ident[1]
    other = PdfReader(io.BytesIO(written(impose_saddle(booklet(12)))))
    assert other.trailer["/ID"][0] != ident[0]


def test_options_change_the_identifier() -> None:
    long, short = (PdfReader(io.BytesIO(written(impose_cards_duplex(deck(2), flip))))
                   .trailer["/ID"][0] for flip in ("long", "short"))
    assert long != short


def test_the_title_is_what_the_imposition_says_of_the_file() -> None:
    metadata = PdfReader(io.BytesIO(CASES["saddle"]())).metadata
    assert metadata is not None
    assert metadata.title == "Brochure"
    assert not {"/Author", "/Subject", "/Keywords", "/Creator"} & set(metadata)


SCRIPT = """
import hashlib, sys
from inspiratiekaart.impose import impose_cards_duplex, alignment_sheet
from inspiratiekaart.impose.pdfx import finish_pdfx, output_intent
deck = open(sys.argv[1], "rb").read()
sheets = finish_pdfx(impose_cards_duplex(deck, "long", (1, 2)), output_intent(), "x")
print(hashlib.sha256(sheets).hexdigest())
print(hashlib.sha256(alignment_sheet("short")).hexdigest())
"""


def test_same_bytes_in_a_fresh_process(tmp_path: Path) -> None:
    source = tmp_path / "deck.pdf"
    source.write_bytes(deck(3))
    runs = [subprocess.run([sys.executable, "-c", SCRIPT, str(source)], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout for _ in range(2)]
    assert runs[0] == runs[1]
    assert len(runs[0].split()) == 2


def font_dicts(pdf: bytes) -> list[DictionaryObject]:
    """Every font used on any page or in its forms, descendants of composite fonts included."""
    found: list[DictionaryObject] = []

    def walk(resources: DictionaryObject) -> None:
        for font in resources.get("/Font", DictionaryObject()).get_object().values():
            font = font.get_object()
            found.append(font)
            found.extend(child.get_object() for child in font.get("/DescendantFonts", []))
        for xobject in resources.get("/XObject", DictionaryObject()).get_object().values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                walk(xobject["/Resources"].get_object())

    for page in PdfReader(io.BytesIO(pdf)).pages:
        walk(page.get("/Resources", DictionaryObject()).get_object())
    return found


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_font_is_embedded(name: str) -> None:
    fonts = font_dicts(CASES[name]())
    assert fonts
    for font in fonts:
        if font.get("/Subtype") == "/Type0":
            continue
        descriptor = font["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font
