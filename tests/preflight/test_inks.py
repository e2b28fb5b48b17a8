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
              code_rectangles=20, solid_below=0.5)


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


def test_a_thin_line_is_one_ink_at_full_strength_by_its_width_on_the_page() -> None:
    separation = ArrayObject([NameObject("/Separation"), NameObject("/All"),
                              NameObject("/DeviceCMYK"), DictionaryObject()])
    page = page_with(b"0 0 0 .25 K .3 w 0 0 m 0 10 l S\n"      # a light grey hairline
                     b"0 0 0 1 K .3 w 0 0 m 0 10 l S\n"        # solid black: fine
                     b"1 0 0 0 K .3 w 0 0 m 0 10 l S\n"        # solid cyan: fine
                     b"0 0 0 .4 K .5 w 0 0 m 0 10 l S\n"       # at the limit: fine
                     b"q .5 0 0 .5 0 0 cm 0 0 0 .4 K .8 w 0 0 m 0 10 l S Q\n"  # 0.4 pt
                     b"1 .55 0 .2 K 0 w 0 0 m 0 10 l S\n"      # thinnest, four inks
                     b"/All CS 1 SCN .25 w 0 0 m 0 10 l S",     # printer's marks
                     spaces={"All": separation})
    assert findings(page).lines == {"a line of 0.30 pt in C0 M0 Y0 K25",
                                    "a line of 0.40 pt in C0 M0 Y0 K40",
                                    "a line of 0.00 pt in C100 M55 Y0 K20"}


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


def page_drawing(form: bytes, resources: DictionaryObject, inner: bytes = b"") -> PageObject:
    """A page of a file of its own drawing the form ``form`` with ``resources``; given
    ``inner``, ``form`` draws a form /Fm1 of ``inner``, which has the resources instead."""
    writer = PdfWriter()
    page = writer.add_blank_page(400, 600)
    form_entries = {"/Type": NameObject("/XObject"), "/Subtype": NameObject("/Form"),
                    "/BBox": ArrayObject([NumberObject(n) for n in (0, 0, 400, 600)])}
    if inner:
        resources = DictionaryObject({NameObject("/XObject"): DictionaryObject({
            NameObject("/Fm1"): stream(writer, inner, **form_entries,
                                       **{"/Resources": resources})})})
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/XObject"): DictionaryObject({NameObject("/Fm0"): stream(
            writer, form, **form_entries, **{"/Resources": resources})})})
    page[NameObject("/Contents")] = stream(writer, b"1 .55 0 .2 k /Fm0 Do")
    return page


def fonts(base: str) -> DictionaryObject:
    return DictionaryObject({NameObject("/Font"): DictionaryObject({
        NameObject("/F1"): font(base)})})


def spaces(space: str) -> DictionaryObject:
    return DictionaryObject({NameObject("/ColorSpace"): DictionaryObject({
        NameObject("/CS0"): NameObject(space)})})


BLUE_TEXT = b"BT /F1 9.5 Tf (tekst) Tj ET"
BLUE_BODY = {"body text (NotoSerif-Regular 9.5 pt) in C100 M55 Y0 K20"}


def test_the_same_form_in_two_files_is_read_once() -> None:
    forms: dict = {}
    first = page_findings(page_drawing(BLUE_TEXT, fonts("/AAAAAA+NotoSerif-Regular")),
                          RULES, forms)
    read = len(forms)
    second = page_findings(page_drawing(BLUE_TEXT, fonts("/AAAAAA+NotoSerif-Regular")),
                           RULES, forms)
    assert first.text == second.text == BLUE_BODY
    assert len(forms) == read == 1


@pytest.mark.parametrize(("first", "then", "found"), [
    ("/AAAAAA+Lato-Bold", "/AAAAAA+NotoSerif-Regular", BLUE_BODY),
    ("/AAAAAA+NotoSerif-Regular", "/AAAAAA+Lato-Bold", set())])
def test_equal_bytes_with_another_font_are_read_again(first: str, then: str, found) -> None:
    forms: dict = {}
    page_findings(page_drawing(BLUE_TEXT, fonts(first)), RULES, forms)
    assert page_findings(page_drawing(BLUE_TEXT, fonts(then)), RULES, forms).text == found


@pytest.mark.parametrize(("space", "found"), [
    ("/DeviceRGB", {"colour space /CS0 is RGB"}), ("/DeviceCMYK", set())])
def test_equal_bytes_in_another_colour_space_are_read_again(space: str, found) -> None:
    forms: dict = {}
    content = b"/CS0 cs 0 0 0 1 sc 0 0 5 5 re f"
    first = {"/DeviceRGB": "/DeviceCMYK", "/DeviceCMYK": "/DeviceRGB"}[space]
    page_findings(page_drawing(content, spaces(first)), RULES, forms)
    assert page_findings(page_drawing(content, spaces(space)), RULES, forms).rgb == found


def test_a_nested_form_with_other_resources_makes_its_outer_form_read_again() -> None:
    forms: dict = {}
    body, heading = (page_drawing(b"/Fm1 Do", fonts(base), inner=BLUE_TEXT)
                     for base in ("/AAAAAA+NotoSerif-Regular", "/AAAAAA+Lato-Bold"))
    assert page_findings(body, RULES, forms).text == BLUE_BODY
    assert page_findings(heading, RULES, forms).text == set()
