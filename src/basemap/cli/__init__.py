"""The ``basemap`` command line: a thin shell over the library.

One module per command; each parses its options, calls one library function
and leaves error reporting to :class:`basemap.cli.command.BasemapCommand`.
:func:`basemap.cli.main.main` is the program itself.
"""

__all__: list[str] = []
