"""The command class every basemap command uses.

Errors raised by the library become one line per problem on stderr, with
exit code 1 (data or runtime error) or 2 (usage error, shown with the
command's usage); a user never sees a traceback for bad input. Each line
shows control characters as escapes (:func:`basemap.text.visible`): a path
or value in a message cannot act on the terminal. Ctrl-C (SIGINT) stops
with one line saying what was left, and exit code 1 like every other
runtime fault (every file is whole, old or new). An error basemap did not
foresee (a bug) is one line too, saying so, with exit code 1;
``BASEMAP_DEBUG=1`` shows its traceback instead.
"""

from __future__ import annotations

import os

import click

from ..errors import BasemapError, OptionError
from ..text import visible

__all__ = ["BasemapCommand"]


class BasemapCommand(click.Command):
    """A click command that turns basemap's errors into clear messages."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except OptionError as exc:
            raise click.UsageError(str(exc), ctx) from None
        except BasemapError as exc:
            for line in str(exc).splitlines():
                click.echo(f"basemap: error: {visible(line)}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo(
                "basemap: interrupted: every file written is complete (old or "
                "new) and no temporary file is left; run the command again to "
                "finish",
                err=True,
            )
            ctx.exit(1)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if os.environ.get("BASEMAP_DEBUG"):
                raise
            what = " ".join(str(exc).split())[:300] or "no message"
            click.echo(
                f"basemap: error: unexpected {type(exc).__name__} ({visible(what)}): "
                "a bug in basemap; please report it with the command that gave "
                "it (BASEMAP_DEBUG=1 shows where it happened)",
                err=True,
            )
            ctx.exit(1)
