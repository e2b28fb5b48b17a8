"""The individual preflight checks: each reads one PDF and returns what it found wrong."""

from __future__ import annotations

from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from ..layout import MM, Spec
from ..links.qr import matrix_rows


@dataclass
class Check:
    """One check on one file: passed, failed (with where), or skipped (with why)."""

    name: str
    failures: list[str] = field(default_factory=list)
    skipped: str | None = None
    warning: str | None = None

    @property
    def status(self) -> str:
        if self.skipped is not None:
            return "skipped"
        if self.failures:
            return "failed"
        return "warning" if self.warning else "ok"


def fonts_embedded(reader: PdfReader) -> Check:
    check = Check("fonts embedded")
    for number, page in enumerate(reader.pages, 1):
        missing = set()
        for font in _fonts(page.get("/Resources"), set()):
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.add(str(font.get("/BaseFont")))
        check.failures += [f"p. {number}: {name} not embedded" for name in sorted(missing)]
    return check


def _fonts(resources, seen: set[int]) -> list:
    """The fonts of a resource dictionary and of the forms it draws, recursively."""
    if resources is None or id(resources) in seen:
        return []
    seen.add(id(resources))
    resources = resources.get_object()
    font_dict = resources.get("/Font", DictionaryObject()).get_object()
    fonts = [f.get_object() for f in font_dict.values()]
    for xobject in resources.get("/XObject", DictionaryObject()).get_object().values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            fonts += _fonts(xobject.get("/Resources"), seen)
    return fonts


def page_boxes(reader: PdfReader, bleed: float | None) -> Check:
    """TrimBox on every page; with ``bleed``, a BleedBox that far outside it on every side."""
    check = Check("page boxes" + (" (trim, bleed)" if bleed else " (trim)"))
    for number, page in enumerate(reader.pages, 1):
        if "/TrimBox" not in page:
            check.failures.append(f"p. {number}: no TrimBox")
            continue
        if bleed:
            trim, bleed_box = page.trimbox, page.bleedbox
            sides = (float(trim.left) - float(bleed_box.left),
                     float(trim.bottom) - float(bleed_box.bottom),
                     float(bleed_box.right) - float(trim.right),
                     float(bleed_box.top) - float(trim.top))
            if "/BleedBox" not in page or any(abs(s - bleed) > 0.05 for s in sides):
                check.failures.append(f"p. {number}: bleed is not {bleed / MM:.0f} mm on "
                                      "every side")
    return check


def link_annotations(reader: PdfReader, urls: set[str]) -> Check:
    check = Check("link annotations")
    found = set()
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and "/URI" in action:
                found.add(str(action["/URI"]))
    check.failures += [f"no clickable link to {url}" for url in sorted(urls - found)]
    return check


def metadata(reader: PdfReader) -> Check:
    check = Check("metadata (title, language)")
    title = (reader.metadata.title if reader.metadata else None) or ""
    if title.strip().lower() in ("", "untitled"):  # ReportLab's placeholder is "untitled"
        check.failures.append("no document title")
    if "/Lang" not in reader.trailer["/Root"]:
        check.failures.append("no document language")
    return check


def safe_zone(document, spec: Spec) -> Check:
    """No character within the safe distance of the trim (cards)."""
    check = Check(f"safe zone ({spec.safe / MM:.0f} mm)")
    for number, page in enumerate(document, 1):
        left, bottom = _trim_origin(page)
        textpage = page.get_textpage()
        for index in range(textpage.count_chars()):
            if not textpage.get_text_range(index, 1).strip():
                continue
            x0, y0, x1, y1 = textpage.get_charbox(index)
            x0, x1, y0, y1 = x0 - left, x1 - left, y0 - bottom, y1 - bottom
            trim_w, trim_h = spec.trim.width, spec.trim.height
            if min(x0, y0, trim_w - x1, trim_h - y1) < spec.safe - 0.5:
                check.failures.append(f"p. {number}: text at {x0 / MM:.1f},{y0 / MM:.1f} mm "
                                      "is inside the safe zone")
                break
    return check


def _trim_origin(page) -> tuple[float, float]:
    trim = page.get_trimbox()
    return trim[0], trim[1]


def qr_codes(reader: PdfReader, document, qr: Spec, links: dict[str, str],
             dpi: int = 150) -> tuple[Check, Check]:
    """Every code decodes to its own link's payload; modules and quiet zone within limits.

    Codes are found by their clickable square; each is rendered (with a margin) at
    ``dpi`` and decoded on its own, which is faster than whole pages and tells which
    code failed.
    """
    decodes, sizes = Check(f"QR codes decode at {dpi} dpi"), Check("QR module size, quiet zone")
    try:
        import zxingcpp
    except ImportError:
        note = "zxing-cpp not installed (pip install '.[test]')"
        decodes.skipped = sizes.skipped = note
        return decodes, sizes
    found: set[str] = set()
    for index, url, crop in _code_crops(reader, qr.min_size, 2 * MM):
        found.add(url)
        image = document[index].render(scale=dpi / 72, crop=crop).to_pil().convert("L")
        results = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        expected = links.get(url, url)
        if not results or results[0].text != expected:
            decodes.failures.append(f"p. {index + 1}: the code for {url} does not decode")
            continue
        _measure(results[0], image, dpi, qr, index + 1, sizes)
    decodes.failures += [f"no code printed for {url}" for url in sorted(set(links) - found)]
    return decodes, sizes


def _code_crops(reader: PdfReader, min_size: float, margin: float):
    """(page index, address, pdfium crop) for every square link: the drawn QR codes."""
    for index, page in enumerate(reader.pages):
        box = page.mediabox
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A")
            if not action or "/URI" not in action:
                continue
            x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
            if abs((x1 - x0) - (y1 - y0)) > 0.5 or x1 - x0 < min_size - 0.5:
                continue
            crop = (max(0.0, x0 - float(box.left) - margin),
                    max(0.0, y0 - float(box.bottom) - margin),
                    max(0.0, float(box.right) - x1 - margin),
                    max(0.0, float(box.top) - y1 - margin))
            yield index, str(action["/URI"]), crop


def _measure(result, image, dpi: int, qr: Spec, number: int, check: Check) -> None:
    corners = [result.position.top_left, result.position.top_right,
               result.position.bottom_left, result.position.bottom_right]
    xs, ys = [p.x for p in corners], [p.y for p in corners]
    modules = len(matrix_rows(result.text, qr.error_correction))
    width_px = max(xs) - min(xs) + 1
    module_mm = width_px / modules * 25.4 / dpi
    if module_mm < qr.min_module / MM - 0.05:
        check.failures.append(f"p. {number}: modules of {module_mm:.2f} mm "
                              f"(at least {qr.min_module / MM:.2f} mm)")
    quiet = int(qr.quiet_zone_modules * width_px / modules) - 1
    ring = (min(xs) - quiet, min(ys) - quiet, max(xs) + quiet, max(ys) + quiet)
    if not _ring_is_light(image, ring, (min(xs), min(ys), max(xs), max(ys))):
        check.failures.append(f"p. {number}: something is drawn in the quiet zone of "
                              f"{result.text[:40]}")


def _ring_is_light(image, outer, inner) -> bool:
    x0, y0, x1, y1 = (int(v) for v in outer)
    ix0, iy0, ix1, iy1 = (int(v) for v in inner)
    pixels = image.load()
    for y in range(max(0, y0), min(image.height, y1 + 1)):
        for x in range(max(0, x0), min(image.width, x1 + 1)):
            if ix0 - 1 <= x <= ix1 + 1 and iy0 - 1 <= y <= iy1 + 1:
                continue
            if pixels[x, y] < 160:
                return False
    return True
