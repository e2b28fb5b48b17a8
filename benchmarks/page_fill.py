"""Page fill: how far down its text frame each page's content reaches, per reading PDF.

    python -m benchmarks.page_fill              # the PDFs in output/
    python -m benchmarks.page_fill --out DIR --pages

A page under 70% that does not end a part (the next page starts a pillar, the opening,
the links or the colophon: an outline entry of the top level) is a page a reader sees
as half empty. The cover and the last page end a part by definition. Blank pages are
counted apart: a reading PDF should have none.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from pypdf import PdfReader

from inspiratiekaart.layout import load_layout

ROOT = Path(__file__).resolve().parents[1]
LOW = 0.70
READING = {"brochure.pdf": "brochure", "booklet-": "booklet"}
"""Reading PDFs by name (a prefix for the booklets) and the layout they are set in."""


@dataclass(frozen=True)
class PageFill:
    page: int
    """From 1."""
    fill: float
    """0 (nothing in the text frame) to 1 (content down to its foot)."""
    ends_part: bool
    blank: bool


def layout_of(name: str) -> str | None:
    return next((layout for prefix, layout in READING.items() if name.startswith(prefix)),
                None)


def part_starts(path: Path) -> set[int]:
    """Pages (from 1) that a top-level outline entry points at."""
    reader = PdfReader(path)
    return {reader.get_destination_page_number(item) + 1
            for item in reader.outline if not isinstance(item, list)}


def page_fills(path: Path, layout_name: str) -> list[PageFill]:
    """Every page's fill of its text frame, and whether it ends a part."""
    page_spec = load_layout(layout_name).page
    starts = part_starts(path)
    document = pdfium.PdfDocument(path)
    fills = []
    try:
        count = len(document)
        for index in range(count):
            page = document[index]
            frame_top = page_spec.height - page_spec.top
            lowest = _lowest_content(page, page_spec.bottom - 2)
            page.close()
            blank = lowest is None
            fill = 0.0 if blank else (frame_top - lowest) / (frame_top - page_spec.bottom)
            number = index + 1
            ends = number == 1 or number == count or (number + 1) in starts
            fills.append(PageFill(number, max(0.0, min(1.0, fill)), ends, blank))
    finally:
        document.close()
    return fills


def _lowest_content(page, floor: float) -> float | None:
    """The lowest bottom of any text or drawing above ``floor`` (the footer lies below)."""
    bottoms = []
    for obj in page.get_objects(max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if top > floor and right - left > 0.5:
            bottoms.append(max(bottom, floor))
    return min(bottoms) if bottoms else None


def underfilled(fills: list[PageFill]) -> list[PageFill]:
    """Pages under 70% that do not end a part."""
    return [f for f in fills if f.fill < LOW and not f.ends_part]


def report(out: Path, show_pages: bool) -> str:
    lines = [f"{'file':<22} {'pages':>5} {'<70% mid-part':>14} {'blank':>6}  pages"]
    for path in sorted(out.glob("*.pdf")):
        layout_name = layout_of(path.name)
        if layout_name is None:
            continue
        fills = page_fills(path, layout_name)
        low = underfilled(fills)
        blank = [f.page for f in fills if f.blank]
        lines.append(f"{path.name:<22} {len(fills):>5} {len(low):>14} {len(blank):>6}  "
                     + ", ".join(f"p.{f.page} {f.fill:.0%}" for f in low))
        if show_pages:
            lines.append("    " + " ".join(f"{f.page}:{f.fill:.0%}{'*' if f.ends_part else ''}"
                                          for f in fills))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "output")
    parser.add_argument("--pages", action="store_true", help="every page's fill (* ends a part)")
    args = parser.parse_args()
    print(report(args.out, args.pages))


if __name__ == "__main__":
    main()
