#!/usr/bin/env python3
"""Build every print output of the inspiration card: ``python build.py --help``."""

import contextlib
import os
import sys

from inspiratiekaart.cli import main

if __name__ == "__main__":
    status = main()
    # Every output is written, closed and synced, and every worker has been joined: skip
    # the interpreter's teardown of a hundred modules and the parsed fonts (12 ms).
    with contextlib.suppress(OSError):  # a reader that has gone away (build.py | head)
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(status or 0)
