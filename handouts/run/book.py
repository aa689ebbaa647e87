"""The output folder's books while a run goes on: the manifest updated as leaflets finish
(written at most once a second, and at the end), stale PDFs and FHIR references removed only when
they are the very files handouts wrote."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

from . import fhir, manifest
from .manifest import BinderRecord, Entry, Manifest, Reference
from .plan import Plan
from .results import Result

_FLUSH_EVERY = 1.0  # seconds between manifest writes: a killed run loses at most this much


class Book:
    """The manifest as leaflets finish: written at most once a second, and at the end."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        # A copy: the plan stays what was planned, and can be inspected after the run.
        self.manifest = None if plan.manifest is None else Manifest(
            dict(plan.manifest.leaflets), dict(plan.manifest.binders))
        self.dirty = False
        self.last = time.monotonic()
        self.texts: dict[str, tuple[Entry, str]] = {}  # each entry's JSON, for the next write

    def remove_stale(self, warnings: list[str], dropped: list[Path]) -> list[Path]:
        known = self.manifest
        if known is None:
            return []
        removed: list[Path] = []
        # Reference, PDF, then the entry: killed in between, the entry is found stale again,
        # and a PDF may be left without its reference, never a reference without its PDF.
        for name in self.plan.stale:
            pdf = self.plan.out_dir / name  # a plain file name: manifest.read checked it
            entry = known.leaflets.pop(name)
            self.dirty = True
            self._drop_reference(pdf, entry.fhir, "its monograph is gone", warnings, dropped)
            # Only the very file handouts wrote and recorded: not a link, not a PDF edited or
            # replaced by hand since.
            _remove_if_ours(pdf, manifest.is_ours(pdf, entry), "PDF", "its monograph is gone",
                            warnings, removed)
        self.flush()
        return removed

    def unreference(self, warnings: list[str], dropped: list[Path]) -> None:
        """Without --fhir, the leaflets up to date lose the references handouts wrote: the
        folder holds references exactly when the last run asked for them."""
        known = self.manifest
        if known is None:
            return
        for name in self.plan.unreferenced:
            entry = known.leaflets[name]
            self._drop_reference(self.plan.out_dir / name, entry.fhir, "--fhir was not given",
                                 warnings, dropped)
            known.leaflets[name] = dataclasses.replace(entry, fhir=None)
            self.dirty = True

    def _drop_reference(self, pdf: Path, record: Reference | None, why: str,
                        warnings: list[str], dropped: list[Path]) -> None:
        """Delete the reference beside ``pdf`` if it is the very file handouts wrote and
        recorded (a regular file, not a link; its name derives from the PDF's, which
        manifest.read checked, so never a path out of the folder)."""
        path = fhir.json_path(pdf)
        _remove_if_ours(path, record is not None and fhir.is_ours(pdf, record),
                        "FHIR reference", why, warnings, dropped)

    def record(self, result: Result) -> None:
        known = self.manifest
        if known is None:
            return
        done = result.leaflet
        if result.status == "unchanged" and result.wrote_reference and done is not None:
            entry = known.leaflets.get(done.pdf.name)
            if entry is not None and entry.output_sha256 == done.sha256:
                known.leaflets[done.pdf.name] = dataclasses.replace(entry, fhir=done.fhir)
                self._dirty()
            return
        if result.status != "built":
            return
        planned = self.plan.inputs.get(result.index)
        assert done is not None
        # The hash of the bytes the build read, not the plan's: a monograph saved while the run
        # was going must not be recorded as the version that was built.
        inputs = (None if planned is None or result.source_sha256 is None
                  else dataclasses.replace(planned, source_sha256=result.source_sha256))
        if inputs is None:  # the monograph could not be hashed but built: not recordable
            known.leaflets.pop(done.pdf.name, None)
        else:
            known.leaflets[done.pdf.name] = Entry(inputs, done.title, done.sha256, done.size,
                                                  done.pages, done.fhir, done.language)
        self._dirty()

    def record_binder(self, key: str, record: BinderRecord) -> None:
        """The binder just made, written into the manifest at once."""
        if self.manifest is not None:
            self.manifest.binders[key] = record
            self.dirty = True
            self.flush()

    def _dirty(self) -> None:
        self.dirty = True
        if time.monotonic() - self.last >= _FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        if self.manifest is not None and self.dirty:
            manifest.write(self.plan.out_dir, self.manifest, self.texts)
            self.dirty = False
            self.last = time.monotonic()


def _remove_if_ours(path: Path, ours: bool, what: str, why: str, warnings: list[str],
                    removed: list[Path]) -> None:
    """Delete ``path`` if it is the very file handouts wrote (``ours``: checked by the caller
    against what was recorded); otherwise leave whatever is there, with a warning."""
    if not ours:
        if path.exists() or path.is_symlink():
            warnings.append(f"{path}: kept, though {why}: it is not the file handouts wrote "
                            "(changed since, or a link); delete it yourself if it is not wanted")
        return
    try:
        path.unlink()
        removed.append(path)
    except FileNotFoundError:
        pass
    except OSError as e:
        raise manifest.ManifestError(f"{path}: cannot remove this {what}, as {why}: "
                                     f"{e.strerror or e}") from e


