"""Where printed QR codes stop decoding: error correction, module size and render resolution.

Every code is drawn with ``draw_symbol`` on A4 pages, at sub-pixel offsets and small
rotations, rendered with pdfium and decoded with zxing-cpp, each from its own crop. A
second run draws the same matrices as separate fills, one per dark module and one per
row run (as ReportLab's QrCodeWidget does), to compare with the single path.

Run from the repository root: ``python -m benchmarks.qr_limits`` (about 20 s).
"""

from __future__ import annotations

import io
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import zxingcpp
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from inspiratiekaart.content.loader import load_publication
from inspiratiekaart.layout import MM
from inspiratiekaart.links.qr import QrSymbol, draw_symbol, matrix_rows, qr_spec
from inspiratiekaart.links.registry import build_registry

ROOT = Path(__file__).resolve().parents[1]
LEVELS = ("L", "M", "Q")
MODULES_MM = (0.25, 0.30, 0.33, 0.35, 0.40, 0.50)
DPIS = (100, 150, 300)
COMPARE_DPI = 100
QUIET = 4
PLACEMENTS = ((0.00, 0.00, 0.0), (0.37, 0.11, 0.0), (0.61, 0.83, 0.0), (0.13, 0.52, 0.0),
              (0.29, 0.71, 2.0), (0.77, 0.41, 5.0), (0.53, 0.19, 9.0), (0.91, 0.67, 17.0))
"""Offsets (fractions of a 100-dpi pixel) and rotations in degrees, one code each."""
PAGE_MARGIN = 8 * MM
GAP = 4 * MM
CROP_MARGIN = 2 * MM

Painter = Callable[[Canvas, QrSymbol], None]


@dataclass(frozen=True)
class Job:
    """One code to draw: which configuration it belongs to and how it is placed."""

    method: str
    payload_name: str
    level: str
    module_mm: float
    symbol: QrSymbol
    dx: float
    dy: float
    angle: float


@dataclass(frozen=True)
class Placed:
    """A job on a page, with its bounding box in points from the page's top left."""

    job: Job
    page: int
    box: tuple[float, float, float, float]


def payloads() -> dict[str, str]:
    """A short address, the content's longest address and a 300-character one."""
    registry = build_registry(load_publication(ROOT / "content"))
    longest = max((entry.url for entry in registry), key=len)
    filler = "abcdefghijklmnopqrstuvwxyz0123456789" * 10
    long_url = f"{longest}?ref={filler}"[:300]
    return {"short (42)": "https://www.welbevindenopschool.nl/r/k7m2p",
            f"content ({len(longest)})": longest, "long (300)": long_url}


def paint_path(canvas: Canvas, symbol: QrSymbol) -> None:
    """The pipeline's way: one filled path for all dark modules."""
    draw_symbol(canvas, symbol, 0, 0)


def paint_module_rects(canvas: Canvas, symbol: QrSymbol) -> None:
    """One separate ``rect`` fill per dark module."""
    _paint_rects(canvas, symbol, per_run=False)


def paint_run_rects(canvas: Canvas, symbol: QrSymbol) -> None:
    """One separate ``rect`` fill per run of dark modules in a row, like QrCodeWidget."""
    _paint_rects(canvas, symbol, per_run=True)


def _paint_rects(canvas: Canvas, symbol: QrSymbol, per_run: bool) -> None:
    """White background, then each dark module or run filled on its own."""
    canvas.setFillColorCMYK(0, 0, 0, 0)
    canvas.rect(0, 0, symbol.size, symbol.size, stroke=0, fill=1)
    canvas.setFillColorCMYK(0, 0, 0, 1)
    step, origin = symbol.module, symbol.quiet * symbol.module
    for row_index, row in enumerate(symbol.rows):
        y = symbol.size - origin - (row_index + 1) * step
        for start, length in _runs(row):
            widths = [(start, length)] if per_run else [(start + i, 1) for i in range(length)]
            for column, count in widths:
                canvas.rect(origin + column * step, y, count * step, step, stroke=0, fill=1)


def _runs(row: str) -> Iterator[tuple[int, int]]:
    """Start and length of each run of '1' in ``row``."""
    start = None
    for index, cell in enumerate(row + "0"):
        if cell == "1" and start is None:
            start = index
        elif cell == "0" and start is not None:
            yield start, index - start
            start = None


PAINTERS: dict[str, Painter] = {"path": paint_path, "rect per module": paint_module_rects,
                                "rect per run": paint_run_rects}


def jobs(texts: dict[str, str], methods: tuple[str, ...]) -> list[Job]:
    """Every method × payload × level × module size × placement."""
    found = []
    for method in methods:
        for name, text in texts.items():
            for level in LEVELS:
                rows = matrix_rows(text, level)
                for module_mm in MODULES_MM:
                    symbol = QrSymbol(text, rows, QUIET, module_mm * MM)
                    pixel = 72 / COMPARE_DPI
                    found += [Job(method, name, level, module_mm, symbol, fx * pixel, fy * pixel,
                                  angle) for fx, fy, angle in PLACEMENTS]
    return found


def layout(all_jobs: list[Job]) -> list[list[Placed]]:
    """Shelf-pack the codes (rotated bounding boxes) onto A4 pages."""
    width, height = A4
    pages: list[list[Placed]] = [[]]
    x = y = PAGE_MARGIN
    shelf = 0.0
    for job in all_jobs:
        side = job.symbol.size * 1.42 if job.angle else job.symbol.size
        if x + side > width - PAGE_MARGIN:
            x, y, shelf = PAGE_MARGIN, y + shelf + GAP, 0.0
        if y + side > height - PAGE_MARGIN:
            pages.append([])
            x, y, shelf = PAGE_MARGIN, PAGE_MARGIN, 0.0
        box = (x + job.dx, y + job.dy, x + job.dx + side, y + job.dy + side)
        pages[-1].append(Placed(job, len(pages) - 1, box))
        x, shelf = x + side + GAP, max(shelf, side)
    return pages


def draw_pdf(pages: list[list[Placed]]) -> bytes:
    """All pages as one PDF; each code centred in its box, rotated about its centre."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    height = A4[1]
    for page in pages:
        for placed in page:
            left, top, right, bottom = placed.box
            symbol = placed.job.symbol
            canvas.saveState()
            canvas.translate((left + right) / 2, height - (top + bottom) / 2)
            canvas.rotate(placed.job.angle)
            canvas.translate(-symbol.size / 2, -symbol.size / 2)
            PAINTERS[placed.job.method](canvas, symbol)
            canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def decode_pages(pdf: bytes, pages: list[list[Placed]], dpi: int) -> Counter[tuple]:
    """Render each page at ``dpi``; count the codes that decode to exactly their payload."""
    decoded: Counter[tuple] = Counter()
    document = pdfium.PdfDocument(pdf)
    try:
        for index, page in enumerate(pages):
            image = document[index].render(scale=dpi / 72).to_pil().convert("L")
            for placed in page:
                if _decodes(image, placed, dpi):
                    job = placed.job
                    decoded[(job.method, job.payload_name, job.level, job.module_mm, dpi)] += 1
    finally:
        document.close()
    return decoded


def _decodes(image: Image.Image, placed: Placed, dpi: int) -> bool:
    """Whether the crop around one code yields exactly its payload."""
    scale = dpi / 72
    left, top, right, bottom = placed.box
    crop = image.crop((max(0, int((left - CROP_MARGIN) * scale)),
                       max(0, int((top - CROP_MARGIN) * scale)),
                       min(image.width, int((right + CROP_MARGIN) * scale) + 1),
                       min(image.height, int((bottom + CROP_MARGIN) * scale) + 1)))
    results = zxingcpp.read_barcodes(crop, formats=zxingcpp.BarcodeFormat.QRCode)
    return any(result.text == placed.job.symbol.payload for result in results)


def measure(texts: dict[str, str], methods: tuple[str, ...], dpis: tuple[int, ...]
            ) -> Counter[tuple]:
    """Draw, render and decode every job of ``methods`` at every resolution in ``dpis``."""
    pages = layout(jobs(texts, methods))
    pdf = draw_pdf(pages)
    decoded: Counter[tuple] = Counter()
    for dpi in dpis:
        decoded += decode_pages(pdf, pages, dpi)
    return decoded


def code_mm(text: str, level: str, module_mm: float) -> float:
    """Printed size of the code in millimetres, quiet zone included."""
    return (len(matrix_rows(text, level)) + 2 * QUIET) * module_mm


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table with right-aligned numbers."""
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |",
             "|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|"]
    lines += ["| " + " | ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) + " |"
              for row in rows]
    return "\n".join(lines)


def main() -> None:
    """Measure and print both tables."""
    started = time.perf_counter()
    texts = payloads()
    total = len(PLACEMENTS)
    path = measure(texts, ("path",), DPIS)
    fills = measure(texts, ("rect per module", "rect per run"), (COMPARE_DPI,))
    limits, compare = [], []
    for name, text in texts.items():
        for level in LEVELS:
            version = (len(matrix_rows(text, level)) - 17) // 4
            for module_mm in MODULES_MM:
                cells = [name, f"{level} (v{version})", f"{module_mm:.2f}",
                         f"{code_mm(text, level, module_mm):.1f}"]
                limits.append(cells + [f"{path[('path', name, level, module_mm, dpi)]}/{total}"
                                       for dpi in DPIS])
                compare.append(cells + [
                    f"{counts[(method, name, level, module_mm, COMPARE_DPI)]}/{total}"
                    for method, counts in (("path", path), ("rect per module", fills),
                                           ("rect per run", fills))])
    head = ["payload (chars)", "level", "module mm", "code mm"]
    angles = ", ".join(f"{a:g}" for a in sorted({p[2] for p in PLACEMENTS}))
    print(f"Decoded / drawn, {total} placements each (sub-pixel offsets; rotations {angles} "
          "degrees); pypdfium2 render, zxing-cpp.\n")
    print(table(head + [f"{dpi} dpi" for dpi in DPIS], limits))
    print(f"\nOne path against separate fills, rendered at {COMPARE_DPI} dpi:\n")
    print(table(head + list(PAINTERS), compare))
    allowed = qr_spec().min_module / MM - 1e-9
    sums = {method: sum(n for key, n in (path + fills).items() if key[0] == method
                        and key[3] >= allowed and key[4] == COMPARE_DPI) for method in PAINTERS}
    drawn = len(texts) * len(LEVELS) * sum(m >= allowed for m in MODULES_MM) * total
    print(f"\nModules >= {allowed:.2f} mm at {COMPARE_DPI} dpi: "
          + ", ".join(f"{method} {n}/{drawn}" for method, n in sums.items()))
    print(f"qr.yaml: level {qr_spec().error_correction}; {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
