"""An EU ePI FHIR Bundle (a document Bundle whose first entry is the Composition) → a
``Label``. Not yet read."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .label import Label


class NotAPatientLabel(Exception):
    """The Bundle holds no package leaflet to import; the message says why."""


def is_bundle(root: ET.Element) -> bool:
    return root.tag == "{http://hl7.org/fhir}Bundle"


def read_json(document: object) -> Label:
    raise NotAPatientLabel("an ePI FHIR Bundle: handouts cannot import these yet")


def read_xml(root: ET.Element) -> Label:
    raise NotAPatientLabel("an ePI FHIR Bundle in XML: handouts cannot import these yet")
