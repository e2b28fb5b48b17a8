"""Short, durable slugs for redirect links, kept in a lock file that only ever grows."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from ..content.problems import ContentError, Problems
from ..content.yamlfile import read_yaml
from ..output import write_text_atomic

ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
"""Letters and digits that cannot be mistaken for each other (no 0/o, 1/l/i)."""
SLUG_LENGTH = 5
SLUG = re.compile(rf"^[{ALPHABET}]{{{SLUG_LENGTH},}}$")
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
    """The lock file's address → slug lines; a malformed lock is a content error."""
    if not path.exists():
        return {}
    problems = Problems()
    root = read_yaml(path, problems)
    if root is not None and not isinstance(root.value, dict):
        problems.add(path, root.line, "", "expected 'address: slug' lines")
    slugs: dict[str, str] = {}
    first_use: dict[str, int] = {}
    for url, node in (root.value.items() if root is not None and isinstance(root.value, dict)
                      else ()):
        slug = node.value
        if not isinstance(slug, str) or not SLUG.match(slug):
            problems.add(path, node.line, url, f"{slug!r} is not a slug ({SLUG_LENGTH} or more "
                         f"of {ALPHABET})")
        elif slug in first_use:
            problems.add(path, node.line, url, f"slug '{slug}' is already used on line "
                         f"{first_use[slug]}: one slug, one address")
        else:
            first_use[slug] = node.line
            slugs[str(url)] = slug
    if problems:
        raise ContentError(problems.items)
    return slugs


def write_lock(path: Path, slugs: dict[str, str], previous: dict[str, str]) -> None:
    """Append the new slugs to the lock file; existing lines stay exactly as they were."""
    added = {url: slug for url, slug in slugs.items() if url not in previous}
    if not added and path.exists():
        return
    text = path.read_text(encoding="utf-8") if path.exists() else LOCK_HEADER
    if text and not text.endswith("\n"):
        text += "\n"
    for url, slug in added.items():
        text += f"{json.dumps(url, ensure_ascii=False)}: {slug}\n"  # one line, quoted
    write_text_atomic(path, text)
