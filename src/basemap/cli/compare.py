"""``basemap compare``: write the page comparing two years."""

from __future__ import annotations

import click

from ..pipeline import compare as run
from .command import BasemapCommand
from .options import context_args, context_opts, data_opt, force_opt, title_opt

__all__ = ["compare"]


@click.command(cls=BasemapCommand, short_help="Write a page comparing two years.")
@click.argument("before", type=int, metavar="BEFORE")
@click.argument("after", type=int, metavar="AFTER")
@data_opt
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Output file, ending in .html. Default: output/compare-BEFORE-AFTER.html. "
    "An existing file is replaced only if basemap wrote it (or with --force), "
    "and never if the run reads it.",
)
@click.option(
    "--layout",
    type=click.Choice(["side", "swipe"]),
    default="side",
    show_default=True,
    help="How the page opens: the maps side by side (stacked on a phone) or "
    "overlaid with a swipe line; the reader can switch.",
)
@force_opt
@title_opt
@context_opts
@click.pass_context
def compare(ctx, before, after, data, output, layout, force, title, **context):
    """Write one self-contained page comparing the maps of two years.

    The two maps are shown side by side, with pan and zoom kept in step, or
    as a swipe; the sites that opened, closed or changed in between are
    ringed, and listed in a table below. The page makes no request.

    \b
    Example:
        basemap compare 2004 2010          # writes output/compare-2004-2010.html
        basemap compare 2001 2005 --layout swipe -o k2.html
    """
    path = run(
        before,
        after,
        data=data or None,
        out=output,
        title=title,
        layout=layout,
        force=force,
        **context_args(**context),
    )
    if ctx.obj["verbosity"] >= 0:
        click.echo(str(path))
