"""An EU ePI (a FHIR ``document`` Bundle whose first entry is the Composition, R4 or R5, in
JSON or XML) → a ``Label``: the product's names from its MedicinalProductDefinition (or the
Composition's title), the language from the document, and the package leaflet's sections,
mapped by their SPOR code or their QRD number; each section's XHTML read like SPL text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

from . import _xml
from .label import Label, Piece, Skipped

XHTML = "{http://www.w3.org/1999/xhtml}"
# SPOR RMS list 200000029659 ("ePI section"): the QRD package leaflet's headings as codes.
# Sub-section codes follow their section's.
_SPOR = {"200000029895": "1", **{f"2000000298{n}": "2" for n in range(96, 100)},
         **{f"200000029{n}": "2" for n in range(900, 905)},
         **{f"200000029{n}": "3" for n in range(905, 910)},
         **{f"200000029{n}": "4" for n in range(910, 913)}, "200000029913": "5",
         **{f"200000029{n}": "6" for n in range(914, 921)}}
_NUMBER = re.compile(r"^\s*([1-6])\.\s")
_BLOCK = {"p", "div", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "caption"}
_BOLD = {"b", "strong"}


class NotAPatientLabel(Exception):
    """The Bundle holds no package leaflet to import; the message says why."""


def is_bundle(root: ET.Element) -> bool:
    return root.tag == "{http://hl7.org/fhir}Bundle"


def read_xml(root: ET.Element) -> Label:
    """The label of an ePI Bundle in FHIR's XML form, read as its JSON form would be."""
    return read_json({"resourceType": "Bundle", **_as_json(root)})


FHIR = "{http://hl7.org/fhir}"
# The elements read here that FHIR repeats (a JSON array even when there is one).
_REPEATED = {"entry", "section", "coding", "name", "part", "identifier"}


def _as_json(element: ET.Element) -> Any:
    """FHIR XML → the JSON form's data, as far as this module reads it: a primitive's value
    attribute, a resource under its type's element, the narrative's XHTML as a string."""
    if not len(element) and "value" in element.attrib:
        return element.get("value")
    out: dict[str, Any] = {}
    for child in element:
        name = child.tag.removeprefix(FHIR).removeprefix(XHTML)
        if child.tag == f"{XHTML}div":
            value: Any = ET.tostring(child, encoding="unicode")
        elif name == "resource" and len(child):
            resource = child[0]
            value = {"resourceType": resource.tag.removeprefix(FHIR), **_as_json(resource)}
        else:
            value = _as_json(child)
        if name in _REPEATED:
            out.setdefault(name, []).append(value)
        else:
            out[name] = value
    return out


def read_json(document: Any) -> Label:
    """The label of an ePI Bundle; raises ``NotAPatientLabel``."""
    if not isinstance(document, dict) or document.get("resourceType") != "Bundle":
        raise NotAPatientLabel("not a label: expected an SPL document (HL7 v3) or an ePI FHIR "
                               "Bundle, found JSON that is not a FHIR Bundle")
    resources: list[dict[str, Any]] = [
        e["resource"] for e in document.get("entry") or []
        if isinstance(e, dict) and isinstance(e.get("resource"), dict)]
    composition = next((r for r in resources if r.get("resourceType") == "Composition"), None)
    if composition is None:
        raise NotAPatientLabel("a FHIR Bundle with no Composition: it holds no document to "
                               "import")
    sections = composition.get("section") or []
    if not sections:
        raise NotAPatientLabel("the Composition has no sections: no package leaflet to import")
    pieces: list[Piece] = []
    skipped: list[Skipped] = []
    for number, section in enumerate(sections, 1):
        _section(section, f"section {number}", None, pieces, skipped)
    name, brands, named = _names(resources, composition)
    if not named:
        skipped.append(Skipped("name", f"no generic name in the Bundle: the product's name "
                               f"{name!r} is the draft's name; give the generic name"))
    language = str(composition.get("language") or document.get("language") or "")
    identifier = composition.get("identifier") or document.get("identifier") or {}
    if isinstance(identifier, list):
        identifier = identifier[0] if identifier else {}
    provenance = (("Bundle id", str(document.get("id") or "")),
                  ("document id", f"{identifier.get('system', '')}|{identifier.get('value', '')}"
                   if identifier else ""),
                  ("version", str(composition.get("version") or "")),
                  ("date", str(composition.get("date") or document.get("timestamp") or "")),
                  ("title", str(composition.get("title") or "")))
    codes = sorted({_code(s) for s in _all(sections) if _code(s)})
    return Label("EU ePI (FHIR Bundle)", name, brands, language or "en",
                 tuple((k, v) for k, v in provenance if v),
                 tuple(f"{c} ePI section" for c in codes), tuple(pieces), tuple(skipped))


def _all(sections: list[Any]) -> list[dict[str, Any]]:
    out = []
    for s in sections:
        if isinstance(s, dict):
            out += [s, *_all(s.get("section") or [])]
    return out


def _code(section: dict[str, Any]) -> str:
    codings = (section.get("code") or {}).get("coding") or [{}]
    return str(codings[0].get("code") or "")


def _names(resources: list[dict[str, Any]],
           composition: dict[str, Any]) -> tuple[str, tuple[str, ...], bool]:
    """The generic name (the active ingredient's), the brand names (each product's invented
    name, else its full name), and whether a generic name was found."""
    actives = [str(coding.get("display")) for r in resources
               if r.get("resourceType") == "Ingredient"
               and any(c.get("display") == "active"
                       for c in (r.get("role") or {}).get("coding") or [])
               for coding in ((r.get("substance") or {}).get("code") or {}).get(
                   "concept", {}).get("coding") or [] if coding.get("display")]
    products = []
    for r in resources:
        if r.get("resourceType") != "MedicinalProductDefinition":
            continue
        for name in r.get("name") or []:
            invented = [str(p.get("part")) for p in name.get("part") or []
                        if any(c.get("code") == _INVENTED
                               for c in (p.get("type") or {}).get("coding") or [])]
            products += invented or ([str(name["productName"])] if name.get("productName")
                                     else [])
    products = list(dict.fromkeys(products))
    if actives:
        return " and ".join(dict.fromkeys(actives)), tuple(products), True
    name = products[0] if products else str(composition.get("title") or "")
    return name, tuple(products[1:]), False


_INVENTED = "220000000002"  # SPOR list 220000000000, "Invented name part"


def _section(section: Any, where: str, parent: str | None, pieces: list[Piece],
             skipped: list[Skipped]) -> None:
    """A section's title as a heading that starts its key (by code, else by QRD number, else
    its parent's), then its text, then its sub-sections."""
    if not isinstance(section, dict):
        return
    title = " ".join(str(section.get("title") or "").split())
    number = _SPOR.get(_code(section)) or (m.group(1) if (m := _NUMBER.match(title)) else "")
    number = number or parent or ""
    pieces.append(Piece("heading", (title or "(untitled section)",), f"{where} title",
                        number or "0"))
    div = (section.get("text") or {}).get("div")
    if isinstance(div, str) and div.strip():
        _div(div, f"{where} text", title, pieces, skipped)
    for n, sub in enumerate(section.get("section") or [], 1):
        _section(sub, f"{where}.{n}", number or None, pieces, skipped)


def _div(div: str, where: str, title: str, pieces: list[Piece], skipped: list[Skipped]) -> None:
    try:
        root = _xml.parse(div.encode("utf-8"))
    except _xml.XMLFault as e:
        text = " ".join(re.sub(r"<[^>]*>", " ", div).split())
        pieces.append(Piece("paragraph", (text,), where))
        skipped.append(Skipped(where, f"its XHTML cannot be read ({e}): its text is kept as "
                               "one paragraph, without its markup"))
        return
    _blocks(root, where, title, pieces, skipped)


def _blocks(element: ET.Element, where: str, title: str, pieces: list[Piece],
            skipped: list[Skipped]) -> None:
    """Block elements in order; running text between them as paragraphs; a list's items as a
    list; a run of bold alone as a sub-heading; a heading repeating the title is left out."""
    loose: list[str] = []

    def flush() -> None:
        text = " ".join("".join(loose).split())
        loose.clear()
        if text:
            pieces.append(Piece("paragraph", (text,), where))

    loose.append(element.text or "")
    for n, child in enumerate(element, 1):
        tag = child.tag.removeprefix(XHTML)
        at = f"{where}/{tag}[{n}]"
        if tag in ("ul", "ol"):
            flush()
            items = tuple(_items(child))
            if items:
                pieces.append(Piece("list", items, at))
        elif tag == "table":
            flush()
            _table(child, at, title, pieces, skipped)
        elif tag == "img":
            skipped.append(Skipped(at, "image: not imported (a leaflet prints words only)",
                                   child.get("alt", "")))
        elif tag in _BLOCK and any(c.tag.removeprefix(XHTML) in _BLOCK | {"ul", "ol", "table"}
                                   for c in child):
            flush()
            _blocks(child, at, title, pieces, skipped)
        elif tag in _BLOCK or (tag in _BOLD and not "".join(loose).strip()):
            flush()
            text = _text(child)
            if text and text == " ".join(title.split()) and tag.startswith("h"):
                skipped.append(Skipped(at, "heading repeating the section's title", text))
            elif text:
                heading = tag.startswith("h") or tag in _BOLD or _all_bold(child)
                pieces.append(Piece("heading" if heading else "paragraph", (text,), at))
        elif tag == "br":
            loose.append(" ")
        else:
            loose.append(_text(child))
        loose.append(child.tail or "")
    flush()


def _items(element: ET.Element) -> list[str]:
    """A list's items; the blocks inside an item follow its text, each as items of their own."""
    return [text for li in element for text in _item(li)]


def _item(li: ET.Element) -> list[str]:
    """An item's text, with a nested list's items, a paragraph (or div) or each cell of a table
    as items of their own where they stand: read as one text, "<b>Patients with high blood
    pressure</b><p>The usual dose..." ran together."""
    out: list[str] = []
    own = ET.Element("x")
    own.text = li.text
    for child in li:
        tag = child.tag.removeprefix(XHTML)
        if tag not in _BLOCK | {"ul", "ol", "table"}:
            own.append(child)
            continue
        out += [_text(own)] if _text(own) else []
        own = ET.Element("x")
        own.text = child.tail
        if tag in ("ul", "ol"):
            out += _items(child)
        elif tag == "table":
            out += [text.removeprefix("\u2022 ") for cell in child.iter()
                    if cell.tag in (f"{XHTML}td", f"{XHTML}th") for text in _item(cell)]
        else:
            out += _item(child)
    return out + ([_text(own)] if _text(own) else [])


def _table(table: ET.Element, where: str, title: str, pieces: list[Piece],
           skipped: list[Skipped]) -> None:
    for r, row in enumerate(table.iter(f"{XHTML}tr"), 1):
        cells = [_text(c) for c in row if c.tag in (f"{XHTML}td", f"{XHTML}th")]
        cells = [c for c in cells if c]
        if cells:
            pieces.append(Piece("paragraph", (" | ".join(cells),), f"{where} row {r}"))
    skipped.append(Skipped(where, "table flattened: each row is one paragraph, its cells "
                           "separated by ' | '"))


def _all_bold(element: ET.Element) -> bool:
    bold = " ".join(_text(c) for c in element.iter() if c.tag.removeprefix(XHTML) in _BOLD)
    return bool(bold) and " ".join(bold.split()) == _text(element)


def _text(element: ET.Element) -> str:
    return " ".join("".join(_itertext(element)).split())


def _itertext(element: ET.Element) -> Iterator[str]:
    if element.text:
        yield element.text
    for child in element:
        tag = child.tag.removeprefix(XHTML)
        yield " " if tag in _BLOCK or tag == "br" else ""
        yield from _itertext(child)
        yield " " if tag in _BLOCK else ""
        if child.tail:
            yield child.tail
