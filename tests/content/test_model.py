"""The publication model's own behaviour."""

from __future__ import annotations

from inspiratiekaart.content.model import Link, RichText, Span

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
