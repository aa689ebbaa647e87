"""A leaflet's structure tree as the tests read it: its elements in order, the text marked for
each, and the languages they are tagged with."""

from __future__ import annotations

from pathlib import Path

import pikepdf

from conftest import to_unicode


def structure(pdf: pikepdf.Pdf) -> list[tuple[str, str]]:
    """(tag, element) of each structure element in tree order."""
    out = []

    def walk(element: pikepdf.Dictionary) -> None:
        kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
        out.append((str(element.S)[1:], element))
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                walk(kid)

    walk(pdf.Root.StructTreeRoot.K)
    return out


def marked_text(pdf: pikepdf.Pdf) -> dict[tuple[tuple[int, int], int], str]:
    """The text inside each page's marked-content sequence, by (page, MCID)."""
    out: dict[tuple[tuple[int, int], int], str] = {}
    for page in pdf.pages:
        fonts = {name: to_unicode(font) for name, font in page.Resources.Font.items()}
        font: dict[int, str] = {}
        stack: list[int | None] = []
        for operands, op in pikepdf.parse_content_stream(page):
            name = str(op)
            if name in ("BDC", "BMC"):
                mcid = int(operands[1].MCID) if name == "BDC" and "/MCID" in operands[1] else None
                stack.append(mcid)
                if mcid is not None:
                    out[(page.objgen, mcid)] = ""
            elif name == "EMC":
                stack.pop()
            elif name == "Tf":
                font = fonts[str(operands[0])]
            elif name in ("Tj", "TJ") and stack and stack[-1] is not None:
                strings = operands[0] if name == "TJ" else [operands[0]]
                text = "".join(font[b] for s in strings if isinstance(s, pikepdf.String)
                               for b in bytes(s))
                out[(page.objgen, stack[-1])] += text
    return out


def element_text(element: pikepdf.Dictionary, marked: dict) -> str:
    kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
    text = ""
    for kid in kids:
        if isinstance(kid, int):
            text += marked[(element.Pg.objgen, kid)]
        elif kid.get("/Type") == "/MCR":
            text += marked[(kid.Pg.objgen, int(kid.MCID))]
        else:
            text += element_text(kid, marked)
    return text


def tagged_languages(pdf: Path) -> list[tuple[str, str, str]]:
    """Each structure element that has a /Lang of its own: (tag, language, its text)."""
    with pikepdf.open(pdf) as doc:
        marked = marked_text(doc)
        return [(tag, str(e.Lang), " ".join(element_text(e, marked).split()))
                for tag, e in structure(doc)[1:] if "/Lang" in e]
