"""``basemap export``: every year at once, for reports."""

from __future__ import annotations

import sys

import click

from ..exporter.run import FORMATS
from ..exporter.run import export as run
from .command import BasemapCommand
from .options import (
    context_args,
    context_opts,
    data_opt,
    force_opt,
    tiles_opt,
    title_opt,
)

__all__ = ["export"]


def _formats(ctx, param, value: tuple[str, ...]) -> list[str]:
    out = []
    for item in value or ("html",):
        for name in item.split(","):
            name = name.strip().lower()
            if name not in FORMATS:
                raise click.BadParameter(
                    f"{name!r} is not one of {', '.join(FORMATS)}", ctx, param
                )
            out.append(name)
    return out


@click.command(cls=BasemapCommand, short_help="Export every year: maps, images, index.")
@click.option(
    "--from",
    "first",
    type=int,
    default=None,
    metavar="YYYY",
    help="First year. Default: the earliest start in the data.",
)
@click.option(
    "--to",
    "last",
    type=int,
    default=None,
    metavar="YYYY",
    help="Last year. Default: the data's as_of year.",
)
@click.option(
    "-o",
    "--output",
    "folder",
    type=click.Path(file_okay=False),
    default="output",
    show_default=True,
    help="Output folder. basemap replaces or removes only the files it wrote "
    "there (listed in its .basemap-manifest.json), and stops before writing "
    "anything if an output would replace another file.",
)
@force_opt
@click.option(
    "--format",
    "formats",
    multiple=True,
    callback=_formats,
    metavar="FMT[,FMT]",
    help=f"One or more of {', '.join(FORMATS)} "
    "(repeatable or comma-separated). Default: html.",
)
@click.option(
    "--template",
    "name",
    default="{year}.html",
    show_default=True,
    help="File name of a year's map; other formats change the extension.",
)
@click.option(
    "--base-url",
    default=None,
    metavar="URL",
    help="Address where the maps will be published: the embed snippets point "
    "there (default: relative, with a warning).",
)
@click.option(
    "--preset",
    type=click.Choice(["report", "slide", "social"]),
    default=None,
    help="Figure size: report (A4 landscape, 1123x794), slide (16:9, 1600x900) "
    "or social (1200x630). --width and --height override it.",
)
@click.option(
    "--width", type=int, default=None, help="Figure width in CSS pixels [1200]."
)
@click.option(
    "--height", type=int, default=None, help="Figure height in CSS pixels [800]."
)
@click.option(
    "--scale",
    type=float,
    default=1.0,
    show_default=True,
    help="Device pixel ratio of PNG images (2 for print).",
)
@data_opt
@title_opt
@tiles_opt
@context_opts
@click.pass_context
def export(
    ctx,
    first,
    last,
    folder,
    force,
    formats,
    name,
    base_url,
    preset,
    width,
    height,
    scale,
    data,
    title,
    tiles,
    events,
    alliances,
    no_context,
):
    """Export every year as maps (and images), with a timeline page, an index,
    changes.csv and embed snippets.

    \b
    Example:
        basemap export --from 1991 --to 2025 -o output/ --format html,png,svg
    """
    options = dict(
        first=first,
        last=last,
        data=data or None,
        formats=formats,
        name=name,
        title=title,
        tiles=tiles,
        base_url=base_url,
        preset=preset,
        width=width,
        height=height,
        scale=scale,
        force=force,
        **context_args(events, alliances, no_context),
    )
    if ctx.obj["verbosity"] >= 0 and sys.stderr.isatty():
        with click.progressbar(
            length=0,
            label="exporting",
            file=sys.stderr,
            show_pos=True,
            item_show_func=lambda s: s,
        ) as bar:
            result = run(folder, progress=lambda label: bar.update(1, label), **options)
    else:
        result = run(folder, **options)
    if ctx.obj["verbosity"] >= 0:
        click.echo(result.summary())
        for warning in result.warnings:
            click.echo(f"basemap: warning: {warning}", err=True)
        if not base_url and any(p.name == "embed.html" for p in result.files):
            click.echo(
                "basemap: warning: no --base-url: the snippets in embed.html point "
                "to the maps by a relative src, which works only next to these "
                "files; give --base-url with the address where you publish them",
                err=True,
            )
