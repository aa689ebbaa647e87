"""``<out>/manifest.json``: what each leaflet was built from, so a re-run rebuilds only what
changed and can tell which PDFs have lost their monograph."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from .._version import __version__
from ..errors import HandoutsError
from ..i18n.tags import is_tag
from ..pdf.write import NotLockable, write_atomic
from ..pdf.write import locked as _locked
from ..source.model import Brand, Options

FILE = "manifest.json"
# Held by the run keeping this folder's manifest. Hidden, and named so that it is never taken
# for a leaflet (is_pdf_name) or for a temporary file a killed run left (write.clean_temporary).
LOCK = ".handouts.lock"
# Bumped when an entry's meaning changes; another format is read as no manifest (everything is
# rebuilt, nothing deleted). 2: each entry records the FHIR reference written beside it.
FORMAT = 2
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
class Reference:
    """The FHIR DocumentReference written beside a leaflet (``fhir.py``); its file's name is
    the PDF's with ``.fhir.json``, never recorded, so a manifest cannot name another file."""

    inline: bool  # the PDF inside it, or a URL to it
    date: str  # its date and creation: a FHIR instant, kept when it is written again
    sha256: str  # of the JSON file, so that a re-run knows it is still the one written
    size: int


@dataclass(frozen=True)
class Entry:
    """One leaflet in the output folder: what it was built from and what came out."""

    inputs: Inputs
    title: str  # the generic name, for the binder's order, contents and bookmarks
    output_sha256: str
    size: int
    pages: int
    fhir: Reference | None = None  # always of this entry's PDF: a rebuild replaces the entry
    language: str = ""  # the monograph's, for the binder's contents; absent in older manifests


@dataclass(frozen=True)
class BinderRecord:
    """A binder as last written (``binders.py``): what it was made of, and its bytes, so that a
    re-run with nothing changed leaves it alone. Its figures are for the run's summary."""

    inputs_sha256: str  # binders.inputs_sha256: the leaflets, brand, options, date, versions
    output_sha256: str
    size: int
    pages: int
    shared_objects: int
    shared_bytes: int


@dataclass
class Manifest:
    """The leaflets of one output folder, keyed by PDF file name (``allopurinol.pdf``), and
    the binders made of them, keyed by path relative to the folder (``source_key``)."""

    leaflets: dict[str, Entry] = dataclasses.field(default_factory=dict)
    binders: dict[str, BinderRecord] = dataclasses.field(default_factory=dict)


@contextlib.contextmanager
def locked(out_dir: Path, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the folder's lock from reading its manifest to writing it for the last time, so
    that two runs into one folder take turns: the second plans from what the first recorded.
    If another run holds it, ``waiting()`` is called and this waits for that run to end.

    Raises ``ManifestError`` if the lock file is a link (never followed), not a regular file,
    or cannot be created.
    """
    path = out_dir / LOCK
    with contextlib.ExitStack() as held:
        try:  # only taking the lock: an OSError of the block is the caller's to report
            held.enter_context(_locked(path, waiting))
        except NotLockable as e:
            raise ManifestError(f"{path}: cannot lock the output folder: the lock file is "
                                + ("a link" if e.link else "not a regular file")
                                + "; remove it") from None
        except OSError as e:
            raise ManifestError(f"{path}: cannot lock the output folder: "
                                f"{e.strerror or e}") from e
        yield


def source_key(source: Path, out_dir: Path, resolved: Path | None = None) -> str:
    """The monograph's path as the manifest records it: relative to the output folder (a plan
    gives it ``resolved``, once for all), so moving both together keeps every entry valid."""
    try:
        return Path(os.path.relpath(source.resolve(), resolved or out_dir.resolve())).as_posix()
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
    del record["where"]  # the lines its keys are on: for check's warnings, not printed
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
    return is_ours(pdf, entry)


def is_ours(pdf: Path, entry: Entry) -> bool:
    """Whether ``pdf`` is a regular file (not a link) holding exactly the bytes recorded."""
    return same_file(pdf, entry.size, entry.output_sha256)


def same_file(path: Path, size: int, sha256: str) -> bool:
    """Whether ``path`` is a regular file (not a link) of ``size`` bytes with this SHA-256."""
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_size != size:
            return False
        return file_sha256(path) == sha256
    except OSError:
        return False


def read(out_dir: Path) -> Manifest:
    """The folder's manifest; an empty one if there is none yet. Raises ``ManifestError``
    if the file exists but is not a manifest this version can use.

    The file is untrusted like any input: every field is checked for type and form before
    anything is done with it, so an edited manifest can make handouts rebuild, never delete or
    read a file outside the folder (see ``is_pdf_name``).
    """
    path = out_dir / FILE
    try:
        info = path.lstat()
    except FileNotFoundError:
        return Manifest()
    except OSError as e:
        raise ManifestError(f"{path}: cannot read the manifest: {e.strerror or e}") from e
    if not stat.S_ISREG(info.st_mode):  # a link could make us read, then replace, another file
        raise ManifestError(f"{path}: not a handouts manifest (not a regular file)")
    if info.st_size > MAX_BYTES:
        raise ManifestError(f"{path}: not a handouts manifest ({info.st_size:,} bytes)")
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ManifestError(f"{path}: cannot read the manifest: {e}") from e
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as e:
        raise ManifestError(f"{path}: not a handouts manifest ({e.__class__.__name__}: {e})") from e
    except _Invalid as e:
        raise ManifestError(f"{path}: not a handouts manifest ({e})") from None
    try:
        return _manifest(data)
    except _Invalid as e:
        raise ManifestError(f"{path}: not a handouts manifest ({e})") from None


MAX_BYTES = 64 * 1024 * 1024  # some 100,000 leaflets; anything larger is not ours
_SHA256 = re.compile(r"[0-9a-f]{64}")
_KEYS = frozenset({"source", "source_sha256", "options", "brand_sha256", "tool", "title",
                   "output_sha256", "size", "pages", "fhir"})
_FHIR_KEYS = frozenset({"inline", "date", "sha256", "size"})
_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


class _Invalid(Exception):
    """What is wrong with the manifest's data, said in one line."""


def _no_constant(name: str) -> None:
    raise _Invalid(f"{name} is not a number")


def is_pdf_name(name: str) -> bool:
    """Whether ``name`` can be a leaflet of this folder: a plain, visible ``*.pdf`` file name,
    in UTF-8 (so never a path, ``..``, or a hidden or temporary file)."""
    return (name.endswith(".pdf") and len(name) > 4 and not name.startswith(".")
            and "/" not in name and "\\" not in name and "\0" not in name
            and Path(name).name == name and _utf8(name))


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: a file name that was not UTF-8
        return False
    return True


def _manifest(data: Any) -> Manifest:
    # "binders" only when a binder was made: a folder without one keeps the manifest it had.
    if not isinstance(data, dict) or set(data) - {"binders"} != {"format", "leaflets"}:
        raise _Invalid("expected an object with 'format' and 'leaflets'")
    if type(data["format"]) is not int or data["format"] != FORMAT:
        raise _Invalid(f"format {data['format']!r}, expected {FORMAT}")
    if not isinstance(data["leaflets"], dict):
        raise _Invalid("'leaflets' is not an object")
    binders = data.get("binders", {})
    if not isinstance(binders, dict):
        raise _Invalid("'binders' is not an object")
    return Manifest({name: _entry(name, record) for name, record in data["leaflets"].items()},
                    {key: _binder(key, record) for key, record in binders.items()})


_BINDER_KEYS = frozenset(field.name for field in dataclasses.fields(BinderRecord))


def _binder(key: str, record: Any) -> BinderRecord:
    # The key is only ever compared with the --binder given, never opened as a path.
    if not key or "\0" in key or not _utf8(key):
        raise _Invalid(f"binder {key!r}: expected the path of a PDF")
    where = f"binder {key}"
    if not isinstance(record, dict) or set(record) != _BINDER_KEYS:
        raise _Invalid(f"{where}: expected the keys {', '.join(sorted(_BINDER_KEYS))}")
    return BinderRecord(_sha256(where, record, "inputs_sha256"),
                        _sha256(where, record, "output_sha256"),
                        _count(where, record, "size", 1, 2**40),
                        _count(where, record, "pages", 1, 1_000_000_000),
                        _count(where, record, "shared_objects", 0, 2**40),
                        _count(where, record, "shared_bytes", 0, 2**40))


def _entry(name: str, record: Any) -> Entry:
    if not is_pdf_name(name):
        raise _Invalid(f"{name!r} is not the name of a PDF in this folder")
    if not isinstance(record, dict) or set(record) - {"language"} != _KEYS:
        raise _Invalid(f"{name}: expected the keys {', '.join(sorted(_KEYS))}")
    source = _text(name, record, "source")
    # A leaflet is named after its monograph: a record that says otherwise is not ours.
    if Path(PurePosixPath(source).name).stem + ".pdf" != name:
        raise _Invalid(f"{name}: built from {source!r}, which would not be named {name}")
    if not isinstance(record["options"], dict):
        raise _Invalid(f"{name}: 'options' is not an object")
    inputs = Inputs(source=source, source_sha256=_sha256(name, record, "source_sha256"),
                    options=record["options"], brand_sha256=_sha256(name, record, "brand_sha256"),
                    tool=_text(name, record, "tool"))
    return Entry(inputs, title=_text(name, record, "title"),
                 output_sha256=_sha256(name, record, "output_sha256"),
                 size=_count(name, record, "size", 1, 2**40),
                 pages=_count(name, record, "pages", 1, 1_000_000),
                 fhir=_reference(name, record["fhir"]), language=_language(name, record))


def _language(name: str, record: dict[str, Any]) -> str:
    value = record.get("language", "")
    if not isinstance(value, str) or (value and not is_tag(value)):
        raise _Invalid(f"{name}: 'language' is not a language tag")
    return value


def _reference(name: str, record: Any) -> Reference | None:
    if record is None:
        return None
    where = f"{name} fhir"
    if not isinstance(record, dict) or set(record) != _FHIR_KEYS:
        raise _Invalid(f"{where}: expected null or the keys {', '.join(sorted(_FHIR_KEYS))}")
    if type(record["inline"]) is not bool:
        raise _Invalid(f"{where}: 'inline' is not true or false")
    date = record["date"]
    if not isinstance(date, str) or not _INSTANT.fullmatch(date) or not _real_date(date):
        raise _Invalid(f"{where}: 'date' is not a time such as 2025-01-31T12:00:00Z")
    # An inline reference holds the PDF in base64: 4/3 of a PDF of up to 2**40 bytes, and more.
    return Reference(record["inline"], date, _sha256(where, record, "sha256"),
                     _count(where, record, "size", 1, 2**42))


def _real_date(text: str) -> bool:
    try:
        datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:  # 2025-02-30, 25:00
        return False
    return True


def _text(name: str, record: dict[str, Any], key: str) -> str:
    value = record[key]
    if not isinstance(value, str) or not value or "\0" in value or not _utf8(value):
        raise _Invalid(f"{name}: {key!r} is not text")
    return value


def _sha256(name: str, record: dict[str, Any], key: str) -> str:
    value = record[key]
    if not isinstance(value, str) or not _SHA256.fullmatch(value):
        raise _Invalid(f"{name}: {key!r} is not a SHA-256 in hexadecimal")
    return value


def _count(name: str, record: dict[str, Any], key: str, low: int, high: int) -> int:
    value = record[key]
    if type(value) is not int or not low <= value <= high:  # not bool, float or 1e999
        raise _Invalid(f"{name}: {key!r} is not a whole number from {low} to {high:,}")
    return value


def dumps(manifest: Manifest, texts: dict[str, tuple[Entry, str]] | None = None) -> bytes:
    """Deterministic JSON: sorted keys, and no time stamp but the date of a FHIR reference
    (which changes only when that reference is first written), so an unchanged folder gives
    the same bytes and a diff of two manifests shows only what changed.

    The bytes of one ``json.dumps(..., sort_keys=True, indent=1)``, made an entry at a time:
    with ``texts`` kept between writes (a run's, every second), only an entry that is not the
    very object written last time is serialised again."""
    texts = {} if texts is None else texts
    leaflets = []
    for name in sorted(manifest.leaflets):
        entry, known = manifest.leaflets[name], texts.get(name)
        if known is None or known[0] is not entry:
            texts[name] = known = (entry, _json(_record(entry), "  "))
        leaflets.append(f"  {json.dumps(name, ensure_ascii=False)}: {known[1]}")
    for name in set(texts) - set(manifest.leaflets):
        del texts[name]
    parts = [f' "format": {FORMAT}',
             ' "leaflets": ' + ("{\n" + ",\n".join(leaflets) + "\n }" if leaflets else "{}")]
    if manifest.binders:
        parts.insert(0, ' "binders": ' + _json({key: dataclasses.asdict(record) for key, record
                                                in manifest.binders.items()}, " "))
    return ("{\n" + ",\n".join(parts) + "\n}\n").encode("utf-8")


def _record(entry: Entry) -> dict[str, Any]:
    record = dataclasses.asdict(entry.inputs)
    record.update(title=entry.title, output_sha256=entry.output_sha256, size=entry.size,
                  pages=entry.pages,
                  fhir=None if entry.fhir is None else dataclasses.asdict(entry.fhir))
    if entry.language:
        record["language"] = entry.language
    return record


def _json(value: Any, indent: str) -> str:
    """``value`` as it stands at ``indent`` in the manifest (each line break is the layout's)."""
    return json.dumps(value, sort_keys=True, indent=1, ensure_ascii=False).replace(
        "\n", "\n" + indent)


def write(out_dir: Path, manifest: Manifest,
          texts: dict[str, tuple[Entry, str]] | None = None) -> None:
    """Replace the manifest atomically: a killed run leaves the old one or the new one.
    ``texts``: as ``dumps`` takes it, for a manifest written again and again."""
    try:
        write_atomic(out_dir / FILE, dumps(manifest, texts))
    except OSError as e:
        raise ManifestError(f"{out_dir / FILE}: cannot write the manifest: "
                            f"{e.strerror or e}") from e
