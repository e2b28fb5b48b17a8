"""Sector booklets: cover, body, link appendix and colophon rendered apart, joined with pypdf.

Page numbers run on across the parts, the contents page names the pages of the parts
that follow it, and the joined file gets one outline, page labels, its own metadata and
one structure tree carried over from the parts' trees (it is tagged as they are). It has
no blank page: the print files pad to a multiple of four with notes pages before the back
cover (``impose/booklet.py``), so where they do, the pages for print have a contents page
of their own, which names the back cover's page in print.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from pypdf import PageObject, PdfReader, PdfWriter

from ..content.model import Publication
from ..content.sectors import for_sector
from ..layout import load_layout
from ..links.registry import LinkRegistry, document_links
from ..pdfio import (
    deterministic_bytes,
    join_structure,
    named_destinations,
    point_to_page,
    set_tagged,
)
from ..render.brochure import BOOKLET_LAYOUT, Rendered, booklet_title, lay_out_parts
from ..render.contents import ContentsEntry
from ..render.markup import label
from ..render.metadata import document_info
from ..render.placements import Placements

BODY = ("contents", "opening", "pillars", "about")


@dataclass
class Booklet:
    pdf: bytes
    placements: Placements
    registry: LinkRegistry
    """Its links, numbered as it prints them."""
    print_pages: list[PageObject]
    """The pages to print, as pypdf holds them (imposed without reading ``pdf`` again):
    the joined pages, with a contents of its own where the print files' padding moves the
    back cover."""
    print_source: bytes
    """What ``print_pages`` are read from (the print files' identity follows it)."""


def build_booklet(full: Publication, registry: LinkRegistry, sector_id: str,
                  print_length: Callable[[int], int]) -> Booklet:
    """The booklet for one sector, ready to print (and to impose for saddle stitching);
    ``print_length`` is how many pages its print files have for a booklet of so many (its
    back cover the last of them)."""
    pub = for_sector(full, sector_id)
    registry = registry.numbered(document_links(pub, sector_id))
    title = booklet_title(full, sector_id)
    name = f"booklet-{sector_id}.pdf"
    placements = Placements(name)

    def part(parts: tuple[str, ...], first: int, **options) -> Rendered:
        recorder = Placements(name, page_offset=first - 1)
        rendered = lay_out_parts(pub, registry, recorder, parts, BOOKLET_LAYOUT, title, first,
                                 **options).finish(joined=True)
        placements.merge(recorder)
        return rendered

    cover = part(("cover",), 1)
    links_recorder = Placements(name)
    links_laid_out = lay_out_parts(pub, registry, links_recorder, ("links",), BOOKLET_LAYOUT, title,
                                   first_page_number=None)
    tail = [ContentsEntry(0, label("links_title"), "links", joined=True),
            ContentsEntry(0, pub.colophon.title, "colophon", joined=True)]

    def joined_pages(body_pages: int) -> dict[str, int]:
        """Where the parts after the body land, once the body's length is known."""
        return {"links": 2 + body_pages, "colophon": 2 + body_pages + links_laid_out.pages}

    body = part(BODY, 2, contents_tail=tail, outside_pages=joined_pages)
    pages = joined_pages(body.pages)
    links = links_laid_out.finish(pages["links"], joined=True)
    placements.merge(links_recorder, page_offset=pages["links"] - 1)
    colophon = part(("colophon",), pages["colophon"],  # the back cover in print
                    footers=load_layout(BOOKLET_LAYOUT).back_cover_footer)
    pdf, page_objects = join(pub, title, [(cover, 1), (body, 2), (links, pages["links"]),
                                          (colophon, pages["colophon"])], pages)
    back_cover = print_length(len(page_objects))
    if back_cover == pages["colophon"]:
        return Booklet(pdf, placements, registry, page_objects, pdf)

    contents = print_contents(pub, registry, name, title, body, tail,
                              {**pages, "colophon": back_cover})
    contents_pages = PdfReader(io.BytesIO(contents.pdf)).pages
    print_pages = [page_objects[0], *contents_pages, *page_objects[1 + contents.pages:]]
    return Booklet(pdf, placements, registry, print_pages, pdf + contents.pdf)


def print_contents(pub: Publication, registry: LinkRegistry, name: str, title: str,
                   body: Rendered, tail: list[ContentsEntry], outside: dict[str, int]
                   ) -> Rendered:
    """The body's contents page(s) again, laid out alone, with the parts after the body
    at their pages in print (``outside``): the print files' notes pages move the back
    cover. Its headings' pages are the body's, which it starts."""
    numbers = {key: 1 + page for _, _, page, key in body.headings}  # the body starts at 2
    contents = lay_out_parts(pub, registry, Placements(name), ("contents",), BOOKLET_LAYOUT,
                             title, 2, contents_tail=tail, listed=BODY,
                             outside_pages=lambda _: {**numbers, **outside}
                             ).finish(joined=True)
    after = min((page for _, _, page, key in body.headings if key != "contents"), default=0)
    if after != contents.pages + 1:
        raise ValueError(f"{name}: the contents for print is {contents.pages} pages, the "
                         f"body's {after - 1}")
    return contents


def join(pub: Publication, title: str, parts: list[tuple[Rendered, int]],
         destinations: dict[str, int]) -> tuple[bytes, list[PageObject]]:
    """Join the parts (each with its first page number), add outline and labels, and the
    named ``destinations`` (name -> page number) the contents links to.

    Returns the file and its pages.
    """
    writer = PdfWriter()
    targets = named_destinations(writer, sorted(destinations))  # before the links to them
    for rendered, _ in parts:
        writer.append(PdfReader(io.BytesIO(rendered.pdf)), import_outline=False)
    for name, target in targets.items():
        point_to_page(writer, target, destinations[name] - 1)
    join_structure(writer, [(rendered.structure, first - 1) for rendered, first in parts])
    _outline(writer, parts)
    writer.set_page_label(0, len(writer.pages) - 1, style="/D", start=1)
    info = document_info(pub, title)
    set_tagged(writer, info)
    seed = b"".join(rendered.pdf for rendered, _ in parts)
    return deterministic_bytes(writer, seed), list(writer.pages)


def _outline(writer: PdfWriter, parts: list[tuple[Rendered, int]]) -> None:
    """One outline for the whole booklet from the headings of every part."""
    parents: dict[int, object] = {}
    for rendered, first in parts:
        for level, text, page, _ in rendered.headings:
            parent = parents.get(level - 1) if level > 0 else None
            item = writer.add_outline_item(title=text, page_number=first + page - 2,
                                           parent=parent)
            parents[level] = item
