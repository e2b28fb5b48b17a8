"""Layout files checked like content: a broken one stops every target with exit status 2 and
names file, line and setting; the shipped ones are clean; every setting read is declared."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from inspiratiekaart.layout import LayoutError, Spec, check_layouts, load_layout
from inspiratiekaart.layout.schema import FILES
from inspiratiekaart.layout.settings import Entries, Group, Setting
from inspiratiekaart.pipeline import BuildOptions, build

ROOT = Path(__file__).resolve().parents[2]
LAYOUTS = ROOT / "layouts"


@pytest.fixture
def layouts(tmp_path: Path) -> Path:
    """A writable copy of the shipped layouts folder."""
    target = tmp_path / "layouts"
    shutil.copytree(LAYOUTS, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {path.name} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    """The line holding ``text`` in ``path``, comments aside (no test hard-codes a line)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [number for number, line in enumerate(lines, 1)
             if text in line and not line.startswith("#")]
    assert len(found) == 1, f"{text!r} is on lines {found} of {path.name}"
    return found[0]


def build_py(layouts: Path, *args: str) -> subprocess.CompletedProcess:
    """``python build.py …`` in a fresh process, with the layouts folder pointed at ``layouts``."""
    env = {**os.environ, "INSPIRATIEKAART_LAYOUTS": str(layouts)}
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def problems_of(error: pytest.ExceptionInfo[LayoutError]) -> list[str]:
    return [str(problem) for problem in error.value.problems]


# Each case: the file, an edit to it, the text on the line the problem is reported on, the
# setting and a part of the message.
BROKEN = {
    "missing key": ("cards.yaml", "  bottom: 14mm\n", "", "content:", "content.bottom",
                    "is required but missing (expected a length with a unit"),
    "unknown key": ("cards.yaml", "block_space: 7pt", "blok_space: 7pt", "blok_space:",
                    "blok_space", "unknown key 'blok_space'; did you mean block_space?"),
    "block kind without a treatment": (
        "brochure.yaml", "  steps:         {treatment: steps}\n", "", "blocks:",
        "blocks.steps", "has no treatment, and every block kind of the content needs one"),
    "size without a unit": (
        "cards.yaml", "body:      {family: text, size: 9.5pt,", "body: {family: text, size: 9,",
        "body: {family: text", "styles.body.size",
        "expected a length with a unit (mm, pt, cm), got a number (9); write it as 9pt or 9mm"),
    "bad colour": ("brochure.yaml", "link: [100, 55, 0, 20]", "link: [100, 55, 0]",
                   "link: [100, 55, 0]", "colours.link",
                   "expected a CMYK colour: a list of 4 percentages from 0 to 100"),
    "colour out of range": ("qr.yaml", "dark: [0, 0, 0, 100]", "dark: [0, 0, 0, 255]", "dark:",
                            "dark", "K 255 out of range"),
    "unknown kind in sides": (
        "cards.yaml", "front: [quote, questions]", "front: [quote, questions, tipz]",
        "front: [quote, questions", "sides.front[2]",
        "'tipz' is not a block kind; did you mean tip?"),
    "a character the fonts lack": (
        "labels.yaml", '"{{ title }} · {{ part }}', '"{{ title }} ☃ {{ part }}',
        "card_continued:", "card_continued",
        "holds ☃ U+2603 (SNOWMAN), from character 13"),
    "text too light to read": (
        "cards.yaml", "  colour: [0, 0, 0, 70]", "  colour: [0, 0, 0, 50]", "colour: [0, 0, 0, 50]",
        "footer.colour", "less than text_contrast (4.6:1); darken it ([0, 0, 0, "),
    "item style that is not a style": (
        "cards.yaml", "item_style: question}", "item_style: vraag}", "item_style: vraag",
        "blocks.questions.item_style", "'vraag' is not a paragraph style (expected one of: "),
    "no text colours": (
        "cards.yaml", "text_colours: [[0, 0, 0, 0], [0, 0, 0, 100]]", "text_colours: []",
        "text_colours: []", "band.text_colours", "expected a list of at least 1, each entry "
        "a CMYK colour"),
    "a template that fails when worded": (
        "labels.yaml", '"{{ number }} / {{ total }}"', '"{{ number.value }} / {{ total }}"',
        "card_counter:", "card_counter",
        "cannot be worded: 'int object' has no attribute 'value'"),
    "an empty quote label": ('labels.yaml', 'quote: "“{{ quote }}”"', 'quote: ""', 'quote: ""',
                             "quote", "expected text, a Jinja2 template using {{ quote }}"),
    "a speaker label with a value it is not given": (
        "labels.yaml", '"— {{ speaker }}"', '"— {{ name }}"', "speaker:", "speaker",
        "uses {{ name }}, which this label is not given (it is given: speaker)"),
    "a step number that is no template": (
        "labels.yaml", '"{{ number }}."', '"{{ number }."', "step_number:", "step_number",
        "is not a valid template"),
    "publishers joined with a filter that does not exist": (
        "labels.yaml", "join(' · ')", "joint(' · ')", "cover_publishers:", "cover_publishers",
        "is not a valid template: No filter named 'joint'"),
    "an empty sub-item mark": (
        "cards.yaml", 'subitem_bullets: ["–", "·"]', 'subitem_bullets: ["–", " "]',
        "subitem_bullets:", "subitem_bullets[1]", "expected some text"),
    "no sub-item marks": (
        "brochure.yaml", 'subitem_bullets: ["–", "·"]', "subitem_bullets: []",
        "subitem_bullets:", "subitem_bullets", "expected a list of at least 1"),
    "an empty overview mark": (
        "brochure.yaml", '  bullet: "•"  ', "  bullet:  ", "  bullet:  ",
        "pillar_overview.bullet", "expected some text, got nothing"),
    "a space above the overview without a unit": (
        "booklet.yaml", "pillar_overview:\n  name_width: 37mm",
        "pillar_overview:\n  name_width: 37mm\n  space_above: 6", "space_above: 6",
        "pillar_overview.space_above", "expected a length with a unit (mm, pt, cm), got a "
        "number (6); write it as 6pt or 6mm"),
    "a pillar rule's thickness without a unit": (
        "brochure.yaml", "  thickness: 4pt", "  thickness: 4", "thickness:",
        "pillar_rule.thickness", "expected a length with a unit (mm, pt, cm), got a number (4)"),
    "a pillar rule that leaves its room": (
        "brochure.yaml", "  rise: 6pt", "  rise: 12pt", "thickness:", "pillar_rule.thickness",
        "pillar_rule.rise + pillar_rule.thickness is 5.6 mm, more than pillar_rule.height "
        "(4.9 mm): the band stands in its room"),
    "an intro space without a unit": (
        "cards.yaml", "intro_space: 4pt", "intro_space: 4", "intro_space:", "intro_space",
        "expected a length with a unit (mm, pt, cm), got a number (4)"),
    "a bullet that hangs right of its indent": (
        "brochure.yaml", "bullet_hang: 10pt", "bullet_hang: -10pt", "bullet_hang:",
        "bullet_hang", "-10pt is out of range (expected 0pt to 100mm)"),
    "a key gap without a unit": (
        "cards.yaml", "  gap: 6pt", "  gap: 6", "gap: 6 ", "pillar_key.gap",
        "expected a length with a unit (mm, pt, cm), got a number (6)"),
    "unknown kind a front needs": (
        "cards.yaml", "front_needs: [questions]", "front_needs: [question]", "front_needs:",
        "sides.front_needs[0]", "'question' is not a block kind; did you mean questions?"),
    "a front that needs no kind": (
        "cards.yaml", "front_needs: [questions]", "front_needs: []", "front_needs:",
        "sides.front_needs", "expected a list of at least 1, each entry a block kind"),
    "a bullet that is a sentence": (
        "brochure.yaml", 'tips:          {treatment: box, bullet: "•"}',
        'tips:          {treatment: box, bullet: "Tip van de week:"}', "Tip van de week",
        "blocks.tips.bullet", "expected a mark of at most 3 characters, got text 'Tip van de "
        "week:' (16 characters)"),
    "a bleed less than the press files keep": (
        "cards.yaml", "bleed: 3mm", "bleed: 1mm", "bleed: 1mm", "bleed",
        "1mm is less than the 3mm the print files keep beyond the trim (min_bleed in "
        "press.yaml): a print shop trims into the bleed; set bleed to 3mm at least"),
    "a bleed no print shop asks": (
        "booklet.yaml", "bleed: 3mm", "bleed: 500mm", "bleed: 500mm", "bleed",
        "500mm is out of range (expected 0mm to 10mm)"),
    "a code tile wider than the text, told by the rule that asks most of it": (
        "cards.yaml", "tile_width: 21mm", "tile_width: 1000mm", "tile_width: 1000mm",
        "code_grid.tile_width", "code_grid.tile_width + code_grid.tile_width + code_grid.gap "
        "is 2005.8 mm, more than page.body_width (128.0 mm): a row of codes holds two at "
        "least"),
    "a caption gap without a unit": (
        "qr.yaml", "  gap: 1.5pt", "  gap: 1.5", "gap: 1.5",
        "caption.gap", "expected a length with a unit (mm, pt, cm), got a number (1.5)"),
    "a profile that is not there": (
        "press.yaml", "profile: profiles/coated-fogra39-argyll.icc",
        "profile: profiles/fogra39.icc", "profile:", "output_intent.profile",
        "'profiles/fogra39.icc' is not a file in the repository (expected a CMYK output "
        "profile (.icc)"),
    "a profile outside the repository": (
        "press.yaml", "profile: profiles/coated-fogra39-argyll.icc",
        "profile: ../../../../../../../../etc/hostname", "profile:", "output_intent.profile",
        "is not a file in the repository"),
    "a profile that is not a CMYK output profile": (
        "press.yaml", "profile: profiles/coated-fogra39-argyll.icc",
        "profile: fonts/lato/Lato-Regular.ttf", "profile:", "output_intent.profile",
        "'fonts/lato/Lato-Regular.ttf': not an ICC profile (no 'acsp' signature in its header)"),
    "codes beside their text in no margin column": (
        "cards.yaml", "codes: grid ", "codes: beside ", "margin_column: 0mm",
        "page.margin_column", "0mm is narrower than the smallest code (18mm, min_size in "
        "qr.yaml), and the codes stand beside their text in it: set margin_column to 18mm at "
        "least, or codes: grid"),
    "a block kind on neither side of the cards": (
        "cards.yaml", "tip, watch_tip, reading_tips]", "tip, reading_tips]", "  back: [",
        "sides.back", "watch_tip is in none of sides.front, sides.back: a block of a kind on "
        "neither side is printed on no card; add it to one of them"),
    "a block kind on both sides of the cards": (
        "cards.yaml", "front: [quote, questions]", "front: [quote, questions, tip]",
        "  back: [", "sides.back", "'tip' is in sides.front too: name each block kind in one "
        "of sides.front, sides.back"),
    "the programme's name over the title": (
        "booklet.yaml", "  title_size: 26pt\n", "  title_size: 26pt\n  programme_baseline: "
        "100mm\n", "programme_baseline: 100mm", "cover.programme_baseline",
        "page.top + cover.programme_baseline + cover.title_top × page.height is 244.2 mm, more "
        "than page.height (210.0 mm): the programme's name stands above the title"),
    "the title below the cover colour": (
        "booklet.yaml", "  title_size: 26pt\n", "  title_size: 26pt\n  title_top: 0.3\n",
        "title_top: 0.3", "cover.title_top", "cover.band_bottom × page.height is 75.6 mm, more "
        "than cover.title_top × page.height (63.0 mm): the title starts in the cover colour"),
    "a card counter wider than half the card": (
        "labels.yaml", 'card_counter: "{{ number }} / {{ total }}"',
        'card_counter: "Kaart {{ number }} van de {{ total }} kaarten in deze set over gelijke '
        'kansen"',
        "card_counter:", "card_counter", "worded for card 999 of 999 it is 70.6 mm wide at the "
        "footer's size (7.5pt in "),
    "the cards' text frame over the band": (
        "cards.yaml", "  top: 26mm", "  top: 15mm", "top: 15mm", "content.top",
        "band.height is 20.0 mm, more than content.top (15.0 mm): the text frame starts below "
        "the band"),
    "the tagline with no room under the cover colour": (
        "booklet.yaml", "  title_size: 26pt\n", "  title_size: 26pt\n  tagline_gap: 60mm\n",
        "tagline_gap: 60mm", "cover.tagline_gap", "is 85.1 mm, more than cover.band_bottom × "
        "page.height (75.6 mm): a line of the tagline and the publishers' line stand under "
        "the cover colour"),
    "a link colour the press files cannot print": (
        "cards.yaml", "  link: [0, 0, 0, 100]", "  link: [100, 60, 0, 30]", "link: [100, 60",
        "colours.link", "[100, 60, 0, 30] has cyan, magenta or yellow, and the print files cut "
        "from cards.yaml set this text in black ink alone (black_text in press.yaml); set "
        "colours.link in cards.yaml to black alone, such as [0, 0, 0, 100]"),
    "lines closer than their size": (
        "brochure.yaml", "body:      {family: text, size: 9.5pt, leading: 14pt",
        "body:      {family: text, size: 9.5pt, leading: 8pt", "body:      {family: text",
        "styles.body.leading", "8pt is less than styles.body.size (9.5pt): lines set closer "
        "than their size run into each other"),
    "the cards' footer in the text frame": (
        "cards.yaml", "  baseline: 8mm ", "  baseline: 12mm ", "baseline: 12mm",
        "footer.baseline", "footer.baseline + footer.size is 14.6 mm, more than content.bottom "
        "(14.0 mm): the footer stands below the text frame"),
    "the tagline over the pillars' colours": (
        "booklet.yaml", "  title_size: 26pt\n", "  title_size: 26pt\n  tagline_gap: 5pt\n",
        "tagline_gap: 5pt", "cover.tagline_gap", "cover.stripe_height is 3.5 mm, more than "
        "cover.tagline_gap (1.8 mm): the tagline starts below the pillars' colours"),
    "a pillar overview's names with no room beside them": (
        "brochure.yaml", "  name_width: 40mm", "  name_width: 170mm", "name_width: 170mm",
        "pillar_overview.name_width", "more than page.body_width (126.0 mm): the themes beside "
        "the pillars' names keep a column of their own"),
    "links appendix columns too narrow for an address": (
        "booklet.yaml", "  columns: 2", "  columns: 3", "columns: 3", "appendix.columns",
        "appendix.columns × appendix.code_column + appendix.columns × appendix.gap + "
        "appendix.columns × appendix.gap + appendix.columns × appendix.address_width is "
        "153.0 mm, more than page.body_width + page.gutter + page.margin_column (117.0 mm)"),
    "a link's number risen over the line above": (
        "booklet.yaml", "  body:      {family: text, size: 9pt, leading: 12.8pt, space_after: "
        "4pt}\n", "  body:      {family: text, size: 9pt, leading: 12.8pt, space_after: 4pt}\n"
        "  link_number: {size: 6pt, rise: 3mm}\n", "link_number: {size: 6pt, rise: 3mm}",
        "styles.link_number.rise", "styles.link_number.rise + styles.link_number.size is "
        "5.1 mm, more than styles.body.size (3.2 mm)"),
    "the deck title's lines on top of each other": (
        "cards.yaml", "  title_leading: 9.5pt", "  title_leading: 0pt", "title_leading: 0pt",
        "band.title_leading", "0pt is less than band.title_size (8pt): the title's lines set "
        "closer than their size run into each other"),
    "a box's paddings wider than half the text's column": (
        "brochure.yaml", "block_padding: 8pt ", "block_padding: 62mm ", "block_padding:",
        "block_padding", "block_padding + block_padding + bar_width + bar_space is 125.6 mm, "
        "more than 0.5 × page.body_width (63.0 mm): a box's paddings leave its text at least "
        "half the column"),
    "two lines of a card's text taller than its text frame": (
        "cards.yaml", "size: 9.5pt, leading: 13pt, space_after: 4pt}",
        "size: 100pt, leading: 300pt, space_after: 4pt}",
        "leading: 300pt", "styles.body.leading", "content.top + content.bottom + block_padding "
        "+ block_padding + styles.body.leading + styles.body.leading is 255.9 mm, more than "
        "trim.height (210.0 mm): two lines of a paragraph, which stay together, must fit a box "
        "on a page"),
    "a space of more than a quarter of the page": (
        "cards.yaml", "row_gap: 3pt ", "row_gap: 90mm ", "row_gap: 90mm", "row_gap",
        "row_gap is 90.0 mm, more than 0.25 × trim.height (52.5 mm): a space takes at most a "
        "quarter of the page (a box of a few paragraphs, kept on one page, leaves no room for "
        "more)"),
    "a space of more than a quarter of the booklet's page, taken from the brochure": (
        "brochure.yaml", "row_gap: 4pt ", "row_gap: 60mm ", "row_gap: 60mm", "row_gap",
        "row_gap is 60.0 mm, more than 0.25 × page.height (52.5 mm): a space takes at most a "
        "quarter of the page (a box of a few paragraphs, kept on one page, leaves no room for "
        "more) (in booklet.yaml, which takes it from brochure.yaml: set row_gap in "
        "booklet.yaml)"),
    "a card's space before a paragraph of more than a quarter of the card": (
        "cards.yaml", "leading: 11pt, space_before: 2pt}", "leading: 11pt, space_before: 60mm}",
        "more:",
        "styles.more.space_before", "styles.more.space_before is 60.0 mm, more than 0.25 × "
        "trim.height (52.5 mm): a space takes at most a quarter of the page"),
    "lines more than three times their size apart": (
        "brochure.yaml", "body:      {family: text, size: 9.5pt, leading: 14pt",
        "body:      {family: text, size: 9.5pt, leading: 270pt", "body:      {family: text",
        "styles.body.leading", "styles.body.leading is 95.2 mm, more than 3 × styles.body.size "
        "(10.1 mm): lines set more than three times their size apart no longer read as one "
        "paragraph"),
    "lines far apart in a style the booklet takes, told once (as the booklet would)": (
        "brochure.yaml", "size: 13pt, leading: 18pt", "size: 13pt, leading: 60pt",
        "leading: 60pt", "styles.quote.leading", "styles.quote.leading is 21.2 mm, more than "
        "3 × styles.quote.size (13.8 mm): lines set more"),
    "lines far apart on a card, told once though two lines no longer fit the card either": (
        "cards.yaml", "leading: 13pt, space_after: 4pt}", "leading: 300pt, space_after: 4pt}",
        "leading: 300pt", "styles.body.leading", "styles.body.leading is 105.8 mm, more than "
        "3 × styles.body.size (10.1 mm): lines set more"),
    "a row of codes one code wide": (
        "brochure.yaml", "tile_gap: 4mm", "tile_gap: 100mm", "tile_gap: 100mm", "tile_gap",
        "qr_tile_width + qr_tile_width + tile_gap is 152.0 mm, more than page.body_width "
        "(126.0 mm): a row of codes holds two at least (one to a row, a block's codes stack "
        "taller than a page)"),
    "a card's grid of codes one code wide": (
        "cards.yaml", "  gap: 5.75mm", "  gap: 90mm", "gap: 90mm", "code_grid.gap",
        "code_grid.tile_width + code_grid.tile_width + code_grid.gap is 132.0 mm, more than "
        "page.body_width (128.0 mm): a row of codes holds two at least"),
    "a pillar's row in the overview taller than a booklet's page": (
        "brochure.yaml", "  row_padding: 6pt", "  row_padding: 90mm", "row_padding: 90mm",
        "pillar_overview.row_padding", "pillar_overview.row_padding + "
        "pillar_overview.row_padding + styles.section_heading.leading + "
        "styles.section_heading.leading is 220.9 mm, more than page.height (210.0 mm): a "
        "pillar's row, its paddings around two lines of its name, fits a page"),
    "an indent wider than half the column": (
        "cards.yaml", "space_after: 4pt, indent: 12pt}", "space_after: 4pt, indent: 70mm}",
        "indent: 70mm", "styles.question.indent", "styles.question.indent is 70.0 mm, more "
        "than 0.5 × page.body_width (64.0 mm): an indent leaves its text at least half the "
        "column"),
    "a pillar's name in the deck's key squeezed by its gap": (
        "cards.yaml", "  gap: 6pt ", "  gap: 100mm ", "gap: 100mm", "pillar_key.gap",
        "pillar_key.bar_width + pillar_key.gap is 101.4 mm, more than 0.5 × page.body_width "
        "(64.0 mm): a pillar's name keeps at least half the column beside its bar"),
    "a ruled block's bar too thin for print in a pillar's colour": (
        "cards.yaml", "bar_width: 2.5pt ", "bar_width: 0.1pt ", "bar_width: 0.1pt",
        "bar_width", "0.1pt is thinner than 0.5pt, under which the print files cut from "
        "cards.yaml draw a line in one ink at full strength (solid_lines_below in "
        "press.yaml), and this line is drawn in a tint or a pillar's colour"),
    "the links appendix's codes smaller than the smallest code": (
        "booklet.yaml", "  code_column: 25mm", "  code_column: 5mm", "code_column: 5mm",
        "appendix.code_column", "5mm is narrower than the smallest code (18mm, min_size in "
        "qr.yaml), and the links appendix would print its codes too small to scan: set "
        "code_column to 18mm at least"),
    "a code's caption taller than the largest code": (
        "qr.yaml", "  leading: 7.5pt", "  leading: 60pt", "leading: 60pt", "caption.leading",
        "caption.gap + caption.leading + caption.leading is 42.9 mm, more than max_size "
        "(40.0 mm): a code's caption, two lines at most, is no taller than the largest code"),
    "a heading in a pillar's colour smaller than the press sets in black": (
        "brochure.yaml", "  block_heading: {family: heading, bold: true, size: 9pt,",
        "  block_heading: {family: heading, bold: true, size: 8pt,", "bold: true, size: 8pt",
        "styles.block_heading.size", "8pt is smaller than 9pt, under which the print files "
        "cut from booklet.yaml set text in black ink alone (black_text in press.yaml), and this "
        "style is set in a pillar's colour; set it to 9pt at least"),
    "a quote in a pillar's colour in the family the press sets in black": (
        "cards.yaml", "  quote:     {family: heading,", "  quote:     {family: text,",
        "quote:     {family: text", "styles.quote.family", "'text' is a family the print "
        "files cut from cards.yaml set in black ink alone (black_text in press.yaml), and this "
        "style is set in a pillar's colour; set another family"),
    "room kept before an opening text larger than a page": (
        "booklet.yaml", "  opening: ", "  opening: 500mm #", "opening: 500mm", "keep.opening",
        "page.top + page.bottom + keep.opening is 531.0 mm, more than page.height (210.0 mm): "
        "a page holds the room asked before a text"),
    "the band's text in the safe zone": (
        "cards.yaml", "  baseline: 10.5mm", "  baseline: 7.9mm", "baseline: 7.9mm",
        "band.baseline", "safe + band.pillar_size is 8.2 mm, more than band.baseline (7.9 mm): "
        "the band's text stands clear of the trim's top edge, below the safe zone"),
    "the band's insets leaving its text less than half the card": (
        "cards.yaml", "  text_inset: 10mm", "  text_inset: 40mm", "text_inset: 40mm",
        "band.text_inset", "band.text_inset is 40.0 mm, more than 0.25 × trim.width "
        "(37.0 mm): the band's text keeps at least half the card's width between its insets"),
    "a tagline too large, told at the size the booklet writes": (
        "booklet.yaml", "  tagline_size: 10pt", "  tagline_size: 200pt", "tagline_size: 200pt",
        "cover.tagline_size", "cover.tagline_size × cover.leading is 116.3 mm, more than "
        "cover.band_bottom × page.height (75.6 mm)"),
    "a booklet's top margin leaving the cover's programme no room, told at that margin": (
        "booklet.yaml", "  top: 14mm", "  top: 80mm", "top: 80mm", "page.top",
        "page.top + cover.programme_baseline + cover.title_top × page.height is 213.7 mm, "
        "more than page.height (210.0 mm): the programme's name stands above the title"),
    "a press's least size for coloured text above most coloured styles": (
        "press.yaml", "  below: 9pt", "  below: 180pt", "below: 180pt", "black_text.below",
        "180pt is more than all "),
    "a press's least width for tinted lines above most such lines": (
        "press.yaml", "solid_lines_below: 0.5pt", "solid_lines_below: 5pt",
        "solid_lines_below: 5pt", "solid_lines_below", "5pt is more than all "),
    "a press's least bleed above every printed layout's": (
        "press.yaml", "min_bleed: 3mm", "min_bleed: 10mm", "min_bleed: 10mm", "min_bleed",
        "10mm is more than all 2 settings held to it ("),
    "extends child with an error": (
        "booklet.yaml", "  size: 7pt", "  size: 7", "  size: 7", "footer.size",
        "expected a length with a unit (mm, pt, cm), got a number (7)"),
}


@pytest.mark.parametrize("case", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_layout_stops_check_with_exit_2_naming_file_line_and_setting(layouts, case):
    name, old, new, marker, setting, message = case
    path = layouts / name
    edit(path, old, new)
    result = build_py(layouts, "check")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    expected = f"{path}:{line_of(path, marker)}: {setting}: "
    reported = [line for line in lines if line.startswith(expected)]
    assert len(reported) == 1 and message in reported[0], result.stderr
    assert lines[-1] == "The layouts have 1 problem; nothing was built.", result.stderr
    assert result.stdout == ""


def test_every_problem_of_every_file_at_once_before_any_target_renders(layouts, tmp_path):
    edit(layouts / "cards.yaml", "tint: 0.12", "tint: 12")
    edit(layouts / "qr.yaml", "min_size: 18mm", "min_size: 18")
    edit(layouts / "labels.yaml", '"{{ number }} / {{ total }}"', '"{{ nummer }} / {{ total }}"')
    edit(layouts / "preview.yaml", "columns: 6", "columns: zes")
    out = tmp_path / "out"
    result = build_py(layouts, "brochure", "cards", "--out", str(out))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{layouts / 'cards.yaml'}:{line_of(layouts / 'cards.yaml', 'tint:')}: tint: 12 is " \
           "out of range (expected a number from 0 to 1)" in result.stderr
    qr, labels, preview = layouts / "qr.yaml", layouts / "labels.yaml", layouts / "preview.yaml"
    assert f"{qr}:{line_of(qr, 'min_size')}: min_size: expected a length" in result.stderr
    assert f"{labels}:{line_of(labels, 'nummer')}: card_counter: uses {{{{ nummer }}}}, " \
           "which this label is not given (it is given: number, total)" in result.stderr
    assert f"{preview}:{line_of(preview, 'columns')}: columns: expected a whole number" \
        in result.stderr
    assert result.stderr.splitlines()[-1] == "The layouts have 4 problems; nothing was built."
    assert not out.exists()


def test_the_shipped_layouts_are_clean():
    check_layouts(LAYOUTS)
    for name in FILES:
        assert isinstance(load_layout(name, LAYOUTS), Spec)


def test_check_with_a_copy_of_the_shipped_layouts_succeeds(layouts):
    result = build_py(layouts, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "15 themes, 2 opening pages, 67 links, 0 problems"


def test_lengths_are_points_and_the_booklet_has_what_it_does_not_override():
    brochure, booklet = load_layout("brochure", LAYOUTS), load_layout("booklet", LAYOUTS)
    assert booklet.page.width == pytest.approx(148 * 72 / 25.4)
    assert booklet.styles.body.size == 9.0 and brochure.styles.body.size == 9.5
    assert booklet.styles.quote == brochure.styles.quote
    assert booklet.blocks == brochure.blocks
    assert booklet.colours.rule == brochure.colours.rule
    assert booklet.colours.link == [0, 0, 0, 100] != brochure.colours.link


def test_a_value_the_child_inherits_is_reported_once_where_the_parent_wrote_it(layouts):
    path = layouts / "brochure.yaml"
    edit(path, "rule: [0, 0, 0, 40]", "rule: [0, 0, 0, -40]")
    with pytest.raises(LayoutError) as error:
        check_layouts(layouts)
    assert problems_of(error) == [f"{path}:{line_of(path, '  rule:')}: colours.rule: K -40 out "
                                  "of range (expected a CMYK colour: a list of 4 percentages "
                                  "from 0 to 100, as [50, 50, 50, 50])"]
    with pytest.raises(LayoutError):
        load_layout("booklet", layouts)


def test_a_rule_over_merged_settings_is_reported_in_the_file_that_breaks_it(layouts):
    path = layouts / "booklet.yaml"
    edit(path, "  body_width: 86mm", "  body_width: 186mm")
    with pytest.raises(LayoutError) as error:
        load_layout("booklet", layouts)
    assert problems_of(error) == [
        f"{path}:{line_of(path, 'body_width')}: page.body_width: page.inner + page.body_width "
        "+ page.gutter + page.margin_column + safe is 235.0 mm, more than page.width "
        "(148.0 mm): the columns must fit on the page, clear of its edge"]
    load_layout("brochure", layouts)


@pytest.mark.parametrize(("value", "message"), [
    ("booklet", "a layout cannot extend itself, not even through another (booklet → booklet)"),
    ("brochur", "'brochur' is not a layout of the same kind; did you mean brochure? (expected "
                "one of: brochure)"),
    ("cards", "'cards' is not a layout of the same kind (expected one of: brochure)"),
])
def test_extends_names_another_layout_of_the_same_kind(layouts, value, message):
    path = layouts / "booklet.yaml"
    edit(path, "extends: brochure", f"extends: {value}")
    with pytest.raises(LayoutError) as error:
        load_layout("booklet", layouts)
    assert problems_of(error) == [f"{path}:{line_of(path, 'extends')}: extends: {message}"]


def test_a_chain_of_extends_that_comes_back_is_refused_where_it_closes(layouts):
    path = layouts / "brochure.yaml"
    path.write_text("extends: booklet\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(LayoutError) as error:
        load_layout("brochure", layouts)
    booklet = layouts / "booklet.yaml"
    assert problems_of(error) == [f"{booklet}:{line_of(booklet, 'extends')}: extends: a "
                                  "layout cannot extend itself, not even through another "
                                  "(brochure → booklet → brochure)"]


def test_card_text_below_the_minimum_size_and_inside_the_safe_zone(layouts):
    path = layouts / "cards.yaml"
    edit(path, "  speaker:   {family: heading, size: 9pt,", "  speaker:   {family: heading, "
         "size: 8pt,")
    edit(path, "  left: 10mm", "  left: 4mm")
    with pytest.raises(LayoutError) as error:
        load_layout("cards", layouts)
    assert problems_of(error) == [
        f"{path}:{line_of(path, 'left: 4mm')}: content.left: 4mm is less than safe (5mm): "
        "text stays clear of the safe zone",
        f"{path}:{line_of(path, 'speaker:')}: styles.speaker.size: 8pt is less than "
        "min_body_size (9pt): no card text is set smaller than min_body_size"]


def test_styles_name_font_families_and_fonts_name_files_that_exist(layouts):
    fonts, qr = layouts / "fonts.yaml", layouts / "qr.yaml"
    edit(fonts, "lato/Lato-Italic.ttf", "lato/Lato-Itallic.ttf")
    edit(qr, "font: heading", "font: headings")
    with pytest.raises(LayoutError) as error:
        check_layouts(layouts)
    assert problems_of(error) == [
        f"{fonts}:{line_of(fonts, 'Itallic')}: families.heading.italic: "
        "'lato/Lato-Itallic.ttf' is not a .ttf file under fonts/; did you mean "
        "lato/Lato-Italic.ttf? (the path is relative to the fonts folder)",
        f"{qr}:{line_of(qr, 'font:')}: caption.font: 'headings' is not a font family of "
        "layouts/fonts.yaml; did you mean heading? (expected one of: heading, text)"]


def test_a_family_the_code_uses_is_required(layouts):
    path = layouts / "fonts.yaml"
    edit(path, "  heading:", "  kop:")
    with pytest.raises(LayoutError) as error:
        load_layout("fonts", layouts)
    assert problems_of(error) == [f"{path}:{line_of(path, 'families:')}: families.heading: "
                                  "is required but missing (the code uses the font family "
                                  "'heading'; expected a mapping of regular, bold, italic, "
                                  "bold_italic)"]


def test_a_layout_that_is_not_valid_yaml_is_a_problem_with_its_line(layouts):
    path = layouts / "qr.yaml"
    edit(path, "caption:\n  font: heading", "caption:\n  font: heading\n bad: [")
    result = build_py(layouts, "check")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{path}:{line_of(path, ' bad: [')}: not valid YAML" in result.stderr


def test_an_undeclared_layout_file_is_a_programming_error():
    with pytest.raises(ValueError, match="no layout file 'poster'"):
        load_layout("poster", LAYOUTS)


def declared_names(setting: Setting) -> set[str]:
    """Every key the schema declares under ``setting``, at any depth."""
    if isinstance(setting, Group):
        return set(setting.fields) | {name for child in setting.fields.values()
                                      for name in declared_names(child)}
    if isinstance(setting, Entries):
        return set(setting.names) | declared_names(setting.entry)
    return set()


def test_every_setting_the_renderers_read_is_declared(tmp_path, monkeypatch):
    """Build in this process while recording every key read from a layout: a key the schema
    does not declare could never be set (the check would refuse it)."""
    read: set[str] = set()
    get, item = Spec.get, Spec.__getitem__

    def recorded_get(self, key, default=None):
        read.add(key)
        return get(self, key, default)

    def recorded_item(self, key):
        read.add(key)
        return item(self, key)

    monkeypatch.setattr(Spec, "get", recorded_get)
    monkeypatch.setattr(Spec, "__getitem__", recorded_item)
    build(BuildOptions(out_dir=tmp_path / "out", targets=("brochure", "cards", "booklets"),
                       sector="po", jobs=1, preflight=False, quiet=True), say=lambda line: None)
    declared = {name for layout in FILES.values() for name in declared_names(layout.settings)}
    assert {"mirror_footer", "gather_links", "treatment", "min_size"} <= read
    assert read - declared == set()


def test_the_texts_checked_for_glyphs_are_those_printed_named_from_the_project():
    """A font file's name or the press condition is never set on a page: a character no
    font has is no problem there; a problem names its file from the project's folder."""
    from inspiratiekaart.layout import layout_texts

    texts = {(file, where): text for file, _, where, text in layout_texts()}
    assert texts[("layouts/labels.yaml", "contents_title")] == "Inhoud"
    assert texts[("layouts/brochure.yaml", "blocks.tips.bullet")] == "•"
    assert not [where for _, where in texts if where.startswith(("output_intent", "families",
                                                                 "caption.font"))]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_layouts_that_leave_text_no_room_stop_the_build_with_exit_2_all_at_once(
        layouts, tmp_path, jobs):
    """Every value in range and every rule between them kept, together lines too tall for
    what a follow-up card holds under its title, and body text too large for the
    brochure's pages: only laying out finds them, and the build tells both as layout
    problems at the styles (not the first alone, nor with an exception and exit 1), in one
    process or across workers."""
    edit(layouts / "cards.yaml", "size: 9.5pt, leading: 13pt, space_after: 4pt}",
         "size: 64pt, leading: 190pt, space_after: 4pt}")
    edit(layouts / "brochure.yaml", "size: 9.5pt, leading: 14pt, space_after: 5pt}",
         "size: 200pt, leading: 200pt, space_after: 5pt}")
    assert build_py(layouts, "check").returncode == 0
    result = build_py(layouts, "brochure", "cards", "-j", jobs, "--out", str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    cards, brochure = layouts / "cards.yaml", layouts / "brochure.yaml"
    assert f"{cards}:{line_of(cards, 'styles:')}: styles: the cards cannot be laid out as " \
           "the layouts set it: what is left of the card " in result.stderr, result.stderr
    assert "does not fit on an empty card; give the text more room" in result.stderr
    assert f"{brochure}:{line_of(brochure, 'styles:')}: styles: the brochure cannot be laid " \
           "out as the layouts set it: a block is taller than a page" in result.stderr
    assert result.stderr.splitlines()[-1] == "The layouts have 2 problems; nothing was built."
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jobs_of_one_target_that_cannot_be_laid_out_alike_are_told_as_one(
        layouts, tmp_path, jobs):
    """A row gap no booklet's page can hold (within a quarter of it, which check allows)
    stops every sector's booklet: the four, which fail alike, are one problem naming their
    sectors, not four; the brochure, whose pages hold it, is built."""
    edit(layouts / "brochure.yaml", "row_gap: 4pt ", "row_gap: 40mm ")
    assert build_py(layouts, "check").returncode == 0
    result = build_py(layouts, "brochure", "booklets", "-j", jobs, "--out",
                      str(tmp_path / "out"))
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    *told, last = result.stderr.splitlines()
    booklet = layouts / "booklet.yaml"
    assert [line.split(" cannot be laid out")[0] for line in told] == [
        f"{booklet}:{line_of(booklet, 'styles:')}: styles: the booklets go, mbo, po, vo"
    ], result.stderr
    assert last == "The layouts have 1 problem; nothing was built."


def test_a_layout_that_lost_its_extends_line_is_told_so(layouts):
    """Without ``extends: brochure`` the booklet lacks dozens of settings: the first problem
    says what most likely happened."""
    edit(layouts / "booklet.yaml", "extends: brochure", "")
    result = build_py(layouts, "check")
    assert result.returncode == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{layouts / 'booklet.yaml'}:1: extends: ") and \
        "settings are missing: a layout that holds only what differs from another begins " \
        "with extends: brochure" in first, result.stderr


def test_a_value_a_file_takes_from_the_one_it_extends_is_reported_with_what_to_set(layouts):
    """The brochure's columns do not fit the booklet's A5 page: reported where the width is
    written, saying which file to set it in."""
    edit(layouts / "booklet.yaml", "  body_width: 86mm\n", "")
    result = build_py(layouts, "check")
    assert result.returncode == 2
    brochure = layouts / "brochure.yaml"
    assert f"{brochure}:{line_of(brochure, 'body_width:')}: page.body_width: " in result.stderr
    assert "(in booklet.yaml, which takes it from brochure.yaml: set page.body_width in " \
           "booklet.yaml)" in result.stderr, result.stderr



def test_a_page_number_wider_than_half_a_footer_is_told_for_each_layout_at_its_label(layouts):
    path = layouts / "labels.yaml"
    edit(path, 'footer: "{{ page }}"', 'footer: "Pagina {{ page }} van de brochure over '
         'gelijke kansen op welbevinden op school"')
    result = build_py(layouts, "check")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    expected = f"{path}:{line_of(path, 'footer: ')}: footer: worded for page 999 it is "
    reported = [line for line in result.stderr.splitlines() if line.startswith(expected)]
    assert [line.split(" in ")[1].split(")")[0] for line in reported] == [
        str(layouts / "booklet.yaml"), str(layouts / "brochure.yaml")], result.stderr
    assert all(line.endswith("the other half being the section's name: shorten it, or set "
                             "the footer smaller") for line in reported)


def test_every_problem_between_files_at_once(layouts):
    """A bleed short of press.yaml's, a link colour the press cannot print and a counter too
    long for the cards' footer are three files' problems with each other: all three are
    said by one check (each used to stop it alone)."""
    edit(layouts / "cards.yaml", "bleed: 3mm", "bleed: 1mm")
    edit(layouts / "cards.yaml", "  link: [0, 0, 0, 100]", "  link: [100, 60, 0, 30]")
    edit(layouts / "labels.yaml", 'card_counter: "{{ number }} / {{ total }}"',
         'card_counter: "Kaart {{ number }} van de {{ total }} kaarten in deze set over '
         'gelijke kansen"')
    result = build_py(layouts, "check")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    settings = [line.split(": ")[1] for line in result.stderr.splitlines()[:-1]]
    assert settings == ["bleed", "colours.link", "card_counter"], result.stderr
    assert result.stderr.splitlines()[-1] == "The layouts have 3 problems; nothing was built."


def test_a_code_wider_than_the_column_it_stands_in_is_told_at_its_link(layouts):
    """A wider quiet zone makes the longer addresses' codes wider than the links appendix's
    code column: the codes ran into the addresses beside them, which the preflight found
    after rendering (exit 1). check tells each at the link, with the column."""
    edit(layouts / "qr.yaml", "quiet_zone_modules: 4 ", "quiet_zone_modules: 12 ")
    result = build_py(layouts, "check")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    told = [line for line in result.stderr.splitlines() if "wider than" in line]
    assert len(told) > 1 and all(line.startswith("content/publication.yaml:") or
                                 line.startswith("content/themes/") for line in told), \
        result.stderr
    booklet = layouts / "booklet.yaml"
    assert f"(quiet zone included, as {layouts / 'qr.yaml'} sets them), wider than {booklet}:" \
           f"{line_of(booklet, 'code_column:')}: appendix.code_column (25 mm), where it stands " \
           "beside text; give it a short link (links.redirect_base)" in told[0]


def test_a_rule_the_extended_file_breaks_itself_is_told_there_not_at_the_extending_one(layouts):
    """A title starting at the foot of brochure.yaml's cover breaks a rule in brochure.yaml
    and in booklet.yaml, which takes it over: both are told at brochure.yaml's value, none
    at a booklet setting that plays a part (its page height is on both sides)."""
    # with a problem of its own, brochure.yaml is not what booklet.yaml's values are
    # weighed against (Checking.extended): the rule's own setting is the one told
    brochure = layouts / "brochure.yaml"
    edit(brochure, "  title_top: 0.62", "  title_top: 0")
    result = build_py(layouts, "check")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    *told, last = result.stderr.splitlines()
    at = f"{brochure}:{line_of(brochure, 'title_top: 0')}: cover.title_top: "
    assert len(told) == 2 and all(line.startswith(at) for line in told), result.stderr
    assert last == "The layouts have 2 problems; nothing was built."
    assert told[1].endswith("(in booklet.yaml, which takes it from brochure.yaml: set "
                            "cover.title_top in booklet.yaml)"), result.stderr


def test_a_value_the_extended_file_breaks_is_told_again_only_where_the_limit_differs(
        layouts):
    """brochure.yaml's row gap of 80 mm is more than a quarter of its A4 page and of the
    booklet's A5 one: both are told, the booklet's tighter limit with where to set it; a
    leading three times too large is the same problem for both, told once."""
    brochure = layouts / "brochure.yaml"
    edit(brochure, "row_gap: 4pt ", "row_gap: 80mm ")
    edit(brochure, "size: 13pt, leading: 18pt", "size: 13pt, leading: 60pt")
    result = build_py(layouts, "check")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    *told, last = result.stderr.splitlines()
    gap = f"{brochure}:{line_of(brochure, 'row_gap: 80mm')}: row_gap: row_gap is 80.0 mm, " \
          "more than 0.25 × page.height"
    assert sorted(told) == sorted([
        f"{gap} (52.5 mm): a space takes at most a quarter of the page (a box of a few "
        "paragraphs, kept on one page, leaves no room for more) (in booklet.yaml, which "
        "takes it from brochure.yaml: set row_gap in booklet.yaml)",
        f"{gap} (74.2 mm): a space takes at most a quarter of the page (a box of a few "
        "paragraphs, kept on one page, leaves no room for more)",
        f"{brochure}:{line_of(brochure, 'leading: 60pt')}: styles.quote.leading: "
        "styles.quote.leading is 21.2 mm, more than 3 × styles.quote.size (13.8 mm): lines "
        "set more than three times their size apart no longer read as one paragraph"]), \
        result.stderr
    assert last == "The layouts have 3 problems; nothing was built."


def test_a_rule_broken_as_merged_over_an_unsound_file_is_told_at_its_own_setting(layouts):
    """With a problem of its own elsewhere, brochure.yaml is not what booklet.yaml's values
    are weighed against (Checking.extended): a rule booklet.yaml's own top margin breaks
    is told at the rule's setting, with where to set it, besides brochure.yaml's problem.
    Once brochure.yaml is sound, the booklet's own margin is the one named."""
    brochure = layouts / "brochure.yaml"
    edit(brochure, "tint: 0.12", "tint: 12")
    edit(layouts / "booklet.yaml", "  top: 14mm", "  top: 80mm")
    result = build_py(layouts, "check")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    *told, last = result.stderr.splitlines()
    assert told == [
        f"{brochure}:{line_of(brochure, 'tint: 12')}: tint: 12 is out of range (expected a "
        "number from 0 to 1)",
        f"{brochure}:{line_of(brochure, 'programme_baseline:')}: cover.programme_baseline: "
        "page.top + cover.programme_baseline + cover.title_top × page.height is 213.7 mm, "
        "more than page.height (210.0 mm): the programme's name stands above the title (in "
        "booklet.yaml, which takes it from brochure.yaml: set cover.programme_baseline in "
        "booklet.yaml)"], result.stderr
    assert last == "The layouts have 2 problems; nothing was built."
    edit(brochure, "tint: 12", "tint: 0.12")
    booklet = layouts / "booklet.yaml"
    told = build_py(layouts, "check").stderr.splitlines()
    assert told[0].startswith(f"{booklet}:{line_of(booklet, 'top: 80mm')}: page.top: "), told
    assert len(told) == 2, told


def test_a_press_value_most_settings_fall_short_of_counts_each_setting_once(layouts):
    """booklet.yaml taking its code column from brochure.yaml holds one setting to qr.yaml's
    min_size, not two: all three written are short, and the one problem says so."""
    edit(layouts / "qr.yaml", "min_size: 18mm", "min_size: 35mm")
    edit(layouts / "booklet.yaml", "  code_column: 25mm\n", "")
    result = build_py(layouts, "check")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    qr = layouts / "qr.yaml"
    assert result.stderr.startswith(f"{qr}:{line_of(qr, 'min_size:')}: min_size: 35mm is "
                                    "more than all 3 settings held to it ("), result.stderr
    assert result.stderr.count("appendix.code_column") == 1, result.stderr


def test_codes_too_wide_for_most_links_are_told_once_at_the_column(layouts):
    """When most links' codes are wider than their column, the layouts are the cause: one
    problem at the column, not one at every link."""
    edit(layouts / "qr.yaml", "quiet_zone_modules: 4 ", "quiet_zone_modules: 18 ")
    result = build_py(layouts, "check")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    booklet = layouts / "booklet.yaml"
    told, last = result.stderr.splitlines()
    assert told.startswith(f"{booklet}:{line_of(booklet, 'code_column:')}: "
                           "appendix.code_column: 25 mm is narrower than the codes of "), told
    assert re.search(r"of (all \d+|\d+ of the \d+) links \(26\.0 to [\d.]+ mm wide, quiet zone "
                     r"included, as .*qr\.yaml sets them\), which stand in it beside text; "
                     r"widen it, or make them smaller \(.*qr\.yaml:\d+: quiet_zone_modules; "
                     r".*qr\.yaml:\d+: min_module; .*qr\.yaml:\d+: min_size\)$", told), told
    assert last == "The layouts have 1 problem; nothing was built."


def test_a_booklet_that_cannot_be_laid_out_is_told_in_the_booklets_own_layout(layouts, tmp_path):
    """The booklets are laid out with booklet.yaml (over brochure.yaml): a problem only
    laying them out finds is told at its styles, not at the brochure's, with the page and
    the heading the block follows, and the spacings that may have grown."""
    edit(layouts / "booklet.yaml", "block_space: ", "row_gap: 40mm\nblock_space: ")
    assert build_py(layouts, "check").returncode == 0
    result = build_py(layouts, "booklets", "--sector", "po", "--out", str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    booklet = layouts / "booklet.yaml"
    assert result.stderr.startswith(f"{booklet}:{line_of(booklet, 'styles:')}: styles: the "
                                    "booklets po cannot be laid out as the layouts set it: "), \
        result.stderr
    assert f"the other layouts it reads ({layouts / 'brochure.yaml'}, " in result.stderr
    assert re.search(r"as the layouts set it: a block is taller than a page \(page \d+, after "
                     r"the heading '[^']+'\); .* or closer \(the styles' space_before and "
                     r"space_after, row_gap, block_space, tile_gap\)", result.stderr), \
        result.stderr
