"""Line breaks for captions and addresses, and titles shortened to fit."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from inspiratiekaart.render import linebreak
from inspiratiekaart.render.fonts import font_for
from inspiratiekaart.render.linebreak import (
    fit_caption,
    pieces_at_separators,
    shorten_chars,
    shorten_pieces,
    shorten_to_width,
    wrap_text,
)

LONG_URL = ("https://www.onderwijskennis.nl/sites/onderwijskennis/files/media-files/"
            "Leidraad%20-%20Differentiatie%20als%20sleutel%20voor%20gelijke%20kansen.pdf")


@pytest.fixture(scope="module")
def font() -> str:
    return font_for("heading")


@pytest.mark.parametrize("width", [60, 100, 150])
def test_an_address_is_kept_whole_and_every_line_fits(font, width):
    lines = wrap_text(LONG_URL, font, 7, width)
    assert "".join(lines) == LONG_URL
    assert all(stringWidth(line, font, 7) <= width for line in lines)
    assert len(lines) > 1


def test_an_address_breaks_before_separators_never_inside_the_scheme(font):
    lines = wrap_text(LONG_URL, font, 7, 100)
    assert lines[0].startswith("https://www")
    assert all(line[0] in "/.-_?#~%=&" for line in lines[1:])


def test_a_word_with_no_separator_breaks_after_any_character(font):
    lines = wrap_text("x" * 200, font, 7, 50)
    assert "".join(lines) == "x" * 200 and len(lines) > 3


def test_words_break_at_spaces_first(font):
    assert wrap_text("12 gelijkekansen.nl/hoofdstuk", font, 6.5, 40)[0] == "12"


@pytest.mark.parametrize("width", [55, 70, 90])
def test_a_caption_number_keeps_the_start_of_its_address_on_its_line(font, width):
    caption = "6 · gezondeschool.nl/nieuws/aan-de-slag-met-schoolklimaat"
    lines = wrap_text(caption, font, 6.5, width)
    assert lines[0].startswith("6 · gezondeschool")
    assert " ".join(lines[:1]) + "".join(lines[1:]) == caption
    assert all(stringWidth(line, font, 6.5) <= width for line in lines)
    assert lines[1][0] in "/."


def test_a_title_that_fits_is_left_alone_a_long_one_ends_in_an_ellipsis(font):
    title = "Veilig en inclusief schoolklimaat, caring classrooms en self-efficacy"
    assert shorten_to_width(title, font, 7.5, 1000) == title
    short = shorten_to_width(title, font, 7.5, 120)
    assert short.endswith("…") and title.startswith(short[:-1])
    assert stringWidth(short, font, 7.5) <= 120


@pytest.mark.parametrize("text", ["x" * 20_000, "12 " + (LONG_URL * 150)[:20_000]])
def test_a_very_long_word_is_measured_a_bounded_number_of_times(font, monkeypatch, text):
    """The work grows with the length of the text, not with its square."""
    measured = []

    def counting(text: str, font_name: str, size: float) -> float:
        measured.append(len(text))
        return stringWidth(text, font_name, size)

    monkeypatch.setattr(linebreak, "stringWidth", counting)
    wrap_text.cache_clear()
    lines = wrap_text(text, font, 7, 100)
    assert "".join(lines) == text
    assert sum(measured) <= 4 * len(text), f"{len(measured)} measurements"
    assert all(stringWidth(line, font, 7) <= 100 for line in lines)


def test_an_address_breaks_at_the_last_separator_of_a_line_not_inside_a_word(font):
    """The line ends before "/beweegkaarten" rather than inside it, however short that
    leaves the line."""
    url = "https://www.beweegwijzer-voorbeeld.nl/bewegen/beweegkaarten?klas=groep-5#downloaden"
    width = stringWidth("https://www.beweegwijzer-voorbeeld.nl/bewegen/beweeg", font, 7)
    lines = wrap_text(url, font, 7, width)
    assert "".join(lines) == url
    assert "/bewegen/beweegkaarten" not in "".join(lines[:1])
    assert all(line[0] in "/.-_?#~%=&" for line in lines[1:]), lines
    assert any(line.startswith("/beweegkaarten") for line in lines), lines


def test_equal_separators_stay_together(font):
    lines = wrap_text("https://xn--bcher-kva.example/a--b", font, 7, 40)
    assert "".join(lines) == "https://xn--bcher-kva.example/a--b"
    assert not any(line.startswith("-") and previous.endswith("-")
                   for previous, line in pairwise(lines))


def test_an_address_is_cut_into_pieces_before_its_separators():
    assert pieces_at_separators("/a-b/c?d=e#f") == ("/a", "-b", "/c", "?d", "=", "e", "#f")
    assert pieces_at_separators("") == ()


def caption(address: str) -> str:
    return f"12 · {address}"


def test_a_caption_that_fits_is_one_line(font):
    assert fit_caption(caption, ("laks.nl", "/taalgids"), font, 6.5, 200, 34) == \
        ("12 · laks.nl/taalgids",)


@pytest.mark.parametrize("width", [50, 60, 70, 85, 100])
def test_a_long_caption_is_two_lines_host_whole_end_kept(font, width):
    pieces = ("beweegwijzer-voorbeeld.nl", *pieces_at_separators(
        "/bewegen/beweegkaarten?klas=groep-5&formaat=a5#downloaden"))
    lines = fit_caption(caption, pieces, font, 6.5, width, 60)
    assert len(lines) == 2
    assert all(stringWidth(line, font, 6.5) <= width for line in lines)
    first = lines[0].removeprefix("12 · ")
    head, ellipsis, tail = first.partition("…")
    if ellipsis:  # the host alone did not fit: shortened in its middle, nothing else
        assert pieces[0].startswith(head) and pieces[0].endswith(tail)
    else:
        assert first.startswith(pieces[0]) and "".join(pieces).startswith(first)
    assert lines[1].endswith("#downloaden")
    assert all(part in "".join(pieces) for part in lines[1].split("…"))


def test_a_caption_is_shortened_only_between_pieces(font):
    pieces = ("example.org", *pieces_at_separators("/eerste-stap/tweede-stap/derde#slot"))
    lines = fit_caption(caption, pieces, font, 6.5, 80, 34)
    head, _, tail = lines[-1].partition("…")
    assert tail, lines
    for part in (head, tail):
        assert not part or any("".join(pieces[i:j]) == part for i in range(len(pieces))
                               for j in range(i, len(pieces) + 1)), lines


def test_a_caption_keeps_to_max_chars(font):
    pieces = ("example.org", *pieces_at_separators("/" + "/".join(["woord"] * 20)))
    lines = fit_caption(caption, pieces, font, 6.5, 1000, 30)
    assert len("".join(line.removeprefix("12 · ") for line in lines)) <= 30


@pytest.mark.parametrize("max_chars", [10, 12])
def test_a_host_alone_longer_than_max_chars_is_shortened_on_one_line(font, max_chars):
    """An address with no path was not cut into a first and a second line: with the
    least max_chars qr.yaml allows, the deck stopped with an IndexError."""
    lines = fit_caption(caption, ("www.klassenmanagement.nl",), font, 6.5, 200, max_chars)
    assert len(lines) == 1
    address = lines[0].removeprefix("12 · ")
    head, ellipsis, tail = address.partition("…")
    assert ellipsis and len(address) <= max_chars
    assert "www.klassenmanagement.nl".startswith(head) and \
        "www.klassenmanagement.nl".endswith(tail)


def test_a_word_wider_than_the_line_keeps_its_end(font):
    assert shorten_pieces(("/kort", "/" + "x" * 80 + "einde"), font, 6.5, 60, 100) \
        .endswith("einde")
    short = shorten_chars("schoolpleinen-in-beweging.nl", font, 6.5, 40)
    assert short.startswith("school") and short.endswith(".nl") and "…" in short
    assert stringWidth(short, font, 6.5) <= 40


def test_a_host_too_wide_for_the_first_line_goes_on_over_the_second_rather_than_shortened(
        font):
    """'7 · schoole…eid.nl' left the second line empty and the host unreadable."""
    host = "schoolenveiligheid.nl"
    width = stringWidth(host, font, 6.5) + 1
    assert fit_caption(caption, (host,), font, 6.5, width, 34) == ("12 ·", host)
    pieces = ("gelijke-kansen.nl", "/brug")
    width = stringWidth("-kansen.nl/brug", font, 6.5) + 1
    assert fit_caption(caption, pieces, font, 6.5, width, 34) == \
        ("12 · gelijke", "-kansen.nl/brug")
    assert "…" in fit_caption(caption, (host, "/kennisbank/inclusie"), font, 6.5, width,
                              34)[0]


def test_two_addresses_that_differ_at_their_end_get_captions_that_differ(font):
    """Both read 'netwerkm…ogen.nl /media/filer….pdf': the file's name, which tells one
    from the other, was cut away."""
    path = "/media/filer_public/dc/30/dc30ed7d-a05c-435f/ondersteuningsroute-{}.pdf"
    lines = {sector: fit_caption(caption, ("netwerkmetandereogen.nl",
                                           *pieces_at_separators(path.format(sector))),
                                 font, 6.5, 95, 34)
             for sector in ("po", "vo")}
    assert lines["po"] != lines["vo"]
    assert lines["po"][-1].endswith("-po.pdf"), lines


def test_a_caption_carries_a_host_whole_rather_than_leave_its_last_label_alone(font):
    """'34 · studiezalen' over '.com' read as two lines of their own."""
    host = "studiezalen.com"
    width = stringWidth(host, font, 6.5) + 1
    assert fit_caption(caption, (host,), font, 6.5, width, 40) == ("12 ·", host)
    narrow = stringWidth("studiezalen", font, 6.5) + 1  # '.com' alone is never a line
    assert ".com" not in [line.strip() for line in
                          fit_caption(caption, (host,), font, 6.5, narrow, 40)]


@pytest.mark.parametrize("width", [60, 66, 72, 80, 100])
def test_a_captions_first_line_ends_with_a_whole_segment_of_the_path(font, width):
    """'38 · convinza.nl/wp' over '-content…' read as two addresses."""
    pieces = ("convinza.nl", *pieces_at_separators(
        "/wp-content/uploads/2019/02/Met-Lef_zevengoedevoorbeelden_V3.pdf"))
    first, second = fit_caption(caption, pieces, font, 6.5, width, 34)
    assert not second.startswith("-") and not first.endswith("/wp"), (first, second)


@pytest.mark.parametrize("width", [50, 60, 70, 80])
def test_a_long_word_of_an_address_breaks_between_syllables(font, width):
    """'detransformatievesch' over 'ool.org/' in "Alle links": where no separator falls on
    a line, it ends between two syllables ('detransformatieve' over 'school.org/')."""
    from inspiratiekaart.render.hyphenation import hyphenator

    syllables = hyphenator("nl_NL")
    address = "https://detransformatieveschool.org/jongemantelzorgvriendelijkeschool"
    lines = wrap_text(address, font, 7, width, syllables)
    assert "".join(lines) == address
    for line, following in pairwise(lines):
        if line[-1].isalpha() and following[0].isalpha():
            word = re.search(r"[^\W\d_]+$", line)[0] + re.match(r"[^\W\d_]+", following)[0]
            heads = [head for head, _ in syllables(word)]
            assert re.search(r"[^\W\d_]+$", line)[0] in heads, (line, following)


def test_a_shortened_host_has_no_dot_beside_its_ellipsis(font):
    """'klassenm….ncoj.nl' read as four dots."""
    host = "klassenmanagement.ncoj.nl"
    for width in range(30, 90, 2):
        short = shorten_chars(host, font, 6.5, width)
        if "…" in short and len(short) > 6:
            assert ".…" not in short and "…." not in short, (width, short)


def test_a_host_too_wide_for_either_line_goes_on_between_two_of_its_syllables(font):
    """'7 · schoole…eid.nl' beside an empty line: on a card, the host fits neither line
    whole, but it does over both, broken between syllables with nothing added."""
    from inspiratiekaart.render.hyphenation import TEXT_LANGUAGE, hyphenator

    host = "schoolenveiligheid.nl"
    width = stringWidth("schoolenveiligheid.n", font, 6.5)  # not the whole host
    lines = fit_caption(caption, (host,), font, 6.5, width, 40, hyphenator(TEXT_LANGUAGE))
    first, second = lines
    assert "…" not in first + second
    assert first.removeprefix("12 · ") + second == host
    assert first.removeprefix("12 · ") in {"school", "schoolen", "schoolenvei", "schoolenveilig"}
