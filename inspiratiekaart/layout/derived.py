"""Values worked out from the layouts (and the fonts they name), kept per process until the
layouts change: a warm process (``serve``, ``watch``) forgets them all at once."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TypeVar

F = TypeVar("F", bound=Callable)

_FORGETTERS: list[Callable[[], None]] = []


def from_layouts(function: F) -> F:
    """``function`` with its answers kept until :func:`forget_layouts`."""
    kept = cache(function)
    _FORGETTERS.append(kept.cache_clear)
    return kept  # type: ignore[return-value]


def forget_layouts() -> None:
    """Read the layouts and fonts again when next asked, and work out anew everything
    derived from them."""
    for forget in _FORGETTERS:
        forget()
