"""How much content the build accepts: every limit in one table, each checked by ``check``.

Each limit lies far above what the real content holds (its largest, when the limits were
chosen, in the comment), so an editor meets one only by mistake; together they bound the
work and memory of a build: the deck's follow-up cards, the brochure's pages, the codes.
docs/content-format.md prints the table; tests keep the two the same and the real content
well below every limit.
"""

from __future__ import annotations

from dataclasses import dataclass

SEE = "see Limits in docs/content-format.md"


@dataclass(frozen=True)
class Limit:
    """At most ``value`` ``noun`` in ``whole``."""

    value: int
    noun: str
    whole: str

    def rule(self) -> str:
        """'a theme may hold at most 60 blocks (see …)', for a message."""
        return f"{self.whole} may hold at most {self.value:,} {self.noun} ({SEE})"


THEMES = Limit(300, "theme files", "a publication")  # 17
PILLARS = Limit(20, "pillars", "a publication")  # 4
SECTORS = Limit(20, "sectors", "a publication")  # 4
ADDRESSES = Limit(1_000, "link addresses", "a publication")  # 67
FILE_BYTES = Limit(100_000, "bytes", "a content file")  # 4,839
NESTING = Limit(40, "levels of lists and mappings inside each other", "a content file")  # 8
BLOCKS = Limit(60, "blocks", "a theme")  # 6
THEME_ITEMS = Limit(300, "items", "a theme (all its lists and sub-lists together)")  # 17
LINKS = Limit(150, "links", "a content file")  # 12
ITEMS = Limit(80, "items", "a list (a block's items, or an item's sub-items)")  # 8
TEXT_CHARS = Limit(20_000, "characters", "a text (a paragraph, an item)")  # 1,195
TITLE_CHARS = Limit(500, "characters", "a title, heading or name")  # 84
ADDRESS_CHARS = Limit(2_000, "characters", "an address")  # 157

ALL = (THEMES, PILLARS, SECTORS, ADDRESSES, FILE_BYTES, NESTING, BLOCKS, THEME_ITEMS, LINKS,
       ITEMS, TEXT_CHARS, TITLE_CHARS, ADDRESS_CHARS)
