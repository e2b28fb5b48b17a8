"""Short links end to end: a printed code leads, through the redirect map, to the address."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import unquote_to_bytes, urlsplit
from urllib.request import HTTPRedirectHandler, ProxyHandler, Request, build_opener

import pytest
import yaml

from inspiratiekaart.content.loader import load_publication
from inspiratiekaart.links.registry import build_registry
from inspiratiekaart.links.report import LOCK_FILE
from inspiratiekaart.links.slugs import read_lock
from inspiratiekaart.pipeline import BuildOptions, build
from tests.conftest import CONTENT, ROOT
from tests.links import nginxserver
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


# A real nginx serving the map of hostile but valid addresses -------------------------------
HOSTILE_THEME = """\
id: zz-vijandig
title: Vijandige adressen
pillar: beleid
order: 999
blocks:
  - kind: paragraph
    text: |-
      [prijs](https://example.org/prijs$5/euro), [host](https://example.org/$host/$1?u=$uri),
      [procent](https://example.org/korting%25/100%), [puntkomma](https://example.org/a;b/c;),
      [aanhalingen](https://example.org/zoek?q="kansen"&r='gelijk'),
      [uni](https://exämple.org/café/één?q=ü#kop), [accolade](https://example.org/{a}/b),
      [splat](https://example.org/:splat/a*b/:naam), [hekje](https://example.org/x#frag$1),
      [schuin](https://example.org/a\\b), [mail](mailto:info@example.org?subject=$host)
"""
"""Addresses that content may hold, each with characters that mean something to nginx."""
RETIRED = ("\"https://example.org/oud\\\"{x}'$host;\": vvvvvv\n",
           "https://example.org/oud%22%7Bx%7D'$host;")
"""A hand-written lock line with quotes, braces and '$', for an address no longer in the
content, and the address it stands for."""


@pytest.fixture(scope="module")
def hostile_map(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The redirects folder of a ``links`` build of the content with the hostile theme and
    a retired hostile address in the lock; and every address of the lock with its slug."""
    folder = tmp_path_factory.mktemp("hostile")
    content = folder / "content"
    shutil.copytree(CONTENT, content)
    path = content / "publication.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "redirect_base: null", f'redirect_base: "{BASE}"'), encoding="utf-8")
    (content / "themes" / "zz-vijandig.yaml").write_text(HOSTILE_THEME, encoding="utf-8")
    (content / LOCK_FILE).write_text(RETIRED[0], encoding="utf-8")
    build(BuildOptions(content_dir=content, out_dir=folder / "output", targets=("links",),
                       quiet=True), say=lambda line: None)
    slugs = read_lock(content / LOCK_FILE)
    assert slugs[RETIRED[1]] == "vvvvvv" and "https://example.org/prijs$5/euro" in slugs
    assert len(slugs) == 67 + 11 + 1
    return folder / "output" / "redirects", slugs


@pytest.fixture(scope="module")
def nginx(hostile_map, tmp_path_factory) -> Iterator[int]:
    """A real nginx serving the generated nginx.conf; its port on 127.0.0.1."""
    binary = nginxserver.nginx_binary()
    port = nginxserver.free_port()
    config = nginxserver.write_config(binary, hostile_map[0] / "nginx.conf",
                                      tmp_path_factory.mktemp("nginx"), port)
    with nginxserver.running(binary, config, port):
        yield port


def as_nginx_sends_it(url: str) -> str:
    """The address with '$' percent-encoded, the one change the map may make to a checked
    address: nginx would read '$name' as a variable."""
    return url.replace("$", "%24")


def test_nginx_accepts_the_generated_map(hostile_map, tmp_path):
    binary = nginxserver.nginx_binary()
    config = nginxserver.write_config(binary, hostile_map[0] / "nginx.conf", tmp_path,
                                      nginxserver.free_port())
    checked = nginxserver.check_config(binary, config)
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr and "test is successful" in checked.stderr


def test_every_slug_answers_301_to_exactly_its_address(hostile_map, nginx):
    _, slugs = hostile_map
    for url, slug in slugs.items():
        answer = nginxserver.get(nginx, f"/r/{slug}")
        assert answer == nginxserver.Answer(301, as_nginx_sends_it(url)), url
        assert unquote_to_bytes(answer.location) == unquote_to_bytes(url)
    assert nginxserver.get(nginx, f"/r/{slugs['https://example.org/prijs$5/euro']}").location \
        == "https://example.org/prijs%245/euro"
    assert nginxserver.get(nginx, f"/r/{slugs['https://example.org/a;b/c;']}").location \
        == "https://example.org/a;b/c;"


def test_nothing_from_the_request_reaches_the_redirect(hostile_map, nginx):
    _, slugs = hostile_map
    url = "https://example.org/$host/$1?u=$uri"
    slug = slugs[url]
    for target, host in ((f"/r/{slug}?next=$host&u=https://evil.example/", "kort.example"),
                         (f"/r/{slug}", "evil.example"), (f"/r/{slug}#$host", "evil.example")):
        assert nginxserver.get(nginx, target, host) == nginxserver.Answer(
            301, "https://example.org/%24host/%241?u=%24uri"), target


@pytest.mark.parametrize("target", [
    "/$host", "/r/$host", "/r/$uri", "/r/$inspiratiekaart_target", "/x;y", "/r/x;y",
    "/%0aLocation:%20https://evil.example/", "/r/%0d%0aLocation:%20https://evil.example/",
    "/%24uri", "/r/%24host", "/r/notaslug", "/r/", "/r", "/", "/*", "/r/*", "/../",
    "/r/../../etc/passwd", "/r/vvvvvv;x", "/r/vvvvvv/", "/r/vvvvvvv", "/r/vvvvv",
])
def test_crafted_requests_get_no_redirect(nginx, target):
    answer = nginxserver.get(nginx, target)
    assert answer.location is None and answer.status in (400, 404), (target, answer)


def test_a_slug_written_differently_leads_to_its_own_address_only(hostile_map, nginx):
    """nginx normalises the path before it looks it up, and ignores case."""
    for target in ("/r/./vvvvvv", "/r//vvvvvv", "/x/../r/vvvvvv", "/r/%76vvvvv", "/R/VVVVVV"):
        assert nginxserver.get(nginx, target) == nginxserver.Answer(
            301, as_nginx_sends_it(RETIRED[1])), target


def test_redirects_file_holds_each_address_in_one_field(hostile_map):
    folder, slugs = hostile_map
    rules = (folder / "_redirects").read_text(encoding="utf-8").splitlines()
    assert len(rules) == len(slugs)
    for rule, (url, slug) in zip(rules, slugs.items(), strict=True):
        source, target, status = rule.split(" ")
        assert (source, status) == (f"/r/{slug}", "301")
        assert unquote_to_bytes(target) == unquote_to_bytes(url), rule
        assert "*" not in target and ":s" not in target and ":n" not in target
        assert target.isascii() and target.isprintable()


# A hostile lock file never reaches a map ---------------------------------------------------
HOSTILE_LOCK = (
    "# Short-link slugs: address -> slug.\n"
    '"https://www.gezondeschool.nl/": abcde\n'
    '"https://kort.example/\\"; }\\nserver { listen 80; return 301 https://evil.example; }'
    '\\nmap $a $b {": fghjk\n'
    '"https://www.pharos.nl/ 301\\n/* https://evil.example/ 301": ghjkm\n'
    '"https://studiezalen.com": "ab\\"; }\\n/* https://evil.example/"\n'
)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_a_hostile_lock_is_refused_by_check_and_reaches_no_map(content_copy, tmp_path):
    path = content_copy / "publication.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "redirect_base: null", f'redirect_base: "{BASE}"'), encoding="utf-8")
    lock = content_copy / LOCK_FILE
    lock.write_text(HOSTILE_LOCK, encoding="utf-8")
    checked = run_cli("check", "--content", str(content_copy))
    assert checked.returncode == 2 and "Traceback" not in checked.stderr
    problems = checked.stderr.splitlines()
    assert problems == [
        f"{lock}:3: address: address 'https://kort.example/\"; }}\\nserver {{ listen 80; "
        "return 301 ht…' contains a space (write %20 instead); correct the address on this "
        "line",
        f"{lock}:4: address: address 'https://www.pharos.nl/ 301\\n/* https://evil.example/ "
        "301' contains a space (write %20 instead); correct the address on this line",
        f"{lock}:5: slug: 'ab\"; }}\\n/* https://evil.example/' is not a slug (expected 5 to "
        "16 of 23456789abcdefghjkmnpqrstuvwxyz); write the slug that was printed for this "
        "address",
        "Content has 3 problems; nothing was built.",
    ]
    out = tmp_path / "output"
    built = run_cli("links", "--content", str(content_copy), "--out", str(out))
    assert built.returncode == 2 and built.stderr == checked.stderr
    assert not (out / "redirects").exists()
    assert lock.read_text(encoding="utf-8") == HOSTILE_LOCK
