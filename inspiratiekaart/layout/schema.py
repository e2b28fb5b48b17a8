"""Every setting of every layout file, declared once: what the loader checks, what the
renderers read and what docs/layouts.md lists.

A setting a renderer reads must be declared here; a new block kind in the content model
needs a treatment in every layout that renders blocks, because ``blocks`` is made from it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..content.model import BLOCK_KINDS
from ..content.yamlfile import Node
from .rules import PRODUCT, Fits, Legible, NotBelow, Partition, Rule
from .settings import (
    INVALID,
    Checking,
    Choice,
    Colour,
    Entries,
    Family,
    Flag,
    FontFile,
    Group,
    Length,
    ListOf,
    Number,
    ProfileFile,
    Setting,
    Spec,
    Template,
    Text,
)

TREATMENTS = {"box": "tinted", "outline": "", "rule": "a line at its left",
              "runin": "heading run into the text, tinted", "quote": "", "steps": "numbered",
              "plain": ""}
"""How render/blocks.py can set a block (its ``TREATMENTS`` draws each), with what each
looks like."""
MARK_CHARS = 3
"""A bullet or other mark before an item is at most this many characters."""
QR_LEVELS = ("L", "M", "Q", "H")


@dataclass(frozen=True)
class LayoutFile:
    """The settings of one kind of layout file and the rules between them."""

    doc: str
    settings: Group
    rules: tuple[Rule, ...] = ()

    def check(self, root: Node, checking: Checking) -> Spec | None:
        """The file's values (lengths in points), every problem reported to ``checking``.

        A value wrong in itself is wrong in the file it is written in, whichever file takes
        it; a rule between values may fail only for a file that takes some of them from the
        file it extends (``checking.checked``), and says so.
        """
        values = self.settings.check(root, "", checking)
        if values is INVALID:
            return None
        for rule in self.rules:
            rule.check(root, values, checking)
        return values


def font_size(doc: str, **options) -> Length:
    return Length(doc, low="4pt", high="200pt", **options)


COLOURED_STYLES = ("pillar_title", "theme_title", "back_title", "section_heading",
                   "block_heading", "quote", "toc_pillar")
"""The styles whose text is set in a pillar's colour (a colour of more than one ink): each
at least as large as press.yaml's ``black_text.below`` and in none of its families."""

TINTED_LINES = ("rule_width", "outline_width", "bar_width", "pillar_overview.bar_width",
                "pillar_key.bar_width")
"""The widths of the lines a layout draws in a tint or in a pillar's colour (a colour of
more than one ink): each at least as wide as press.yaml's ``solid_lines_below``."""


def room_in_boxes(margins: tuple[str, ...], height: str) -> tuple[Fits, ...]:
    """A box's paddings (and a ruled block's bar) leave its text room: across, half the
    text's column at least; down, for two lines of every style (a paragraph never leaves
    one alone), within the page's text frame (``height`` less the ``margins`` above and
    below it). An indent, too, leaves its text half the column."""
    return (
        Fits(("styles.*.indent",), "page.body_width", at="styles.*.indent", share=0.5,
             why="an indent leaves its text at least half the column"),
        Fits(("block_padding", "block_padding", "bar_width", "bar_space"), "page.body_width",
             at="block_padding", share=0.5, why="a box's paddings leave its text at least "
             "half the column (a narrower measure sets a word or less on a line)"),
        Fits((*margins, "block_padding", "block_padding", "styles.*.leading",
              "styles.*.leading"), height, at="styles.*.leading",
             why="two lines of a paragraph, which stay together, must fit a box on a page"),
    )


SPACES = ("row_gap", "block_space", "intro_space", "code_gap", "styles.*.space_before",
          "styles.*.space_after")
"""The vertical spaces of every layout that renders themes and blocks (:data:`FLOW` and
the styles)."""


def in_proportion(height: str, spaces: tuple[str, ...] = SPACES,
                  rows: tuple[tuple[str, str], ...] = (("qr_tile_width", "tile_gap"),)
                  ) -> tuple[Fits, ...]:
    """Spaces, lines and rows of codes in proportion to the page (``height`` its height):
    a space at most a quarter of it, a paragraph's lines at most three times their size
    apart, and a row of codes (each of ``rows``: a code's width and the gap) two codes
    wide at least. Past these a box of a few paragraphs or codes, which stays whole on a
    page, grows taller than one: only laying it out would find that, late and at no
    setting."""
    return (
        *(Fits((space,), height, at=space, share=0.25,
               why="a space takes at most a quarter of the page (a box of a few paragraphs, "
               "kept on one page, leaves no room for more)") for space in spaces),
        Fits(("styles.*.leading",), "styles.*.size", at="styles.*.leading", share=3,
             why="lines set more than three times their size apart no longer read as one "
             "paragraph"),
        *(Fits((width, width, gap), "page.body_width", at=gap, at_largest=True,
               why="a row of codes holds two at least (one to a row, a block's codes stack "
               "taller than a page)") for width, gap in rows),
    )


def spacing(doc: str, **options) -> Length:
    return Length(doc, low="0pt", high="100mm", **options)


def distance(doc: str, **options) -> Length:
    """A margin or position on the page."""
    return Length(doc, low="0mm", high="500mm", **options)


def bleed(doc: str, **options) -> Length:
    """How far colour runs past the trim: a print shop asks a few millimetres."""
    return Length(doc, low="0mm", high="10mm", **options)


def extent(doc: str, **options) -> Length:
    """The width or height of a page or column: never nothing."""
    return Length(doc, low="5mm", high="1000mm", **options)


def cmyk(doc: str, **options) -> Colour:
    return Colour(doc, channels="CMYK", high=100, **options)


def paragraph_style(doc: str, capitals: bool = False) -> Group:
    """A paragraph style; ``capitals``: a heading style that may be set in capitals."""
    fields: dict[str, Setting] = {
        "family": Family("font family"),
        "size": font_size("font size"),
        "leading": Length("distance from baseline to baseline", low="4pt", high="300pt"),
        "bold": Flag("bold face", required=False, default="false"),
        "italic": Flag("italic face", required=False, default="false"),
        "space_before": spacing("space above the paragraph", required=False, default="0pt"),
        "space_after": spacing("space below the paragraph", required=False, default="0pt"),
        "indent": spacing("left indent; a bullet hangs bullet_hang left of it",
                          required=False, default="0pt"),
        "hyphenate": Flag("break Dutch words at line ends", required=False,
                          default="true for the family text, else false"),
        "hyphen_limit": Number("at most this many lines in a row end in a hyphenated word "
                               "(the next such word is kept whole)", low=1, high=20,
                               whole=True, required=False, default="2"),
        "hyphenate_last_word": Flag("hyphenation may split a paragraph's last word (its "
                                    "last line then holds only the word's end); else the "
                                    "word stays whole where that keeps the lines",
                                    required=False, default="false"),
        "keep_with_next": Flag("stand on the page where the paragraph that follows starts",
                               required=False, default="false"),
        "balance": Flag("where it wraps, lines about equally long (a heading with no word "
                        "alone on its last line)", required=False, default="false"),
    }
    if capitals:
        fields["upper"] = Flag("set the heading in capitals", required=False, default="false")
        return Group(doc, fields=fields, name=PARAGRAPH_STYLES[1])
    return Group(doc, fields=fields, name=PARAGRAPH_STYLES[0])


PARAGRAPH_STYLES = ("paragraph style", "heading style")
"""What the styles a paragraph can be set in are called (the others set a link's number)."""


LINK_NUMBER = Group("the number after a link's text", name="link number style",
                    fields={"size": font_size("font size"),
                            "rise": spacing("rise above the baseline")})

STORY_STYLES = {
    "body": paragraph_style("paragraphs of a block"),
    "item": paragraph_style("list items"),
    "subitem": paragraph_style("items under an item"),
    "intro": paragraph_style("a theme's introduction"),
    "block_heading": paragraph_style("a block's heading (a run-in heading's font too)",
                                     capitals=True),
    "theme_title": paragraph_style("a theme's title, in the accent colour"),
    "quote": paragraph_style("a quote, in the accent colour"),
    "speaker": paragraph_style("who said the quote"),
}
"""The styles every layout that renders themes and blocks needs (render/blocks.py)."""

DOCUMENT_STYLES = {
    **STORY_STYLES,
    "pillar_title": paragraph_style("a pillar's name over its section"),
    "chapter_title": paragraph_style("titles of contents, chapters and the links appendix"),
    "section_heading": paragraph_style("a chapter's section headings, the pillar overview"),
    "toc_pillar": paragraph_style("a contents line of a pillar or chapter"),
    "toc_theme": paragraph_style("a contents line of a theme"),
    "url": paragraph_style("the addresses in the links appendix"),
    "link_number": replace(LINK_NUMBER, doc=LINK_NUMBER.doc + "; every output uses the "
                           "brochure's"),
}

CARD_STYLES = {
    **STORY_STYLES,
    "back_title": paragraph_style("the theme's title on the back of its card"),
    "question": paragraph_style("a question on a card's front"),
    "more": paragraph_style("where the rest of a theme stands (in the brochure)"),
    "toc_pillar": paragraph_style("a pillar in the deck's contents"),
    "toc_theme": paragraph_style("a theme in the deck's contents, with its card number"),
    "link_number": replace(LINK_NUMBER, required=False, unused=True),
}

BULLET_HANG = spacing("a bullet stands this far left of its paragraph's indent (never "
                      "left of the column)")


def blocks(styles: dict[str, Group], name: str) -> Group:
    """How each block kind is set (each a ``name``), its items in one of the layout's
    ``styles``."""
    looks = ", ".join(f"{name} ({look})" if look else name for name, look in TREATMENTS.items())
    return Group(
        "how each block kind of the content is set, one entry per kind",
        fields={kind: Group(f"a {kind} block", name=name, fields={
            "treatment": Choice(f"its look: {looks}", choices=tuple(TREATMENTS),
                                what="a treatment"),
            "bullet": Text("the mark before each item", required=False, default="no mark",
                           max_chars=MARK_CHARS),
            "item_style": Choice("the paragraph style of its items", choices=tuple(
                name for name, style in styles.items() if style.name in PARAGRAPH_STYLES),
                                 what="a paragraph style", required=False,
                                 default="item"),
        }) for kind in BLOCK_KINDS},
        missing="has no treatment, and every block kind of the content needs one (add "
                "{key}: {{treatment: …}} with one of: " + ", ".join(TREATMENTS) + ")")


COLUMNS = {
    "body_width": extent("width of the text column"),
    "gutter": spacing("between the text column and the margin column"),
    "margin_column": spacing("width of the column of QR codes beside the text (none "
                             "where codes stand in a grid)"),
}

FOOTER = Group("the running footer", fields={
    "baseline": distance("baseline height above the page's bottom edge"),
    "size": font_size("font size"),
    "colour": cmyk("colour of the footer's text"),
})


def colours(uses_rule: bool) -> Group:
    return Group("named colours", fields={
        "text": cmyk("body text"),
        "link": cmyk("links in the text"),
        "cover": cmyk("the cover and the accent of opening pages, about and colophon"),
        "rule": cmyk("lines between the entries of the links appendix",
                     required=uses_rule, unused=not uses_rule),
        "muted": cmyk("a quieter grey", required=False, unused=True),
    })


def text_colours(doc: str) -> ListOf:
    """Candidate colours of text on a coloured band, the first that stands out taken."""
    return ListOf(f"{doc}: the first of these that stands out from the band's colour by "
                  "text_contrast (else the one that stands out most)",
                  entry=cmyk("a colour of the text"), at_least=1)


FLOW = {
    "tint": Number("share of the accent colour in tinted boxes", low=0, high=1),
    "text_contrast": Number("text stands out from the paper, a tint or a band this much at "
                            "least (WCAG 2 contrast ratio; 4.5 for text of any size); text in "
                            "a pillar's colour is darkened until it does", low=1, high=21),
    "block_padding": spacing("inside boxes and outlines"),
    "outline_width": Length("the line around an outlined block", low="0.1pt", high="5pt"),
    "bar_width": Length("the bar in the accent colour beside a ruled block", low="0.1pt",
                        high="10pt"),
    "bar_space": spacing("between a ruled block's bar and its text, besides block_padding"),
    "code_gap": spacing("between codes stacked beside their text"),
    "row_gap": spacing("between the paragraphs and items of a block"),
    "block_space": spacing("between blocks"),
    "intro_space": spacing("between a theme's introduction and its first block"),
    "subitem_bullets": ListOf("the mark before each item under an item: the first of these "
                              "that is not its item's mark (the last where none differs)",
                              entry=Text("a mark", max_chars=MARK_CHARS), at_least=1),
    "margin_links": Number("a paragraph with more links gets a row of codes at its end",
                           low=0, high=20, whole=True),
    "margin_slack": Number("codes beside a block may stand this many times taller than its "
                           "text, else its codes go into one row at its end", low=0, high=10),
    "qr_tile_width": extent("width of a code with its caption in a row of codes"),
    "tile_gap": spacing("between the codes of a row"),
    "gather_links": Flag("gather a crowded block's codes into one row at its end",
                         required=False, default="true"),
    "codes_before_break": Flag("a block that breaks across pages gathers the codes of the "
                               "items on the first page after them there, the page ending "
                               "early where it must (else all its codes stand at its end)",
                               required=False, default="false"),
}
"""What every layout that renders themes and blocks has (render/blocks.py), besides its
``blocks`` (:func:`blocks`)."""

DOCUMENT = LayoutFile(
    "A page-based document: the A4 brochure, and the A5 booklets that extend it.",
    Group("the document layout", fields={
        "page": Group("the page and its columns", fields={
            "width": extent("page width"),
            "height": extent("page height"),
            "inner": distance("left margin"),
            "top": distance("top margin"),
            "bottom": distance("bottom margin"),
            **COLUMNS,
        }),
        "footer": FOOTER,
        "safe": distance("nothing that matters within this distance of the page's edge (a "
                         "print shop's trim, an office printer's unprinted border)"),
        "bleed": bleed("the cover's colours run this far beyond the trim (kept in the "
                       "press files)", required=False, default="0mm"),
        "mirror_footer": Flag("on even pages the number goes left, the section right",
                              required=False, default="true"),
        "back_cover_footer": Flag("a booklet's last page, its back cover in print, has a "
                                  "footer (page number and section)", required=False,
                                  default="true"),
        "colours": colours(uses_rule=True),
        "rule_width": Length("width of the lines in the rule colour (links appendix, notes "
                             "pages): thin lines in a light grey break up in print below about "
                             "0.5pt", low="0.1pt", high="5pt"),
        "styles": Group("paragraph styles", fields=DOCUMENT_STYLES),
        "bullet_hang": BULLET_HANG,
        **FLOW,
        "keep_blocks_together": Flag("move a block that does not fit to the next page whole "
                                     "(cards are filled side by side, follow-up cards taking "
                                     "the rest)", required=False, default="true"),
        "blocks": blocks(DOCUMENT_STYLES, "block treatment"),
        "cover": Group("the cover", fields={
            "band_bottom": Number("the cover colour runs from this fraction of the page "
                                  "height up", low=0, high=1),
            "stripe_height": spacing("the pillars' colours under the cover colour"),
            "band_text_colours": text_colours("text on the cover colour"),
            "programme_size": font_size("the programme's name at the top"),
            "programme_baseline": spacing("the programme's name, below the top margin"),
            "leading": Number("line distance of title, subtitle and tagline, times the size",
                              low=0.8, high=3),
            "title_top": Number("the title starts at this fraction of the page height",
                                low=0, high=1),
            "title_size": font_size("the title"),
            "subtitle_gap": spacing("between the title and the subtitle"),
            "subtitle_size": font_size("the subtitle"),
            "tagline_gap": distance("the tagline, below the cover colour"),
            "tagline_width": Number("the tagline's width, a fraction of the text width",
                                    low=0.1, high=1),
            "tagline_colour": cmyk("the tagline's colour"),
            "tagline_size": font_size("the tagline"),
            "publishers_size": font_size("publishers and year at the foot"),
        }),
        "appendix": Group('"Alle links", every link with its code', fields={
            "columns": Number("codes side by side", low=1, high=8, whole=True),
            "code_column": extent("width of a code"),
            "gap": spacing("between a code and its address, and around each entry"),
            "address_width": extent("the least width of an address beside its code"),
        }),
        "keep": Group("start on a new page unless this much room is left", fields={
            "opening": distance("before an opening text"),
            "theme": distance("before a theme"),
        }),
        "pillar_overview": Group("the pillars and their themes after the first opening "
                                 "text", fields={
            "name_width": extent("width of the pillars' names"),
            "space_above": spacing("between the text that announces it and the overview"),
            "bullet": Text("the mark before each theme", max_chars=MARK_CHARS),
            "bar_width": Length("the bar in the pillar's colour before its name",
                                low="0.1pt", high="10pt"),
            "gap": spacing("between a bar and the text beside it"),
            "row_padding": spacing("above and below each pillar's row"),
        }),
        "pillar_rule": Group("the band in the pillar's colour under the name that opens a "
                             "pillar's section", fields={
            "height": spacing("the room it takes under the name"),
            "thickness": Length("the band's thickness", low="0.1pt", high="20mm"),
            "rise": spacing("the band's lower edge above the foot of its room"),
        }),
    }),
    rules=(
        Fits(("page.inner", "page.body_width", "page.gutter", "page.margin_column", "safe"),
             "page.width", at="page.body_width",
             why="the columns must fit on the page, clear of its edge"),
        Fits(("page.top", "page.bottom"), "page.height", at="page.top",
             why="the margins must leave room for text"),
        NotBelow(("page.inner", "page.top", "footer.baseline"), "safe",
                 why="text stays clear of the page's edge"),
        Fits(("footer.baseline", "footer.size"), "page.bottom", at="footer.baseline",
             why="the footer stands in the bottom margin"),
        Fits(("pillar_rule.rise", "pillar_rule.thickness"), "pillar_rule.height",
             at="pillar_rule.thickness", why="the band stands in its room"),
        Fits(("page.top", "cover.programme_baseline", f"cover.title_top{PRODUCT}page.height"),
             "page.height", at="cover.programme_baseline",
             why="the programme's name stands above the title"),
        Fits((f"cover.band_bottom{PRODUCT}page.height",), f"cover.title_top{PRODUCT}page.height",
             at="cover.title_top", why="the title starts in the cover colour, which its "
             "text colour is chosen for"),
        Fits(("page.bottom", f"cover.publishers_size{PRODUCT}cover.leading",
              "cover.tagline_gap", f"cover.tagline_size{PRODUCT}cover.leading"),
             f"cover.band_bottom{PRODUCT}page.height", at="cover.tagline_gap",
             why="a line of the tagline and the publishers' line stand under the cover colour"),
        Fits(("cover.stripe_height",), "cover.tagline_gap", at="cover.tagline_gap",
             why="the tagline starts below the pillars' colours"),
        Fits(("pillar_overview.name_width", "pillar_overview.gap"), "page.body_width",
             at="pillar_overview.name_width", why="the themes beside the pillars' names keep "
             "a column of their own"),
        *(Fits(("page.top", "page.bottom", f"keep.{what}"), "page.height", at=f"keep.{what}",
               why="a page holds the room asked before a text (more starts every one on a "
               "page of its own, after a blank one)") for what in ("opening", "theme")),
        Fits(("page.top", "page.bottom", "pillar_overview.row_padding",
              "pillar_overview.row_padding", "styles.section_heading.leading",
              "styles.section_heading.leading"), "page.height",
             at="pillar_overview.row_padding", why="a pillar's row, its paddings around two "
             "lines of its name, fits a page"),
        Fits(tuple(f"appendix.columns{PRODUCT}appendix.{width}" for width in (
            "code_column", "gap", "gap", "address_width")),
            ("page.body_width", "page.gutter", "page.margin_column"), at="appendix.columns",
            why="each column of the links appendix holds a code, its address and the gaps "
            "around them"),
        Fits(("styles.link_number.rise", "styles.link_number.size"), "styles.body.size",
             at="styles.link_number.rise", why="a link's number stands within the height of "
             "the text it follows"),
        NotBelow(("styles.*.leading",), "styles.*.size", only_with="leading",
                 why="lines set closer than their size run into each other"),
        *in_proportion("page.height"),
        *room_in_boxes(("page.top", "page.bottom"), "page.height"),
        Legible(("colours.text", "colours.link", "footer.colour", "cover.tagline_colour"),
                "text_contrast"),
    ),
)

CARDS = LayoutFile(
    "The A5 discussion cards, drawn with bleed.",
    Group("the card layout", fields={
        "trim": Group("the card's trimmed size", fields={
            "width": extent("width"), "height": extent("height")}),
        "bleed": bleed("colour runs this far past the trim on every side"),
        "safe": distance("nothing that matters within this distance of the trim"),
        "band": Group("the pillar band at the top, running into the bleed", fields={
            "height": distance("height from the trim's top edge"),
            "title_size": font_size("the deck's title on the band"),
            "title_lines": Number("lines the deck's title may take on the band (a longer "
                                  "title is a content error)", low=1, high=4, whole=True),
            "title_leading": spacing("line distance of the deck's title on the band"),
            "gap": distance("between the deck's title and the pillar's name"),
            "pillar_size": font_size("the pillar's name on the band"),
            "pillar_share": Number("the pillar's name takes at most this share of the band's "
                                   "width (a longer name is a content error)",
                                   low=0.1, high=0.9),
            "text_inset": distance("the band's text from the trim's left and right edges"),
            "baseline": distance("the band's baseline below the trim's top edge"),
            "text_colours": text_colours("the band's text on the pillar's colour"),
        }),
        "content": Group("the text frame, from the trim's edges", fields={
            "left": distance("left"), "right": distance("right"),
            "top": distance("top"), "bottom": distance("bottom")}),
        "footer": Group("the card counter and follow-up caption", fields={
            "baseline": distance("baseline height above the trim's bottom edge"),
            "size": font_size("font size"),
            "colour": cmyk("colour of the footer's text"),
        }),
        "page": Group("columns inside the text frame (as in the brochure)", fields=COLUMNS),
        "colours": colours(uses_rule=False),
        "min_body_size": font_size("no card text is ever set smaller"),
        "codes": Choice("where a side's codes stand: in a numbered grid at its foot, or "
                        "beside their text", choices=("grid", "beside"), what="a place",
                        required=False, default="beside"),
        "office_scale": Number("the office sheet sets the cards at this size; at most 0.9, "
                               "which leaves an A4 printer its margin and the cut marks "
                               "their room; the deck's codes are made large enough to keep "
                               "qr.yaml's minimums there", low=0.5, high=0.9),
        "code_grid": Group("the numbered grid of codes at the foot of a side", fields={
            "tile_width": extent("a code with its caption"),
            "gap": spacing("between codes"),
            "space_above": spacing("between the text and the grid"),
        }),
        "styles": Group("paragraph styles", fields=CARD_STYLES),
        "bullet_hang": BULLET_HANG,
        **FLOW,
        "blocks": blocks(CARD_STYLES, "card block treatment"),
        "sides": Group("which blocks go on which side of a theme's card, by kind (a theme "
                       "may choose in its content)", fields={
            "front": ListOf("kinds on the front", entry=Choice(
                "a block kind", choices=tuple(BLOCK_KINDS), what="a block kind")),
            "back": ListOf("kinds on the back", entry=Choice(
                "a block kind", choices=tuple(BLOCK_KINDS), what="a block kind")),
            "front_fallback": Choice("a theme with nothing for the front shows its first "
                                     "block of this kind there", choices=tuple(BLOCK_KINDS),
                                     what="a block kind"),
            "front_needs": ListOf("a front with no block of these kinds shows the "
                                  "front_fallback block too", entry=Choice(
                "a block kind", choices=tuple(BLOCK_KINDS), what="a block kind"), at_least=1),
            "share_from": Number("a front_fallback block with at least this many items is cut "
                                 "between a front that has the theme's lead and the back; a "
                                 "shorter one stands whole on the back", low=2, high=50,
                                 whole=True, required=False, default="4"),
        }),
        "pillar_key": Group("the pillars' key after the first opening text, each pillar's "
                            "name beside a bar of its colour", fields={
            "gap": spacing("between a bar and its name (an em more between a name and the "
                           "next bar)"),
            "bar_width": Length("the bar in the pillar's colour", low="0.1pt", high="10pt"),
        }),
    }),
    rules=(
        Fits(("content.left", "page.body_width", "page.gutter", "page.margin_column",
              "content.right"), "trim.width", at="page.body_width",
             why="the columns must fit in the text frame"),
        Fits(("content.top", "content.bottom"), "trim.height", at="content.top",
             why="the text frame must have room"),
        Fits(("band.height",), "content.top", at="content.top",
             why="the text frame starts below the band"),
        Fits(("footer.baseline", "footer.size"), "content.bottom", at="footer.baseline",
             why="the footer stands below the text frame"),
        Fits(("band.baseline",), "band.height", at="band.baseline",
             why="the band's text stands on the band"),
        *(Fits(("safe", f"band.{size}"), "band.baseline", at="band.baseline",
               why="the band's text stands clear of the trim's top edge, below the safe zone")
          for size in ("title_size", "pillar_size")),
        NotBelow(("band.title_leading",), "band.title_size",
                 why="the title's lines set closer than their size run into each other"),
        Fits(("band.text_inset",), "trim.width", at="band.text_inset", share=0.25,
             why="the band's text keeps at least half the card's width between its insets"),
        Fits(("pillar_key.bar_width", "pillar_key.gap"), "page.body_width",
             at="pillar_key.gap", share=0.5,
             why="a pillar's name keeps at least half the column beside its bar"),
        NotBelow(("content.left", "content.right", "content.top", "content.bottom",
                  "band.text_inset", "footer.baseline"), "safe",
                 why="text stays clear of the safe zone"),
        NotBelow(("styles.*.size",), "min_body_size", only_with="family",
                 why="no card text is set smaller than min_body_size"),
        NotBelow(("styles.*.leading",), "styles.*.size", only_with="leading",
                 why="lines set closer than their size run into each other"),
        *in_proportion("trim.height", (*SPACES, "code_grid.space_above"),
                       (("qr_tile_width", "tile_gap"), ("code_grid.tile_width", "code_grid.gap"))),
        *room_in_boxes(("content.top", "content.bottom"), "trim.height"),
        Legible(("colours.text", "colours.link", "footer.colour"), "text_contrast"),
        Partition(("sides.front", "sides.back"), tuple(BLOCK_KINDS), what="block kind",
                  why="a block of a kind on neither side is printed on no card"),
    ),
)

QR = LayoutFile(
    "QR codes: the limits every printed code keeps (measured in tests/links, see "
    "docs/links.md).",
    Group("the QR layout", fields={
        "error_correction": Choice("error correction level", choices=QR_LEVELS,
                                   what="a QR error correction level"),
        "quiet_zone_modules": Number("light modules around the code (the QR standard asks "
                                     "for 4)", low=4, high=20, whole=True),
        "min_size": extent("smallest printed code, quiet zone included"),
        "min_module": Length("smallest printed module", low="0.1mm", high="5mm"),
        "max_size": extent("a payload needing a larger code is refused"),
        "dark": cmyk("colour of the dark modules"),
        "caption": Group("the caption under a code", fields={
            "font": Family("font family"),
            "size": font_size("font size"),
            "leading": Length("distance from baseline to baseline", low="4pt", high="300pt"),
            "max_chars": Number("the address is shortened in the middle to this many "
                                "characters", low=10, high=200, whole=True),
            "colour": cmyk("the caption's colour"),
            "gap": spacing("between the code and the caption"),
        }),
    }),
    rules=(Fits(("min_size",), "max_size", at="min_size",
                why="the smallest code must be allowed"),
           NotBelow(("caption.leading",), "caption.size",
                    why="lines set closer than their size run into each other"),
           Fits(("caption.gap", "caption.leading", "caption.leading"), "max_size",
                at="caption.leading", why="a code's caption, two lines at most, is no taller "
                "than the largest code")),
)

FONT_FACES = {"regular": FontFile("upright"), "bold": FontFile("bold"),
              "italic": FontFile("italic"), "bold_italic": FontFile("bold italic")}

FONTS = LayoutFile(
    "Font families: every face a file under fonts/. Styles name a family; the code uses "
    "text and heading.",
    Group("the fonts layout", fields={
        "families": Entries("font families by name, each with its four faces",
                            entry=Group("a family's faces", fields=FONT_FACES),
                            names=("text", "heading"), what="font family"),
    }),
)

LABELS = LayoutFile(
    "Generated wording, as Jinja2 templates. Everything else printed comes from content/.",
    Group("the labels", fields={
        "footer": Template("the page number in a footer", values=("page",)),
        "footer_section": Template("the section in a footer", values=("section",)),
        "contents_title": Template("title of the contents page"),
        "links_title": Template('title of the links appendix ("Alle links")'),
        "qr_caption": Template("the caption under a code", values=("number", "address")),
        "qr_alt": Template("a code's alternative text, for a screen reader",
                           values=("number", "address")),
        "qr_alt_listed": Template("a code's alternative text in the links appendix, where "
                                  "its address is printed beside it", values=("number",
                                                                              "address")),
        "link_contents": Template("what a link's annotation says it does, for a screen "
                                  "reader", values=("text", "address")),
        "cover_sector": Template("a sector booklet's title", values=("title", "sector_name")),
        "continued_heading": Template("a block's heading over its part on the next page",
                                      values=("heading",)),
        "notes_title": Template("the heading of a notes page that pads a print file"),
        "decimal_mark": Text("between the whole and the decimals of a measure the office "
                             "sheet states"),
        "flip_names": Group("the edge an office printer turns a duplex sheet over (--flip)",
                            fields={"long": Text("the long edge"),
                                    "short": Text("the short edge")}),
        "office_sheet_size": Template("above the office sheet's cards: their size (width and "
                                      "height in cm) and how to print and cut them",
                                      values=("percent", "width", "height")),
        "office_sheet_duplex": Template("below the office sheet's cards: how to print it on "
                                        "both sides", values=("flip",)),
        "alignment_title": Template("the title of the duplex alignment sheet",
                                    values=("flip",)),
        "alignment_instructions": ListOf("how to use the alignment sheet, a line each",
                                         entry=Template("a line", values=("flip",)),
                                         at_least=1),
        "alignment_back": Template("on the back of the alignment sheet"),
        "card_counter": Template("a card's number in the deck", values=("number", "total")),
        "card_continued": Template("the caption of a card that continues on follow-up cards",
                                   values=("title", "part", "parts")),
        "card_more_in_brochure": Template("on a card that leaves text to the brochure (codes: "
                                          "the numbers of the codes of that text, as 13–15)",
                                          values=("title", "pillar", "codes")),
        "deck_contents_title": Template("title of the deck's contents on an opening card"),
        "block_headings": Group("the heading a block prints when its content gives none "
                                "(null: no heading)", fields={
            kind: Text(f"a {kind} block", nullable=True) for kind in BLOCK_KINDS}),
        "step_number": Template("the number before each item of a steps block",
                                values=("number",)),
        "quote": Template("a quote block's text in its quote marks (a text that opens with a "
                          "quote mark of its own is printed as written)", values=("quote",)),
        "speaker": Template("who said a quote, under it (a name that opens with a dash is "
                            "printed as written)", values=("speaker",)),
        "cover_publishers": Template("the publishers and the year at the cover's foot "
                                     "(publishers is a list, which the template joins)",
                                     values=("publishers", "year")),
        "pillars_title": Template("a title over the four pillars", required=False,
                                  unused=True),
    }),
)

PRESS = LayoutFile(
    "The print files (everything under output/print/): PDF/X-4 for a print shop.",
    Group("the press layout", fields={
        "output_intent": Group("the press condition the colours are meant for", fields={
            "profile": ProfileFile("a CMYK output profile (.icc), relative to the "
                                   "repository's root; --output-profile takes a shop's own"),
            "condition": Text("its OutputConditionIdentifier (the characterisation's "
                              "registered name, as FOGRA39)", printed=False),
            "info": Text("a description of the condition, for the shop", printed=False),
            "registry": Text("where the condition is registered", printed=False),
        }),
        "ink_limit": Number("C+M+Y+K in percent at most in any fill or stroke", low=100,
                            high=400),
        "min_bleed": bleed("a press file's bleed beyond the trim, on every side"),
        "black_text": Group("text printed in black ink alone", fields={
            "families": ListOf("every size set in these families", entry=Family("a family")),
            "below": font_size("and anything smaller, in any family"),
        }),
        "code_rectangles": Number("a filled path of this many rectangles or more is a QR "
                                  "code (black ink alone)", low=4, high=10_000, whole=True),
        "solid_lines_below": Length("a thinner line is one ink at 100% (printer's marks in "
                                    "the registration colour aside): a tint of it breaks up "
                                    "into dots, inks that do not meet exactly show side by "
                                    "side", low="0pt", high="5pt"),
    }),
)

PREVIEW = LayoutFile(
    "Contact sheets written by --preview. Sizes in pixels.",
    Group("the preview layout", fields={
        "thumbnail_height": Number("height of a page's thumbnail (a contact sheet to see the "
                                   "pages at a glance, not to read them)", low=50, high=600,
                                   whole=True),
        "columns": Number("thumbnails side by side (cards: an even number, front beside "
                          "back)", low=2, high=40, whole=True),
        "gap": Number("between thumbnails", low=0, high=200, whole=True),
        "background": Colour("colour between the thumbnails", channels="RGB", high=255,
                             whole=True),
    }),
)

FILES: dict[str, LayoutFile] = {
    "brochure": DOCUMENT,
    "booklet": DOCUMENT,
    "cards": CARDS,
    "qr": QR,
    "fonts": FONTS,
    "labels": LABELS,
    "preview": PREVIEW,
    "press": PRESS,
}
"""Every layout file by name (``layouts/<name>.yaml``) and what it holds. A file with
``extends: <name>`` holds only what differs from a file of the same kind."""
FONTS_FILE = "fonts"
