"""The local web page of ``serve``: every output's pages, the problems, live updates.

It answers on 127.0.0.1 only, and only for its own addresses: the page, its script, style
and icon, the view as JSON (``/view``), server-sent events with every new view
(``/events``), a page's image by its fingerprint (``/pages/<fingerprint>.png``) and the
files of the output shown (``/files/<name>``). Everything is served from the session's
current view, in memory: a request while a build runs gets the last good state, and no path
reaches the disk. Content-derived text is sent as JSON and put on the page as text, never
as markup.
"""

from __future__ import annotations

import json
import threading
import webbrowser
from collections import OrderedDict
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pypdfium2 as pdfium

from ..context import BuildOptions
from ..preview import screen_png
from ..watch import ChangeFeed, follow, report, watched_folders
from .session import Session, Update, View

HOST = "127.0.0.1"
STATIC = Path(__file__).parent / "static"
ASSETS = {"/": ("index.html", "text/html; charset=utf-8"),
          "/app.js": ("app.js", "text/javascript; charset=utf-8"),
          "/app.css": ("app.css", "text/css; charset=utf-8"),
          "/favicon.svg": ("favicon.svg", "image/svg+xml")}
TYPES = {".pdf": "application/pdf", ".csv": "text/csv; charset=utf-8"}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self'; object-src 'none'; "
                               "base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
KEEP_ALIVE_SECONDS = 15.0
PAGE_IMAGES_KEPT = 300


class ServeError(Exception):
    """The preview cannot be served (its port is taken)."""


class Broadcast:
    """The latest view as JSON, numbered, for every browser waiting on ``/events``."""

    def __init__(self, payload: bytes) -> None:
        self._changed = threading.Condition()
        self.number, self.payload = 0, payload
        self.closed = False

    def current(self) -> tuple[int, bytes]:
        with self._changed:
            return self.number, self.payload

    def publish(self, payload: bytes) -> None:
        with self._changed:
            self.number, self.payload = self.number + 1, payload
            self._changed.notify_all()

    def newer_than(self, number: int, timeout: float) -> tuple[int, bytes] | None:
        """The view after ``number`` once there is one; None after ``timeout`` or when
        closed."""
        with self._changed:
            self._changed.wait_for(lambda: self.number > number or self.closed, timeout)
            if self.closed or self.number <= number:
                return None
            return self.number, self.payload

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()


def view_json(view: View) -> bytes:
    """What the page shows of a view (the PDFs' bytes stay here)."""
    return json.dumps({
        "cycle": view.cycle,
        "building": view.building,
        "title": view.title,
        "outputs": [{"name": shown.name, "pages": list(shown.pages),
                     "changed": list(shown.changed)} for shown in view.outputs],
        "files": sorted(view.files),
        "notices": [{"severity": notice.severity, "where": notice.where,
                     "message": notice.message} for notice in view.notices],
        "preflight": preflight_state(view),
        "outdated": outdated(view),
    }, ensure_ascii=False).encode("utf-8")


def preflight_state(view: View) -> str:
    """The preflight in a word: "ok", "failed" or "not run". Its failures and warnings are
    among the notices, where the page counts them with the others."""
    if view.preflight is None:
        return "not run"
    return "failed" if any(report.failed for report in view.preflight.files) else "ok"


def outdated(view: View) -> bool:
    """Whether pages shown are older than the content: it has problems, or a job failed (a
    failed preflight is about the pages shown)."""
    return any(notice.severity == "error" and not notice.of_preflight
               for notice in view.notices)


class PageImages:
    """Page images made when asked for, kept by fingerprint. PDFium serves one thread at a
    time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._images: OrderedDict[str, bytes] = OrderedDict()
        self._documents: dict[str, tuple[bytes, pdfium.PdfDocument]] = {}

    def image(self, view: View, fingerprint: str) -> bytes | None:
        """The PNG of the page with ``fingerprint`` in ``view``; None when it has none."""
        where = view.pages.get(fingerprint)
        if where is None:
            return None
        with self._lock:
            if fingerprint in self._images:
                self._images.move_to_end(fingerprint)
                return self._images[fingerprint]
            name, index = where
            pdf = next(shown.pdf for shown in view.outputs if shown.name == name)
            png = screen_png(self._document(name, pdf), index)
            self._images[fingerprint] = png
            while len(self._images) > PAGE_IMAGES_KEPT:
                self._images.popitem(last=False)
            return png

    def _document(self, name: str, pdf: bytes) -> pdfium.PdfDocument:
        opened = self._documents.get(name)
        if opened is None or opened[0] is not pdf:
            if opened is not None:
                opened[1].close()
            opened = self._documents[name] = (pdf, pdfium.PdfDocument(pdf))
        return opened[1]


class PreviewServer(ThreadingHTTPServer):
    """The preview's HTTP server on the loopback address."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, port: int, session: Session, broadcast: Broadcast) -> None:
        super().__init__((HOST, port), PreviewHandler)
        self.session, self.broadcast, self.images = session, broadcast, PageImages()
        self.assets = {path: ((STATIC / name).read_bytes(), kind)
                       for path, (name, kind) in ASSETS.items()}
        self.hosts = {f"{HOST}:{self.server_port}", f"localhost:{self.server_port}"}

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_port}/"

    def handle_error(self, request, client_address) -> None:
        """A browser that goes away mid-answer is no error worth printing."""


class PreviewHandler(BaseHTTPRequestHandler):
    """Answers GET and HEAD for the preview's own addresses, and nothing else."""

    server: PreviewServer
    server_version = "inspiratiekaart-serve"
    sys_version = ""

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal shows the builds."""

    def _answer(self, head: bool) -> None:
        if self.headers.get("Host") not in self.server.hosts:
            self._send(HTTPStatus.MISDIRECTED_REQUEST, b"unknown host\n", "text/plain", head)
            return
        path = urlsplit(self.path).path
        view = self.server.session.view  # one view for the whole answer
        if path in self.server.assets:
            self._send(HTTPStatus.OK, *self.server.assets[path], head)
        elif path == "/view":
            self._send(HTTPStatus.OK, view_json(view), "application/json", head)
        elif path == "/events" and not head:
            self._events()
        elif path.startswith("/pages/") and path.endswith(".png"):
            self._page(view, path.removeprefix("/pages/").removesuffix(".png"), head)
        elif path.startswith("/files/"):
            self._file(view, path.removeprefix("/files/"), head)
        else:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain", head)

    def _page(self, view: View, fingerprint: str, head: bool) -> None:
        png = self.server.images.image(view, fingerprint) if fingerprint.isalnum() else None
        if png is None:
            self._send(HTTPStatus.NOT_FOUND, b"no such page\n", "text/plain", head)
        else:
            self._send(HTTPStatus.OK, png, "image/png", head,
                       {"Cache-Control": "max-age=31536000, immutable"})

    def _file(self, view: View, quoted: str, head: bool) -> None:
        name = file_name(quoted)
        if name is None:
            self._send(HTTPStatus.BAD_REQUEST, b"not a file name\n", "text/plain", head)
        elif name not in view.files:
            self._send(HTTPStatus.NOT_FOUND, b"no such file\n", "text/plain", head)
        else:
            kind = TYPES.get(Path(name).suffix, "application/octet-stream")
            self._send(HTTPStatus.OK, view.files[name], kind, head,
                       {"Cache-Control": "no-cache"})

    def _events(self) -> None:
        """Server-sent events: the current view at once, then every new one."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        broadcast = self.server.broadcast
        try:
            number, payload = broadcast.current()
            self._event(payload)
            while not broadcast.closed:
                newer = broadcast.newer_than(number, KEEP_ALIVE_SECONDS)
                if newer is None:
                    self.wfile.write(b": still here\n\n")
                else:
                    number, payload = newer
                    self._event(payload)
                self.wfile.flush()
        except OSError:
            return  # the browser went away

    def _event(self, payload: bytes) -> None:
        self.wfile.write(b"event: view\ndata: " + payload + b"\n\n")
        self.wfile.flush()

    def _send(self, status: HTTPStatus, body: bytes, kind: str, head: bool,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in {**SECURITY_HEADERS, **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)


def file_name(quoted: str) -> str | None:
    """The output file a ``/files/`` path names, or None when it is no plain relative name
    (a ``..`` or ``.`` part, an empty part, a backslash or a control character, encoded
    or not)."""
    try:
        name = unquote(quoted, errors="strict")
    except UnicodeDecodeError:
        return None
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts) or "\\" in name \
            or any(ord(char) < 32 for char in name):
        return None
    return name


def serve(options: BuildOptions, port: int, open_browser: bool,
          say: Callable[[str], None] = print,
          keep_going: Callable[[], bool] = lambda: True) -> None:
    """Build, show the outputs on a local web page and keep them up to date, until
    stopped."""
    broadcast = Broadcast(view_json(View()))

    def show(update: Update) -> None:
        broadcast.publish(view_json(update.view))
        report(update, say, options, preview=False)

    session = Session(options, show)
    try:
        server = PreviewServer(port, session, broadcast)
    except OSError as error:
        raise ServeError(f"cannot serve on {HOST}:{port} ({error.strerror}); choose another "
                         "port with --port") from None
    feed = ChangeFeed(watched_folders(options))
    thread = threading.Thread(target=server.serve_forever, name="serve", daemon=True)
    thread.start()
    say(f"serving {server.url} (Ctrl-C stops)")
    if open_browser:
        webbrowser.open(server.url)
    try:
        follow(session, feed, keep_going)
    finally:
        broadcast.close()
        server.shutdown()
        server.server_close()
        session.close()
        feed.close()
