"""Import labels into draft monographs: one library call for ``handouts import``. Each file is
read, detected from its content (SPL XML or an ePI Bundle), mapped, validated as a draft and
written beside the others; a file that fails is reported with its reason and nothing is written
for it, and the others go on."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..check import readability
from ..errors import Collector, HandoutsError, InputError, Source
from ..pdf.write import write_new
from ..source import load, validate
from ..source._files import FileProblem, read_regular
from ..source.checker import Fit
from ..source.fields import FIELDS
from ..source.template import file_name
from . import _xml, epi, spl
from .draft import draft_text
from .label import NOTES, Draft, Label, Skipped, mapped, unnamed


class LabelError(HandoutsError):
    """A label cannot be imported; the message names the file and says why."""


@dataclass(frozen=True)
class Imported:
    """One file's outcome: the draft written and what the report says of it, or the error."""

    path: str
    draft: Path | None = None
    keys: tuple[tuple[str, int], ...] = ()  # key → paragraphs and lists imported into it
    skipped: tuple[Skipped, ...] = ()
    problems: tuple[str, ...] = ()  # what check will say of the draft before a person edits it
    grades: tuple[tuple[str, float], ...] = ()  # key → reading grade (English only)
    warnings: tuple[str, ...] = ()  # what a reviewer must look into (another product's text?)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def report(self) -> list[str]:
        """What was imported into each key (with its reading grade), what was not and why,
        and what check will say; no lines for a file that failed (its error says it all)."""
        if self.error is not None:
            return []
        grades = dict(self.grades)
        lines = [f"{self.path}: imported into {self.draft}"]
        lines += [f"  {key}: {count} block{'s' if count != 1 else ''}"
                  + (f", reads at grade {grades[key]:g}" if key in grades else "")
                  for key, count in self.keys]
        lines += [f"  not imported: {s.where}: {s.reason}" + (f": {s.text}" if s.text else "")
                  for s in self.skipped]
        lines += [f"  warning: {w}" for w in self.warnings]
        lines += [f"  to do before check accepts it: {p}" for p in self.problems]
        return lines


def import_files(out_dir: Path, paths: Sequence[Path], fit: Fit) -> list[Imported]:
    """Import each label of ``paths`` into ``out_dir``; never raises for one file."""
    outcomes = []
    for path in paths:
        try:
            outcomes.append(import_label(path, out_dir, fit))
        except LabelError as e:
            outcomes.append(Imported(str(path), error=str(e)))
    return outcomes


def import_label(path: Path, out_dir: Path, fit: Fit) -> Imported:
    """Import one label; raises ``LabelError`` (nothing written) if it cannot be."""
    label = read_label(path)
    draft = mapped(label)
    text = draft_text(draft)
    problems, grades = _checked(text, path, fit)
    target = out_dir / _draft_name(label)
    try:
        write_new(target, text.encode("utf-8"))
    except FileExistsError:
        raise LabelError(f"{path}: {target} exists; it was left as it is (a reviewed "
                         "monograph is never overwritten: move it, or import elsewhere)") from None
    except OSError as e:
        raise LabelError(f"{path}: cannot write {target}: {e.strerror or e}") from None
    warning = unnamed(label)
    return Imported(str(path), target, _counts(draft), label.skipped, problems, grades,
                    (warning,) if warning else ())


def read_label(path: Path) -> Label:
    """The label in ``path``, whatever its name says; raises ``LabelError``."""
    try:
        data = read_regular(path, _xml.MAX_BYTES)
    except FileProblem as e:
        detail = (f"{e.size:,} bytes, more than the {_xml.MAX_BYTES:,} a label may have"
                  if e.reason == "too big" else e.detail or e.reason)
        raise LabelError(f"{path}: cannot read it: {detail}") from None
    try:
        if data.lstrip()[:1] in (b"{", b"["):
            return epi.read_json(_json(data))
        root = _xml.parse(data)
        if spl.is_spl(root):
            return spl.read(root)
        if epi.is_bundle(root):
            return epi.read_xml(root)
        raise LabelError(f"{path}: not a label: expected an SPL document (HL7 v3) or an ePI "
                         f"FHIR Bundle, found the XML element {_tag(root)!r}")
    except (_xml.XMLFault, spl.NotAPatientLabel, epi.NotAPatientLabel) as e:
        raise LabelError(f"{path}: {e}") from None
    except RecursionError:  # JSON, XML or sections nested thousands deep: made to crash us
        raise LabelError(f"{path}: nested too deeply to be a label; refused") from None


def _json(data: bytes) -> object:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise epi.NotAPatientLabel(f"not valid JSON ({e})") from None


def _tag(root: ET.Element) -> str:
    return root.tag.rpartition("}")[2]


def _draft_name(label: Label) -> str:
    """``atorvastatin-calcium.yaml``; another language's draft ``irbesartan.es.yaml``."""
    stem = file_name(label.name).removesuffix(".yaml") or "imported"
    tag = label.language.lower()
    return f"{stem}.yaml" if tag in ("en", "en-us") else f"{stem}.{tag}.yaml"


def _counts(draft: Draft) -> tuple[tuple[str, int], ...]:
    """Blocks per key, in the draft's order: the format's, notes last."""
    order = [f.key for f in FIELDS if f.key != NOTES] + [NOTES]
    return tuple(sorted(((key, len(pieces)) for key, pieces in draft.keys),
                        key=lambda kv: order.index(kv[0])))


Grades = tuple[tuple[str, float], ...]


def _checked(text: str, path: Path, fit: Fit) -> tuple[tuple[str, ...], Grades]:
    """What validation says of the draft, as written; its reading grades if it is valid."""
    source = Source(f"{path.stem} draft", text)
    problems = Collector(source.path)
    try:
        monograph = validate.monograph(load.load(source, problems), source, problems, fit)
    except InputError as e:
        return tuple(f"{p.key}: {p.message}" if p.key else p.message for p in e.problems), ()
    measured = readability.measure(monograph)
    return (), tuple((f.key, round(f.grade, 1)) for f in measured.sections)
