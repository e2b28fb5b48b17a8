"""Load ``content/`` into a Publication, validating everything and reporting all problems."""

from __future__ import annotations

import os
import re
from pathlib import Path

from . import limits
from .fields import CMYK, Fields, read_as_mapping, read_as_mapping_problem
from .model import (
    BLOCK_KINDS,
    KIND_NAMES_NL,
    LIST_KINDS,
    TEXT_KINDS,
    Block,
    CardSpec,
    Chapter,
    Item,
    Pillar,
    Publication,
    Section,
    Sector,
    Theme,
    Wording,
)
from .problems import ContentError, Problems, did_you_mean, excerpt, shorten
from .urls import UrlError, derive_id, redirect_base_url
from .yamlfile import Node, read_yaml

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PARTS = ("theme", "opening")
ITEM_KEYS = ("text", "sectors", "id", "items")
_KIND_SPELLINGS = {**{kind: kind for kind in BLOCK_KINDS}, **KIND_NAMES_NL}
"""Block kinds by their own names and their Dutch ones, for suggestions."""


def load_publication(content_dir: Path, printable: frozenset[int] | None = None
                     ) -> Publication:
    """Load and validate all content; raise ContentError listing every problem. With
    ``printable``, a printed text holding a character outside it is a problem too."""
    problems = Problems(printable=printable)
    path = content_dir / "publication.yaml"
    if not os.path.lexists(path):
        problems.add(path, 0, "", "is missing: every content folder needs a publication.yaml")
        raise ContentError(problems.items)
    root = read_yaml(path, problems, content_dir)
    pub = _read_publication(root, path, problems) if root else None
    themes = _read_themes(content_dir, pub, problems)
    if pub is None:
        raise ContentError(problems.items)
    publication = Publication(**pub, themes=themes, content_dir=content_dir,
                              link_sites=problems.sites)
    _check_link_ids(problems)
    _check_address_count(problems)
    if problems:
        raise ContentError(sorted(problems.items))
    return publication


def _check_link_ids(problems: Problems) -> None:
    """A link id given in content must not be the id another address gets by default."""
    derived = {derive_id(url): url for url in problems.sites}
    for (namespace, name), (url, line, file) in list(problems.claimed.items()):
        other = derived.get(name)
        if namespace == "link" and other is not None and other != url:
            problems.add(file, line, "link id", f"{excerpt(name)} is the id {shorten(other)} "
                         "gets by default; choose another")


def _check_address_count(problems: Problems) -> None:
    """The publication links to at most so many addresses (each has a code in "Alle links")."""
    limit = limits.ADDRESSES
    if len(problems.sites) > limit.value:
        file, line, field = list(problems.sites.values())[limit.value]
        problems.add(file, line, field, f"links to address number {limit.value + 1:,}; "
                     f"{limit.rule()}")


def _count_within(fields: Fields, key: str, limit: limits.Limit) -> list[Node]:
    """The list under ``key``; reported when it holds more than ``limit`` allows."""
    nodes = fields.nodes(key)
    if len(nodes) > limit.value:
        fields.report(fields.node(key).line, key, f"holds {len(nodes):,}; {limit.rule()}: "
                      "split it")
    return nodes


def _read_publication(root: Node, path: Path, problems: Problems) -> dict | None:
    fields = Fields(root, path, "", problems, required=(
        "title", "subtitle", "programme", "publishers", "year", "article_number", "language",
        "pillars", "sectors", "about", "colophon"), optional=("tagline", "links", "wording"))
    if not fields.ok:
        return None
    sectors = _read_sectors(fields, path, problems)
    sector_ids = frozenset(s.id for s in sectors)
    fields.sectors = sector_ids
    language = fields.word("language", "nl")
    if language != "nl":
        fields.report(fields.node("language").line, "language", f"{excerpt(language)} is not "
                      f"supported{did_you_mean(language, ['nl'])} (expected nl: hyphenation "
                      "and wording are Dutch)")
    return dict(
        lines=_field_lines(fields),
        title=fields.string("title", ""), subtitle=fields.string("subtitle", ""),
        tagline=fields.string("tagline", "", limit=limits.TEXT_CHARS),
        programme=fields.string("programme", ""),
        publishers=tuple(fields.strings("publishers")), year=fields.integer("year"),
        article_number=fields.string("article_number", ""), language=language,
        redirect_base=_read_redirect_base(fields, path, problems),
        pillars=_read_pillars(fields, path, problems), sectors=sectors,
        wording=_read_wording(fields, path, problems, sector_ids),
        about=_read_chapter(fields, "about", path, problems),
        colophon=_read_chapter(fields, "colophon", path, problems),
    )


def _field_lines(fields: Fields) -> dict[str, int]:
    """The line of every field of publication.yaml and of each pillar's name."""
    lines = {key: node.line for key, node in fields.values.items()}
    pillars = fields.values.get("pillars")
    for index, node in enumerate(pillars.value if pillars and isinstance(pillars.value, list)
                                 else []):
        name = node.value.get("name") if isinstance(node.value, dict) else None
        if name is not None:
            lines[f"pillars[{index}].name"] = name.line
    return lines


def _read_redirect_base(fields: Fields, path: Path, problems: Problems) -> str | None:
    node = fields.node("links")
    if node is None:
        return None
    links = Fields(node, path, "links", problems, required=(), optional=("redirect_base",))
    base = links.word("redirect_base")
    if base is None:
        return None
    try:
        return redirect_base_url(base)
    except UrlError as error:
        links.report(links.node("redirect_base").line, "redirect_base", str(error))
        return None


def _read_sectors(fields: Fields, path: Path, problems: Problems) -> tuple[Sector, ...]:
    sectors = []
    nodes = _count_within(fields, "sectors", limits.SECTORS)
    for index, node in enumerate(nodes):
        item = Fields(node, path, f"sectors[{index}]", problems, required=("id", "short", "name"))
        if item.ok:
            sector_id = _identifier(item, "id", namespace="sector")
            sectors.append(Sector(sector_id, item.string("short", ""), item.string("name", "")))
    return tuple(sectors)


def _read_pillars(fields: Fields, path: Path, problems: Problems) -> tuple[Pillar, ...]:
    pillars = []
    nodes = _count_within(fields, "pillars", limits.PILLARS)
    for index, node in enumerate(nodes):
        item = Fields(node, path, f"pillars[{index}]", problems, required=("id", "name", "colour"),
                      optional=("text_colour",))
        if item.ok:
            text, colour = item.node("text_colour"), item.node("colour")
            pillars.append(Pillar(_identifier(item, "id", namespace="pillar"),
                                  item.string("name", ""),
                                  _cmyk(item, "colour"),
                                  _cmyk(item, "text_colour") if item.has("text_colour") else None,
                                  text.line if text is not None else 0,
                                  colour.line if colour is not None else 0))
    return tuple(pillars)


def _cmyk(fields: Fields, key: str) -> tuple[float, float, float, float]:
    """A colour written as CMYK percentages, as fractions (as a layout's colour is checked)."""
    node = fields.node(key)
    problem = CMYK.problem(node.value if node else None)
    if problem is not None:
        fields.report(node.line if node else fields.line, key, problem)
        return (0.0, 0.0, 0.0, 1.0)
    c, m, y, k = (v.value / 100 for v in node.value)
    return (c, m, y, k)


def _read_wording(fields: Fields, path: Path, problems: Problems,
                  sector_ids: frozenset[str]) -> tuple[Wording, ...]:
    rows = []
    for index, node in enumerate(fields.nodes("wording")):
        row = Fields(node, path, f"wording[{index}]", problems,
                     required=("phrase", *sorted(sector_ids)))
        if row.ok:
            by_sector = {s: row.string(s, "") for s in sorted(sector_ids)}
            rows.append(Wording(row.string("phrase", ""), by_sector))
    return tuple(rows)


def _read_chapter(fields: Fields, key: str, path: Path, problems: Problems) -> Chapter:
    node = fields.node(key)
    if node is None:
        return Chapter("", ())
    chapter = Fields(node, path, key, problems, required=("title", "sections"),
                     sectors=fields.sectors)
    sections = []
    for index, child in enumerate(chapter.nodes("sections")):
        section = Fields(child, path, f"{key}.sections[{index}]", problems,
                         required=("text",), optional=("heading",), sectors=fields.sectors)
        if section.ok:
            sections.append(Section(section.string("heading"),
                                    section.paragraphs("text", required=True)))
    return Chapter(chapter.string("title", ""), tuple(sections))


def _read_themes(content_dir: Path, pub: dict | None, problems: Problems) -> tuple[Theme, ...]:
    files = theme_files(content_dir / "themes", problems)
    if not files:
        problems.add(content_dir / "themes", 0, "", "holds no theme files (expected *.yaml)")
    if len(files) > limits.THEMES.value:
        problems.add(content_dir / "themes", 0, "", f"holds {len(files)} theme files; "
                     f"{limits.THEMES.rule()}")
        return ()
    themes = []
    for path in files:
        root = read_yaml(path, problems, content_dir)
        if root is not None and pub is not None:
            theme = _read_theme(root, path, pub, problems)
            if theme is not None:
                themes.append(theme)
    return tuple(sorted(themes, key=lambda t: (t.order, t.id)))


def theme_files(folder: Path, problems: Problems) -> list[Path]:
    """The theme files of ``folder``: every ``*.yaml`` but hidden ones (the '._' copies
    macOS leaves on shared drives, editors' lock files). A file named as YAML another way
    ('.yml', '.YAML', 'x.yaml.txt') is not read: a problem, so no theme is left out
    without a word."""
    files = []
    for path in sorted(folder.glob("*")):
        if path.name.startswith("."):
            continue
        if path.suffix == ".yaml":
            files.append(path)
        elif (wanted := yaml_name(path.name)) is not None:
            problems.add(path, 0, "", f"is not read: theme files end in '.yaml'; rename it "
                         f"to '{wanted}'")
    return files


def yaml_name(name: str) -> str | None:
    """``name`` as a theme file is named, when it looks meant as one ('x.yml' -> 'x.yaml')."""
    stem, dot, suffix = name.removesuffix(".txt").rpartition(".")
    if dot and stem and suffix.lower() in ("yaml", "yml"):
        return f"{stem}.yaml"
    return None


def _read_theme(root: Node, path: Path, pub: dict, problems: Problems) -> Theme | None:
    all_sectors = frozenset(s.id for s in pub["sectors"])
    fields = Fields(root, path, "", problems, required=("id", "title", "order"),
                    optional=("part", "pillar", "sectors", "intro", "blocks", "card"),
                    sectors=all_sectors)
    if not fields.ok:
        return None
    part = fields.word("part", "theme")
    if part not in PARTS:
        fields.report(fields.node("part").line, "part", f"{excerpt(part)} is not a part"
                      f"{did_you_mean(part, PARTS)} (expected one of: {', '.join(PARTS)})")
    sectors = _sectors(fields, "sectors", all_sectors, all_sectors)
    nodes = _count_within(fields, "blocks", limits.BLOCKS)
    blocks = tuple(b for index, node in enumerate(nodes)
                   if (b := _read_block(node, path, f"blocks[{index}]", problems,
                                        sectors, all_sectors)) is not None)
    _check_item_count(fields, blocks)
    intro = fields.paragraphs("intro")
    if not intro and not blocks and not _given(fields, "intro") and not _given(fields, "blocks"):
        fields.report(fields.line, "", "a theme needs an intro or at least one block")
    return Theme(
        id=_identifier(fields, "id", namespace="theme"), title=fields.string("title", ""),
        part=part,
        pillar=_pillar(fields, part, pub["pillars"]), order=fields.integer("order"),
        sectors=sectors, intro=intro, blocks=blocks, source=path,
        card=_read_card(fields, path, problems, blocks, len(intro), part),
        line=(fields.node("title") or root).line,
    )


def _check_item_count(fields: Fields, blocks: tuple[Block, ...]) -> None:
    """A theme holds at most so many items, its lists and their sub-items together."""
    count = sum(len(block.items) + sum(len(item.items) for item in block.items)
                for block in blocks)
    if count > limits.THEME_ITEMS.value:
        fields.report(fields.node("blocks").line, "blocks", f"hold {count:,} items; "
                      f"{limits.THEME_ITEMS.rule()}: split the theme")


def _given(fields: Fields, key: str) -> bool:
    """True when ``key`` holds something, valid or not (what is wrong with it is reported)."""
    node = fields.node(key)
    return node is not None and node.value not in (None, [], {})


def _pillar(fields: Fields, part: str, pillars: tuple[Pillar, ...]) -> Pillar | None:
    pillar_id = fields.word("pillar")
    node = fields.node("pillar")
    if part == "opening":
        if pillar_id is not None:
            fields.report(node.line, "pillar", "the opening belongs to no pillar; remove it")
        return None
    if pillar_id is None:
        if node is not None:
            return None
        fields.report(fields.line, "pillar", "is required for a theme")
        return None
    for pillar in pillars:
        if pillar.id == pillar_id:
            return pillar
    ids = [p.id for p in pillars]
    fields.report(node.line, "pillar", f"{excerpt(pillar_id)} is not a pillar"
                  f"{did_you_mean(pillar_id, ids)} (expected one of: {', '.join(ids)})")
    return None


def _read_block(node: Node, path: Path, where: str, problems: Problems,
                theme_sectors: frozenset[str], all_sectors: frozenset[str]) -> Block | None:
    fields = Fields(node, path, where, problems, required=("kind",),
                    optional=("id", "heading", "sectors", "text", "items", "speaker"),
                    sectors=all_sectors)
    if not fields.ok:
        return None
    kind = fields.word("kind")
    if kind not in BLOCK_KINDS:
        node = fields.node("kind")  # a missing kind or one that is not text is reported
        if node is not None and node.value is None:
            fields.report(node.line, "kind", "is empty (expected one of: "
                          f"{', '.join(BLOCK_KINDS)})")
        elif kind is not None:
            fields.report(node.line, "kind", f"{excerpt(kind)} is not a block kind"
                          f"{did_you_mean(kind, _KIND_SPELLINGS)} "
                          f"(expected one of: {', '.join(BLOCK_KINDS)})")
        return None
    _check_kind_fields(fields, kind)
    sectors = _sectors(fields, "sectors", all_sectors, theme_sectors)
    nodes = _count_within(fields, "items", limits.ITEMS)
    items = tuple(i for index, child in enumerate(nodes)
                  if (i := _read_item(child, path, f"{where}.items[{index}]", problems,
                                      sectors, all_sectors, depth=1)) is not None)
    return Block(kind=kind, sectors=sectors, heading=fields.string("heading"),
                 text=fields.paragraphs("text", required=kind in TEXT_KINDS), items=items,
                 speaker=fields.string("speaker"),
                 id=_identifier(fields, "id", required=False, namespace="block"))


def _check_kind_fields(fields: Fields, kind: str) -> None:
    if kind in TEXT_KINDS and fields.node("text") is None:
        fields.report(fields.line, "text", f"a '{kind}' block needs text")
    if kind in TEXT_KINDS and fields.has("items"):
        fields.report(fields.node("items").line, "items",
                      f"a '{kind}' block has no items (expected text only)")
    items = fields.node("items")
    if kind in LIST_KINDS and (items is None or items.value in (None, [])):
        fields.report(fields.line, "items", f"a '{kind}' block needs at least one item")
    if kind == "quote" and not fields.has("speaker"):
        fields.report(fields.line, "speaker", "a quote needs a speaker")
    if kind != "quote" and fields.has("speaker"):
        fields.report(fields.node("speaker").line, "speaker", "only a quote has a speaker")


def _read_item(node: Node, path: Path, where: str, problems: Problems,
               parent_sectors: frozenset[str], all_sectors: frozenset[str],
               depth: int) -> Item | None:
    if not isinstance(node.value, dict):
        probe = Fields(Node({}, node.line), path, "", problems, required=(), sectors=all_sectors)
        text = probe.rich_node(node, where)
        return Item(text, parent_sectors) if text is not None else None
    as_text = read_as_mapping(node.value)
    if as_text is not None and not set(node.value) & set(ITEM_KEYS):
        problems.add(path, node.line, where, read_as_mapping_problem(as_text))
        return None
    optional = ("sectors", "id", "items") if depth == 1 else ("sectors", "id")
    fields = Fields(node, path, where, problems, required=("text",), optional=optional,
                    sectors=all_sectors)
    if not fields.ok:
        return None
    sectors = _sectors(fields, "sectors", all_sectors, parent_sectors)
    nodes = _count_within(fields, "items", limits.ITEMS)
    sub_items = tuple(i for index, child in enumerate(nodes)
                      if (i := _read_item(child, path, f"{where}.items[{index}]", problems,
                                          sectors, all_sectors, depth + 1)) is not None)
    text = fields.rich("text")
    if text is None:
        return None
    return Item(text, sectors, _identifier(fields, "id", required=False, namespace="item"),
                sub_items)


def _read_card(fields: Fields, path: Path, problems: Problems, blocks: tuple[Block, ...],
               intro_paragraphs: int, part: str) -> CardSpec | None:
    node = fields.node("card")
    if node is None:
        return None
    if part == "opening":
        fields.report(node.line, "card", "an opening page's card shows all of its text (the "
                      "card sections of themes choose from a theme's text, and would leave "
                      "the rest of an opening page out): remove 'card'")
        return None
    if isinstance(node.value, dict) and "intro" in node.value:
        fields.report(node.line, "card.intro", "a card shows the theme's own text, not a text "
                      "of its own: choose the intro paragraphs it shows with 'lead: [1]' "
                      "(their numbers, from 1) and remove 'intro'")
        return None
    card = Fields(node, path, "card", problems, required=(),
                  optional=("lead", "front", "back", "brochure"), sectors=fields.sectors)
    names = set(BLOCK_KINDS) | {b.id for b in blocks if b.id}
    front = _card_side(card, "front", names) if card.has("front") else None
    back = _card_side(card, "back", names) if card.has("back") else None
    brochure = _card_side(card, "brochure", names) if card.has("brochure") else ()
    lead = _card_lead(card, intro_paragraphs) if card.has("lead") else None
    return CardSpec(node.line, lead, front, back, brochure)


def _card_lead(card: Fields, paragraphs: int) -> tuple[int, ...]:
    """The numbers of the intro paragraphs a card shows, each from 1 to ``paragraphs``."""
    chosen = []
    for index, node in enumerate(card.nodes("lead")):
        number = node.value
        if isinstance(number, int) and not isinstance(number, bool) \
                and 1 <= number <= paragraphs:
            chosen.append(number)
        else:
            card.report(node.line, f"lead[{index}]", f"expected the number of an intro "
                        f"paragraph, from 1 to {paragraphs} (the intro has {paragraphs})")
    return tuple(chosen)


def _card_side(card: Fields, side: str, names: set[str]) -> tuple[str, ...]:
    """A card side names block kinds or ids of blocks in the same theme."""
    chosen = []
    for index, node in enumerate(card.nodes(side)):
        name = node.value.strip() if isinstance(node.value, str) else ""
        if name in names:
            chosen.append(name)
        else:
            found = f"{excerpt(name)} is neither a block kind nor" if name \
                else "expected a block kind or"
            spellings = {**{n: n for n in names}, **KIND_NAMES_NL}
            card.report(node.line, f"{side}[{index}]", f"{found} a block id of this theme"
                        f"{did_you_mean(name, spellings) if name else ''} "
                        f"(expected one of: {', '.join(sorted(names))})")
    return tuple(chosen)


def _sectors(fields: Fields, key: str, all_sectors: frozenset[str],
             inherited: frozenset[str]) -> frozenset[str]:
    if not fields.has(key):
        return inherited
    names = fields.words(key)
    unknown = [n for n in names if n not in all_sectors]
    if unknown:
        fields.report(fields.node(key).line, key, f"{', '.join(map(excerpt, unknown))} "
                      f"{'is not a sector' if len(unknown) == 1 else 'are not sectors'}"
                      f"{did_you_mean(unknown[0], all_sectors)} "
                      f"(expected some of: {', '.join(sorted(all_sectors))})")
    chosen = frozenset(n for n in names if n in all_sectors)
    outside = chosen - inherited
    if outside:
        fields.report(fields.node(key).line, key, f"{', '.join(sorted(outside))} lies outside "
                      f"the enclosing sectors ({', '.join(sorted(inherited))})")
    return chosen & inherited if names else inherited


def _identifier(fields: Fields, key: str, required: bool = True,
                namespace: str | None = None) -> str | None:
    value = fields.word(key)
    if value is None:
        return "" if required else None
    line = fields.node(key).line
    if not ID_PATTERN.match(value):
        fields.report(line, key, f"{excerpt(value)} is not an id (expected lowercase "
                      "letters, digits and hyphens, starting with a letter or digit)")
    elif namespace:
        fields.problems.claim(namespace, value, value, fields.path, line, fields.field(key))
    return value
