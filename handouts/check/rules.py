"""Check monographs without building them: every error of each file, then its warnings."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..build import unreviewed, validated
from ..errors import HandoutsError, InputError, Problem, Source
from ..pdf import fonts
from ..run import _pool, batch
from ..source import load
from ..source.fields import FIELDS
from ..source.model import Brand, CheckOptions, Monograph
from . import readability, translations
from .readability import Figures, Readability


@dataclass(frozen=True)
class FileReport:
    """One monograph's outcome: its errors, or its warnings and readability figures."""

    path: str
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...] = ()
    readability: Readability | None = None  # None when the file has errors

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path,
                "errors": [_problem(p) for p in self.errors],
                "warnings": [_problem(p) for p in self.warnings],
                "readability": None if self.readability is None else _figures(self.readability)}


@dataclass(frozen=True)
class Report:
    files: tuple[FileReport, ...]  # in the order the files were found
    options: CheckOptions
    seconds: float = 0.0

    @property
    def errors(self) -> int:
        return sum(len(f.errors) for f in self.files)

    @property
    def warnings(self) -> int:
        return sum(len(f.warnings) for f in self.files)

    @property
    def ok(self) -> bool:
        """No errors, and with ``strict`` no warnings either."""
        return not self.errors and not (self.options.strict and self.warnings)

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data (for ``--format json``)."""
        return {
            "files": [f.as_dict() for f in self.files],
            "totals": {"files": len(self.files), "errors": self.errors,
                       "warnings": self.warnings,
                       "files_with_errors": sum(1 for f in self.files if f.errors),
                       "files_with_warnings": sum(1 for f in self.files if f.warnings)},
            "options": {"max_grade": self.options.max_grade, "strict": self.options.strict},
            "ok": self.ok,
            "seconds": round(self.seconds, 3),
        }


# Files: below this, starting worker processes costs more than it saves. A file takes about
# 3.5 ms; 2 workers check 1,000 files 1.7 times as fast as one process, 25 files no faster
# (bench/check.py, on an idle 2-core machine: others' work there eats the gain).
PARALLEL = 32


def check(paths: Sequence[Path], options: CheckOptions = CheckOptions(),
          brand: Brand | None = None, refused: Mapping[int, str] | None = None) -> Report:
    """Check every file; a file's problems never stop the others, and nothing is written.
    With ``brand``, a monograph's language must be one that brand prints (its catalogues and
    tagline), as ``build --brand`` asks; without, one of the shipped catalogues'. ``refused``:
    why some of ``paths`` are not read at all (``batch.Selection.refused``), by index."""
    start = time.perf_counter()
    done: dict[int, FileReport] = {
        i: FileReport(str(paths[i]), (Problem(str(paths[i]), None, None, "", reason),))
        for i, reason in (refused or {}).items()}
    jobs = [(i, path) for i, path in enumerate(paths) if i not in done]
    workers = min(options.workers, len(jobs))
    if workers < 2 or len(jobs) < PARALLEL:
        done.update(_job(job, options, brand) for job in jobs)
    else:
        # Here: forked workers inherit the fonts and the pronouncing dictionary.
        _warm(options, brand)
        _pool.map_jobs(jobs, _job, (options, brand), workers=workers, setup=_warm,
                       finished=lambda result: done.__setitem__(*result), died=_died)
    files = tuple(done[i] for i in range(len(paths)))
    return Report(files, options, time.perf_counter() - start)


def _job(job: tuple[int, Path], options: CheckOptions,
         brand: Brand | None) -> tuple[int, FileReport]:
    return job[0], check_file(job[1], options, brand)


def _warm(options: CheckOptions, brand: Brand | None = None) -> None:
    """Load what every file needs once per process, not on the first file: the fonts'
    coverage and the pronouncing dictionary (0.7 s)."""
    for face in fonts.FACES:
        fonts.primary_coverage(face)
        fonts.fallback_coverage(face)
    readability.warm()


def _died(job: tuple[int, Path]) -> tuple[int, FileReport]:
    index, path = job
    return index, FileReport(str(path), (Problem(str(path), None, None, "", (
        "internal error: the worker process checking it stopped unexpectedly (a crash, or out "
        "of memory)")),))


def check_file(path: Path, options: CheckOptions = CheckOptions(),
               brand: Brand | None = None) -> FileReport:
    """Validate one monograph as ``build`` does (all its errors), then collect its warnings."""
    shown = str(path)
    if not batch.named_in_utf8(path):  # build refuses it by its name alone
        return FileReport(shown, (Problem(shown, None, None, "", batch.NOT_UTF8),))
    try:
        source = load.read_source(path)
        monograph, root = validated(source, brand)
        keys = _keys(root, source)
        wrong = tuple(sorted(translations.problems(path, shown, monograph, keys, brand),
                             key=lambda p: (p.line or 0, p.column or 0)))
        measured = readability.measure(monograph)
        found = warnings(Checked(shown, monograph, measured, keys, options, brand))
    except InputError as e:
        return FileReport(shown, e.problems)
    except HandoutsError as e:
        return FileReport(shown, (Problem(shown, None, None, "", str(e)),))
    except Exception as e:  # a bug in handouts or a library: name the file, check the others
        reason = (str(e).strip().splitlines() or [""])[0]
        return FileReport(shown, (Problem(shown, None, None, "", (
            f"internal error: {type(e).__name__}" + (f": {reason}" if reason else "")
            + " (a bug in handouts: please report it)")),))
    return FileReport(shown, wrong, tuple(found), measured)


@dataclass(frozen=True)
class Checked:
    """What a warning rule looks at: a monograph that passed validation, and its context."""

    path: str
    monograph: Monograph
    readability: Readability
    keys: dict[str, tuple[int, int]]  # line and column where each top-level key was written
    options: CheckOptions
    brand: Brand | None = None  # the brand it is checked against (--brand), if any

    def at(self, key: str, message: str) -> Problem:
        """A problem pointing at ``key``'s line, or at the whole file for key ""."""
        line, column = self.keys.get(key, (None, None))
        return Problem(self.path, line, column, key, message)


def warnings(checked: Checked) -> list[Problem]:
    """Every warning of a valid monograph, in file order. A new kind of warning (a review
    date that has passed) is one more function in ``RULES``."""
    found = [problem for rule in RULES for problem in rule(checked)]
    # The monograph's own first, then those located in the brand file.
    return sorted(found, key=lambda p: (p.path != checked.path, p.line or 0, p.column or 0))


def _readability(checked: Checked) -> Iterator[Problem]:
    measured, most = checked.readability, checked.options.max_grade
    if measured.leaflet is not None and measured.leaflet.grade > most:
        yield checked.at("", f"the leaflet reads at grade {_grade(measured.leaflet)}, "
                             f"above grade {most:g}")
    for figures in measured.sections:
        if figures.grade > most:
            yield checked.at(figures.key, f"reads at grade {_grade(figures)}, above grade "
                                          f"{most:g}; use shorter sentences and everyday words")


def _review(checked: Checked) -> Iterator[Problem]:
    due = checked.monograph.next_review
    today = checked.options.today or datetime.date.today()
    if due is not None and due < today:
        days = (today - due).days
        yield checked.at("next_review", (
            f"the text was due for review on {due.isoformat()}, {days} day"
            f"{'s' if days != 1 else ''} ago; review it, then update reviewed and next_review"))


def _brand_texts(checked: Checked) -> Iterator[Problem]:
    """A brand text given per language but not in the monograph's: its leaflet prints it in
    the brand's language instead. Located at the brand file's key, as the fix goes there."""
    brand = checked.brand
    if brand is None or brand.contact is None:
        return
    language = checked.monograph.language
    for key, value in brand.contact.texts():
        _, fallback = value.in_language(language)
        if fallback is None:
            continue
        field, primary = key.rsplit(".", 1)[1], language.split("-")[0]
        yield brand.at(key, (
            f"no text in {language!r} for {checked.path}, whose leaflet prints the "
            f"{fallback!r} text instead (tagged {fallback!r}, so that a screen reader "
            f"switches voice); add one (for example {field}: {{{fallback}: ..., "
            f"{primary}: ...}}), found it in: " + ", ".join(value.languages)))


def _draft(checked: Checked) -> Iterator[Problem]:
    """A draft (imported, not reviewed) is valid but cannot be built for patients: say so, and
    what a person still has to write."""
    if not checked.monograph.draft:
        return
    missing = [f.key for f in FIELDS if f.required and f.key not in checked.keys]
    todo = f"; still to write: {', '.join(missing)}" if missing else ""
    notes = "; place or delete its notes" if "notes" in checked.keys else ""
    yield checked.at("status", "a draft, not yet reviewed: build refuses it (build --proof "
                     f"prints a proof for review){todo}{notes}")


def _furniture(checked: Checked) -> Iterator[Problem]:
    """The words handouts adds to the leaflet come from an unreviewed catalogue: as ``build``
    warns, at the language key."""
    message = unreviewed(checked.monograph.language, checked.brand)
    if message is not None:
        yield checked.at("language", message)


RULES: tuple[Callable[[Checked], Iterable[Problem]], ...] = (_readability, _review,
                                                              _brand_texts, _draft, _furniture)


def _grade(figures: Figures) -> str:
    """The grade a warning is about and which formula gave it: "12.3 (SMOG)"."""
    if figures.smog_reliable and figures.smog > figures.flesch_kincaid:
        return f"{figures.smog} (SMOG; Flesch–Kincaid {figures.flesch_kincaid})"
    return f"{figures.flesch_kincaid} (Flesch–Kincaid)"


def _keys(root: load.Raw, source: Source) -> dict[str, tuple[int, int]]:
    # Validation passed, so the root is a mapping of text keys.
    return {key.text: source.position(key.start) for key, _ in root.entries}


def _problem(problem: Problem) -> dict[str, Any]:
    return {"path": problem.path, "line": problem.line, "column": problem.column,
            "key": problem.key_shown, "message": problem.message}


def _figures(measured: Readability) -> dict[str, Any]:
    def one(figures: Figures) -> dict[str, Any]:
        c = figures.counts
        key = {"key": figures.key} if figures.key else {}
        return {**key, "flesch_kincaid": figures.flesch_kincaid,
                "smog": figures.smog, "smog_reliable": figures.smog_reliable,
                "grade": figures.grade, "sentences": c.sentences, "words": c.words,
                "syllables": c.syllables, "polysyllables": c.polysyllables}

    return {"language": measured.language, "measured": measured.leaflet is not None,
            "note": measured.note,
            "leaflet": None if measured.leaflet is None else one(measured.leaflet),
            "sections": [one(f) for f in measured.sections]}
