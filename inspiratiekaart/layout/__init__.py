"""Layout decisions as data: reads ``layouts/*.yaml`` and turns lengths into points."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
LAYOUTS_DIR = ROOT / "layouts"
FONTS_DIR = ROOT / "fonts"
MM = 72 / 25.4
LENGTH = re.compile(r"^(-?\d+(?:\.\d+)?)\s*(mm|pt|cm)$")
UNITS = {"mm": MM, "cm": 10 * MM, "pt": 1.0}


class Spec(dict):
    """A layout mapping whose keys read as attributes: ``layout.qr.min_size``."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"layout has no setting '{name}' "
                                 f"(has: {', '.join(self)})") from None


def _convert(value: Any) -> Any:
    if isinstance(value, dict):
        return Spec({key: _convert(child) for key, child in value.items()})
    if isinstance(value, list):
        return [_convert(child) for child in value]
    if isinstance(value, str) and (match := LENGTH.match(value.strip())):
        return float(match.group(1)) * UNITS[match.group(2)]
    return value


@cache
def load_layout(name: str, layouts_dir: Path = LAYOUTS_DIR) -> Spec:
    """The layout file ``layouts/<name>.yaml``, lengths in points.

    A file with ``extends: other`` holds only what differs from ``layouts/other.yaml``.
    """
    data = _read(layouts_dir / f"{name}.yaml")
    base = data.pop("extends", None)
    if base:
        data = _merge(_raw(base, layouts_dir), data)
    return _convert(data)


def _read(path: Path) -> dict:
    """A layout file's mapping, parsed by libyaml where PyYAML has it (five times quicker)."""
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _raw(name: str, layouts_dir: Path) -> dict:
    data = _read(layouts_dir / f"{name}.yaml")
    base = data.pop("extends", None)
    return _merge(_raw(base, layouts_dir), data) if base else data


def _merge(base: dict, override: dict) -> dict:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def cmyk(percentages: list[float]) -> tuple[float, float, float, float]:
    """CMYK percentages from a layout file as fractions."""
    c, m, y, k = (value / 100 for value in percentages)
    return (c, m, y, k)
