"""Addresses: the redirect base, a plain https address that the redirect maps can hold;
the readable form of an address, and the ids derived from it."""

from __future__ import annotations

import pytest

from inspiratiekaart.content.urls import (
    UrlError,
    ascii_words,
    derive_id,
    normalise_url,
    readable_url,
    redirect_base_url,
)


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
