"""A check's result, and the checks of a print sheet, read with pypdf.

pypdf finds a sheet's fonts and boxes without parsing the imposed pages it draws; a
document's checks (``document.py``) read it with PDFium.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..layout import MM

if TYPE_CHECKING:
    from pypdf import PdfReader


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
