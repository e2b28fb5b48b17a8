"""Where each link is drawn: the record every renderer keeps for links.csv and the preflight."""

from __future__ import annotations

from collections import defaultdict

from ..links.registry import LinkEntry


class Placements:
    """Where each link is drawn, per page, for the last layout pass of one output."""

    def __init__(self, output_name: str, page_offset: int = 0) -> None:
        self.output_name, self.page_offset = output_name, page_offset
        self.pages: dict[str, set[int]] = defaultdict(set)

    def reset(self) -> None:
        self.pages.clear()

    def __call__(self, entry: LinkEntry, page: int) -> None:
        self.pages[entry.url].add(page + self.page_offset)

    def holds(self, entry: LinkEntry, page: int) -> bool:
        """Whether ``entry``'s code is drawn on ``page`` already."""
        return page + self.page_offset in self.pages.get(entry.url, ())

    def merge(self, other: Placements, page_offset: int = 0) -> None:
        """Add ``other``'s pages, moved on by ``page_offset``."""
        for url, pages in other.pages.items():
            self.pages[url] |= {page + page_offset for page in pages}
