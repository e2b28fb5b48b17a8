"""A quote's marks and a speaker's dash: added by the layout only where the editor did not
write them."""

from __future__ import annotations

import pytest

from inspiratiekaart.content.loader import load_publication
from inspiratiekaart.layout import load_layout
from inspiratiekaart.render import quotes
from inspiratiekaart.render.quotes import (
    attributed,
    quoted,
    starts_with_dash,
    starts_with_quote_mark,
)
from tests.conftest import CONTENT
from tests.render.conftest import printed


@pytest.mark.parametrize("text", ["“Zo gaat het.”", "„Zo gaat het.”", "”Zo gaat het.”",
                                  '"Zo gaat het."', "‘Zo gaat het.’", "'Zo gaat het.'",
                                  "‚Zo’", "«Zo gaat het.»", "»Zo«", "‹Zo›", "‟Zo”",
                                  "「Zo」", "＂Zo＂", "  “Zo”"])
def test_a_text_that_opens_with_a_quote_mark_is_printed_as_written(text):
    assert starts_with_quote_mark(text)
    assert quoted(text, text) == text


@pytest.mark.parametrize("text", ["Zo gaat het.", "'s Ochtends gaan we naar buiten.",
                                  "’t Is buiten beter.", "‘k Zie het zo.", "'80 was anders.",
                                  "'s-Hertogenbosch doet mee.", "Hij zei “kom”.", "(Zo)", ""])
def test_any_other_text_gets_the_layouts_marks(text):
    assert not starts_with_quote_mark(text)
    assert quoted(text, text) == f"“{text}”"


def test_the_marks_go_around_the_markup_judged_by_the_plain_text():
    assert quoted('<a href="x">Zo</a> gaat het', "Zo gaat het") == \
        '“<a href="x">Zo</a> gaat het”'
    assert quoted("<i>„Zo”</i>", "„Zo”") == "<i>„Zo”</i>"


@pytest.mark.parametrize("speaker", ["- een conciërge", "– een conciërge", "— een conciërge",
                                     "‐ een conciërge", "― een conciërge", "− een conciërge",
                                     "-een conciërge", " — een conciërge"])
def test_a_speaker_that_opens_with_a_dash_is_printed_as_written(speaker):
    assert starts_with_dash(speaker)
    assert attributed(speaker) == speaker


@pytest.mark.parametrize("speaker", ["een conciërge", "Juf Ans", "‘Meester’ Jan", "2 leraren"])
def test_any_other_speaker_gets_the_layouts_dash(speaker):
    assert not starts_with_dash(speaker)
    assert attributed(speaker) == f"— {speaker}"


def test_the_labels_own_characters_are_escaped_around_the_quotes_markup(monkeypatch):
    monkeypatch.setattr(quotes, "label", lambda name, **values: f"<&{values['quote']}&>")
    assert quoted("<i>Zo</i> gaat het", "Zo gaat het") == "&lt;&amp;<i>Zo</i> gaat het&amp;&gt;"


def test_a_quote_and_its_speaker_are_marked_as_the_labels_say(restyled):
    """The restyled labels write « » around a quote and (bron: …) around its speaker."""
    pub, layout = load_publication(CONTENT), load_layout("brochure")
    text = printed(restyled / "brochure.pdf")
    blocks = [block for theme in pub.themes for block in theme.blocks
              if layout.blocks[block.kind].treatment == "quote"]
    assert blocks
    for block in blocks:
        for paragraph in block.text:
            words = paragraph.plain.split()
            if not starts_with_quote_mark(paragraph.plain):
                assert f"«{' '.join(words[:3])}" in text and f"{' '.join(words[-2:])}»" in text
        if block.speaker and not starts_with_dash(block.speaker):
            assert f"(bron: {block.speaker})" in text
