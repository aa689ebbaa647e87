"""The binder: every leaflet in one PDF, after a cover and a table of contents, in alphabetical
order of generic name, with a bookmark per drug and page labels that restart for each drug.

Written in one streaming pass (``_pdfjoin``): a leaflet is read, copied and let go before the
next, and the fonts and forms that leaflets have byte-for-byte in common are written once.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import io
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Protocol, TypeVar

import pikepdf

from .._version import __version__
from ..errors import BuildError
from ..i18n import words
from ..i18n.tags import is_tag
from ..pdf import fonts, metadata
from ..pdf.write import atomic_writer, clean_temporary
from ..source import _chars
from ..source.load import find_unprintable
from ..source.model import Brand, Options
from . import _frontmatter, _halves, _outline
from ._objects import Bookmark, JoinError
from ._pdfjoin import Added, Joiner, Overlap


class Leaflet(Protocol):
    """A leaflet as the caller hands it over (``batch.Done`` is one): the binder depends on
    these fields only, and re-reads the title and page count from the PDF itself."""

    @property
    def pdf(self) -> Path: ...
    @property
    def title(self) -> str: ...  # generic name
    @property
    def pages(self) -> int: ...
    @property
    def size(self) -> int: ...
    @property
    def sha256(self) -> str: ...  # of the bytes the caller built or found up to date
    @property
    def language(self) -> str: ...  # its text's, for its contents entry; "" if not known


@dataclass(frozen=True)
class _Read:
    """A leaflet as its PDF describes itself."""

    pdf: Path
    title: str
    pages: int
    size: int
    sha256: str
    language: str  # "": the binder's own


L = TypeVar("L", bound=Leaflet)


@dataclass(frozen=True)
class Binder:
    path: Path
    drugs: int
    pages: int
    size: int
    leaflets_size: int  # the leaflets' files added up, for comparison
    shared: int  # objects written once for several leaflets (fonts, forms)
    shared_bytes: int  # bytes those saved
    sha256: str = ""  # of the file
    written: bool = True  # False: the binder there was already this one, and left alone

    def as_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "drugs": self.drugs, "pages": self.pages,
                "bytes": self.size, "leaflets_bytes": self.leaflets_size,
                "shared_objects": self.shared, "shared_bytes": self.shared_bytes,
                "written": self.written}


# After the header, the binder says what it is made of (``made_of``): a record in the manifest
# that claims other inputs for this file cannot pass an old binder off as current.
_NOTE = re.compile(rb"%PDF-1\.7\n%\xe2\xe3\xcf\xd3\n%handouts binder of ([0-9a-f]{64})\n")
HEAD = 128  # bytes that hold the header and the note


def _note(inputs: str | None) -> bytes:
    if inputs is None:
        return b""
    if not re.fullmatch(r"[0-9a-f]{64}", inputs):
        raise ValueError(f"inputs {inputs!r} is not a SHA-256 in hexadecimal")
    return b"%%handouts binder of %s\n" % inputs.encode("ascii")


def made_of(head: bytes) -> str | None:
    """The inputs hash a binder beginning with ``head`` (its first ``HEAD`` bytes) was made
    of, as ``make`` was given it; None for a file that does not say."""
    match = _NOTE.match(head)
    return None if match is None else match.group(1).decode("ascii")


def build_date(environ: Mapping[str, str]) -> datetime.date:
    """The date printed on the cover: from SOURCE_DATE_EPOCH when set (reproducible builds),
    else today. The binder's bytes depend on its inputs and this date only."""
    if "SOURCE_DATE_EPOCH" not in environ:
        return datetime.date.today()
    return metadata.build_time(environ).date()


def order(leaflets: Sequence[L]) -> list[L]:
    """Alphabetical by generic name, ignoring case and accents; the file name breaks ties."""

    def key(leaflet: L) -> tuple[str, str]:
        name = unicodedata.normalize("NFKD", leaflet.title).casefold()
        return "".join(c for c in name if not unicodedata.combining(c)), leaflet.pdf.name

    return sorted(leaflets, key=key)


def _front_pages(books: Sequence[_Read], options: Options) -> int:
    """How many pages the cover and contents take."""
    return 1 + _frontmatter.contents_pages(
        [_frontmatter.Entry(b.title, 0, b.language) for b in books], options.paper)


def _front(books: Sequence[_Read], brand: Brand, options: Options, date: datetime.date,
           front_pages: int) -> tuple[_frontmatter.FrontMatter, list[_frontmatter.Entry]]:
    """The cover and contents (``front_pages`` of them), and each drug's contents entry: its
    title, first page and language."""
    entries = []
    page = front_pages + 1  # pages are counted from the cover, as a printed binder is
    for leaflet in books:
        entries.append(_frontmatter.Entry(leaflet.title, page, leaflet.language))
        page += leaflet.pages
    front = _frontmatter.render(entries, brand, options.paper, date)
    if front.pages != front_pages:
        raise AssertionError(f"contents took {front.pages - 1} pages, "
                             f"expected {front_pages - 1}")
    return front, entries


class _Misdescribed(Exception):
    """A leaflet's PDF has another title or page count than the caller said it has."""


def make(leaflets: Sequence[Leaflet], brand: Brand, path: Path, options: Options = Options(),
         date: datetime.date | None = None,
         checkpoint: Callable[[], None] | None = None, inputs: str | None = None) -> Binder:
    """Write the binder of ``leaflets`` to ``path``, atomically.

    Each leaflet's title and page count are those of the PDF itself, never the caller's alone
    (for leaflets not rebuilt, they come from the manifest, which anyone can edit): the
    caller's lay out the contents, and each is checked as its leaflet is copied, so each PDF
    is read once. If one differs, the binder is made again from titles and page counts read
    from the PDFs first. ``checkpoint`` is called between leaflets and before the binder
    replaces ``path``: the CLI raises KeyboardInterrupt there for a Ctrl-C it held back while
    pikepdf was working. ``inputs`` (a SHA-256 in hexadecimal, run/binders.py) is written in
    the file for ``made_of`` to read back.
    """
    date = date or datetime.date.today()
    check = checkpoint or (lambda: None)
    clean_temporary(path.parent, lambda name: name == path.name)
    try:
        return _make(leaflets, brand, path, options, date, check, inputs)
    except _Misdescribed:
        pass
    try:
        read = []
        for leaflet in leaflets:
            check()
            read.append(_as_built(leaflet))
    except pikepdf.PdfError as e:
        raise BuildError(f"{path}: cannot make the binder: {e}") from e
    try:
        return _make(read, brand, path, options, date, check, inputs)
    except _Misdescribed as e:  # each file's hash was checked: only a bug gets here
        raise BuildError(f"{path}: cannot make the binder: {e}") from e


def _make(leaflets: Sequence[Leaflet], brand: Brand, path: Path, options: Options,
          date: datetime.date, check: Callable[[], None], inputs: str | None) -> Binder:
    try:
        return _write(leaflets, brand, path, options, date, check, inputs, halves=True)
    except Overlap:  # the halves could not be put together: in one pass, which always can
        return _write(leaflets, brand, path, options, date, check, inputs, halves=False)


def _write(leaflets: Sequence[Leaflet], brand: Brand, path: Path, options: Options,
           date: datetime.date, check: Callable[[], None], inputs: str | None,
           halves: bool) -> Binder:
    if not all(leaflet.pages >= 1 and _printable(leaflet.title) for leaflet in leaflets):
        raise _Misdescribed("a title cannot be printed")  # the PDF's may: it is read then
    books = order([_Read(leaflet.pdf, leaflet.title, leaflet.pages, leaflet.size,
                         leaflet.sha256, leaflet.language) for leaflet in leaflets])
    front_pages = _front_pages(books, options)
    labels = [(0, b"<< /S /r >>")]  # cover and contents: i, ii, iii...
    bookmarks = []

    def add_front(joiner: Joiner) -> None:  # in halves, by the second process (_halves.Front)
        front, entries = _front(books, brand, options, date, front_pages)
        w = words.For(brand.language, brand.catalogues)
        with pikepdf.open(io.BytesIO(front.pdf)) as pdf:
            _frontmatter.link(pdf, front, [
                (_destination(i), w(words.CONTENTS_LINK, title=e.title, page=e.page))
                for i, e in enumerate(entries)])
            joiner.add(pdf, part=None)

    # A key for each page's marked content and each contents entry's link.
    front = _halves.Front(add_front, front_pages + len(books))
    try:
        with atomic_writer(path) as out:
            joiner = Joiner(out, note=_note(inputs))
            joined = _halves.join(joiner, books, _add, check, path.parent, front, halves)
            first = front_pages
            for leaflet, added in zip(books, joined, strict=True):
                # Each drug's pages are labelled "<Drug> 1", "<Drug> 2"...
                prefix = pikepdf.String(f"{leaflet.title} ").unparse()
                labels.append((first, b"<< /S /D /P %s >>" % prefix))
                assert added.placed is not None  # by _add
                bookmarks.append(added.placed)
                first += len(added.pages)
            xmp, icc = joiner.reserve(), joiner.reserve()
            catalog, info = _document(brand, len(books), date, labels, xmp, icc)
            # The contents' links land where the drug's bookmark does, on its title.
            catalog["/Dests"] = b"<< %s >>" % b" ".join(
                b"/%s %s" % (_destination(i).encode("ascii"), bookmark.dest)
                for i, bookmark in enumerate(bookmarks))
            joiner.finish(catalog, info, bookmarks, _extra(brand, len(books), date, xmp, icc))
            check()  # the last chance to stop: the old binder is still in place
    except (pikepdf.PdfError, JoinError) as e:
        raise BuildError(f"{path}: cannot make the binder: {e}") from e
    except OSError as e:
        raise BuildError(f"{path}: cannot write the binder: {e.strerror or e}") from e
    return Binder(path, len(books), len(joiner.pages), path.stat().st_size,
                  sum(leaflet.size for leaflet in books), joiner.counts.shared_hits,
                  joiner.counts.shared_bytes, joiner.sha256())


def _destination(index: int) -> str:
    return f"leaflet{index + 1}"


def _verified(leaflet: Leaflet) -> bytes:
    data = leaflet.pdf.read_bytes()
    # The file is the one the batch built or found up to date; anything else is a race with
    # another writer, and a binder must not mix two versions of a leaflet.
    if hashlib.sha256(data).hexdigest() != leaflet.sha256:
        raise BuildError(f"{leaflet.pdf} changed while the binder was being made; run again")
    return data


def _printable(title: str) -> bool:
    """Whether ``title`` can go on the contents page: text a leaflet could hold."""
    return not (not title.strip() or len(title) > 1000 or find_unprintable(title)
                or any(_chars.refused(title)) or fonts.undrawable(title, fonts.REGULAR))


def _as_built(leaflet: Leaflet) -> _Read:
    """``leaflet`` with the title and page count its PDF holds."""
    with pikepdf.open(io.BytesIO(_verified(leaflet))) as pdf:
        title = str(pdf.docinfo.get("/Title", ""))
        pages = len(pdf.pages)
        language = _language(pdf)
    if not _printable(title):
        raise BuildError(f"{leaflet.pdf}: its title cannot be printed in the contents; "
                         "rebuild it with --force")
    return _Read(leaflet.pdf, title, pages, leaflet.size, leaflet.sha256, language)


def _language(pdf: pikepdf.Pdf) -> str:
    """The leaflet's language (its catalog's /Lang), if it is a tag a leaflet could have."""
    lang = str(pdf.Root.get("/Lang", ""))
    return lang if is_tag(lang) else ""


def _add(joiner: Joiner, leaflet: _Read) -> Added:
    with pikepdf.open(io.BytesIO(_verified(leaflet))) as pdf:
        title = str(pdf.docinfo.get("/Title", ""))
        if title != leaflet.title or len(pdf.pages) != leaflet.pages \
                or _language(pdf) != leaflet.language:
            raise _Misdescribed(f"{leaflet.pdf} has {len(pdf.pages)} pages, the title "
                                f"{title!r} and the language {_language(pdf)!r}, expected "
                                f"{leaflet.pages}, {leaflet.title!r} and {leaflet.language!r}")
        added = joiner.add(pdf, title=leaflet.title)
    # Its bookmark's headings written now, in the half that joins it, not after the merge;
    # then only the placed item is kept (and handed back from a half), not every heading's.
    placed = _outline.place(joiner, _bookmark(leaflet.title, added.bookmarks, added.pages[0]))
    return dataclasses.replace(added, bookmarks=(), placed=placed)


def _bookmark(title: str, inner: tuple[Bookmark, ...], first_page: int) -> Bookmark:
    """One bookmark per drug: on its title, with the leaflet's headings under it (a leaflet's
    outline is its title with the headings beneath; the title itself is not repeated)."""
    if len(inner) == 1:
        return Bookmark(title, inner[0].dest, inner[0].children)
    return Bookmark(title, b"[ %d 0 R /XYZ null null null ]" % first_page, inner)


def _info(brand: Brand, drugs: int, date: datetime.date) -> SimpleNamespace:
    """The binder's own metadata, in the brand's language, as its cover and contents are;
    each leaflet keeps its own language on its part of the structure tree."""
    w = words.For(brand.language, brand.catalogues)
    return SimpleNamespace(
        title=w(words.BINDER_FULL_TITLE, organisation=brand.organisation),
        author=brand.organisation,
        subject=w.plural(words.BINDER_SUBJECT, drugs, date=w.long_date(date)),
        keywords=w(words.BINDER_KEYWORDS),
        creator=f"handouts {__version__}",
        producer=f"handouts {__version__} (ReportLab, pikepdf)",
    )


def _stamp(date: datetime.date) -> SimpleNamespace:
    # What metadata.xmp reads from ReportLab's PDFDate: midnight UTC of the build date.
    return SimpleNamespace(YMDhms=(date.year, date.month, date.day, 0, 0, 0), dhh=0, dmm=0)


def _document(brand: Brand, drugs: int, date: datetime.date, labels: list[tuple[int, bytes]],
              xmp: int, icc: int) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The catalog's entries and the Info dictionary, serialised."""
    nums = b" ".join(b"%d %s" % (index, label) for index, label in labels)
    icc_name = pikepdf.String(metadata.ICC_NAME).unparse()
    catalog = {
        "/Lang": pikepdf.String(brand.language).unparse(),
        "/PageLabels": b"<< /Nums [ %s ] >>" % nums,
        "/PageMode": b"/UseOutlines",
        # Printed at 100 %, as the leaflets are: large print must not be shrunk to fit.
        "/ViewerPreferences": b"<< /DisplayDocTitle true /PrintScaling /None >>",
        "/Metadata": b"%d 0 R" % xmp,
        "/OutputIntents": b"[ << /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier "
                          b"%s /Info %s /DestOutputProfile %d 0 R >> ]" % (icc_name, icc_name, icc),
    }
    info = _info(brand, drugs, date)
    entries = {"/Title": info.title, "/Author": info.author, "/Subject": info.subject,
               "/Keywords": info.keywords, "/Creator": info.creator, "/Producer": info.producer}
    document_info = {key: pikepdf.String(value).unparse() for key, value in entries.items()}
    document_info["/CreationDate"] = document_info["/ModDate"] = pikepdf.String(
        f"D:{date:%Y%m%d}000000+00'00'").unparse()
    return catalog, document_info


def _extra(brand: Brand, drugs: int, date: datetime.date, xmp_number: int,
           icc_number: int) -> list[tuple[int, bytes, bytes | None]]:
    """The XMP metadata (PDF/A-2a and PDF/UA-1, agreeing with the Info dictionary) and the
    sRGB profile of the output intent."""
    xmp = metadata.xmp(_info(brand, drugs, date), brand.language, _stamp(date))
    icc = metadata.icc_profile()
    return [
        (xmp_number, b"<< /Type /Metadata /Subtype /XML /Length %d >>" % len(xmp), xmp),
        (icc_number, b"<< /N 3 /Filter /FlateDecode /Length %d >>" % len(icc), icc),
    ]
