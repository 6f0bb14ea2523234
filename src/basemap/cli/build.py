"""``basemap build``: write the map of one year or day."""

from __future__ import annotations

import click

from ..pipeline import build as run
from .command import BasemapCommand
from .options import (
    context_args,
    context_opts,
    data_opt,
    date_opt,
    force_opt,
    tiles_opt,
    title_opt,
    year_opt,
)

__all__ = ["build"]


@click.command(cls=BasemapCommand, short_help="Write the map of a year or a day.")
@year_opt
@date_opt
@data_opt
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Output file, ending in .html. Default: output/YEAR.html (or "
    "output/DATE.html). An existing file is replaced only if basemap wrote "
    "it (or with --force), and never if the run reads it.",
)
@force_opt
@title_opt
@tiles_opt
@context_opts
@click.pass_context
def build(
    ctx, year, when, data, output, force, title, tiles, events, alliances, no_context
):
    """Write a self-contained HTML map of foreign military presence in a year.

    \b
    Example:
        basemap build --year 2005            # writes output/2005.html
        basemap build --date 2005-11-21 -o k2.html
    """
    path = run(
        year=year,
        when=when,
        data=data or None,
        output=output,
        title=title,
        tiles=tiles,
        force=force,
        **context_args(events, alliances, no_context),
    )
    if ctx.obj["verbosity"] >= 0:
        click.echo(str(path))
