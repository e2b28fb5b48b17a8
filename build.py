#!/usr/bin/env python3
"""Build every print output of the inspiration card: ``python build.py --help``."""

import gc

from inspiratiekaart.cli import main

if __name__ == "__main__":
    status = main()
    gc.freeze()  # all is done: the collector need not walk the heap again at exit
    raise SystemExit(status)
