"""QR codes as vector shapes: a matrix from ``qrcode``, drawn as one filled path.

``qrcode`` is imported only to build a matrix the cache lacks: with a warm cache, a
build never loads it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from reportlab.pdfgen.canvas import Canvas

from ..content.urls import readable_url
from ..layout import MM, Spec, cmyk, load_layout
from ..layout.schema import QR_LEVELS
from ..render.fonts import printable_characters
from ..render.linebreak import pieces_at_separators
from ..render.reportlab_internals import append_operators
from . import qrcache


class QrTooLarge(ValueError):
    """A payload whose code would be larger than the layout allows."""


@dataclass(frozen=True)
class QrSymbol:
    """A QR matrix with the printed size chosen by the layout's limits."""

    payload: str
    rows: tuple[str, ...]
    """One string per row, '1' dark and '0' light, without the quiet zone."""
    quiet: int
    module: float
    """Printed module size in points."""

    @property
    def modules(self) -> int:
        return len(self.rows)

    @property
    def size(self) -> float:
        """Printed size in points, quiet zone included."""
        return (self.modules + 2 * self.quiet) * self.module


def qr_spec() -> Spec:
    return load_layout("qr")


def spec_at_scale(spec: Spec, scale: float) -> Spec:
    """``spec`` for codes that a print sets at ``scale``: their sizes enlarged so that, set
    so, they keep the minimums (and the maximum) of ``spec``."""
    return Spec({**spec, **{key: spec[key] / scale
                            for key in ("min_module", "min_size", "max_size")}})


def matrix_rows(payload: str, level: str) -> tuple[str, ...]:
    """The QR matrix for ``payload``: from the cache, or built and kept for
    :func:`prepare_matrices` to save."""
    cached = qrcache.get(payload, level)
    if cached is not None:
        return cached
    rows = build_matrix(payload, level)
    qrcache.put(payload, level, rows)
    return rows


def build_matrix(payload: str, level: str) -> tuple[str, ...]:
    """The QR matrix for ``payload``, built anew: one string per row, '1' dark."""
    import qrcode
    import qrcode.constants
    import qrcode.exceptions

    if level not in QR_LEVELS:
        raise ValueError(f"layouts/qr.yaml: error_correction is {level!r}, expected one of "
                         f"{', '.join(QR_LEVELS)}")
    correction = getattr(qrcode.constants, f"ERROR_CORRECT_{level}")
    code = qrcode.QRCode(error_correction=correction, border=0, box_size=1)
    code.add_data(payload.encode("utf-8"))
    try:
        code.make(fit=True)
    except (ValueError, qrcode.exceptions.DataOverflowError):
        raise QrTooLarge(f"a {len(payload)}-character address does not fit in any QR code "
                         f"at level {level}; shorten it or set links.redirect_base") from None
    return tuple("".join("1" if cell else "0" for cell in row) for row in code.get_matrix())


PARALLEL_MATRICES = 8
"""Fewer missing matrices than this are built in this process, one after the other."""


def prepare_matrices(payloads: Iterable[str], level: str, jobs: int) -> None:
    """Build the matrices the cache lacks (across ``jobs`` processes when there are many)
    and save them in the cache, once for all.

    With a cold cache every code's matrix is worked out here, each a search for the
    smallest version that holds its payload; a payload too large for any code is left
    for :func:`matrix_rows` to report.
    """
    missing = sorted({p for p in payloads if qrcache.get(p, level) is None})
    if jobs > 1 and len(missing) >= PARALLEL_MATRICES:
        from .. import workers  # only for a cold cache

        with workers.process_pool(min(jobs, len(missing))) as pool:
            built = list(pool.map(_matrix_or_none, missing, [level] * len(missing),
                                  chunksize=-(-len(missing) // jobs)))
    else:
        built = [_matrix_or_none(payload, level) for payload in missing]
    for payload, rows in zip(missing, built, strict=True):
        if rows is not None:
            qrcache.put(payload, level, rows)
    qrcache.save()


def _matrix_or_none(payload: str, level: str) -> tuple[str, ...] | None:
    try:
        return build_matrix(payload, level)
    except QrTooLarge:
        return None


def make_symbol(payload: str, spec: Spec | None = None) -> QrSymbol:
    """The symbol for ``payload``: modules at least min_module, code at least min_size."""
    spec = spec or qr_spec()
    return _symbol(payload, spec.error_correction, spec.quiet_zone_modules, spec.min_module,
                   spec.min_size, spec.max_size)


@cache
def _symbol(payload: str, level: str, quiet: int, min_module: float, min_size: float,
            max_size: float) -> QrSymbol:
    """A code is measured and drawn several times in every output: its symbol made once."""
    rows = matrix_rows(payload, level)
    module = _module(len(rows), quiet, min_module, min_size)
    size = (len(rows) + 2 * quiet) * module
    if size > max_size + 1e-6:
        raise QrTooLarge(f"a QR code for this {len(payload)}-character address needs "
                         f"{size / MM:.1f} mm (at most {max_size / MM:.0f} mm allowed); "
                         "shorten the address or set links.redirect_base")
    return QrSymbol(payload, rows, quiet, module)


def _module(modules: int, quiet: int, min_module: float, min_size: float) -> float:
    """The printed module: at least min_module, and large enough for a min_size code."""
    return max(min_module, min_size / (modules + 2 * quiet))


def draw_symbol(canvas: Canvas, symbol: QrSymbol, x: float, y: float,
                spec: Spec | None = None) -> None:
    """Draw ``symbol`` with its lower left corner (quiet zone included) at x, y.

    The quiet zone is painted white; the dark modules are one path of rectangles, so
    neighbouring modules merge into solid shapes with no hairline gaps between them.
    The path goes straight into the page's content. A form XObject per code would add an
    object per code for pypdf to join, impose and preflight in every file, to save only
    the bytes of the codes printed twice in one file.
    """
    spec = spec or qr_spec()
    canvas.saveState()
    canvas.translate(x, y)
    append_operators(canvas, symbol_operators(symbol.rows, symbol.quiet, symbol.module,
                                              tuple(cmyk(spec.dark))))
    canvas.restoreState()


DARK_RUN = re.compile("1+")


@cache
def symbol_operators(rows: tuple[str, ...], quiet: int, module: float,
                     dark: tuple[float, float, float, float]) -> str:
    """PDF operators drawing a code at the origin: white square, then one dark path.

    The path is drawn in module units (scaled once by ``cm``), so each rectangle of
    dark modules is a short ``x y w h re`` of whole numbers.
    """
    size = (len(rows) + 2 * quiet) * module
    return "\n".join(["q", "0 0 0 0 k", f"0 0 {size:.4f} {size:.4f} re f",
                      "{:.4f} {:.4f} {:.4f} {:.4f} k".format(*dark),
                      f"{module:.5f} 0 0 {module:.5f} 0 0 cm", dark_path(rows, quiet), "f", "Q"])


@cache
def dark_path(rows: tuple[str, ...], quiet: int) -> str:
    """One ``re`` per rectangle of dark modules, in module units (made once per process)."""
    top = len(rows) + quiet
    return "\n".join(f"{quiet + start} {top - first - height} {width} {height} re"
                     for first, start, width, height in _dark_rectangles(rows))


def _dark_rectangles(rows: tuple[str, ...]) -> list[tuple[int, int, int, int]]:
    """(first row, start, width, height) of every rectangle of dark modules: a run of them
    in a row, merged with the same run in the rows below (a sixth fewer shapes than runs
    alone, for PDFium, printers and the file)."""
    open_runs: dict[tuple[int, int], int] = {}
    rectangles = []
    for index, row in enumerate((*rows, "")):
        runs = set(_dark_runs(row))
        for run in [run for run in open_runs if run not in runs]:
            first = open_runs.pop(run)
            rectangles.append((first, run[0], run[1], index - first))
        for run in runs:
            open_runs.setdefault(run, index)
    return sorted(rectangles)


def _dark_runs(row: str) -> list[tuple[int, int]]:
    """(start, length) of every run of dark modules ("1") in a row."""
    return [(run.start(), run.end() - run.start()) for run in DARK_RUN.finditer(row)]


def caption_pieces(url: str) -> tuple[str, ...]:
    """The address as a caption shows it, in the pieces a caption's lines may break
    between: no scheme and no ``www.``, written as a reader would (an internationalised
    host in its own letters), the host whole and first, then the rest cut at its
    separators. An e-mail address is its name with the ``@``, then its host."""
    parts = urlsplit(readable_url(url, printable_characters()))
    query = f"?{parts.query}" if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    if parts.scheme == "mailto":
        name, at, host = parts.path.rpartition("@")
        return (*((name + at,) if name else ()), host, *pieces_at_separators(query))
    host = parts.netloc.rpartition("@")[2].removeprefix("www.")
    path = parts.path if query or fragment else parts.path.rstrip("/")
    return (host, *pieces_at_separators(path + query + fragment))


def oversized_codes(payloads: dict[str, str], spec: Spec | None = None) -> dict[str, str]:
    """Address → why its code cannot be printed, for every payload over the layout's limits."""
    spec = spec or qr_spec()
    problems = {}
    for url, payload in payloads.items():
        try:
            make_symbol(payload, spec)
        except QrTooLarge as error:
            problems[url] = str(error)
    return problems
