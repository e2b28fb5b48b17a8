"""The individual preflight checks: each reads one PDF and returns what it found wrong.

A document (brochure, deck, booklet) is read with PDFium alone: its pages are loaded
there anyway, to find the links and render the codes, and a build of the brochure alone
then never imports pypdf. A print sheet is read with pypdf, which finds its fonts and
boxes without parsing the imposed pages it draws.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pypdfium2.raw as pdfium_c

from ..layout import MM, Spec
from ..links.qr import matrix_rows

if TYPE_CHECKING:
    from pypdf import PdfReader


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
    """Every font in the resources of a page (or of a form it draws) is embedded."""
    check = Check("fonts embedded")
    forms: dict = {}
    embedded: dict = {}
    for number, page in enumerate(reader.pages, 1):
        missing = {name for key, (name, font) in _fonts(page.get("/Resources"), forms).items()
                   if not embedded.setdefault(key, _is_embedded(font))}
        check.failures += [f"p. {number}: {name} not embedded" for name in sorted(missing)]
    return check


def _is_embedded(font) -> bool:
    descendants = font.get("/DescendantFonts")
    target = descendants[0].get_object() if descendants else font
    descriptor = target.get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor else {}
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def _fonts(resources, forms: dict) -> dict:
    """The fonts of a resource dictionary and of the forms it draws, by object key.

    ``forms`` remembers the fonts of every form already walked, so a form placed on
    many pages (a page number, an imposed page) is read once per document.
    """
    from pypdf.generic import DictionaryObject

    if resources is None:
        return {}
    resources = resources.get_object()
    found = {_key(ref): (str(ref.get_object().get("/BaseFont")), ref.get_object())
             for ref in resources.get("/Font", DictionaryObject()).get_object().values()}
    for ref in resources.get("/XObject", DictionaryObject()).get_object().values():
        key = _key(ref)
        if key not in forms:
            forms[key] = {}  # a form drawing itself adds nothing
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Form":
                forms[key] = _fonts(xobject.get("/Resources"), forms)
        found.update(forms[key])
    return found


def _key(reference) -> object:
    """An indirect object's number, or the direct object itself."""
    return getattr(reference, "idnum", None) or id(reference.get_object())


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


def drawn_fonts_embedded(pages: list) -> Check:
    """Every font that text on a page (or in a form it draws) is set in is embedded."""
    check = Check("fonts embedded")
    embedded: dict[int, tuple[str, bool]] = {}
    for number, page in enumerate(pages, 1):
        missing = set()
        for text in _text_objects(page):
            font = pdfium_c.FPDFTextObj_GetFont(text)
            key = ctypes.cast(font, ctypes.c_void_p).value or 0
            if key not in embedded:
                embedded[key] = (_font_name(font), bool(pdfium_c.FPDFFont_GetIsEmbedded(font)))
            name, is_embedded = embedded[key]
            if not is_embedded:
                missing.add(name)
        check.failures += [f"p. {number}: /{name} not embedded" for name in sorted(missing)]
    return check


def _text_objects(page) -> list:
    """The text objects of a page, those inside its forms included."""
    texts, objects = [], [pdfium_c.FPDFPage_GetObject(page.raw, index)
                          for index in range(pdfium_c.FPDFPage_CountObjects(page.raw))]
    while objects:
        item = objects.pop()
        kind = pdfium_c.FPDFPageObj_GetType(item)
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            texts.append(item)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            objects += [pdfium_c.FPDFFormObj_GetObject(item, index)
                        for index in range(pdfium_c.FPDFFormObj_CountObjects(item))]
    return texts


def _font_name(font) -> str:
    length = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    name = ctypes.create_string_buffer(length)
    pdfium_c.FPDFFont_GetBaseFontName(font, name, length)
    return name.value.decode("utf-8", errors="replace")


def trim_boxes(pages: list) -> Check:
    """A TrimBox on every page (a document has no bleed)."""
    check = Check("page boxes (trim)")
    box = [ctypes.c_float() for _ in range(4)]
    for number, page in enumerate(pages, 1):
        if not pdfium_c.FPDFPage_GetTrimBox(page.raw, *(ctypes.byref(v) for v in box)):
            check.failures.append(f"p. {number}: no TrimBox")
    return check


def document_metadata(document) -> Check:
    """A title (not ReportLab's placeholder "untitled") and a language."""
    check = Check("metadata (title, language)")
    title = document.get_metadata_value("Title") or ""
    if title.strip().lower() in ("", "untitled"):
        check.failures.append("no document title")
    if not _language(document):
        check.failures.append("no document language")
    return check


def _language(document) -> str:
    """The catalog's /Lang (PDFium answers in UTF-16LE, with its length in bytes)."""
    length = pdfium_c.FPDFCatalog_GetLanguage(document.raw, None, 0)
    if length <= 2:
        return ""
    language = (ctypes.c_ushort * (length // 2))()
    pdfium_c.FPDFCatalog_GetLanguage(document.raw, language, length)
    return bytes(language)[:length - 2].decode("utf-16-le", errors="replace")


@dataclass(frozen=True)
class LinkAnnotation:
    """A clickable area that opens a web address."""

    page: int
    """Page index (from 0)."""
    url: str
    rect: tuple[float, float, float, float]


def uri_links(document, pages: list) -> list[LinkAnnotation]:
    """Every link annotation with a URI action, page by page, as PDFium reads them.

    PDFium walks the annotations in C; pypdf took a fifth of a booklet's preflight
    parsing the same dictionaries. ``pages`` are the document's pages, already loaded.
    """
    links = []
    for index, page in enumerate(pages):
        position, link = ctypes.c_int(0), pdfium_c.FPDF_LINK()
        while pdfium_c.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(link)):
            action = pdfium_c.FPDFLink_GetAction(link)
            if not action or pdfium_c.FPDFAction_GetType(action) != pdfium_c.PDFACTION_URI:
                continue
            rect = pdfium_c.FS_RECTF()
            pdfium_c.FPDFLink_GetAnnotRect(link, ctypes.byref(rect))
            links.append(LinkAnnotation(index, _uri(document, action),
                                        (rect.left, rect.bottom, rect.right, rect.top)))
    return links


def _uri(document, action) -> str:
    """The address of a URI action (PDFium tells its length first)."""
    length = pdfium_c.FPDFAction_GetURIPath(document.raw, action, None, 0)
    address = ctypes.create_string_buffer(length)
    pdfium_c.FPDFAction_GetURIPath(document.raw, action, address, length)
    return _pdf_string(address.raw[:max(0, length - 1)])


def _pdf_string(raw: bytes) -> str:
    """A PDF text string: UTF-16 after its byte order mark, else one byte a character."""
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", errors="replace")
    return raw.decode("latin-1")


def link_annotations(links: list[LinkAnnotation], urls: set[str]) -> Check:
    check = Check("link annotations")
    found = {link.url for link in links}
    check.failures += [f"no clickable link to {url}" for url in sorted(urls - found)]
    return check


def safe_zone(pages: list, links: list[LinkAnnotation], spec: Spec, qr: Spec,
              payloads: dict[str, str]) -> Check:
    """No text and no code within the safe distance of the trim (cards).

    Text is measured by PDFium's text rectangles (one per run of text on a line), as
    exact as every character's box and far quicker; a code by its dark modules, its
    clickable square less the quiet zone.
    """
    check = Check(f"safe zone ({spec.safe / MM:.0f} mm)")
    codes: dict[int, list[tuple[float, float, float, float]]] = {}
    for link in code_links(links, qr.min_size):
        codes.setdefault(link.page, []).append(
            _dark_box(link.rect, payloads.get(link.url, link.url), qr))
    for number, page in enumerate(pages, 1):
        left, bottom = _trim_origin(page)
        textpage = page.get_textpage()
        boxes = [("text", textpage.get_rect(i)) for i in range(textpage.count_rects())]
        textpage.close()
        boxes += [("a code", box) for box in codes.get(number - 1, [])]
        for what, (x0, y0, x1, y1) in boxes:
            x0, x1, y0, y1 = x0 - left, x1 - left, y0 - bottom, y1 - bottom
            trim_w, trim_h = spec.trim.width, spec.trim.height
            if min(x0, y0, trim_w - x1, trim_h - y1) < spec.safe - 0.5:
                check.failures.append(f"p. {number}: {what} at {x0 / MM:.1f},{y0 / MM:.1f} mm "
                                      "is inside the safe zone")
                break
    return check


def _dark_box(rect: tuple[float, float, float, float], payload: str, qr: Spec
              ) -> tuple[float, float, float, float]:
    """The part of a code's square that holds its modules: the square less the quiet zone."""
    x0, y0, x1, y1 = rect
    modules = len(matrix_rows(payload, qr.error_correction))
    quiet = qr.quiet_zone_modules * (x1 - x0) / (modules + 2 * qr.quiet_zone_modules)
    return x0 + quiet, y0 + quiet, x1 - quiet, y1 - quiet


def _trim_origin(page) -> tuple[float, float]:
    trim = page.get_trimbox()
    return trim[0], trim[1]


def qr_codes(pages: list, links: list[LinkAnnotation], qr: Spec, payloads: dict[str, str],
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
    for link in code_links(links, qr.min_size):
        found.add(link.url)
        page = pages[link.page]
        image = page.render(scale=dpi / 72, crop=_crop(page, link.rect, 2 * MM),
                            grayscale=True, draw_annots=False).to_pil()
        results = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        if not results or results[0].text != payloads.get(link.url, link.url):
            decodes.failures.append(f"p. {link.page + 1}: the code for {link.url} does not "
                                    "decode")
            continue
        _measure(results[0], image, dpi, qr, link.page + 1, sizes)
    decodes.failures += [f"no code printed for {url}" for url in sorted(set(payloads) - found)]
    return decodes, sizes


def code_links(links: list[LinkAnnotation], min_size: float) -> list[LinkAnnotation]:
    """The square links at least a code wide: the drawn QR codes."""
    return [link for link in links
            if abs((link.rect[2] - link.rect[0]) - (link.rect[3] - link.rect[1])) <= 0.5
            and link.rect[2] - link.rect[0] >= min_size - 0.5]


def _crop(page, rect: tuple[float, float, float, float], margin: float
          ) -> tuple[float, float, float, float]:
    """PDFium's crop (left, bottom, right, top, from the media box) to ``rect`` and a margin."""
    left, bottom, right, top = page.get_mediabox()
    x0, y0, x1, y1 = rect
    return (max(0.0, x0 - left - margin), max(0.0, y0 - bottom - margin),
            max(0.0, right - x1 - margin), max(0.0, top - y1 - margin))


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
    """Nothing darker than light grey between the ``inner`` box and the ``outer`` one."""
    x0, y0, x1, y1 = (int(v) for v in outer)
    ix0, iy0, ix1, iy1 = (int(v) for v in inner)
    x0, y0 = max(0, x0), max(0, y0)
    x1, y1 = min(image.width - 1, x1), min(image.height - 1, y1)
    strips = [(x0, y0, x1, iy0 - 2), (x0, iy1 + 2, x1, y1),  # above, below
              (x0, y0, ix0 - 2, y1), (ix1 + 2, y0, x1, y1)]  # left, right
    for left, top, right, bottom in strips:
        if right < left or bottom < top:
            continue
        darkest, _ = image.crop((left, top, right + 1, bottom + 1)).getextrema()
        if darkest < 160:
            return False
    return True
