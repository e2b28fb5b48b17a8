"""Compare printed or transcribed text with the source: runs of five words, normalised."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

SOURCE = Path(__file__).parent / "data" / "source" / "inspiratiekaart-gelijke-kansen.txt"
URL = re.compile(r"https?://\S+")
RUN = 5


def source_text() -> str:
    """The source without its URL lines and page numbers."""
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not URL.match(line.strip())
            and not re.fullmatch(r"\s*\d{1,2}\s*", line)]
    return "\n".join(kept)


def source_urls() -> set[str]:
    return set(URL.findall(SOURCE.read_text(encoding="utf-8")))


def words(text: str) -> list[str]:
    """Lowercase words, hyphen splits at line ends joined, punctuation and hyphens dropped."""
    text = unicodedata.normalize("NFC", text).replace("\x02", "").replace("\xad", "")
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
    text = re.sub(r"(?:(?<=[^\W\d_])|(?<=[’”)]))\d+\b", "", text)  # link numbers
    text = URL.sub(" ", text).lower().replace("-", "")
    return [w for w in re.findall(r"\w+", text) if not (w.isdigit() and len(w) < 3)]


def runs(tokens: list[str], size: int = RUN) -> list[tuple[str, ...]]:
    return [tuple(tokens[i:i + size]) for i in range(len(tokens) - size + 1)]


def coverage(text: str) -> tuple[float, list[str]]:
    """Share of the source's five-word runs found in ``text``, and the runs missing."""
    wanted = runs(words(source_text()))
    have = set(runs(words(text)))
    missing = [" ".join(run) for run in wanted if run not in have]
    return 1 - len(missing) / len(wanted), missing


CAPTION = re.compile(r"^\d+( ·.*)?$|^\S*…\S*$|^/\S*$|^[\w-]+(\.[\w-]+)+(/\S*)?$")


CONTINUED = re.compile(r"\(vervolg\)$", re.IGNORECASE)
"""A block's heading repeated over its part on the next page."""


def without_furniture(text: str) -> str:
    """Printed text without QR captions, bare addresses, page numbers between paragraphs
    and the headings repeated over a block's part on the next page."""
    lines = [line.strip() for line in text.replace("\r", "").split("\n")]
    return "\n".join(line for line in lines
                     if not CAPTION.match(line) and not CONTINUED.search(line))
