"""What a print file's pages do with ink, read from their content streams with pypdf.

A small interpreter of the operators that matter to a press: colour spaces and colours
(which ``q``/``Q`` keep and forms inherit), text shown (its font and size), paths filled
or stroked (how many rectangles they hold), forms and images drawn. It finds RGB
anywhere, paint beyond the ink limit, body text or small text not in black ink alone,
QR codes (filled paths of many rectangles) not in black ink alone, and lines too thin to
print in a tint or in more than one ink.

What a form does is read once per job: the print files of one job draw the same pages as
forms (equal content bytes, resources cloned into each file), and :func:`form_key` says
when two forms read alike, whichever file they are in.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from pypdf import PageObject
from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

from ..cache import digest

NUMBER = rb"[-+]?(?:\d+\.?\d*|\.\d+)"
TOKEN = re.compile(rb"""
    (?P<rectangles>(?:(?:NUMBER\s+){4}re(?![^\s/\[\]()<>{}%])\s*)+)  # a run of them: a code
  | (?P<numbers>(?:NUMBER(?:\s+|(?=[^\d.+-])|$))+)
  | (?P<operand>\((?:[^\\()]|\\.)*\)      # a literal string (ReportLab escapes parentheses)
      | <[0-9A-Fa-f\s]*>                  # a hex string
      | /[^\s/\[\]()<>{}%]*               # a name
      | <<|>>|[\[\]{}])
  | (?P<comment>%[^\r\n]*)
  | (?P<operator>[^\s/\[\]()<>{}%]+)
""".replace(b"NUMBER", NUMBER), re.VERBOSE | re.DOTALL)
NUMERIC = re.compile(NUMBER + rb"$")
INLINE_IMAGE_END = re.compile(rb"\sEI(?=[\s]|$)")
FILLS = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}
STROKES = {b"S", b"s", b"B", b"B*", b"b", b"b*"}
SHOWS = {b"Tj", b"TJ", b"'", b'"'}
RGB_SPACES = {"/DeviceRGB", "/CalRGB", "/RGB"}
MAX_DEPTH = 12


@dataclass(frozen=True)
class Colour:
    """A colour as a press sees it: its kind and, for process colours, C, M, Y, K (0..1).

    Kinds: "process" (CMYK, grey or a CMYK ICC space), "registration" (the separation
    /All, for marks), "rgb", "spot" (another separation) and "other" (patterns, Lab …).
    """

    kind: str
    cmyk: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 1.0)

    @property
    def ink(self) -> float:
        """Total ink in percent (process colours only)."""
        return 100 * sum(self.cmyk) if self.kind == "process" else 0.0

    @property
    def one_solid_ink(self) -> bool:
        """One of C, M, Y, K at 100% and the others empty."""
        return sorted(round(value, 3) for value in self.cmyk) == [0, 0, 0, 1]

    @property
    def black_only(self) -> bool:
        """Printed by the black plate alone (or by no plate at all)."""
        return self.kind == "process" and max(self.cmyk[:3]) < 1e-6

    def describe(self) -> str:
        if self.kind != "process":
            return self.kind
        return "C{:.0f} M{:.0f} Y{:.0f} K{:.0f}".format(*(100 * v for v in self.cmyk))


BLACK = Colour("process")


@dataclass(frozen=True)
class Rules:
    """What the press asks: the ink limit (%), the body fonts and the size under which any
    text is black ink alone, how many rectangles make a filled path a code, and the width
    under which a line is one ink at full strength."""

    ink_limit: float
    body_fonts: frozenset[str]
    black_below: float
    code_rectangles: int
    solid_below: float


@dataclass
class Findings:
    """What is wrong on one page, by kind; each entry says what and how."""

    rgb: set[str] = field(default_factory=set)
    ink: set[str] = field(default_factory=set)
    text: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    lines: set[str] = field(default_factory=set)

    def update(self, other: Findings) -> None:
        for name in ("rgb", "ink", "text", "codes", "lines"):
            getattr(self, name).update(getattr(other, name))


@dataclass(frozen=True)
class State:
    """The part of the graphics state that decides ink: colours, spaces, scale and the
    width of lines."""

    fill: Colour = BLACK
    stroke: Colour = BLACK
    fill_space: str = "gray"
    stroke_space: str = "gray"
    scale: float = 1.0
    line_width: float = 1.0


FormCache = dict[tuple, Findings]
"""What each form does, by :func:`form_key`: one for all the print files of a job."""


def page_findings(page: PageObject, rules: Rules, forms: FormCache) -> Findings:
    """Everything ``page`` and the forms it draws do wrong with ink; ``forms`` holds what
    forms already read do (in this file or another of the job's)."""
    found = Findings()
    for annotation in page.get("/Annots") or []:
        colour = annotation.get_object().get("/C")
        if colour is not None and len(colour) == 3:
            found.rgb.add("an annotation's colour (/C) is RGB")
    contents = page.get_contents()
    data = contents.get_data() if contents is not None else b""
    Interpreter(rules, forms, found).run(data, page.get("/Resources"), State(), 0)
    return found


class Interpreter:
    """Runs one content stream (and the forms it draws) and records what it finds."""

    def __init__(self, rules: Rules, forms: FormCache, found: Findings) -> None:
        self.rules, self.forms, self.found = rules, forms, found

    def run(self, data: bytes, resources, state: State, depth: int) -> None:
        resources = resources.get_object() if resources is not None else DictionaryObject()
        stack: list[State] = []
        operands: list[bytes] = []
        rectangles, font, size, text_scale, mode = 0, "", 0.0, 1.0, 0
        position = 0
        while (match := TOKEN.search(data, position)) is not None:
            kind, token, position = match.lastgroup, match.group(), match.end()
            if kind == "numbers":
                operands += token.split()
                continue
            if kind == "rectangles":
                rectangles += token.count(b"re")
                continue
            if kind != "operator":
                if kind == "operand":
                    operands.append(token)
                continue
            operator = token
            if operator == b"q":
                stack.append(state)
            elif operator == b"Q":
                state = stack.pop() if stack else state
            elif operator == b"cm":
                state = replace(state, scale=state.scale * _determinant_scale(operands))
            elif operator == b"w" and (widths := _numbers(operands)):
                state = replace(state, line_width=abs(widths[-1]))
            elif operator in (b"g", b"G", b"rg", b"RG", b"k", b"K"):
                state = self.device_colour(state, operator, operands)
            elif operator in (b"cs", b"CS"):
                state = self.colour_space(state, operator == b"cs", operands, resources)
            elif operator in (b"sc", b"scn", b"SC", b"SCN"):
                state = self.set_colour(state, operator.islower(), operands)
            elif operator == b"re":
                rectangles += 1
            elif operator in FILLS or operator in STROKES or operator == b"n":
                self.paint(state, operator, rectangles)
                rectangles = 0
            elif operator == b"BT":
                text_scale = 1.0
            elif operator == b"Tm":
                text_scale = _determinant_scale(operands)
            elif operator == b"Tf" and len(operands) >= 2:
                font, size = self.font_name(operands[-2], resources), abs(float(operands[-1]))
            elif operator == b"Tr" and operands:
                mode = int(float(operands[-1]))
            elif operator in SHOWS:
                self.show_text(state, mode, font, size * text_scale * state.scale)
            elif operator == b"Do" and operands:
                self.draw_xobject(operands[-1], resources, state, depth)
            elif operator == b"sh" and operands:
                self.shading(operands[-1], resources)
            elif operator == b"BI":
                position = self.inline_image(data, position, state)
            operands = []

    # colours ------------------------------------------------------------------------------
    def device_colour(self, state: State, operator: bytes, operands: list[bytes]) -> State:
        values = _numbers(operands)
        name = operator.lower()
        if name == b"rg":
            self.found.rgb.add(f"colour set in RGB ({' '.join(f'{v:g}' for v in values[-3:])} "
                               f"{operator.decode()})")
            colour, space = Colour("rgb"), "rgb"
        elif name == b"g":
            colour, space = _grey(values[-1:]), "gray"
        else:
            colour, space = Colour("process", tuple(values[-4:])), "cmyk"
        if operator.islower():
            return replace(state, fill=colour, fill_space=space)
        return replace(state, stroke=colour, stroke_space=space)

    def colour_space(self, state: State, fill: bool, operands: list[bytes],
                     resources) -> State:
        space = self.space_kind(operands[-1] if operands else b"/DeviceGray", resources)
        initial = {"cmyk": BLACK, "gray": BLACK, "registration": Colour("registration"),
                   "rgb": Colour("rgb"), "spot": Colour("spot")}.get(space, Colour("other"))
        if fill:
            return replace(state, fill=initial, fill_space=space)
        return replace(state, stroke=initial, stroke_space=space)

    def set_colour(self, state: State, fill: bool, operands: list[bytes]) -> State:
        space = state.fill_space if fill else state.stroke_space
        values = _numbers(operands)
        if space == "cmyk" and len(values) >= 4:
            colour = Colour("process", tuple(values[-4:]))
        elif space == "gray" and values:
            colour = _grey(values[-1:])
        else:
            colour = {"registration": Colour("registration"), "rgb": Colour("rgb"),
                      "spot": Colour("spot")}.get(space, Colour("other"))
        return replace(state, fill=colour) if fill else replace(state, stroke=colour)

    def space_kind(self, name: bytes, resources) -> str:
        """"cmyk", "gray", "rgb", "registration", "spot" or "other" for a colour space."""
        text = name.decode("latin-1")
        if text in ("/DeviceCMYK", "/DeviceGray", "/Pattern") or text in RGB_SPACES:
            kind = {"/DeviceCMYK": "cmyk", "/DeviceGray": "gray", "/Pattern": "other"}.get(
                text, "rgb")
        else:
            spaces = resources.get("/ColorSpace", DictionaryObject()).get_object()
            kind = _space_kind(spaces.get(text))
        if kind == "rgb":
            self.found.rgb.add(f"colour space {text} is RGB")
        return kind

    # painting -----------------------------------------------------------------------------
    def paint(self, state: State, operator: bytes, rectangles: int) -> None:
        if operator in FILLS:
            self.check_ink(state.fill, "fill")
            if rectangles >= self.rules.code_rectangles and not state.fill.black_only:
                self.found.codes.add(f"a code ({rectangles} rectangles) in "
                                     f"{state.fill.describe()}")
        if operator in STROKES:
            self.check_ink(state.stroke, "stroke")
            self.check_line(state.stroke, state.line_width * state.scale)

    def check_line(self, colour: Colour, width: float) -> None:
        """A line thinner than the press's limit is one ink at full strength (or the
        marks' registration colour): a tint of it breaks up into dots, and inks that do not
        meet exactly show beside each other."""
        if width < self.rules.solid_below - 1e-6 and colour.kind == "process" \
                and not colour.one_solid_ink:
            self.found.lines.add(f"a line of {width:.2f} pt in {colour.describe()}")

    def check_ink(self, colour: Colour, what: str) -> None:
        if colour.ink > self.rules.ink_limit + 0.5:
            self.found.ink.add(f"a {what} of {colour.ink:.0f}% ink ({colour.describe()})")

    def show_text(self, state: State, mode: int, font: str, size: float) -> None:
        colours = [state.fill] if mode in (0, 4) else [state.stroke] if mode in (1, 5) \
            else [state.fill, state.stroke] if mode in (2, 6) else []
        for colour in colours:
            self.check_ink(colour, "text fill" if colour is state.fill else "text stroke")
            body = font in self.rules.body_fonts
            if (body or size < self.rules.black_below - 1e-6) and not colour.black_only:
                why = "body text" if body else f"text under {self.rules.black_below:g} pt"
                self.found.text.add(f"{why} ({font} {size:.1f} pt) in {colour.describe()}")

    def font_name(self, name: bytes, resources) -> str:
        """The PostScript name (subset prefix removed) of the font resource ``name``."""
        fonts = resources.get("/Font", DictionaryObject()).get_object()
        font = fonts.get(name.decode("latin-1"))
        base = str(font.get_object().get("/BaseFont", "")) if font is not None else ""
        return base.lstrip("/").split("+", 1)[-1]

    # forms, images, shadings ------------------------------------------------------------
    def draw_xobject(self, name: bytes, resources, state: State, depth: int) -> None:
        xobjects = resources.get("/XObject", DictionaryObject()).get_object()
        reference = xobjects.get(name.decode("latin-1"))
        if reference is None:
            return
        xobject = reference.get_object()
        if xobject.get("/Subtype") == "/Image":
            self.image(xobject, state)
        elif xobject.get("/Subtype") == "/Form" and depth < MAX_DEPTH:
            inner = replace(state, scale=state.scale * _matrix_scale(xobject))
            form_resources = xobject.get("/Resources", resources)
            key = form_key(xobject, form_resources, inner, depth + 1, self.rules)
            if key not in self.forms:
                self.forms[key] = Findings()
                Interpreter(self.rules, self.forms, self.forms[key]).run(
                    xobject.get_data(), form_resources, inner, depth + 1)
            self.found.update(self.forms[key])

    def image(self, image: DictionaryObject, state: State) -> None:
        if image.get("/ImageMask"):
            self.check_ink(state.fill, "stencil image")
        elif _space_kind(image.get("/ColorSpace")) == "rgb":
            self.found.rgb.add("an image in RGB")

    def inline_image(self, data: bytes, position: int, state: State) -> int:
        """Check an inline image's colour space; return where its data ends."""
        start = data.find(b"ID", position)
        header = data[position:start] if start >= 0 else b""
        if re.search(rb"/(?:CS|ColorSpace)\s*/(?:RGB|DeviceRGB|CalRGB)\b", header):
            self.found.rgb.add("an inline image in RGB")
        elif re.search(rb"/(?:IM|ImageMask)\s+true", header):
            self.check_ink(state.fill, "stencil image")
        end = INLINE_IMAGE_END.search(data, max(start, position))
        return end.end() if end else len(data)

    def shading(self, name: bytes, resources) -> None:
        shadings = resources.get("/Shading", DictionaryObject()).get_object()
        shading = shadings.get(name.decode("latin-1"))
        if shading is not None and _space_kind(shading.get_object().get("/ColorSpace")) == "rgb":
            self.found.rgb.add("a shading in RGB")


def form_key(form: StreamObject, resources, state: State, depth: int, rules: Rules) -> tuple:
    """What the interpreter's findings in ``form``, read ``depth`` deep, depend on: equal
    keys give equal findings, in one file or in two.

    The interpreter reads nothing but the form's content bytes, the resources it draws
    with (``resources``: its own or those it inherits) as :func:`_resource_signature` gives
    them, the graphics state it starts in and the rules. The depth decides only which
    nested forms are read (none beyond ``MAX_DEPTH``), and the signature holds exactly
    those. An object number would say nothing across files: each file places its pages
    as new objects.
    """
    return digest(form.get_data()), _resource_signature(resources, depth), state, rules


def _resource_signature(resources, depth: int) -> tuple:
    """The resources of content read ``depth`` deep, as the interpreter reads them, by
    name: each font's BaseFont, the kind of each colour space and of each shading's, and
    each image (stencil or not, its colour space's kind) and form (its content, its matrix
    and its own resources, by the same signature; none beyond ``MAX_DEPTH``)."""
    resources = resources.get_object() if resources is not None else DictionaryObject()

    def entries(kind: str, read) -> tuple:
        named = resources.get(kind, DictionaryObject()).get_object()
        return tuple(sorted((str(name), read(value.get_object()))
                            for name, value in named.items()))

    return (entries("/Font", lambda font: str(font.get("/BaseFont", ""))),
            entries("/ColorSpace", _space_kind),
            entries("/Shading", lambda shading: _space_kind(shading.get("/ColorSpace"))),
            entries("/XObject", lambda xobject: _xobject_signature(xobject, resources, depth)))


def _xobject_signature(xobject: StreamObject, resources, depth: int) -> tuple:
    """An image or form as the interpreter reads it when content ``depth`` deep draws it."""
    subtype = str(xobject.get("/Subtype"))
    if subtype == "/Image":
        return (subtype, bool(xobject.get("/ImageMask")), _space_kind(xobject.get("/ColorSpace")))
    if subtype != "/Form" or depth >= MAX_DEPTH:
        return (subtype,)
    return (subtype, digest(xobject.get_data()), _matrix_scale(xobject),
            _resource_signature(xobject.get("/Resources", resources), depth + 1))


def _matrix_scale(form: StreamObject) -> float:
    """How much a form's /Matrix scales lengths."""
    return _determinant_scale([str(value).encode() for value in form.get("/Matrix", [])])


def _space_kind(space) -> str:
    """The kind of a colour space object from a resource dictionary or an image."""
    if space is None:
        return "other"
    space = space.get_object()
    if not isinstance(space, ArrayObject):
        name = str(space)
        return "rgb" if name in RGB_SPACES else {"/DeviceCMYK": "cmyk",
                                                 "/DeviceGray": "gray"}.get(name, "other")
    family = str(space[0])
    if family == "/ICCBased":
        components = int(space[1].get_object().get("/N", 0))
        return {1: "gray", 3: "rgb", 4: "cmyk"}.get(components, "other")
    if family == "/Separation":
        return "registration" if str(space[1]) == "/All" else "spot"
    if family == "/Indexed":
        return "rgb" if _space_kind(space[1]) == "rgb" else "other"
    if family == "/DeviceN":
        return "rgb" if _space_kind(space[2]) == "rgb" else "spot"
    return "rgb" if family in RGB_SPACES else "other"


def _numbers(operands: list[bytes]) -> list[float]:
    return [float(token) for token in operands if NUMERIC.match(token)]


def _grey(values: list[float]) -> Colour:
    return Colour("process", (0.0, 0.0, 0.0, 1.0 - (values[0] if values else 0.0)))


def _determinant_scale(operands: list[bytes]) -> float:
    """How much a matrix ``a b c d e f`` scales lengths (the root of its determinant)."""
    values = _numbers(operands)
    if len(values) < 6:
        return 1.0
    a, b, c, d = values[-6:-2]
    return math.sqrt(abs(a * d - b * c)) or 1.0
