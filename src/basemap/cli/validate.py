"""``basemap validate``: check layer files and the context files."""

from __future__ import annotations

import click

from ..errors import DataError
from ..pipeline import validate_data
from .command import BasemapCommand
from .options import alliances_opt, events_opt

__all__ = ["validate"]


@click.command(
    cls=BasemapCommand, short_help="Check layer files and report every problem."
)
@click.argument("paths", nargs=-1, type=click.Path())
@events_opt
@alliances_opt
@click.pass_context
def validate(ctx, paths, events, alliances):
    """Check layer files (default: the bundled data) against the format.

    The events and alliances files are checked too: the bundled ones when
    no layer files are given, or those given with --events and --alliances.
    Every problem is reported, one per line, with its file, feature id,
    property and a hint; the exit code is 1 if there is any.
    """
    problems, summary = validate_data(paths or None, events=events, alliances=alliances)
    if problems:
        raise DataError(problems)
    if ctx.obj["verbosity"] >= 0:
        click.echo(summary)
