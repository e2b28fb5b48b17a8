"""Inline text to ReportLab paragraph markup through an autoescaping Jinja2 template.

Content text is data: every character is escaped, so ``<b>`` or ``&amp;`` in the
content prints as those characters and never becomes markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import jinja2

from ..content.model import Block, Link, RichText, Span
from ..layout import LAYOUTS_DIR, load_layout
from ..layout.derived import from_layouts


@dataclass
class Run:
    """Consecutive spans under the same link (or under none)."""

    link: Link | None
    spans: list[Span] = field(default_factory=list)
    linked: bool = True
    number: int | None = None


@from_layouts
def environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(LAYOUTS_DIR / "templates"),
                              autoescape=True, undefined=jinja2.StrictUndefined,
                              keep_trailing_newline=False)


@from_layouts
def labels() -> dict[str, jinja2.Template]:
    """Every wording of layouts/labels.yaml by name; a list's lines as ``name[index]``."""
    texts: dict[str, str] = {}
    for key, value in load_layout("labels").items():
        if isinstance(value, str):
            texts[key] = value
        elif isinstance(value, list):
            texts.update({f"{key}[{index}]": line for index, line in enumerate(value)})
    env = jinja2.Environment(loader=jinja2.DictLoader(texts), autoescape=False,
                             undefined=jinja2.StrictUndefined)
    return {key: env.get_template(key) for key in texts}


def label(name: str, **values: object) -> str:
    """A generated wording from layouts/labels.yaml, as plain text."""
    return labels()[name].render(**values)


def label_lines(name: str, **values: object) -> list[str]:
    """A wording of layouts/labels.yaml written as a list, a line each."""
    return [label(f"{name}[{index}]", **values)
            for index in range(len(load_layout("labels")[name]))]


def block_title(block: Block) -> str | None:
    """The heading a block prints: its own, else its kind's from layouts/labels.yaml."""
    if block.heading is not None:
        return block.heading
    return load_layout("labels").block_headings.get(block.kind)


def escape(text: str) -> str:
    """Plain text made safe for a ReportLab paragraph."""
    return str(jinja2.utils.markupsafe.escape(text))


def runs_of(text: RichText) -> list[Run]:
    runs: list[Run] = []
    for span in text.spans:
        if runs and runs[-1].link is span.link:
            runs[-1].spans.append(span)
        else:
            runs.append(Run(span.link, [span]))
    return runs


def rich_markup(text: RichText, colour_hex: str,
                number_of: Callable[[Link], int | None] = lambda link: None,
                is_linked: Callable[[Link], bool] = lambda link: True) -> str:
    """Paragraph markup for ``text``: links coloured and clickable, followed by their number."""
    spec = load_layout("brochure").styles.link_number
    runs = runs_of(text)
    for run in runs:
        if run.link is not None:
            run.linked = is_linked(run.link)
            run.number = number_of(run.link) if run.linked else None
    template = environment().get_template("inline.xml.j2")
    return template.render(runs=runs, link_colour=colour_hex, number_size=spec.size,
                           number_rise=spec.rise)
