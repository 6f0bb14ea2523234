"""Options shared by several commands."""

from __future__ import annotations

import click

__all__ = [
    "data_opt",
    "date_opt",
    "tiles_opt",
    "title_opt",
    "year_opt",
]

year_opt = click.option(
    "--year",
    type=int,
    default=None,
    metavar="YYYY",
    help="Year to show (e.g. 2005). Give --year or --date.",
)
date_opt = click.option(
    "--date",
    "when",
    default=None,
    metavar="YYYY-MM-DD",
    help="Day to show, instead of a year.",
)
data_opt = click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(),
    metavar="PATH",
    help="Layer file or folder of layers (repeatable). Default: the bundled data.",
)
title_opt = click.option(
    "--title",
    default=None,
    help="Title drawn on the map.",
)
tiles_opt = click.option(
    "--tiles",
    default=None,
    metavar="NAME",
    help="Add an online tile layer by its xyzservices name (e.g. "
    "'Esri.WorldGrayCanvas'). Default: none, so the map works offline.",
)
