"""Check and normalise the addresses that links point at."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from . import limits
from .characters import describe, hidden_characters, unprintable
from .problems import excerpt

ALLOWED_SCHEMES = ("http", "https", "mailto")
SAFE_CHARS = "/?#[]@!$&'()*+,;=:%~-._"
WORD = re.compile(r"[a-z0-9]+")


class UrlError(ValueError):
    """An address that cannot be printed as a link."""


def normalise_url(raw: str) -> str:
    """Return ``raw`` as a plain-ASCII address, or raise UrlError saying what is wrong."""
    url = raw.strip()
    if not url:
        raise UrlError("a link has no address")
    if len(url) > limits.ADDRESS_CHARS.value:
        # more than any QR code of the allowed size holds (tests/content/test_urls.py)
        raise UrlError(f"address is {len(url):,} characters long (at most "
                       f"{limits.ADDRESS_CHARS.value:,}), more than any QR code of the allowed "
                       "size can hold; link to a shorter address")
    hidden = hidden_characters(url)
    if hidden:
        raise UrlError(f"address {_short(url)} holds, at character {hidden[0] + 1}, "
                       f"{describe(url[hidden[0]])}: its code would lead elsewhere than the "
                       "text shows; type the address again")
    space = next((index for index, char in enumerate(url) if char.isspace()), None)
    if space is not None:
        raise UrlError(_space_problem(url, space))
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"scheme '{scheme}:'" if scheme else "no scheme"
        raise UrlError(f"address {_short(url)} has {shown} "
                       "(expected an absolute http://, https:// or mailto: address)")
    if scheme == "mailto":
        if "@" not in parts.path:
            raise UrlError(f"mailto address {_short(url)} has no '@'")
        _check_encoded_path(parts.path, url)
        return urlunsplit((scheme, "", quote(parts.path, safe="@.+-_"), parts.query, ""))
    if not parts.hostname:
        raise UrlError(f"address {_short(url)} has no host name")
    _check_encoded_path(parts.path, url)
    return urlunsplit((scheme, _ascii_netloc(parts.netloc, url),
                       quote(parts.path, safe=SAFE_CHARS),
                       quote(parts.query, safe=SAFE_CHARS),
                       quote(parts.fragment, safe=SAFE_CHARS)))


def _ascii_netloc(netloc: str, url: str) -> str:
    if netloc.isascii():
        return netloc
    try:
        return netloc.encode("idna").decode("ascii")
    except UnicodeError:
        raise UrlError(f"host name of {_short(url)} is not a valid "
                       "internationalised domain name") from None


def _space_problem(url: str, index: int) -> str:
    """Where the space is decides the advice: a host name or an e-mail address holds none."""
    if url.lower().startswith("mailto:"):
        if not 0 <= url.find("?") < index:
            return f"e-mail address {_short(url)} contains a space; remove it"
    elif "://" in url:
        host_start = url.find("://") + 3
        host_end = min((i for i in map(lambda c: url.find(c, host_start), "/?#") if i >= 0),
                       default=len(url))
        if host_start <= index < host_end:
            return f"the host name in {_short(url)} contains a space; remove it"
    return f"address {_short(url)} contains a space (write %20 instead)"


def _check_encoded_path(path: str, url: str) -> None:
    """A caption prints the path decoded: an encoded control or invisible character would
    show there as something other than what the code holds."""
    for char in unquote(path):
        category = unicodedata.category(char)
        if category in ("Cc", "Cf"):
            what = describe(char) if category == "Cf" else \
                f"control character U+{ord(char):04X}"
            raise UrlError(f"address {_short(url)} holds, percent-encoded in its path, {what}; "
                           "its caption would not show what its code holds: remove it")


def _short(url: str, limit: int = 60) -> str:
    return excerpt(url, limit)


REDIRECT_BASE_FORBIDDEN = "$;{}'\"\\"
"""Characters a redirect base may not hold: they mean something in the redirect maps."""
HOST_NAME = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)(?:\.(?!-)[a-z0-9-]{1,63}(?<!-))*",
                       re.IGNORECASE)
PLAIN_PATH = re.compile(r"(?:/(?!\.\.?/)[A-Za-z0-9._~-]+)*/")
REDIRECT_BASE_EXAMPLE = "https://kort.example/r/"


def redirect_base_url(raw: str) -> str:
    """``raw`` as a plain https address ending in '/' (a host, a path of plain words, nothing
    else), normalised; or raise UrlError saying everything that is wrong with it."""
    forbidden = [_named(char) for char in dict.fromkeys(raw)
                 if char in REDIRECT_BASE_FORBIDDEN or char.isspace() or not char.isprintable()]
    reasons = [f"holds {', '.join(forbidden)}"] if forbidden else []
    url = ""
    if not forbidden:
        try:
            url = normalise_url(raw)
        except UrlError as error:
            raise UrlError(f"{error}; a redirect base is a plain https:// address ending in "
                           f"'/', such as {REDIRECT_BASE_EXAMPLE}") from None
        reasons = _redirect_base_reasons(url)
    if reasons:
        raise UrlError(f"{_short(raw)!r} {'; '.join(reasons)}: a redirect base is a plain "
                       f"https:// address ending in '/', such as {REDIRECT_BASE_EXAMPLE}")
    return url


def _redirect_base_reasons(url: str) -> list[str]:
    """What keeps a normalised address from being a redirect base."""
    parts = urlsplit(url)
    return [why for wrong, why in (
        (parts.scheme != "https", "is not an https:// address"),
        ("@" in parts.netloc, "has a user name before the host"),
        (not HOST_NAME.fullmatch(parts.hostname or "") or not _plain_port(parts.netloc),
         "has no plain host name (ASCII letters, digits, '-' and '.', then an optional :port)"),
        (not PLAIN_PATH.fullmatch(parts.path), "has a path that is not plain words (ASCII "
         "letters, digits, '-', '.', '_', '~') between '/'s, ending in '/'"),
        ("?" in url or "#" in url, "has a query ('?') or fragment ('#')"),
    ) if wrong]


def _plain_port(netloc: str) -> bool:
    _, colon, port = netloc.partition(":")
    return not colon or (port.isascii() and port.isdigit() and 0 < int(port) < 65536)


def _named(char: str) -> str:
    return f"'{char}'" if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"


def derive_id(url: str) -> str:
    """A readable id from the address alone: host words, last path words and a short hash.

    The words come from the address as a reader writes it (an internationalised host in
    its own letters, not punycode), in ASCII: accents are dropped (ü → u).
    """
    parts = urlsplit(readable_url(url))
    host = [w for w in ascii_words(parts.hostname or "") if w != "www"][:-1]
    segments = [s for s in parts.path.split("/") if s]
    last = segments[-1].rsplit(".", 1)[0] if segments else ""
    words = (host[-1:] if host else []) + ascii_words(last)
    readable = "-".join(words)[:40].strip("-") or "link"
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:4]
    return f"{readable}-{digest}"


def ascii_words(text: str) -> list[str]:
    """The lowercase ASCII words of ``text``, accents dropped (``Bücher`` → ``bucher``,
    ``ß`` → ``ss``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return WORD.findall("".join(c for c in decomposed if not unicodedata.combining(c)))


def readable_url(url: str, printable: frozenset[int] | None = None) -> str:
    """A normalised address as a reader would write it: an internationalised host in its
    own letters instead of punycode, and non-ASCII characters of path, query and fragment
    instead of their percent-escapes. Escapes of ASCII characters (``%20``, ``%2F``) stay:
    decoded, they would change the address. Where the fonts cannot print a character of
    that form (not in ``printable``), the address as it is, which they can."""
    parts = urlsplit(url)
    user, at, host_port = parts.netloc.rpartition("@")
    host, colon, port = host_port.partition(":")
    netloc = f"{user}{at}{_unicode_host(host)}{colon}{port}"
    readable = urlunsplit((parts.scheme, netloc, *(_NON_ASCII_ESCAPES.sub(_decoded, part)
                                                   for part in parts[2:])))
    return url if unprintable(readable, printable) else readable


_NON_ASCII_ESCAPES = re.compile(r"(?:%[89A-Fa-f][0-9A-Fa-f])+")
"""A run of percent-escapes of bytes that are not ASCII: the UTF-8 of a character or more."""


def _decoded(match: re.Match[str]) -> str:
    """A run of escapes as the characters they encode, when they are whole UTF-8."""
    try:
        return unquote(match.group(), errors="strict")
    except UnicodeDecodeError:
        return match.group()


def _unicode_host(host: str) -> str:
    """A host with its punycode labels (``xn--…``) in Unicode, where they decode."""
    labels = []
    for label in host.split("."):
        try:
            labels.append(label.lower().encode("ascii").decode("idna")
                          if label.lower().startswith("xn--") else label)
        except UnicodeError:
            labels.append(label)
    return ".".join(labels)
