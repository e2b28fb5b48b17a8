"""Fonts parsed by ReportLab once, then restored from the cache: same font, same PDF."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from inspiratiekaart.layout import FONTS_DIR
from inspiratiekaart.render import fontcache
from inspiratiekaart.render.fontcache import load_truetype

NOTO = FONTS_DIR / "noto-serif" / "NotoSerif-Italic.ttf"
TEXT = "Ruïne, café, naïef & <b>geëerd</b>: ĳsvogel – “€ 5”"


def refuse_to_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the font should come from the cache")

    monkeypatch.setattr(fontcache, "parse_truetype", refuse)


def pdf_with(font: TTFont) -> bytes:
    pdfmetrics.registerFont(font)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.setFont(font.fontName, 12)
    canvas.drawString(72, 720, TEXT)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_a_cached_font_is_the_parsed_font(cache, monkeypatch):
    parsed = load_truetype("cache-test", NOTO)
    assert list((cache / "fonts").iterdir())
    refuse_to_parse(monkeypatch)
    restored = load_truetype("cache-test", NOTO)
    assert restored is not parsed
    assert fontcache._state(restored) == fontcache._state(parsed)
    assert restored.stringWidth(TEXT, 11) == TTFont("x", str(NOTO)).stringWidth(TEXT, 11)
    assert pdf_with(restored) == pdf_with(parsed)
    assert TEXT in PdfReader(io.BytesIO(pdf_with(restored))).pages[0].extract_text()


def test_a_damaged_entry_is_parsed_again(cache):
    load_truetype("cache-damaged", NOTO)
    (entry,) = (cache / "fonts").iterdir()
    entry.write_bytes(b"not a pickle")
    font = load_truetype("cache-damaged", NOTO)
    assert font.stringWidth(TEXT, 11) == TTFont("x", str(NOTO)).stringWidth(TEXT, 11)


def test_an_entry_is_kept_only_when_it_restores_to_the_same_font(cache, monkeypatch):
    monkeypatch.setattr(fontcache, "_scale", lambda units_per_em: lambda units: 0)
    load_truetype("cache-unequal", NOTO)
    assert not (cache / "fonts").exists()


def test_no_cache_when_it_is_turned_off(monkeypatch, tmp_path):
    monkeypatch.setenv("INSPIRATIEKAART_CACHE", "")
    monkeypatch.chdir(tmp_path)
    font = load_truetype("cache-off", NOTO)
    assert font.stringWidth("a", 10) > 0
    assert list(tmp_path.iterdir()) == []
