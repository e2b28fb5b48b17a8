"""Tagged PDF (PDF/UA-1): structure elements, marked content and the structure tree.

One mechanism for every document read on screen (brochure, booklet parts, card deck):

- The renderers describe the structure while they build their flowables: a flowable gets
  the :class:`Element` its drawing belongs to (:func:`tag`), and an element knows its
  parent, so tables, paragraphs split across pages and keep-together groups need nothing
  more. An element joins the tree when its first content is drawn: the tree is in
  drawing order, which is reading order.
- Whatever is drawn outside a tagged flowable is an artifact: each page is one
  ``/Artifact`` sequence that tagged drawing interrupts, so bands, running heads,
  folios, table backgrounds and rules need no call of their own.
- A paragraph's text is marked inside its text object, where its links begin and end
  (``<onDraw>`` marks that the inline template writes) and where a link's reference
  number gets an ``/ActualText`` that sets it apart from the anchor's last word.
- A heading element carries its outline entry, added (with its bookmark) when the
  heading is drawn: the outline and the tree's headings are one list.
- :class:`TaggedCanvas` attaches each link annotation to its ``/Link`` element and, on
  saving, writes the structure tree, the parent tree, every page's ``/StructParents``
  and ``/Tabs``, ``/MarkInfo``, the XMP metadata (title, ``pdfuaid:part``) and
  ``DisplayDocTitle``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from reportlab.pdfbase.pdfdoc import (
    XMP,
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFString,
)
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable

from . import reportlab_internals as internals
from .markup import label as label_text
from .metadata import DocumentInfo, document_xmp

INLINE_CALLBACK = "tag"
"""The name the inline template's ``<onDraw>`` marks call (see ``inline.xml.j2``)."""


@dataclass(eq=False)
class Marked:
    """A marked-content sequence of an element: its id on a page."""

    page: int
    mcid: int
    page_ref: PDFObjectReference


@dataclass(eq=False)
class Annotated:
    """An annotation that belongs to an element (a link's clickable area)."""

    page: int
    position: int
    """Its place among the page's annotations."""
    page_ref: PDFObjectReference
    ref: PDFObjectReference


@dataclass(eq=False)
class Element:
    """A structure element: its type, its parent (None: the document) and what it says."""

    role: str
    parent: Element | None = None
    alt: str | None = None
    """Alternative text (a figure's)."""
    outline: tuple[int, str, str] | None = None
    """A heading's outline entry: level, text, bookmark key."""
    description: str | None = None
    """What a link's annotations say they do (their ``/Contents``)."""
    kids: list[Element | Marked | Annotated] = field(default_factory=list)
    placed: bool = False
    continuing: list[Element] = field(default_factory=list)
    """Inline elements still open where the element's last text stopped (a paragraph split
    across pages goes on inside its link)."""


def heading(level: int, text: str, key: str, parent: Element | None = None) -> Element:
    """A heading of outline ``level`` (0 is H1) that adds its outline entry when drawn."""
    return Element(f"H{level + 1}", parent, outline=(level, text, key))


def list_item(parent: Element) -> tuple[Element, Element]:
    """A list item of the list ``parent``: its label (bullet or number) and its body."""
    item = Element("LI", parent)
    return Element("Lbl", item), Element("LBody", item)


class Tagged:
    """Mixin (before the flowable class): the flowable's drawing is content of ``struct``.

    A flowable with no element draws as a paragraph of the element around it when
    ``fallback_role`` is set (so no text is ever left out of the tree), else as part of it.
    """

    struct: Element | None = None
    label: Element | None = None
    """A list item's label element: the paragraph's bullet is drawn as its content."""
    fallback_role: str | None = None
    artifact: bool = False
    """Drawn as an artifact, wherever it stands (see :func:`artifact`)."""

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        tagger = tagger_of(canvas)
        if tagger is None:
            super().drawOn(canvas, x, y, _sW)
            return
        if self.artifact:
            with tagger.artifact():
                super().drawOn(canvas, x, y, _sW)
            return
        if self.struct is None and self.fallback_role:
            self.struct = Element(self.fallback_role, tagger.current())
        with tagger.drawing(self.struct or tagger.current(), self.label):
            super().drawOn(canvas, x, y, _sW)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = super().split(availWidth, availHeight)
        for part in parts:
            if part is not self:
                part.struct, part.label, part.artifact = self.struct, self.label, self.artifact
        return parts


def tag(flowable: Flowable, element: Element | None, label: Element | None = None):
    """``flowable``, whose drawing is now content of ``element`` (a :class:`Tagged` one)."""
    flowable.struct, flowable.label = element, label
    return flowable


def artifact(flowable: Flowable) -> Flowable:
    """``flowable`` (a :class:`Tagged` one), drawn as an artifact even where it stands inside
    tagged drawing: a title repeated over what goes on on a new page, which a reader has
    heard once already."""
    flowable.artifact = True
    return flowable


def tagger_of(canvas: Canvas) -> Tagger | None:
    return getattr(canvas, "tagger", None)


@contextlib.contextmanager
def drawing(canvas: Canvas, element: Element) -> Iterator[None]:
    """What is drawn inside belongs to ``element`` (its own content, or its children's)."""
    tagger = tagger_of(canvas)
    with tagger.drawing(element) if tagger else contextlib.nullcontext():
        yield


@contextlib.contextmanager
def content(canvas: Canvas, element: Element) -> Iterator[None]:
    """What is drawn inside (outside text objects) is marked content of ``element``."""
    tagger = tagger_of(canvas)
    with tagger.content(element) if tagger else contextlib.nullcontext():
        yield


@contextlib.contextmanager
def text(canvas: Canvas, role: str = "P") -> Iterator[None]:
    """Text drawn straight on the canvas inside is a new element of ``role``."""
    tagger = tagger_of(canvas)
    with tagger.content(Element(role, tagger.current())) if tagger \
            else contextlib.nullcontext():
        yield


@contextlib.contextmanager
def figure(canvas: Canvas, alt: str, description: str) -> Iterator[None]:
    """A clickable picture: a ``/Link`` holding a ``/Figure`` with alternative text ``alt``;
    the link annotation made inside says ``description``."""
    tagger = tagger_of(canvas)
    if tagger is None:
        yield
        return
    link = Element("Link", tagger.current(), alt=alt, description=description)
    with tagger.content(Element("Figure", link, alt=alt)):
        yield


def begin_text(canvas: Canvas, text: PDFTextObject) -> None:
    """A paragraph's text object: its text is content of the element being drawn."""
    tagger = tagger_of(canvas)
    if tagger is not None:
        tagger.begin_text(text)


class Tagger:
    """The structure of one document as it is drawn: elements, marked content, annotations."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.root = Element("Document", placed=True)
        self.contexts: list[Element] = []
        self.depth = 0
        """How many tagged drawings are open (at 0, drawing is an artifact)."""
        self.marking = 0
        """How many marked-content sequences :meth:`content` has open."""
        self.page = 0
        self.marks: list[Element] = []
        """The element of each marked-content id on the current page."""
        self.parent_tree: dict[int, Element | list[Element]] = {}
        self.next_key = 0
        self.headings: list[tuple[int, str, int, str]] = []
        """(level, text, page from 1, key) of every heading drawn."""
        self.text: PDFTextObject | None = None
        self.inline: list[Element] = []
        self.pending_links: list[tuple[str, Element]] = []
        self.label: Element | None = None

    # where drawing goes ------------------------------------------------------------------
    def current(self) -> Element | None:
        return self.contexts[-1] if self.contexts else None

    @contextlib.contextmanager
    def drawing(self, element: Element | None, label: Element | None = None) -> Iterator[None]:
        self._leave_artifact()
        self.contexts.append(element)
        self.label = label
        try:
            yield
        finally:
            self.contexts.pop()
            self.label = None
            self._enter_artifact()

    @contextlib.contextmanager
    def content(self, element: Element) -> Iterator[None]:
        with self.drawing(element):
            internals.append_operators(self.canvas, self.begin_marked(element))
            self.marking += 1
            try:
                yield
            finally:
                self.marking -= 1
                internals.append_operators(self.canvas, "EMC")

    @contextlib.contextmanager
    def artifact(self) -> Iterator[None]:
        """What is drawn inside is an artifact, also within tagged drawing."""
        if self.marking or self.text is not None:
            raise RuntimeError("an artifact drawn inside marked content")
        depth, self.depth = self.depth, 0
        if depth:
            internals.append_operators(self.canvas, "/Artifact BMC")
        try:
            yield
        finally:
            if depth:
                internals.append_operators(self.canvas, "EMC")
            self.depth = depth

    def _leave_artifact(self) -> None:
        if self.depth == 0:
            internals.append_operators(self.canvas, "EMC")
        self.depth += 1

    def _enter_artifact(self) -> None:
        self.depth -= 1
        if self.depth == 0:
            internals.append_operators(self.canvas, "/Artifact BMC")

    def begin_marked(self, element: Element) -> str:
        """The operator that begins a new marked-content sequence of ``element``."""
        self.place(element)
        mcid = len(self.marks)
        self.marks.append(element)
        element.kids.append(Marked(self.page, mcid, internals.page_reference(self.canvas)))
        return f"/{element.role} <</MCID {mcid}>> BDC"

    def place(self, element: Element) -> None:
        """Put ``element`` (and its ancestors) into the tree, after what is there."""
        if element.placed:
            return
        parent = element.parent or self.root
        self.place(parent)
        parent.kids.append(element)
        element.placed = True
        if element.outline is not None:
            level, title, key = element.outline
            self.canvas.bookmarkPage(key)
            self.canvas.addOutlineEntry(title, key, level=level, closed=level > 0)
            self.headings.append((level, title, self.canvas.getPageNumber(), key))

    # a paragraph's text --------------------------------------------------------------------
    def begin_text(self, text: PDFTextObject) -> None:
        if self.depth == 0:  # the text of an artifact
            return
        element = self.current()
        self.text, self.inline = text, [element, *element.continuing]
        element.continuing = []
        internals.append_text_operators(text, self.begin_marked(self.inline[-1]))
        internals.on_link_segments(text, self.link_segment)

    def end_text(self, text: PDFTextObject) -> bool:
        """Close the marked content of a paragraph's text object; False for another one."""
        if text is not self.text:
            return False
        internals.append_text_operators(text, "EMC")
        self.inline[0].continuing = self.inline[1:]
        self.text = None
        return True

    def inline_mark(self, canvas: Canvas, kind: str, label: str) -> None:
        """An ``<onDraw>`` mark of the inline template: ``link <anchor>`` (the address, a
        space, the words), ``/link`` or ``/link <number>`` (the link's reference number
        follows), ``/number``."""
        word, _, rest = label.partition(" ")
        if word == "link":
            address, _, anchor = rest.partition(" ")
            link = Element("Link", self.inline[-1],
                           description=label_text("link_contents", text=anchor, address=address))
            self.inline.append(link)
            operators = f"EMC {self.begin_marked(link)}"
        elif word == "/link":
            self.inline.pop()
            operators = f"EMC {self.begin_marked(self.inline[-1])}"
            if rest:
                operators += f" /Span <</ActualText {pdf_text_string(' ' + rest)}>> BDC"
        elif word == "/number":
            operators = "EMC"
        else:
            raise ValueError(f"unknown inline mark {label!r}")
        internals.append_text_operators(self.text, operators)

    def link_segment(self, link: tuple[int, str] | str, what: str) -> None:
        """A paragraph's link starts on a line: the annotation made after it is this link's."""
        if what == "start":
            url = link[1] if isinstance(link, tuple) else link
            self.pending_links.append((url, self.inline[-1]))

    def unmarked_text(self) -> Element | None:
        """The element for text drawn outside a paragraph's own text object (a bullet), or
        None where no new marked content is needed (an artifact, or inside marked content)."""
        if self.depth == 0 or self.marking:
            return None
        label, self.label = self.label, None
        return label or self.current()

    # annotations ---------------------------------------------------------------------------
    def link_owner(self, url: str | None) -> Element:
        """The ``/Link`` element an annotation for ``url`` made now belongs to."""
        for index, (pending, element) in enumerate(self.pending_links):
            if pending == url:
                del self.pending_links[index]
                return element
        element = self.current()
        while element is not None and element.role != "Link":
            element = element.parent
        if element is None:
            raise ValueError(f"a link annotation ({url}) drawn outside any link element")
        return element

    def annotation_entries(self, owner: Element) -> dict[str, object]:
        """``/Contents``, ``/StructParent`` and the print flag for an annotation of ``owner``."""
        key = self.take_key()
        self.parent_tree[key] = owner
        return {"Contents": PDFString(owner.description or ""), "StructParent": key, "F": 4}

    def annotated(self, owner: Element) -> None:
        owner.kids.append(Annotated(self.page, internals.annotation_count(self.canvas) - 1,
                                    internals.page_reference(self.canvas),
                                    internals.last_annotation(self.canvas)))

    def take_key(self) -> int:
        key, self.next_key = self.next_key, self.next_key + 1
        return key

    # pages ---------------------------------------------------------------------------------
    def end_page(self) -> None:
        """Before a page is shown: its content is one artifact that tagged drawing breaks."""
        if self.depth or self.text is not None:
            raise RuntimeError("a page ended inside tagged drawing")
        internals.prepend_operators(self.canvas, "/Artifact BMC")
        internals.append_operators(self.canvas, "EMC")

    def page_shown(self) -> None:
        entries: dict[str, object] = {"Tabs": PDFName("S")}
        if self.marks:
            key = self.take_key()
            self.parent_tree[key] = self.marks
            entries["StructParents"] = key
        internals.set_last_page_entries(self.canvas, entries)
        self.page, self.marks, self.pending_links = self.page + 1, [], []


class TaggedCanvas(Canvas):
    """A canvas whose drawing is tagged and that writes the structure tree when saved."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.tagger = Tagger(self)
        self.document_info = DocumentInfo(title="", lang=kwargs.get("lang") or "")
        """What the file says of itself, given by ``metadata.set_canvas_info``: the XMP
        written with the structure says it too."""
        self.writes_structure = True
        """False for a part to be joined into another document: no tree in its file."""
        self.setNamedCB(INLINE_CALLBACK, self.tagger.inline_mark)

    def drawText(self, text: PDFTextObject) -> None:
        if self.tagger.end_text(text):
            super().drawText(text)
            return
        element = self.tagger.unmarked_text()
        if element is None:
            super().drawText(text)
            return
        internals.append_operators(self, self.tagger.begin_marked(element))
        super().drawText(text)
        internals.append_operators(self, "EMC")

    def linkURL(self, url, rect, relative=0, thickness=0, color=None,
                dashArray=None, kind="URI", **kw) -> None:
        owner = self.tagger.link_owner(url)
        super().linkURL(url, rect, relative, thickness, color, dashArray, kind,
                        **kw, **self.tagger.annotation_entries(owner))
        self.tagger.annotated(owner)

    def linkRect(self, contents, destinationname, Rect=None, addtopage=1,
                 name=None, relative=1, thickness=0, color=None, dashArray=None,
                 named=False, **kw) -> None:
        """A link to a bookmark of this document (its look: no border, whatever asked);
        ``named``: to a named destination of the document this one is joined into."""
        owner = self.tagger.link_owner(None)
        internals.add_internal_link(self, destinationname, Rect, relative,
                                    self.tagger.annotation_entries(owner), named)
        self.tagger.annotated(owner)

    def showPage(self) -> None:
        self.tagger.end_page()
        super().showPage()
        self.tagger.page_shown()

    def save(self) -> None:
        if internals.page_has_content(self):
            self.showPage()
        if self.writes_structure:
            write_structure(self, self.tagger, self.document_info)
        super().save()


def write_structure(canvas: Canvas, tagger: Tagger, info: DocumentInfo) -> None:
    """The structure tree and the document entries a tagged PDF needs."""
    elements = _in_order(tagger.root)
    refs = {id(e): PDFObjectReference(f"StructElem{index}")
            for index, e in enumerate(elements)}
    root_ref = PDFObjectReference("StructTreeRoot")
    for index, element in enumerate(elements):
        parent = refs[id(element.parent or tagger.root)] if element is not tagger.root \
            else root_ref
        internals.register_object(canvas, _element_object(element, parent, refs),
                                  f"StructElem{index}")
    nums: list[object] = []
    for key, value in sorted(tagger.parent_tree.items()):
        nums += [f" {key} "] + (["["] + [part for e in value for part in (refs[id(e)], " ")]
                                + ["]"] if isinstance(value, list) else [refs[id(value)]])
    tree = Formatted(["<< /Type /StructTreeRoot /K ", refs[id(tagger.root)],
                      " /ParentTree << /Nums [", *nums,
                      f"] >> /ParentTreeNextKey {tagger.next_key} >>"])
    canvas.setCatalogEntry("StructTreeRoot", internals.register_object(
        canvas, tree, "StructTreeRoot"))
    canvas.setCatalogEntry("MarkInfo", PDFDictionary({"Marked": "true"}))
    packet = document_xmp(info, tagged=True).encode("utf-8")
    canvas.setCatalogEntry("Metadata", XMP(creator=lambda doc: packet))
    canvas.setViewerPreference("DisplayDocTitle", "true")


class Formatted(PDFObject):
    """A PDF object written as it is given: text, with references and strings among it
    formatted when the file is (thousands of elements are far quicker written so than as
    ReportLab's dictionaries). Neighbouring texts are joined and encoded once, here."""

    def __init__(self, parts: list[object]) -> None:
        self.parts: list[bytes | PDFObject] = []
        texts: list[str] = []
        for part in parts:
            if isinstance(part, str):
                texts.append(part)
                continue
            if texts:
                self.parts.append("".join(texts).encode("ascii"))
                texts = []
            self.parts.append(part)
        if texts:
            self.parts.append("".join(texts).encode("ascii"))

    def format(self, document) -> bytes:
        return b"".join(
            part if isinstance(part, bytes)
            else internals.reference_bytes(document, part)
            if isinstance(part, PDFObjectReference) else part.format(document)
            for part in self.parts)


def _in_order(root: Element) -> list[Element]:
    """``root`` and its descendant elements, in reading order."""
    found, stack = [], [root]
    while stack:
        element = stack.pop()
        found.append(element)
        stack += reversed([kid for kid in element.kids if isinstance(kid, Element)])
    return found


def _element_object(element: Element, parent: PDFObjectReference,
                    refs: dict[int, PDFObjectReference]) -> Formatted:
    """A structure element dictionary: type, parent, kids (elements, marked-content ids of
    its page, references to marked content on other pages, annotations), page, alt."""
    marked = [kid for kid in element.kids if isinstance(kid, Marked)]
    page = marked[0].page if marked else None
    parts: list[object] = [f"<< /Type /StructElem /S /{element.role} /P ", parent, " /K ["]
    for kid in element.kids:
        if isinstance(kid, Element):
            parts += [" ", refs[id(kid)]]
        elif isinstance(kid, Marked) and kid.page == page:
            parts.append(f" {kid.mcid}")
        elif isinstance(kid, Marked):
            parts += [" << /Type /MCR /Pg ", kid.page_ref, f" /MCID {kid.mcid} >>"]
        else:
            parts += [" << /Type /OBJR /Obj ", kid.ref, " /Pg ", kid.page_ref, " >>"]
    parts.append(" ]")
    if marked:
        parts += [" /Pg ", marked[0].page_ref]
    if element.alt is not None:
        parts += [" /Alt ", PDFString(element.alt)]
    parts.append(" >>")
    return Formatted(parts)


def pdf_text_string(value: str) -> str:
    """``value`` as a PDF text string for a content stream (UTF-16 in hexadecimal)."""
    return "<" + ("\ufeff" + value).encode("utf-16-be").hex().upper() + ">"
