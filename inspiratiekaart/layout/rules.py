"""Rules between settings of one layout file, checked once every setting has been read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..content.yamlfile import Node
from .contrast import PAPER, cmyk, contrast, darkened
from .settings import MM, TOLERANCE, Bound, Checking, Spec


def value_at(values: Spec, path: str) -> Any:
    """The checked value at a dotted path, or None where it is missing or was invalid."""
    value: Any = values
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def node_at(root: Node, path: str) -> Node:
    """The YAML node at a dotted path whose value was checked (so it is there)."""
    node = root
    for key in path.split("."):
        node = node.value[key]
    return node


def expand(values: Spec, path: str, only_with: str | None = None) -> list[str]:
    """The paths a path with one ``*`` (every key of that mapping) stands for."""
    if "*" not in path:
        return [path]
    head, tail = path.split(".*.")
    entries = value_at(values, head)
    if not isinstance(entries, dict):
        return []
    return [f"{head}.{key}.{tail}" for key, entry in entries.items()
            if only_with is None or (isinstance(entry, dict) and only_with in entry)]


def millimetres_apart(length: float, other: float) -> tuple[str, str]:
    """Two lengths in millimetres, with as many decimals (up to three) as tell them apart."""
    for decimals in (1, 2):
        shown = (f"{length / MM:.{decimals}f} mm", f"{other / MM:.{decimals}f} mm")
        if shown[0] != shown[1]:
            return shown
    return f"{length / MM:.3f} mm", f"{other / MM:.3f} mm"


PRODUCT = " × "
"""Joins the factors of a term of :class:`Fits`, a length times numbers:
``cover.title_top × page.height``."""


def term_value(values: Spec, term: str) -> float | None:
    """The length a term of :class:`Fits` stands for: a length setting, or the product of
    its settings; None where a value it needs is missing or was invalid."""
    factors = [value_at(values, path) for path in term.split(PRODUCT)]
    if not all(isinstance(factor, (int, float)) and not isinstance(factor, bool)
               for factor in factors):
        return None
    product = 1.0
    for factor in factors:
        product *= factor
    return product


def term_nodes(root: Node, term: str) -> list[Node]:
    """The YAML nodes of every setting a term of :class:`Fits` reads."""
    return [node_at(root, path) for path in term.split(PRODUCT)]


@dataclass(frozen=True)
class Fits:
    """The lengths ``parts`` add up to no more than the lengths ``within`` do.

    A term may be a product (``cover.title_top × page.height``: a share of a length). A
    ``*`` in a term stands for every key of that mapping, each checked on its own (the
    same key in every term and in ``at``): ``styles.*.leading`` for each style's. With a
    ``share`` below 1, the parts take at most that share of the room.
    """

    parts: tuple[str, ...]
    within: str | tuple[str, ...]
    at: str
    """The setting a problem is reported at: the one most likely to be changed."""
    why: str
    share: float = 1.0
    at_largest: bool = False
    """Told at the largest of ``parts`` instead (a sum of settings any of which may have
    grown), ``at`` where they are alike."""

    @property
    def room(self) -> tuple[str, ...]:
        return (self.within,) if isinstance(self.within, str) else self.within

    def describe(self) -> str:
        return f"{' + '.join(self.parts)} ≤ {self.room_name()}: {self.why}"

    def room_name(self) -> str:
        room = " + ".join(self.room)
        if self.share == 1:
            return room
        return f"{self.share:g} × ({room})" if len(self.room) > 1 else f"{self.share:g} × {room}"

    def check(self, root: Node, values: Spec, checking: Checking) -> None:
        for rule in self.each_key(values):
            rule.check_one(root, values, checking)

    def each_key(self, values: Spec) -> list[Fits]:
        """This rule once for every key its ``*`` stands for (itself where it has none)."""
        pattern = next((term for term in (*self.parts, *self.room) if "*" in term), None)
        if pattern is None:
            return [self]
        return [Fits(tuple(same_entry(pattern, path, term) for term in self.parts),
                     tuple(same_entry(pattern, path, term) for term in self.room),
                     same_entry(pattern, path, self.at), self.why, self.share,
                     self.at_largest)
                for path in expand(values, pattern)]

    def measure(self, values: Spec) -> tuple[float, float] | None:
        """What the parts use and the room they have; None where a value is missing."""
        lengths = [term_value(values, term) for term in (*self.parts, *self.room)]
        if any(length is None for length in lengths):
            return None
        return sum(lengths[:len(self.parts)]), self.share * sum(lengths[len(self.parts):])

    def fails(self, values: Spec) -> bool:
        measured = self.measure(values)
        return measured is not None and measured[0] > measured[1] + TOLERANCE

    def check_one(self, root: Node, values: Spec, checking: Checking) -> None:
        terms = (*self.parts, *self.room)
        measured = self.measure(values)
        if measured is None:
            return
        used, room = measured
        if used > room + TOLERANCE:
            others = [node for term in terms for node in term_nodes(root, term)]
            at = self.told_at(root, values, checking)
            shown_used, shown_room = millimetres_apart(used, room)
            checking.report_between(node_at(root, at), others, at,
                                    f"{' + '.join(self.parts)} is {shown_used}, more than "
                                    f"{self.room_name()} ({shown_room}): {self.why}",
                                    self.bound(values, at, used - room))

    def bound(self, values: Spec, path: str, excess: float) -> Bound | None:
        """What the rule asks of the setting ``path``, ``excess`` over: to go below a value
        where it is a part, above one where it is the room; None where it is on both sides
        or a factor of a product."""
        value = value_at(values, path)
        factor = any(PRODUCT in term and path in term.split(PRODUCT)
                     for term in (*self.parts, *self.room))
        in_parts, in_room = self.parts.count(path), self.room.count(path)
        if factor or (in_parts and in_room) or not isinstance(value, float):
            return None
        if in_parts:
            return Bound("lower", value - excess / in_parts)
        return Bound("raise", value + excess / (self.share * in_room)) if in_room else None

    def told_at(self, root: Node, values: Spec, checking: Checking) -> str:
        """Where a failing rule is told: at ``at``, unless the file being checked takes
        that from the file it extends (where every rule holds) and writes a part of its own
        without which the rule would hold too: then at the largest such part, the value
        that most likely grew there. A setting on both sides of the rule is not one."""
        at = self.largest_part(values) if self.at_largest else self.at
        if node_at(root, at).file in (None, checking.checked) \
                or (base := checking.extended()) is None:
            return at
        room = {path for term in self.room for path in term.split(PRODUCT)}
        causes = [(term_value(values, term) or 0.0, path) for term in self.parts
                  for path in term.split(PRODUCT)
                  if path not in room and node_at(root, path).file == checking.checked
                  and value_at(base, path) is not None
                  and not self.fails(replaced(values, path, value_at(base, path)))]
        return max(causes)[1] if causes else at

    def largest_part(self, values: Spec) -> str:
        """The part (a setting, not a product) of the largest value, ``at`` where another
        is as large."""
        lengths = {part: term_value(values, part) or 0.0 for part in self.parts
                   if PRODUCT not in part}
        if not lengths or lengths.get(self.at) == max(lengths.values()):
            return self.at
        return max(lengths, key=lengths.__getitem__)


def replaced(values: Spec, path: str, value: Any) -> Spec:
    """``values`` with the setting at the dotted ``path`` set to ``value`` (a copy)."""
    head, _, rest = path.partition(".")
    return Spec({**values, head: replaced(values[head], rest, value) if rest else value})


@dataclass(frozen=True)
class NotBelow:
    """Every length ``paths`` names is at least the length ``minimum``.

    A ``*`` in a path stands for every key of that mapping (with ``only_with``: every key
    whose entry has that setting); a ``*`` in ``minimum`` for the same key.
    """

    paths: tuple[str, ...]
    minimum: str
    why: str
    only_with: str | None = None

    def describe(self) -> str:
        which = f" (those with {self.only_with})" if self.only_with else ""
        return f"{', '.join(self.paths)}{which} ≥ {self.minimum}: {self.why}"

    def check(self, root: Node, values: Spec, checking: Checking) -> None:
        for pattern in self.paths:
            for path in expand(values, pattern, self.only_with):
                least = same_entry(pattern, path, self.minimum)
                minimum, length = value_at(values, least), value_at(values, path)
                if isinstance(minimum, float) and isinstance(length, float) \
                        and length < minimum - TOLERANCE:
                    node = node_at(root, path)
                    checking.report_between(
                        node, [node_at(root, least)], path,
                        f"{node.value} is less than {least} "
                        f"({node_at(root, least).value}): {self.why}",
                        Bound("raise", minimum))


def same_entry(pattern: str, path: str, other: str) -> str:
    """``other`` with its ``*`` standing for the key the ``*`` of ``pattern`` took in
    ``path`` (``styles.*.size`` for ``styles.body.leading`` is ``styles.body.size``)."""
    if "*" not in other:
        return other
    head, tail = pattern.split("*")
    return other.replace("*", path[len(head):len(path) - len(tail)])


@dataclass(frozen=True)
class Legible:
    """Text in each colour ``paths`` names stands out from the paper by at least the
    contrast ratio ``minimum`` names (:mod:`.contrast`)."""

    paths: tuple[str, ...]
    minimum: str

    def describe(self) -> str:
        return f"{', '.join(self.paths)} on the paper: contrast ≥ {self.minimum}"

    def check(self, root: Node, values: Spec, checking: Checking) -> None:
        minimum = value_at(values, self.minimum)
        if not isinstance(minimum, (int, float)):
            return
        for path in self.paths:
            percentages = value_at(values, path)
            if not isinstance(percentages, list):
                continue
            colour = cmyk(percentages)
            ratio = contrast(colour, PAPER)
            if ratio < minimum:
                dark = darkened(colour, (PAPER,), minimum)
                remedy = f"darken it ({[round(100 * value) for value in dark]} is dark enough)" \
                    if contrast(dark, PAPER) >= minimum else \
                    f"no colour stands out that much: lower {self.minimum} (black on the " \
                    f"paper stands out by {contrast(dark, PAPER):.1f}:1)"
                checking.report_between(node_at(root, path), [node_at(root, self.minimum)],
                                        path, f"text in this colour stands out from the paper "
                                        f"by {ratio:.1f}:1, less than {self.minimum} "
                                        f"({minimum}:1); {remedy}")


@dataclass(frozen=True)
class Partition:
    """Every one of ``choices`` is named in exactly one of the lists ``paths``."""

    paths: tuple[str, ...]
    choices: tuple[str, ...]
    what: str
    why: str

    def describe(self) -> str:
        return f"every {self.what} in exactly one of {', '.join(self.paths)}: {self.why}"

    def check(self, root: Node, values: Spec, checking: Checking) -> None:
        lists = [value_at(values, path) for path in self.paths]
        if not all(isinstance(names, list) for names in lists):
            return
        seen: dict[str, str] = {}
        for path, names in zip(self.paths, lists, strict=True):
            for name in dict.fromkeys(names):
                if name in seen:
                    checking.report(node_at(root, path), path,
                                    f"'{name}' is in {seen[name]} too: name each {self.what} "
                                    f"in one of {', '.join(self.paths)}")
                seen.setdefault(name, path)
        missing = [name for name in self.choices if name not in seen]
        if missing:
            last = self.paths[-1]
            checking.report(node_at(root, last), last,
                            f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} in "
                            f"none of {', '.join(self.paths)}: {self.why}; add "
                            f"{'it' if len(missing) == 1 else 'each'} to one of them")


Rule = Fits | NotBelow | Legible | Partition
"""Rules between the settings of one file: checked on the values, reported at the setting
most likely to be changed, skipped while a value they need is itself wrong."""
