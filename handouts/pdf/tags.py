"""The structure tree (PDF/UA): marked content in the page streams while ReportLab draws, and the
tree, parent tree and page entries written into the same file: no second pass over the PDF."""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas

from . import _objstm, metadata

# PDFCatalog/PDFPage write only the keys listed in __NoDefault__; per-instance lists add ours.
_CATALOG_KEYS = [*pdfdoc.PDFCatalog.__NoDefault__, "OutputIntents"]
_PAGE_KEYS = [*pdfdoc.PDFPage.__NoDefault__, "StructParents", "Tabs"]
_TABS_STRUCTURE = PDFName("S")  # tab order follows the structure (PDF/UA 7.18.3)


class Element:
    """A structure element: a tag, its parent, and its kids (elements or marked content)."""

    __slots__ = ("alt", "kids", "lang", "parent", "ref", "tag")

    def __init__(self, tag: str, parent: Element | None = None, alt: str | None = None,
                 lang: str | None = None) -> None:
        self.tag = tag
        self.parent = parent
        self.alt = alt
        # Its language where it is not the document's (ISO 32000-1, 14.9.2): a screen reader
        # switches voice for it.
        self.lang = lang
        self.kids: list[Element | tuple[int, int]] = []  # (page number, MCID) for content
        self.ref: str | None = None
        if parent is not None:
            parent.kids.append(self)

    # Containers deep-copy flowables; an element must stay one element.
    def __deepcopy__(self, memo: Any) -> Element:
        return self

    def __copy__(self) -> Element:
        return self


class _Raw(pdfdoc.PDFObject):  # type: ignore[misc]
    """A pre-serialised object; str parts are internal names resolved to ``n 0 R`` when
    written. About five times cheaper to format than nested PDFDictionary objects."""

    def __init__(self) -> None:
        self.parts: list[bytes | str | Any] = []

    def format(self, document: Any) -> bytes:
        numbers = document.idToObjectNumberAndVersion
        out: list[bytes] = []
        for part in self.parts:
            if isinstance(part, bytes):
                out.append(part)
            elif isinstance(part, str):
                out.append(b" %d 0 R " % numbers[part][0])
            else:
                out.append(part.format(document))
        return b"".join(out)


class TaggedCanvas(Canvas):  # type: ignore[misc]
    """A canvas that marks what it draws as tagged content or as artifacts."""

    def __init__(self, *args: Any, root: Element, **kw: Any) -> None:
        kw["pdfVersion"] = (1, 7)
        with metadata.fixed_time():
            super().__init__(*args, **kw)
        _objstm.install(self._doc)
        self.root = root
        self._page_marks: list[Element] = []  # element of each MCID on the page being drawn
        self._parent_tree: list[list[Element]] = []  # per page with content: its marks
        self.finishers: list[Any] = []  # callbacks run just before the file is written

    def begin_tag(self, element: Element) -> None:
        mcid = len(self._page_marks)
        self._page_marks.append(element)
        element.kids.append((self._doc.pageCounter, mcid))
        self._code.append(f"/{element.tag} <</MCID {mcid}>> BDC")

    def begin_artifact(self, kind: str = "Pagination") -> None:
        self._code.append(f"/Artifact <</Type /{kind}>> BDC")

    def end_marked(self) -> None:
        self._code.append("EMC")

    def showPage(self) -> None:
        marks = self._page_marks
        super().showPage()
        page = self._doc.Pages.pages[-1]
        page.__NoDefault__ = _PAGE_KEYS
        page.Tabs = _TABS_STRUCTURE
        page.StructParents = None
        if marks:
            page.StructParents = len(self._parent_tree)
            self._parent_tree.append(marks)
        self._page_marks = []

    def save(self) -> None:
        if len(self._code):
            self.showPage()
        self._write_tree()
        for finish in self.finishers:
            finish(self)
        super().save()

    def _write_tree(self) -> None:
        doc = self._doc
        root = _Raw()
        root_name = doc.Reference(root).name
        top = self._element(self.root, root_name)
        parts = root.parts
        parts += [b"<</Type/StructTreeRoot/K ", top,
                  b"/ParentTreeNextKey %d/ParentTree<</Nums[" % len(self._parent_tree)]
        for key, marks in enumerate(self._parent_tree):
            parts.append(b"%d[" % key)
            parts += [element.ref for element in marks]
            parts.append(b"]")
        parts.append(b"]>>>>")
        catalog = doc.Catalog
        catalog.__NoDefault__ = _CATALOG_KEYS
        catalog.StructTreeRoot = root
        catalog.MarkInfo = PDFDictionary({"Marked": "true"})

    def _element(self, element: Element, parent: str) -> str:
        raw = _Raw()
        name: str = self._doc.Reference(raw).name
        element.ref = name
        kids: list[bytes | str] = []
        page = None
        for kid in element.kids:
            if isinstance(kid, Element):
                if _drawn(kid):
                    kids.append(self._element(kid, name))
                continue
            number, mcid = kid
            if page is None:
                page = number
            if number == page:
                kids.append(b"%d " % mcid)
            else:  # the rest of a paragraph split onto another page
                kids += [b"<</Type/MCR/Pg ", f"Page{number}", b"/MCID %d>>" % mcid]
        parts = raw.parts
        parts += [b"<</Type/StructElem/S/" + element.tag.encode("ascii") + b"/P ", parent]
        if page is not None:
            parts += [b"/Pg ", f"Page{page}"]
        if element.alt:
            parts += [b"/Alt ", PDFString(element.alt)]
        if element.lang:
            parts += [b"/Lang ", PDFString(element.lang)]
        parts += [b"/K[", *kids, b"]>>"]
        return name


def _drawn(element: Element) -> bool:
    """Whether any content of the element reached a page (empty elements are left out)."""
    return any(not isinstance(k, Element) or _drawn(k) for k in element.kids)


def tagged(canvas: Canvas, element: Element | None) -> bool:
    """Open marked content for ``element`` if the canvas tags; returns whether it did."""
    if element is None or not hasattr(canvas, "begin_tag"):
        return False
    canvas.begin_tag(element)
    return True


def artifact(canvas: Canvas, kind: str = "Pagination") -> bool:
    """Open an artifact (page furniture, decoration) if the canvas tags; returns whether it did."""
    if not hasattr(canvas, "begin_artifact"):
        return False
    canvas.begin_artifact(kind)
    return True
