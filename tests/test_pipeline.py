"""A partial build merges its preflight into the folder's report; a job writes each print
file once, finished, and reads back no PDF it made."""

from __future__ import annotations

import io
import json
import re
import shutil
from dataclasses import dataclass, field

import pytest
from pypdf import PdfReader, PdfWriter

from inspiratiekaart.context import BuildContext
from inspiratiekaart.pipeline import BuildOptions, build, load, render_job
from inspiratiekaart.render.fonts import register_fonts
from inspiratiekaart.targets import BY_NAME

from .conftest import CONTENT, ROOT


def test_a_partial_build_keeps_the_other_files_preflight(built, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(built, out)
    report = json.loads((out / "preflight.json").read_text(encoding="utf-8"))
    earlier = {entry["file"]: entry for entry in report["files"]}
    report["files"] += [
        {"file": "cards-mbo.pdf", "pages": 1, "checks": [
            {"check": "fonts embedded", "status": "failed", "failures": ["from before"],
             "skipped": None, "warning": None}]},
        {"file": "gone.pdf", "pages": 1, "checks": []}]
    (out / "preflight.json").write_text(json.dumps(report), encoding="utf-8")

    result = build(BuildOptions(content_dir=CONTENT, out_dir=out, targets=("cards",),
                                sector="mbo"), say=lambda line: None)

    made = ["cards-mbo.pdf", "print/cards-duplex-alignment.pdf",
            "print/cards-mbo-a4-duplex.pdf", "print/cards-mbo-press.pdf"]
    assert [file.name for file in result.preflight.files] == made
    merged = json.loads((out / "preflight.json").read_text(encoding="utf-8"))
    files = {entry["file"]: entry for entry in merged["files"]}
    assert set(files) == set(earlier) | set(made)  # gone.pdf is not in the folder
    assert all(files[name] == entry for name, entry in earlier.items() if name not in made)
    assert "from before" not in json.dumps(files["cards-mbo.pdf"])
    assert files["cards-mbo.pdf"]["pages"] > 1
    assert merged["failed"] is False
    assert [entry["file"] for entry in merged["files"]] == sorted(files)


@dataclass
class PdfTraffic:
    """The PDFs pypdf wrote and read, as bytes."""

    written: list[bytes] = field(default_factory=list)
    read: list[bytes] = field(default_factory=list)


@pytest.fixture(scope="module")
def context() -> BuildContext:
    options = BuildOptions(content_dir=CONTENT, out_dir=CONTENT.parent / "unused")
    publication, registry = load(options)
    register_fonts()
    return BuildContext(publication, registry, options)


@pytest.fixture
def traffic(monkeypatch: pytest.MonkeyPatch) -> PdfTraffic:
    """Every PDF pypdf writes to or reads from memory while the test runs."""
    seen = PdfTraffic()
    write, init = PdfWriter.write, PdfReader.__init__

    def spied_write(self: PdfWriter, stream: object, *args: object, **kwargs: object):
        done = write(self, stream, *args, **kwargs)
        if isinstance(stream, io.BytesIO):
            seen.written.append(stream.getvalue())
        return done

    def spied_init(self: PdfReader, stream: object, *args: object, **kwargs: object) -> None:
        if isinstance(stream, io.BytesIO):
            seen.read.append(stream.getvalue())
        init(self, stream, *args, **kwargs)

    monkeypatch.setattr(PdfWriter, "write", spied_write)
    monkeypatch.setattr(PdfReader, "__init__", spied_init)
    return seen


@pytest.mark.parametrize(("target", "sector"), [("booklets", "po"), ("cards", None)])
def test_a_print_file_is_written_once_and_never_read_back(
        context: BuildContext, traffic: PdfTraffic, target: str, sector: str | None) -> None:
    output = render_job(context, BY_NAME[target], sector).output
    printed = output.print_files()
    assert printed and not output.unfinished
    files = list(output.files.values())
    assert all(traffic.written.count(output.files[name]) == 1 for name in printed)
    assert all(pdf in files for pdf in traffic.written)  # no bytes in between
    assert not any(pdf in traffic.written for pdf in traffic.read)


@pytest.mark.parametrize(("target", "sector"), [("booklets", "po"), ("cards", None)])
def test_a_job_reads_each_pdf_it_made_once(
        context: BuildContext, traffic: PdfTraffic, target: str, sector: str | None) -> None:
    render_job(context, BY_NAME[target], sector)
    assert traffic.read
    assert len(traffic.read) == len(set(traffic.read))  # the deck: trimmed and press alike


def test_a_pillar_colour_with_more_ink_than_the_press_takes_is_told_where_it_is_written():
    """press.yaml's ink_limit is what the print files' preflight holds every fill to: a
    pillar's colour over it failed the build after rendering (exit 1); it is a content
    problem at the colour's line."""
    from dataclasses import replace

    from inspiratiekaart.content.loader import load_publication
    from inspiratiekaart.pipeline import ink_problems
    from inspiratiekaart.render.fonts import printable_characters

    publication = load_publication(CONTENT, printable_characters())
    assert ink_problems(publication) == []
    heavy = replace(publication.pillars[2], cmyk=(1.0, 1.0, 1.0, 0.5))
    pillars = (*publication.pillars[:2], heavy, *publication.pillars[3:])
    problems = ink_problems(replace(publication, pillars=pillars))
    lines = (CONTENT / "publication.yaml").read_text(encoding="utf-8").splitlines()
    assert [(p.line, p.field) for p in problems] == [(heavy.colour_line, "pillars[2].colour")]
    assert lines[heavy.colour_line - 1].strip().startswith("colour:")
    assert problems[0].message.startswith("C+M+Y+K is 350%, more than the 300% the press "
                                          "takes (layouts/press.yaml:")
    assert_names_the_ink_limit_line(problems[0].message)


def assert_names_the_ink_limit_line(message: str) -> None:
    """``message`` points at the line of press.yaml that sets ink_limit."""
    found = re.search(r"\((layouts/press\.yaml):(\d+): ink_limit\)", message)
    assert found, message
    lines = (ROOT / found[1]).read_text(encoding="utf-8").splitlines()
    assert lines[int(found[2]) - 1].startswith("ink_limit:")


def test_a_pillar_colour_darkened_for_text_past_the_ink_limit_is_told_at_the_colour(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A pillar with no text_colour has its colour darkened for text by each printed
    layout: black is added, and with it ink. Over a press's ink_limit, that failed the
    print files' preflight after rendering; it is a problem at the pillar's colour."""
    from inspiratiekaart import pipeline
    from inspiratiekaart.content.loader import load_publication
    from inspiratiekaart.layout import Spec
    from inspiratiekaart.render.fonts import printable_characters

    publication = load_publication(CONTENT, printable_characters())
    light = next(p for p in publication.pillars if p.text_cmyk is None
                 and 100 * sum(p.cmyk) <= 100)
    index = publication.pillars.index(light)
    real = pipeline.load_layout
    monkeypatch.setattr(pipeline, "load_layout", lambda name: Spec(
        {**real(name), "ink_limit": 100.0}) if name == pipeline.PRINT_LAYOUT else real(name))
    told = [p for p in pipeline.ink_problems(publication)
            if p.field == f"pillars[{index}].colour"]
    assert [p.line for p in told] == [light.colour_line]
    assert re.match(r"darkened for text in layouts/booklet\.yaml \(layouts/(booklet|brochure)"
                    r"\.yaml:\d+: text_contrast\), C\+M\+Y\+K is ", told[0].message), \
        told[0].message
    assert told[0].message.endswith("; give the pillar a text_colour with less ink that "
                                    "stands out as much")
    assert_names_the_ink_limit_line(told[0].message)
