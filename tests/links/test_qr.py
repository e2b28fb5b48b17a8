"""QR codes: size limits, a drawn code decodes, it is vector, its quiet zone, the cache."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
import qrcode
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.pdfgen.canvas import Canvas

from inspiratiekaart.content.loader import load_publication
from inspiratiekaart.layout import MM, Spec
from inspiratiekaart.links import qr, qrcache
from inspiratiekaart.links.qr import (
    QrSymbol,
    QrTooLarge,
    dark_path,
    draw_symbol,
    make_symbol,
    matrix_rows,
    qr_spec,
)
from inspiratiekaart.links.registry import build_registry
from tests.conftest import CONTENT
from tests.pdfcheck import decode_page, render

SHORT = "https://www.welbevindenopschool.nl/"
LONGEST = max((entry.url for entry in build_registry(load_publication(CONTENT))), key=len)
TOO_LONG = "https://www.example.org/" + "abcdefghij" * 80
ORIGIN = (10.3 * MM, 12.7 * MM)
"""Where the code goes on the test page: deliberately off the pixel grid."""


def required_size(payload: str) -> float:
    """The printed size ``payload``'s code needs, even over the layout's largest."""
    return make_symbol(payload, Spec({**qr_spec(), "max_size": math.inf})).size


def one_page(path: Path, symbol: QrSymbol, background: bool = False) -> Path:
    """A PDF page with ``symbol`` at ORIGIN, optionally on a black page."""
    side = symbol.size + 2 * ORIGIN[0] + 5 * MM
    canvas = Canvas(str(path), pagesize=(side, side))
    if background:
        canvas.setFillColorCMYK(0, 0, 0, 1)
        canvas.rect(0, 0, side, side, stroke=0, fill=1)
    draw_symbol(canvas, symbol, *ORIGIN)
    canvas.showPage()
    canvas.save()
    return path


def test_short_payload_gets_the_minimum_size():
    symbol = make_symbol(SHORT)
    assert symbol.size == pytest.approx(18 * MM)
    assert symbol.module >= 0.4 * MM
    assert symbol.quiet == 4


def test_longer_payloads_get_larger_codes_with_minimum_modules():
    payloads = [SHORT, SHORT + "a" * 60, LONGEST, SHORT + "a" * 300, SHORT + "a" * 450]
    symbols = [make_symbol(p) for p in payloads]
    sizes = [s.size for s in symbols]
    assert sizes == sorted(sizes)
    assert sizes[-1] > sizes[2] > sizes[0]
    for symbol in symbols:
        assert symbol.size >= 18 * MM - 1e-6
        assert symbol.module >= 0.4 * MM - 1e-9
        assert symbol.size == pytest.approx(required_size(symbol.payload))
    for symbol in symbols[2:]:
        assert symbol.module == pytest.approx(0.4 * MM)


def test_too_large_is_refused_naming_the_size_needed():
    needed = required_size(TOO_LONG)
    assert needed > 40 * MM
    with pytest.raises(QrTooLarge) as raised:
        make_symbol(TOO_LONG)
    message = str(raised.value)
    assert f"{needed / MM:.1f} mm" in message
    assert "40 mm" in message
    assert str(len(TOO_LONG)) in message


def test_max_size_is_inclusive():
    needed = required_size(LONGEST)
    assert make_symbol(LONGEST, Spec({**qr_spec(), "max_size": needed})).size == needed
    with pytest.raises(QrTooLarge):
        make_symbol(LONGEST, Spec({**qr_spec(), "max_size": needed - 0.5 * MM}))


@pytest.mark.parametrize("payload", [SHORT, LONGEST], ids=["short", "longest"])
def test_drawn_code_decodes_to_its_payload(payload, tmp_path):
    pdf = one_page(tmp_path / "code.pdf", make_symbol(payload))
    assert [found.text for found in decode_page(pdf, 0, dpi=150)] == [payload]


def test_drawn_code_is_vector_and_one_path(tmp_path):
    symbol = make_symbol(LONGEST)
    reader = PdfReader(one_page(tmp_path / "code.pdf", symbol))
    page = reader.pages[0]
    xobjects = page["/Resources"].get("/XObject")
    assert not xobjects or not [x for x in xobjects.values()
                                if x.get_object().get("/Subtype") == "/Image"]
    operators = [op for _, op in ContentStream(page.get_contents(), reader).operations]
    fills = [op for op in operators if op in (b"f", b"f*", b"F", b"B", b"B*")]
    assert len(fills) == 2  # the white quiet zone, then all dark modules at once
    rectangles = len(dark_path(symbol.rows, symbol.quiet).splitlines())
    assert operators.count(b"re") == 1 + rectangles


def test_quiet_zone_is_white_even_on_a_dark_page(tmp_path):
    symbol = make_symbol(LONGEST)
    dpi = 300
    image = render(one_page(tmp_path / "code.pdf", symbol, background=True), 0, dpi)
    scale = dpi / 72
    left = ORIGIN[0] * scale
    top = image.height - (ORIGIN[1] + symbol.size) * scale
    outer, inner = symbol.size * scale, symbol.quiet * symbol.module * scale
    pixels = image.load()

    def in_ring(start: int, end: float) -> bool:
        """The pixel at ``start`` lies in the border band, a pixel away from its edges."""
        return start + 2 <= end - outer + inner or start >= end - inner + 1

    ring = [pixels[x, y]
            for y in range(math.ceil(top) + 1, math.floor(top + outer) - 1)
            for x in range(math.ceil(left) + 1, math.floor(left + outer) - 1)
            if in_ring(x, left + outer) or in_ring(y, top + outer)]
    assert len(ring) > 4 * (outer - 4) * (inner - 4)
    assert min(ring) == 255
    assert pixels[int(left) - 2, int(top) + 10] < 64  # the page around it is dark


@pytest.fixture
def cache(cache: Path) -> Path:
    """An empty build cache, and nothing learnt in memory by an earlier test."""
    qrcache.MATRICES.take_learnt()
    return cache


def fresh_rows(monkeypatch: pytest.MonkeyPatch, payload: str) -> tuple[str, ...]:
    """The matrix built by qrcode with the cache off."""
    with monkeypatch.context() as patch:
        patch.setenv("INSPIRATIEKAART_CACHE", "")
        return matrix_rows(payload, "M")


def refuse_to_build(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the matrix should come from the cache")

    monkeypatch.setattr(qrcode, "QRCode", refuse)


def cached_file(cache: Path) -> Path:
    return cache / "qr" / "matrices.json"


def test_the_cache_returns_the_same_matrix(cache, monkeypatch):
    expected = fresh_rows(monkeypatch, LONGEST)
    qr.prepare_matrices([LONGEST], "M", jobs=1)
    assert qrcache.MATRICES.read() == {f"M {LONGEST}": list(expected)}
    qrcache.MATRICES.forget()  # read the file again
    refuse_to_build(monkeypatch)
    assert matrix_rows(LONGEST, "M") == expected


@pytest.mark.parametrize("damage", [
    b"", b"\xff\xfe\x00garbage", "truncate", "wrong digit", "not square", "other qrcode",
    "unknown level"])
def test_a_damaged_cache_file_is_ignored_and_written_again(cache, monkeypatch, damage):
    expected = fresh_rows(monkeypatch, LONGEST)
    qr.prepare_matrices([LONGEST], "M", jobs=1)
    path = cached_file(cache)
    good = path.read_bytes()
    if damage == "truncate":
        damage = good[: len(good) // 2]
    elif damage == "wrong digit":
        damage = good.replace(b"1", b"7", 1)
    elif damage == "not square":  # a matrix short of a row, with a checksum that fits
        damage = qrcache.MATRICES.encode({f"M {LONGEST}": list(expected[:-1])})
    elif damage == "other qrcode":
        damage = good.replace(f"qrcode {qrcache.QRCODE_VERSION}".encode(), b"qrcode 0.1")
    elif damage == "unknown level":  # a level the layouts' schema does not know
        damage = qrcache.MATRICES.encode({f"X {LONGEST}": list(expected)})
    path.write_bytes(damage)
    qrcache.MATRICES.forget()  # read the file again
    assert qrcache.get(LONGEST, "M") is None
    qr.prepare_matrices([LONGEST], "M", jobs=1)
    assert matrix_rows(LONGEST, "M") == expected
    assert path.read_bytes() == good  # rebuilt and written again


def test_the_source_is_the_installed_qrcode():
    from importlib.metadata import version

    assert qrcache.MATRICES.source == f"qrcode {version('qrcode')}"


@pytest.mark.parametrize("payload", [SHORT, LONGEST, "https://e.org/" + "x" * 120])
def test_the_dark_path_covers_exactly_the_dark_modules(payload):
    rows = matrix_rows(payload, "M")
    painted = [[0] * len(rows) for _ in rows]
    top = len(rows) + 4
    for line in dark_path(rows, 4).splitlines():
        x, y, width, height = (int(number) for number in line.split()[:4])
        for row in range(top - y - height, top - y):
            for column in range(x - 4, x - 4 + width):
                painted[row][column] += 1
    assert ["".join(str(count) for count in row) for row in painted] == list(rows)
    assert len(dark_path(rows, 4).splitlines()) < sum(len(re.findall("1+", r)) for r in rows)


def test_cache_can_be_turned_off(monkeypatch, tmp_path):
    monkeypatch.setenv("INSPIRATIEKAART_CACHE", "")
    monkeypatch.chdir(tmp_path)
    assert qrcache.MATRICES.file() is None
    qr.prepare_matrices([SHORT], "M", jobs=1)
    assert matrix_rows(SHORT, "M")
    assert not list(tmp_path.rglob("*"))


def test_missing_matrices_are_built_in_parallel_into_the_cache(cache, monkeypatch):
    payloads = [f"https://www.example.org/pagina-{number}" for number in range(12)]
    expected = {payload: fresh_rows(monkeypatch, payload) for payload in payloads}
    beyond_qr = "https://www.example.org/" + "x" * 4000  # more than any QR code holds
    qr.prepare_matrices([*payloads, beyond_qr], "M", jobs=2)
    assert qrcache.MATRICES.read() == {f"M {p}": list(rows) for p, rows in expected.items()}
    qrcache.MATRICES.forget()  # read the file again
    refuse_to_build(monkeypatch)
    assert {p: matrix_rows(p, "M") for p in payloads} == expected
    monkeypatch.undo()
    with pytest.raises(qr.QrTooLarge):
        matrix_rows(beyond_qr, "M")
