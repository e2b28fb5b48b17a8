"""Inline text: literal characters, emphasis, links; bad markup is an error with a position."""

from __future__ import annotations

import pytest

from inspiratiekaart.content.inline import InlineError, parse_inline


def test_markup_of_other_languages_stays_literal():
    source = '<b>vet</b> & <font color="red">x</font> <img src="/etc/passwd"/> &amp;'
    text = parse_inline(source)
    assert text.plain == source
    assert list(text.links()) == []


def test_emphasis_and_link():
    text = parse_inline("Lees *hier* [deze leidraad](https://example.org/a_(b)) nu.")
    assert text.plain == "Lees hier deze leidraad nu."
    assert [s.text for s in text.spans if s.emphasis] == ["hier"]
    (link,) = text.links()
    assert link.url == "https://example.org/a_(b)"


def test_link_attributes():
    text = parse_inline("[PO/VO](https://e.org/x){#stappen sectors=po,vo}",
                        frozenset({"po", "vo", "mbo"}))
    (link,) = text.links()
    assert link.id == "stappen" and link.sectors == {"po", "vo"}


@pytest.mark.parametrize("source", [
    "een [open haakje", "los ] haakje", "[tekst] zonder adres", "[[[getattr(pow)]]] en 'red'",
])
def test_brackets_that_open_no_link_are_literal(source):
    assert parse_inline(source).plain == source


def test_a_literal_bracket_before_a_link():
    text = parse_inline("a [b [c](https://e.org/) d")
    assert text.plain == "a [b c d"
    assert [link.url for link in text.links()] == ["https://e.org/"]


def test_emphasis_may_span_a_link_or_lie_within_its_anchor():
    around = parse_inline("*zie [de gids](https://e.org/) hier*")
    assert [(span.text, span.emphasis) for span in around.spans] == [
        ("zie ", True), ("de gids", True), (" hier", True)]
    inside = parse_inline("*zie [de *echte* gids](https://e.org/)*")
    assert [(span.text, span.emphasis) for span in inside.spans] == [
        ("zie ", True), ("de ", True), ("echte", False), (" gids", True)]


def test_escapes_print_literally():
    assert parse_inline(r"5 \* 3 \[noot\] \\").plain == "5 * 3 [noot] \\"


@pytest.mark.parametrize("source, message", [
    ("een *open", "never closed"),
    ("[*open](https://e.org/) tekst", "partner in the anchor"),
    ("*[open*](https://e.org/) tekst*", "partner in the anchor"),
    ("[open link](https://e.org/ zonder sluithaakje", "never closed"),
    ("[a](javascript:alert(1))", "scheme 'javascript:'"),
    ("[a](file:///etc/passwd)", "scheme 'file:'"),
    ("[a](data:text/html,x)", "scheme 'data:'"),
    ("[a](/relatief/pad)", "no scheme"),
    ("[a](https://e.org/met spatie)", "contains a space"),
    ("[](https://e.org/)", "needs anchor text"),
    ("[a](https://e.org/){sectors=xx}", "not all known sectors"),
])
def test_bad_markup_is_refused_with_a_reason(source, message):
    with pytest.raises(InlineError, match=message):
        parse_inline(source, frozenset({"po", "vo"}))


def test_international_addresses_are_encoded():
    (link,) = parse_inline("[x](https://bücher.example/straße?q=één)").links()
    assert link.url == "https://xn--bcher-kva.example/stra%C3%9Fe?q=%C3%A9%C3%A9n"
