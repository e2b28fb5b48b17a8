"""Property tests: whatever an editor writes, the parser and loader answer with text or a
clear error, never an exception, and literal text reaches the PDF unchanged."""

from __future__ import annotations

import io
import shutil
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph, SimpleDocTemplate

from inspiratiekaart.content.inline import ESCAPABLE, InlineError, parse_inline
from inspiratiekaart.content.loader import load_publication
from inspiratiekaart.content.model import RichText
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
    """(A soft hyphen is a break hint, pasted from word processors: it prints only at a break.)
    Text the parser refuses, as "](" (a link without its '['), is another test's case."""
    try:
        text = parse_inline(" ".join(source.split()))
    except InlineError:
        assume(False)
    assert printed_text(text) == " ".join(text.plain.split())


def printed_text(text: RichText) -> str:
    """``text`` drawn as a brochure paragraph and read back from the PDF, white space made
    single."""
    style = paragraph_styles("brochure")["body"]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=(2000, 400), invariant=1)
    doc.build([Paragraph(rich_markup(text, "cmyk(0,0,0,1)"), style)])
    return " ".join(drawn_text(buffer.getvalue()).replace("\x02", "").split())


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


EDITOR_TEXT = st.text(st.one_of(
    PRINTABLE.filter(lambda c: c != "\xad"),
    st.sampled_from("#:'\"‘’“”–—…€-?&%@!|>{}[]*\\ "),
), min_size=1, max_size=60).filter(lambda s: s.strip())
"""Text as an editor types it: YAML's indicators ('#', ': ', quotes, '- ', '[') included,
anywhere in it (a soft hyphen prints only where a line breaks, so it is left out)."""


def escaped(text: str) -> str:
    """``text`` with the characters of the inline markup escaped, to be printed literally."""
    return "".join(f"\\{char}" if char in ESCAPABLE else char for char in text)


@given(EDITOR_TEXT, st.sampled_from(["intro", "item"]), st.integers(20, 120))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_text_written_by_a_yaml_dumper_reaches_the_pdf_whole(text, place, width):
    """Whatever ``yaml.safe_dump`` writes (quoted or plain, folded at ``width``) is read back
    as the same text and printed whole: no '#' taken for a comment, no quote lost."""
    theme = {"id": "zz-dumped", "title": "Gedumpt", "pillar": "beleid", "order": 999}
    if place == "intro":
        theme["intro"] = [escaped(text)]
    else:
        theme["blocks"] = [{"kind": "tips", "items": [escaped(text)]}]
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder)
        (content / "themes").mkdir()
        shutil.copy(CONTENT / "publication.yaml", content)
        (content / "themes" / "zz-dumped.yaml").write_text(
            yaml.safe_dump(theme, allow_unicode=True, width=width), encoding="utf-8")
        (loaded,) = load_publication(content).themes
    rich = loaded.intro[0] if place == "intro" else loaded.blocks[0].items[0].text
    assert rich.plain == " ".join(text.split())
    assert printed_text(rich) == " ".join(text.split())
