"""``serve`` over real HTTP on 127.0.0.1: only the output's files, no way out of it, the
events stream, the last good state while building or broken; and what a change rebuilds."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.serve_latency import EventStream, ServeProcess, built
from inspiratiekaart.content.problems import Problem
from inspiratiekaart.layout import LAYOUTS_DIR
from inspiratiekaart.layout.derived import forget_layouts
from inspiratiekaart.pipeline import BuildOptions, JobResult, load
from inspiratiekaart.preflight import FileReport
from inspiratiekaart.preflight.checks import Check
from inspiratiekaart.serve.server import file_name, view_json
from inspiratiekaart.serve.session import Built, Notice, Session, Update, affected_by_layouts
from inspiratiekaart.targets import TargetOutput

from .conftest import CONTENT, ROOT

SENTENCE = "Dit ondersteunt hun leerproces en sociaal-emotionele ontwikkeling."


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServeProcess, Path]]:
    """``serve brochure links`` on a copy of the content, its first build done."""
    scratch = tmp_path_factory.mktemp("serve")
    content = Path(shutil.copytree(CONTENT, scratch / "content"))
    serve = ServeProcess(content, scratch / "out", "brochure", "links")
    events = serve.events()
    try:
        events.wait_for(built, 300)
        yield serve, scratch
    finally:
        events.close()
        assert serve.stop() == 0, "".join(serve.lines)


def test_the_page_its_script_and_the_view(preview):
    serve, _ = preview
    status, headers, body = serve.get("/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert b'<script src="/app.js"' in body
    assert serve.get("/app.js")[0] == 200
    status, headers, body = serve.get("/view")
    view = json.loads(body)
    assert [output["name"] for output in view["outputs"]] == ["brochure.pdf"]
    assert len(view["outputs"][0]["pages"]) > 20
    assert view["files"] == ["brochure.pdf", "links.csv"]
    assert view["preflight"] == "ok" and view["outdated"] is False
    status, headers, body = serve.get("/favicon.svg")
    assert status == 200 and headers["Content-Type"] == "image/svg+xml"
    assert body.startswith(b"<svg")


def test_files_are_those_of_the_output(preview):
    serve, scratch = preview
    for name in ("brochure.pdf", "links.csv"):
        status, _, body = serve.get(f"/files/{name}")
        assert status == 200
        assert body == (scratch / "out" / name).read_bytes()
    view = json.loads(serve.get("/view")[2])
    page = view["outputs"][0]["pages"][0]
    status, headers, body = serve.get(f"/pages/{page}.png")
    assert status == 200 and headers["Content-Type"] == "image/png"
    assert body.startswith(b"\x89PNG")


@pytest.mark.parametrize("path", [
    "/files/../pyproject.toml", "/files/../../../../etc/passwd",
    "/files/%2e%2e/%2e%2e/pyproject.toml", "/files/..%2f..%2fbuild.py",
    "/files/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/files/%252e%252e%252fbuild.py",
    "/files//etc/passwd", "/files/%2fetc%2fpasswd", "/files/print/../brochure.pdf",
    "/files/.%2fbrochure.pdf", "/files/brochure.pdf%00.png", "/files/..\\build.py",
    "/files/", "/files/print/", "/files/.inspiratiekaart-manifest.json",
    "/files/preflight.json", "/files/secret.pdf", "/../../etc/passwd", "/static/app.js",
    "/inspiratiekaart/serve/static/app.js", "/pages/../../build.py.png", "/pages/.png",
    "/pages/%2e%2e%2fbuild.png", "/pages/0123abcd.png"])
def test_no_path_leaves_the_output(preview, path):
    serve, scratch = preview
    secret = scratch / "secret.txt"
    secret.write_text("not for the browser")
    link = scratch / "out" / "secret.pdf"
    link.symlink_to(secret)
    try:
        status, _, body = serve.get(path)
    finally:
        link.unlink()  # a file the tool did not write makes the folder foreign to it
    assert status in (400, 404), (path, status)
    assert b"not for the browser" not in body and b"[project]" not in body


def test_file_names_are_plain_relative_names():
    assert file_name("print/cards-press.pdf") == "print/cards-press.pdf"
    assert file_name("booklet%2Dpo.pdf") == "booklet-po.pdf"
    for bad in ("..", "../x", "%2e%2e/x", "a//b", "/etc/passwd", "a\\b", "a%00b", "%ff", ""):
        assert file_name(bad) is None, bad


def test_it_answers_on_the_loopback_address_only(preview):
    serve, _ = preview
    assert serve.host == "127.0.0.1"
    assert serve.get("/", host="attacker.example")[0] == 421
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # picks the outgoing address; sends nothing
        own = probe.getsockname()[0]
    if own.startswith("127."):
        pytest.skip("this machine has no address but loopback")
    with pytest.raises(ConnectionRefusedError), socket.create_connection((own, serve.port), 2):
        pass


def test_events_show_a_change_and_keep_the_last_good_state(preview):
    serve, scratch = preview
    theme = scratch / "content" / "themes" / "meertaligheid.yaml"
    original = theme.read_text(encoding="utf-8")
    events = serve.events()
    try:
        _, first = events.wait_for(built)
        old_pdf = serve.get("/files/brochure.pdf")[2]
        old_pages = first["outputs"][0]["pages"]

        theme.write_text(original.replace(SENTENCE, "Dit ondersteunt hun welzijn."),
                         encoding="utf-8")
        _, building = events.wait_for(lambda view: view["building"])
        assert building["cycle"] == first["cycle"] + 1
        seen = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            body = serve.get("/files/brochure.pdf")[2]
            view = json.loads(serve.get("/view")[2])
            seen.append(body)
            if built(view) and view["cycle"] == building["cycle"]:
                break
        new_pdf = seen[-1]
        assert new_pdf != old_pdf
        assert all(body in (old_pdf, new_pdf) for body in seen)  # never half a build
        changed = view["outputs"][0]["changed"]
        assert changed, view
        new_pages = view["outputs"][0]["pages"]
        assert [n for n in range(1, len(new_pages) + 1)
                if n > len(old_pages) or new_pages[n - 1] != old_pages[n - 1]] == changed
        assert serve.get(f"/pages/{old_pages[changed[0] - 1]}.png")[0] == 404
        assert serve.get(f"/pages/{new_pages[changed[0] - 1]}.png")[0] == 200

        theme.write_text(original.replace("kind: tip\n", "kind: <b>tipz</b>\n"),
                         encoding="utf-8")
        _, broken = events.wait_for(lambda view: any(
            "is not a block kind" in notice["message"] for notice in view["notices"]))
        notice = next(n for n in broken["notices"] if "is not a block kind" in n["message"])
        assert notice["severity"] == "error"
        assert notice["where"].startswith(f"{theme}:") and notice["where"].split(":")[-1] != "0"
        assert "'<b>tipz</b>'" in notice["message"]
        assert broken["outputs"][0]["pages"] == new_pages
        assert broken["outdated"] is True
        assert serve.get("/files/brochure.pdf")[2] == new_pdf
    finally:
        theme.write_text(original, encoding="utf-8")
        events.wait_for(lambda view: built(view) and not view["notices"])
        events.close()


@pytest.mark.slow
def test_a_theme_rebuilds_the_brochure_the_cards_and_its_sectors_booklets(content_copy,
                                                                            tmp_path):
    updates: list[Update] = []
    session = Session(BuildOptions(content_dir=content_copy, out_dir=tmp_path / "out",
                                   jobs=1), updates.append)
    try:
        session.update(set())
        assert updates[-1].kind == "done"
        theme = content_copy / "themes" / "ouders-mbo.yaml"  # sectors: [mbo]
        theme.write_text(theme.read_text(encoding="utf-8").replace(
            "Het contact met ouders", "Het contact met de ouders"), encoding="utf-8")
        session.update({theme})
        building = next(u for u in reversed(updates) if u.kind == "building")
        assert building.jobs == ("brochure", "cards", "booklets mbo")
        assert building.reason == "ouders-mbo.yaml changed"
        session.update({theme})  # saved again, unchanged: nothing to render
        assert updates[-2].kind == "building" and updates[-2].jobs == ()
    finally:
        session.close()


def test_a_layout_file_rebuilds_the_targets_that_declare_it():
    options = BuildOptions()
    assert affected_by_layouts([LAYOUTS_DIR / "cards.yaml"], options) == {"cards"}
    assert affected_by_layouts([LAYOUTS_DIR / "booklet.yaml"], options) == {"booklets"}
    assert affected_by_layouts([LAYOUTS_DIR / "brochure.yaml"], options) == {
        "brochure", "booklets", "cards"}  # the cards' link numbers are set as the brochure's
    assert affected_by_layouts([LAYOUTS_DIR / "qr.yaml"], options) == {"brochure", "cards",
                                                                      "booklets"}
    assert affected_by_layouts([LAYOUTS_DIR / "press.yaml"], options) == {
        "brochure", "cards", "booklets"}  # its profile decides which text colours are readable
    assert affected_by_layouts([LAYOUTS_DIR / "preview.yaml"], options) == set()
    every = {"brochure", "cards", "booklets", "links"}
    assert affected_by_layouts([LAYOUTS_DIR / "templates" / "inline.xml.j2"], options) == every


def test_an_event_stream_starts_with_the_current_view(preview):
    serve, _ = preview
    stream = EventStream(serve.host, serve.port)
    try:
        _, view = stream.wait_for(lambda view: True, 30)
        assert view == json.loads(serve.get("/view")[2])
    finally:
        stream.close()


def test_the_panel_lists_content_problems_failed_jobs_cards_and_preflight(tmp_path):
    session = Session(BuildOptions(out_dir=tmp_path), lambda update: None)
    session.problems = [Problem("content/themes/a.yaml", 14, "blocks[2].kind", "'tipz' …")]
    session.failures[("booklets", "po")] = [Notice("error", "booklets po", "could not be built")]
    output = TargetOutput(warnings=["card 'A' (a) does not fit on one card"])
    output.add("cards.pdf", b"%PDF", "cards")
    report = FileReport("cards.pdf", 2, [Check("fonts embedded", failures=["p. 1: X"]),
                                         Check("cards fit", warning="1 card continues")])
    session.built[("cards", None)] = Built(JobResult("cards", output, 0.0, [report]), None,
                                           None, checked=True)
    session.order = [("cards", None)]
    view = session.make_view(building=False)
    assert view.notices == (
        Notice("error", "content/themes/a.yaml:14", "blocks[2].kind: 'tipz' …"),
        Notice("error", "booklets po", "could not be built"),
        Notice("warning", "cards.pdf", "card 'A' (a) does not fit on one card"),
        Notice("error", "cards.pdf", "preflight: fonts embedded: p. 1: X", of_preflight=True),
        Notice("warning", "cards.pdf", "preflight: cards fit: 1 card continues",
               of_preflight=True))
    assert view.preflight_verdict() == "preflight FAILED for 1 file(s): cards.pdf"


def test_the_page_counts_every_warning_and_knows_which_pages_are_outdated(tmp_path):
    """The page counts the notices it lists; the preflight's verdict carries no count of
    its own (it said "2 warning(s)" beside three warnings listed)."""
    session = Session(BuildOptions(out_dir=tmp_path), lambda update: None)
    output = TargetOutput(warnings=["card 'A' (a) does not fit on one card"])
    output.add("cards.pdf", b"%PDF", "cards")
    checks = [Check("cards fit", warning="1 card continues"), Check("ink", warning="301 %")]
    session.built[("cards", None)] = Built(
        JobResult("cards", output, 0.0, [FileReport("cards.pdf", 2, checks)]), None, None,
        checked=True)
    session.order = [("cards", None)]
    view = json.loads(view_json(session.make_view(building=False)))
    assert [notice["severity"] for notice in view["notices"]] == ["warning"] * 3
    assert view["preflight"] == "ok" and view["outdated"] is False

    checks.append(Check("fonts embedded", failures=["p. 1: X"]))
    view = json.loads(view_json(session.make_view(building=False)))
    assert view["preflight"] == "failed"
    assert view["outdated"] is False  # the pages shown are those the preflight failed

    session.problems = [Problem("content/themes/a.yaml", 14, "blocks[2].kind", "'tipz' …")]
    assert json.loads(view_json(session.make_view(building=False)))["outdated"] is True
    session.problems = []
    session.failures[("booklets", "po")] = [Notice("error", "booklets po", "could not be built")]
    assert json.loads(view_json(session.make_view(building=False)))["outdated"] is True


def test_a_port_in_use_is_said_with_a_remedy():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve",
                                 "--no-browser", "--port", str(port)],
                                capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 1
    assert result.stderr == (f"build.py: cannot serve on 127.0.0.1:{port} (Address already "
                             "in use); choose another port with --port\n")


def test_a_changed_fonts_layout_has_the_fonts_read_again(tmp_path, monkeypatch):
    """The session checks content against the fonts layouts/fonts.yaml names now."""
    from inspiratiekaart.render import fonts

    session = Session(BuildOptions(out_dir=tmp_path), lambda update: None)
    before = fonts.printable_characters()
    monkeypatch.setattr(fonts, "mapped_characters", lambda face: frozenset({ord("A")}))
    assert fonts.printable_characters() is before
    try:
        session._begin({LAYOUTS_DIR / "fonts.yaml"})
        assert fonts.printable_characters() == {ord("A")}
    finally:
        session.close()
        monkeypatch.undo()
        forget_layouts()
    assert fonts.printable_characters() == before


def test_a_changed_layout_is_read_again_with_everything_worked_out_from_it(tmp_path):
    """Labels, styles, colours seen through the press profile and measured lines are all
    derived from the layouts: the session forgets them with the layouts."""
    from inspiratiekaart.layout import load_layout
    from inspiratiekaart.layout.contrast import luminance
    from inspiratiekaart.render.fonts import font_for
    from inspiratiekaart.render.linebreak import wrap_text
    from inspiratiekaart.render.markup import label, labels
    from inspiratiekaart.render.styles import paragraph_styles

    session = Session(BuildOptions(out_dir=tmp_path), lambda update: None)
    label("links_title"), paragraph_styles("brochure"), luminance((0.0, 0.0, 0.0, 1.0))
    wrap_text("twee woorden", font_for("text"), 9.0, 100.0)
    derived = (load_layout, labels, paragraph_styles, luminance, wrap_text)
    assert all(function.cache_info().currsize for function in derived)
    try:
        session._begin({LAYOUTS_DIR / "labels.yaml"})
        assert [function.cache_info().currsize for function in derived] == [0] * len(derived)
    finally:
        session.close()


def test_the_output_looked_at_first_renders_first_and_waits_for_the_first_worker():
    from inspiratiekaart.serve.session import _jobs, _next_task

    publication, _ = load(BuildOptions())
    jobs = [(target.name, sector) for target, sector in _jobs(BuildOptions(), publication)]
    assert jobs[0] == ("brochure", None) and len(jobs) == 6
    tasks = [("render", job) for job in jobs]
    assert _next_task(tasks, 0) == ("render", ("brochure", None))
    assert _next_task(tasks, 1) == ("render", ("cards", None))
