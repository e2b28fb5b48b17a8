"""The build, stage by stage: load content, register links, render targets, write outputs.

Nothing renders before everything is loaded and validated, so every target sees the
whole publication and a content error stops the build before any file is touched.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .content.loader import load_publication
from .content.model import Publication
from .links.registry import LinkRegistry, build_registry
from .links.report import apply_slugs
from .output import output_folder, record_outputs

TARGETS: dict[str, str] = {
    "brochure": "inspiratiekaart.targets:build_brochure",
    "cards": "inspiratiekaart.targets:build_cards",
    "booklets": "inspiratiekaart.targets:build_booklets",
    "links": "inspiratiekaart.links.report:build_links",
}
"""Every target and the function that builds it, in build order."""


@dataclass
class BuildOptions:
    content_dir: Path = Path("content")
    out_dir: Path = Path("output")
    targets: tuple[str, ...] = tuple(TARGETS)
    sector: str | None = None
    strict: bool = False
    quiet: bool = False
    marks: bool = False
    flip: str = "long"
    back_offset: tuple[float, float] = (0.0, 0.0)


@dataclass
class BuildContext:
    """What every target gets: the validated publication, its links, the options."""

    publication: Publication
    registry: LinkRegistry
    options: BuildOptions
    warnings: list[str] = field(default_factory=list)

    @property
    def out_dir(self) -> Path:
        return self.options.out_dir


@dataclass
class TargetResult:
    name: str
    files: list[Path]
    seconds: float


def load(options: BuildOptions) -> tuple[Publication, LinkRegistry]:
    """Stage 1 and 2: the validated publication and its link registry."""
    publication = load_publication(options.content_dir)
    return publication, build_registry(publication)


def summary(publication: Publication, registry: LinkRegistry) -> str:
    themes = [t for t in publication.themes if t.part == "theme"]
    return (f"{len(themes)} themes, {len(publication.opening)} opening pages, "
            f"{len(registry)} links, 0 problems")


def target_function(name: str) -> Callable[[BuildContext], list[Path]]:
    module_name, function_name = TARGETS[name].split(":")
    return getattr(importlib.import_module(module_name), function_name)


def build(options: BuildOptions, say: Callable[[str], None] = print) -> list[TargetResult]:
    """Run every requested target into the output folder; return what each wrote."""
    publication, registry = load(options)
    apply_slugs(registry, options.content_dir, publication.redirect_base)
    context = BuildContext(publication, registry, options)
    results = []
    with output_folder(options.out_dir, say):
        for name in options.targets:
            started = time.perf_counter()
            files = target_function(name)(context)
            record_outputs(options.out_dir, files)
            results.append(TargetResult(name, files, time.perf_counter() - started))
            if not options.quiet:
                say(f"{name:<10} {time.perf_counter() - started:6.2f} s  "
                    f"{', '.join(str(f.relative_to(options.out_dir)) for f in files)}")
    for warning in context.warnings:
        say(f"warning: {warning}")
    return results
