"""``serve`` in a real browser (headless Chromium from Debian, driven by Playwright): a
saved sentence updates its page and marks it, a broken file shows its problem with file
and line while the last good pages stay, and fixing it clears the problem."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from benchmarks.serve_latency import ServeProcess
from inspiratiekaart.content.loader import load_publication

from .conftest import CONTENT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SENTENCE = "Dit ondersteunt hun leerproces en sociaal-emotionele ontwikkeling."
NEW_SENTENCE = "Dit ondersteunt hun leerproces en hun welzijn op school."
WAIT_MS = 120_000


def _missing() -> str | None:
    if not Path(CHROMIUM).is_file():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is missing (pip install -e '.[test]')"
    return None


@pytest.fixture
def browser_page() -> Iterator:
    """A page of headless Chromium; in CI a missing browser is a failure, elsewhere a skip."""
    missing = _missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": 1400, "height": 1000})
        finally:
            browser.close()


def page_with(pdf: bytes, text: str) -> int:
    """The number (from 1) of the first page whose text holds ``text``."""
    document = pdfium.PdfDocument(pdf)
    try:
        for number, page in enumerate(document, 1):
            found = " ".join(page.get_textpage().get_text_range().split())
            if text in found.replace("- ", ""):
                return number
    finally:
        document.close()
    raise AssertionError(f"no page shows {text!r}")


def fingerprint(page, number: int) -> str:
    return page.get_attribute(f'[id="output-brochure.pdf"] .page[data-page="{number}"] img',
                              "data-fingerprint")


@pytest.mark.slow
def test_an_editor_saves_breaks_and_fixes_a_theme(browser_page, tmp_path):
    content = Path(shutil.copytree(CONTENT, tmp_path / "content"))
    theme = content / "themes" / "meertaligheid.yaml"
    original = theme.read_text(encoding="utf-8")
    serve = ServeProcess(content, tmp_path / "out", "brochure", "cards")
    page = browser_page
    try:
        page.goto(f"http://{serve.host}:{serve.port}/")
        page.wait_for_function("() => document.getElementById('status').dataset.building"
                               " === 'false' && document.querySelectorAll('.output').length"
                               " === 5", timeout=WAIT_MS)
        assert page.locator(".output h2").first.inner_text().startswith("brochure.pdf")
        title = f"{load_publication(content).title} · preview"  # this publication's, no other
        assert page.title() == title and page.locator("h1").inner_text() == title
        page.get_by_text("download").first.wait_for()
        number = page_with((tmp_path / "out" / "brochure.pdf").read_bytes(), "hun leerproces")
        before = fingerprint(page, number)
        pages = page.locator('[id="output-brochure.pdf"] .page').count()

        page.locator('[id="output-brochure.pdf"] .page').nth(2).click()
        assert page.locator("#viewer-caption").inner_text() == "brochure.pdf, page 3"

        theme.write_text(original.replace(SENTENCE, NEW_SENTENCE), encoding="utf-8")
        changed = f'[id="output-brochure.pdf"] .page.changed[data-page="{number}"] img'
        page.wait_for_selector(changed, timeout=WAIT_MS)
        page.wait_for_function(
            f"() => {{ const i = document.querySelector('{changed}');"
            f" return i.dataset.fingerprint !== '{before}' && i.complete && i.naturalWidth > 0;"
            " }", timeout=WAIT_MS)
        assert page_with(serve.get("/files/brochure.pdf")[2], "hun welzijn op school") == number
        first_changed = page.locator('[id="output-brochure.pdf"] .page.changed').first
        shown = page.locator("#viewer-caption").get_attribute("data-page")
        assert shown == first_changed.get_attribute("data-page")
        assert page.locator("#viewer-image").evaluate("i => i.complete && i.naturalWidth > 0")
        good = {n: fingerprint(page, n) for n in range(1, pages + 1)}

        page.wait_for_function("() => document.getElementById('status').dataset.building"
                               " === 'false'", timeout=WAIT_MS)
        theme.write_text(original.replace("kind: tip\n", "kind: <b>tipz</b>\n"),
                         encoding="utf-8")
        problem = page.locator("#notices li.error", has_text="is not a block kind")
        problem.wait_for(timeout=WAIT_MS)
        where = problem.locator(".where").inner_text()
        assert re.fullmatch(re.escape(str(theme)) + r":[1-9]\d*", where), where
        assert "'<b>tipz</b>' is not a block kind" in problem.inner_text()
        assert page.locator("#notices b").count() == 0  # the editor's text, never markup
        assert {n: fingerprint(page, n) for n in range(1, pages + 1)} == good
        if os.environ.get("SERVE_SCREENSHOT"):
            page.screenshot(path=os.environ["SERVE_SCREENSHOT"])
        assert page.locator('[id="output-brochure.pdf"] .page img').evaluate_all(
            "images => images.every(i => i.complete)")

        theme.write_text(original, encoding="utf-8")
        problem.wait_for(state="detached", timeout=WAIT_MS)
        page.wait_for_function(
            f"() => {{ const i = document.querySelector('{changed}');"
            f" return i && i.dataset.fingerprint === '{before}'; }}", timeout=WAIT_MS)
    finally:
        serve.stop()
