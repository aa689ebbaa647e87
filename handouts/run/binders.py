"""A formulary's binder is made again only when something it is made from changed: a hash of its
inputs (the leaflets' names and bytes, the brand, the options, the cover's date, the versions
that write it) is recorded in the manifest with the hash of the file written, and the file
itself begins by saying which inputs it was made of.

The manifest is untrusted: a record only keeps the binder when the file there is, byte for byte,
the one recorded, and says itself that it was made of today's inputs. Anything else, a tampered
record included, makes the binder again; nothing can leave an old one in place.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from ..source.model import Brand, Options
from . import manifest
from .manifest import BinderRecord


class Leaflet(Protocol):
    @property
    def pdf(self) -> Path: ...
    @property
    def sha256(self) -> str: ...


def key(binder: Path, out_dir: Path) -> str:
    """The binder's key in the manifest: its path relative to the output folder, as a
    monograph's is (several binders of one folder, A4 and Letter, are each kept)."""
    return manifest.source_key(binder, out_dir)


def inputs_sha256(leaflets: Sequence[Leaflet], brand: Brand, options: Options,
                  date: datetime.date) -> str:
    """Everything the binder's bytes depend on. The leaflets by file name (the binder orders
    them by the title in each, then by name) and the bytes built, as the batch checked them."""
    # Imported by the binder already. Their own versions, not importlib.metadata's reading of
    # the installed files (~20 ms of every run with --binder): the same strings.
    import pikepdf
    import reportlab

    record = {
        "tool": manifest.TOOL,
        # The join writes objects as these serialise them; a new version may write other bytes.
        "libraries": {"pikepdf": pikepdf.__version__, "reportlab": reportlab.Version},
        "brand_sha256": manifest.brand_sha256(brand),
        "options": manifest.options_record(options),
        "date": date.isoformat(),
        "leaflets": sorted([leaflet.pdf.name, leaflet.sha256] for leaflet in leaflets),
    }
    text = json.dumps(record, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def up_to_date(record: BinderRecord | None, inputs: str, path: Path) -> bool:
    """Whether ``path`` is the binder these inputs make: the record says so, and the file is a
    regular file (not a link) with the recorded bytes, which say they were made of ``inputs``."""
    if record is None or record.inputs_sha256 != inputs:
        return False
    from ..binder import make  # only with --binder, which has imported it already

    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return False
        with path.open("rb") as file:
            head = file.read(make.HEAD)
            digest, size = hashlib.sha256(head), len(head)
            while chunk := file.read(1 << 20):  # a big binder is never held whole
                digest.update(chunk)
                size += len(chunk)
    except OSError:
        return False
    return (size == record.size and digest.hexdigest() == record.output_sha256
            and make.made_of(head) == inputs)
