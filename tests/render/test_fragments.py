"""Paragraphs parsed by ReportLab once, then taken from the cache: same paragraphs, same PDFs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import paragraph as reportlab_paragraph
from reportlab.platypus.paraparser import ParaParser

from inspiratiekaart.pipeline import BuildOptions, build
from inspiratiekaart.render import fragments
from inspiratiekaart.render.fonts import font_for
from inspiratiekaart.render.paragraph import Paragraph
from tests.conftest import CONTENT

MARKUP = ('Een <i>naïeve</i> vraag &amp; &lt;b&gt; over <link href="https://e.org/a?b=1&amp;c=2" '
          'color="#1f5c99">ruïnes en geëerde scholen</link><super size="6" rise="3">12</super> '
          'die doorloopt tot de regel breekt, en nog een keer, en nog een keer.')


@pytest.fixture
def cache(cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty build cache, and nothing parsed in memory."""
    monkeypatch.setattr(fragments, "_tables", {})
    monkeypatch.setattr(fragments, "_learnt", {})
    return cache


@pytest.fixture
def style() -> ParagraphStyle:
    return ParagraphStyle("proef", fontName=font_for("text"), fontSize=10, leading=13)


def refuse_to_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the paragraph should come from the cache")

    monkeypatch.setattr(ParaParser, "parse", refuse)


def drawn(paragraph: reportlab_paragraph.Paragraph) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    paragraph.wrapOn(canvas, 200, 500)
    paragraph.drawOn(canvas, 72, 500)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def saved_and_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    """What this process parsed goes to the files, then out of memory, as between builds."""
    fragments.save_learnt(fragments.take_learnt())
    monkeypatch.setattr(fragments, "_tables", {})


def test_a_paragraph_from_the_cache_is_reportlabs_own(cache, style, monkeypatch):
    own = reportlab_paragraph.Paragraph(MARKUP, style)
    unwrapped = reportlab_paragraph.Paragraph(MARKUP, style, bulletText="•")
    assert drawn(Paragraph(MARKUP, style)) == drawn(own)
    saved_and_forgotten(monkeypatch)
    assert list((cache / "paragraphs").iterdir())
    refuse_to_parse(monkeypatch)
    cached = Paragraph(MARKUP, style, bulletText="•")
    assert cached.text == unwrapped.text
    assert cached.bulletText == unwrapped.bulletText == "•"
    assert [vars(f) for f in cached.frags] == [vars(f) for f in unwrapped.frags]
    assert drawn(Paragraph(MARKUP, style)) == drawn(own)


def test_each_paragraph_gets_fragments_of_its_own(cache, style):
    first, second = Paragraph(MARKUP, style), Paragraph(MARKUP, style)
    first.frags[0].text = "veranderd"
    first.frags[2].link.append("veranderd")
    assert second.frags[0].text != "veranderd"
    assert "veranderd" not in second.frags[2].link
    assert Paragraph(MARKUP, style).frags[0].text != "veranderd"


def test_another_style_is_parsed_anew(cache, style, monkeypatch):
    Paragraph(MARKUP, style)
    saved_and_forgotten(monkeypatch)
    refuse_to_parse(monkeypatch)
    Paragraph(MARKUP, style)
    with pytest.raises(AssertionError, match="from the cache"):
        Paragraph(MARKUP, ParagraphStyle("proef", parent=style, fontSize=11))


def test_markup_that_changes_the_style_is_left_to_reportlab(cache, style):
    assert fragments.parse('<para leftIndent="20">ingesprongen</para>', style) is None
    assert fragments.parse("<bullet>-</bullet>lijst", style) is None
    assert fragments.parse('<seq id="n"/>. genummerd', style) is None
    assert fragments.parse('<a name="hier"/>een anker', style) is None
    indented = Paragraph('<para leftIndent="20">ingesprongen</para>', style)
    assert indented.style.leftIndent == 20


def test_a_damaged_file_is_parsed_again(cache, style, monkeypatch):
    expected = [vars(f) for f in Paragraph(MARKUP, style).frags]
    saved_and_forgotten(monkeypatch)
    for path in (cache / "paragraphs").iterdir():
        path.write_bytes(path.read_bytes()[:40])
    assert [vars(f) for f in Paragraph(MARKUP, style).frags] == expected


def test_no_files_when_caching_is_off(monkeypatch, tmp_path, style):
    monkeypatch.setenv("INSPIRATIEKAART_CACHE", "")
    monkeypatch.setattr(fragments, "_learnt", {})
    monkeypatch.chdir(tmp_path)
    Paragraph(MARKUP, style)
    fragments.save_learnt(fragments.take_learnt())
    assert list(tmp_path.iterdir()) == []


def test_a_brochure_built_from_the_cache_is_the_same(cache, monkeypatch, tmp_path):
    def build_brochure(out: Path) -> bytes:
        build(BuildOptions(content_dir=CONTENT, out_dir=out, targets=("brochure",),
                           jobs=1, quiet=True, preflight=False), say=lambda line: None)
        return (out / "brochure.pdf").read_bytes()

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = build_brochure(tmp_path / "first")
    monkeypatch.setattr(fragments, "_tables", {})
    refuse_to_parse(monkeypatch)
    assert build_brochure(tmp_path / "second") == first
