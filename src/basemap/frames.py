"""Frames of rows, and what is derived from them, made once per frame.

Every stage hands the next a (Geo)DataFrame, and treats the frames it is
handed as read-only; what is derived from one is therefore made once:

* :func:`frame_cached`: what is derived from a frame, made once per frame.
  An export selects, frames and dates every year of the same layers: the
  arrays derived from the frame (the periods' day numbers, the rows' order,
  the map's bounds) are made for its first year and reused by the others.
  An entry lives as long as its frame.
* :func:`records`: a frame's rows as dicts, made once per frame: a styled
  selection's rows are made once and every page part, report and file
  that reads them consumes the same list.

:func:`no_gc_pauses`: hold off Python's cyclic garbage collector while
basemap builds many small objects without cycles. Reading a layer makes a
tree of a million small objects; a selection, a map or an export's pages
make tens of thousands of dicts. None of them form cycles, yet the collector
would walk everything alive again and again as they grow: about half the
time of reading, or of a year's map, at 10,000 sites. Reference counting
still frees them as usual.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"as_of": ["2026-12-01", "2025-01-01"]})
>>> made = []
>>> def latest():
...     made.append(1)
...     return max(frame["as_of"])
>>> frame_cached("as_of", frame, latest), frame_cached("as_of", frame, latest)
('2026-12-01', '2026-12-01')
>>> len(made)
1
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
import weakref
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

__all__ = ["frame_cached", "no_gc_pauses", "records"]

T = TypeVar("T")

_CACHE: dict[tuple[str, int], tuple[weakref.ref, int, Any]] = {}


def frame_cached(kind: str, frame: Any, make: Callable[[], T]) -> T:
    """``make()``, made once per frame and ``kind`` and then reused.

    A frame is treated as read-only: the entry is kept while the frame
    lives and has as many rows; after editing rows in place, read the
    layers again (or pass a copy).

    Parameters
    ----------
    kind
        What is made (one entry per kind and frame).
    frame
        The (Geo)DataFrame it is derived from.
    make
        Makes it, from the frame.
    """
    key = (kind, id(frame))
    hit = _CACHE.get(key)
    if hit is not None and hit[0]() is frame and hit[1] == len(frame):
        return hit[2]
    value = make()
    _CACHE[key] = (
        weakref.ref(frame, lambda _, key=key: _CACHE.pop(key, None)),
        len(frame),
        value,
    )
    return value


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


def records(frame, *, former: bool = True) -> list[dict]:
    """The rows of a (styled) selection as dicts, without the geometry;
    with ``former=False``, only those shown as present or uncertain.

    Made once per frame (the same list, and the same dicts, every call: do
    not change them), and much faster than ``DataFrame.to_dict("records")``,
    which boxes every cell; the columns here hold Python objects already.

    >>> from basemap.pipeline import presences
    >>> records(presences(year=2005))[0]["label"]
    'Manas (AUS), temporary'
    >>> rows = records(presences(year=2005))
    >>> records(presences(year=2005), former=False) == [
    ...     r for r in rows if r["presence"] != "former"]
    True
    >>> styled = presences(year=2005)
    >>> records(styled) is records(styled)
    True
    """
    rows = frame_cached("records", frame, lambda: _records(frame))
    if former:
        return rows
    return [row for row in rows if row["presence"] != "former"]


def _records(frame) -> list[dict]:
    # a plain DataFrame: a GeoDataFrame's column lookups cost far more
    plain = frame.drop(columns=frame.geometry.name) if "geometry" in frame else frame
    columns = list(plain.columns)
    arrays = [plain[c].to_numpy() for c in columns]
    return [
        dict(zip(columns, values, strict=True)) for values in zip(*arrays, strict=True)
    ]
