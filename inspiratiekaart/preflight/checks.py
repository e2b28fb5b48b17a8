"""A check's result, and the checks of a print file, read with pypdf.

pypdf finds a sheet's fonts and boxes without parsing the imposed pages it draws, and
reads its PDF/X keys, output intent and inks (``inks.py``); a document's checks
(``document.py``) read it with PDFium.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..layout import MM, Spec

if TYPE_CHECKING:
    from pypdf import PdfReader

    from .inks import FormCache, Rules


@dataclass
class Check:
    """One check on one file: passed, failed (with where), or skipped (with why)."""

    name: str
    failures: list[str] = field(default_factory=list)
    skipped: str | None = None
    warning: str | None = None
    note: str | None = None
    """What the check counted, for the table (not a warning)."""
    details: dict | None = None
    """What it found in full, for preflight.json."""

    @property
    def status(self) -> str:
        if self.skipped is not None:
            return "skipped"
        if self.failures:
            return "failed"
        return "warning" if self.warning else "ok"


def fonts_embedded(reader: PdfReader) -> Check:
    """Every font in the resources of a page (or of a form it draws) is embedded."""
    from ..pdfio import resource_fonts

    check = Check("fonts embedded")
    forms: dict = {}
    embedded: dict = {}
    for number, page in enumerate(reader.pages, 1):
        fonts = resource_fonts(page.get("/Resources"), forms)
        missing = {name for key, (name, font) in fonts.items()
                   if not embedded.setdefault(key, _is_embedded(font))}
        check.failures += [f"p. {number}: {name} not embedded" for name in sorted(missing)]
    return check


def _is_embedded(font) -> bool:
    descendants = font.get("/DescendantFonts")
    target = descendants[0].get_object() if descendants else font
    descriptor = target.get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor else {}
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def page_boxes(reader: PdfReader, min_bleed: float | None) -> Check:
    """TrimBox and BleedBox on every page, nested within the MediaBox; with ``min_bleed``,
    a bleed at least that wide on every side of the trim."""
    check = Check("page boxes" + (" (trim, bleed)" if min_bleed else " (trim)"))
    for number, page in enumerate(reader.pages, 1):
        missing = [box for box in ("/TrimBox", "/BleedBox") if box not in page]
        if missing:
            check.failures.append(f"p. {number}: no {' and no '.join(missing)}")
            continue
        trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
        sides = _margins(bleed, trim)
        if min(sides) < -0.01 or min(_margins(media, bleed)) < -0.01:
            check.failures.append(f"p. {number}: TrimBox, BleedBox and MediaBox do not nest")
        elif min_bleed and min(sides) < min_bleed - 0.05:
            check.failures.append(f"p. {number}: bleed {min(sides) / MM:.1f} mm, less than "
                                  f"{min_bleed / MM:.0f} mm on a side")
    return check


def _margins(outer, inner) -> tuple[float, float, float, float]:
    """How far ``outer`` reaches beyond ``inner`` on the left, bottom, right and top."""
    return (float(inner.left) - float(outer.left), float(inner.bottom) - float(outer.bottom),
            float(outer.right) - float(inner.right), float(outer.top) - float(inner.top))


def pdfx_identification(reader: PdfReader) -> Check:
    """PDF 1.6 or later, a file identifier, and PDF/X-4 named in the document information
    and in the XMP metadata, which agree on the title and the dates."""
    from ..impose.pdfx import PDFX_VERSION

    check = Check("PDF/X-4 identification")
    version = reader.pdf_header.removeprefix("%PDF-")
    if not _at_least(version, (1, 6)):
        check.failures.append(f"PDF {version}: PDF/X-4 needs 1.6 or later")
    identifier = reader.trailer.get("/ID")
    if identifier is None or len(identifier) != 2:
        check.failures.append("no file identifier (/ID)")
    info = reader.metadata or {}
    if str(info.get("/GTS_PDFXVersion", "")) != PDFX_VERSION:
        check.failures.append(f"document information: GTS_PDFXVersion is not {PDFX_VERSION}")
    if info.get("/Trapped") not in ("/False", "/True"):
        check.failures.append("document information: Trapped is not /False or /True")
    for key in ("/Title", "/CreationDate", "/ModDate"):
        if not str(info.get(key) or ""):
            check.failures.append(f"document information: no {key[1:]}")
    check.failures += _xmp_failures(reader, str(info.get("/Title") or ""), PDFX_VERSION)
    return check


def _at_least(version: str, least: tuple[int, int]) -> bool:
    try:
        major, minor = (int(part) for part in version.split(".")[:2])
    except ValueError:
        return False
    return (major, minor) >= least


XMP = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
       "dc": "http://purl.org/dc/elements/1.1/", "xmp": "http://ns.adobe.com/xap/1.0/",
       "pdfxid": "http://www.npes.org/pdfx/ns/id/"}


def _xmp_failures(reader: PdfReader, title: str, version: str) -> list[str]:
    """What the XMP metadata lacks: the PDF/X version, the title, the dates."""
    from xml.etree import ElementTree

    metadata = reader.root_object.get("/Metadata")
    if metadata is None:
        return ["no XMP metadata"]
    try:
        root = ElementTree.fromstring(metadata.get_object().get_data())
    except ElementTree.ParseError as error:
        return [f"XMP metadata does not parse ({error})"]
    failures = []
    found = {name: [element.text or "" for element in root.iter(f"{{{XMP[prefix]}}}{local}")]
             for name, (prefix, local) in {"version": ("pdfxid", "GTS_PDFXVersion"),
                                           "created": ("xmp", "CreateDate"),
                                           "modified": ("xmp", "ModifyDate")}.items()}
    if found["version"] != [version]:
        failures.append(f"XMP: pdfxid:GTS_PDFXVersion is not {version}")
    titles = [li.text or "" for element in root.iter(f"{{{XMP['dc']}}}title")
              for li in element.iter(f"{{{XMP['rdf']}}}li")]
    if titles != [title]:
        failures.append(f"XMP: dc:title {titles[:1]} is not the document's title {title!r}")
    failures += [f"XMP: no xmp:{name}" for name, key in (("CreateDate", "created"),
                                                          ("ModifyDate", "modified"))
                 if not found[key]]
    return failures


def output_intent(reader: PdfReader) -> Check:
    """One PDF/X output intent, with a condition identifier and an embedded CMYK output
    profile of 4 components."""
    from ..layout.settings import icc_problems

    check = Check("output intent (CMYK profile)")
    intents = [intent.get_object() for intent in
               reader.root_object.get("/OutputIntents", [])]
    pdfx = [intent for intent in intents if intent.get("/S") == "/GTS_PDFX"]
    if len(pdfx) != 1:
        check.failures.append(f"{len(pdfx)} PDF/X output intents, not one")
        return check
    intent = pdfx[0]
    if not str(intent.get("/OutputConditionIdentifier") or ""):
        check.failures.append("no OutputConditionIdentifier")
    profile = intent.get("/DestOutputProfile")
    if profile is None:
        check.failures.append("no embedded output profile (DestOutputProfile)")
        return check
    profile = profile.get_object()
    if profile.get("/N") != 4:
        check.failures.append(f"the profile has /N {profile.get('/N')}, not 4")
    check.failures += [f"the profile: {why}" for why in icc_problems(profile.get_data())]
    return check


def ink_checks(reader: PdfReader, press: Spec, scale: float = 1.0,
               forms: FormCache | None = None) -> list[Check]:
    """RGB anywhere, ink over the limit, body and small text and codes not in black ink
    alone, thin lines not in one solid ink: the press's rules of ``layouts/press.yaml``, on
    every page and form. On a sheet whose pages are set at ``scale``, text is small and a
    line thin by its size on the page. ``forms``,
    given one for all of a job's print files, reads a form they share once."""
    from .inks import page_findings

    rules = press_rules(press, scale)
    checks = {"rgb": Check("CMYK only (no RGB in content, images, annotations)"),
              "ink": Check(f"total ink at most {rules.ink_limit:g}%"),
              "text": Check("body and small text in black ink alone"),
              "codes": Check("QR codes in black ink alone"),
              "lines": Check(f"lines under {rules.solid_below / scale:g} pt in one ink at "
                             "100%")}
    forms = {} if forms is None else forms
    for number, page in enumerate(reader.pages, 1):
        found = page_findings(page, rules, forms)
        for name, check in checks.items():
            check.failures += [f"p. {number}: {what}" for what in sorted(getattr(found, name))]
    return list(checks.values())


def press_rules(press: Spec, scale: float = 1.0) -> Rules:
    """The rules of ``layouts/press.yaml``, with the body families' PostScript names."""
    from reportlab.pdfbase import pdfmetrics

    from ..render.fonts import font_for
    from .inks import Rules

    names = {pdfmetrics.getFont(font_for(family, bold, italic)).face.name
             for family in press.black_text.families
             for bold in (False, True) for italic in (False, True)}
    return Rules(float(press.ink_limit),
                 frozenset(name.decode() if isinstance(name, bytes) else name for name in names),
                 press.black_text.below * scale, int(press.code_rectangles),
                 press.solid_lines_below * scale)
