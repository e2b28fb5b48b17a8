"""Tests for the link checker against a throwaway HTTP server on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from inspiratiekaart.links.checker import (
    USER_AGENT,
    CheckResult,
    check_url,
    check_urls,
    exit_status,
    format_report,
)

TIMEOUT = 0.5
SLOW_SECONDS = 2.0
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


class _Server(ThreadingHTTPServer):
    """A test server that counts requests and never waits for its handler threads."""

    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: Counter[tuple[str, str]] = Counter()
        self.agents: set[str] = set()
        self.lock = threading.Lock()
        self.stopping = threading.Event()

    def handle_error(self, request: object, client_address: object) -> None:
        """Stay quiet when a client gave up on /slow before the answer came."""


class _Handler(BaseHTTPRequestHandler):
    """Answer each test path with its fixed behaviour."""

    server: _Server

    def do_HEAD(self) -> None:
        """Answer a HEAD request."""
        self._answer("HEAD")

    def do_GET(self) -> None:
        """Answer a GET request."""
        self._answer("GET")

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean."""

    def _answer(self, method: str) -> None:
        """Count the request, then reply as the path asks."""
        with self.server.lock:
            self.server.hits[(method, self.path)] += 1
            self.server.agents.add(self.headers.get("User-Agent", ""))
        if self.path == "/slow":
            self.server.stopping.wait(SLOW_SECONDS)  # cut short when the fixture shuts down
        if self.path == "/head-refused" and method == "HEAD":
            self.send_error(405)
        elif self.path == "/moved":
            self._reply(method, 301, {"Location": "/ok"})
        elif self.path in ("/missing", "/error"):
            self.send_error(404 if self.path == "/missing" else 500)
        elif self.path in ("/ok", "/head-refused", "/slow"):
            self._reply(method, 200)
        else:
            self.send_error(404)

    def _reply(self, method: str, code: int, headers: dict[str, str] | None = None) -> None:
        """Send ``code`` with a tiny body (left out for HEAD)."""
        body = b"fine\n"
        self.send_response(code)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if method == "GET":
            self.wfile.write(body)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Server]:
    """Serve the test paths on 127.0.0.1 in a daemon thread; bypass any proxy settings."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    httpd = _Server()
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield httpd
    httpd.stopping.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=2)


def _url(server: _Server, path: str) -> str:
    """Return the full address of ``path`` on the test server."""
    host, port = server.server_address[:2]
    return f"http://{host}:{port}{path}"


def test_ok(server: _Server) -> None:
    result = check_url(_url(server, "/ok"), timeout=TIMEOUT)
    assert (result.status, result.code, result.error) == ("ok", 200, None)
    assert result.final_url == _url(server, "/ok")
    assert server.hits == Counter({("HEAD", "/ok"): 1})
    assert server.agents == {USER_AGENT}


def test_redirect_records_final_url(server: _Server) -> None:
    result = check_url(_url(server, "/moved"), timeout=TIMEOUT)
    assert (result.status, result.code, result.error) == ("redirected", 200, None)
    assert result.final_url is not None and result.final_url.endswith("/ok")
    assert server.hits == Counter({("HEAD", "/moved"): 1, ("HEAD", "/ok"): 1})


def test_missing_is_broken_with_code(server: _Server) -> None:
    result = check_url(_url(server, "/missing"), timeout=TIMEOUT)
    assert (result.status, result.code) == ("broken", 404)
    assert result.error == "Not Found"


def test_server_error_is_broken(server: _Server) -> None:
    result = check_url(_url(server, "/error"), timeout=TIMEOUT)
    assert (result.status, result.code) == ("broken", 500)


def test_timeout_is_broken_with_readable_error(server: _Server) -> None:
    result = check_url(_url(server, "/slow"), timeout=TIMEOUT)
    assert (result.status, result.code) == ("broken", None)
    assert result.error == "timed out after 0.5 s"
    assert result.seconds < SLOW_SECONDS


def test_head_refused_falls_back_to_get(server: _Server) -> None:
    result = check_url(_url(server, "/head-refused"), timeout=TIMEOUT)
    assert (result.status, result.code, result.error) == ("ok", 200, None)
    assert server.hits == Counter({("HEAD", "/head-refused"): 1, ("GET", "/head-refused"): 1})


def test_connection_refused_is_broken() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = check_url(f"http://127.0.0.1:{port}/", timeout=TIMEOUT)
    assert (result.status, result.code, result.error) == ("broken", None, "connection refused")


def test_check_urls_keeps_order_and_requests_each_url_once(server: _Server) -> None:
    paths = ["/missing", "/ok", "/moved", "/ok", "/missing", "/head-refused"]
    results = check_urls([_url(server, path) for path in paths], timeout=TIMEOUT, workers=3)
    assert [result.url for result in results] == [_url(server, path) for path in paths]
    statuses = [result.status for result in results]
    assert statuses == ["broken", "ok", "redirected", "ok", "broken", "ok"]
    assert server.hits == Counter(
        {
            ("HEAD", "/missing"): 1,
            ("HEAD", "/ok"): 2,  # once asked for, once reached through /moved
            ("HEAD", "/moved"): 1,
            ("HEAD", "/head-refused"): 1,
            ("GET", "/head-refused"): 1,
        }
    )


def test_check_urls_with_nothing_to_check() -> None:
    assert check_urls([]) == []


def test_mailto_is_not_requested(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("mailto: must not open a connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    result = check_url("mailto:info@example.org")
    assert result == CheckResult("mailto:info@example.org", "ok", None, None, None, 0.0)
    assert "NOT CHECKED" in format_report([result])


def _result(
    url: str, status: str, code: int | None, final_url: str | None = None, error: str | None = None
) -> CheckResult:
    """Build a result by hand for the report tests."""
    return CheckResult(url, status, code, final_url, error, 0.1)


REPORT_RESULTS = [
    _result("https://a.example/", "ok", 200, "https://a.example/"),
    _result("http://b.example/old", "redirected", 200, "https://b.example/new"),
    _result("https://c.example/gone", "broken", 404, "https://c.example/gone", "Not Found"),
    _result("https://d.example/", "broken", None, None, "timed out after 10 s"),
    _result("mailto:info@example.org", "ok", None),
]


def test_format_report_lines_and_summary() -> None:
    lines = format_report(REPORT_RESULTS).splitlines()
    assert lines[-1] == "5 links: 1 ok, 1 redirected, 2 broken, 1 not checked"
    words = [line.split("  ")[0] for line in lines[:-1]]
    assert words == ["OK", "REDIRECTED", "BROKEN", "BROKEN", "NOT CHECKED"]
    assert lines[1].endswith("→ https://b.example/new")
    assert lines[2].endswith("Not Found") and " 404 " in lines[2]
    assert lines[3].endswith("timed out after 10 s")
    rows = zip(lines[:-1], REPORT_RESULTS, strict=True)
    assert len({line.index(result.url) for line, result in rows}) == 1


def test_format_report_summary_without_unchecked_links() -> None:
    assert format_report(REPORT_RESULTS[:3]).splitlines()[-1] == (
        "3 links: 1 ok, 1 redirected, 1 broken"
    )


def test_exit_status() -> None:
    assert exit_status(REPORT_RESULTS) == 1
    assert exit_status(REPORT_RESULTS[:2] + REPORT_RESULTS[4:]) == 0
    assert exit_status([]) == 0


def test_a_machine_without_network_is_said_to_look_offline() -> None:
    """Names under .invalid never resolve (RFC 6761): as on a machine with no network."""
    urls = ["https://www.voorbeeld.invalid/", "http://ander.invalid/pad", "mailto:info@example.org"]
    results = check_urls(urls, timeout=TIMEOUT)
    assert [r.error for r in results[:2]] == ["host name not found"] * 2
    report = format_report(results).splitlines()
    assert report[-2] == "3 links: 0 ok, 0 redirected, 2 broken, 1 not checked"
    assert report[-1].startswith("No address could be resolved or reached: this machine looks "
                                 "offline")
    assert exit_status(results) == 1


def test_one_address_that_answers_means_the_machine_is_online(server: _Server) -> None:
    results = check_urls([_url(server, "/ok"), "https://www.voorbeeld.invalid/"],
                         timeout=TIMEOUT)
    assert [r.status for r in results] == ["ok", "broken"]
    assert "offline" not in format_report(results)
    assert exit_status(results) == 1
