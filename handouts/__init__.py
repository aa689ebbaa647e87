"""handouts: branded, accessible PDF patient leaflets from drug monographs written in YAML."""

from ._version import __version__
from .build import Leaflet, build, output_path, read_brand, read_monograph, render_leaflet
from .errors import BuildError, HandoutsError, InputError, Problem
from .source.model import BatchOptions, Brand, CheckOptions, Monograph, Options

__all__ = [
    "BatchOptions",
    "Brand",
    "BuildError",
    "CheckOptions",
    "HandoutsError",
    "InputError",
    "Leaflet",
    "Monograph",
    "Options",
    "Problem",
    "__version__",
    "build",
    "output_path",
    "read_brand",
    "read_monograph",
    "render_leaflet",
]
