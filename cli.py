"""The ``handouts`` command: parses options, calls the library, turns errors into exit codes.

Exit codes: 0 every leaflet built; 1 some input was wrong or a leaflet failed; 2 usage error;
130 interrupted (what was finished is kept; run the same command again to finish).
"""

from __future__ import annotations

import _signal  # signal's C module, loaded with the interpreter: signal.py costs milliseconds
import os


def _exit_at_once(signum: int, frame: object) -> None:
    os._exit(130)  # nothing was done; an exception could be swallowed (importlib ignores some)


# Ctrl-C while the modules below load (half a second) printed a KeyboardInterrupt traceback
# and exited -2: until the command runs, it exits with 130 and says nothing. Not over a handler
# someone else installed (python -m handouts: the package's own); restored at the end of this
# module, for a program (pytest) that merely imports it.
_STARTING = _signal.getsignal(_signal.SIGINT) is _signal.default_int_handler
try:
    if _STARTING:
        _signal.signal(_signal.SIGINT, _exit_at_once)
except ValueError:  # not the main thread: signals are not ours to set
    _STARTING = False

import contextlib
import json
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

import handouts
from handouts.errors import HandoutsError, InputError
from handouts.run import batch, fhir, manifest
from handouts.source import validate
from handouts.source.model import PAPER_SIZES, BatchOptions, CheckOptions, Options

if TYPE_CHECKING:
    from handouts.binder import make as binder
    from handouts.check.rules import FileReport

_DEFAULTS = Options()
_BATCH = BatchOptions()
_CHECK = CheckOptions()


class _Group(click.Group):
    """Ctrl-C anywhere exits with 130, as the shell expects: click's own handling says
    "Aborted!" and exits with 1, the code of a failed leaflet."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # While click reads the options, as while the modules load: 130, quietly, as nothing
        # was done; by an exception here, which CliRunner (a test) can catch.
        previous = _on_ctrl_c(_exit_quietly)
        try:
            return super().main(*args, **kwargs)
        finally:
            _on_ctrl_c(previous)

    def invoke(self, ctx: click.Context) -> Any:
        # The command stops where it is safe: batch and the binder catch KeyboardInterrupt.
        previous = _on_ctrl_c(signal.default_int_handler)
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            _echo("interrupted", err=True)
            sys.exit(130)
        finally:
            _on_ctrl_c(previous)


def _exit_quietly(signum: int, frame: object) -> None:
    raise SystemExit(130)


def _on_ctrl_c(handler: Any) -> Any:
    """Make ``handler`` SIGINT's and return the one before (None: nothing changed). Not when
    SIGINT is ignored (nohup, a background job: the caller's choice), outside the main thread
    (a CliRunner in a thread), where signals cannot be set, nor for None."""
    if (handler is None or threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) == signal.SIG_IGN):
        return None
    return signal.signal(signal.SIGINT, handler)


# build and check read the same brand: its catalogues and taglines decide which languages print.
_BRAND = click.option(
    "--brand", "brand_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Brand file (YAML): organisation, tagline, colours, logo, contact, languages. "
         "Default: the bundled brand.")


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(handouts.__version__, prog_name="handouts")
def main() -> None:
    """Turn drug monographs written in YAML into branded, printable PDF patient leaflets."""


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="FILE|FOLDER|PATTERN...")
@click.option("-o", "--output", "out_dir", default=Path("out"), show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the PDFs; each is named after its YAML file (FILE.yaml → FILE.pdf).")
@_BRAND
@click.option("--paper", type=click.Choice(PAPER_SIZES, case_sensitive=False),
              default=_DEFAULTS.paper, show_default=True, help="Paper size.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=_BATCH.jobs,
              help=f"Worker processes building leaflets at once. [default: one per CPU, "
                   f"here {_BATCH.workers}]")
@click.option("--force", is_flag=True, default=_BATCH.force,
              help="Rebuild every leaflet of a folder or pattern, even those the output "
                   "folder's manifest.json shows as up to date.")
@click.option("--binder", "binder_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write every leaflet into this one PDF: cover, contents, the leaflets in "
                   "alphabetical order, a bookmark per drug.")
@click.option("--fhir", "fhir_url", is_flag=True,
              help="Also write a FHIR R4 DocumentReference beside each PDF (FILE.fhir.json) "
                   "that links to it, for an EHR to import; dated by SOURCE_DATE_EPOCH when "
                   "set. Without it, the ones a folder's earlier run wrote are removed.")
@click.option("--fhir-inline", is_flag=True,
              help="As --fhir, with the PDF inside the DocumentReference (base64) instead of "
                   "a link to the file beside it.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True,
              help="json: print a machine-readable summary on standard output instead.")
@click.option("-q", "--quiet", is_flag=True,
              help="No progress and no summary; errors are still shown.")
@click.option("--debug", is_flag=True,
              help="Show the traceback when a leaflet fails because of a bug in handouts.")
@click.option("--large-print", is_flag=True, default=_DEFAULTS.large_print,
              help="Large print: 16 pt body text, larger headings, wider line spacing, nothing "
                   "below 14 pt, on the same paper.")
@click.option("--for", "patient_name", metavar="NAME",
              help="Make this patient's copy: a 'Prepared for' box on page 1. Files named one "
                   "by one only, into a folder that is not a formulary's; the name is printed "
                   "in the PDF and nowhere else.")
@click.option("--prescriber", metavar="NAME", help="The prescriber, in the 'Prepared for' box.")
@click.option("--start-date", metavar="YYYY-MM-DD",
              help="The treatment's start date, in the 'Prepared for' box.")
@click.option("--clinic-phone", metavar="NUMBER",
              help="The patient's clinic phone, in the 'Prepared for' box and first in the "
                   "urgent box.")
def build(inputs: tuple[str, ...], out_dir: Path, brand_file: Path | None, paper: str,
          jobs: int | None, force: bool, binder_file: Path | None, fhir_url: bool,
          fhir_inline: bool, fmt: str, quiet: bool, debug: bool, large_print: bool,
          patient_name: str | None, prescriber: str | None, start_date: str | None,
          clinic_phone: str | None) -> None:
    """Build one leaflet per monograph into the output folder.

    Name files, folders (every *.yaml and *.yml file in them) or quoted patterns
    ('data/*.yaml'). Every file is checked in full and all of its problems are reported
    together; a bad file does not stop the others, and nothing is written for it.

    With a folder or a pattern the output folder is kept in step with the formulary: its
    manifest.json records what each PDF was built from, so a re-run rebuilds only what
    changed and removes the PDF of a monograph that was deleted. Progress and a summary are
    shown on standard error.
    """
    try:
        selection = batch.discover(inputs)
    except batch.UsageError as e:
        raise click.UsageError(str(e)) from None
    patient = None
    if any(v is not None for v in (patient_name, prescriber, start_date, clinic_phone)):
        if binder_file is not None:
            raise click.UsageError("a patient's copy cannot go into a binder; leave out --binder")
        try:
            patient = validate.patient(patient_name, prescriber, start_date, clinic_phone)
        except validate.OptionError as e:
            raise click.BadParameter(e.message, param_hint=f"'{e.option}'") from None
    request = None
    if fhir_url or fhir_inline:
        try:  # before any work, as for the binder
            request = fhir.request(fhir_inline, os.environ)
        except HandoutsError as e:
            raise click.UsageError(str(e)) from None
    date = None
    if binder_file is not None:
        taken = {handouts.output_path(s, out_dir).resolve() for s in selection.sources}
        if request is not None:
            taken |= {fhir.json_path(pdf) for pdf in taken}
        if binder_file.resolve() in taken | {(out_dir / name).resolve()
                                             for name in (manifest.FILE, manifest.LOCK)}:
            raise click.UsageError(f"--binder {binder_file} would overwrite a leaflet, its "
                                   "FHIR reference, the manifest or its lock")
        with _held_interrupts() as checkpoint:  # pikepdf's start-up may not be interrupted
            from handouts.binder import (
                make as binder,  # pikepdf: a sixth of start-up, only when asked for
            )
        checkpoint()
        try:  # before any work: a bad date would otherwise fail only at the very end
            date = binder.build_date(os.environ)
        except HandoutsError as e:
            raise click.UsageError(str(e)) from None
    brand = _read_brand(brand_file)
    options = Options(paper=paper.lower(), large_print=large_print)
    made, failure = None, None
    # The lock from the plan (which reads the manifest) to the binder (which reads the PDFs);
    # a patient's copy keeps no manifest (and from a folder, plan refuses it at once).
    with _sigterm_interrupts(), _locked(out_dir, selection.formulary and patient is None, quiet):
        try:
            plan = batch.plan(selection, out_dir, brand, options, force=force,
                              fhir_request=request, patient=patient)
        except batch.UsageError as e:
            raise click.UsageError(str(e)) from None
        report = _Report(plan, fmt, quiet, debug)
        try:
            with report.progress() as progress:
                summary = batch.run(plan, BatchOptions(jobs=jobs, force=force), progress)
        except batch.Interrupted as e:
            report.interrupted(e.summary)
            sys.exit(130)
        except HandoutsError as e:  # the output folder itself: manifest, stale PDFs
            _fail(e)
            sys.exit(1)
        if binder_file is not None:
            try:
                with _held_interrupts() as checkpoint:
                    made = binder.make(summary.leaflets, brand, binder_file, options, date,
                                       checkpoint)
            except HandoutsError as e:
                failure = e
            except KeyboardInterrupt:
                _echo(f"interrupted: the leaflets are built; {binder_file} was not written",
                      err=True)
                sys.exit(130)
    report.summary(summary, made)
    if failure is not None:
        _fail(failure)
    sys.exit(0 if summary.ok and failure is None else 1)


@main.command()
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of the monograph format.

    Point your editor's YAML extension at it to have monographs checked as you type (see the
    README); `handouts check` checks what a schema cannot.
    """
    from handouts.source.schema import schema as make

    _echo(json.dumps(make(), indent=2, sort_keys=True, ensure_ascii=False))


@main.command()
@click.argument("name")
@click.option("-o", "--output", "path", type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write. [default: data/<name in lower case, with hyphens>.yaml]")
def new(name: str, path: Path | None) -> None:
    """Write a template monograph for the drug NAME, with every key of the format and a
    comment on what belongs there. It never overwrites a file, and it cannot build until it
    is filled in."""
    from handouts.pdf.write import write_new
    from handouts.source import template

    try:
        name = validate.option_text("NAME", name, drug=True)
    except validate.OptionError as e:
        raise click.BadParameter(e.message, param_hint="'NAME'") from None
    if path is None:
        if not template.file_name(name):
            raise click.UsageError("no file name can be made from this name; give one with -o")
        path = Path("data") / template.file_name(name)
    try:
        write_new(path, template.template(name).encode("utf-8"))
    except FileExistsError:
        _echo(f"error: {path} exists; it was left as it is (choose another file with -o)",
              err=True)
        sys.exit(1)
    except OSError as e:
        _echo(f"error: {path}: cannot write the template: {e.strerror or e}", err=True)
        sys.exit(1)
    _echo(f"{path}: fill it in, then run handouts check {path}")


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="FILE|FOLDER|PATTERN...")
@click.option("--max-grade", type=click.FloatRange(min=0), default=_CHECK.max_grade,
              show_default=True,
              help="Warn about a section, or a whole leaflet, that reads above this US school "
                   "grade (patient material: grade 6 to 8).")
@click.option("--strict", is_flag=True, default=_CHECK.strict,
              help="Count warnings as errors: exit with 1 if there are any.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=_CHECK.jobs,
              help=f"Worker processes for many files (a few files are checked in this "
                   f"process). [default: one per CPU, here {_CHECK.workers}]")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True,
              help="json: print one JSON document on standard output: each file's errors, "
                   "warnings and readability figures, and the totals.")
@click.option("-q", "--quiet", is_flag=True,
              help="Print only the errors and warnings: no figures and no summary.")
@_BRAND
def check(inputs: tuple[str, ...], max_grade: float, strict: bool, jobs: int | None, fmt: str,
          quiet: bool, brand_file: Path | None) -> None:
    """Check monographs before a release, writing nothing.

    Name files, folders (every *.yaml and *.yml file in them) or quoted patterns
    ('data/*.yaml'), as for build. Each file is validated exactly as build validates it, and
    every problem is printed as "error: FILE:LINE:COLUMN: KEY: MESSAGE", the format editors
    and CI jump to. A valid file then gets its readability (Flesch-Kincaid grade and SMOG
    index, English only) and "warning: ..." lines for each section, and the whole leaflet,
    that reads above --max-grade. With --brand, a monograph's language must be one that
    brand prints, as for build --brand.

    Exit status: 0 no errors (warnings allowed, unless --strict); 1 errors, or warnings with
    --strict; 2 usage error (a missing file or folder).
    """
    from handouts.check import rules as checking  # textstat and its dictionary: only when asked for

    try:
        selection = batch.discover(inputs)
    except batch.UsageError as e:
        raise click.UsageError(str(e)) from None
    # Without --brand, the shipped catalogues decide which languages print.
    brand = _read_brand(brand_file) if brand_file is not None else None
    options = CheckOptions(max_grade=max_grade, strict=strict, jobs=jobs)
    report = checking.check(selection.sources, options, brand, selection.refused)
    if fmt == "json":
        _echo(_json(report.as_dict()))
    else:
        for file in report.files:
            _check_lines(file, quiet)
        if not quiet:
            _echo(f"{_plural(len(report.files), 'file')} checked: "
                  f"{_plural(report.errors, 'error')}, {_plural(report.warnings, 'warning')} "
                  f"({report.seconds:.1f} s)", err=True)
    sys.exit(0 if report.ok else 1)


def _check_lines(file: FileReport, quiet: bool) -> None:
    for problem in file.errors:
        _echo(f"error: {problem}")
    measured = file.readability
    if measured is not None and not quiet:
        if measured.leaflet is None:
            _echo(f"{file.path}: readability: {measured.note}")
        else:
            whole = measured.leaflet
            smog = f"SMOG {whole.smog}"
            if not whole.smog_reliable:
                smog += f" (from {whole.counts.sentences} sentences; it needs 30)"
            line = f"grade {whole.flesch_kincaid} (Flesch–Kincaid), {smog}"
            if measured.hardest is not None:
                line += f"; highest: {measured.hardest.key} {measured.hardest.grade}"
            _echo(f"{file.path}: readability: {line}")
    for problem in file.warnings:
        _echo(f"warning: {problem}")


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


class _Report:
    """What the user sees: progress on stderr, errors on stderr, the summary where asked."""

    def __init__(self, plan: batch.Plan, fmt: str, quiet: bool, debug: bool) -> None:
        self.plan = plan
        self.json = fmt == "json"
        self.quiet = quiet
        self.debug = debug
        self.files = plan.manifest is None  # files named one by one: the terse, old output
        self.done = 0
        self.pending: dict[int, batch.Result] = {}  # files mode prints in the files' order
        self.next = 0
        # What the run reports on: the leaflets to build, and the files refused before that.
        self.order = sorted((*plan.todo, *(r.index for r in plan.rejected),
                             *(r.index for r in plan.refresh)))

    @contextlib.contextmanager
    def progress(self) -> Iterator[Any]:
        total = len(self.order)
        if self.files:
            yield None if self.json else self._in_order
            return
        if self.quiet or total == 0:
            yield None
            return
        refresh = len(self.plan.refresh)
        unchanged = len(self.plan.unchanged) + refresh
        building = total - refresh
        _echo(f"Building {building} of {building + unchanged} leaflets"
              + (f" ({unchanged} up to date" if unchanged else "")
              + (f"; writing {refresh} FHIR reference{'s' if refresh > 1 else ''}"
                 if refresh else "")
              + (")" if unchanged else ""), err=True)
        if _is_terminal(sys.stderr):
            with click.progressbar(length=total, label="", show_pos=True, show_eta=True,
                                   file=sys.stderr) as bar:
                yield lambda result: bar.update(1)
            return

        def line(result: batch.Result) -> None:
            self.done += 1
            done = result.leaflet
            if result.status == "failed" or done is None:
                what = f"failed {result.source}"
            elif result.status == "unchanged":  # a leaflet up to date: its reference alone
                what = f"wrote {fhir.json_path(done.pdf)}"
            else:
                what = f"built {done.pdf}" + (f" and {fhir.json_path(done.pdf).name}"
                                              if done.fhir else "")
            _echo(f"[{self.done}/{total}] {what}", err=True)

        yield line

    def _in_order(self, result: batch.Result) -> None:
        # Workers finish in any order; files mode reports in the order the files were named.
        self.pending[result.index] = result
        todo = self.order
        while self.next < len(todo) and todo[self.next] in self.pending:
            self._file_line(self.pending.pop(todo[self.next]))
            self.next += 1

    def _file_line(self, result: batch.Result) -> None:
        done = result.leaflet
        if result.status != "failed" and done is not None:
            if not self.quiet:
                _echo(f"{done.pdf} ({done.pages} pages, {done.size / 1024:.0f} KB)")
                if done.fhir is not None:
                    _echo(f"{fhir.json_path(done.pdf)} (FHIR DocumentReference, "
                          f"{done.fhir.size / 1024:.0f} KB)")
        else:
            self._errors(result)

    def _errors(self, result: batch.Result) -> None:
        assert result.failure is not None
        for message in result.failure.messages:
            _echo(f"error: {message}", err=True)
        if result.failure.traceback:
            if self.debug:
                _echo(result.failure.traceback.rstrip(), err=True)
            else:
                _echo("  (a bug in handouts: run with --debug for the traceback)", err=True)

    def summary(self, summary: batch.Summary, made: binder.Binder | None) -> None:
        for warning in summary.warnings:
            _echo(f"warning: {warning}", err=True)
        if not self.files or self.json:  # files mode shows them as it goes, unless json
            for result in summary.failed:
                self._errors(result)
        if self.json:
            data = summary.as_dict()
            data["binder"] = made.as_dict() if made else None
            _echo(_json(data))
            return
        if self.files:
            failed = len(summary.failed)
            if failed:
                _echo(f"{failed} of {len(summary.results)} monographs failed; no PDF was "
                           "written for them.", err=True)
            if made is not None and not self.quiet:
                _echo(f"{made.path} ({made.drugs} leaflets, {made.pages} pages, "
                           f"{made.size / 1024:.0f} KB)")
            return
        if self.quiet:
            return
        rows = [("built", f"{len(summary.built)}"),
                ("unchanged", f"{len(summary.unchanged)}"),
                ("failed", f"{len(summary.failed)}"
                 + (": " + ", ".join(str(r.source) for r in summary.failed) if summary.failed
                    else ""))]
        if summary.removed:
            rows.append(("removed", f"{len(summary.removed)} (monograph gone): "
                         + ", ".join(str(p) for p in summary.removed)))
        dropped = summary.references_removed
        if self.plan.fhir is not None or dropped:
            parts = []
            if self.plan.fhir is not None:
                written = len(summary.references_written)
                parts += [f"{written} written", f"{len(summary.references) - written} up to date"]
            if dropped:
                parts.append(f"{len(dropped)} removed"
                             + (" (no --fhir)" if self.plan.fhir is None else "")
                             + ": " + ", ".join(str(p) for p in dropped))
            rows.append(("fhir", ", ".join(parts)))
        rows.append(("pages", f"{summary.pages}"))
        if made is not None:
            rows.append(("binder", f"{made.path}: {made.drugs} leaflets, {made.pages} pages, "
                         f"{made.size / 1024:.0f} KB"))
        rows.append(("time", f"{summary.seconds:.1f} s"))
        for name, value in rows:
            _echo(f"  {name:<11}{value}", err=True)

    def interrupted(self, summary: batch.Summary) -> None:
        left = len(set(self.order) - {r.index for r in summary.results})
        _echo(f"interrupted: {len(summary.built)} leaflets built, {left} not; "
                   "run the same command again to finish", err=True)


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def _held_interrupts() -> Iterator[Callable[[], None]]:
    """Hold Ctrl-C and SIGTERM back while pikepdf works: a KeyboardInterrupt raised inside
    its C++ code aborts the process (SIGABRT) or surfaces as a PDF error. Yields the check
    that raises it, for the binder to call where stopping is safe."""
    if threading.current_thread() is not threading.main_thread():
        yield lambda: None
        return
    arrived: list[int] = []

    def hold(signum: int, frame: Any) -> None:
        arrived.append(signum)

    def checkpoint() -> None:
        if arrived:
            raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, hold) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield checkpoint
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def _locked(out_dir: Path, formulary: bool, quiet: bool) -> Iterator[None]:
    """One formulary run at a time in a folder. A second one (a cron rebuild overlapping a
    manual build) waits for the first and then does what is left, usually nothing: both
    succeed, rather than the one that came second failing for no fault of its own."""
    if not formulary:  # no manifest to keep; each PDF is written atomically
        yield
        return

    def waiting() -> None:
        if not quiet:
            _echo(f"{out_dir}: another handouts run is building into this folder; waiting "
                  "for it to finish", err=True)

    with contextlib.ExitStack() as held:
        try:
            held.enter_context(manifest.locked(out_dir, waiting))
        except HandoutsError as e:
            _fail(e)
            sys.exit(1)
        yield


@contextlib.contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM (a scheduler stopping the job) stops the batch as Ctrl-C does: the leaflets in
    hand are finished and recorded. Restored afterwards: CliRunner runs us inside pytest."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _echo(message: str = "", err: bool = False) -> None:
    """click.echo, showing the bytes of a file name that is not UTF-8 as \\x escapes
    instead of failing to print it."""
    click.echo(_shown(message), err=err)


def _shown(text: str) -> str:
    """``text`` with each byte of a file name that is not UTF-8 (a surrogate escape) written
    as the four characters \\xNN, as a file manager shows it."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that no file name produced
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _json(data: Any) -> str:
    """``data`` as JSON, every string shown as in text first: a surrogate escape made \\xNN
    after json.dumps would be a backslash escape that JSON does not have."""
    def shown(value: Any) -> Any:
        if isinstance(value, str):
            return _shown(value)
        if isinstance(value, dict):
            return {shown(k): shown(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [shown(v) for v in value]
        return value

    return json.dumps(shown(data), indent=2, ensure_ascii=False)


def _read_brand(path: Path | None) -> handouts.Brand:
    """The brand file (the bundled brand for None); its problems end the run with exit 1."""
    try:
        return handouts.read_brand(path)
    except HandoutsError as e:
        _fail(e)
        sys.exit(1)


def _fail(error: HandoutsError) -> None:
    if isinstance(error, InputError):
        for problem in error.problems:
            _echo(f"error: {problem}", err=True)
    else:
        _echo(f"error: {error}", err=True)


if _STARTING:  # imported: _Group.main holds Ctrl-C again when the command runs
    signal.signal(signal.SIGINT, signal.default_int_handler)

if __name__ == "__main__":
    main()
