"""links.csv, the redirect map and the slug lock."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .registry import LinkRegistry
from .slugs import assign_slugs, read_lock, write_lock

CSV_COLUMNS = ("id", "number", "url", "qr", "slug", "themes", "sectors", "printed")
LOCK_FILE = "links.lock.yaml"


def apply_slugs(registry: LinkRegistry, content_dir: Path, redirect_base: str | None,
                grow_lock: bool = True) -> None:
    """Give every entry its durable slug when short links are set up.

    The lock file is content: it is checked whenever it exists, short links on or off.
    With ``grow_lock`` new slugs are appended to it. Every slug the lock holds, those of
    addresses no longer in the content included, stays in ``registry.slugs``: a code once
    printed keeps working.
    """
    lock_path = content_dir / LOCK_FILE
    locked = read_lock(lock_path)
    if not redirect_base:
        return
    slugs = assign_slugs([entry.url for entry in registry], locked)
    if grow_lock:
        write_lock(lock_path, slugs, locked)
    registry.slugs = slugs
    for entry in registry:
        entry.slug = slugs[entry.url]


def links_csv(registry: LinkRegistry) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in registry:
        writer.writerow([entry.id, entry.number, entry.url, entry.payload, entry.slug or "",
                         " ".join(entry.themes), " ".join(sorted(entry.sectors)),
                         "; ".join(entry.placements)])
    return buffer.getvalue()


def redirects_file(slugs: dict[str, str], redirect_base: str) -> str:
    """Netlify/Cloudflare-style ``_redirects``: ``/r/abc12 https://… 301``, one per slug."""
    prefix = _path_prefix(redirect_base)
    return "".join(f"{prefix}{slug} {url} 301\n" for url, slug in slugs.items())


def nginx_map(slugs: dict[str, str], redirect_base: str) -> str:
    """An nginx ``map`` from request path to target, with the server lines that use it."""
    prefix = _path_prefix(redirect_base)
    lines = ["# Include in the http block; see docs/links.md.",
             "map $uri $inspiratiekaart_target {", "    default \"\";"]
    lines += [f"    {prefix}{slug} \"{url}\";" for url, slug in slugs.items()]
    lines += ["}", "", "# In the server block:",
              "# if ($inspiratiekaart_target) { return 301 $inspiratiekaart_target; }", ""]
    return "\n".join(lines)


def _path_prefix(redirect_base: str) -> str:
    path = "/" + redirect_base.split("://", 1)[1].split("/", 1)[1]
    return path if path.endswith("/") else path + "/"


def links_files(registry: LinkRegistry, redirect_base: str | None) -> dict[str, bytes]:
    """links.csv and, when short links are set up, the redirect map, as bytes."""
    files = {"links.csv": links_csv(registry).encode("utf-8")}
    if redirect_base:
        slugs = registry.slugs
        files["redirects/_redirects"] = redirects_file(slugs, redirect_base).encode("utf-8")
        files["redirects/nginx.conf"] = nginx_map(slugs, redirect_base).encode("utf-8")
    return files
