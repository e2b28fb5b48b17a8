"""What a session's worker processes do: render a job and fingerprint its pages, then
preflight it and fingerprint its print files.

The workers are started once and stay warm: the modules are imported and the fonts
registered when each starts, and everything a render caches stays for the next.
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass, field

from ..context import BuildContext
from ..links.registry import LinkRegistry
from ..pipeline import JobResult, preflight_output, render_job
from ..preflight import FileReport
from ..preview import page_fingerprints
from ..targets import BY_NAME, TargetOutput

"""Where the targets put the files for printers; their pages are shown after the others."""


@dataclass
class Rendered:
    """A job's output, and the fingerprints of the pages of its PDFs for reading."""

    result: JobResult
    pages: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class Checked:
    """A job's preflight, and the fingerprints of the pages of its print files."""

    preflight: list[FileReport]
    pages: dict[str, tuple[str, ...]] = field(default_factory=dict)


def warm_up(niceness: int) -> None:
    """Import every renderer and register the fonts, once per worker; yield the processor
    to others by ``niceness``. Ctrl-C is for the session, which stops its workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.nice(niceness)
    from ..assemble import booklets  # noqa: F401
    from ..impose import impose_cards_duplex  # noqa: F401
    from ..render import brochure, cards  # noqa: F401
    from ..render.fonts import register_fonts

    register_fonts()


def render(context: BuildContext, target: str, sector: str | None) -> Rendered:
    """Render one job; fingerprint the pages of its PDFs that are not print files."""
    result = render_job(context, BY_NAME[target], sector)
    return Rendered(result, _fingerprints(result.output, print_files=False))


def check(registry: LinkRegistry, output: TargetOutput, preflight: bool) -> Checked:
    """Preflight a job's output (when the build preflights); fingerprint its print files."""
    reports = preflight_output(registry, output) if preflight else []
    return Checked(reports, _fingerprints(output, print_files=True))


def _fingerprints(output: TargetOutput, print_files: bool) -> dict[str, tuple[str, ...]]:
    printed = output.print_files()
    return {name: page_fingerprints(output.files[name]) for name in sorted(output.kinds)
            if (name in printed) == print_files}
