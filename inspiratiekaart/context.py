"""What every stage of a build is given: the options and the loaded publication."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .content.model import Publication
from .links.registry import LinkRegistry


@dataclass
class BuildOptions:
    content_dir: Path = Path("content")
    out_dir: Path = Path("output")
    targets: tuple[str, ...] = ()
    """Target names; empty means every target."""
    sector: str | None = None
    strict: bool = False
    quiet: bool = False
    marks: bool = False
    flip: str = "long"
    back_offset: tuple[float, float] = (0.0, 0.0)
    jobs: int = 0
    """Processes for rendering: 0 means one per core."""
    preflight: bool = True
    output_profile: Path | None = None
    """A print shop's CMYK output profile for the print files (else layouts/press.yaml's)."""
    output_condition: str | None = None
    """The output condition that profile describes, such as FOGRA51."""


@dataclass
class BuildContext:
    """What every target gets: the validated publication, its links, the options."""

    publication: Publication
    registry: LinkRegistry
    options: BuildOptions

    @property
    def out_dir(self) -> Path:
        return self.options.out_dir
