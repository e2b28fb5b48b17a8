"""Content problems: collected over all files, reported together."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

EXCERPT_CHARS = 60
"""The most characters of an editor's text that a message quotes."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the content, located for a person to fix."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.field:
            return f"{where}: {self.field}: {self.message}"
        return f"{where}: {self.message}"


@dataclass
class Problems:
    """An accumulator that every validation step adds to."""

    noted: dict[Problem, None] = field(default_factory=dict)
    """Every problem found, once, in the order found."""
    claimed: dict[tuple[str, str], tuple[str, int, str]] = field(default_factory=dict)
    """Names seen so far, for the rules that a name is used once (or for one thing)."""
    sites: dict[str, tuple[str, int, str]] = field(default_factory=dict)
    """Where each link address is first used: file, line, field."""
    links_in: dict[str, int] = field(default_factory=dict)
    """How many links each file holds so far."""
    printable: frozenset[int] | None = None
    """The characters the publication's fonts can print (None: not checked)."""

    def count_link(self, file: Path | str) -> int:
        """Count one more link in ``file``; return how many it holds now."""
        self.links_in[str(file)] = self.links_in.get(str(file), 0) + 1
        return self.links_in[str(file)]

    def claim(self, namespace: str, name: str, value: str, file: Path | str, line: int,
              field_path: str) -> None:
        """Record that ``name`` stands for ``value``; report a clash with an earlier claim."""
        key = (namespace, name)
        earlier = self.claimed.get(key)
        if earlier is None:
            self.claimed[key] = (value, line, str(file))
        elif earlier[0] != value or namespace not in ("link", "address"):
            self.add(file, line, field_path,
                     f"{_clash(namespace, name, earlier[0])} at {earlier[2]}:{earlier[1]}"
                     f"{_remedy(namespace, earlier[0])}")

    def add(self, file: Path | str, line: int, field_path: str, message: str) -> Problem:
        """Note a problem, once however often a value is read."""
        problem = Problem(str(file), line, field_path, message)
        self.noted[problem] = None
        return problem

    def withdraw(self, problem: Problem) -> None:
        """Take back a problem another tells better."""
        self.noted.pop(problem, None)

    @property
    def items(self) -> list[Problem]:
        return list(self.noted)

    def __bool__(self) -> bool:
        return bool(self.noted)

    def __len__(self) -> int:
        return len(self.noted)


def shorten(text: str, limit: int = EXCERPT_CHARS) -> str:
    """``text`` cut to at most ``limit`` characters, the cut marked with '…'."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """``text`` quoted for a message: at most ``limit`` characters, invisible ones escaped."""
    return repr(shorten(text, limit))


def counted(number: int, noun: str) -> str:
    """``number`` and ``noun``, plural unless one: "1 link", "2 links"."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def share_of(part: int, whole: int) -> str:
    """How many of ``whole`` ``part`` is, in words: "all 67", "65 of the 67"."""
    return f"all {whole}" if part == whole else f"{part} of the {whole}"


def closest(word: str, choices: Iterable[str] | Mapping[str, str]) -> str | None:
    """The choice closest to ``word`` (a misspelling of it), or None when none is close:
    the one way the content's and the layouts' messages find what was meant.

    ``choices`` may map other spellings (a Dutch name, a heading) to the choice they stand
    for; case and surrounding white space are ignored.
    """
    spellings = dict(choices) if isinstance(choices, Mapping) else {c: c for c in choices}
    by_lower = {spelling.lower(): choice for spelling, choice in spellings.items()}
    close = difflib.get_close_matches(word.strip().lower(), list(by_lower), n=1, cutoff=0.6)
    return by_lower[close[0]] if close else None


def did_you_mean(word: str, choices: Iterable[str] | Mapping[str, str]) -> str:
    """"; did you mean X?" for the choice :func:`closest` to ``word``, or "" when none is
    close."""
    close = closest(word, choices)
    return f"; did you mean {close}?" if close is not None else ""


def _clash(namespace: str, name: str, earlier: str) -> str:
    if namespace == "link":
        return f"link id {excerpt(name)} already names {shorten(earlier)}"
    if namespace == "address":
        return f"address {shorten(name)} already has the link id {excerpt(earlier)}"
    return f"{namespace} id {excerpt(name)} is already used"


def _remedy(namespace: str, earlier: str) -> str:
    if namespace == "link":
        return ": give this link another id"
    if namespace == "address":
        return f": write {{#{earlier}}} here too, or leave the id out"
    return ": give one of them another id"


class ContentError(Exception):
    """Raised when content has problems; carries all of them."""

    subject = "Content has"
    """How the report's last line names what has the problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} content problem(s)")
        self.problems = problems

    def __reduce__(self):
        """Keep the problems when the error crosses from a worker process."""
        return (type(self), (self.problems,))

    def report(self) -> str:
        lines = [str(p) for p in self.problems]
        lines.append(f"{self.subject} {counted(len(self.problems), 'problem')}; nothing was "
                     "built.")
        return "\n".join(lines)
