"""Check and normalise the addresses that links point at."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote, urlsplit, urlunsplit

ALLOWED_SCHEMES = ("http", "https", "mailto")
MAX_URL_LENGTH = 2000
SAFE_CHARS = "/?#[]@!$&'()*+,;=:%~-._"
WORD = re.compile(r"[a-z0-9]+")


class UrlError(ValueError):
    """An address that cannot be printed as a link."""


def normalise_url(raw: str) -> str:
    """Return ``raw`` as a plain-ASCII address, or raise UrlError saying what is wrong."""
    url = raw.strip()
    if not url:
        raise UrlError("a link has no address")
    if any(char.isspace() for char in url):
        raise UrlError(f"address {_short(url)!r} contains a space (write %20 instead)")
    if len(url) > MAX_URL_LENGTH:
        raise UrlError(f"address is {len(url)} characters long (at most {MAX_URL_LENGTH})")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"scheme '{scheme}:'" if scheme else "no scheme"
        raise UrlError(f"address {_short(url)!r} has {shown} "
                       "(expected an absolute http://, https:// or mailto: address)")
    if scheme == "mailto":
        if "@" not in parts.path:
            raise UrlError(f"mailto address {_short(url)!r} has no '@'")
        return urlunsplit((scheme, "", quote(parts.path, safe="@.+-_"), parts.query, ""))
    if not parts.hostname:
        raise UrlError(f"address {_short(url)!r} has no host name")
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
        raise UrlError(f"host name of {_short(url)!r} is not a valid "
                       "internationalised domain name") from None


def _short(url: str, limit: int = 60) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"


def derive_id(url: str) -> str:
    """A readable id from the address alone: host words, last path words and a short hash."""
    parts = urlsplit(url)
    host = [w for w in WORD.findall((parts.hostname or "").lower()) if w != "www"][:-1]
    segments = [s for s in parts.path.split("/") if s]
    last = segments[-1].rsplit(".", 1)[0] if segments else ""
    words = (host[-1:] if host else []) + WORD.findall(last.lower())
    readable = "-".join(words)[:40].strip("-") or "link"
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:4]
    return f"{readable}-{digest}"
