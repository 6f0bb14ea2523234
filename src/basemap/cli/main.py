"""The ``basemap`` command group (see :mod:`basemap.cli.command` for errors)."""

from __future__ import annotations

import logging
import os
import sys
from typing import NoReturn

import click

from .._version import __version__
from . import build as build_cmd
from . import compare as compare_cmd
from . import export as export_cmd
from . import list as list_cmd
from . import validate as validate_cmd

__all__ = ["cli", "main"]


def _version() -> str:
    return __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=_version(), prog_name="basemap")
@click.option("-v", "--verbose", count=True, help="Say more (repeatable).")
@click.option("-q", "--quiet", count=True, help="Say less (repeatable).")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: int) -> None:
    """Maps of foreign military presence, year by year, anywhere on Earth.

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


def main(args: list[str] | None = None) -> NoReturn:
    """Run the command line and end the process without tearing it down.

    This is the ``basemap`` program (and ``python -m basemap``). A normal
    exit frees every object one by one: the modules of pandas, shapely and
    folium, and the layers just read. That takes about 0.2 s, a quarter of
    ``basemap build``'s time, for memory the system takes back anyway. So,
    once the command has finished, its output is flushed and the process
    ends at once (as mypy's command line does). Every file is written,
    closed and renamed before this (:mod:`basemap.output.atomic`). An export that
    fails or is interrupted while drawing figures leaves its browser to
    close by itself: Playwright's driver ends with the process and takes
    Chromium and its profile folder with it. :func:`cli` itself, for tests
    and other programs, exits as any click command does.

    Parameters
    ----------
    args
        The arguments (without the program's name); the process's own by
        default.
    """
    try:
        cli.main(args=args, prog_name="basemap")
    except SystemExit as exc:
        code = exc.code
    else:  # pragma: no cover - click's standalone mode always exits
        code = 0
    try:
        if code is not None and not isinstance(code, int):
            # as Python prints a SystemExit's text
            if sys.stderr is not None:
                print(code, file=sys.stderr)
            code = 1
        logging.shutdown()
        for stream in (sys.stdout, sys.stderr):
            if stream is None:  # started without it (basemap ... >&-)
                continue
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed pipe (basemap list | head)
                code = code or 1
    except KeyboardInterrupt:  # Ctrl-C after the command: its files are whole
        code = code or 1
    os._exit(code or 0)
