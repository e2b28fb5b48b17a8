"""Property tests: whatever an editor writes, the parser and loader answer with text or a
clear error, never an exception, and literal text reaches the PDF unchanged."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph, SimpleDocTemplate

from inspiratiekaart.content.inline import InlineError, parse_inline
from inspiratiekaart.content.loader import load_publication
from inspiratiekaart.content.problems import ContentError
from inspiratiekaart.render.markup import rich_markup
from inspiratiekaart.render.styles import paragraph_styles
from tests.conftest import CONTENT

PRINTABLE = st.characters(codec="latin-1", exclude_categories=("Cc", "Cs", "Zl", "Zp"))
TEXT = st.text(PRINTABLE, max_size=80)


@given(TEXT)
@settings(max_examples=500)
def test_any_string_parses_or_gives_a_clear_error(source):
    try:
        text = parse_inline(source, frozenset({"po", "vo"}))
    except InlineError as error:
        assert str(error) and 0 <= error.column <= len(source)
        return
    if not set(source) & set("*[\\"):
        assert text.plain == source


@given(st.text(PRINTABLE.filter(lambda c: c not in "*\\\xad"), min_size=1, max_size=60)
       .filter(lambda s: s.strip()))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_literal_text_prints_as_written(source):
    """(A soft hyphen is a break hint, pasted from word processors: it prints only at a break.)"""
    text = parse_inline(" ".join(source.split()))
    style = paragraph_styles("brochure")["body"]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=(2000, 400), invariant=1)
    doc.build([Paragraph(rich_markup(text, "cmyk(0,0,0,1)"), style)])
    printed = drawn_text(buffer.getvalue())
    assert " ".join(printed.replace("\x02", "").split()) == " ".join(text.plain.split())


def drawn_text(pdf: bytes) -> str:
    """The characters the page draws, without the spaces and line breaks PDFium's text
    extraction adds where it guesses a gap (it breaks the line after an apostrophe that
    stands higher than the next character: "''0")."""
    document = pdfium.PdfDocument(pdf)
    textpage = document[0].get_textpage()
    text = "".join(textpage.get_text_range(index, 1) for index in range(textpage.count_chars())
                   if not pdfium_raw.FPDFText_IsGenerated(textpage.raw, index))
    document.close()
    return text


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | TEXT,
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.sampled_from(["id", "title", "kind", "text", "items", "sectors",
                                       "pillar", "order", "blocks", "intro", "x"]),
                      children, max_size=4),
    max_leaves=12)


@given(VALUES)
@settings(max_examples=60, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
def test_any_theme_file_loads_or_is_refused_clearly(tmp_path_factory, value):
    content = tmp_path_factory.mktemp("content")
    shutil.copytree(CONTENT, content, dirs_exist_ok=True)
    path = Path(content) / "themes" / "zz-random.yaml"
    path.write_text(yaml.safe_dump(value, allow_unicode=True), encoding="utf-8")
    try:
        load_publication(Path(content))
    except ContentError as error:
        assert all(str(problem).startswith(str(content)) for problem in error.problems)
