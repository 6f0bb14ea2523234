"""``basemap validate``: check layer files."""

from __future__ import annotations

import click

from ..errors import DataError
from .command import BasemapCommand


@click.command(
    cls=BasemapCommand, short_help="Check layer files and report every problem."
)
@click.argument("paths", nargs=-1, type=click.Path())
@click.pass_context
def validate(ctx, paths):
    """Check layer files (default: the bundled data) against the format.

    Every problem is reported, one per line, with its file, feature id,
    property and a hint; the exit code is 1 if there is any.
    """
    from ..read import expand_paths, validate_layers

    problems = validate_layers(paths or None)
    if problems:
        raise DataError(problems)
    if ctx.obj["verbosity"] >= 0:
        files = expand_paths(paths or None)
        click.echo(f"ok: {len(files)} layer file(s) valid")
