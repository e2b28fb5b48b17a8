"""Short links end to end: a printed code leads, through the redirect map, to the address."""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import HTTPRedirectHandler, ProxyHandler, Request, build_opener

import pytest
import yaml

from inspiratiekaart.content.loader import load_publication
from inspiratiekaart.links.registry import build_registry
from inspiratiekaart.links.report import LOCK_FILE
from inspiratiekaart.pipeline import BuildOptions, build
from tests.pdfcheck import decode_page, page_count

BASE = "https://kort.example/r/"


class RedirectServer(ThreadingHTTPServer):
    """Answers the paths of an ``_redirects`` file with their redirect."""

    daemon_threads = True

    def __init__(self, redirects: Path) -> None:
        super().__init__(("127.0.0.1", 0), RedirectHandler)
        self.targets: dict[str, tuple[str, int]] = {}
        for line in redirects.read_text(encoding="utf-8").splitlines():
            path, target, code = line.split()
            self.targets[path] = (target, int(code))


class RedirectHandler(BaseHTTPRequestHandler):
    """301 with Location for a known path, 404 for anything else."""

    server: RedirectServer

    def do_GET(self) -> None:
        """Answer one GET request."""
        if self.path not in self.server.targets:
            self.send_error(404)
            return
        target, code = self.server.targets[self.path]
        self.send_response(code)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean."""


class NoRedirects(HTTPRedirectHandler):
    """Hand a redirect back to the caller (as an HTTPError) instead of following it."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@pytest.fixture
def short_build(content_copy: Path, tmp_path: Path) -> Path:
    """Brochure and links built from content with a redirect base; the output folder."""
    path = content_copy / "publication.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("redirect_base: null") == 1
    path.write_text(text.replace("redirect_base: null", f'redirect_base: "{BASE}"'),
                    encoding="utf-8")
    out = tmp_path / "output"
    build(BuildOptions(content_dir=content_copy, out_dir=out, targets=("brochure", "links"),
                       quiet=True), say=lambda line: None)
    return out


@pytest.fixture
def server(short_build: Path) -> Iterator[RedirectServer]:
    """The redirect map served on 127.0.0.1 for the length of one test."""
    running = RedirectServer(short_build / "redirects" / "_redirects")
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running
    running.shutdown()
    running.server_close()
    thread.join(5)


def first_page_with_codes(pdf: Path) -> list[str]:
    """The decoded codes of the first brochure page that has any."""
    for index in range(page_count(pdf)):
        found = [d.text for d in decode_page(pdf, index, dpi=150)]
        if found:
            return found
    raise AssertionError("no page with a QR code")


def location(url: str) -> tuple[int, str]:
    """Status and Location of the answer to GET ``url``, without following it."""
    opener = build_opener(ProxyHandler({}), NoRedirects())
    with pytest.raises(HTTPError) as answer:
        opener.open(Request(url), timeout=5)
    answer.value.close()
    return answer.value.code, answer.value.headers["Location"]


def test_printed_code_redirects_to_the_content_address(short_build, server, content_copy):
    rows = list(csv.DictReader(io.StringIO(
        (short_build / "links.csv").read_text(encoding="utf-8"))))
    by_slug = {row["slug"]: row for row in rows}
    urls = {entry.url for entry in build_registry(load_publication(content_copy))}
    decoded = first_page_with_codes(short_build / "brochure.pdf")
    port = server.server_address[1]
    for text in decoded:
        assert text.startswith(BASE)
        parts = urlsplit(text)
        local = f"http://127.0.0.1:{port}{parts.path}"
        row = by_slug[parts.path.rsplit("/", 1)[1]]
        assert row["qr"] == text
        assert location(local) == (301, row["url"])
        assert row["url"] in urls
    assert location(f"http://127.0.0.1:{port}/r/notaslug")[0] == 404


def lock_lines(content: Path) -> list[str]:
    """The lines of the lock file that are not comments."""
    text = (content / LOCK_FILE).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def test_lock_file_written_with_every_link(short_build, content_copy):
    registry = build_registry(load_publication(content_copy))
    slugs = {row["url"]: row["slug"] for row in csv.DictReader(io.StringIO(
        (short_build / "links.csv").read_text(encoding="utf-8")))}
    locked = yaml.safe_load((content_copy / LOCK_FILE).read_text(encoding="utf-8"))
    assert locked == slugs
    assert list(locked) == [entry.url for entry in registry]
    assert len(locked) == len(registry) == 67


def test_lock_file_has_one_line_per_link(short_build, content_copy):
    lines = lock_lines(content_copy)
    assert len(lines) == 67
    assert all(len(yaml.safe_load(line)) == 1 for line in lines)
