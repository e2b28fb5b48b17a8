"""The ink interpreter of the print checks, on content streams written by hand."""

from __future__ import annotations

import pytest
from pypdf import PageObject, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
)

from inspiratiekaart.pdfio import add_object
from inspiratiekaart.preflight.inks import Findings, Rules, page_findings

RULES = Rules(ink_limit=300, body_fonts=frozenset({"NotoSerif-Regular"}), black_below=9,
              code_rectangles=20)


def font(base: str) -> DictionaryObject:
    return DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                             NameObject("/Subtype"): NameObject("/TrueType"),
                             NameObject("/BaseFont"): NameObject(base)})


def stream(writer: PdfWriter, data: bytes, **entries) -> object:
    result = DecodedStreamObject()
    result.set_data(data)
    result.update({NameObject(key): value for key, value in entries.items()})
    return add_object(writer, result)


def page_with(content: bytes, forms: dict[str, bytes] | None = None,
              spaces: dict[str, object] | None = None) -> PageObject:
    """A page drawing ``content``, with fonts /F1 (body) and /F2 (heading), forms and
    colour spaces by name."""
    writer = PdfWriter()
    page = writer.add_blank_page(400, 600)
    resources = DictionaryObject({NameObject("/Font"): DictionaryObject({
        NameObject("/F1"): font("/AAAAAA+NotoSerif-Regular"),
        NameObject("/F2"): font("/AAAAAA+Lato-Bold")})})
    if forms:
        resources[NameObject("/XObject")] = DictionaryObject({
            NameObject(f"/{name}"): stream(writer, data, **{
                "/Type": NameObject("/XObject"), "/Subtype": NameObject("/Form"),
                "/BBox": ArrayObject([NumberObject(0)] * 2 + [NumberObject(400),
                                                              NumberObject(600)])})
            for name, data in forms.items()})
    if spaces:
        resources[NameObject("/ColorSpace")] = DictionaryObject({
            NameObject(f"/{name}"): space for name, space in spaces.items()})
    page[NameObject("/Resources")] = resources
    page[NameObject("/Contents")] = stream(writer, content)
    return page


def findings(page: PageObject) -> Findings:
    return page_findings(page, RULES, {})


def code(rectangles: int) -> bytes:
    return b"\n".join(b"%d %d 1 1 re" % (i, i) for i in range(rectangles)) + b"\nf"


def test_black_text_and_codes_pass() -> None:
    found = findings(page_with(b"0 0 0 .9 k BT /F1 9.5 Tf (tekst) Tj ET\n"
                               b"0 0 0 1 k " + code(30)))
    assert found == Findings()


def test_rgb_is_found_in_operators_and_in_colour_spaces() -> None:
    icc = DecodedStreamObject()
    icc[NameObject("/N")] = NumberObject(3)
    page = page_with(b"0 0 1 RG 0 0 m 10 10 l S /CS0 cs 1 0 0 sc 0 0 5 5 re f",
                     spaces={"CS0": ArrayObject([NameObject("/ICCBased"), icc])})
    assert findings(page).rgb == {"colour set in RGB (0 0 1 RG)",
                                  "colour space /CS0 is RGB"}


def test_ink_over_the_limit_and_registration_marks() -> None:
    separation = ArrayObject([NameObject("/Separation"), NameObject("/All"),
                              NameObject("/DeviceCMYK"), DictionaryObject()])
    page = page_with(b"1 1 1 .5 k 0 0 5 5 re f\n/All CS 1 SCN 0 0 m 0 10 l S\n"
                     b"1 1 .5 .5 k 0 0 5 5 re f", spaces={"All": separation})
    assert findings(page).ink == {"a fill of 350% ink (C100 M100 Y100 K50)"}


def test_body_text_in_colour_at_any_size_small_text_in_any_font() -> None:
    page = page_with(b"1 .55 0 .2 k BT /F1 24 Tf (groot) Tj ET\n"
                     b"BT /F2 12 Tf (kop) Tj ET\n"
                     b"BT 1 0 0 1 0 0 Tm /F2 12 Tf (kop) Tj ET\n"
                     b"q .5 0 0 .5 0 0 cm BT /F2 12 Tf (klein) Tj ET Q")
    assert findings(page).text == {
        "body text (NotoSerif-Regular 24.0 pt) in C100 M55 Y0 K20",
        "text under 9 pt (Lato-Bold 6.0 pt) in C100 M55 Y0 K20"}


def test_q_and_Q_restore_the_colour() -> None:
    page = page_with(b"0 0 0 1 k q 1 0 0 0 k 0 0 1 1 re f Q BT /F1 9 Tf (zwart) Tj ET")
    assert findings(page).text == set()


def test_a_form_inherits_the_colour_it_is_drawn_in() -> None:
    page = page_with(b"q 1 .55 0 .2 k /Fm0 Do Q /Fm0 Do",
                     forms={"Fm0": b"BT /F1 9.5 Tf (geerfd) Tj ET"})
    assert findings(page).text == {"body text (NotoSerif-Regular 9.5 pt) in C100 M55 Y0 K20"}


@pytest.mark.parametrize(("rectangles", "found"), [(19, set()), (20, {
    "a code (20 rectangles) in C100 M0 Y0 K100"})])
def test_a_path_of_many_rectangles_is_a_code(rectangles: int, found: set[str]) -> None:
    assert findings(page_with(b"1 0 0 1 k " + code(rectangles))).codes == found


def test_strings_that_read_like_operators_are_text() -> None:
    page = page_with(b"0 0 0 1 k BT /F1 9.5 Tf (0 0 1 rg \\) 1 0 0 0 k) Tj ET")
    assert findings(page) == Findings()
