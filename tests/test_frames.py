"""Values derived from a frame, made once per frame (:mod:`basemap.frames`)."""

from __future__ import annotations

import gc

import pandas as pd

from basemap import frames as framecache
from basemap.frames import frame_cached


def test_made_once_per_frame_and_kind_and_gone_with_the_frame():
    made = []

    def make(frame, kind):
        return lambda: made.append((id(frame), kind)) or len(made)

    a = pd.DataFrame({"x": [1, 2]})
    b = pd.DataFrame({"x": [1, 2]})  # equal, but another frame
    assert frame_cached("n", a, make(a, "n")) == 1
    assert frame_cached("n", a, make(a, "n")) == 1  # reused
    assert frame_cached("m", a, make(a, "m")) == 2  # another kind
    assert frame_cached("n", b, make(b, "n")) == 3  # another frame
    assert len(made) == 3
    # a frame given more rows is not the frame the value was made from
    a.loc[2] = [3]
    assert frame_cached("n", a, make(a, "n")) == 4
    # entries go with their frame (the cache holds no frame alive)
    keys = {("n", id(a)), ("m", id(a))}
    assert keys <= set(framecache._CACHE)
    del a
    gc.collect()
    assert not keys & set(framecache._CACHE)
