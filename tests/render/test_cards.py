"""The card deck read back: boxes, safe zone, codes, counters, overflow, sector decks."""

from __future__ import annotations

import re
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from inspiratiekaart.content.loader import load_publication
from inspiratiekaart.content.model import (
    Block,
    Link,
    Publication,
    RichText,
    Span,
    theme_texts,
)
from inspiratiekaart.layout import Spec, load_layout
from inspiratiekaart.links.registry import build_registry
from inspiratiekaart.pipeline import BuildOptions, BuildReport, build
from inspiratiekaart.render.cards import (
    DeckBuilder,
    DeckPainter,
    band_problems,
    band_texts,
    halved,
    number_spans,
    side_blocks,
)
from inspiratiekaart.render.fonts import font_for
from inspiratiekaart.render.markup import label
from tests.conftest import CONTENT, ROOT
from tests.links.test_numbering import csv_numbers
from tests.pdfcheck import (
    decode_all,
    page_texts,
    render,
    text_boxes,
    unembedded_fonts,
    without_hyphens,
)
from tests.render.conftest import RESTYLED, places

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


def test_codes_stand_apart_within_the_text_width(built):
    """Codes larger than their 21 mm tile ran into the next (quiet zones overlapping,
    captions reading as one) and past the text's right edge; the grid's codes stand at
    least half its gap apart, inside the text width."""
    layout = load_layout("cards")
    reader = PdfReader(built / "cards.pdf")
    for index, page in enumerate(reader.pages):
        x0 = float(page.trimbox[0])
        right = x0 + layout.trim.width - layout.content.right
        codes = sorted(rect for rect in page_rects(page)
                       if abs((rect[2] - rect[0]) - (rect[3] - rect[1])) < 0.5
                       and rect[2] - rect[0] > 30)
        for a, b in pairwise(codes):
            if abs(a[3] - b[3]) < 1:  # one row
                assert b[0] - a[2] >= layout.code_grid.gap / 2 - 0.1, (index + 1, a, b)
        assert all(rect[2] <= right + 0.1 for rect in codes), (index + 1, codes)


def page_rects(page) -> list[tuple[float, ...]]:
    return [tuple(float(v) for v in annotation.get_object()["/Rect"])
            for annotation in page.get("/Annots") or []]


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
    for index, text in enumerate(texts):
        flat = " ".join(text.split())
        assert pub.title.upper() in flat
        assert f"{index // 2 + 1} / {total}" in flat
        if index >= opening_pages(pub):  # the opening card(s) come before the pillars
            assert any(name in flat for name in pillars), f"page {index + 1} names no pillar"


def opening_pages(pub) -> int:
    """The pages of the opening cards, the deck's first (an opening text a side)."""
    return 2 * -(-len(pub.opening) // 2)


def body_text(path, index: int) -> str:
    """The text of a card side between the band and the footer."""
    layout = load_layout("cards")
    _, trim_bottom, _, trim_top = box(PdfReader(path).pages[index], "trimbox")
    below_band = trim_top - layout.band.height
    above_footer = trim_bottom + layout.footer.baseline + layout.footer.size
    return "".join(char for char, (_, bottom, _, top) in text_boxes(path, index)
                   if bottom > above_footer and top < below_band).strip()


def flat(text: str) -> str:
    """Text without line breaks or hyphens at line ends, to find a sentence in."""
    return re.sub(r"\s+", " ", text.replace("-\n", "").replace("\u00ad", "")).strip()


def test_one_card_per_theme_and_opening_and_no_empty_side(built):
    pub = load_publication(CONTENT)
    themes = [t for t in pub.themes if t.part == "theme"]
    pages = len(PdfReader(built / "cards.pdf").pages)
    assert pages % 2 == 0
    assert pages <= 2 * (len(themes) + -(-len(pub.opening) // 2))
    for index in range(pages):
        assert body_text(built / "cards.pdf", index), f"page {index + 1} is empty"


def test_the_pillars_follow_the_first_opening_text_that_announces_them(built):
    """The first opening text ends with a colon before the pillars; the brochure follows it
    with their overview, the card with their names in their colours."""
    pub = load_publication(CONTENT)
    first = " ".join(page_texts(built / "cards.pdf")[0].split())
    names = r"\s*".join(re.escape(p.name) for p in pub.pillars_with_themes())
    assert re.search(r"School-aanpak ?\d*:\s*" + names, first), first


def test_the_pillars_key_does_not_stand_over_the_codes_as_if_each_were_a_pillars(built):
    """Spread across the width, the k-th pillar's name stood over the k-th code below it."""
    pub = load_publication(CONTENT)
    boxes = text_boxes(built / "cards.pdf", 0)
    text = "".join(char for char, _ in boxes)
    starts = [boxes[text.index(pillar.name)][1][0] for pillar in pub.pillars_with_themes()]
    page = PdfReader(built / "cards.pdf").pages[0]
    rects = [[float(v) for v in a.get_object()["/Rect"]] for a in page.get("/Annots") or []]
    columns = sorted({round(x0) for x0, y0, x1, y1 in rects
                      if abs((x1 - x0) - (y1 - y0)) < 0.5 and x1 - x0 > 30})
    assert len(columns) >= len(starts) > 1
    for start in starts[1:]:  # within 10 pt (3.5 mm) of a code's edge, a name stands over it
        assert min(abs(start - column) for column in columns) > 10, (start, columns)


def test_the_pillars_key_is_left_out_rather_than_needing_a_follow_up_card(tmp_path,
                                                                         monkeypatch):
    sides: list[int] = []

    def fits_without_the_key(builder, side) -> bool:
        sides.append(len(side.flowables))
        return False  # as a side full to its foot would be

    monkeypatch.setattr(DeckBuilder, "fits", fits_without_the_key)
    out = tmp_path / "out"
    build(BuildOptions(content_dir=CONTENT, out_dir=out, targets=("cards",), quiet=True),
          say=lambda line: None)
    first = page_texts(out / "cards.pdf")[0]
    assert sides and not any(p.name in first for p in load_publication(CONTENT).pillars)
    assert len(PdfReader(out / "cards.pdf").pages) == 32


def test_the_default_deck_builds_without_a_card_warning(tmp_path):
    result = run("cards", "--strict", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
    assert "16 cards, 0 follow-ups" in result.stdout


def test_every_question_is_on_its_cards_front(built):
    pub = load_publication(CONTENT)
    fronts = {}
    texts = [without_hyphens(flat(t)) for t in page_texts(built / "cards.pdf")]
    for theme in (t for t in pub.themes if t.part == "theme"):
        index = next(i for i in range(opening_pages(pub), len(texts), 2)
                     if without_hyphens(flat(theme.title)) in texts[i])
        fronts[theme.id] = texts[index]
        for block in (b for b in theme.blocks if b.kind == "questions"):
            for item in block.items:
                words = without_hyphens(flat(item.text.plain))[:60]
                assert words in texts[index], (theme.id, words)


def test_every_link_of_themes_and_opening_has_a_code_on_the_cards(built):
    pub = load_publication(CONTENT)
    registry = build_registry(pub)
    urls = {link.url for theme in pub.themes for text in theme_texts(theme)
            for link in text.links()}
    decoded = {d.text for d in decode_all(built / "cards.pdf")}
    assert decoded == {registry.entry(url).payload for url in urls}


def test_what_a_card_leaves_to_the_brochure_is_said_and_reported(built):
    import json

    report = json.loads((built / "preflight.json").read_text(encoding="utf-8"))
    deck = next(f for f in report["files"] if f["file"] == "cards.pdf")
    details = next(c["details"] for c in deck["checks"] if "details" in c)
    left = details["left_to_brochure"]
    assert left["signaleren"] == ["reading_tips (2 items)"]
    assert "intro paragraph 2" in left["samenwerking-met-ouders"]
    texts = [flat(t) for t in page_texts(built / "cards.pdf")]
    back = next(t for t in texts[1::2] if t.startswith("INSPIRATIEKAART") and "Signaleren" in t
                and "Meer over dit thema in de brochure" in t)
    assert "Signaleren" in back


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True,
                          text=True, timeout=300)


def write_card(content, theme_id: str, card: dict | None, **changes) -> None:
    theme = content / "themes" / f"{theme_id}.yaml"
    data = yaml.safe_load(theme.read_text(encoding="utf-8"))
    data.pop("card", None)
    if card is not None:
        data["card"] = card
    data.update(changes)
    theme.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_theme_that_does_not_fit_is_named_with_side_lines_and_blocks(content_copy, tmp_path):
    theme = content_copy / "themes" / "meertaligheid.yaml"
    data = yaml.safe_load(theme.read_text(encoding="utf-8"))
    write_card(content_copy, "meertaligheid", None, intro=data["intro"] * 4,
               blocks=[*data["blocks"], {"kind": "questions", "items": ["Wat doen we al?"]}])
    out = tmp_path / "out"
    result = run("cards", "--content", str(content_copy), "--out", str(out))
    assert result.returncode == 0, result.stderr
    message = re.search(r"meertaligheid\.yaml:(\d+): card: card 'Meertaligheid' does not fit: "
                        r"the front is (\d+) lines too long \(on it: questions \(1 items\)\)",
                        result.stderr)
    assert message, result.stderr
    assert int(message[1]) > 0 and int(message[2]) > 0
    assert "card: brochure:" in result.stderr and "card: lead:" in result.stderr
    text = " ".join(" ".join(page_texts(out / "cards.pdf")).split())
    assert "Meertaligheid · 1/2" in text and "Meertaligheid · 2/2" in text
    strict = run("cards", "--strict", "--content", str(content_copy), "--out", str(out))
    assert strict.returncode == 2
    assert "meertaligheid.yaml:" in strict.stderr and "lines too long" in strict.stderr


def test_a_card_section_naming_an_unknown_block_is_reported(content_copy, tmp_path):
    write_card(content_copy, "signaleren", {"back": ["list", "leestips"]})
    result = run("check", "--content", str(content_copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert re.search(r"signaleren\.yaml:\d+: card.back\[1\]: 'leestips' is neither a block "
                     r"kind nor a block id", result.stderr), result.stderr


def test_a_block_on_no_side_is_a_warning_and_an_error_when_strict(content_copy, tmp_path):
    write_card(content_copy, "signaleren", {"front": ["questions"], "back": ["list"]})
    out = tmp_path / "out"
    result = run("cards", "--content", str(content_copy), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert re.search(r"signaleren\.yaml:\d+: card: card 'Signaleren': block 'tip' is on "
                     r"neither side of the card", result.stderr), result.stderr
    assert "block 'reading_tips (2 items)' is on neither side" in result.stderr
    strict = run("cards", "--strict", "--content", str(content_copy), "--out", str(out))
    assert strict.returncode == 2 and "is on neither side" in strict.stderr


def test_a_card_intro_of_its_own_is_refused_with_the_remedy(content_copy, tmp_path):
    write_card(content_copy, "signaleren", {"intro": ["Een eigen tekst."]})
    result = run("check", "--content", str(content_copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "lead: [1]" in result.stderr and "signaleren.yaml:" in result.stderr


def test_a_quote_and_steps_stand_on_the_card(built):
    texts = [flat(t) for t in page_texts(built / "cards.pdf")]
    pub = load_publication(CONTENT)
    steps = next(b for t in pub.themes for b in t.blocks if b.kind == "steps")
    quote = next(b for t in pub.themes for b in t.blocks if b.kind == "quote")
    everything = " ".join(texts)
    for item in steps.items:
        assert flat(item.text.plain)[:50] in everything
    assert flat(quote.text[0].plain)[:50] in everything
    assert quote.speaker in everything


def test_a_lead_shows_the_chosen_intro_paragraphs(content_copy, tmp_path):
    write_card(content_copy, "verborgen-armoede", {"lead": [2]})
    out = tmp_path / "out"
    result = run("cards", "--content", str(content_copy), "--out", str(out))
    assert result.returncode == 0, result.stderr
    texts = [flat(t) for t in page_texts(out / "cards.pdf")]
    front = next(t for t in texts[::2] if "(Verborgen) armoede" in t)
    assert "Het is niet altijd duidelijk te merken" in front
    assert "Leven in armoede kan negatieve gevolgen" not in front


def test_sector_deck_holds_only_that_sector_with_its_print_versions(tmp_path):
    out = tmp_path / "out"
    result = run("cards", "--sector", "mbo", "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = " ".join(" ".join(page_texts(out / "cards-mbo.pdf")).split())
    assert "Samenwerken met ouders op het mbo" in text
    assert "leerlingen/studenten" not in text
    registry = build_registry(load_publication(CONTENT))
    decoded = {d.text for d in decode_all(out / "cards-mbo.pdf")}
    assert decoded <= {e.payload for e in registry if "mbo" in e.sectors}
    for name in ("cards-mbo-press.pdf", "cards-mbo-a4-duplex.pdf"):
        assert len(PdfReader(out / "print" / name).pages) > 0


def test_a_theme_of_tips_alone_goes_on_to_its_back_under_its_title(content_copy, tmp_path):
    tips = [f"Tip nummer {n}: " + "een zin die een regel vult met woorden " * 5
            for n in range(1, 10)]
    write_card(content_copy, "vlucht-migratieachtergrond", None,
               intro=["Een korte inleiding."], blocks=[{"kind": "tips", "items": tips}])
    out = tmp_path / "out"
    result = run("cards", "--content", str(content_copy), "--out", str(out))
    assert result.returncode == 0, result.stderr
    path = out / "cards.pdf"
    texts = [flat(t) for t in page_texts(path)]
    front = next(i for i in range(0, len(texts), 2) if "Een korte inleiding." in texts[i])
    assert "Tip nummer 1" in texts[front] and "Tip nummer 5" in texts[front]
    assert "Tip nummer 6" in texts[front + 1] and "Tip nummer 9" in texts[front + 1]
    assert "Vlucht/migratieachtergrond" in body_text(path, front + 1)


def test_a_follow_up_caption_is_shortened_to_fit_beside_the_counter():
    layout = load_layout("cards")
    pub = load_publication(CONTENT)
    painter, font = DeckPainter(pub, layout, lambda entry, page: None), font_for("heading")
    caption = painter.caption("Een heel lange titel " * 10, 2, 3, font, 200)
    assert caption.endswith("… · 2/3")
    assert stringWidth(caption, font, layout.footer.size) <= 200
    assert painter.caption("Signaleren", 1, 2, font, 200) == "Signaleren · 1/2"
    assert painter.caption("Signaleren", 1, 1, font, 200) == ""


def sector_deck(content, sector: str, out) -> list[str]:
    """The flattened text of every side of ``sector``'s deck, built in this process; the
    build's preflight (no side without content among its checks) must pass."""
    report = build(BuildOptions(content_dir=content, out_dir=out, targets=("cards",),
                                sector=sector, quiet=True), say=lambda line: None)
    assert not report.preflight.failed, report.preflight.table()
    return [flat(t) for t in page_texts(out / f"cards-{sector}.pdf")]


@pytest.mark.parametrize("sector", [s.id for s in load_publication(CONTENT).sectors])
def test_every_sector_deck_has_no_empty_side(sector, tmp_path, cache):
    sides = sector_deck(CONTENT, sector, tmp_path / "out")
    assert len(sides) % 2 == 0


def test_a_back_with_nothing_of_its_own_goes_on_with_the_lead_at_a_sentence_end(tmp_path,
                                                                                    cache):
    """In special education (go) the discrimination theme has no tips of its own: its back
    takes the lead's second sentence, under the theme's title."""
    sides = sector_deck(CONTENT, "go", tmp_path / "out")
    front = next(i for i in range(0, len(sides), 2)
                 if "Discriminatie kan leiden tot sociale uitsluiting" in sides[i])
    assert sides[front].endswith("mentale gezondheid negatief kan beïnvloeden.")
    assert "Ook de sociaal-emotionele ontwikkeling" not in sides[front]
    assert "Discriminatie/uitsluiting Ook de sociaal-emotionele ontwikkeling" in \
        sides[front + 1]


def test_a_lead_of_one_sentence_is_shared_by_both_sides(content_copy, tmp_path, cache):
    """No sentence end to cut at: the front keeps about half of the lines and the back goes
    on with the rest, so the card is never turned over to a blank side."""
    sentence = "Een inleiding van een enkele zin " + "die doorloopt met meer woorden " * 12
    write_card(content_copy, "discriminatie-uitsluiting", None, intro=[sentence + "tot hier"])
    sides = sector_deck(content_copy, "go", tmp_path / "out")
    front = next(i for i in range(0, len(sides), 2) if "Een inleiding van een" in sides[i])
    assert "tot hier" not in sides[front]
    assert "tot hier" in sides[front + 1]


def rich(text: str) -> RichText:
    return RichText((Span(text),))


def test_a_lead_is_halved_at_the_sentence_end_nearest_its_middle():
    lead = [rich("Eerste zin. Tweede zin is langer dan de eerste. Derde zin. Vierde.")]
    front, back = halved(lead)
    assert [t.plain for t in front] == ["Eerste zin. Tweede zin is langer dan de eerste."]
    assert [t.plain for t in back] == ["Derde zin. Vierde."]


def test_a_lead_of_paragraphs_is_halved_between_them_when_that_is_nearest():
    lead = [rich("Een alinea van gemiddelde lengte."), rich("Nog een alinea, even lang.")]
    assert halved(lead) == ([lead[0]], [lead[1]])


def test_no_cut_after_an_abbreviation_inside_a_link_or_in_a_single_sentence():
    link = Link("https://example.org/")
    inside = RichText((Span("Lees "), Span("het boek. Deel twee", link=link), Span(" nu.")))
    for lead in ([rich("Zie bijv. de brochure van de school voor meer.")], [inside]):
        assert halved(lead) == (lead, [])


def test_a_back_with_nothing_of_its_own_takes_the_fronts_blocks_after_its_lead(content_copy,
                                                                                tmp_path,
                                                                                cache):
    """With no intro, the front keeps its first block and the back takes the rest."""
    theme = content_copy / "themes" / "discriminatie-uitsluiting.yaml"
    data = yaml.safe_load(theme.read_text(encoding="utf-8"))
    questions = {"kind": "questions", "items": ["Wat zien wij gebeuren?", "Wat doen we?"]}
    quote = {"kind": "quote", "text": "Een zin die iemand zei.", "speaker": "Een leraar"}
    for intro, front_has, back_has in ((data["intro"], "Discriminatie kan leiden", "Een zin die"),
                                       ([], "Een zin die", "Wat zien wij gebeuren?")):
        write_card(content_copy, "discriminatie-uitsluiting", None, intro=intro,
                   blocks=[*data["blocks"], quote, questions])
        sides = sector_deck(content_copy, "go", tmp_path / f"out{len(intro)}")
        front = next(i for i in range(0, len(sides), 2) if front_has in sides[i])
        assert back_has not in sides[front]
        assert back_has in sides[front + 1]


def test_a_short_list_stays_whole_on_the_back_where_the_front_has_the_lead(built):
    """Discrimination has its lead and one tips block of three items (one a sector): the
    front showed two of them and the back the third under the heading again."""
    sides = [flat(text) for text in page_texts(built / "cards.pdf")]
    front = next(i for i in range(0, len(sides), 2)
                 if "Discriminatie kan leiden tot sociale uitsluiting" in sides[i])
    for item in ("Checklist anti-discriminatiemethoden", "in de klas (VO)",
                 "in de klas (MBO)"):
        assert item not in sides[front] and item in sides[front + 1], item


def test_a_longer_list_is_shared_between_a_front_with_the_lead_and_the_back(content_copy,
                                                                            tmp_path, cache):
    """Four items: two on the front under the lead, two on the back (neither side then
    holds one item alone)."""
    theme = content_copy / "themes" / "discriminatie-uitsluiting.yaml"
    data = yaml.safe_load(theme.read_text(encoding="utf-8"))
    tips = dict(data["blocks"][0])
    tips["items"] = [item["text"] if isinstance(item, dict) else item for item in tips["items"]]
    tips["items"].append("Bespreek de tips in het team.")
    write_card(content_copy, "discriminatie-uitsluiting", None, blocks=[tips])
    out = tmp_path / "out"
    build(BuildOptions(content_dir=content_copy, out_dir=out, targets=("cards",),
                       quiet=True), say=lambda line: None)
    sides = [flat(text) for text in page_texts(out / "cards.pdf")]
    front = next(i for i in range(0, len(sides), 2)
                 if "Discriminatie kan leiden tot sociale uitsluiting" in sides[i])
    assert "in de klas (VO)" in sides[front] and "(MBO)" not in sides[front]
    assert "(MBO)" in sides[front + 1] and "Bespreek de tips in het team." in sides[front + 1]


def test_a_theme_of_one_block_alone_shares_its_items_between_the_sides(content_copy,
                                                                       tmp_path, cache):
    """No intro and a single block of questions: the front starts with its first half of
    the questions (not the title alone, the block pushed whole to the back)."""
    questions = ["Wat zien wij gebeuren?", "Wat doen we eraan?", "Wie helpt ons daarbij?"]
    lead_in = "Bespreek deze vragen met het team."
    write_card(content_copy, "discriminatie-uitsluiting", None, intro=[],
               blocks=[{"kind": "questions", "text": lead_in, "items": questions}])
    sides = sector_deck(content_copy, "go", tmp_path / "out")
    front = next(i for i in range(0, len(sides), 2) if questions[0] in sides[i])
    assert questions[1] in sides[front] and questions[2] not in sides[front]
    assert questions[2] in sides[front + 1]
    assert lead_in in sides[front] and lead_in not in sides[front + 1]  # printed once


def test_a_code_stands_on_the_side_that_prints_its_link(built):
    """Each code in a side's grid is for a link in that side's text, or for text the card
    leaves to the brochure, whose codes its back names: never for a link on the other
    side. (A table read codes 13-15 on a back that said nothing of them.)"""
    reader = PdfReader(built / "cards.pdf")
    numbers = csv_numbers(built)["cards.pdf"]
    more = label("card_more_in_brochure", title="", pillar="", codes="").split(":")[0]
    named = 0
    for index, page in enumerate(reader.pages):
        codes, texts = set(), set()
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            x0, y0, x1, y1 = (float(v) for v in annotation["/Rect"])
            uri = str(annotation["/A"]["/URI"])
            (codes if abs((x1 - x0) - (y1 - y0)) < 0.5 and x1 - x0 > 30 else texts).add(uri)
        text = flat(page.extract_text())
        unreferenced = sorted(numbers[uri] for uri in codes - texts)
        if more not in text:
            assert unreferenced == [], (index + 1, unreferenced)
        elif unreferenced:
            said = label("card_more_in_brochure", title="", pillar="",
                         codes=number_spans(unreferenced)).split("’")[-1]
            assert said in text, (index + 1, said)
            named += 1
    assert named == 3


def test_a_long_title_takes_two_lines_of_the_band_beside_the_pillar_name(content_copy,
                                                                          tmp_path, cache):
    """The band holds the deck's title whole, in two lines, beside the pillar's name."""
    title = "Inspiratiekaart gelijke kansen op welbevinden voor alle leerlingen"
    pillar = "Beleid en visie van de hele school"
    path = content_copy / "publication.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: Inspiratiekaart gelijke kansen", f"title: {title}", 1)
                    .replace("name: Beleid", f"name: {pillar}", 1), encoding="utf-8")
    out = tmp_path / "out"
    report = build(BuildOptions(content_dir=content_copy, out_dir=out, targets=("cards",),
                                quiet=True), say=lambda line: None)
    assert not report.preflight.failed, report.preflight.table()
    deck = out / "cards.pdf"
    index = next(i for i, side in enumerate(page_texts(deck)) if "Veilig en inclusief" in side)
    layout = load_layout("cards")
    _, _, trim_right, trim_top = box(PdfReader(deck).pages[index], "trimbox")
    band = [(char, b) for char, b in text_boxes(deck, index)
            if b[1] > trim_top - layout.band.height]
    shown = "".join(char for char, _ in band).split()
    assert "".join(shown) == (title.upper() + pillar).replace(" ", "")  # whole, in order
    assert len({round(b[1]) for char, b in band if char.isalpha()}) == 2  # two baselines
    assert all(b[2] <= trim_right - layout.band.text_inset + 0.5 for _, b in band)


def build_deck_with_no_blank_side(content: Path, out: Path) -> BuildReport:
    """Build the deck of ``content``; its preflight finds no side without content."""
    report = build(BuildOptions(content_dir=content, out_dir=out, targets=("cards",),
                                quiet=True), say=lambda line: None)
    deck = next(f for f in report.preflight.files if f.name == "cards.pdf")
    sides = next(c for c in deck.checks if c.name == "no side without content")
    assert (sides.failures, sides.warning) == ([], None)
    return report


def test_the_last_follow_up_card_shares_its_few_lines_between_its_sides(content_copy,
                                                                           tmp_path, cache):
    """A card that goes on on a follow-up card whose rest fits on one side: the follow-up's
    front keeps about half and its back the rest, never a blank back."""
    tips = [f"Tip nummer {n}: een zin die een regel vult." for n in range(1, 62)]
    write_card(content_copy, "vlucht-migratieachtergrond", None,
               intro=["Een korte inleiding."], blocks=[{"kind": "tips", "items": tips}])
    out = tmp_path / "out"
    build_deck_with_no_blank_side(content_copy, out)
    texts = [flat(t) for t in page_texts(out / "cards.pdf")]
    assert all(f"Tip nummer {n}:" in " ".join(texts) for n in (1, 30, 61))


def test_a_front_of_one_long_intro_paragraph_shares_its_follow_up_and_says_what_to_do(
        content_copy, tmp_path, cache):
    """The follow-up card of a front whose intro is one paragraph too long was turned over
    to a blank back; the advice named a block kind the theme has not (reading_tips) and
    'lead: [1]', which changes nothing for an intro of one paragraph."""
    sentence = "Dit is een zin die de voorkant van de kaart langzaam maar zeker vult."
    write_card(content_copy, "hoge-verwachtingen", None, intro=[" ".join([sentence] * 45)],
               blocks=[{"kind": "tips", "items": ["Een tip."]}])
    report = build_deck_with_no_blank_side(content_copy, tmp_path / "out")
    (warning,) = [w for w in report.warnings if "does not fit" in w]
    assert "the front is" in warning and "1 follow-up card." in warning
    assert "card: lead: []" in warning and "reading_tips" not in warning
    assert "lead: [1]" not in warning


def test_an_opening_card_that_does_not_fit_is_named_with_its_file_and_line(content_copy,
                                                                          tmp_path, cache):
    """Its warning names the opening page's file and line, and advises shortening the text
    (a card section, which chooses a theme's text, cannot be given to an opening page)."""
    path = content_copy / "themes" / "aan-de-slag.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["intro"] = data["intro"] * 3
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    report = build(BuildOptions(content_dir=content_copy, out_dir=tmp_path / "out",
                                targets=("cards",), quiet=True), say=lambda line: None)
    (warning,) = [w for w in report.warnings if "Aan de slag" in w]
    assert warning.startswith(f"{path}:2: card: card 'Aan de slag' does not fit")
    assert "Try: shorten the opening text" in warning and "card: lead:" not in warning


def test_a_block_left_to_the_brochure_is_on_no_side_of_the_card(content_copy, tmp_path,
                                                                 cache):
    """`brochure:` leaves a block out of the card even where the layout puts its kind on
    the front (the questions stayed there, while the preflight said they were left out);
    naming it on a side as well is a warning."""
    write_card(content_copy, "signaleren", {"brochure": ["questions", "reading_tips"]})
    out = tmp_path / "out"
    report = build(BuildOptions(content_dir=content_copy, out_dir=out, targets=("cards",),
                                quiet=True), say=lambda line: None)
    sides = [flat(t) for t in page_texts(out / "cards.pdf")]
    front = next(i for i in range(0, len(sides), 2)
                 if "Het kan soms lastig zijn om de achterliggende" in sides[i])
    assert "Stressfactoren in gezinnen" not in sides[front] + sides[front + 1]
    assert "Meer over dit thema in de brochure" in sides[front + 1]
    assert not [w for w in report.warnings if "signaleren.yaml" in w]
    write_card(content_copy, "signaleren", {"front": ["questions"], "brochure": ["questions"]})
    report = build(BuildOptions(content_dir=content_copy, out_dir=tmp_path / "again",
                                targets=("cards",), quiet=True), say=lambda line: None)
    assert any("signaleren.yaml" in w and "named on a side and in card.brochure" in w
               for w in report.warnings)


def test_a_front_the_card_section_chooses_stays_when_its_back_names_nothing_else(
        content_copy, tmp_path, cache):
    """The editor's own front is kept; the back goes on with the front's text, and the
    warning says so."""
    write_card(content_copy, "signaleren", {"front": ["questions"], "back": ["questions"],
                                            "brochure": ["list", "tip", "reading_tips"]})
    out = tmp_path / "out"
    report = build(BuildOptions(content_dir=content_copy, out_dir=out, targets=("cards",),
                                quiet=True), say=lambda line: None)
    assert not report.preflight.failed
    sides = [flat(t) for t in page_texts(out / "cards.pdf")]
    front = next(i for i in range(0, len(sides), 2)
                 if "Het kan soms lastig zijn om de achterliggende" in sides[i])
    assert "Stressfactoren in gezinnen" in sides[front]
    assert any("the back only goes on with the front's text" in w for w in report.warnings)


def test_numbers_are_named_by_their_runs():
    assert number_spans([15, 13, 14]) == "13–15"
    assert number_spans([4, 6, 7, 9]) == "4, 6–7, 9"
    assert number_spans([]) == ""


def test_the_pillars_key_stands_each_name_the_layouts_gap_from_its_bar(built, restyled):
    """Each name in the key on the first card stands the gap from its bar, and each column
    is the gap wider: the restyled key's names move right by the difference, one more
    time for each pillar before them."""
    pub, shipped = load_publication(CONTENT), load_layout("cards").pillar_key.gap
    step = RESTYLED["key_gap"] - shipped
    for index, pillar in enumerate(pub.pillars_with_themes()):
        found = [[box for page, box in places(pdf / "cards.pdf", pillar.name) if page == 0]
                 for pdf in (built, restyled)]
        assert all(found), f"{pillar.name} is not in the key on the first card"
        old, new = (min(boxes, key=lambda box: box[1]) for boxes in found)  # the lowest
        assert new[0] - old[0] == pytest.approx((index + 1) * step, abs=0.01), pillar.name


def test_a_deck_title_whose_lines_hang_below_the_band_is_refused():
    """The title's lines stand centred on the band's baseline: two of them on a band made
    low reach below it (white text on white paper), which the band's room check says."""
    import copy

    from inspiratiekaart.layout import MM

    pub, layout = load_publication(CONTENT), load_layout("cards")
    assert band_problems(pub, layout) == []
    low = copy.deepcopy(layout)
    low.band["height"] = 12 * MM
    assert band_problems(two_line_title(pub), low) == [
        ("title", "the band of every card",
         "its 2 lines reach 12.7 mm below the card's top, past the band's 12.0 mm")]


def two_line_title(pub: Publication) -> Publication:
    """``pub`` with a deck title that takes two lines of the band beside every pillar."""
    from dataclasses import replace

    longer = replace(pub, title=" ".join([pub.title] * 3))
    assert {len(band_texts(longer.title, pillar.name, load_layout("cards")))
            for pillar in pub.pillars} == {2}
    return longer


def test_a_deck_title_whose_lines_rise_into_the_safe_zone_is_refused():
    """Two lines of the title set far apart rise above the baseline as far as they hang
    below it: into the safe zone, which only the preflight found, after rendering. Set
    farther apart still, on a low band, they do both, and both are said."""
    import copy

    from inspiratiekaart.layout import MM

    pub, layout = two_line_title(load_publication(CONTENT)), load_layout("cards")
    apart = copy.deepcopy(layout)
    apart.band["title_leading"] = 20.0
    assert band_problems(pub, apart) == [
        ("title", "the band of every card",
         "its 2 lines rise to 4.2 mm below the card's top, into the safe zone (5 mm)")]
    apart.band["title_leading"], apart.band["height"] = 30.0, 12 * MM
    assert [detail for _, _, detail in band_problems(pub, apart)] == [
        "its 2 lines reach 16.3 mm below the card's top, past the band's 12.0 mm",
        "its 2 lines rise to 2.4 mm below the card's top, into the safe zone (5 mm)"]


def test_a_pillars_key_the_first_card_cannot_hold_is_said(tmp_path):
    """The key is the deck's own and never worth a follow-up card: where a layout leaves it
    no room it stays off the card, and the build says so (an error under --strict)."""
    import os
    import shutil

    layouts = tmp_path / "layouts"
    shutil.copytree(ROOT / "layouts", layouts)
    cards = layouts / "cards.yaml"
    text = cards.read_text(encoding="utf-8")
    assert text.count("  gap: 6pt ") == 1
    cards.write_text(text.replace("  gap: 6pt ", "  gap: 60pt "), encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "cards", "--strict",
                             "--out", str(tmp_path / "out")], cwd=ROOT, capture_output=True,
                            text=True, timeout=300,
                            env={**os.environ, "INSPIRATIEKAART_LAYOUTS": str(layouts)})
    assert result.returncode == 2, result.stderr
    assert "the pillars' key does not fit under the text and is left off the card" \
        in result.stderr


def test_a_front_without_a_block_of_the_kinds_it_needs_shows_the_fallback_block():
    """With ``front_needs: [quote]`` a front with questions but no quote takes the theme's
    first fallback block (tips) from the back; with the shipped kinds it has what it
    needs and keeps to its own blocks."""
    pub, layout = load_publication(CONTENT), load_layout("cards")
    needs, fallback = layout.sides.front_needs, layout.sides.front_fallback

    def kinds(blocks: list[Block]) -> set[str]:
        return {block.kind for block in blocks}

    theme = next(theme for theme in pub.themes if theme.part == "theme"
                 and (theme.card is None or theme.card.front is None)
                 and (sides := side_blocks(theme, layout))
                 and kinds(sides[0]) & set(needs) and "quote" not in kinds(sides[0])
                 and fallback in kinds(sides[1]) and len(sides[1]) > 1)
    front, back = side_blocks(theme, layout)
    quote_needed = Spec({**layout, "sides": Spec({**layout.sides, "front_needs": ["quote"]})})
    moved_front, moved_back = side_blocks(theme, quote_needed)
    first = next(block for block in back if block.kind == fallback)
    assert [block for block in moved_front if block not in front] == [first]
    assert moved_back == [block for block in back if block is not first]
