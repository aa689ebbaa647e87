"""handouts: branded, accessible PDF patient leaflets from drug monographs written in YAML."""

import _signal  # signal's C module, loaded with the interpreter: signal.py costs milliseconds
import contextlib as _contextlib
import gc as _gc
import os as _os
import sys as _sys

# python -m handouts: these imports take half a second before __main__ and cli run, and Ctrl-C
# meanwhile printed a KeyboardInterrupt traceback. The interpreter names argv[0] "-m" exactly
# while it imports the package to find __main__ (python -m's documented behaviour): only then
# is this the command starting, which exits with 130 at once and says nothing, as nothing was
# done (an exception could be swallowed: importlib ignores those of its weakref callbacks); cli's
# group takes Ctrl-C over when it runs. A program that imports handouts keeps its own Ctrl-C, as
# does any handler someone else installed; signals are the main thread's only.
if getattr(_sys, "argv", [])[:1] == ["-m"] and (
        _signal.getsignal(_signal.SIGINT) is _signal.default_int_handler):
    with _contextlib.suppress(ValueError):
        _signal.signal(_signal.SIGINT, lambda signum, frame: _os._exit(130))

# The modules make some 40,000 objects the collector tracks, which live as long as the process,
# and no garbage: it walked them some fifty times while they loaded, and again at each collection
# after, 12 ms of a cold build's 18 (issue 16). When the command starts (python -m handouts, as
# above, or the `handouts` script), off while they load, then set aside (frozen: never walked
# again) and on again. Not in a program that imports handouts: frozen objects are never
# collected and gc.get_referrers no longer finds them.
_argv = getattr(_sys, "argv", None) or [""]
_starting = _argv[0] == "-m" or _os.path.basename(_argv[0]) in ("handouts", "handouts.exe")
_collecting = _gc.isenabled()
if _starting:
    _gc.disable()
try:
    from ._lazy_patterns import deferred as _deferred

    with _deferred():  # imported here first, so that their patterns are deferred
        import reportlab.platypus.paragraph as _paragraph  # noqa: F401  (and its textsplit)
        import yaml as _yaml  # noqa: F401
    from ._version import __version__
    from .build import Leaflet, build, output_path, read_brand, read_monograph, render_leaflet
    from .errors import BuildError, HandoutsError, InputError, Problem
    from .source.model import BatchOptions, Brand, CheckOptions, Monograph, Options
finally:
    if _starting:
        _gc.freeze()
        if _collecting:
            _gc.enable()

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
