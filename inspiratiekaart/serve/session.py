"""A build that stays running: after each change it renders only the jobs whose input
changed, and keeps the last good state of every output for ``serve`` and ``watch``.

The content is loaded here; the jobs are rendered in worker processes that stay warm
(``work.py``). A job's input is what it reads of the content (a booklet: its sector's
view of the publication) and the links; one whose input is unchanged keeps its output. A
saved layout file marks the targets that declare it; the workers are then started anew,
so that nothing made from the old layouts is used again. The brochure is rendered first,
and each job's pages are shown as soon as they are fingerprinted, before its preflight.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..content.model import Publication
from ..content.problems import ContentError, Problem
from ..content.sectors import for_sector
from ..context import BuildContext, BuildOptions
from ..layout import LAYOUTS_DIR
from ..layout.derived import forget_layouts
from ..links.registry import LinkRegistry
from ..output import OutputError
from ..pipeline import (
    JobResult,
    apply_placements,
    card_side_paths,
    job_label,
    jobs_for,
    load,
    run_job,
    save_learnt_hyphenation,
    write_results,
)
from ..preflight import PreflightResult
from ..targets import BY_NAME, Target, selected
from ..workers import process_pool
from . import work

Job = tuple[str, str | None]
"""A unit of rendering: a target's name and the sector it is rendered for (or None)."""

LOWER_PRIORITY = 5
"""How much nicer the workers other than the brochure's are: the brochure is the page an
editor looks at."""


@dataclass(frozen=True)
class Shown:
    """One PDF as the editor sees it: its bytes, the fingerprint of each page, and the
    pages (from 1) that the latest change changed."""

    name: str
    pdf: bytes
    pages: tuple[str, ...]
    changed: tuple[int, ...] = ()


@dataclass(frozen=True)
class Notice:
    """A problem or warning for the editor: how bad, where, and what."""

    severity: str
    """"error" or "warning"."""
    where: str
    message: str
    of_preflight: bool = False
    """Whether it is the preflight's, about the pages shown (others leave them outdated)."""


@dataclass(frozen=True)
class View:
    """Everything shown at one moment: the last good outputs, the problems, and whether
    a build is running."""

    cycle: int = 0
    building: bool = False
    outputs: tuple[Shown, ...] = ()
    files: Mapping[str, bytes] = field(default_factory=dict)
    """Every file of the output, by its name under the output folder."""
    notices: tuple[Notice, ...] = ()
    preflight: PreflightResult | None = None
    """The preflight of every file shown (None before the first is checked)."""
    pages: Mapping[str, tuple[str, int]] = field(default_factory=dict)
    """Page fingerprint → the PDF and page index (from 0) that looks like that."""
    title: str = ""
    """The publication's title, as its content last gave it (none before it is read)."""

    def preflight_verdict(self) -> str:
        if self.preflight is None:
            return "preflight not run"
        failed = [report.name for report in self.preflight.files if report.failed]
        if failed:
            return f"preflight FAILED for {len(failed)} file(s): {', '.join(failed)}"
        warnings = sum(1 for report in self.preflight.files for check in report.checks
                       if check.warning)
        return f"preflight ok with {warnings} warning(s)" if warnings else "preflight ok"

    def preflight_failures(self) -> list[str]:
        """A line for every failure and warning of the preflight."""
        lines = []
        for report in self.preflight.files if self.preflight else []:
            for check in report.checks:
                lines += [f"FAILED {report.name}: {check.name}: {failure}"
                          for failure in check.failures]
                if check.warning:
                    lines.append(f"warning {report.name}: {check.name}: {check.warning}")
        return lines


@dataclass(frozen=True)
class Update:
    """What happened: a build started ("building"), pages are shown ("pages"), the content
    has problems ("problems"), or every job is done and written ("done")."""

    kind: str
    view: View
    reason: str = ""
    jobs: tuple[str, ...] = ()
    error: ContentError | None = None
    warnings: tuple[str, ...] = ()
    written: tuple[Path, ...] = ()
    card_sides: frozenset[Path] = frozenset()
    """The files written whose pages are cards' fronts and backs in turn."""
    seconds: float = 0.0


@dataclass
class Built:
    """A job's last good render, what it was rendered from, and its preflight once run."""

    result: JobResult
    input: object
    registry: LinkRegistry
    checked: bool = False


class Session:
    """Keeps every output up to date with the content, rendering what changed."""

    def __init__(self, options: BuildOptions, listen: Callable[[Update], None]) -> None:
        self.options, self.listen = options, listen
        self.workers: list[ProcessPoolExecutor | None] = \
            [None] * max(1, options.jobs or os.cpu_count() or 1)
        """One process each, started when first needed: the first renders the brochure
        whenever it is to be rendered, the others run at a lower priority."""
        self.built: dict[Job, Built] = {}
        self.stale: set[Job] = set()
        """Jobs to render again whatever their input (a layout changed, a render failed)."""
        self.stale_targets: set[str] = set()
        self.failures: dict[Job, list[Notice]] = {}
        self.unwritten: set[Job] = set()
        self.shown: dict[str, Shown] = {}
        self.problems: list[Problem] = []
        self.order: list[Job] = []
        self.cycle = 0
        self.started = 0.0
        self.reason = ""
        self.marking = False
        """Whether pages that differ from those shown are marked (not in the first build)."""
        self.links_files: dict[str, bytes] = {}
        self.title = ""
        """The publication's title, from the last content read without problems."""
        self.unfinished = False
        """True when the last update stopped early for a change that is waiting."""
        self.view = View()
        """What is shown now: replaced whole, never changed, so a reader in another thread
        always has one consistent state."""

    def update(self, changed: set[Path], interrupted: Callable[[], bool] = lambda: False
               ) -> None:
        """Bring every output up to date after ``changed`` files (none: the first build,
        or the rest of one that stopped early); stop early when ``interrupted`` says so."""
        if changed or not self.cycle:
            self._begin(changed)
        try:
            publication, registry = load(replace(self.options, jobs=1))
        except ContentError as error:
            self.problems, self.unfinished = error.problems, False
            self._publish(Update("problems", self.make_view(building=False), error=error))
            return
        except OSError as error:  # a folder that cannot be read: said, and the session goes on
            problem = Problem(str(self.options.content_dir), 0, "", f"cannot be read: {error}")
            self.problems, self.unfinished = [problem], False
            self._publish(Update("problems", self.make_view(building=False),
                                 error=ContentError([problem])))
            return
        self.problems, self.title = [], publication.title
        context = BuildContext(publication, registry, self.options)
        todo, unchecked, inputs = self._plan(publication, registry)
        self._publish(Update("building", self.make_view(building=True), self.reason,
                             tuple(label for label in map(_label, todo))))
        self.unfinished = not self._run(context, todo, unchecked, inputs, interrupted)
        if not self.unfinished:
            self._finish(context)

    def close(self) -> None:
        for worker in self.workers:
            if worker is not None:
                worker.shutdown(wait=True, cancel_futures=True)
        self.workers = [None] * len(self.workers)

    def _begin(self, changed: set[Path]) -> None:
        """A new change: forget the marks of the last, and what the layouts gave."""
        self.cycle += 1
        self.started = time.perf_counter()
        names = sorted(path.name for path in changed)
        self.reason = ", ".join(names[:3]) + ("…" if len(names) > 3 else "") + " changed" \
            if names else "first build"
        self.marking = bool(changed)
        self.shown = {name: replace(shown, changed=()) for name, shown in self.shown.items()}
        layouts = [path for path in changed if path.is_relative_to(LAYOUTS_DIR)]
        if layouts:
            self.stale_targets |= affected_by_layouts(layouts, self.options)
            forget_layouts()
            self._restart_workers()

    def _plan(self, publication: Publication, registry: LinkRegistry
              ) -> tuple[list[Job], list[Job], dict[Job, object]]:
        """The jobs to render (their input changed, or they are stale), the jobs rendered
        but not yet preflighted, and every job's input."""
        jobs = [(target.name, sector) for target, sector in _jobs(self.options, publication)]
        self.order = jobs
        self.stale |= {job for job in jobs if job[0] in self.stale_targets}
        self.stale_targets.clear()
        for gone in set(self.built) - set(jobs):
            self._forget(gone)
        links = links_signature(registry)
        inputs = {job: (job_input(publication, job), links) for job in jobs}
        todo = [job for job in jobs if job in self.stale or job not in self.built
                or self.built[job].input != inputs[job]]
        unchecked = [job for job in jobs if job not in todo and not self.built[job].checked]
        return todo, unchecked, inputs

    def _run(self, context: BuildContext, todo: list[Job], unchecked: list[Job],
             inputs: dict[Job, object], interrupted: Callable[[], bool]) -> bool:
        """Render ``todo`` (in order) then check every rendered job, as many at a time as
        there are workers; False when stopped early by ``interrupted``."""
        tasks = [("render", job) for job in todo] + [("check", job) for job in unchecked]
        running: dict[Future, tuple[str, Job, int]] = {}
        while tasks or running:
            busy = {worker for _, _, worker in running.values()}
            for worker in range(len(self.workers)):
                task = _next_task(tasks, worker) if worker not in busy else None
                if task is not None and not interrupted():
                    tasks.remove(task)
                    running[self._submit(*task, context, worker)] = (*task, worker)
            if not running:
                return False
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                kind, job, _ = running.pop(future)
                if kind == "render" and self._rendered(job, future, context, inputs[job]):
                    tasks.append(("check", job))
                elif kind == "check":
                    self._checked(job, future)
        return True

    def _submit(self, kind: str, job: Job, context: BuildContext, worker: int) -> Future:
        executor = self.workers[worker]
        if executor is None:
            executor = self.workers[worker] = process_pool(
                1, start="spawn", prepare=work.warm_up,
                prepare_args=(0 if worker == 0 else LOWER_PRIORITY,))
        if kind == "render":
            return executor.submit(work.render, context, *job)
        built = self.built[job]
        return executor.submit(work.check, built.registry, built.result.output,
                               self.options.preflight)

    def _rendered(self, job: Job, future: Future, context: BuildContext, job_input: object
                  ) -> bool:
        """Keep a job's render and show its pages; False when it failed."""
        rendered = self._outcome(job, future)
        if rendered is None:
            return False
        self.built[job] = Built(rendered.result, job_input, context.registry)
        self.stale.discard(job)
        self.unwritten.add(job)
        for name, pages in rendered.pages.items():
            self._show(name, rendered.result.output.files[name], pages)
        self._publish(Update("pages", self.make_view(building=True)))
        return True

    def _checked(self, job: Job, future: Future) -> None:
        checked = self._outcome(job, future)
        if checked is None:
            return
        built = self.built[job]
        built.result.preflight, built.checked = checked.preflight, True
        for name, pages in checked.pages.items():
            self._show(name, built.result.output.files[name], pages)
        self._publish(Update("pages", self.make_view(building=True)))

    def _outcome(self, job: Job, future: Future):
        """A task's result; None when it failed, which is shown and makes the job stale."""
        try:
            outcome = future.result()
        except ContentError as error:
            self._failed(job, [_content_notice(problem) for problem in error.problems])
            return None
        except BrokenProcessPool:
            self._restart_workers()
            self._failed(job, [Notice("error", _label(job), "the worker process stopped; "
                                      "it is built again after the next change")])
            return None
        except Exception as error:  # a bug in a renderer: shown, the session goes on
            self._failed(job, [Notice("error", _label(job),
                                      f"could not be built: {type(error).__name__}: {error}")])
            return None
        self.failures.pop(job, None)
        return outcome

    def _failed(self, job: Job, notices: list[Notice]) -> None:
        self.failures[job] = notices
        self.stale.add(job)
        self._publish(Update("pages", self.make_view(building=True)))

    def _show(self, name: str, pdf: bytes, pages: tuple[str, ...]) -> None:
        """Show a PDF, marking the pages that differ from what was shown before."""
        before = self.shown.get(name)
        changed = () if before is None or not self.marking else tuple(
            number for number, page in enumerate(pages, 1)
            if number > len(before.pages) or before.pages[number - 1] != page)
        self.shown[name] = Shown(name, pdf, pages, changed)

    def _forget(self, job: Job) -> None:
        """A job the content no longer has (a sector was removed)."""
        built = self.built.pop(job)
        for name in built.result.output.files:
            self.shown.pop(name, None)
        self.unwritten.discard(job)
        self.failures.pop(job, None)

    def _finish(self, context: BuildContext) -> None:
        """Every job is rendered and checked: make the links files, write what changed."""
        results = [self.built[job].result for job in self.order if job in self.unwritten]
        save_learnt_hyphenation(results)
        apply_placements(context.registry, [built.result for built in self.built.values()])
        results += [run_job(context, target, None) for target in selected(self.options.targets)
                    if target.after_others]
        written: list[Path] = []
        sides: set[Path] = set()
        try:
            written, preflight, _ = write_results(self.options, context.publication,
                                                  context.registry, results,
                                                  say=lambda line: None)
            sides = card_side_paths(self.options.out_dir, results, preflight)
            self.unwritten.clear()
        except OutputError as error:
            self.failures[("output", None)] = [Notice("error", str(self.options.out_dir),
                                                      str(error))]
        else:
            self.failures.pop(("output", None), None)
        self.links_files = {name: data for result in results if not result.output.kinds
                             for name, data in result.output.files.items()}
        warnings = tuple(w for result in results for w in result.output.warnings)
        self._publish(Update("done", self.make_view(building=False), warnings=warnings,
                             written=tuple(written), card_sides=frozenset(sides),
                             seconds=time.perf_counter() - self.started))

    def _restart_workers(self) -> None:
        """New workers, knowing nothing of the old layouts (or of a worker that died)."""
        for worker in self.workers:
            if worker is not None:
                worker.shutdown(wait=False, cancel_futures=True)
        self.workers = [None] * len(self.workers)

    def make_view(self, building: bool) -> View:
        """The view of what is built now."""
        rank = {job: index for index, job in enumerate(self.order)}
        owner = {name: job for job, built in self.built.items()
                 for name in built.result.output.files}
        printed = {name for built in self.built.values()
                   for name in built.result.output.print_files()}
        outputs = tuple(sorted(self.shown.values(), key=lambda shown: (
            shown.name in printed, rank.get(owner.get(shown.name), len(rank)),
            shown.name)))
        files = {**self.links_files,
                 **{shown.name: shown.pdf for shown in outputs}}
        checked = [built for built in self.built.values() if built.checked]
        preflight = PreflightResult(sorted(
            (report for built in checked for report in built.result.preflight),
            key=lambda report: report.name)) if checked and self.options.preflight else None
        pages = {page: (shown.name, index) for shown in outputs
                 for index, page in enumerate(shown.pages)}
        return View(self.cycle, building, outputs, files, self._notices(preflight), preflight,
                    pages, self.title)

    def _notices(self, preflight: PreflightResult | None) -> tuple[Notice, ...]:
        """Content problems first, then failed jobs, overflowing cards and the preflight."""
        notices = [_content_notice(problem) for problem in self.problems]
        notices += [notice for job in sorted(self.failures, key=str)
                    for notice in self.failures[job]]
        for job in self.order:
            built = self.built.get(job)
            if built is not None:
                where = next(iter(sorted(built.result.output.kinds)), _label(job))
                notices += [Notice("warning", where, w) for w in built.result.output.warnings]
        for report in preflight.files if preflight else []:
            for check in report.checks:
                notices += [Notice("error", report.name, f"preflight: {check.name}: {failure}",
                                   of_preflight=True) for failure in check.failures]
                if check.warning:
                    notices.append(Notice("warning", report.name,
                                          f"preflight: {check.name}: {check.warning}",
                                          of_preflight=True))
        return tuple(notices)

    def _publish(self, update: Update) -> None:
        self.view = update.view
        self.listen(update)


def _jobs(options: BuildOptions, publication: Publication) -> list[tuple[Target, str | None]]:
    """Every rendering job, the one an editor looks at first."""
    return sorted(jobs_for(options, publication), key=lambda job: not job[0].looked_at_first)


def _next_task(tasks: list[tuple[str, Job]], worker: int) -> tuple[str, Job] | None:
    """The first task ``worker`` may take: the first worker any, the others any but the
    render of the output looked at first, which waits for the first."""
    return next((task for task in tasks
                 if worker == 0 or task[0] != "render" or not BY_NAME[task[1][0]].looked_at_first),
                None)


def job_input(publication: Publication, job: Job) -> Publication:
    """What a job reads of the content: a booklet its sector's view, the others all."""
    name, sector = job
    if sector is not None and BY_NAME[name].per_sector:
        return for_sector(publication, sector)
    return publication


def links_signature(registry: LinkRegistry) -> tuple:
    """What every output reads of the links: numbers, addresses, codes, sectors."""
    return tuple((entry.id, entry.number, entry.url, entry.payload, tuple(sorted(entry.sectors)))
                 for entry in registry)


def affected_by_layouts(changes: list[Path], options: BuildOptions) -> set[str]:
    """The targets that changed layout files affect, by the layouts each reads (a file
    in layouts/ that is not a layout file, such as a template, affects them all)."""
    requested = selected(options.targets)
    wanted: set[str] = set()
    for path in changes:
        if path.parent != LAYOUTS_DIR or path.suffix != ".yaml":
            return {target.name for target in requested}
        wanted |= {target.name for target in requested if target.reads_layout(path.stem)}
    return wanted


def _label(job: Job) -> str:
    name, sector = job
    return job_label(BY_NAME[name], sector) if name in BY_NAME else name


def _content_notice(problem: Problem) -> Notice:
    where = f"{problem.file}:{problem.line}" if problem.line else problem.file
    message = f"{problem.field}: {problem.message}" if problem.field else problem.message
    return Notice("error", where, message)
