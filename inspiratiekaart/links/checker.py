"""Check that the card's web addresses still answer before the card goes to print."""

from __future__ import annotations

import errno
import http.client
import socket
import ssl
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from http.client import HTTPMessage
from typing import IO
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import HTTPRedirectHandler, Request, build_opener

USER_AGENT = "inspiratiekaart-linkcheck/1.0"
CHECKED_SCHEMES = ("http", "https")
UNCHECKED_SCHEMES = ("mailto",)
HEAD_REFUSED_CODES = frozenset({400, 403, 405, 501})
HEAD_REFUSED_ERRORS = (ConnectionResetError, ConnectionAbortedError, http.client.HTTPException)
CHECK_ERRORS = (OSError, http.client.HTTPException, ValueError)
GET_READ_LIMIT = 4096
URL_COLUMN_LIMIT = 60
HOST_NOT_FOUND = "host name not found"
NETWORK_UNREACHABLE = "network unreachable"
OFFLINE_ERRORS = frozenset({HOST_NOT_FOUND, NETWORK_UNREACHABLE})
OFFLINE_NOTE = ("No address could be resolved or reached: this machine looks offline (no "
                "network, or no name server). Connect it and run the check again; the links "
                "themselves may be fine.")


@dataclass(frozen=True)
class CheckResult:
    """The outcome of checking one address."""

    url: str
    status: str  # "ok" | "redirected" | "broken"
    code: int | None
    final_url: str | None
    error: str | None
    seconds: float


class _KeepMethodRedirectHandler(HTTPRedirectHandler):
    """Follow redirects with the original method, so HEAD stays HEAD."""

    def redirect_request(
        self, req: Request, fp: IO[bytes], code: int, msg: str, headers: HTTPMessage, newurl: str
    ) -> Request | None:
        """Return the follow-up request, keeping HEAD where urllib would switch to GET."""
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and req.get_method() == "HEAD":
            new.method = "HEAD"
        return new


def check_url(url: str, timeout: float = 10.0) -> CheckResult:
    """Request ``url`` (HEAD, or GET when HEAD is refused) and classify the answer."""
    started = time.monotonic()
    scheme = urlsplit(url).scheme.lower()
    if scheme in UNCHECKED_SCHEMES:
        return CheckResult(url, "ok", None, None, None, 0.0)
    if scheme not in CHECKED_SCHEMES:
        error = f"cannot check '{scheme}:' addresses" if scheme else "address has no scheme"
        return CheckResult(url, "broken", None, None, error, 0.0)
    try:
        code, final_url = _fetch(url, timeout)
    except CHECK_ERRORS as error:
        return _broken(url, error, timeout, started)
    status = "ok" if final_url == url else "redirected"
    return CheckResult(url, status, code, final_url, None, time.monotonic() - started)


def check_urls(urls: Iterable[str], timeout: float = 10.0, workers: int = 4) -> list[CheckResult]:
    """Check ``urls`` a few at a time: one result per input, in order; each URL fetched once."""
    ordered = list(urls)
    distinct = list(dict.fromkeys(ordered))
    if not distinct:
        return []
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(distinct)))) as pool:
        results = pool.map(partial(check_url, timeout=timeout), distinct)
        checked = dict(zip(distinct, results, strict=True))
    return [checked[url] for url in ordered]


def exit_status(results: Iterable[CheckResult]) -> int:
    """Return 1 when any link is broken, else 0."""
    return 1 if any(result.status == "broken" for result in results) else 0


def format_report(results: list[CheckResult]) -> str:
    """Return an aligned plain-text table of ``results`` followed by a summary line (and a
    note when the machine looks offline)."""
    rows = [(_label(r), "-" if r.code is None else str(r.code), r.url, _detail(r)) for r in results]
    note = [OFFLINE_NOTE] if looks_offline(results) else []
    return "\n".join([*_align(rows), _summary(results), *note])


def looks_offline(results: Iterable[CheckResult]) -> bool:
    """True when addresses were requested and not one host name was resolved or network
    reached: the fault is this machine's, not the links'."""
    requested = [r for r in results if urlsplit(r.url).scheme.lower() in CHECKED_SCHEMES]
    return bool(requested) and all(r.error in OFFLINE_ERRORS for r in requested)


def _fetch(url: str, timeout: float) -> tuple[int, str]:
    """Return the status code and final URL, trying HEAD first and GET if HEAD is refused."""
    try:
        return _request(url, "HEAD", timeout)
    except CHECK_ERRORS as error:
        if not _head_refused(error):
            raise
    return _request(url, "GET", timeout)


def _request(url: str, method: str, timeout: float) -> tuple[int, str]:
    """Send one request (following redirects) and return its status code and final URL."""
    request = Request(url, method=method, headers={"User-Agent": USER_AGENT})
    opener = build_opener(_KeepMethodRedirectHandler)
    try:
        response = opener.open(request, timeout=timeout)
    except HTTPError as error:
        error.close()
        raise
    with response:
        if method == "GET":
            response.read(GET_READ_LIMIT)
        return response.status, response.geturl()


def _head_refused(error: BaseException) -> bool:
    """Tell whether a failed HEAD request is worth retrying with GET."""
    if isinstance(error, HTTPError):
        return error.code in HEAD_REFUSED_CODES
    return isinstance(_reason(error), HEAD_REFUSED_ERRORS)


def _broken(url: str, error: BaseException, timeout: float, started: float) -> CheckResult:
    """Build the result for a request that failed."""
    seconds = time.monotonic() - started
    if isinstance(error, HTTPError):
        return CheckResult(url, "broken", error.code, error.geturl(), _http_error(error), seconds)
    return CheckResult(url, "broken", None, None, _describe(_reason(error), timeout), seconds)


def _reason(error: BaseException) -> BaseException | str:
    """Unwrap the underlying cause of a URLError."""
    if isinstance(error, URLError) and not isinstance(error, HTTPError):
        return error.reason
    return error


def _http_error(error: HTTPError) -> str:
    """Describe an HTTP error answer in a few words."""
    if error.code >= 400:
        return str(error.reason)
    if "infinite loop" in str(error.reason):
        return "too many redirects"
    return f"redirect not followed ({str(error.reason).strip()})"


def _describe(reason: BaseException | str, timeout: float) -> str:
    """Turn a connection-level failure into a short readable phrase."""
    if isinstance(reason, TimeoutError):
        return f"timed out after {timeout:g} s"
    if isinstance(reason, socket.gaierror):
        return HOST_NOT_FOUND
    if isinstance(reason, OSError) and reason.errno == errno.ENETUNREACH:
        return NETWORK_UNREACHABLE
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"SSL certificate not accepted ({reason.verify_message})"
    if isinstance(reason, ssl.SSLError):
        return f"SSL error ({reason.reason or reason})"
    if isinstance(reason, ConnectionResetError):
        return "connection closed by the server"
    return str(reason) or type(reason).__name__


def _label(result: CheckResult) -> str:
    """Return the status word shown in the table."""
    if result.status == "ok" and result.code is None:
        return "NOT CHECKED"
    return result.status.upper()


def _detail(result: CheckResult) -> str:
    """Return the text after the URL: the new address or the error."""
    if result.status == "redirected":
        return f"→ {result.final_url}"
    if result.status == "broken":
        return result.error or ""
    return ""


def _align(rows: list[tuple[str, str, str, str]]) -> list[str]:
    """Pad the label, code and URL columns to their display widths."""
    if not rows:
        return []
    label_width, code_width, url_width = (max(_width(row[i]) for row in rows) for i in range(3))
    url_width = min(url_width, URL_COLUMN_LIMIT)
    lines = []
    for label, code, url, detail in rows:
        cells = (_pad(label, label_width), _pad(code, code_width), _pad(url, url_width), detail)
        lines.append("  ".join(cells).rstrip())
    return lines


def _summary(results: list[CheckResult]) -> str:
    """Return the closing line, such as '67 links: 60 ok, 5 redirected, 2 broken'."""
    counts = Counter(_label(result) for result in results)
    parts = [f"{counts[word]} {word.lower()}" for word in ("OK", "REDIRECTED", "BROKEN")]
    if counts["NOT CHECKED"]:
        parts.append(f"{counts['NOT CHECKED']} not checked")
    noun = "link" if len(results) == 1 else "links"
    return f"{len(results)} {noun}: {', '.join(parts)}"


def _pad(text: str, width: int) -> str:
    """Left-align ``text`` in ``width`` terminal columns."""
    return text + " " * max(0, width - _width(text))


def _width(text: str) -> int:
    """Count the terminal columns ``text`` takes (wide characters 2, combining marks 0)."""
    return sum(_char_width(char) for char in text)


def _char_width(char: str) -> int:
    """Count the terminal columns one character takes."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1
