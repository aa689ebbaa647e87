"""One leaflet: load → validate → lay out → render → write."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import as_file, files
from pathlib import Path

from .brand.read import validate as validate_brand
from .errors import Collector
from .page import fit, layout, render, styles
from .pdf.write import write_atomic
from .source import load, validate
from .source.model import Brand, Monograph, Options, Patient


@dataclass(frozen=True)
class Leaflet:
    pdf: bytes
    pages: int


def read_monograph(path: Path, brand: Brand | None = None) -> Monograph:
    """Load and validate a monograph file; raises ``InputError`` with all its problems. Its
    language must be one ``brand`` prints (its catalogues and tagline; the shipped catalogues
    when None)."""
    return monograph_of(load.read_source(path), brand)


def monograph_of(source: load.Source, brand: Brand | None = None) -> Monograph:
    """Validate a monograph file already read, so that a caller can record the hash of the
    very bytes the leaflet was built from (``source.sha256``)."""
    return validated(source, brand)[0]


def validated(source: load.Source,
              brand: Brand | None = None) -> tuple[Monograph, load.Raw]:
    """``monograph_of``, keeping the raw nodes it was validated from: where each key was
    written, for messages about a monograph that is valid (``check``'s warnings)."""
    problems = Collector(source.path)
    root = load.load(source, problems)
    return validate.monograph(root, source, problems, fit.PAGE, brand), root


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
    ``patient``, that patient's copy."""
    laid_out = layout.flowables(monograph, brand, styles.styles(brand, options.large_print),
                                patient)
    pdf, pages = render.render(laid_out, monograph, brand,
                               render.geometry(monograph, options, laid_out))
    return Leaflet(pdf, pages)


def output_path(source: Path, out_dir: Path) -> Path:
    """``DIR/<stem>.pdf``: named after the input file only, never after its contents."""
    return out_dir / f"{source.stem}.pdf"


def build(source: Path, out_dir: Path, brand: Brand,
          options: Options = Options()) -> tuple[Path, Leaflet]:
    """Build one monograph file into ``out_dir``; nothing is written if any step fails."""
    leaflet = render_leaflet(read_monograph(source, brand), brand, options)
    target = output_path(source, out_dir)
    write_atomic(target, leaflet.pdf)
    return target, leaflet
