"""Stage 6: preflight every PDF the build writes, as a print shop would before printing."""

from .run import FileReport, PreflightResult, preflight_file

__all__ = ["FileReport", "PreflightResult", "preflight_file"]
