"""The links target: links.csv, and the redirect maps when short links are set up."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import unquote_to_bytes

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspiratiekaart.content.loader import load_publication
from inspiratiekaart.links.registry import LinkRegistry, build_registry
from inspiratiekaart.links.report import nginx_map, nginx_string, redirects_field, redirects_file
from inspiratiekaart.links.slugs import ALPHABET
from inspiratiekaart.pipeline import BuildOptions, build
from tests.conftest import CONTENT
from tests.pdfcheck import decode_page

HEADER = "id,number,url,qr,slug,themes,sectors,printed,numbers"
BASE = "https://kort.example/r/"
PRINTED = re.compile(r"brochure\.pdf p\. (\d+(?:, \d+)*)")
SLUG = f"[{ALPHABET}]{{5}}"


@pytest.fixture(scope="module")
def registry() -> LinkRegistry:
    """The registry of the real content."""
    return build_registry(load_publication(CONTENT))


@pytest.fixture(scope="module")
def rows(built: Path) -> list[dict[str, str]]:
    """links.csv of the full build, one dict per link."""
    return list(csv.DictReader(io.StringIO((built / "links.csv").read_text(encoding="utf-8"))))


@pytest.fixture
def short_links(content_copy: Path, tmp_path: Path) -> Path:
    """The output folder of a ``links`` build of content with a redirect base."""
    path = content_copy / "publication.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "redirect_base: null", f'redirect_base: "{BASE}"'), encoding="utf-8")
    out = tmp_path / "output"
    build(BuildOptions(content_dir=content_copy, out_dir=out, targets=("links",), quiet=True),
          say=lambda line: None)
    return out


def read_rows(out: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((out / "links.csv").read_text(encoding="utf-8"))))


def test_csv_columns_exactly(built):
    text = (built / "links.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == HEADER
    assert all(len(row) == 9 for row in csv.reader(io.StringIO(text)))


def test_csv_rows_follow_the_registry(rows, registry):
    assert [row["url"] for row in rows] == [entry.url for entry in registry]
    for row, entry in zip(rows, registry, strict=True):
        assert (row["id"], int(row["number"])) == (entry.id, entry.number)
        assert row["themes"].split() == entry.themes
        assert set(row["sectors"].split()) == entry.sectors
        assert row["sectors"].split() == sorted(entry.sectors)


def test_qr_is_the_address_without_redirect_base(rows, built):
    assert all(row["qr"] == row["url"] and row["slug"] == "" for row in rows)
    assert not (built / "redirects").exists()


def test_printed_names_brochure_pages(rows):
    for row in rows:
        assert PRINTED.search(row["printed"]), row


def test_printed_pages_hold_the_code(rows, built):
    """The brochure pages listed for the first link each show its code."""
    pages = [int(p) for p in PRINTED.search(rows[0]["printed"]).group(1).split(", ")]
    assert len(pages) >= 2  # beside the text and in the appendix
    for page in pages:
        decoded = {d.text for d in decode_page(built / "brochure.pdf", page - 1, dpi=150)}
        assert rows[0]["qr"] in decoded, f"page {page}"


def test_qr_is_base_and_slug_with_redirect_base(short_links):
    rows = read_rows(short_links)
    assert len(rows) == 67
    for row in rows:
        assert re.fullmatch(SLUG, row["slug"])
        assert row["qr"] == BASE + row["slug"]
    assert len({row["slug"] for row in rows}) == 67
    assert all(row["printed"] == "" for row in rows)  # no renderer ran


def test_redirects_file_format(short_links):
    rows = read_rows(short_links)
    lines = (short_links / "redirects" / "_redirects").read_text(encoding="utf-8").splitlines()
    assert lines == [f"/r/{row['slug']} {row['url']} 301" for row in rows]
    for line in lines:
        assert re.fullmatch(rf"/r/{SLUG} https?://\S+ 301", line)


def test_nginx_map_format(short_links):
    rows = read_rows(short_links)
    text = (short_links / "redirects" / "nginx.conf").read_text(encoding="utf-8")
    body = re.search(r"^map \$uri \$inspiratiekaart_target \{\n(.*?)^\}$", text,
                     re.MULTILINE | re.DOTALL)
    assert body
    lines = body.group(1).splitlines()
    assert lines[0] == '    default "";'
    assert lines[1:] == [f'    "/r/{row["slug"]}" "{row["url"]}";' for row in rows]
    assert "return 301 $inspiratiekaart_target;" in text


def test_printed_slug_keeps_redirecting_after_its_link_changes(short_links, content_copy):
    old = {row["url"]: row["slug"] for row in read_rows(short_links)}
    theme = content_copy / "themes" / "meertaligheid.yaml"
    theme.write_text(theme.read_text(encoding="utf-8").replace(
        "(https://www.globaltalk.nl/)", "(https://www.globaltalk.nl/tolken/)"), encoding="utf-8")
    build(BuildOptions(content_dir=content_copy, out_dir=short_links, targets=("links",),
                       quiet=True), say=lambda line: None)
    redirects = (short_links / "redirects" / "_redirects").read_text(encoding="utf-8")
    assert f"/r/{old['https://www.globaltalk.nl/']} https://www.globaltalk.nl/ 301" in redirects


# Making an address safe for each map -------------------------------------------------------
HOSTILE = [
    "https://example.org/prijs$5/euro",
    "https://example.org/$host/$1",
    'https://evil"{}$host;/x',
    "https://example.org/a;b/c;",
    "https://example.org/a\\b\"c",
    "https://example.org/ \n}\nserver { listen 80; }\n",
    "https://example.org/x\n/* https://evil.example/ 301",
    "https://example.org/\tx\r\x00\x7f\u2028\u00a0café",
    "https://example.org/:splat/a*b/:naam#frag$1",
    "#comment",
    "mailto:info@example.org?subject=$host",
]
"""Addresses with every character that means something in nginx or ``_redirects``. Some
cannot come from checked content (whitespace); the makers of the maps must be safe anyway."""
URL_TEXT = st.text(st.sampled_from("abc/:.?#=&%*$;{}'\"\\ \t\n\r\x00é€😀"), min_size=1, max_size=40)
NGINX_TOKEN = re.compile(r'"[!#%&\'()*+,\-./0-9:;<=>?@A-Z\[\]^_`a-z{|}~]*"')
"""A double-quoted nginx string of printable ASCII without '"', '\\' or '$': one token, no
variable."""


def same_address(escaped: str, original: str) -> bool:
    """Whether the two are the same address once percent-encodings are decoded."""
    return unquote_to_bytes(escaped) == unquote_to_bytes(original)


@pytest.mark.parametrize("url", HOSTILE)
def test_nginx_string_is_one_token_without_variables(url):
    quoted = nginx_string(url)
    assert NGINX_TOKEN.fullmatch(quoted), quoted
    assert same_address(quoted[1:-1], url)


def test_nginx_string_changes_only_what_nginx_reads():
    assert nginx_string("https://example.org/prijs$5/euro") == \
        '"https://example.org/prijs%245/euro"'
    assert nginx_string("https://example.org/a;b/{c}?q='x'#y") == \
        '"https://example.org/a;b/{c}?q=\'x\'#y"'
    assert nginx_string('https://evil"{}$host;/x\\') == '"https://evil%22{}%24host;/x%5C"'


@pytest.mark.parametrize("url", HOSTILE)
def test_redirects_field_is_one_field_without_patterns(url):
    field = redirects_field(url)
    assert field.isascii() and field.isprintable() and len(field.split()) == 1
    assert not field.startswith("#")
    after_host = re.sub(r"^[a-z]+:(//[^/?#]*)?", "", field)
    assert "*" not in after_host and not re.search(r":[A-Za-z_]", after_host), field
    assert same_address(field, url)


def test_redirects_field_changes_only_what_redirects_reads():
    assert redirects_field("https://example.org:8443/prijs$5/a;b?q='x'#y") == \
        "https://example.org:8443/prijs$5/a;b?q='x'#y"
    assert redirects_field("https://example.org/:splat/a*b/:naam/:8") == \
        "https://example.org/%3Asplat/a%2Ab/%3Anaam/:8"
    assert redirects_field("https://example.org/x /* https://evil.example/") == \
        "https://example.org/x%20/%2A%20https://evil.example/"
    assert redirects_field("mailto:info@example.org") == "mailto:info@example.org"


@given(URL_TEXT)
@settings(max_examples=300)
def test_any_text_is_made_safe_for_both_maps(text):
    quoted = nginx_string(text)
    assert NGINX_TOKEN.fullmatch(quoted) and same_address(quoted[1:-1], text)
    field = redirects_field(text)
    assert field and len(field.split()) == 1 and not field.startswith("#")
    assert field.isascii() and same_address(field, text)


def test_hostile_addresses_stay_inside_their_line_of_each_map():
    slugs = {url: f"s{index:04d}x".replace("0", "z").replace("1", "y") for index, url
             in enumerate(HOSTILE)}
    rules = redirects_file(slugs, BASE).splitlines()
    assert len(rules) == len(HOSTILE)
    for line, (url, slug) in zip(rules, slugs.items(), strict=True):
        fields = line.split()
        assert fields[0] == f"/r/{slug}" and fields[2] == "301" and len(fields) == 3
        assert same_address(fields[1], url)
    text = nginx_map(slugs, BASE)
    entries = re.search(r"\{\n(.*?)\n\}\n", text, re.DOTALL).group(1).splitlines()
    assert len(entries) == len(HOSTILE) + 1
    for line, slug in zip(entries[1:], slugs.values(), strict=True):
        assert re.fullmatch(rf'    "/r/{slug}" {NGINX_TOKEN.pattern};', line), line
    assert "$" not in text.replace("map $uri $inspiratiekaart_target", "").replace(
        "$inspiratiekaart_target", "")
