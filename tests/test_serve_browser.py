"""``serve`` in a real browser (headless Chromium from Debian, driven by Playwright): a
saved sentence updates its page and marks it, a broken file shows its problem with file
and line while the last good pages stay, and fixing it clears the problem. The page itself:
its status stays in view, its pages open with the keyboard, its counts match its list."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from benchmarks.serve_latency import ServeProcess, built
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


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServeProcess, Path]]:
    """``serve brochure links`` on a copy of the content, its first build done; and that
    copy."""
    scratch = tmp_path_factory.mktemp("serve-page")
    content = Path(shutil.copytree(CONTENT, scratch / "content"))
    serve = ServeProcess(content, scratch / "out", "brochure", "links")
    events = serve.events()
    try:
        events.wait_for(built, WAIT_MS / 1000)
        yield serve, content
    finally:
        events.close()
        serve.stop()


def open_preview(page, serve: ServeProcess) -> None:
    page.goto(f"http://{serve.host}:{serve.port}/")
    page.wait_for_function("() => document.getElementById('status').dataset.building"
                           " === 'false' && document.querySelector('.output')", timeout=WAIT_MS)


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two CSS colours given as ``rgb(r, g, b)``."""
    def luminance(colour: str) -> float:
        channels = [int(part) / 255 for part in re.findall(r"\d+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
                  for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    darker, lighter = sorted((luminance(first), luminance(second)))
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.slow
def test_the_status_stays_in_view_and_leads_to_the_problems(browser_page, preview):
    from playwright.sync_api import expect

    serve, content = preview
    theme = content / "themes" / "meertaligheid.yaml"
    original = theme.read_text(encoding="utf-8")
    page = browser_page
    page.set_viewport_size({"width": 900, "height": 500})
    open_preview(page, serve)
    outdated = page.locator("#outdated")
    expect(outdated).to_be_hidden()
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert page.evaluate("window.scrollY") > 1000
    try:
        theme.write_text(original.replace("kind: tip\n", "kind: tipz\n"), encoding="utf-8")
        problem = page.locator("#notices li.error", has_text="is not a block kind")
        problem.wait_for(timeout=WAIT_MS)
        assert page.evaluate("window.scrollY") > 1000
        expect(page.locator("#status")).to_be_in_viewport()
        expect(page.locator("#status")).to_contain_text("1 problem ·")
        expect(outdated).to_be_in_viewport()
        expect(outdated).to_have_text("The pages shown are the last good version: fix the "
                                      "problems to see your latest save.")
        page.get_by_role("button", name="Show problems and warnings").press("Enter")
        expect(page.locator("#problems")).to_be_focused()
        expect(problem).to_be_in_viewport()
    finally:
        theme.write_text(original, encoding="utf-8")
    problem.wait_for(state="detached", timeout=WAIT_MS)
    expect(outdated).to_be_hidden()


@pytest.mark.slow
def test_a_page_opens_and_closes_with_the_keyboard(browser_page, preview):
    from playwright.sync_api import expect

    page = browser_page
    open_preview(page, preview[0])
    thumbnail = page.get_by_role("button", name="brochure.pdf page 3, open large")
    thumbnail.focus()
    page.keyboard.press("Enter")
    caption = page.locator("#viewer-caption")
    expect(caption).to_have_text("brochure.pdf, page 3")
    expect(page.locator("#viewer")).to_be_focused()
    expect(page.get_by_role("img", name="brochure.pdf page 3")).to_be_visible()
    page.keyboard.press("Escape")
    expect(caption).to_have_text("Choose a page to see it large.")
    expect(page.locator("#viewer-image")).to_be_hidden()
    expect(thumbnail).to_be_focused()
    page.keyboard.press(" ")
    expect(caption).to_have_text("brochure.pdf, page 3")


@pytest.mark.slow
def test_downloads_name_their_file_and_every_file_is_listed(browser_page, preview):
    from playwright.sync_api import expect

    serve, _ = preview
    page = browser_page
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" else None)
    page.on("response", lambda response: problems.append(response.url)
            if response.status >= 400 else None)
    open_preview(page, serve)
    download = page.get_by_role("link", name="download brochure.pdf", exact=True)
    expect(download).to_have_attribute("href", "/files/brochure.pdf")
    assert download.text_content() == "download brochure.pdf"
    assert page.get_by_role("link", name="download", exact=True).count() == 0
    links = page.get_by_role("link", name="links.csv", exact=True)
    expect(links).to_have_attribute("href", "/files/links.csv")
    assert serve.get("/files/links.csv")[0] == 200
    page.wait_for_load_state("networkidle")
    assert problems == []  # the icon too is found


@pytest.mark.slow
def test_thumbnails_have_their_size_before_their_images(browser_page, preview):
    page = browser_page
    page.route("**/pages/*.png", lambda route: None)  # images that never come
    open_preview(page, preview[0])
    sizes = page.locator(".page img").evaluate_all(
        "images => images.map(i => [i.complete, i.offsetWidth, i.offsetHeight])")
    assert len(sizes) > 20
    assert all(not complete and width > 90 and height > 140
               for complete, width, height in sizes), sizes


@pytest.mark.slow
def test_changed_pages_have_a_legend_and_a_border_that_stands_out(browser_page, preview):
    from playwright.sync_api import expect

    page = browser_page
    open_preview(page, preview[0])
    expect(page.locator("#legend")).to_have_text("orange border: changed by your last save")
    border = page.locator(".page img").first.evaluate(
        "image => { image.parentElement.classList.add('changed');"
        " return getComputedStyle(image).borderTopColor; }")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert contrast(border, background) >= 3, (border, background)


def notice(severity: str, message: str) -> dict:
    return {"severity": severity, "where": "cards.pdf", "message": message}


@pytest.mark.slow
def test_the_status_counts_what_the_panel_lists(browser_page, preview):
    """Views given to the page's own ``show``, the server's events held back."""
    from playwright.sync_api import expect

    page = browser_page
    page.route("**/events", lambda route: None)
    page.goto(f"http://{preview[0].host}:{preview[0].port}/")
    view = {"cycle": 1, "building": False, "title": "", "outputs": [], "files": [],
            "preflight": "ok", "outdated": False,
            "notices": [notice("error", "preflight: fonts embedded: p. 1: X"),
                        notice("warning", "card 'A' (a) does not fit on one card"),
                        notice("warning", "preflight: cards fit: 1 card continues"),
                        notice("warning", "preflight: ink: 301 %")]}
    page.evaluate("view => show(view)", view)
    status = page.locator("#status")
    expect(status).to_have_text("1 problem · 3 warnings · preflight ok")
    assert page.locator("#notices li.warning").count() == 3
    expect(page.locator("#outdated")).to_be_hidden()
    expect(page.locator("#viewer-caption")).to_have_text("No pages yet.")

    view["notices"] = [notice("error", "blocks[1].kind: 'tipz' is not a block kind"),
                       notice("error", "preflight: fonts embedded: p. 1: X"),
                       notice("warning", "card 'A' (a) does not fit on one card")]
    page.evaluate("view => show({...view, preflight: 'failed', outdated: true})", view)
    expect(status).to_have_text("2 problems · 1 warning · preflight failed")
    expect(page.locator("#outdated")).to_have_text("No pages yet: fix the problems to see them.")
    expect(page.locator("#viewer-caption")).to_have_text(
        "No pages yet: fix the problems to see them.")
