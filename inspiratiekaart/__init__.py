"""Print pipeline for the inspiration card on equal chances for wellbeing at school."""

__version__ = "0.1.0"
