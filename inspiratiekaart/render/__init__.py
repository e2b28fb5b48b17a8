"""Stage 3: render targets from the model with ReportLab (shared pieces live here)."""
