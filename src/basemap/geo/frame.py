"""The frame of a map, from its data, and the country borders drawn in it.

A map fits its data (the view: every site of every year, padded, so that
the years compare); around it lies the neat frame, the area the base map
covers, wide enough that no paper shows beside it at the page's widest
shape and tall enough that a phone's map, no taller than its frame
(``keepframe.js``), is not a strip. :func:`map_frame` derives it from the
view, at any scale up to the whole world, and chooses the detail of the
borders; :func:`frame_boundaries` clips the bundled Natural Earth borders
(:mod:`basemap.resources`) to it and simplifies them for it, once per
frame and process.

The projection is Web Mercator, Leaflet's own, at every scale. It keeps a
site's place and the shapes of the coasts around it (it is conformal), the
page's tiles (``--tiles``) use it, and every script of the page (labels,
insets, the frame) measures in it. It enlarges areas towards the poles;
the frame stops at :data:`SOUTH` and :data:`NORTH` (past the data if the
data lies beyond), so a world map shows no polar bands: Greenland and the
Russian Arctic are still drawn larger than they are, which a map of points
may accept. An equal-area projection would need a reprojecting plugin and
tiles of its own; it would change no site's place.

Examples
--------
>>> f = map_frame((57.15, 35.72, 82.07, 52.10))  # the bundled data's view
>>> [round(v) for v in f.frame], f.scale
([46, 30, 94, 56], '50m')
>>> world = map_frame((-120.0, -30.0, 150.0, 60.0))
>>> world.frame, world.scale
((-180.0, -60.0, 180.0, 82.0), '110m')
>>> b = frame_boundaries(f)
>>> codes = {x["properties"]["iso_a3"] for x in b["features"]}
>>> b["frame"] == list(f.frame), "KAZ" in codes
(True, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from ..resources import load_boundaries

__all__ = [
    "NORTH",
    "SOUTH",
    "MapFrame",
    "frame_boundaries",
    "map_frame",
]

#: The frame's reach in latitude, unless the data lies beyond.
SOUTH, NORTH = -60.0, 82.0
#: How much wider than the view the frame is (Mercator widths), at least,
#: and how much wider than the view is tall: a map page's widest map is
#: about 1.6 times as wide as tall, and the controls pad it.
WIDER, WIDER_THAN_TALL = 1.85, 2.1
#: How much taller than the view the frame is, and how tall for its width.
TALLER, TALL_FOR_WIDTH = 1.6, 0.75
#: A frame this share of the world's width, or more, takes all of it.
WORLD_SHARE = 0.8
#: Frames at most this wide (degrees) draw the 1:50m borders; wider ones
#: the 1:110m borders.
DETAIL_50M_DEGREES = 100.0
#: The borders' simplification, in degrees per degree of the frame's width
#: (0.01 degree, about 1 km, for the bundled data's 46-degree frame).
TOLERANCE_PER_DEGREE = 0.01 / 46


@dataclass(frozen=True)
class MapFrame:
    """A map's view, neat frame and base map detail.

    Attributes
    ----------
    view : tuple
        (west, south, east, north): what the map fits.
    frame : tuple
        The neat frame: the base map covers it.
    clip : tuple
        Where the borders are cut: past the frame (its mask hides the cut),
        except at the world's edges.
    scale : str
        The Natural Earth scale of the borders, "50m" or "110m".
    tolerance : float
        Their simplification, in degrees.
    decimals : int
        The decimals of their coordinates on the page.
    """

    view: tuple[float, float, float, float]
    frame: tuple[float, float, float, float]
    clip: tuple[float, float, float, float]
    scale: str
    tolerance: float
    decimals: int

    @property
    def width(self) -> float:
        """The frame's width in degrees."""
        return self.frame[2] - self.frame[0]


def _y(lat: float) -> float:
    """Web Mercator's northing of a latitude, on the unit sphere."""
    lat = max(-85.0, min(85.0, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _lat(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def _spread(lo: float, hi: float, size: float, low: float, high: float):
    """(lo', hi'): ``size`` wide around the middle of lo-hi, moved inside
    low-high (cut to it when wider)."""
    if size >= high - low:
        return low, high
    mid = (lo + hi) / 2
    a, b = mid - size / 2, mid + size / 2
    if a < low:
        a, b = low, low + size
    if b > high:
        a, b = high - size, high
    return a, b


def map_frame(view: tuple[float, float, float, float]) -> MapFrame:
    """The neat frame and border detail of a map that fits ``view``.

    Parameters
    ----------
    view : tuple
        (west, south, east, north) in degrees: all of the data, padded
        (:func:`basemap.pipeline.frame_bounds`).
    """
    west, south, east, north = (float(v) for v in view)
    vw = math.radians(max(east - west, 0.1))
    vh = max(_y(north) - _y(south), 0.002)
    fw = max(WIDER * vw, WIDER_THAN_TALL * vh)
    if fw > WORLD_SHARE * 2 * math.pi:
        fw = 2 * math.pi  # nearly the world: the world
    fh = max(TALLER * vh, TALL_FOR_WIDTH * fw)
    x0, x1 = _spread(west, east, math.degrees(fw), -180.0, 180.0)
    low, high = _y(min(SOUTH, south)), _y(max(NORTH, north))
    y0, y1 = _spread(_y(south), _y(north), fh, low, high)
    frame = (round(x0, 4), round(_lat(y0), 4), round(x1, 4), round(_lat(y1), 4))
    width = frame[2] - frame[0]
    margin = max(1.0, 0.02 * width)
    clip = (
        max(-180.0, frame[0] - margin),
        max(-90.0, frame[1] - margin),
        min(180.0, frame[2] + margin),
        min(90.0, frame[3] + margin),
    )
    wide = width > DETAIL_50M_DEGREES
    return MapFrame(
        view=(west, south, east, north),
        frame=frame,
        clip=clip,
        scale="110m" if wide else "50m",
        tolerance=round(TOLERANCE_PER_DEGREE * width, 5),
        decimals=2 if wide else 3,
    )


@cache
def _world(scale: str):
    """(properties, shape) of every unit of the borders, and a tree of them."""
    import shapely
    from shapely.geometry import shape

    rows = [
        (f["properties"], shape(f["geometry"]))
        for f in load_boundaries(scale)["features"]
    ]
    return rows, shapely.STRtree([g for _, g in rows])


@cache
def frame_boundaries(frame: MapFrame) -> dict:
    """The borders drawn in ``frame``: a GeoJSON FeatureCollection.

    Every unit of the bundled borders at the frame's scale that meets its
    clip box, cut to it, and simplified together with
    ``shapely.coverage_simplify`` (a border two countries share stays one
    line: no gaps, no overlaps) to the frame's tolerance. Members
    ``frame`` (the neat frame), ``bbox`` (the clip box) and ``attribution``.
    """
    import numpy as np
    import shapely
    from shapely.geometry import box, mapping

    rows, tree = _world(frame.scale)
    cut = box(*frame.clip)
    kept = []
    for i in sorted(tree.query(cut).tolist()):
        props, geom = rows[i]
        part = shapely.intersection(geom, cut)
        polys = [p for p in shapely.get_parts(part) if p.geom_type == "Polygon"]
        if polys:
            kept.append((props, shapely.MultiPolygon(polys)))
    geoms = np.array([g for _, g in kept], dtype=object)
    if frame.tolerance > 0 and len(geoms):
        geoms = shapely.coverage_simplify(
            geoms, frame.tolerance, simplify_boundary=False
        )
    features = []
    for (props, _), geom in zip(kept, geoms, strict=True):
        if geom.is_empty:
            continue
        geom = shapely.set_precision(geom, 10**-frame.decimals)
        if geom.is_empty:
            continue
        out = {k: v for k, v in props.items() if k != "claimants"}
        features.append(
            {"type": "Feature", "properties": out, "geometry": mapping(geom)}
        )
    source = load_boundaries(frame.scale)
    return {
        "type": "FeatureCollection",
        "name": "boundaries",
        "attribution": source["attribution"],
        "bbox": list(frame.clip),
        "frame": list(frame.frame),
        "features": features,
    }
