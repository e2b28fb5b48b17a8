"""The dependency ranges of pyproject.toml: each spans the one major version the tests run
against (for a 0.x release, its one minor version), and that is the version installed."""

from __future__ import annotations

import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def requirements() -> list[str]:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    return [*project["dependencies"], *project["optional-dependencies"]["test"]]


def bound(requirement: Requirement, operator: str) -> Version | None:
    found = [Version(s.version) for s in requirement.specifier if s.operator == operator]
    return found[0] if len(found) == 1 else None


def next_major(release: Version) -> Version:
    """The first release a breaking change may come in: the next major (the next minor of
    a 0.x release)."""
    return Version(f"0.{release.minor + 1}") if release.major == 0 else Version(
        f"{release.major + 1}")


@pytest.mark.parametrize("line", requirements())
def test_range_spans_one_major_version(line: str) -> None:
    requirement = Requirement(line)
    lower, upper = bound(requirement, ">="), bound(requirement, "<")
    assert lower is not None and upper is not None, f"{line}: give >=X and <Y"
    assert upper == next_major(lower), f"{line}: should end before {next_major(lower)}"


@pytest.mark.parametrize("line", requirements())
def test_installed_version_is_within_its_range(line: str) -> None:
    requirement = Requirement(line)
    installed = version(requirement.name)
    assert requirement.specifier.contains(installed, prereleases=True), (
        f"{requirement.name} {installed} is installed; pyproject.toml asks {line}")
