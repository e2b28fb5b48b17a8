"""Addresses: checked and normalised, and every refusal says what to do; the redirect base,
a plain https address that the redirect maps can hold; the readable form of an address,
and the ids derived from it."""

from __future__ import annotations

import pytest

from inspiratiekaart.content import limits
from inspiratiekaart.content.urls import (
    UrlError,
    ascii_words,
    derive_id,
    normalise_url,
    readable_url,
    redirect_base_url,
)
from inspiratiekaart.links.qr import QrTooLarge, make_symbol


@pytest.mark.parametrize("url, message", [
    ("https://exam ple.org/x", "the host name in 'https://exam ple.org/x' contains a space; "
                               "remove it"),
    ("https:// example.org/x", "the host name in"),
    ("mailto:jan @example.org", "e-mail address 'mailto:jan @example.org' contains a space"),
    ("https://example.org/mijn plan.pdf", "contains a space (write %20 instead)"),
    ("https://example.org/?q=twee woorden", "contains a space (write %20 instead)"),
    ("mailto:jan@example.org?subject=Twee woorden", "contains a space (write %20 instead)"),
])
def test_a_space_gets_the_advice_for_where_it_is(url, message):
    with pytest.raises(UrlError) as caught:
        normalise_url(url)
    assert message in str(caught.value)
    if "host name" in message or "e-mail" in message:
        assert "%20" not in str(caught.value)


@pytest.mark.parametrize("char", ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a",
                                  "\u202e", "\u2066", "\u2069", "\ufeff", "\u00ad", "\u2060"])
@pytest.mark.parametrize("where", ["https://exa{}mple.org/", "https://example.org/a{}b",
                                   "https://example.org/?q={}", "mailto:a{}@example.org"])
def test_invisible_and_direction_characters_are_refused_anywhere(char, where):
    with pytest.raises(UrlError) as caught:
        normalise_url(where.format(char))
    assert f"U+{ord(char):04X}" in str(caught.value)
    assert char not in str(caught.value), "the message shows the character escaped"


@pytest.mark.parametrize("encoded, name", [("%E2%80%8F", "U+200F"), ("%E2%80%AE", "U+202E"),
                                           ("%E2%80%8B", "U+200B"), ("%0A", "U+000A")])
def test_invisible_characters_encoded_in_a_path_are_refused(encoded, name):
    with pytest.raises(UrlError) as caught:
        normalise_url(f"https://example.org/{encoded}gnp.exe")
    assert "percent-encoded in its path, " in str(caught.value)
    assert name in str(caught.value)


def test_ordinary_encoded_characters_stay():
    assert normalise_url("https://example.org/caf%C3%A9%20terras") == \
        "https://example.org/caf%C3%A9%20terras"


def test_an_address_over_the_length_limit_is_also_said_to_fit_no_allowed_code():
    with pytest.raises(UrlError) as caught:
        normalise_url("https://example.org/" + "a" * 2980)
    assert "3,000 characters long (at most 2,000)" in str(caught.value)
    assert "more than any QR code of the allowed size can hold" in str(caught.value)


def test_the_length_limit_is_more_than_the_largest_allowed_code_holds(cache):
    """What the message above says stays true: an address of the longest allowed length
    already needs a code larger than layouts/qr.yaml allows."""
    longest = "https://example.org/" + "a" * (limits.ADDRESS_CHARS.value - 20)
    with pytest.raises(QrTooLarge):
        make_symbol(longest)


def test_long_addresses_are_quoted_short_in_messages():
    with pytest.raises(UrlError) as caught:
        normalise_url("https://example.org/" + "a" * 500 + " b")
    assert len(str(caught.value)) < 140


def test_an_encoded_direction_mark_in_an_e_mail_address_is_refused():
    with pytest.raises(UrlError, match="U\\+202E"):
        normalise_url("mailto:moc.elpmaxe%E2%80%AE@info.nl")


@pytest.mark.parametrize(("written", "normalised"), [
    ("https://kort.example/r/", "https://kort.example/r/"),
    ("https://kort.example/", "https://kort.example/"),
    ("https://kort.example:8443/korte-links/v1.0/", "https://kort.example:8443/korte-links/v1.0/"),
    ("HTTPS://kort.example/r/", "https://kort.example/r/"),
    ("https://kört.example/r/", "https://xn--krt-sna.example/r/"),
])
def test_plain_https_addresses_are_redirect_bases(written, normalised):
    assert redirect_base_url(written) == normalised


@pytest.mark.parametrize(("written", "why"), [
    ("https://kort.example/r/$host;x/", "holds '$', ';'"),
    ("https://kort.example/r/$host;x", "holds '$', ';'"),
    ("https://kort.example/r/{a}/", "holds '{', '}'"),
    ("https://kort.example/r/'\"/", "holds ''', '\"'"),
    ("https://kort.example/r\\x/", "holds '\\'"),
    ("https://kort.example/r /", "holds U+0020"),
    ("https://kort.example/r/\u200b/", "holds U+200B"),
    ("https://kort.example/r/\x85/", "holds U+0085"),
    ("http://kort.example/r/", "is not an https:// address"),
    ("https://user:secret@kort.example/r/", "has a user name before the host"),
    ("https://ko_rt.example/r/", "has no plain host name"),
    ("https://[::1]/r/", "has no plain host name"),
    ("https://kort.example:99999/r/", "has no plain host name"),
    ("https://kort.example/r/?a=b/", "has a query ('?') or fragment ('#')"),
    ("https://kort.example/r/#top/", "has a query ('?') or fragment ('#')"),
    ("https://kort.example/r", "has a path that is not plain words"),
    ("https://kort.example", "has a path that is not plain words"),
    ("https://kort.example/../r/", "has a path that is not plain words"),
    ("https://kort.example//r/", "has a path that is not plain words"),
    ("https://kort.example/kört/", "has a path that is not plain words"),
    ("https://kort.example/r/%24/", "has a path that is not plain words"),
    ("kort.example/r/", "has no scheme"),
    ("mailto:info@kort.example", "is not an https:// address"),
])
def test_anything_else_is_refused_saying_why(written, why):
    with pytest.raises(UrlError) as refused:
        redirect_base_url(written)
    message = str(refused.value)
    assert why in message
    assert message.endswith("a redirect base is a plain https:// address ending in '/', "
                            "such as https://kort.example/r/")
    assert message.isprintable()


def test_every_reason_is_given_at_once():
    with pytest.raises(UrlError) as refused:
        redirect_base_url("http://user@kort.example/r?x")
    message = str(refused.value)
    for why in ("not an https://", "user name", "path that is not plain", "query"):
        assert why in message


@pytest.mark.parametrize(("written", "readable"), [
    ("https://bücher-lezen.nl/boeken?editie=2031#inhoud",
     "https://bücher-lezen.nl/boeken?editie=2031#inhoud"),
    ("https://www.speelplaats-één.nl/wilgenhut", "https://www.speelplaats-één.nl/wilgenhut"),
    ("https://XN--bcher-kva.example:8080/a", "https://bücher.example:8080/a"),
    ("https://example.org/straße/café?q=één#ü", "https://example.org/straße/café?q=één#ü"),
    ("https://example.org/a%20b/%2F?x=%26", "https://example.org/a%20b/%2F?x=%26"),
    ("https://example.org/%FF%FE", "https://example.org/%FF%FE"),
    ("https://xn--zz.example/", "https://xn--zz.example/"),
    ("mailto:jöe@example.org", "mailto:jöe@example.org"),
])
def test_an_address_reads_as_written_in_its_own_letters(written, readable):
    """Punycode and escapes of non-ASCII characters are undone for the reader; escapes of
    ASCII characters stay (undone they would change the address); what does not decode
    stays as it is."""
    assert readable_url(normalise_url(written)) == readable


def test_an_id_comes_from_the_readable_address_in_ascii():
    books = normalise_url("https://bücher-lezen.nl/boeken/buiten-spelen?editie=1#inhoud")
    assert books.startswith("https://xn--")
    assert derive_id(books).startswith("lezen-buiten-spelen-")
    assert derive_id(normalise_url("https://www.speelplaats-één.nl/wilgenhut")) \
        .startswith("een-wilgenhut-")
    assert derive_id(normalise_url("https://example.org/Straße")).startswith("example-strasse-")
    assert derive_id("https://www.gezondeschool.nl/") == "gezondeschool-0c04"


def test_ascii_words_drop_accents():
    assert ascii_words("Bücher-Lezen, één café; Straße") == ["bucher", "lezen", "een", "cafe",
                                                             "strasse"]


def test_a_readable_address_falls_back_to_its_ascii_form_where_the_fonts_lack_a_letter():
    url = "https://xn--fiqs8s.example/caf%C3%A9"
    assert readable_url(url) == "https://中国.example/café"
    latin = frozenset(range(0x250))
    assert readable_url(url, latin) == url
    assert readable_url("https://example.org/caf%C3%A9", latin) == "https://example.org/café"
