"""Hold off Python's cyclic garbage collector while basemap builds many
small objects without cycles.

Reading a layer makes a tree of a million small objects; a selection, a map
or an export's pages make tens of thousands of dicts. None of them form
cycles, yet the collector would walk everything alive again and again as
they grow: about half the time of reading, or of a year's map, at 10,000
sites. Reference counting still frees them as usual.

>>> import gc
>>> with no_gc_pauses():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["no_gc_pauses"]


@contextlib.contextmanager
def no_gc_pauses() -> Iterator[None]:
    """Disable the cyclic collector for the block; enable it again after
    (only if it was enabled), whatever happens in the block."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
