"""QR codes as vector shapes: a matrix from ``qrcode``, drawn as one filled path."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import version
from urllib.parse import unquote, urlsplit

import qrcode
import qrcode.exceptions
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q
from reportlab.pdfgen.canvas import Canvas

from ..layout import MM, Spec, cmyk, load_layout
from . import qrcache

LEVELS = {"L": ERROR_CORRECT_L, "M": ERROR_CORRECT_M, "Q": ERROR_CORRECT_Q, "H": ERROR_CORRECT_H}
QRCODE_VERSION = version("qrcode")


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


def matrix_rows(payload: str, level: str) -> tuple[str, ...]:
    """The QR matrix for ``payload`` (cached on disk: building one is the slow part)."""
    key = (payload, level, QRCODE_VERSION)
    cached = qrcache.get(key)
    if cached is not None:
        return cached
    code = qrcode.QRCode(error_correction=LEVELS[level], border=0, box_size=1)
    code.add_data(payload.encode("utf-8"))
    try:
        code.make(fit=True)
    except (ValueError, qrcode.exceptions.DataOverflowError):
        raise QrTooLarge(f"a {len(payload)}-character address does not fit in any QR code "
                         f"at level {level}; shorten it or set links.redirect_base") from None
    rows = tuple("".join("1" if cell else "0" for cell in row) for row in code.get_matrix())
    qrcache.put(key, rows)
    return rows


def make_symbol(payload: str, spec: Spec | None = None) -> QrSymbol:
    """The symbol for ``payload``: modules at least min_module, code at least min_size."""
    spec = spec or qr_spec()
    rows = matrix_rows(payload, spec.error_correction)
    quiet = spec.quiet_zone_modules
    total_modules = len(rows) + 2 * quiet
    module = max(spec.min_module, spec.min_size / total_modules)
    if total_modules * module > spec.max_size + 1e-6:
        raise QrTooLarge(f"a QR code for this {len(payload)}-character address needs "
                         f"{total_modules * module / MM:.1f} mm (at most {spec.max_size / MM:.0f} "
                         f"mm allowed); shorten the address or set links.redirect_base")
    return QrSymbol(payload, rows, quiet, module)


def required_size(payload: str, spec: Spec | None = None) -> float:
    """Printed size in points that ``payload`` needs, even when over the limit."""
    spec = spec or qr_spec()
    total = len(matrix_rows(payload, spec.error_correction)) + 2 * spec.quiet_zone_modules
    return total * max(spec.min_module, spec.min_size / total)


def draw_symbol(canvas: Canvas, symbol: QrSymbol, x: float, y: float,
                spec: Spec | None = None) -> None:
    """Draw ``symbol`` with its lower left corner (quiet zone included) at x, y.

    The quiet zone is painted white; the dark modules are one path of row runs, so
    neighbouring modules merge into solid shapes with no hairline gaps between them.
    """
    spec = spec or qr_spec()
    canvas.saveState()
    canvas.setFillColorCMYK(0, 0, 0, 0)
    canvas.rect(x, y, symbol.size, symbol.size, stroke=0, fill=1)
    path = canvas.beginPath()
    origin_x = x + symbol.quiet * symbol.module
    top = y + symbol.size - symbol.quiet * symbol.module
    for row_index, row in enumerate(symbol.rows):
        row_y = top - (row_index + 1) * symbol.module
        for start, length in _dark_runs(row):
            path.rect(origin_x + start * symbol.module, row_y, length * symbol.module,
                      symbol.module)
    canvas.setFillColorCMYK(*cmyk(spec.dark))
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def _dark_runs(row: str) -> list[tuple[int, int]]:
    runs, start = [], None
    for index, cell in enumerate(row + "0"):
        if cell == "1" and start is None:
            start = index
        elif cell == "0" and start is not None:
            runs.append((start, index - start))
            start = None
    return runs


def short_address(url: str, max_chars: int) -> str:
    """A readable short form for a caption: no scheme, no www, shortened in the middle."""
    parts = urlsplit(url)
    if parts.scheme == "mailto":
        return unquote(parts.path)
    host = (parts.hostname or "").removeprefix("www.")
    path = unquote(parts.path).rstrip("/")
    text = host + path + (f"?{parts.query}" if parts.query else "")
    if len(text) <= max_chars:
        return text
    keep_end = max(8, (max_chars - len(host) - 2) // 2)
    head = text[: max_chars - keep_end - 1]
    return f"{head}…{text[-keep_end:]}"


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
