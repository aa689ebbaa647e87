"""The ``handouts`` command run in this process, as a user would type it."""

from __future__ import annotations

from click.testing import CliRunner

from cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr
