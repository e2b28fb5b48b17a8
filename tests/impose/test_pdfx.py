"""PDF/X-4 finishing: every print file read back carries its output intent, CMYK profile,
PDF/X keys, boxes, and no RGB; a shop's own profile replaces the default one."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from inspiratiekaart.content.problems import ContentError
from inspiratiekaart.impose.pdfx import PrintFile, finish_pdfx, output_intent
from inspiratiekaart.render.metadata import PRODUCER

from .sources import MM, TRIM

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PROFILE = ROOT / "profiles" / "coated-fogra39-argyll.icc"
NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
      "dc": "http://purl.org/dc/elements/1.1/", "xmp": "http://ns.adobe.com/xap/1.0/",
      "pdf": "http://ns.adobe.com/pdf/1.3/", "pdfx": "http://ns.adobe.com/pdfx/1.3/",
      "pdfxid": "http://www.npes.org/pdfx/ns/id/"}
STRING = re.compile(rb"\((?:[^\\()]|\\.)*\)|<[0-9A-Fa-f\s]*>")
RGB_OPERATOR = re.compile(rb"(?<![^\s\]>)])(?:rg|RG)(?![^\s/\[<(%])")


def print_files(folder: Path) -> list[Path]:
    return sorted((folder / "print").glob("*.pdf"))


def source_pdf(title: str = "Proef", author: str = "") -> bytes:
    """A trimmed CMYK page with a link on it and no BleedBox."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=TRIM, invariant=1)
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setTrimBox((0, 0, *TRIM))
    canvas.setFillColorCMYK(0.5, 0, 0, 0)
    canvas.rect(20, 20, 100, 100, fill=1, stroke=0)
    canvas.linkURL("https://example.org/", (20, 20, 120, 120))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def xmp_of(reader: PdfReader) -> ElementTree.Element:
    return ElementTree.fromstring(reader.root_object["/Metadata"].get_object().get_data())


def xmp_texts(root: ElementTree.Element, prefix: str, name: str) -> list[str]:
    return [element.text or "" for element in root.iter(f"{{{NS[prefix]}}}{name}")]


def content_streams(reader: PdfReader) -> list[bytes]:
    """Every page's content and every form's, decoded, each form once."""
    found: list[bytes] = []
    seen: set[int] = set()

    def walk(resources) -> None:
        if resources is None:
            return
        for reference in resources.get_object().get("/XObject", {}).values():
            xobject = reference.get_object()
            if reference.idnum in seen or xobject.get("/Subtype") != "/Form":
                continue
            seen.add(reference.idnum)
            found.append(xobject.get_data())
            walk(xobject.get("/Resources"))

    for page in reader.pages:
        found.append(page.get_contents().get_data())
        walk(page.get("/Resources"))
    return found


# the finishing on its own ---------------------------------------------------------------

@pytest.fixture(scope="module")
def finished() -> PdfReader:
    """A print file finished without ``SOURCE_DATE_EPOCH``, whatever the shell running the
    tests exports (a developer who builds reproducibly may have it set)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        pdf = finish_pdfx(PrintFile.read(source_pdf()), output_intent(), "fallback")
    return PdfReader(io.BytesIO(pdf))


def test_header_identifier_and_information(finished: PdfReader) -> None:
    assert finished.pdf_header == "%PDF-1.6"
    assert len(finished.trailer["/ID"]) == 2
    info = finished.metadata
    assert info["/GTS_PDFXVersion"] == "PDF/X-4"
    assert info["/Trapped"] == "/False"
    assert info.title == "Proef"
    assert info["/CreationDate"] == info["/ModDate"] == "D:20000101000000+00'00'"


def test_output_intent_embeds_the_default_profile(finished: PdfReader) -> None:
    intent, = finished.root_object["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/S"] == "/GTS_PDFX"
    assert intent["/OutputConditionIdentifier"] == "FOGRA39"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 4
    assert profile.get_data() == DEFAULT_PROFILE.read_bytes()
    assert profile.get_data()[16:20] == b"CMYK"


def test_xmp_says_what_the_information_says(finished: PdfReader) -> None:
    root = xmp_of(finished)
    assert xmp_texts(root, "pdfxid", "GTS_PDFXVersion") == ["PDF/X-4"]
    assert xmp_texts(root, "pdfx", "GTS_PDFXVersion") == ["PDF/X-4"]
    assert xmp_texts(root, "pdf", "Trapped") == ["False"]
    assert xmp_texts(root, "xmp", "CreateDate") == ["2000-01-01T00:00:00+00:00"]
    title, = root.iter(f"{{{NS['dc']}}}title")
    assert [li.text for li in title.iter(f"{{{NS['rdf']}}}li")] == ["Proef"]
    metadata = finished.root_object["/Metadata"].get_object()
    assert metadata["/Subtype"] == "/XML" and "/Filter" not in metadata


def test_what_the_source_says_of_itself_is_said_alike_in_both_places() -> None:
    reader = PdfReader(io.BytesIO(finish_pdfx(PrintFile.read(source_pdf(author="Uitgever")),
                                              output_intent(), "x")))
    info, root = reader.metadata, xmp_of(reader)
    creator, = root.iter(f"{{{NS['dc']}}}creator")
    assert [li.text for li in creator.iter(f"{{{NS['rdf']}}}li")] == [info["/Author"]]
    assert info["/Author"] == "Uitgever"
    assert xmp_texts(root, "pdf", "Producer") == [info["/Producer"]] == [PRODUCER]


def test_links_go_and_the_bleed_box_is_the_trim(finished: PdfReader) -> None:
    source = PdfReader(io.BytesIO(source_pdf())).pages[0]
    assert len(source["/Annots"]) == 1 and "/BleedBox" not in source
    page = finished.pages[0]
    assert "/Annots" not in page
    assert list(page.bleedbox) == list(page.trimbox)


def test_dates_from_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    reader = PdfReader(io.BytesIO(finish_pdfx(PrintFile.read(source_pdf()), output_intent(), "x")))
    assert reader.metadata["/CreationDate"] == "D:20231114221320+00'00'"
    assert xmp_texts(xmp_of(reader), "xmp", "ModifyDate") == ["2023-11-14T22:13:20+00:00"]


def test_same_input_same_bytes_and_the_identifier_follows_the_content() -> None:
    intent = output_intent()
    first, again = (finish_pdfx(PrintFile.read(source_pdf()), intent, "x") for _ in range(2))
    other = finish_pdfx(PrintFile.read(source_pdf("Andere titel")), intent, "x")
    assert first == again
    assert PdfReader(io.BytesIO(first)).trailer["/ID"] != \
        PdfReader(io.BytesIO(other)).trailer["/ID"]


def test_title_comes_from_the_name_when_the_file_has_none() -> None:
    reader = PdfReader(io.BytesIO(finish_pdfx(PrintFile.read(source_pdf("")),
                                              output_intent(), "cards-press")))
    assert reader.metadata.title == "cards-press"
    title, = xmp_of(reader).iter(f"{{{NS['dc']}}}title")
    assert [li.text for li in title.iter(f"{{{NS['rdf']}}}li")] == ["cards-press"]


@pytest.mark.parametrize(("change", "expected"), [
    (lambda data: data[:16] + b"RGB " + data[20:], "colour space is 'RGB', not CMYK"),
    (lambda data: data[:12] + b"mntr" + data[16:], "device class is 'mntr'"),
    (lambda data: b"not a profile at all", "not an ICC profile"),
])
def test_a_profile_that_is_not_cmyk_output_is_refused(tmp_path: Path, change,
                                                      expected: str) -> None:
    profile = tmp_path / "shop.icc"
    profile.write_bytes(change(DEFAULT_PROFILE.read_bytes()))
    with pytest.raises(ContentError) as raised:
        output_intent(profile, "FOGRA51")
    message = "\n".join(str(problem) for problem in raised.value.problems)
    assert str(profile) in message and expected in message and "--output-profile" in message


# every print file of a build ------------------------------------------------------------

def test_every_print_file_is_pdfx4_with_a_cmyk_output_intent(built: Path) -> None:
    files = print_files(built)
    assert {path.name for path in files} >= {
        "cards-press.pdf", "cards-a4-duplex.pdf", "cards-duplex-alignment.pdf",
        *(f"booklet-{sector}-{kind}.pdf" for sector in ("po", "vo", "go", "mbo")
          for kind in ("press", "saddle"))}
    for path in files:
        reader = PdfReader(path)
        assert reader.pdf_header == "%PDF-1.6", path.name
        intents = [intent.get_object() for intent in reader.root_object["/OutputIntents"]]
        assert [intent["/S"] for intent in intents] == ["/GTS_PDFX"], path.name
        assert intents[0]["/OutputConditionIdentifier"] == "FOGRA39"
        profile = intents[0]["/DestOutputProfile"].get_object()
        assert profile["/N"] == 4
        assert profile.get_data()[16:20] == b"CMYK", path.name  # the ICC header's colour space
        info = reader.metadata
        assert info["/GTS_PDFXVersion"] == "PDF/X-4" and info["/Trapped"] == "/False"
        root = xmp_of(reader)
        assert xmp_texts(root, "pdfxid", "GTS_PDFXVersion") == ["PDF/X-4"], path.name
        title, = root.iter(f"{{{NS['dc']}}}title")
        assert [li.text for li in title.iter(f"{{{NS['rdf']}}}li")] == [info.title]


def test_every_page_of_every_print_file_has_trim_and_bleed_boxes(built: Path) -> None:
    for path in print_files(built):
        for number, page in enumerate(PdfReader(path).pages, 1):
            assert "/TrimBox" in page and "/BleedBox" in page, f"{path.name} p. {number}"
            trim, bleed = page.trimbox, page.bleedbox
            assert bleed.left <= trim.left and bleed.bottom <= trim.bottom
            assert bleed.right >= trim.right and bleed.top >= trim.top
            if path.name.endswith("press.pdf"):
                assert float(trim.left - bleed.left) == pytest.approx(3 * MM, abs=0.01)


def test_no_content_stream_of_a_print_file_uses_rgb(built: Path) -> None:
    for path in print_files(built):
        reader = PdfReader(path)
        assert b"/DeviceRGB" not in path.read_bytes(), path.name
        for data in content_streams(reader):
            operators = STRING.sub(b"()", data)
            assert not RGB_OPERATOR.search(operators), path.name
            assert b"DeviceRGB" not in operators, path.name
        for page in reader.pages:
            assert "/Annots" not in page


def test_the_check_for_rgb_sees_reportlab_defaults() -> None:
    """The read-back above would have found the deck's old default black."""
    assert RGB_OPERATOR.search(b"q\n0 0 0 rg\nBT (zorg) Tj ET")
    assert not RGB_OPERATOR.search(STRING.sub(b"()", b"BT (zorg rg) Tj ET 0 0 0 1 k"))


# a shop's own profile --------------------------------------------------------------------

def test_a_shops_profile_and_condition_from_the_command_line(tmp_path: Path) -> None:
    shop = tmp_path / "pso-coated-v3.icc"
    data = bytearray(DEFAULT_PROFILE.read_bytes())
    tag = data.index(b"Derived from")
    data[tag:tag + 12] = b"Shop profile"  # another profile of the same size: told apart
    shop.write_bytes(bytes(data))
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "cards", "-q", "--out", str(out),
         "--output-profile", str(shop), "--output-condition", "FOGRA51"],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    for path in print_files(out):
        intent = PdfReader(path).root_object["/OutputIntents"][0].get_object()
        assert intent["/OutputConditionIdentifier"] == "FOGRA51"
        assert intent["/DestOutputProfile"].get_object().get_data() == bytes(data)


def test_a_bad_profile_on_the_command_line_is_exit_2(tmp_path: Path) -> None:
    shop = tmp_path / "shop.icc"
    shutil.copyfile(DEFAULT_PROFILE, shop)
    data = bytearray(shop.read_bytes())
    data[16:20] = b"RGB "
    shop.write_bytes(bytes(data))
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "cards", "--out", str(tmp_path / "out"),
         "--output-profile", str(shop), "--output-condition", "FOGRA51"],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{shop}: --output-profile: its colour space is 'RGB', not CMYK" in result.stderr
    assert not (tmp_path / "out" / "print").exists()


def test_profile_and_condition_go_together(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "cards", "--out", str(tmp_path),
         "--output-profile", str(DEFAULT_PROFILE)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "--output-profile FILE and --output-condition NAME go together" in result.stderr


def reachable(reader: PdfReader) -> set[int]:
    """The numbers of the objects the file's trailer leads to."""
    found: set[int] = set()
    stack: list[object] = [reader.trailer]
    while stack:
        item = stack.pop()
        if hasattr(item, "idnum"):
            if item.idnum in found:
                continue
            found.add(item.idnum)
            item = item.get_object()
        if isinstance(item, dict):
            stack += list(item.values())
        elif isinstance(item, list):
            stack += list(item)
    return found


def test_a_finished_file_holds_no_object_nothing_refers_to() -> None:
    reader = PdfReader(io.BytesIO(finish_pdfx(PrintFile.read(source_pdf()), output_intent(),
                                              "x")))
    written = {number for number, _ in reader.xref[0].items()}  # generation 0: all of them
    assert written and written <= reachable(reader)  # the link's annotation went with it
