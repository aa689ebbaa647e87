"""An FDA SPL document (HL7 v3 XML, namespace urn:hl7-org:v3) → a ``Label``: the product's
names, and the patient sections (Medication Guide, Patient Package Insert, Instructions for
Use) as headings, paragraphs and lists; images and flattened tables are reported."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from .label import Label, Piece, Skipped

NS = "urn:hl7-org:v3"
_V3 = f"{{{NS}}}"
# LOINC codes of the patient sections (FDA SPL section codes).
PATIENT = {"42231-1": "Medication Guide", "42230-3": "Patient Package Insert",
           "59845-8": "Instructions for Use"}
OTC = "34390-5"  # HUMAN OTC DRUG LABEL: Drug Facts, for the package, not a patient leaflet
_BOLD = re.compile(r"\bbold\b", re.IGNORECASE)


class NotAPatientLabel(Exception):
    """The document holds no patient text to import; the message says why."""


def is_spl(root: ET.Element) -> bool:
    return root.tag == f"{_V3}document"


def read(root: ET.Element) -> Label:
    """The label of an SPL document; raises ``NotAPatientLabel``."""
    code = _attr(root.find(f"{_V3}code"), "code")
    sections = [s for s in _patient_sections(root)]
    if not sections:
        if code == OTC:
            raise NotAPatientLabel(
                f"an OTC \"Drug Facts\" label (document code {OTC}): it has no patient "
                "leaflet (Medication Guide or Patient Package Insert) to import")
        raise NotAPatientLabel("no patient section (LOINC 42231-1 Medication Guide, 42230-3 "
                               "Patient Package Insert or 59845-8 Instructions for Use)")
    pieces: list[Piece] = []
    skipped: list[Skipped] = []
    # An image is shown where the text says and may be defined in another section.
    media = {m.get("ID", ""): m for m in root.iter(f"{_V3}observationMedia")}
    for number, section in enumerate(sections, 1):
        _section(section, f"section {number}", pieces, skipped, media)
    generic, brands = _names(root)
    language = _attr(root.find(f"{_V3}languageCode"), "code") or "en"
    provenance = (("document id", _attr(root.find(f"{_V3}id"), "root")),
                  ("setId", _attr(root.find(f"{_V3}setId"), "root")),
                  ("version", _attr(root.find(f"{_V3}versionNumber"), "value")),
                  ("effective date", _date(_attr(root.find(f"{_V3}effectiveTime"), "value"))),
                  ("document code", code))
    return Label("FDA SPL", generic, brands, language,
                 tuple((k, v) for k, v in provenance if v),
                 tuple(f"{_attr(s.find(f'{_V3}code'), 'code')} "
                       f"{PATIENT[_attr(s.find(f'{_V3}code'), 'code')]}" for s in sections),
                 tuple(pieces), tuple(skipped))


def _patient_sections(root: ET.Element) -> Iterator[ET.Element]:
    """The patient sections, outermost only (an IFU inside a Medication Guide is read with it)."""
    def walk(element: ET.Element) -> Iterator[ET.Element]:
        for child in element:
            if child.tag == f"{_V3}section" and \
                    _attr(child.find(f"{_V3}code"), "code") in PATIENT:
                yield child
            else:
                yield from walk(child)
    return walk(root)


def _names(root: ET.Element) -> tuple[str, tuple[str, ...]]:
    generic, brands, seen = "", [], set()
    for product in root.iter(f"{_V3}manufacturedProduct"):
        name = _text(product.find(f"{_V3}name"))
        medicine = _text(product.find(f"{_V3}asEntityWithGeneric/{_V3}genericMedicine/"
                                      f"{_V3}name"))
        generic = generic or medicine
        if name and name.lower() not in seen:
            seen.add(name.lower())
            brands.append(name)
    brands = [b for b in brands if b.lower() != generic.lower()]
    return generic, tuple(brands)


def _section(section: ET.Element, where: str, pieces: list[Piece], skipped: list[Skipped],
             media: dict[str, ET.Element]) -> None:
    title = _text(section.find(f"{_V3}title"))
    if title:
        pieces.append(Piece("heading", (title,), f"{where} title"))
    text = section.find(f"{_V3}text")
    if text is not None:
        _blocks(text, where, pieces, skipped)
    # Each image the text shows and each the section holds, with its alternative text: a
    # leaflet prints words only, so the report names them (an IFU's pictures of each step).
    own = [m.get("ID", "") for m in section.iterfind(f"{_V3}component/{_V3}observationMedia")]
    shown = [r.get("referencedObject", "") for r in
             (text.iter(f"{_V3}renderMultiMedia") if text is not None else ())]
    for ref in dict.fromkeys([*shown, *own]):
        found = media.get(ref)
        file = _attr(None if found is None else found.find(f"{_V3}value/{_V3}reference"),
                     "value")
        skipped.append(Skipped(f"{ref} ({file})" if file else ref or where,
                               "image: not imported (a leaflet prints words only)",
                               "" if found is None else _text(found.find(f"{_V3}text"))))
    for number, sub in enumerate(section.iterfind(f"{_V3}component/{_V3}section"), 1):
        _section(sub, f"{where}.{number}", pieces, skipped, media)


def _blocks(parent: ET.Element, where: str, pieces: list[Piece],
            skipped: list[Skipped]) -> None:
    """Each child of a text (or table cell) as a piece, in order; loose text as a paragraph."""
    loose = _own(parent.text)
    counts: dict[str, int] = {}
    for child in parent:
        tag = child.tag.removeprefix(_V3)
        counts[tag] = counts.get(tag, 0) + 1
        at = child.get("ID") or f"{where}/{tag}[{counts[tag]}]"
        if tag == "paragraph":
            _flush(loose, where, pieces)
            loose = ""
            text = _text(child)
            if text:
                pieces.append(Piece("heading" if _all_bold(child) else "paragraph", (text,), at))
        elif tag == "list":
            _flush(loose, where, pieces)
            loose = ""
            items = tuple(_items(child))
            if items:
                pieces.append(Piece("list", items, at))
        elif tag == "table":
            _flush(loose, where, pieces)
            loose = ""
            _table(child, at, pieces, skipped)
        elif tag in ("br", "col", "colgroup", "renderMultiMedia"):
            pass
        else:  # content, sup, a caption...: running text
            loose += " " + _text(child)
        loose += " " + _own(child.tail)
    _flush(loose, where, pieces)


def _flush(loose: str, where: str, pieces: list[Piece]) -> None:
    text = " ".join(loose.split())
    if text:
        pieces.append(Piece("paragraph", (text,), where))


def _items(element: ET.Element) -> Iterator[str]:
    """A list's items; the blocks inside an item follow its text, each as items of their own."""
    for item in element.iterfind(f"{_V3}item"):
        yield from _item(item)


def _item(item: ET.Element) -> Iterator[str]:
    """An item's text, with a nested list's items, a paragraph, or each cell of a table (a list
    laid out in columns) as items of their own where they stand: read as one text, a paragraph
    ran into its bold lead and a table of symptoms became one line."""
    own = ET.Element("x")
    own.text = item.text
    for child in item:
        tag = child.tag.removeprefix(_V3)
        if tag not in ("list", "paragraph", "table"):
            own.append(child)
            continue
        yield from _own_text(own)
        own = ET.Element("x")
        own.text = child.tail
        if tag == "list":
            yield from _items(child)
        elif tag == "paragraph":
            yield from _item(child)
        else:
            for cell in child.iter():
                if cell.tag in (f"{_V3}td", f"{_V3}th"):
                    yield from (text.removeprefix("\u2022 ") for text in _item(cell))
    yield from _own_text(own)


def _own_text(own: ET.Element) -> Iterator[str]:
    text = _text(own)
    if text:
        yield text


def _table(table: ET.Element, where: str, pieces: list[Piece], skipped: list[Skipped]) -> None:
    """Each cell in reading order: a cell holding paragraphs or lists keeps them (a leaflet laid
    out in one table); a row of several plain cells is one paragraph, reported as flattened."""
    caption = _text(table.find(f"{_V3}caption"))
    if caption:
        pieces.append(Piece("heading", (caption,), f"{where} caption"))
    for r, row in enumerate(table.iter(f"{_V3}tr"), 1):
        cells = [c for c in row if c.tag in (f"{_V3}td", f"{_V3}th")]
        plain = [c for c in cells if not any(k.tag in (f"{_V3}paragraph", f"{_V3}list",
                                                       f"{_V3}table") for k in c)]
        if len(cells) > 1 and len(plain) == len(cells):
            texts = [t for t in map(_text, cells) if t]
            if texts:
                pieces.append(Piece("paragraph", (" | ".join(texts),), f"{where} row {r}"))
                if len(texts) > 1:
                    skipped.append(Skipped(f"{where} row {r}", "table flattened: its cells "
                                           "are one paragraph, separated by ' | '"))
            continue
        for c, cell in enumerate(cells, 1):
            if cell in plain:
                text = _text(cell)
                if text:
                    pieces.append(Piece("heading" if _all_bold(cell) else "paragraph", (text,),
                                        f"{where} row {r} cell {c}"))
            else:
                _blocks(cell, f"{where} row {r} cell {c}", pieces, skipped)


def _all_bold(element: ET.Element) -> bool:
    """A paragraph (or cell) whose every word is bold: a heading."""
    bold = " ".join(_text(c) for c in element.iter(f"{_V3}content")
                    if _BOLD.search(c.get("styleCode", "")))
    return bool(bold) and " ".join(bold.split()) == _text(element)


def _text(element: ET.Element | None) -> str:
    """Every word of ``element``, a line break as a space, on one line."""
    if element is None:
        return ""
    return " ".join("".join(_itertext(element)).split())


def _itertext(element: ET.Element) -> Iterator[str]:
    if element.text:
        yield element.text
    for child in element:
        if child.tag == f"{_V3}br":
            yield " "
        elif child.tag != f"{_V3}renderMultiMedia":
            yield from _itertext(child)
        if child.tail:
            yield child.tail


def _own(text: str | None) -> str:
    return " ".join((text or "").split())


def _attr(element: ET.Element | None, name: str) -> str:
    return "" if element is None else element.get(name, "")


def _date(value: str) -> str:
    """An HL7 TS (YYYYMMDD...) as YYYY-MM-DD."""
    return f"{value[:4]}-{value[4:6]}-{value[6:8]}" if re.fullmatch(r"\d{8}.*", value) \
        else value
