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


@pytest.mark.parametrize("source, message, column", [
    ("zie [hier te vinden(https://www.globaltalk.nl/) nu", "']' is missing", 4),
    ("zie [hier te vinden (mailto:a@b.nl) nu", "']' is missing", 4),
    ("zie hier te vinden](https://www.globaltalk.nl/) nu", "'\\[' is missing", 18),
    ("[a] en b](https://e.org/)", "'\\[' is missing", 8),
    ("zie [hier] (https://www.globaltalk.nl/) nu", "must follow its '\\]' directly", 9),
    ("zie [hier] https://www.globaltalk.nl/ nu", "must follow its '\\]' directly", 9),
    ("zie [hier](www.globaltalk.nl) nu", "no scheme", 11),
])
def test_a_link_with_a_bracket_missing_is_refused_where_it_goes_wrong(source, message, column):
    with pytest.raises(InlineError, match=message) as caught:
        parse_inline(source)
    assert caught.value.column == column


@pytest.mark.parametrize("source", [
    "[sic] (zie boven)", "een haakje ] alleen", "[1] Bron: het rapport (2024)",
    r"escaped \](https://e.org/)", r"\[hier(https://e.org/)",
])
def test_brackets_that_do_not_look_like_a_link_stay_literal(source):
    assert parse_inline(source).plain == source.replace("\\", "")


@pytest.mark.parametrize("attributes", ["{sectors=po, vo}", "{sectors = po ,vo}",
                                        "{#stappen sectors=po,  vo}"])
def test_spaces_in_link_sectors_are_accepted(attributes):
    (link,) = parse_inline(f"[a](https://e.org/){attributes}", frozenset({"po", "vo"})).links()
    assert link.sectors == {"po", "vo"}


@pytest.mark.parametrize("attributes, suggestion", [
    ("{sector=po}", "did you mean sectors=?"),
    ("{#Leidraad}", "did you mean #leidraad?"),
    ("{sectors=po,wvo}", "did you mean vo?"),
])
def test_a_mistyped_link_attribute_gets_its_close_match(attributes, suggestion):
    with pytest.raises(InlineError, match=suggestion.replace("?", "\\?")):
        parse_inline(f"[a](https://e.org/){attributes}", frozenset({"po", "vo"}))
