"""Importing official labelling: a US label's SPL document (HL7 v3 XML) or an EU ePI FHIR
Bundle (JSON or XML) → a draft monograph (``status: draft``) and a report of what was
imported, what was not and why. It reads labels with a hardened XML parser (``_xml``), maps
each patient section to a monograph key by its code or heading (``label``), writes the draft
as YAML (``draft``) and validates it as ``source`` does. Its layer is above ``check`` because the
report gives each key's reading grade (``check.readability``); nothing below imports it. A
draft is never a leaflet: ``build`` refuses ``status: draft`` unless asked for a proof.
"""

from .label import Draft, Label, Skipped
from .run import Imported, LabelError, import_files, import_label

__all__ = [
           "Draft",
           "Imported",
           "Label",
           "LabelError",
           "Skipped",
           "import_files",
           "import_label",
]
