"""One leaflet: load → validate → lay out → render → write."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from importlib.resources import as_file, files
from pathlib import Path

from .brand.read import validate as validate_brand
from .errors import BuildError, Collector, InputError, Problem, Source
from .i18n import words
from .page import fit, layout, render, styles
from .pdf.write import write_atomic
from .source import load, options, validate
from .source.model import Brand, Monograph, Options, Patient


@dataclass(frozen=True)
class Leaflet:
    pdf: bytes
    pages: int


def read_monograph(path: Path, brand: Brand | None = None, proof: bool = False) -> Monograph:
    """Load and validate a monograph file; raises ``InputError`` with all its problems. Its
    language must be one ``brand`` prints (its catalogues and tagline; the shipped catalogues
    when None). A draft is refused unless this is a ``proof``."""
    return monograph_of(load.read_source(path), brand, proof)


def monograph_of(source: Source, brand: Brand | None = None,
                 proof: bool = False) -> Monograph:
    """Validate a monograph file already read, so that a caller can record the hash of the
    very bytes the leaflet was built from (``source.sha256``). A draft is refused, at its
    status key, unless this is a ``proof``: an unreviewed import never reaches a patient."""
    return monograph_and_warnings(source, brand, proof)[0]


def monograph_and_warnings(source: Source, brand: Brand | None = None,
                           proof: bool = False) -> tuple[Monograph, tuple[Problem, ...]]:
    """``monograph_of``, with the warnings ``build`` prints about it: furniture from a
    catalogue no qualified medical translator has reviewed."""
    monograph, root = validated(source, brand)
    if monograph.draft and not proof:
        line, column = _key_at(source, root, "status")
        raise InputError([Problem(source.path, line, column, "status", DRAFT_REFUSED)])
    message = unreviewed(monograph.language, brand)
    if message is None:
        return monograph, ()
    line, column = _key_at(source, root, "language")
    return monograph, (Problem(source.path, line, column, "language", message),)


def unreviewed(language: str, brand: Brand | None = None) -> str | None:
    """The warning for a leaflet in ``language`` whose furniture (the words handouts adds)
    comes from a catalogue no qualified medical translator has reviewed, naming each; None
    when a reviewed one (a clinic's own) gives all of it. ``check`` warns with it too."""
    origins = words.unreviewed(language, brand.catalogues if brand else None)
    if not origins:
        return None
    return (f"the leaflet's furniture (headings, box sentences, labels) in {language!r} comes "
            f"from {' and '.join(map(str, origins))}, which no qualified medical translator "
            "has reviewed; have it reviewed, or give the clinic's own reviewed catalogue (see "
            "'Languages' in the README)")


def _key_at(source: Source, root: load.Raw, key: str) -> tuple[int | None, int | None]:
    """Where top-level ``key`` is written; the whole file when it is not (a default)."""
    return next((source.position(k.start) for k, _ in root.entries if k.text == key),
                (None, None))


DRAFT_REFUSED = ("a draft is not for patients: review it against its label, then delete "
                 "'status: draft' (or build a proof for review with --proof)")


def validated(source: Source,
              brand: Brand | None = None) -> tuple[Monograph, load.Raw]:
    """``monograph_of``, keeping the raw nodes it was validated from: where each key was
    written, for messages about a monograph that is valid (``check``'s warnings)."""
    problems = Collector(source.path)
    root = load.load(source, problems)
    monograph = validate.monograph(root, source, problems, fit.PAGE, brand)
    for overflow in layout.too_tall(monograph, brand or _bundled(), _ANY_COPY):
        line, column = next(source.position(key.start) for key, _ in root.entries
                            if key.text == overflow.key)
        problems.add(line, column, overflow.key, _too_tall(overflow))
    problems.raise_if_any()
    return monograph, root


# Any patient's copy adds a line to the urgent box: measured with a clinic phone as long as
# --clinic-phone takes, a box that fits fits every patient's copy.
_ANY_COPY = Patient(clinic_phone="0" * options.MAX_PHONE)


def _too_tall(overflow: layout.Overflow) -> str:
    paper = {"a4": "A4", "letter": "Letter"}[overflow.paper]
    return (f"too long to fit on one page: a box is printed whole, never split across pages, "
            f"and this one needs {math.ceil(overflow.page_share * 100)}% of a page in large "
            f"print on {paper} paper; shorten it, or move what can wait to a section")


@functools.cache  # read once a process: a monograph validated for no brand in particular
def _bundled() -> Brand:
    return read_brand()


def read_brand(path: Path | None = None) -> Brand:
    """Load and validate a brand file; the bundled default brand when ``path`` is None."""
    if path is None:
        with as_file(files("handouts.assets").joinpath("brand.yaml")) as default:
            return read_brand(default)
    source = load.read_source(path)
    problems = Collector(source.path)
    return validate_brand(load.load(source, problems), source, problems)


def render_leaflet(monograph: Monograph, brand: Brand, options: Options = Options(),
                   patient: Patient | None = None) -> Leaflet:
    """The pure step any executor can map: a validated monograph to the finished PDF; with
    ``patient``, that patient's copy. A draft only as a proof (``options.proof``)."""
    if monograph.draft and not options.proof:
        raise BuildError(f"{monograph.name}: a draft is printed only as a proof (proof=True)")
    laid_out = layout.flowables(
        monograph, brand, styles.styles(brand, options.large_print, monograph.language), patient)
    pdf, pages = render.render(laid_out, monograph, brand,
                               render.geometry(monograph, options, laid_out), options.proof)
    return Leaflet(pdf, pages)


def output_path(source: Path, out_dir: Path) -> Path:
    """``DIR/<stem>.pdf``: named after the input file only, never after its contents."""
    return out_dir / f"{source.stem}.pdf"


def build(source: Path, out_dir: Path, brand: Brand,
          options: Options = Options()) -> tuple[Path, Leaflet]:
    """Build one monograph file into ``out_dir``; nothing is written if any step fails."""
    leaflet = render_leaflet(read_monograph(source, brand, options.proof), brand, options)
    target = output_path(source, out_dir)
    write_atomic(target, leaflet.pdf)
    return target, leaflet
