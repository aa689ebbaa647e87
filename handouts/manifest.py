"""``<out>/manifest.json``: what each leaflet was built from, so a re-run rebuilds only what
changed and can tell which PDFs have lost their monograph."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._version import __version__
from .errors import HandoutsError
from .model import Brand, Options
from .write import write_atomic

FILE = "manifest.json"
FORMAT = 1  # bumped when an entry's meaning changes; another format is read as no manifest
TOOL = f"handouts {__version__}"


class ManifestError(HandoutsError):
    """The manifest cannot be read or written, or is not one this version wrote."""


@dataclass(frozen=True)
class Inputs:
    """Everything a leaflet's bytes depend on; equal inputs, equal leaflet."""

    source: str  # the monograph, relative to the output folder, with / separators
    source_sha256: str
    options: dict[str, Any]
    brand_sha256: str
    tool: str = TOOL


@dataclass(frozen=True)
class Entry:
    """One leaflet in the output folder: what it was built from and what came out."""

    inputs: Inputs
    title: str  # the generic name, for the binder's order, contents and bookmarks
    output_sha256: str
    size: int
    pages: int


@dataclass
class Manifest:
    """The leaflets of one output folder, keyed by PDF file name (``allopurinol.pdf``)."""

    leaflets: dict[str, Entry] = dataclasses.field(default_factory=dict)


def source_key(source: Path, out_dir: Path) -> str:
    """The monograph's path as the manifest records it: relative to the output folder, so
    moving the project (output folder and monographs together) keeps every entry valid."""
    try:
        return Path(os.path.relpath(source.resolve(), out_dir.resolve())).as_posix()
    except ValueError:  # Windows: another drive has no relative path
        return source.resolve().as_posix()


def source_path(key: str, out_dir: Path) -> Path:
    return out_dir / Path(key)


def options_record(options: Options) -> dict[str, Any]:
    # Through JSON and back, so that a record read from the file compares equal.
    return json.loads(json.dumps(dataclasses.asdict(options), sort_keys=True, default=str))  # type: ignore[no-any-return]


def brand_sha256(brand: Brand) -> str:
    """A hash of the validated brand and the logo's bytes: a new colour or logo rebuilds
    every leaflet; moving the brand file or reformatting its YAML does not."""
    record = dataclasses.asdict(brand)
    if brand.logo is not None:
        record["logo"] = {"kind": brand.logo.kind,
                          "sha256": hashlib.sha256(brand.logo.data).hexdigest()}
    text = json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()  # leaflets and monographs are small


def is_current(entry: Entry | None, inputs: Inputs, pdf: Path) -> bool:
    """Whether the PDF on disk is the one these inputs would build: same inputs recorded, and
    the file is still the one written (not deleted, truncated or edited since)."""
    if entry is None or entry.inputs != inputs:
        return False
    try:
        if pdf.stat().st_size != entry.size:
            return False
        return file_sha256(pdf) == entry.output_sha256
    except OSError:
        return False


def read(out_dir: Path) -> Manifest:
    """The folder's manifest; an empty one if there is none yet. Raises ``ManifestError``
    if the file exists but is not a manifest this version can use."""
    path = out_dir / FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Manifest()
    except (OSError, UnicodeDecodeError) as e:
        raise ManifestError(f"{path}: cannot read the manifest: {e}") from e
    try:
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise ManifestError(f"{path}: manifest format {data.get('format')!r}, "
                                f"expected {FORMAT}")
        leaflets = {name: _entry(record) for name, record in data["leaflets"].items()}
    except ManifestError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise ManifestError(f"{path}: not a handouts manifest ({e.__class__.__name__}: {e})") from e
    return Manifest(leaflets)


def _entry(record: dict[str, Any]) -> Entry:
    inputs = Inputs(source=str(record["source"]), source_sha256=str(record["source_sha256"]),
                    options=dict(record["options"]), brand_sha256=str(record["brand_sha256"]),
                    tool=str(record["tool"]))
    return Entry(inputs, title=str(record["title"]), output_sha256=str(record["output_sha256"]),
                 size=int(record["size"]), pages=int(record["pages"]))


def dumps(manifest: Manifest) -> bytes:
    """Deterministic JSON: sorted keys, no time stamps, so an unchanged folder gives the same
    bytes and a diff of two manifests shows only what changed."""
    leaflets = {}
    for name, entry in manifest.leaflets.items():
        record = dataclasses.asdict(entry.inputs)
        record.update(title=entry.title, output_sha256=entry.output_sha256, size=entry.size,
                      pages=entry.pages)
        leaflets[name] = record
    text = json.dumps({"format": FORMAT, "leaflets": leaflets}, sort_keys=True, indent=1,
                      ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def write(out_dir: Path, manifest: Manifest) -> None:
    """Replace the manifest atomically: a killed run leaves the old one or the new one."""
    try:
        write_atomic(out_dir / FILE, dumps(manifest))
    except OSError as e:
        raise ManifestError(f"{out_dir / FILE}: cannot write the manifest: "
                            f"{e.strerror or e}") from e
