"""The card deck read back: boxes, safe zone, codes, counters, overflow, sector decks."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from inspiratiekaart.content.loader import load_publication
from inspiratiekaart.layout import load_layout
from inspiratiekaart.links.registry import build_registry
from inspiratiekaart.render.cards import DeckPainter
from inspiratiekaart.render.fonts import font_for
from tests.conftest import CONTENT, ROOT
from tests.pdfcheck import decode_all, page_texts, render, text_boxes, unembedded_fonts

MM = 72 / 25.4
A5 = (148 * MM, 210 * MM)
SAFE = 5 * MM


def box(page, name: str) -> tuple[float, ...]:
    return tuple(float(v) for v in getattr(page, name))


def test_deck_pages_are_a5_with_trimbox(built):
    reader = PdfReader(built / "cards.pdf")
    assert len(reader.pages) % 2 == 0
    for page in reader.pages:
        x0, y0, x1, y1 = box(page, "mediabox")
        assert (x1 - x0, y1 - y0) == pytest.approx(A5, abs=0.1 * MM)
        assert box(page, "trimbox") == pytest.approx((x0, y0, x1, y1), abs=0.01)
    assert unembedded_fonts(reader) == []


def test_press_version_has_3mm_bleed(built):
    reader = PdfReader(built / "print" / "cards-press.pdf")
    for page in reader.pages:
        x0, y0, x1, y1 = box(page, "trimbox")
        bx0, by0, bx1, by1 = box(page, "bleedbox")
        assert (x1 - x0, y1 - y0) == pytest.approx(A5, abs=0.1 * MM)
        assert (x0 - bx0, y0 - by0, bx1 - x1, by1 - y1) == pytest.approx((3 * MM,) * 4, abs=0.05)
        assert box(page, "mediabox") == pytest.approx((bx0, by0, bx1, by1), abs=0.05)


def test_colour_runs_into_the_bleed(built):
    image = render(built / "print" / "cards-press.pdf", 0, dpi=72)
    assert image.getpixel((1, 1)) < 250  # the band's colour reaches the page edge


def test_text_and_codes_inside_the_safe_zone(built):
    path = built / "cards.pdf"
    width, height = A5
    for index in range(len(PdfReader(path).pages)):
        for char, (left, bottom, right, top) in text_boxes(path, index):
            if char.strip():
                assert left >= SAFE - 0.5 and right <= width - SAFE + 0.5, (index, char)
                assert bottom >= SAFE - 0.5 and top <= height - SAFE + 0.5, (index, char)
    for code in decode_all(path):
        left, top, right, bottom = code.box
        assert left >= SAFE and right <= width - SAFE and top >= SAFE and bottom <= height - SAFE


def test_every_code_decodes_to_a_link_of_the_deck(built):
    registry = build_registry(load_publication(CONTENT))
    decoded = {d.text for d in decode_all(built / "cards.pdf")}
    assert decoded <= {e.payload for e in registry}
    assert len(decoded) > 40


def test_every_card_carries_title_pillar_and_number(built):
    pub = load_publication(CONTENT)
    texts = page_texts(built / "cards.pdf")
    total = len(texts) // 2
    pillars = {p.name for p in pub.pillars}
    first_pillar = next(i for i, t in enumerate(texts) if any(n in t for n in pillars))
    for index, text in enumerate(texts):
        if index % 2 == 1 and not text.strip():
            continue  # a divider's back is the pillar colour alone
        flat = " ".join(text.split())
        assert pub.title.upper() in flat
        assert f"{index // 2 + 1} / {total}" in flat
        if index >= first_pillar:  # the opening card(s) come before the pillars
            assert any(name in flat for name in pillars), f"page {index + 1} names no pillar"


def body_text(path, index: int) -> str:
    """The text of a card side between the band and the footer."""
    layout = load_layout("cards")
    _, trim_bottom, _, trim_top = box(PdfReader(path).pages[index], "trimbox")
    below_band = trim_top - layout.band.height
    above_footer = trim_bottom + layout.footer.baseline + layout.footer.size
    return "".join(char for char, (_, bottom, _, top) in text_boxes(path, index)
                   if bottom > above_footer and top < below_band).strip()


def test_no_card_is_turned_over_to_an_empty_back_while_its_text_goes_on(built):
    path = built / "cards.pdf"
    texts = [" ".join(t.split()) for t in page_texts(path)]
    for index in range(1, len(texts), 2):
        caption = re.search(r"· (\d+)/(\d+)", texts[index])
        if caption and int(caption[1]) < int(caption[2]):
            assert body_text(path, index), f"page {index + 1}: an empty back, yet the card goes on"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True,
                          text=True, timeout=300)


def test_overflowing_theme_gets_a_follow_up_card_and_fails_strict(content_copy, tmp_path):
    theme = content_copy / "themes" / "meertaligheid.yaml"
    data = yaml.safe_load(theme.read_text(encoding="utf-8"))
    data["intro"] = data["intro"] * 4
    theme.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    result = run("cards", "--content", str(content_copy), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "card 'Meertaligheid' (meertaligheid) does not fit on one card" in result.stderr
    text = " ".join(" ".join(page_texts(out / "cards.pdf")).split())
    assert "Meertaligheid · 1/2" in text and "Meertaligheid · 2/2" in text
    strict = run("cards", "--strict", "--content", str(content_copy), "--out", str(out))
    assert strict.returncode == 2
    assert re.search(r"meertaligheid\.yaml: card: card 'Meertaligheid' .* front \d+ mm",
                     strict.stderr), strict.stderr


def test_sector_deck_holds_only_that_sector(tmp_path):
    out = tmp_path / "out"
    result = run("cards", "--sector", "mbo", "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = " ".join(" ".join(page_texts(out / "cards-mbo.pdf")).split())
    assert "Samenwerken met ouders op het mbo" in text
    assert "basisonderwijs" not in text or "Checklist anti-discriminatie" not in text
    assert "leerlingen/studenten" not in text
    registry = build_registry(load_publication(CONTENT))
    decoded = {d.text for d in decode_all(out / "cards-mbo.pdf")}
    assert decoded <= {e.payload for e in registry if "mbo" in e.sectors}


def test_a_theme_chooses_its_own_card_text_and_sides(content_copy, tmp_path):
    theme = content_copy / "themes" / "signaleren.yaml"
    data = yaml.safe_load(theme.read_text(encoding="utf-8"))
    data["card"] = {"intro": ["Korte kaarttekst van de redactie."], "front": ["questions"],
                    "back": ["list"]}
    theme.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    result = run("cards", "--content", str(content_copy), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "card 'Signaleren'" not in result.stderr
    texts = [" ".join(t.split()) for t in page_texts(out / "cards.pdf")]
    front = next(i for i, t in enumerate(texts) if "Korte kaarttekst van de redactie." in t)
    assert "Het kan soms lastig zijn" not in texts[front]
    assert "Complimenteer de inspanning" in texts[front + 1]


def test_a_front_that_overflows_goes_on_on_its_own_empty_back(content_copy, tmp_path):
    theme = content_copy / "themes" / "signaleren.yaml"
    data = yaml.safe_load(theme.read_text(encoding="utf-8"))
    data["card"] = {"front": ["questions", "list", "tip", "reading_tips"], "back": []}
    theme.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    result = run("cards", "--content", str(content_copy), "--out", str(out))
    assert result.returncode == 0, result.stderr
    texts = [" ".join(t.split()) for t in page_texts(out / "cards.pdf")]
    front = next(i for i, t in enumerate(texts) if "Signaleren" in t and "TIP" not in t
                 and "Het kan soms lastig zijn" in t)
    assert body_text(out / "cards.pdf", front + 1)  # the back holds the rest of the front


def test_a_follow_up_caption_is_shortened_to_fit_beside_the_counter():
    layout = load_layout("cards")
    painter, font = DeckPainter(load_publication(CONTENT), layout), font_for("heading")
    caption = painter.caption("Een heel lange titel " * 10, 2, 3, font, 200)
    assert caption.endswith("… · 2/3")
    assert stringWidth(caption, font, layout.footer.size) <= 200
    assert painter.caption("Signaleren", 1, 2, font, 200) == "Signaleren · 1/2"
    assert painter.caption("Signaleren", 1, 1, font, 200) == ""
