"""Importing official labelling: a US label's SPL document (HL7 v3 XML) or an EU ePI FHIR
Bundle (JSON) → a draft monograph (``status: draft``) and a report of what was imported, what
was not and why. A pipeline stage above the checks: it reads labels with a hardened XML
parser, maps each patient section to a monograph key by its code or heading, writes the draft
as YAML that ``source`` validates, and never writes a draft a build would print for patients.
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
