"""The build, stage by stage: load, register links, render targets, preflight, write.

Nothing renders before everything is loaded and validated, and nothing is written
before every target has rendered: a content error, even one found while laying out
cards under --strict, leaves the previous outputs as they were. Each job preflights
the PDFs it rendered in its own process, on the very bytes that are then written; the
report and the short-link lock file are written with them.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reportlab.lib.colors import CMYKColor

from .content.characters import unprintable, unprintable_message
from .content.loader import load_publication
from .content.model import Publication
from .content.problems import ContentError, Problem, counted, did_you_mean, share_of
from .content.sectors import cover_for_sector
from .context import BuildContext, BuildOptions
from .layout import (
    MM,
    LayoutError,
    black_text_problems,
    bleed_problems,
    check_layouts,
    code_column_problems,
    code_columns,
    layout_texts,
    load_layout,
    problem_at,
    shown_layout,
    thin_line_problems,
    where_set,
)
from .layout.contrast import PAPER, contrast, darkened
from .layout.schema import FILES as LAYOUT_FILES
from .links.qr import make_symbol, oversized_codes, prepare_matrices, qr_spec
from .links.registry import LinkRegistry, build_registry
from .links.report import apply_slugs
from .output import (
    PREFLIGHT_REPORT,
    check_output_folder,
    failed_folder,
    output_folder,
    read_manifest,
    remove_outputs,
    write_build,
)
from .preflight import FileReport, PreflightResult, preflight_file
from .preflight.run import Expectation
from .render import brochure, cards, document
from .render.fonts import printable_characters, register_fonts
from .render.hyphenation import save_learnt, take_learnt
from .render.reportlab_internals import NoRoom, layout_failure
from .render.styles import fraction_colour, fractions, readable
from .targets import (
    PRINT_LAYOUT,
    TARGETS,
    Target,
    TargetOutput,
    outputs_no_longer_made,
    selected,
)

if TYPE_CHECKING:
    from .preflight.inks import FormCache

__all__ = ["BuildContext", "BuildOptions", "BuildReport", "build", "load", "summary"]


@dataclass
class JobResult:
    name: str
    output: TargetOutput
    seconds: float
    preflight: list[FileReport] = field(default_factory=list)
    """The preflight of every PDF the job made, when the build preflights."""
    hyphenation: dict[str, dict] = field(default_factory=dict)
    """Words the job looked up in a hyphenation dictionary, for the cache."""


@dataclass
class BuildReport:
    jobs: list[JobResult] = field(default_factory=list)
    written: list = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    preflight: PreflightResult | None = None
    seconds: float = 0.0
    removed: list[str] = field(default_factory=list)
    """Outputs of an earlier build that no longer apply, removed (see
    :func:`~.targets.outputs_no_longer_made`)."""

def load(options: BuildOptions) -> tuple[Publication, LinkRegistry]:
    """Stage 1 and 2: the validated publication and its link registry."""
    check_layouts()  # every layout problem at once, before anything reads a layout
    check_across_layouts()
    publication = load_publication(options.content_dir, printable_characters())
    check_sector(publication, options.sector)
    registry = build_registry(publication)
    apply_slugs(registry, options.content_dir, publication.redirect_base, grow_lock=False)
    prepare_matrices([entry.payload for entry in registry], qr_spec().error_correction,
                     options.jobs or os.cpu_count() or 1)
    problems = (code_problems(publication, registry) + room_problems(publication)
                + text_colour_problems(publication) + ink_problems(publication))
    if problems:
        raise problems_error(sorted(problems))
    return publication, registry


def problems_error(problems: list[Problem]) -> ContentError:
    """The error that carries ``problems``: a LayoutError where every one is at a layout
    file (its report then says the layouts have them), else a ContentError."""
    layouts = {shown_layout(name) for name in LAYOUT_FILES}
    in_layouts = all(problem.file in layouts for problem in problems)
    return (LayoutError if in_layouts else ContentError)(problems)


def check_across_layouts() -> None:
    """What the layout files ask of each other and of the fonts, once each file is sound:
    every problem at once."""
    printed = sorted({t.press_layout for t in TARGETS if t.press_layout})
    press = load_layout(PRINT_LAYOUT)
    problems = (bleed_problems(printed, press.min_bleed)
                + black_text_problems(printed, press.black_text)
                + code_column_problems(qr_spec().min_size)
                + thin_line_problems(printed, press.solid_lines_below)
                + layout_character_problems(printable_characters())
                + label_room_problems())
    if problems:
        raise LayoutError(sorted(problems))


def layout_character_problems(printable: frozenset[int]) -> list[Problem]:
    """The layouts' own wording and marks hold only characters the fonts have."""
    return [Problem(file, line, where, unprintable_message(text, missing))
            for file, line, where, text in layout_texts()
            if (missing := unprintable(text, printable))]


def label_room_problems() -> list[Problem]:
    """The labels set on one line beside another text leave it room: the page number in
    the documents' footers, the counter on the cards."""
    found = [problem for layout, problems in ((brochure.LAYOUT, document.footer_problems),
                                              (brochure.BOOKLET_LAYOUT, document.footer_problems),
                                              (cards.LAYOUT, cards.counter_problems))
             for problem in problems(load_layout(layout), shown_layout(layout))]
    written = {where: (file, line) for file, line, where, _ in layout_texts()
               if Path(file).stem == "labels"}
    return sorted({Problem(*written[name], name, f"{why}: shorten it, or set the footer smaller")
                   for name, why in found})


def check_sector(publication: Publication, sector: str | None) -> None:
    """``--sector`` must name one of the publication's sectors."""
    known = [s.id for s in publication.sectors]
    if sector is not None and sector not in known:
        names = {**{s.name: s.id for s in publication.sectors}, **{k: k for k in known}}
        raise ContentError([Problem("--sector", 0, "", f"'{sector}' is not a sector of this "
                                    f"publication{did_you_mean(sector, names)} (expected one "
                                    f"of: {', '.join(known)})")])


def code_problems(publication: Publication, registry: LinkRegistry) -> list[Problem]:
    """Every link's QR code must be printable within the layout's limits, and as narrow
    as the narrowest column codes stand in (a wider one runs into the text beside it).
    Where most links' codes are too wide, the layouts are told so once, at that column."""
    def at_link(url: str, why: str) -> Problem:
        return Problem(*publication.link_sites.get(url, ("content", 0, "link")), why)

    oversized = oversized_codes({entry.url: entry.payload for entry in registry})
    problems = [at_link(url, why) for url, why in oversized.items()]
    column = min(code_columns(), default=None)
    if column is None:
        return problems
    wide = {entry.url: size for entry in registry if entry.url not in oversized
            and (size := make_symbol(entry.payload).size) > column.width + 0.01}
    qr = shown_layout("qr")
    if len(wide) > len(registry) / 2:
        return [*problems, problem_at(column.layout, column.setting, (
            f"{column.width / MM:g} mm is narrower than the codes of "
            f"{share_of(len(wide), len(registry))} links "
            f"({min(wide.values()) / MM:.1f} to "
            f"{max(wide.values()) / MM:.1f} mm wide, quiet zone included, as {qr} sets "
            "them), which stand in it beside text; widen it, or make them smaller ("
            + "; ".join(where_set("qr", setting) for setting in QR_SIZES) + ")"))]
    where = where_set(column.layout, column.setting)
    return problems + [at_link(url, (
        f"its code is {size / MM:.1f} mm wide (quiet zone included, as {qr} sets them), "
        f"wider than {where} ({column.width / MM:g} mm), where it stands beside text; give "
        "it a short link (links.redirect_base), or widen that column"))
        for url, size in wide.items()]


QR_SIZES = ("quiet_zone_modules", "min_module", "min_size")
"""The settings of qr.yaml a code's printed width follows."""


def room_problems(publication: Publication) -> list[Problem]:
    """Every text of a place of fixed size must fit it, as the layouts set it: the covers
    of the brochure and of each sector's booklet, the band of every card, the names' column
    of the pillar overview."""
    checked = [(brochure.LAYOUT, "cover", brochure.cover_problems(
        publication, load_layout(brochure.LAYOUT), None, "the brochure's cover"))]
    for sector in publication.sectors:
        booklet = cover_for_sector(publication, sector.id)
        checked.append((brochure.BOOKLET_LAYOUT, "cover", brochure.cover_problems(
            booklet, load_layout(brochure.BOOKLET_LAYOUT), brochure.booklet_title(
                booklet, sector.id), f"the cover of the {sector.short} booklet")))
    checked.append((cards.LAYOUT, "band", cards.band_problems(publication,
                                                              load_layout(cards.LAYOUT))))
    checked += [(layout, "pillar_overview.name_width", brochure.overview_problems(
        publication, load_layout(layout), f"the pillar overview of the {kind}"))
                for layout, kind in ((brochure.LAYOUT, "brochure"),
                                     (brochure.BOOKLET_LAYOUT, "booklets"))]
    places: dict[str, list[str]] = {}
    rooms: dict[str, dict[str, None]] = {}  # the layout settings that give each its room
    for layout, setting, found in checked:
        for field_name, place, detail in found:
            places.setdefault(field_name, []).append(f"{place} ({detail})")
            rooms.setdefault(field_name, {})[where_set(layout, setting)] = None
    path = str(publication.content_dir / "publication.yaml")
    return [Problem(path, publication.lines.get(name, 0), name,
                    f"does not fit {'; '.join(where)}: shorten it, or give it more room in "
                    f"the layout ({'; '.join(rooms[name])})")
            for name, where in places.items()]


def text_colour_problems(publication: Publication) -> list[Problem]:
    """A pillar's chosen text colour stands out from the paper and from the pillar's tint
    by the text contrast of every layout that sets text in it."""
    path = str(publication.content_dir / "publication.yaml")
    layouts = [load_layout(name) for name in (brochure.LAYOUT, brochure.BOOKLET_LAYOUT,
                                               cards.LAYOUT)]
    minimum = max(layout.text_contrast for layout in layouts)
    problems = []
    for index, pillar in enumerate(publication.pillars):
        if pillar.text_cmyk is None:
            continue
        grounds = tuple(sorted({PAPER, *(fractions(fraction_colour(pillar.cmyk, layout.tint))
                                         for layout in layouts)}))
        least = min(contrast(pillar.text_cmyk, ground) for ground in grounds)
        if least < minimum:
            better = [round(100 * v) for v in darkened(pillar.text_cmyk, grounds, minimum)]
            problems.append(Problem(
                path, pillar.text_line, f"pillars[{index}].text_colour",
                f"text in it stands out from the paper or the pillar's tint by {least:.1f}:1, "
                f"less than the layouts' text_contrast ({minimum:g}:1); darken it ({better} "
                "is dark enough), or leave text_colour out to have the pillar's colour "
                "darkened for text"))
    return problems


def ink_problems(publication: Publication) -> list[Problem]:
    """A pillar's colours take no more ink than press.yaml's ``ink_limit``: its own, the
    one chosen for its text, or, where none is chosen, its own as each printed layout
    darkens it for text. The print files fill and write in them. One problem a setting."""
    path = str(publication.content_dir / "publication.yaml")
    limit = load_layout(PRINT_LAYOUT).ink_limit
    printed = sorted({t.press_layout for t in TARGETS if t.press_layout})
    told: dict[tuple[int, str], Problem] = {}
    for index, pillar in enumerate(publication.pillars):
        written = [("colour", pillar.cmyk, pillar.colour_line, ""),
                   ("text_colour", pillar.text_cmyk, pillar.text_line, "")]
        if pillar.text_cmyk is None:
            written += [("colour", fractions(readable(CMYKColor(*pillar.cmyk),
                                                      load_layout(name))),
                         pillar.colour_line, f"darkened for text in {shown_layout(name)} "
                         f"({where_set(name, 'text_contrast')}), ") for name in printed]
        for key, colour, line, how in written:
            if colour is None or 100 * sum(colour) <= limit + 0.5 or (index, key) in told:
                continue
            remedy = "give the pillar a text_colour with less ink that stands out as much" \
                if how else "take ink out of it (less C, M and Y for more K keeps it as dark)"
            told[index, key] = Problem(
                path, line, f"pillars[{index}].{key}",
                f"{how}C+M+Y+K is {100 * sum(colour):.0f}%, more than the {limit:g}% the press "
                f"takes ({where_set(PRINT_LAYOUT, 'ink_limit')}); {remedy}")
    return list(told.values())


def summary(publication: Publication, registry: LinkRegistry) -> str:
    themes = [t for t in publication.themes if t.part == "theme"]
    return (f"{counted(len(themes), 'theme')}, "
            f"{counted(len(publication.opening), 'opening page')}, "
            f"{counted(len(registry), 'link')}, 0 problems")


def jobs_for(options: BuildOptions, publication: Publication) -> list[tuple[Target, str | None]]:
    """Independent units of rendering work: (target, sector or None)."""
    jobs: list[tuple[Target, str | None]] = []
    for target in selected(options.targets):
        if target.after_others:
            continue
        if target.per_sector and options.sector is None:
            jobs += [(target, sector.id) for sector in publication.sectors]
        else:
            jobs.append((target, options.sector))
    return jobs


def run_job(context: BuildContext, target: Target, sector: str | None) -> JobResult:
    """Render one job and preflight its PDFs, in the process that rendered them."""
    started = time.perf_counter()
    result = render_job(context, target, sector)
    if context.options.preflight:
        result.preflight = preflight_output(context.registry, result.output)
    result.seconds = time.perf_counter() - started
    return result


def render_job(context: BuildContext, target: Target, sector: str | None) -> JobResult:
    """Render one job, without its preflight."""
    started = time.perf_counter()
    job_context = replace(context, options=replace(context.options, sector=sector))
    try:
        output = target.make(job_context)
    except (ValueError, NoRoom) as error:
        if (failure := layout_failure(error)) is None:
            raise
        raise NotLaidOut(Unplaceable(target.name, target.layouts, failure.setting,
                                     failure.why), sector if target.per_sector else None
                         ) from None
    if output.unfinished:
        from .impose.pdfx import finish_print_files, output_intent  # PDF/X-4, last of all
        output.files.update(finish_print_files(output.unfinished, output_intent(
            context.options.output_profile, context.options.output_condition)))
        output.unfinished.clear()
    return JobResult(job_label(target, sector), output, time.perf_counter() - started, [],
                     take_learnt())


class Unplaceable(NamedTuple):
    """What a target's layouts leave no room for, alike in each job it fails in."""

    target: str
    layouts: tuple[str, ...]
    """The layouts it reads, the one it is laid out with first: the problem is told there."""
    setting: str
    why: str

    def problem(self, sectors: Sequence[str]) -> Problem:
        """The layout problem of the jobs for ``sectors`` (none: the target's one job)."""
        jobs = f"{self.target} {', '.join(sorted(sectors))}" if sectors else self.target
        others = ", ".join(shown_layout(name) for name in self.layouts[1:])
        return problem_at(self.layouts[0], self.setting, (
            f"the {jobs} cannot be laid out as the layouts set it: {self.why}; give the "
            "text more room (the page's text frame and columns, block_padding), set it "
            "smaller (the styles' size and leading) or closer (the styles' space_before and "
            "space_after, row_gap, block_space, tile_gap), here or in the other layouts it "
            f"reads ({others})"))


class NotLaidOut(LayoutError):
    """A job its layouts leave no room: its problem, and what tells the jobs that fail
    alike apart from the rest (:func:`_collected` tells those as one)."""

    def __init__(self, unplaceable: Unplaceable, sector: str | None) -> None:
        super().__init__([unplaceable.problem([sector] if sector else [])])
        self.unplaceable, self.sector = unplaceable, sector

    def __reduce__(self):
        """Keep what it carries when it crosses from a worker process."""
        return (type(self), (self.unplaceable, self.sector))


def job_label(target: Target, sector: str | None) -> str:
    """How a job is named in progress lines: the target, and its sector where it has one."""
    return f"{target.name} {sector}" if sector and target.per_sector else target.name


def preflight_output(registry: LinkRegistry, output: TargetOutput) -> list[FileReport]:
    """The preflight of every PDF of a job's output; its print files share what their
    forms do with ink (they place the same pages)."""
    forms: FormCache = {}
    return [preflight_file(name, output.files[name], expect, forms)
            for name, expect in sorted(expectations(registry, output).items())]


def render_all(context: BuildContext, say: Callable[[str], None]) -> list[JobResult]:
    """Run every job, across processes when there is more than one job and core. Jobs
    whose layouts leave their text no room are told together, in one LayoutError."""
    jobs = jobs_for(context.options, context.publication)
    workers = min(len(jobs), context.options.jobs or os.cpu_count() or 1)
    register_fonts()  # once, here: every worker inherits the parsed faces
    with _frozen_heap():
        if workers <= 1:
            return _collected([partial(run_job, context, target, sector)
                               for target, sector in jobs], say)
        from .workers import process_pool  # not needed for one job

        with process_pool(workers) as pool:
            futures = [pool.submit(run_job, context, target, sector)
                       for target, sector in jobs]
            return _collected([future.result for future in futures], say)


def _collected(results: list[Callable[[], JobResult]], say: Callable[[str], None]
               ) -> list[JobResult]:
    """Each job's result, taken in turn, its progress said; the layout problems of every
    job at once, once all have run, jobs of one target that fail alike told as one."""
    taken: list[JobResult] = []
    problems: list[Problem] = []
    alike: dict[Unplaceable, list[str]] = {}  # the sectors of the jobs failing alike
    for result in results:
        try:
            taken.append(result())
        except NotLaidOut as error:
            sectors = alike.setdefault(error.unplaceable, [])
            if error.sector:
                sectors.append(error.sector)
            continue
        except LayoutError as error:
            problems += error.problems
            continue
        _progress(taken[-1], say)
    problems += [unplaceable.problem(sectors) for unplaceable, sectors in alike.items()]
    if problems:
        raise LayoutError(sorted(set(problems)))
    return taken


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """Leave what is loaded so far out of garbage collection while rendering: the modules,
    fonts and publication live as long as the build, and every collection (in the build and
    in each forked worker) would walk them again."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _progress(result: JobResult, say: Callable[[str], None]) -> None:
    """One line per job: its time, and each file with its pages (known from the preflight)."""
    pages = {report.name: report.pages for report in result.preflight}
    files = ", ".join(f"{name} ({pages[name]} p.)" if name in pages else name
                      for name in sorted(result.output.files))
    say(f"  {result.name:<14} {result.seconds:5.2f} s  {files}")


def save_learnt_hyphenation(results: list[JobResult]) -> None:
    """Keep the words the jobs looked up in the cache, once for all jobs, so parallel jobs
    never overwrite each other's files."""
    hyphenation: dict[str, dict] = {}
    for result in results:
        for lang, words in result.hyphenation.items():
            hyphenation.setdefault(lang, {}).update(words)
    save_learnt(hyphenation)


def apply_placements(registry: LinkRegistry, results: list[JobResult]) -> None:
    """Tell every link where it is printed and its number there (for links.csv)."""
    placed, numbers = {}, {}
    for result in results:
        placed.update(result.output.placed)
        numbers.update(result.output.numbers)
    for output_name in sorted(placed):
        for url, pages in placed[output_name].items():
            shown = ", ".join(str(p) for p in pages)
            registry.entry(url).placements.append(f"{output_name} p. {shown}")
    for output_name in sorted(numbers):
        for url, number in numbers[output_name].items():
            registry.entry(url).numbers[output_name] = number


def expectations(registry: LinkRegistry, output: TargetOutput) -> dict[str, Expectation]:
    """What the preflight expects of every PDF of a job's output, by the kind the target
    gave it."""
    expected: dict[str, Expectation] = {}
    for name, kind in output.kinds.items():
        links = {url: registry.entry(url).payload for url in output.placed.get(name, {})}
        expected[name] = Expectation(links, kind, output.decks.get(name),
                                     output.scales.get(name, 1.0))
    return expected


def build(options: BuildOptions, say: Callable[[str], None] = print) -> BuildReport:
    """Run the requested targets (each rendered and preflighted), write their files, the
    preflight report and the short-link lock file."""
    started = time.perf_counter()
    check_output_folder(options.out_dir)
    publication, registry = load(options)
    if any(target.prints for target in selected(options.targets)):
        from .impose.pdfx import output_intent  # a bad profile stops the build here

        output_intent(options.output_profile, options.output_condition)
    context = BuildContext(publication, registry, options)
    report = BuildReport(render_all(context, say))
    save_learnt_hyphenation(report.jobs)
    apply_placements(registry, report.jobs)
    report.jobs += [run_job(context, target, None) for target in selected(options.targets)
                    if target.after_others]
    report.written, report.preflight, report.removed = write_results(
        options, publication, registry, report.jobs, say)
    report.warnings = [w for job in report.jobs for w in job.output.warnings]
    report.seconds = time.perf_counter() - started
    return report


def write_results(options: BuildOptions, publication: Publication, registry: LinkRegistry,
                  jobs: list[JobResult], say: Callable[[str], None] = print
                  ) -> tuple[list[Path], PreflightResult | None, list[str]]:
    """Write the jobs' files and their preflight, merged into the folder's report (the
    entries of files these jobs did not make stay); when the preflight passed, the
    short-link lock file too, and remove outputs that no longer apply. A failed preflight
    writes into ``.failed/`` and leaves the good files as they were.

    Returns the files written, the preflight of these jobs' files and the names removed.
    """
    files = {name: data for job in jobs for name, data in job.output.files.items()}
    preflight = PreflightResult(sorted((file for job in jobs for file in job.preflight),
                                       key=lambda f: f.name)) if options.preflight else None
    failed = preflight is not None and preflight.failed
    removed: list[str] = []
    with output_folder(options.out_dir, say):
        report = None
        if preflight is not None:
            merged = preflight if failed else preflight.merged_over(
                read_preflight_report(options.out_dir / PREFLIGHT_REPORT),
                keep=lambda name: (options.out_dir / name).is_file())
            report = merged.to_json().encode("utf-8")
        written = write_build(options.out_dir, files, report, failed=failed)
        if not failed:
            apply_slugs(registry, options.content_dir, publication.redirect_base)
            removed = remove_outputs(options.out_dir, outputs_no_longer_made(
                publication, sorted(read_manifest(options.out_dir))))
    return written, preflight, removed


def card_side_paths(out_dir: Path, jobs: list[JobResult],
                    preflight: PreflightResult | None) -> set[Path]:
    """Where the jobs' PDFs of cards' fronts and backs (in turn) were written: in
    ``out_dir``, or in its ``.failed/`` when the preflight failed."""
    failed = preflight is not None and preflight.failed
    folder = failed_folder(out_dir) if failed else out_dir
    return {folder / name for job in jobs for name in job.output.card_sides}


def read_preflight_report(path: Path) -> PreflightResult | None:
    """The report in ``path``, or None where there is none or it cannot be read."""
    try:
        return PreflightResult.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None
