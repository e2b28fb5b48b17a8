"""Short, durable slugs for redirect links, kept in a lock file that only ever grows."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from ..output import write_text_atomic

ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
"""Letters and digits that cannot be mistaken for each other (no 0/o, 1/l/i)."""
SLUG_LENGTH = 5
LOCK_HEADER = (
    "# Short-link slugs: address -> slug. Written by the build when links.redirect_base is set.\n"
    "# A slug once printed must keep its target: never change or reuse a line, only add.\n"
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
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ValueError(f"{path}: expected 'address: slug' lines")
    return {str(url): slug for url, slug in data.items()}


def write_lock(path: Path, slugs: dict[str, str], previous: dict[str, str]) -> None:
    """Append the new slugs to the lock file; existing lines stay exactly as they were."""
    added = {url: slug for url, slug in slugs.items() if url not in previous}
    if not added and path.exists():
        return
    text = path.read_text(encoding="utf-8") if path.exists() else LOCK_HEADER
    if text and not text.endswith("\n"):
        text += "\n"
    for url, slug in added.items():
        text += yaml.safe_dump({url: slug}, allow_unicode=True, width=10_000)
    write_text_atomic(path, text)
