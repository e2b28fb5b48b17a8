"""The publication model's own behaviour."""

from __future__ import annotations

from dataclasses import replace

from inspiratiekaart.content.loader import load_publication
from inspiratiekaart.content.model import Link, RichText, Span
from tests.conftest import CONTENT

LINK = Link("https://example.org/")


def test_split_keeps_every_span_its_emphasis_and_link_and_drops_only_what_lies_between():
    text = RichText((Span("Een zin. "), Span("Nog", emphasis=True), Span(" een.", link=LINK)))
    head, tail = text.split(7, 9)
    assert head == RichText((Span("Een zin"),))
    assert tail == RichText((Span("Nog", emphasis=True), Span(" een.", link=LINK)))
    assert head.plain + text.plain[7:9] + tail.plain == text.plain


def test_split_inside_a_span_cuts_it_in_two():
    head, tail = RichText((Span("abcdef", emphasis=True),)).split(2, 3)
    assert head.spans == (Span("ab", emphasis=True),)
    assert tail.spans == (Span("def", emphasis=True),)


def test_the_pillars_with_themes_leave_out_a_pillar_without_any():
    """A pillar with no theme (in a sector's booklet: none for that sector) would stand in
    an overview with nothing beside it; the overviews, the contents and the deck leave it
    out."""
    pub = load_publication(CONTENT)
    empty = pub.pillars[1]
    without = replace(pub, themes=tuple(t for t in pub.themes if t.pillar != empty))
    assert pub.pillars_with_themes() == list(pub.pillars)
    assert without.pillars_with_themes() == [p for p in pub.pillars if p != empty]
