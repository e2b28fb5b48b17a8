"""The checks of a document (brochure, deck, booklet), read with PDFium one page at a time.

Each page is loaded once, for all checks, and closed before the next: a document of
hundreds of pages never holds more than one parsed page. PDFium walks fonts and link
annotations in C, where pypdf would parse the same dictionaries into Python objects
first, and a build of the brochure alone never imports pypdf.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..layout import MM, Spec
from ..links.qr import matrix_rows
from .checks import Check

Rect = tuple[float, float, float, float]

DISPLAY_DOC_TITLE = re.compile(rb"/DisplayDocTitle\s+true")
"""The catalog's viewer preference that shows the title (PDFium reads no boolean one;
our writers, ReportLab and pypdf, write the catalog uncompressed)."""


@dataclass(frozen=True)
class LinkAnnotation:
    """A clickable area that opens a web address."""

    page: int
    """Page index (from 0)."""
    url: str
    rect: Rect


@dataclass
class PageFindings:
    """What the checks found on one page: failures by check, and the addresses linked and
    printed as codes there."""

    fonts: list[str] = field(default_factory=list)
    boxes: list[str] = field(default_factory=list)
    decodes: list[str] = field(default_factory=list)
    sizes: list[str] = field(default_factory=list)
    safe_zone: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)
    untagged: list[str] = field(default_factory=list)
    linked: set[str] = field(default_factory=set)
    printed: set[str] = field(default_factory=set)


def check_document(pdf: bytes, payloads: dict[str, str], qr: Spec, cards: Spec | None = None,
                   dpi: int = 150) -> tuple[int, list[Check]]:
    """The pages of ``pdf`` and its checks: fonts, trim boxes, metadata, tagging (every
    text in the structure tree or an artifact), a clickable link for every address of
    ``payloads``, every code decoding to its payload with modules and quiet zone within
    limits, and (for ``cards``) nothing within the safe zone."""
    decode = _decoder() is not None
    document = pdfium.PdfDocument(pdf)
    try:
        count = len(document)
        metadata = document_metadata(document)
        tagged = document_tagging(document, pdf)
        findings = check_pages(range(count), document, payloads, qr, cards, dpi, decode)
    finally:
        document.close()
    pages = [findings[index] for index in range(count)]
    tagged.failures += [failure for page in pages for failure in page.untagged]
    return count, _checks(pages, metadata, payloads, dpi, cards, decode, tagged)


def check_pages(indices: Iterable[int], document, payloads: dict[str, str], qr: Spec,
                cards: Spec | None, dpi: int, decode: bool) -> dict[int, PageFindings]:
    """The findings on each page of ``indices``, one page loaded at a time."""
    decoder = _decoder() if decode else None
    fonts: dict[int, tuple[str, bool]] = {}
    findings = {}
    for index in indices:
        page = document[index]
        try:
            found = findings[index] = PageFindings()
            found.fonts = font_failures(page, index + 1, fonts)
            found.boxes = trim_box_failures(page, index + 1)
            found.untagged = untagged_text(page, index + 1)
            links = page_links(document, page, index)
            codes = code_links(links, qr.min_size)
            found.linked = {link.url for link in links}
            found.printed = {link.url for link in codes}
            for link in codes if decoder else []:
                check_code(decoder, page, link, payloads, qr, dpi, found)
            if cards:
                found.safe_zone = safe_zone_failures(page, index + 1, codes, cards, qr,
                                                     payloads)
                found.empty = empty_side_failures(page, index + 1, codes, cards)
        finally:
            page.close()
    return findings


def _checks(pages: list[PageFindings], metadata: Check, payloads: dict[str, str], dpi: int,
            cards: Spec | None, decode: bool, tagged: Check) -> list[Check]:
    """The document's checks, from what was found on its pages in order."""
    def failures(name: str) -> list[str]:
        return [failure for page in pages for failure in getattr(page, name)]

    linked = set().union(*(page.linked for page in pages))
    printed = set().union(*(page.printed for page in pages))
    decodes = Check(f"QR codes decode at {dpi} dpi", failures("decodes"))
    sizes = Check("QR module size, quiet zone", failures("sizes"))
    if decode:
        decodes.failures += [f"no code printed for {url}"
                             for url in sorted(set(payloads) - printed)]
    else:
        decodes.skipped = sizes.skipped = "zxing-cpp not installed (pip install '.[test]')"
    checks = [Check("fonts embedded", failures("fonts")),
              Check("page boxes (trim)", failures("boxes")), metadata, tagged,
              Check("link annotations", [f"no clickable link to {url}"
                                         for url in sorted(set(payloads) - linked)]),
              decodes, sizes]
    if cards:
        checks.append(Check(f"safe zone ({cards.safe / MM:.0f} mm)", failures("safe_zone")))
        checks.append(Check("no side without content", failures("empty"),
                            note=f"{len(failures('empty'))} sides without content"))
    return checks


def _decoder():
    """zxing-cpp, or None (it is a test extra: the code checks are then skipped)."""
    try:
        import zxingcpp
    except ImportError:
        return None
    return zxingcpp


def font_failures(page, number: int, known: dict[int, tuple[str, bool]]) -> list[str]:
    """Fonts that text on the page (or in a form it draws) is set in and that are not
    embedded. ``known`` remembers each font PDFium has answered for."""
    missing = set()
    for text in _text_objects(page):
        font = pdfium_c.FPDFTextObj_GetFont(text)
        key = ctypes.cast(font, ctypes.c_void_p).value or 0
        if key not in known:
            known[key] = (_font_name(font), bool(pdfium_c.FPDFFont_GetIsEmbedded(font)))
        name, embedded = known[key]
        if not embedded:
            missing.add(name)
    return [f"p. {number}: /{name} not embedded" for name in sorted(missing)]


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
    name = ctypes.create_string_buffer(max(1, length))
    pdfium_c.FPDFFont_GetBaseFontName(font, name, length)
    return name.value.decode("utf-8", errors="replace")


def trim_box_failures(page, number: int) -> list[str]:
    """A TrimBox on the page (a document has no bleed)."""
    box = [ctypes.c_float() for _ in range(4)]
    if pdfium_c.FPDFPage_GetTrimBox(page.raw, *(ctypes.byref(side) for side in box)):
        return []
    return [f"p. {number}: no TrimBox"]


def document_metadata(document) -> Check:
    """A title (not ReportLab's placeholder "untitled") and a language."""
    check = Check("metadata (title, language)")
    title = document.get_metadata_value("Title") or ""
    if title.strip().lower() in ("", "untitled"):
        check.failures.append("no document title")
    if not _language(document):
        check.failures.append("no document language")
    return check


def document_tagging(document, pdf: bytes) -> Check:
    """Tagged for reading on screen: marked, a structure tree, a language, the title shown."""
    check = Check("tagged (structure tree, language, title shown)")
    if not pdfium_c.FPDFCatalog_IsTagged(document.raw):
        check.failures.append("not marked as tagged (/MarkInfo)")
    if len(document) and not _page_in_tree(document, 0):
        check.failures.append("no structure tree (p. 1 has no elements)")
    if not _language(document):
        check.failures.append("no document language")
    if not DISPLAY_DOC_TITLE.search(pdf):
        check.failures.append("the title is not shown (no DisplayDocTitle)")
    return check


def _page_in_tree(document, index: int) -> bool:
    page = document[index]
    try:
        tree = pdfium_c.FPDF_StructTree_GetForPage(page.raw)
        try:
            return bool(tree) and pdfium_c.FPDF_StructTree_CountChildren(tree) > 0
        finally:
            pdfium_c.FPDF_StructTree_Close(tree)
    finally:
        page.close()


def untagged_text(page, number: int) -> list[str]:
    """Text (or a form holding text) drawn outside marked content of the structure tree
    and outside an artifact: a screen reader would never reach it."""
    for index in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        item = pdfium_c.FPDFPage_GetObject(page.raw, index)
        kind = pdfium_c.FPDFPageObj_GetType(item)
        if kind not in (pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_FORM):
            continue
        if pdfium_c.FPDFPageObj_GetMarkedContentID(item) >= 0 or _is_artifact(item):
            continue
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT or _text_inside(item):
            return [f"p. {number}: text outside the structure tree and not an artifact"]
    return []


def _is_artifact(item) -> bool:
    for index in range(pdfium_c.FPDFPageObj_CountMarks(item)):
        mark = pdfium_c.FPDFPageObj_GetMark(item, index)
        length = ctypes.c_ulong(0)
        name = (ctypes.c_ushort * 32)()
        if pdfium_c.FPDFPageObjMark_GetName(mark, name, ctypes.sizeof(name),
                                            ctypes.byref(length)) and \
                bytes(name)[:max(0, length.value - 2)].decode("utf-16-le") == "Artifact":
            return True
    return False


def _text_inside(form) -> bool:
    objects = [pdfium_c.FPDFFormObj_GetObject(form, index)
               for index in range(pdfium_c.FPDFFormObj_CountObjects(form))]
    return any(pdfium_c.FPDFPageObj_GetType(item) == pdfium_c.FPDF_PAGEOBJ_TEXT
               or (pdfium_c.FPDFPageObj_GetType(item) == pdfium_c.FPDF_PAGEOBJ_FORM
                   and _text_inside(item)) for item in objects)


def _language(document) -> str:
    """The catalog's /Lang (PDFium answers in UTF-16LE, with its length in bytes)."""
    length = pdfium_c.FPDFCatalog_GetLanguage(document.raw, None, 0)
    if length <= 2:
        return ""
    language = (ctypes.c_ushort * (length // 2))()
    pdfium_c.FPDFCatalog_GetLanguage(document.raw, language, length)
    return bytes(language)[:length - 2].decode("utf-16-le", errors="replace")


def page_links(document, page, index: int) -> list[LinkAnnotation]:
    """Every link annotation on the page with a URI action."""
    links = []
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
    address = ctypes.create_string_buffer(max(1, length))
    pdfium_c.FPDFAction_GetURIPath(document.raw, action, address, length)
    return _pdf_string(address.raw[:max(0, length - 1)])


def _pdf_string(raw: bytes) -> str:
    """A PDF text string: UTF-16 after its byte order mark, else one byte a character."""
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", errors="replace")
    return raw.decode("latin-1")


def code_links(links: list[LinkAnnotation], min_size: float) -> list[LinkAnnotation]:
    """The square links at least a code wide: the drawn QR codes."""
    return [link for link in links
            if abs((link.rect[2] - link.rect[0]) - (link.rect[3] - link.rect[1])) <= 0.5
            and link.rect[2] - link.rect[0] >= min_size - 0.5]


def check_code(decoder, page, link: LinkAnnotation, payloads: dict[str, str], qr: Spec,
               dpi: int, found: PageFindings) -> None:
    """Render one code (with a margin) at ``dpi``, decode it on its own and measure it:
    only the code's square is rendered and searched, not the whole page, and it tells
    which code failed."""
    image = page.render(scale=dpi / 72, crop=_crop(page, link.rect, 2 * MM),
                        grayscale=True, draw_annots=False).to_pil()
    results = decoder.read_barcodes(image, formats=decoder.BarcodeFormat.QRCode)
    if not results or results[0].text != payloads.get(link.url, link.url):
        found.decodes.append(f"p. {link.page + 1}: the code for {link.url} does not decode")
        return
    found.sizes += _measure(results[0], image, dpi, qr, link.page + 1)


def _crop(page, rect: Rect, margin: float) -> Rect:
    """PDFium's crop (left, bottom, right, top, from the media box) to ``rect`` and a margin."""
    left, bottom, right, top = page.get_mediabox()
    x0, y0, x1, y1 = rect
    return (max(0.0, x0 - left - margin), max(0.0, y0 - bottom - margin),
            max(0.0, right - x1 - margin), max(0.0, top - y1 - margin))


def _measure(result, image, dpi: int, qr: Spec, number: int) -> list[str]:
    """What is wrong with a decoded code's modules or quiet zone."""
    corners = [result.position.top_left, result.position.top_right,
               result.position.bottom_left, result.position.bottom_right]
    xs, ys = [p.x for p in corners], [p.y for p in corners]
    modules = len(matrix_rows(result.text, qr.error_correction))
    width_px = max(xs) - min(xs) + 1
    module_mm = width_px / modules * 72 / dpi / MM  # pixels at dpi to points, to mm
    failures = []
    if module_mm < qr.min_module / MM - 0.05:
        failures.append(f"p. {number}: modules of {module_mm:.2f} mm "
                        f"(at least {qr.min_module / MM:.2f} mm)")
    quiet = int(qr.quiet_zone_modules * width_px / modules) - 1
    ring = (min(xs) - quiet, min(ys) - quiet, max(xs) + quiet, max(ys) + quiet)
    if not _ring_is_light(image, ring, (min(xs), min(ys), max(xs), max(ys))):
        failures.append(f"p. {number}: something is drawn in the quiet zone of "
                        f"{result.text[:40]}")
    return failures


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


def safe_zone_failures(page, number: int, codes: list[LinkAnnotation], spec: Spec,
                       qr: Spec, payloads: dict[str, str]) -> list[str]:
    """Text or a code on the page within the safe distance of the trim (cards).

    Text is measured by PDFium's text rectangles (one per run of text on a line), as
    exact as every character's box and a few boxes a line instead of one a character; a
    code by its dark modules, its clickable square less the quiet zone.
    """
    left, bottom, *_ = page.get_trimbox()
    textpage = page.get_textpage()
    boxes = [("text", textpage.get_rect(i)) for i in range(textpage.count_rects())]
    textpage.close()
    boxes += [("a code", _dark_box(link.rect, payloads.get(link.url, link.url), qr))
              for link in codes]
    for what, (x0, y0, x1, y1) in boxes:
        x0, x1, y0, y1 = x0 - left, x1 - left, y0 - bottom, y1 - bottom
        if min(x0, y0, spec.trim.width - x1, spec.trim.height - y1) < spec.safe - 0.5:
            return [f"p. {number}: {what} at {x0 / MM:.1f},{y0 / MM:.1f} mm is inside the "
                    "safe zone"]
    return []


def empty_side_failures(page, number: int, codes: list[LinkAnnotation], spec: Spec
                        ) -> list[str]:
    """A card side with no text and no code between its band and its footer."""
    if codes:
        return []
    _, bottom, _, top = page.get_trimbox()
    floor, ceiling = bottom + spec.content.bottom - 1, top - spec.band.height
    textpage = page.get_textpage()
    try:
        for index in range(textpage.count_rects()):
            _, y0, _, y1 = textpage.get_rect(index)
            if y0 >= floor and y1 <= ceiling:
                return []
    finally:
        textpage.close()
    return [f"p. {number}: nothing but the band and the footer"]


def _dark_box(rect: Rect, payload: str, qr: Spec) -> Rect:
    """The part of a code's square that holds its modules: the square less the quiet zone."""
    x0, y0, x1, y1 = rect
    modules = len(matrix_rows(payload, qr.error_correction))
    quiet = qr.quiet_zone_modules * (x1 - x0) / (modules + 2 * qr.quiet_zone_modules)
    return x0 + quiet, y0 + quiet, x1 - quiet, y1 - quiet
