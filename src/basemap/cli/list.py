"""``basemap list``: what is present in a year, as text."""

from __future__ import annotations

import click

from ..report import FORMATS
from .command import BasemapCommand
from .options import data_opt, date_opt, year_opt


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
    default="table",
    show_default=True,
    help="Output format.",
)
def list_(year, when, data, fmt):
    """List each site and operator present (and former sites) in a year.

    \b
    Example:
        basemap list --year 2005 --format csv > 2005.csv
    """
    from ..pipeline import presences
    from ..report import format_presences

    click.echo(format_presences(presences(year, when, data or None), fmt), nl=False)
