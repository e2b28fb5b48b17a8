"""Stage 6: preflight every PDF the build wrote, as a print shop would before printing."""

from .run import PreflightResult, run_preflight

__all__ = ["PreflightResult", "run_preflight"]
