"""basemap: maps of foreign military presence anywhere on Earth, year by year.

The pipeline runs one way, one module per step::

    read_layers -> select -> style -> render_map -> write_map

with the context (events and alliances) read by :func:`read_context` and
sliced by :func:`select_events` and :func:`select_alliances` beside it;
:func:`build` runs it all in one call.

Examples
--------
>>> import basemap
>>> layers = basemap.read_layers()            # the bundled, validated data
>>> chosen = basemap.select(layers, year=2005)
>>> {"kant", "manas", "karshi-khanabad"} <= set(chosen["site"])
True
>>> m = basemap.make_map(year=2005)           # displays inline in a notebook
>>> [c["change"] for c in basemap.compare_years(layers, 2004, 2010)
...  if c["site"] == "karshi-khanabad"]
['closed']
"""

from __future__ import annotations

from ._version import __version__
from .dates import Period, parse_date
from .errors import (
    BasemapError,
    BrowserError,
    BrowserNotFoundError,
    DataError,
    OptionError,
    OutputError,
    Problem,
)
from .exporter.run import export
from .io.context import Context, read_context, validate_context
from .io.layers import read_layers, validate_layers
from .output.atomic import write_map
from .pipeline import build, compare, compare_years, make_map, presences, validate_data
from .selection.context import select_alliances, select_events
from .selection.sites import select
from .styling.symbols import style

__all__ = [
    "BasemapError",
    "BrowserError",
    "BrowserNotFoundError",
    "Context",
    "DataError",
    "OptionError",
    "OutputError",
    "Period",
    "Problem",
    "__version__",
    "build",
    "compare",
    "compare_years",
    "export",
    "make_map",
    "parse_date",
    "presences",
    "read_context",
    "read_layers",
    "select",
    "select_alliances",
    "select_events",
    "style",
    "validate_context",
    "validate_data",
    "validate_layers",
    "write_map",
]
