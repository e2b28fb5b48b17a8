#!/usr/bin/env python3
"""Build every print output of the inspiration card: ``python build.py --help``."""

import sys

from inspiratiekaart.cli import main

if __name__ == "__main__":
    sys.exit(main())
