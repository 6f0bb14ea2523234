"""The ``basemap`` command group (see :mod:`basemap.cli.command` for errors)."""

from __future__ import annotations

import logging
import sys

import click

from . import build as build_cmd
from . import compare as compare_cmd
from . import export as export_cmd
from . import list as list_cmd
from . import validate as validate_cmd

__all__ = ["cli"]


def _version() -> str:
    from .. import __version__

    return __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=_version(), prog_name="basemap")
@click.option("-v", "--verbose", count=True, help="Say more (repeatable).")
@click.option("-q", "--quiet", count=True, help="Say less (repeatable).")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: int) -> None:
    """Maps of foreign military presence in Central Asia, year by year.

    Build an offline HTML map of a year, compare two years, list what is
    present, or check layer files. Run 'basemap COMMAND --help' for each
    command's options.
    """
    level = logging.WARNING - 10 * verbose + 10 * quiet
    logging.basicConfig(
        level=max(level, logging.DEBUG),
        stream=sys.stderr,
        format="basemap: %(message)s",
    )
    ctx.obj = {"verbosity": verbose - quiet}


cli.add_command(build_cmd.build)
cli.add_command(compare_cmd.compare)
cli.add_command(export_cmd.export)
cli.add_command(list_cmd.list_)
cli.add_command(validate_cmd.validate)
