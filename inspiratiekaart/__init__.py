"""Print pipeline for an inspiration card: its content, written in YAML, as a brochure, a
card deck and sector booklets ready to print."""

from reportlab import rl_config

__version__ = "0.1.0"

# Every PDF we write with ReportLab has plain Flate streams, without the ASCII85 layer
# ReportLab adds by default: that layer writes every 4 bytes as 5 characters, and pypdf
# would undo it before it could inflate any stream it reads back.
rl_config.useA85 = 0
