"""The ``handouts`` command: parses options, calls the library, turns errors into exit codes.

Exit codes: 0 every leaflet built; 1 some input was wrong or a leaflet failed; 2 usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

import handouts
from handouts.errors import HandoutsError, InputError
from handouts.model import PAPER_SIZES, Options

_DEFAULTS = Options()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(handouts.__version__, prog_name="handouts")
def main() -> None:
    """Turn drug monographs written in YAML into branded, printable PDF patient leaflets."""


@main.command()
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out_dir", default=Path("out"), show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the PDFs; each is named after its YAML file (FILE.yaml → FILE.pdf).")
@click.option("--brand", "brand_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Brand file (YAML): organisation, tagline, colours, logo. "
                   "Default: the bundled brand.")
@click.option("--paper", type=click.Choice(PAPER_SIZES, case_sensitive=False),
              default=_DEFAULTS.paper, show_default=True, help="Paper size.")
def build(files: tuple[Path, ...], out_dir: Path, brand_file: Path | None, paper: str) -> None:
    """Build one leaflet per monograph FILE into the output folder.

    Every file is checked in full and all of its problems are reported together; a bad file
    does not stop the others. Nothing is written for a file that fails.
    """
    try:
        brand = handouts.read_brand(brand_file)
    except HandoutsError as e:
        _fail(e)
        sys.exit(1)
    options = Options(paper=paper.lower())
    failed = 0
    for source in files:
        try:
            target, leaflet = handouts.build(source, out_dir, brand, options)
        except HandoutsError as e:
            _fail(e)
            failed += 1
            continue
        click.echo(f"{target} ({leaflet.pages} pages, {len(leaflet.pdf) / 1024:.0f} KB)")
    if failed:
        click.echo(f"{failed} of {len(files)} monographs failed; no PDF was written for them.",
                   err=True)
        sys.exit(1)


def _fail(error: HandoutsError) -> None:
    if isinstance(error, InputError):
        for problem in error.problems:
            click.echo(f"error: {problem}", err=True)
    else:
        click.echo(f"error: {error}", err=True)


if __name__ == "__main__":
    main()
