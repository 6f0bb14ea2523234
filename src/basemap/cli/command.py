"""The command class every basemap command uses.

Errors raised by the library become one line per problem on stderr, with
exit code 1 (data or runtime error) or 2 (usage error, shown with the
command's usage); a user never sees a traceback for bad input. Ctrl-C
(SIGINT) stops with one line saying what was left, and exit code 1 like
every other runtime fault (every file is whole, old or new).
"""

from __future__ import annotations

import click

from ..errors import BasemapError, OptionError

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
                click.echo(f"basemap: error: {line}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo(
                "basemap: interrupted: every file written is complete (old or "
                "new) and no temporary file is left; run the command again to "
                "finish",
                err=True,
            )
            ctx.exit(1)
