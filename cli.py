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

import atexit
import contextlib
import gc
import json
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import click

import handouts
from handouts.errors import HandoutsError, InputError, UsageError
from handouts.run import batch, formulary, interrupts, report
from handouts.run.report import as_json, plural, shown
from handouts.source import options
from handouts.source.model import PAPER_SIZES, BatchOptions, CheckOptions, Options
from handouts.source.options import OptionError

_DEFAULTS = Options()
_BATCH = BatchOptions()
_CHECK = CheckOptions()


class _Command(click.Command):
    """Each kind of failure the library raises is one exit code, here and nowhere else:
    2 for the request (with the command's usage), 1 for an input or the output folder, 130
    for Ctrl-C (with what was finished)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OptionError as e:
            raise click.BadParameter(e.message, ctx, param_hint=f"'{e.option}'") from None
        except UsageError as e:
            raise click.UsageError(str(e), ctx) from None
        except HandoutsError as e:
            _fail(e)
            sys.exit(1)
        except formulary.Interrupted as e:
            _echo(report.interrupted(e.plan, e.summary) if e.binder is None else
                  f"interrupted: the leaflets are built; {e.binder} was not written", err=True)
            sys.exit(130)


class _Group(click.Group):
    """Ctrl-C anywhere exits with 130, as the shell expects: click's own handling says
    "Aborted!" and exits with 1, the code of a failed leaflet."""

    command_class = _Command

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # While click reads the options, as while the modules load: 130, quietly, as nothing
        # was done; by an exception here, which CliRunner (a test) can catch.
        previous = interrupts.on_ctrl_c(interrupts.exit_quietly)
        try:
            return super().main(*args, **kwargs)
        finally:
            interrupts.on_ctrl_c(previous)

    def invoke(self, ctx: click.Context) -> Any:
        # The command stops where it is safe: batch and the binder catch KeyboardInterrupt.
        interrupts.CTRL_C.clear()
        previous = interrupts.on_ctrl_c(interrupts.interrupt)
        try:
            with interrupts.dropped_quietly():
                return super().invoke(ctx)
        except KeyboardInterrupt:
            _echo("interrupted", err=True)
            sys.exit(130)
        except SystemExit as e:
            # A KeyboardInterrupt raised while Python ran a __del__ or a weakref callback is
            # printed and dropped, and the command finishes: it still exits as interrupted.
            if interrupts.CTRL_C.is_set() and e.code != 130:
                _echo("interrupted", err=True)
                sys.exit(130)
            raise
        finally:
            interrupts.on_ctrl_c(previous)


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
@click.option("--scheduler", metavar="ADDRESS",
              help="Build on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786), "
                   "in partitions of leaflets; its workers must see the output folder at the "
                   "same path. The manifest and the summary are kept here, as for a local run.")
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
@click.option("--proof", is_flag=True, default=_DEFAULTS.proof,
              help="A proof for review: builds a draft (status: draft, from handouts import) "
                   "and prints 'DRAFT — not for patients' on every page.")
def build(inputs: tuple[str, ...], out_dir: Path, brand_file: Path | None, paper: str,
          jobs: int | None, scheduler: str | None, force: bool, binder_file: Path | None,
          fhir_url: bool, fhir_inline: bool, fmt: str, quiet: bool, debug: bool, large_print: bool,
          patient_name: str | None, prescriber: str | None, start_date: str | None,
          clinic_phone: str | None, proof: bool) -> None:
    """Build one leaflet per monograph into the output folder.

    Name files, folders (every *.yaml and *.yml file in them) or quoted patterns
    ('data/*.yaml'). Every file is checked in full and all of its problems are reported
    together; a bad file does not stop the others, and nothing is written for it.

    With a folder or a pattern the output folder is kept in step with the formulary: its
    manifest.json records what each PDF was built from, so a re-run rebuilds only what
    changed and removes the PDF of a monograph that was deleted. Progress and a summary are
    shown on standard error.
    """
    copy = (formulary.Copy(patient_name, prescriber, start_date, clinic_phone)
            if any(v is not None for v in (patient_name, prescriber, start_date, clinic_phone))
            else None)
    request = formulary.Request(
        inputs, out_dir, brand_file,
        Options(paper=paper.lower(), large_print=large_print, proof=proof),
        BatchOptions(jobs=jobs, force=force, scheduler=scheduler), binder_file,
        "inline" if fhir_inline else "link" if fhir_url else None, copy)
    listener = _Listener(out_dir, fmt, quiet, debug)
    with interrupts.sigterm_as_ctrl_c():
        outcome = formulary.build_formulary(request, listener)
    assert listener.report is not None
    listener.report.summary(outcome.summary, outcome.binder)
    if outcome.binder_failure is not None:
        _fail(outcome.binder_failure)
    sys.exit(0 if outcome.ok else 1)


@main.command("import")
@click.argument("out_dir", metavar="OUT_DIR", type=click.Path(file_okay=False, path_type=Path))
@click.argument("files", nargs=-1, required=True, metavar="FILE...",
                type=click.Path(dir_okay=False, path_type=Path))
def import_(out_dir: Path, files: tuple[Path, ...]) -> None:
    """Draft a monograph from each label: an FDA SPL document (XML) with a Medication Guide,
    Patient Package Insert or Instructions for Use, or an EU ePI FHIR Bundle (JSON).

    Each draft goes to OUT_DIR marked 'status: draft': build refuses it until reviewed (build
    --proof prints a proof). The report says, per file, what went to each key, what was not
    imported and why, and what check will say. No file is overwritten. Exit status: 0 all
    imported; 1 some could not be (nothing is written for those); 2 usage error.
    """
    from handouts.importers import import_files
    from handouts.page.fit import PAGE  # what the drafts' names and addresses must fit
    outcomes = import_files(out_dir, list(files), PAGE)
    for outcome in outcomes:
        if outcome.error is not None:
            _echo(f"error: {outcome.error}", err=True)
        for line in outcome.report():
            _echo(line)
    done = sum(o.ok for o in outcomes)
    _echo(f"{plural(done, 'label')} imported, {len(outcomes) - done} failed", err=True)
    sys.exit(0 if done == len(outcomes) else 1)


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
    from handouts.page.fit import PAGE
    from handouts.pdf.write import write_new
    from handouts.source import template

    name = options.option_text("NAME", name, drug=PAGE)
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
    # textstat and its dictionary: only when asked for
    from handouts.check import rules as checking
    from handouts.check.text import lines

    selection = batch.discover(inputs)
    # Without --brand, the shipped catalogues decide which languages print.
    brand = handouts.read_brand(brand_file) if brand_file is not None else None
    options = CheckOptions(max_grade=max_grade, strict=strict, jobs=jobs)
    checked = checking.check(selection.sources, options, brand, selection.refused)
    if fmt == "json":
        _echo(as_json(checked.as_dict()))
    else:
        for file in checked.files:
            for line in lines(file, quiet):
                _echo(line)
        if not quiet:
            _echo(f"{plural(len(checked.files), 'file')} checked: "
                  f"{plural(checked.errors, 'error')}, {plural(checked.warnings, 'warning')} "
                  f"({checked.seconds:.1f} s)", err=True)
    sys.exit(0 if checked.ok else 1)


class _Listener(formulary.Listener):
    """The run as the terminal shows it: a bar on a terminal, else a line per leaflet."""

    def __init__(self, out_dir: Path, fmt: str, quiet: bool, debug: bool) -> None:
        self.out_dir, self.fmt, self.quiet, self.debug = out_dir, fmt, quiet, debug
        self.report: report.Report | None = None

    def waiting(self) -> None:
        if not self.quiet:
            _echo(f"{self.out_dir}: another handouts run is building into this folder; "
                  "waiting for it to finish", err=True)

    def planned(self, plan: batch.Plan) -> AbstractContextManager[Any]:
        bar = _bar if report.is_terminal(sys.stderr) else None
        self.report = report.Report(plan, self.fmt, self.quiet, self.debug, _echo, bar)
        return self.report.progress()

    def uninterruptible(self) -> AbstractContextManager[Callable[[], None]]:
        return interrupts.held()


@main.command()
@click.option("--data", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=Path("data"), show_default=True, help="Folder of monographs to offer.")
@_BRAND
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; any other than this machine's needs "
                   "HANDOUTS_WEB_SECRET set (README, \"The front desk\").")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free one).")
@click.option("--fhir-server", metavar="URL", help="FHIR R4 base to file leaflets to a "
              "patient's record (bearer token: HANDOUTS_FHIR_TOKEN).")
def serve(data: Path, brand_file: Path | None, host: str, port: int,
          fhir_server: str | None) -> None:
    """Serve the front desk: search, preview, print, download and file leaflets."""
    from handouts.web import app, serve

    serve.serve(app.configured(os.environ, data, brand_file, fhir_server), host, port,
                lambda url: _echo(f"handouts: the front desk is at {url} (Ctrl-C stops it)",
                                  err=True))


@contextlib.contextmanager
def _bar(total: int) -> Iterator[Callable[[], None]]:
    with click.progressbar(length=total, label="", show_pos=True, show_eta=True,
                           file=sys.stderr) as bar:
        yield lambda: bar.update(1)


def _echo(message: str = "", err: bool = False) -> None:
    """click.echo, showing the bytes of a file name that is not UTF-8 as \\x escapes
    instead of failing to print it."""
    click.echo(shown(message), err=err)


def _fail(error: HandoutsError) -> None:
    if isinstance(error, InputError):
        for problem in error.problems:
            _echo(f"error: {problem}", err=True)
    else:
        _echo(f"error: {error}", err=True)


if _STARTING:  # imported: _Group.main holds Ctrl-C again when the command runs
    signal.signal(signal.SIGINT, signal.default_int_handler)
# Python's last collection at exit walked every object the modules made: ~60 ms of a build.
atexit.register(gc.freeze)  # frozen, not walked; every file is closed before a command ends

if __name__ == "__main__":
    main()
