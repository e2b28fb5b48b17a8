"""Short, durable slugs for redirect links, kept in a lock file that only ever grows."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from ..content.fields import kind_of
from ..content.problems import ContentError, Problems, excerpt
from ..content.urls import UrlError, normalise_url
from ..content.yamlfile import Node, read_yaml
from ..output import write_text_atomic

ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
"""Letters and digits that cannot be mistaken for each other (no 0/o, 1/l/i)."""
SLUG_LENGTH = 5
MAX_SLUG_LENGTH = 16
SLUG = re.compile(rf"[{ALPHABET}]{{{SLUG_LENGTH},{MAX_SLUG_LENGTH}}}")
LOCK_HEADER = (
    "# Short-link slugs: address -> slug. Written by the build when links.redirect_base is set.\n"
    "# A slug once printed keeps working: never delete a line or reuse a slug. To send a\n"
    "# printed code to a page that moved, change the address on its line, keep the slug.\n"
)


def slug_candidates(url: str, length: int = SLUG_LENGTH):
    """Endless deterministic candidates for ``url``: a hash of the address, then salted."""
    salt = 0
    while True:
        digest = hashlib.sha256(f"{salt}:{url}".encode()).digest()
        number = int.from_bytes(digest[:8], "big")
        chars = []
        for _ in range(length):
            number, index = divmod(number, len(ALPHABET))
            chars.append(ALPHABET[index])
        yield "".join(chars)
        salt += 1


def assign_slugs(urls: list[str], locked: dict[str, str]) -> dict[str, str]:
    """Slugs for ``urls``: locked ones unchanged, new ones unique. Returns the grown lock."""
    result = dict(locked)
    taken = set(result.values())
    for url in urls:
        if url in result:
            continue
        slug = next(c for c in slug_candidates(url) if c not in taken)
        result[url] = slug
        taken.add(slug)
    return result


def read_lock(path: Path) -> dict[str, str]:
    """The lock file's address → slug lines, each address normalised as a link in the content
    is; anything else in the file is a content error, every problem reported at once."""
    if not path.exists():
        return {}
    problems = Problems()
    slugs = _lock_entries(path, problems)
    if problems:
        raise ContentError(sorted(problems.items))
    return slugs


def _lock_entries(path: Path, problems: Problems) -> dict[str, str]:
    """The valid entries of the lock file; a problem recorded for every other line."""
    root = read_yaml(path, problems)
    if root is None:
        return {}
    if not isinstance(root.value, dict):
        problems.add(path, root.line, "", "expected one 'address: slug' line per link "
                     "(see docs/links.md)")
        return {}
    slugs: dict[str, str] = {}
    line_of_slug: dict[str, int] = {}
    line_of_url: dict[str, int] = {}
    for written, node in root.value.items():
        url = _locked_address(written, node.line, path, problems)
        slug = _locked_slug(node, path, problems)
        if url is None or slug is None:
            continue
        if slug in line_of_slug:
            problems.add(path, node.line, "slug", f"'{slug}' is already the slug of line "
                         f"{line_of_slug[slug]}: one slug leads to one address; give this "
                         "address the slug it was printed with")
        elif url in line_of_url:
            problems.add(path, node.line, "address", f"{excerpt(url)} is already on line "
                         f"{line_of_url[url]} (written differently): one address has one "
                         "slug; keep the line whose slug was printed")
        else:
            line_of_slug[slug], line_of_url[url] = node.line, node.line
            slugs[url] = slug
    return slugs


def _locked_address(written: str, line: int, path: Path, problems: Problems) -> str | None:
    """The address of a lock line, checked and normalised exactly as a link in the content."""
    try:
        return normalise_url(written)
    except UrlError as error:
        problems.add(path, line, "address", f"{error}; correct the address on this line")
        return None


def _locked_slug(node: Node, path: Path, problems: Problems) -> str | None:
    """The slug of a lock line, or None with the problem recorded."""
    slug = node.value
    if isinstance(slug, int) and not isinstance(slug, bool):
        slug = str(slug)  # a slug of digits alone, unquoted, as earlier versions wrote it
    if isinstance(slug, str) and SLUG.fullmatch(slug):
        return slug
    found = excerpt(slug) if isinstance(slug, str) else kind_of(slug)
    problems.add(path, node.line, "slug", f"{found} is not a slug (expected {SLUG_LENGTH} to "
                 f"{MAX_SLUG_LENGTH} of {ALPHABET}); write the slug that was printed for "
                 "this address")
    return None


def write_lock(path: Path, slugs: dict[str, str], previous: dict[str, str]) -> None:
    """Append the new slugs to the lock file; existing lines stay exactly as they were."""
    added = {url: slug for url, slug in slugs.items() if url not in previous}
    if not added:
        return
    text = path.read_text(encoding="utf-8") if path.exists() else LOCK_HEADER
    if text and not text.endswith("\n"):
        text += "\n"
    for url, slug in added.items():
        # One line, both quoted: a slug of digits alone would otherwise be read as a number.
        text += f"{json.dumps(url, ensure_ascii=False)}: {json.dumps(slug)}\n"
    write_text_atomic(path, text)
