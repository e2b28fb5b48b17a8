"""Run the preflight over a build's PDFs; report a table and write preflight.json."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..layout import load_layout
from . import checks
from .checks import Check
from .document import check_document

if TYPE_CHECKING:
    from .inks import FormCache


@dataclass
class FileReport:
    name: str
    pages: int
    checks: list[Check] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(c.status == "failed" for c in self.checks)


@dataclass
class PreflightResult:
    files: list[FileReport]

    @property
    def failed(self) -> bool:
        return any(f.failed for f in self.files)

    def table(self) -> str:
        lines = []
        for report in self.files:
            statuses = [c.status for c in report.checks]
            verdict = "FAILED" if report.failed else "ok"
            summary = f"{statuses.count('ok')}/{len(statuses)} checks ok"
            skipped = [c for c in report.checks if c.skipped]
            if skipped:
                summary += f", {len(skipped)} skipped ({skipped[0].skipped})"
            summary += "".join(f"; {c.note}" for c in report.checks if c.note)
            summary += "".join(f"; {c.warning}" for c in report.checks if c.warning)
            lines.append(f"  {verdict:<6} {report.name:<34} {report.pages:>3} pages  {summary}")
            for check in report.checks:
                lines += [f"         {check.name}: {failure}" for failure in check.failures[:5]]
        return "\n".join(lines)

    def merged_over(self, earlier: PreflightResult | None,
                    keep: Callable[[str], bool]) -> PreflightResult:
        """These files' reports, with those of ``earlier`` for other files that ``keep``
        accepts, by file name."""
        mine = {report.name for report in self.files}
        others = [report for report in (earlier.files if earlier else [])
                  if report.name not in mine and keep(report.name)]
        return PreflightResult(sorted([*self.files, *others], key=lambda report: report.name))

    @classmethod
    def from_json(cls, text: str) -> PreflightResult:
        """A report as :meth:`to_json` wrote it."""
        return cls([FileReport(f["file"], f["pages"], [
            Check(c["check"], list(c["failures"]), c["skipped"], c["warning"],
                  c.get("note"), c.get("details"))
            for c in f["checks"]]) for f in json.loads(text)["files"]])

    def to_json(self) -> str:
        return json.dumps({"failed": self.failed, "files": [
            {"file": r.name, "pages": r.pages, "checks": [
                {"check": c.name, "status": c.status, "failures": c.failures,
                 "skipped": c.skipped, "warning": c.warning,
                 **({"note": c.note} if c.note is not None else {}),
                 **({"details": c.details} if c.details is not None else {})}
                for c in r.checks]}
            for r in self.files]}, indent=1, ensure_ascii=False)


@dataclass(frozen=True)
class DeckSummary:
    """What the deck's renderer knows of its cards, for the preflight to report."""

    cards: int
    follow_ups: int
    left_out: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Card → what it leaves to the brochure."""
    follow_up_pages: tuple[int, ...] = ()
    """Pages (from 1) of follow-up cards: what is wrong there is the overflow's doing."""


@dataclass(frozen=True)
class Expectation:
    """What a file must hold: its links (address → QR payload) and how it is checked."""

    links: dict[str, str]
    kind: str
    """"document" (read on screen and on paper), "cards", "press" or "sheet"."""
    deck: DeckSummary | None = None
    scale: float = 1.0
    """The scale a sheet sets its pages at (the office sheet's cards are smaller than A5)."""


def preflight_file(name: str, pdf: bytes, expect: Expectation,
                   forms: FormCache | None = None) -> FileReport:
    """Every check for ``pdf``: a document is read with PDFium, a print sheet with pypdf.
    ``forms``, one for all of a job's files, lets their print sheets read a page they
    share once (see :func:`.inks.form_key`)."""
    if expect.kind in ("document", "cards"):
        report = _document_report(name, pdf, expect)
    else:
        report = _sheet_report(name, pdf, expect, forms)
    if expect.kind == "cards" and expect.deck is not None:
        _excuse_follow_ups(report, expect.deck)
        report.checks.append(deck_check(expect.deck))
    return report


def _excuse_follow_ups(report: FileReport, deck: DeckSummary) -> None:
    """An empty side of a follow-up card is a warning: the overflow warning already asks
    the editor to make the theme fit, and then the follow-up card goes."""
    pages = {f"p. {page}:" for page in deck.follow_up_pages}
    for check in report.checks:
        if check.name != "no side without content":
            continue
        excused = [f for f in check.failures if f.split(" nothing")[0] in pages]
        check.failures = [f for f in check.failures if f not in excused]
        if excused:
            check.warning = f"{len(excused)} empty sides on follow-up cards"


def deck_check(deck: DeckSummary) -> Check:
    """The deck's cards, follow-up cards (a warning) and what each card leaves to the
    brochure (counted in the table, listed in preflight.json)."""
    check = Check("cards fit (no follow-up cards)",
                  note=f"{deck.cards} cards, {deck.follow_ups} follow-ups, "
                       f"{len(deck.left_out)} leave text to the brochure",
                  details={"cards": deck.cards, "follow_ups": deck.follow_ups,
                           "left_to_brochure": {k: list(v) for k, v in deck.left_out.items()}})
    if deck.follow_ups:
        check.warning = f"{deck.follow_ups} follow-up cards"
    return check


def _document_report(name: str, pdf: bytes, expect: Expectation) -> FileReport:
    cards = load_layout("cards") if expect.kind == "cards" else None
    pages, checks = check_document(pdf, expect.links, load_layout("qr"), cards)
    return FileReport(name, pages, checks)


def _sheet_report(name: str, pdf: bytes, expect: Expectation,
                  forms: FormCache | None) -> FileReport:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    press = load_layout("press")
    bleed = press.min_bleed if expect.kind == "press" else None
    return FileReport(name, len(reader.pages),
                      [checks.fonts_embedded(reader), checks.page_boxes(reader, bleed),
                       checks.pdfx_identification(reader), checks.output_intent(reader),
                       *checks.ink_checks(reader, press, expect.scale, forms)])
