"""The build, stage by stage: load, register links, render targets, preflight, write.

Nothing renders before everything is loaded and validated, and nothing is written
before every target has rendered: a content error, even one found while laying out
cards under --strict, leaves the previous outputs as they were. Each job preflights
the PDFs it rendered in its own process, on the very bytes that are then written; the
report is written with them.
"""

from __future__ import annotations

import gc
import importlib
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from .content.loader import load_publication
from .content.model import Publication
from .content.problems import ContentError, Problem
from .links.qr import oversized_codes, prepare_matrices, qr_spec
from .links.registry import LinkRegistry, build_registry
from .links.report import apply_slugs
from .output import output_folder, record_outputs, write_atomic
from .preflight import FileReport, PreflightResult, preflight_file
from .preflight.run import Expectation
from .render import fragments
from .render.hyphenation import save_learnt, take_learnt
from .targets import TargetOutput

TARGETS: dict[str, str] = {
    "brochure": "inspiratiekaart.targets:build_brochure",
    "cards": "inspiratiekaart.targets:build_cards",
    "booklets": "inspiratiekaart.targets:build_booklets",
    "links": "inspiratiekaart.targets:build_links",
}
"""Every target and the function that builds it. ``links`` runs last: it lists where the
other targets printed each link."""
PER_SECTOR = ("booklets",)
"""Targets whose sectors are independent jobs, built in parallel."""


@dataclass
class BuildOptions:
    content_dir: Path = Path("content")
    out_dir: Path = Path("output")
    targets: tuple[str, ...] = tuple(TARGETS)
    sector: str | None = None
    strict: bool = False
    quiet: bool = False
    marks: bool = False
    flip: str = "long"
    back_offset: tuple[float, float] = (0.0, 0.0)
    jobs: int = 0
    """Processes for rendering: 0 means one per core."""
    preflight: bool = True
    output_profile: Path | None = None
    """A print shop's CMYK output profile for the print files (else layouts/press.yaml's)."""
    output_condition: str | None = None
    """The output condition that profile describes, such as FOGRA51."""


@dataclass
class BuildContext:
    """What every target gets: the validated publication, its links, the options."""

    publication: Publication
    registry: LinkRegistry
    options: BuildOptions

    @property
    def out_dir(self) -> Path:
        return self.options.out_dir


@dataclass
class JobResult:
    name: str
    output: TargetOutput
    seconds: float
    preflight: list[FileReport] = field(default_factory=list)
    """The preflight of every PDF the job made, when the build preflights."""
    hyphenation: dict[str, dict] = field(default_factory=dict)
    """Words the job looked up in a hyphenation dictionary, for the cache."""
    fragments: dict[str, dict] = field(default_factory=dict)
    """Paragraph texts the job parsed, by style, for the cache."""


@dataclass
class BuildReport:
    jobs: list[JobResult] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    preflight: PreflightResult | None = None
    seconds: float = 0.0


def load(options: BuildOptions) -> tuple[Publication, LinkRegistry]:
    """Stage 1 and 2: the validated publication and its link registry."""
    publication = load_publication(options.content_dir)
    registry = build_registry(publication)
    apply_slugs(registry, options.content_dir, publication.redirect_base, grow_lock=False)
    prepare_matrices([entry.payload for entry in registry], qr_spec().error_correction,
                     options.jobs or os.cpu_count() or 1)
    check_codes(publication, registry)
    return publication, registry


def check_codes(publication: Publication, registry: LinkRegistry) -> None:
    """Every link's QR code must be printable within the layout's limits (a content error)."""
    oversized = oversized_codes({entry.url: entry.payload for entry in registry})
    problems = [Problem(*publication.link_sites.get(url, ("content", 0, "link")), why)
                for url, why in oversized.items()]
    if problems:
        raise ContentError(sorted(problems))


def summary(publication: Publication, registry: LinkRegistry) -> str:
    themes = [t for t in publication.themes if t.part == "theme"]
    return (f"{len(themes)} themes, {len(publication.opening)} opening pages, "
            f"{len(registry)} links, 0 problems")


def target_function(name: str) -> Callable[[BuildContext], TargetOutput]:
    module_name, function_name = TARGETS[name].split(":")
    return getattr(importlib.import_module(module_name), function_name)


def jobs_for(options: BuildOptions, publication: Publication) -> list[tuple[str, str | None]]:
    """Independent units of rendering work: (target, sector or None)."""
    jobs = []
    for name in options.targets:
        if name == "links":
            continue
        if name in PER_SECTOR and options.sector is None:
            jobs += [(name, sector.id) for sector in publication.sectors]
        else:
            jobs.append((name, options.sector))
    return jobs


def run_job(context: BuildContext, name: str, sector: str | None,
            preflight_processes: int = 1, another_follows: bool = True) -> JobResult:
    """Render one job and preflight its PDFs, in the process that rendered them (and as
    many more as ``preflight_processes`` allows)."""
    started = time.perf_counter()
    job_context = replace(context, options=replace(context.options, sector=sector))
    with _fewer_collections():
        output = target_function(name)(job_context)
    if any(file_name.startswith("print/") for file_name in output.files):
        from .impose.pdfx import finish_print_files, output_intent  # PDF/X-4, last of all
        output.files = finish_print_files(output.files, output_intent(
            context.options.output_profile, context.options.output_condition))
    expected = sorted(expectations(context.registry, output).items()) \
        if context.options.preflight else []
    reports = []
    if expected:
        gc.collect()  # pypdf's writers are reference cycles: free them before reading back
        reports = [preflight_file(file_name, output.files[file_name], expect,
                                  preflight_processes) for file_name, expect in expected]
        if another_follows:
            gc.collect()  # and the readers of the preflight, before the next job renders
    label = f"{name} {sector}" if sector and name in PER_SECTOR else name
    return JobResult(label, output, time.perf_counter() - started, reports, take_learnt(),
                     fragments.take_learnt())


def render_all(context: BuildContext, say: Callable[[str], None]) -> list[JobResult]:
    """Run every job, across processes when there is more than one job and core."""
    jobs = jobs_for(context.options, context.publication)
    workers = min(len(jobs), context.options.jobs or os.cpu_count() or 1)
    with _frozen_heap():
        if workers <= 1:
            spare = (context.options.jobs or os.cpu_count() or 1) if len(jobs) == 1 else 1
            results = []
            for number, (name, sector) in enumerate(jobs, 1):
                results.append(run_job(context, name, sector, min(2, spare),
                                       another_follows=number < len(jobs)))
                _progress(results[-1], say)
            return results
        from concurrent.futures import ProcessPoolExecutor  # not needed for one job
        from multiprocessing import get_context

        with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
            futures = [pool.submit(run_job, context, name, sector) for name, sector in jobs]
            results = []
            for future in futures:
                results.append(future.result())
                _progress(results[-1], say)
            return results


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """Leave what is loaded so far out of garbage collection while rendering.

    The modules, fonts and publication live as long as the build, yet every full
    collection (and every one in a forked worker) would walk them again: freezing them
    saves about 8% of the build's time.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


RENDER_GC_THRESHOLDS = (20000, 20, 10)
"""Collector thresholds while a target renders (Python's are 700, 10, 10)."""


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Collect garbage less often while a target renders.

    ReportLab and pypdf make hundreds of thousands of small objects that live until the
    document is written; every collection walks those made so far again. Rarer ones save
    about a fifth of the collector's time in a booklet's job and a tenth of the 16x
    build's time; the peak memory stays within a few MB.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(*RENDER_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _progress(result: JobResult, say: Callable[[str], None]) -> None:
    """One line per job: its time, and each file with its pages (known from the preflight)."""
    pages = {report.name: report.pages for report in result.preflight}
    files = ", ".join(f"{name} ({pages[name]} p.)" if name in pages else name
                      for name in sorted(result.output.files))
    say(f"  {result.name:<14} {result.seconds:5.2f} s  {files}")


def save_learnt_caches(results: list[JobResult]) -> None:
    """Keep what the jobs learnt (hyphenation, parsed paragraphs) in the cache, once for
    all jobs, so parallel jobs never overwrite each other's files."""
    hyphenation: dict[str, dict] = {}
    parsed: dict[str, dict] = {}
    for result in results:
        for lang, words in result.hyphenation.items():
            hyphenation.setdefault(lang, {}).update(words)
        for style, texts in result.fragments.items():
            parsed.setdefault(style, {}).update(texts)
    save_learnt(hyphenation)
    fragments.save_learnt(parsed)


def apply_placements(registry: LinkRegistry, results: list[JobResult]) -> None:
    """Tell every link where it is printed (for links.csv)."""
    placed = {}
    for result in results:
        placed.update(result.output.placed)
    for output_name in sorted(placed):
        for url, pages in placed[output_name].items():
            shown = ", ".join(str(p) for p in pages)
            registry.entry(url).placements.append(f"{output_name} p. {shown}")


def expectations(registry: LinkRegistry, output: TargetOutput) -> dict[str, Expectation]:
    """What the preflight expects of every PDF of a job's output."""
    expected: dict[str, Expectation] = {}
    for name in output.files:
        if not name.endswith(".pdf"):
            continue
        links = {url: registry.entry(url).payload for url in output.placed.get(name, {})}
        if name.startswith("print/"):
            kind = "press" if name.endswith("press.pdf") else "sheet"
        else:
            kind = "cards" if name.startswith("cards") else "document"
        expected[name] = Expectation(links, kind, output.overflows.get(name, 0))
    return expected


def build(options: BuildOptions, say: Callable[[str], None] = print) -> BuildReport:
    """Run the requested targets (each rendered and preflighted), write their files and
    the preflight report."""
    started = time.perf_counter()
    publication, registry = load(options)
    apply_slugs(registry, options.content_dir, publication.redirect_base)
    if {"cards", "booklets"} & set(options.targets):
        from .impose.pdfx import output_intent  # a bad profile stops the build here

        output_intent(options.output_profile, options.output_condition)
    context = BuildContext(publication, registry, options)
    report = BuildReport(render_all(context, say))
    save_learnt_caches(report.jobs)
    apply_placements(registry, report.jobs)
    if "links" in options.targets:
        report.jobs.append(run_job(context, "links", None))
    files = {name: data for job in report.jobs for name, data in job.output.files.items()}
    with output_folder(options.out_dir, say):
        report.written = [write_atomic(options.out_dir / name, data)
                          for name, data in sorted(files.items())]
        record_outputs(options.out_dir, report.written)
        if options.preflight:
            report.preflight = PreflightResult(sorted(
                (file for job in report.jobs for file in job.preflight), key=lambda f: f.name))
            write_atomic(options.out_dir / "preflight.json",
                         report.preflight.to_json().encode("utf-8"))
            record_outputs(options.out_dir, [options.out_dir / "preflight.json"])
    report.warnings = [w for job in report.jobs for w in job.output.warnings]
    report.seconds = time.perf_counter() - started
    return report
