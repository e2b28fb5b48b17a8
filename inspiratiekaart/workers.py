"""Worker processes that end when the build's process ends, however it ends.

A worker of a process pool waits on a pipe that it holds open itself, so a build killed
with SIGKILL or SIGTERM left its workers waiting for ever. Each worker asks Linux to kill
it when its parent dies (``prctl(PR_SET_PDEATHSIG)``): the kernel does it at once, even
while the worker is busy in C code, without a thread polling in every worker. The parent
may have died between the fork and that request; the worker checks that right after.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

PR_SET_PDEATHSIG = 1
"""From <linux/prctl.h>."""


def process_pool(workers: int, start: str = "fork",
                 prepare: Callable[..., None] | None = None,
                 prepare_args: tuple = ()) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes, each ending when this process ends. Forked, they
    inherit what the build has loaded; ``start="spawn"`` makes fresh ones (which a
    long-lived process keeps warm with ``prepare(*prepare_args)``)."""
    return ProcessPoolExecutor(workers, mp_context=get_context(start),
                               initializer=start_worker,
                               initargs=(os.getpid(), prepare, prepare_args))


def start_worker(parent: int, prepare: Callable[..., None] | None, args: tuple) -> None:
    """Worker initializer: end with ``parent``, then ``prepare`` the worker."""
    end_with_parent(parent)
    if prepare is not None:
        prepare(*args)


def end_with_parent(parent: int) -> None:
    """Worker initializer: be killed when the process ``parent`` ends (on Linux; other
    systems have no such request and their workers outlive a killed build)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request took effect
        os.kill(os.getpid(), signal.SIGKILL)
