"""Run the preflight over a build's PDFs; report a table and write preflight.json."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from ..layout import load_layout
from . import checks
from .checks import Check
from .document import check_document


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
            Check(c["check"], list(c["failures"]), c["skipped"], c["warning"])
            for c in f["checks"]]) for f in json.loads(text)["files"]])

    def to_json(self) -> str:
        return json.dumps({"failed": self.failed, "files": [
            {"file": r.name, "pages": r.pages, "checks": [
                {"check": c.name, "status": c.status, "failures": c.failures,
                 "skipped": c.skipped, "warning": c.warning} for c in r.checks]}
            for r in self.files]}, indent=1, ensure_ascii=False)


@dataclass(frozen=True)
class Expectation:
    """What a file must hold: its links (address → QR payload) and how it is checked."""

    links: dict[str, str]
    kind: str
    """"document" (read on screen and on paper), "cards", "press" or "sheet"."""
    overflowed_cards: int = 0


def preflight_file(name: str, pdf: bytes, expect: Expectation) -> FileReport:
    """Every check for ``pdf``: a document is read with PDFium, a print sheet with pypdf."""
    if expect.kind in ("document", "cards"):
        report = _document_report(name, pdf, expect)
    else:
        report = _sheet_report(name, pdf, expect)
    if expect.kind == "cards":
        overflow = Check("cards fit (no follow-up cards)")
        if expect.overflowed_cards:
            overflow.warning = f"{expect.overflowed_cards} cards continue on follow-up cards"
        report.checks.append(overflow)
    return report


def _document_report(name: str, pdf: bytes, expect: Expectation) -> FileReport:
    cards = load_layout("cards") if expect.kind == "cards" else None
    pages, checks = check_document(pdf, expect.links, load_layout("qr"), cards)
    return FileReport(name, pages, checks)


def _sheet_report(name: str, pdf: bytes, expect: Expectation) -> FileReport:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    bleed = load_layout("cards").bleed if expect.kind == "press" else None
    return FileReport(name, len(reader.pages),
                      [checks.fonts_embedded(reader), checks.page_boxes(reader, bleed)])
