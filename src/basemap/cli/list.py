"""``basemap list``: what is present in a year, as text or a GIS file.

Printed to a terminal, every line has its control characters shown as
escapes (:func:`basemap.text.visible`): a name in the data cannot set the
window's title, clear the screen or write the clipboard. Printed to a pipe
or a file, the bytes are those ``-o`` writes (click strips nothing).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..output.listing import FORMATS
from ..pipeline import listing, write_listing
from ..text import visible
from .command import BasemapCommand
from .options import data_opt, date_opt, force_opt, year_opt

__all__ = ["list_"]

#: The format an output file's suffix stands for when --format is not given.
SUFFIX_FORMATS = {
    ".csv": "csv",
    ".json": "json",
    ".geojson": "geojson",
    ".gpkg": "gpkg",
    ".txt": "table",
}


@click.command(
    "list", cls=BasemapCommand, short_help="List what is present in a year or on a day."
)
@year_opt
@date_opt
@data_opt
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format. Default: from the -o file's suffix (.csv, .json, "
    ".geojson, .gpkg, .txt), else table.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="FILE",
    help="Write to FILE (atomically) instead of printing; needed for gpkg. "
    "A file the run reads, a FIFO or a device is never replaced, nor (without "
    "--force) a file basemap list did not write.",
)
@click.option(
    "--former",
    is_flag=True,
    default=False,
    help="Also list the sites that had left (the map hides them).",
)
@force_opt
@click.pass_context
def list_(ctx, year, when, data, fmt, output, former, force):
    """List each site and operator the map shows in a year (present or uncertain).

    table, csv and json are reports (the CSV with its sources and longitude
    and latitude columns); geojson and gpkg are GIS layers of the same rows,
    with their sources and periods (the GeoPackage with start and end as
    date fields).

    \b
    Examples:
        basemap list --year 2005 --format csv > 2005.csv
        basemap list --year 2005 -o 2005.gpkg
    """
    if fmt is None:
        fmt = (
            SUFFIX_FORMATS.get(Path(output).suffix.lower(), "table")
            if output
            else "table"
        )
    if output is None:
        text = listing(fmt, year, when, data or None, former=former)
        if sys.stdout.isatty():  # line by line: a line break stays one
            text = "\n".join(visible(line) for line in text.split("\n"))
        click.echo(text, nl=False, color=True)  # (color: strip nothing)
        return
    path = write_listing(
        output, fmt, year, when, data or None, force=force, former=former
    )
    if ctx.obj["verbosity"] >= 0:
        click.echo(str(path))
