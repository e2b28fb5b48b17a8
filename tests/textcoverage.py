"""Compare printed or transcribed text with the source: runs of five words, normalised."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

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


def coverage(text: str, source: list[str] | None = None) -> tuple[float, list[str]]:
    """Share of the five-word runs of the source found in ``text``, and the runs missing.

    The source is the real publication's source text, or the texts of ``source``, each
    on its own (a run never spans two of them; a text shorter than a run is one run).
    """
    if source is None:
        wanted = runs(words(source_text()))
    else:
        pieces = [words(piece) for piece in source]
        wanted = [run for tokens in pieces if tokens
                  for run in runs(tokens, min(RUN, len(tokens)))]
    printed = words(text)
    have = {run for size in {len(run) for run in wanted} for run in runs(printed, size)}
    missing = [" ".join(run) for run in wanted if run not in have]
    return 1 - len(missing) / len(wanted), missing


CAPTION = re.compile(r"^\d+( ·.*)?$|^\S*…\S*$|^[/?#._=&~%-]\S*$|^[\w@-]+(\.[\w-]+)+(/\S*)?$")


CONTINUED = re.compile(r"\(vervolg\)$", re.IGNORECASE)
"""A block's heading repeated over its part on the next page."""


def without_furniture(text: str) -> str:
    """Printed text without QR captions, bare addresses, page numbers between paragraphs
    and the headings repeated over a block's part on the next page."""
    lines = [line.strip() for line in text.replace("\r", "").split("\n")]
    return "\n".join(line for line in lines
                     if not CAPTION.match(line) and not CONTINUED.search(line))


TEXT_KEYS = frozenset({"title", "subtitle", "tagline", "intro", "text", "items", "heading",
                       "speaker"})
"""The keys of content files whose values are printed text."""
LINK = re.compile(r"\[((?:[^\]\\]|\\.)*)\]\((?:[^()\s]|\([^()\s]*\))*\)(?:\{[^}]*\})?")


def content_texts(content_dir: Path, themes_only: bool = False) -> list[str]:
    """Every text an editor wrote in a content folder as a reader should see it, read from
    the YAML files alone (not through the pipeline): a link as its anchor, escapes undone.
    ``themes_only``: the texts of the theme files (what a card deck shows)."""
    files = sorted((content_dir / "themes").glob("*.yaml"))
    if not themes_only:
        files.insert(0, content_dir / "publication.yaml")
    texts: list[str] = []
    for path in files:
        texts += _texts(yaml.safe_load(path.read_text(encoding="utf-8")), False)
    return [LINK.sub(r"\1", text).replace("\\", "") for text in texts]


def _texts(value: object, printed: bool) -> list[str]:
    """The strings in ``value`` that stand under a key of :data:`TEXT_KEYS`, at any depth
    (and the ``text`` of an item under one)."""
    if isinstance(value, str):
        return [value] if printed else []
    if isinstance(value, list):
        return [t for item in value for t in _texts(item, printed)]
    if isinstance(value, dict):
        return [t for key, item in value.items() for t in _texts(item, key in TEXT_KEYS)]
    return []
