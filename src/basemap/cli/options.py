"""Options shared by several commands."""

from __future__ import annotations

import click

__all__ = [
    "alliances_opt",
    "context_args",
    "context_opts",
    "data_opt",
    "date_opt",
    "events_opt",
    "force_opt",
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
events_opt = click.option(
    "--events",
    default=None,
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Events file (GeoJSON). Default: the bundled events.",
)
alliances_opt = click.option(
    "--alliances",
    default=None,
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Alliance memberships file (JSON). Default: the bundled ones.",
)
force_opt = click.option(
    "--force",
    is_flag=True,
    default=False,
    help="Replace existing files basemap did not write. Inputs are never replaced.",
)
no_context_opt = click.option(
    "--no-context",
    is_flag=True,
    default=False,
    help="Leave out the events panel and the alliance shadings.",
)


def context_opts(f):
    """--events, --alliances and --no-context."""
    return events_opt(alliances_opt(no_context_opt(f)))


def context_args(events, alliances, no_context) -> dict:
    """The library's ``events``/``alliances`` arguments for these options."""
    if no_context:
        return {"events": False, "alliances": False}
    return {"events": events, "alliances": alliances}
