"""One leaflet for the page, made in a worker process so that a slow leaflet does not stall
the page for others: the PDF exactly as ``handouts build`` makes it for the same choices, and
a PNG of each page. A patient's details reach the worker through a pipe, never a file."""

from __future__ import annotations

import dataclasses
import functools
import io
import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..build import monograph_and_warnings, read_brand, render_leaflet
from ..errors import HandoutsError, InputError
from ..source import load
from ..source import options as typed
from ..source.model import Brand, Options
from ..source.options import OptionError

PREVIEW_SCALE = 0.9  # of 72 dpi: an A4 page 536 px wide, the width of the preview column

# The form's words for the options that options.patient names in its messages.
FIELDS = {"--for": "Patient's name", "--prescriber": "Prescriber",
          "--start-date": "Start date", "--clinic-phone": "Clinic phone"}


@dataclass(frozen=True)
class Choice:
    """What the form asks for: a monograph file, how to print it, and a patient's copy."""

    path: Path
    brand_file: Path | None
    paper: str = "a4"
    large_print: bool = False
    name: str | None = None
    prescriber: str | None = None
    start_date: str | None = None
    clinic_phone: str | None = None

    def __repr__(self) -> str:  # a traceback or a log line never shows a patient's details
        return f"Choice({self.path.name!r}, {self.paper!r}, large_print={self.large_print})"


@dataclass(frozen=True)
class Rendered:
    """A leaflet (its PDF and, when asked, its pages as PNG), or why there is none: the
    monograph's problems (``file:line:col: key: message``) or a field's refusal."""

    pdf: bytes = b""
    pages: tuple[bytes, ...] = ()
    title: str = ""  # the monograph's generic name and language, for a FHIR resource
    language: str = ""
    problems: tuple[str, ...] = ()
    refusal: str = ""
    # What staff should know before giving it to a patient, as `build` warns it: furniture
    # from a catalogue no qualified medical translator has reviewed.
    warnings: tuple[str, ...] = ()


@functools.cache  # a worker reads the brand once
def _brand(path: Path | None) -> Brand:
    return read_brand(path)


def render(choice: Choice, previews: bool) -> Rendered:
    """``choice``'s leaflet; never raises for a fault of the input or the choice."""
    try:
        patient = typed.patient(choice.name, choice.prescriber, choice.start_date,
                                choice.clinic_phone)
    except OptionError as e:
        return Rendered(refusal=f"{FIELDS.get(e.option, e.option)}: {e.message}")
    try:
        brand = _brand(choice.brand_file)
        monograph, warnings = monograph_and_warnings(load.read_source(choice.path), brand)
        copy = patient if any(dataclasses.astuple(patient)) else None
        leaflet = render_leaflet(monograph, brand, Options(choice.paper, choice.large_print),
                                 copy)
    except InputError as e:
        # The file's name, not the server's path to it, on the page.
        return Rendered(problems=tuple(
            str(dataclasses.replace(p, path=Path(p.path).name)) for p in e.problems))
    except HandoutsError as e:
        return Rendered(refusal=f"the leaflet could not be made: {e}")
    return Rendered(leaflet.pdf, pngs(leaflet.pdf) if previews else (), title=monograph.name,
                    language=monograph.language, warnings=tuple(w.message for w in warnings))


def pngs(pdf: bytes) -> tuple[bytes, ...]:
    """Each page of ``pdf`` as a PNG, drawn by PDFium."""
    import pypdfium2  # a worker's import: the web process never draws

    document = pypdfium2.PdfDocument(pdf)
    try:
        out = []
        for page in document:
            image = page.render(scale=PREVIEW_SCALE).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=False)
            out.append(buffer.getvalue())
            page.close()
        return tuple(out)
    finally:
        document.close()


def workers(count: int) -> Executor:
    """The pool that renders: spawned, not forked, as the server runs threads."""
    return ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"))
