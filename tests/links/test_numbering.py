"""Every document numbers its own links 1..N in reading order; links.csv says each number."""

from __future__ import annotations

import csv
import re

from tests.pdfcheck import page_texts

READING = ("brochure.pdf", "cards.pdf", "booklet-po.pdf", "booklet-vo.pdf", "booklet-go.pdf",
           "booklet-mbo.pdf")


def csv_numbers(built) -> dict[str, dict[str, int]]:
    """Document → address → number, from links.csv's numbers column."""
    numbers: dict[str, dict[str, int]] = {}
    with open(built / "links.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for part in filter(None, row["numbers"].split("; ")):
                name, number = part.rsplit(" ", 1)
                numbers.setdefault(name, {})[row["url"]] = int(number)
    return numbers


def test_links_csv_gives_gapless_numbers_for_every_document_a_link_is_printed_in(built):
    numbers = csv_numbers(built)
    with open(built / "links.csv", encoding="utf-8") as handle:
        printed = {row["url"]: {p.split(" p. ")[0] for p in row["printed"].split("; ") if p}
                   for row in csv.DictReader(handle)}
    for name in READING:
        assert sorted(numbers[name].values()) == list(range(1, len(numbers[name]) + 1)), name
        assert set(numbers[name]) == {url for url, files in printed.items() if name in files}


def test_every_document_shows_its_numbers_without_gaps(built):
    for name in READING:
        text = " ".join(page_texts(built / name))
        shown = {int(n) for n in re.findall(r"(?<![\d/.])(\d{1,3}) ·", text)}
        expected = set(csv_numbers(built)[name].values())
        assert shown == expected, (name, sorted(expected - shown), sorted(shown - expected))


def test_a_sector_booklet_starts_at_one(built):
    numbers = csv_numbers(built)["booklet-mbo.pdf"]
    first = min(numbers, key=numbers.get)
    assert numbers[first] == 1
