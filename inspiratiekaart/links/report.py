"""links.csv, the redirect map and the slug lock."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from .registry import LinkRegistry
from .slugs import assign_slugs, read_lock, write_lock

CSV_COLUMNS = ("id", "number", "url", "qr", "slug", "themes", "sectors", "printed", "numbers")
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
                         "; ".join(entry.placements),
                         "; ".join(f"{name} {number}"
                                   for name, number in sorted(entry.numbers.items()))])
    return buffer.getvalue()


def redirects_file(slugs: dict[str, str], redirect_base: str) -> str:
    """Netlify/Cloudflare-style ``_redirects``: ``/r/abc12 https://… 301``, one per slug."""
    prefix = _path_prefix(redirect_base)
    return "".join(f"{redirects_field(prefix + slug)} {redirects_field(url)} 301\n"
                   for url, slug in slugs.items())


def nginx_map(slugs: dict[str, str], redirect_base: str) -> str:
    """An nginx ``map`` from request path to target, with the server lines that use it."""
    prefix = _path_prefix(redirect_base)
    lines = ["# Include in the http block; see docs/links.md.",
             "map $uri $inspiratiekaart_target {", "    default \"\";"]
    lines += [f"    {nginx_string(prefix + slug)} {nginx_string(url)};"
              for url, slug in slugs.items()]
    lines += ["}", "", "# In the server block:",
              "# if ($inspiratiekaart_target) { return 301 $inspiratiekaart_target; }", ""]
    return "\n".join(lines)


def nginx_string(value: str) -> str:
    """``value`` as one double-quoted nginx string that holds the same address.

    Inside double quotes only ``"`` and ``\\`` end or escape the string, and ``$`` starts a
    variable, which nginx would fill in from the request; they, whitespace, control and
    non-ASCII characters are percent-encoded (``$`` as ``%24``), so nothing in the value can
    close the string, start a directive or block, or take anything from the request.
    """
    return '"' + _percent_encoded(value, _NGINX_SPECIAL) + '"'


def redirects_field(value: str) -> str:
    """``value`` as one field of a ``_redirects`` line that holds the same address.

    Fields are split at whitespace and a field starting with ``#`` starts a comment;
    ``*`` is a splat and ``:name`` a placeholder, filled in from the request. Whitespace,
    control and non-ASCII characters, a leading ``#``, and every ``*`` and ``:`` before a name
    after the host are percent-encoded, so a value is one field, never a comment, a second
    rule or a pattern.
    """
    authority = _SCHEME_AND_HOST.match(value)
    head = authority.group() if authority else ""
    tail = _SPLAT_OR_PLACEHOLDER.sub(lambda match: _utf8_escapes(match.group()),
                                     value[len(head):])
    field = _percent_encoded(head + tail, "")
    return "%23" + field[1:] if field.startswith("#") else field


_NGINX_SPECIAL = '$"\\'
_SCHEME_AND_HOST = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:(?://[^/?#]*)?")
"""What a ``:`` may follow without being a placeholder: the scheme and the host with its
port (and user, which an address in print never has)."""
_SPLAT_OR_PLACEHOLDER = re.compile(r"\*|:(?=[A-Za-z_])")


def _percent_encoded(value: str, special: str) -> str:
    """``value`` with ``special``, whitespace, control and non-ASCII characters as %XX."""
    return "".join(_utf8_escapes(char) if char in special or not "!" <= char <= "~" else char
                   for char in value)


def _utf8_escapes(char: str) -> str:
    return "".join(f"%{byte:02X}" for byte in char.encode("utf-8"))


def _path_prefix(redirect_base: str) -> str:
    path = "/" + redirect_base.split("://", 1)[1].split("/", 1)[1]
    return path if path.endswith("/") else path + "/"


REDIRECTS_DIR = "redirects"
"""The folder under output/ that holds the redirect map."""


def redirect_files(registry: LinkRegistry, redirect_base: str | None) -> dict[str, bytes]:
    """The redirect map for every slug ever locked, as bytes; nothing without short links."""
    if not redirect_base:
        return {}
    slugs = registry.slugs
    return {f"{REDIRECTS_DIR}/_redirects": redirects_file(slugs, redirect_base).encode("utf-8"),
            f"{REDIRECTS_DIR}/nginx.conf": nginx_map(slugs, redirect_base).encode("utf-8")}


def links_files(registry: LinkRegistry, redirect_base: str | None) -> dict[str, bytes]:
    """links.csv and, when short links are set up, the redirect map, as bytes."""
    return {"links.csv": links_csv(registry).encode("utf-8"),
            **redirect_files(registry, redirect_base)}
