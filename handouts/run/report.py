"""What a user sees of a run: progress, each failure's messages, and the summary, as text
lines or one JSON document. It formats; the caller's ``echo`` decides where lines go."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from . import batch, fhir

if TYPE_CHECKING:
    from ..binder.make import Binder

Echo = Callable[..., None]  # echo(message, err=False)
Bar = Callable[[int], AbstractContextManager[Callable[[], None]]]  # a bar of n steps


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


class Report:
    """What the user sees: progress on stderr, errors on stderr, the summary where asked."""

    def __init__(self, plan: batch.Plan, fmt: str, quiet: bool, debug: bool, echo: Echo,
                 bar: Bar | None = None) -> None:
        self.plan = plan
        self.echo = echo
        self.bar = bar  # a terminal's progress bar; None: a line per leaflet
        self.json = fmt == "json"
        self.quiet = quiet
        self.debug = debug
        self.files = plan.manifest is None  # files named one by one: the terse, old output
        self.done = 0
        self.pending: dict[int, batch.Result] = {}  # files mode prints in the files' order
        self.next = 0
        self.order = _reported(plan)

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
        self.echo(f"Building {building} of {building + unchanged} leaflets"
              + (f" ({unchanged} up to date" if unchanged else "")
              + (f"; writing {refresh} FHIR reference{'s' if refresh > 1 else ''}"
                 if refresh else "")
              + (")" if unchanged else ""), err=True)
        if self.bar is not None:
            with self.bar(total) as step:
                yield lambda result: step()
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
            self.echo(f"[{self.done}/{total}] {what}", err=True)

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
                self.echo(f"{done.pdf} ({done.pages} pages, {done.size / 1024:.0f} KB)")
                if done.fhir is not None:
                    self.echo(f"{fhir.json_path(done.pdf)} (FHIR DocumentReference, "
                          f"{done.fhir.size / 1024:.0f} KB)")
        else:
            self._errors(result)

    def _errors(self, result: batch.Result) -> None:
        assert result.failure is not None
        for message in result.failure.messages:
            self.echo(f"error: {message}", err=True)
        if result.failure.traceback:
            if self.debug:
                self.echo(result.failure.traceback.rstrip(), err=True)
            else:
                self.echo("  (a bug in handouts: run with --debug for the traceback)", err=True)

    def summary(self, summary: batch.Summary, made: Binder | None) -> None:
        for warning in summary.warnings:
            self.echo(f"warning: {warning}", err=True)
        if not self.files or self.json:  # files mode shows them as it goes, unless json
            for result in summary.failed:
                self._errors(result)
        if self.json:
            data = summary.as_dict()
            data["binder"] = made.as_dict() if made else None
            self.echo(as_json(data))
            return
        if self.files:
            failed = len(summary.failed)
            if failed:
                self.echo(f"{failed} of {len(summary.results)} monographs failed; no PDF was "
                           "written for them.", err=True)
            if made is not None and not self.quiet:
                self.echo(f"{made.path} ({made.drugs} leaflets, {made.pages} pages, "
                           f"{made.size / 1024:.0f} KB{_unchanged(made)})")
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
                         f"{made.size / 1024:.0f} KB{_unchanged(made)}"))
        rows.append(("time", f"{summary.seconds:.1f} s"))
        for name, value in rows:
            self.echo(f"  {name:<11}{value}", err=True)

def _unchanged(made: Binder) -> str:
    # Left as it was: the leaflets, brand and options it is made of are the same (binders.py).
    return "" if made.written else ", unchanged"


def _reported(plan: batch.Plan) -> list[int]:
    """What a run reports on, in the files' order: the leaflets to build, those refused before
    that, and those whose FHIR reference is written again."""
    return sorted((*plan.todo, *(r.index for r in plan.rejected),
                   *(r.index for r in plan.refresh)))


def interrupted(plan: batch.Plan, summary: batch.Summary) -> str:
    """What a run stopped by Ctrl-C did, and what to do next."""
    left = len(set(_reported(plan)) - {r.index for r in summary.results})
    return (f"interrupted: {len(summary.built)} leaflets built, {left} not; run the same "
            "command again to finish")


def shown(text: str) -> str:
    """``text`` with each byte of a file name that is not UTF-8 (a surrogate escape) written
    as the four characters \\xNN, as a file manager shows it."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that no file name produced
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def as_json(data: Any) -> str:
    """``data`` as JSON, every string shown as in text first: a surrogate escape made \\xNN
    after json.dumps would be a backslash escape that JSON does not have."""
    def each(value: Any) -> Any:
        if isinstance(value, str):
            return shown(value)
        if isinstance(value, dict):
            return {each(k): each(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [each(v) for v in value]
        return value

    return json.dumps(each(data), indent=2, ensure_ascii=False)


def is_terminal(stream: Any) -> bool:
    """Whether ``stream`` is a terminal, where progress is a bar rather than a line a leaflet."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
