"""Nothing in the code names a publication's pillars, sectors, themes or wording: the
package is read as text (comments, docstrings and messages included) for every name the
real content and the second publication give them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PUBLICATIONS = [ROOT / "content", ROOT / "tests" / "data" / "second-publication"]
CODE = sorted((ROOT / "inspiratiekaart").rglob("*.py"))


def content_names(content: Path) -> dict[str, set[str]]:
    """What a publication names, by kind, read from its YAML files."""
    publication = yaml.safe_load((content / "publication.yaml").read_text(encoding="utf-8"))
    themes = [yaml.safe_load(path.read_text(encoding="utf-8"))
              for path in sorted((content / "themes").glob("*.yaml"))]
    words = {word for row in publication.get("wording") or [] for key, text in row.items()
             for word in re.split(r"[\s/-]+", text) if len(word) > 4}
    return {
        "pillar": {p["id"] for p in publication["pillars"]} | {p["name"] for p in
                                                               publication["pillars"]},
        "sector id": {s["id"] for s in publication["sectors"]},
        "sector": {s["short"] for s in publication["sectors"]} | {s["name"] for s in
                                                                   publication["sectors"]},
        "theme": {t["id"] for t in themes} | {t["title"] for t in themes},
        "wording": words,
        "publication": {publication["title"], publication["programme"],
                        *publication["publishers"]},
    }


def mentions(text: str, name: str, kind: str, ids: set[str] = frozenset()) -> bool:
    """Whether ``text`` names ``name``: as a word (a short upper-case sector code exactly);
    a sector id only where code would use it as one (also an English word, like go):
    quoted, after ``=`` or "such as", or next to another of the sector ``ids``."""
    word = rf"(?<![\w-]){re.escape(name)}(?![\w-])"
    if kind == "sector id":
        others = "|".join(re.escape(other) for other in sorted(ids - {name})) or "(?!)"
        used = [rf"[\"']{re.escape(name)}[\"']", rf"=\s*{word}", rf"such as {word}",
                rf"{word}\s*[,/]\s*(?:{others})(?![\w-])",
                rf"(?<![\w-])(?:{others})\s*[,/]\s*{word}"]
        return any(re.search(pattern, text) for pattern in used)
    return re.search(word, text, 0 if name.isupper() else re.IGNORECASE) is not None


@pytest.mark.parametrize("content", PUBLICATIONS, ids=lambda path: path.name)
def test_the_package_names_nothing_of_the_content(content):
    found = []
    sources = {path: path.read_text(encoding="utf-8") for path in CODE}
    for kind, names in content_names(content).items():
        ids = names if kind == "sector id" else set()
        for name in sorted(names):
            for path, text in sources.items():
                if not mentions(text, name, kind, ids):
                    continue
                found += [f"{path.relative_to(ROOT)}:{number}: {kind} {name!r}: {line.strip()}"
                          for number, line in enumerate(text.splitlines(), 1)
                          if mentions(line, name, kind, ids)]
    assert not found, "\n".join(found)


def test_the_search_finds_a_name_where_code_would_use_it():
    ids = {"po", "vo", "go", "mbo"}
    assert mentions('if sector == "mbo":', "mbo", "sector id", ids)
    assert mentions("such as po)", "po", "sector id", ids)
    assert mentions("sectors=po,vo)", "vo", "sector id", ids)
    assert mentions("for PO/VO/GO: po/vo/go", "go", "sector id", ids)
    assert not mentions("its codes go into one row", "go", "sector id", ids)
    assert not mentions("Where problems go, and what", "go", "sector id", ids)
    assert mentions("# the Leerlingen/studenten phrase", "leerlingen", "wording")
    assert mentions("PO, VO", "PO", "sector")
    assert not mentions("a PDF export", "PO", "sector")
    assert mentions('pillar.id == "beleid"', "beleid", "pillar")
