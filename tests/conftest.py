"""Shared fixtures: one full build per test session, reused by the read-back tests; a
build cache of a test's own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from inspiratiekaart.pipeline import BuildOptions, build

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of a full build of the real content."""
    out = tmp_path_factory.mktemp("output")
    build(BuildOptions(content_dir=CONTENT, out_dir=out, quiet=True),
          say=lambda line: None)
    return out


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the real content."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An empty build cache in a temporary folder (``$INSPIRATIEKAART_CACHE``)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("INSPIRATIEKAART_CACHE", str(folder))
    return folder
