"""The frame of a map from its data, and the borders drawn in it
(basemap.geo.frame, geodata/boundaries*.geojson): the world's borders at
1:50m and 1:110m, clipped to a frame at any scale up to the whole world."""

from __future__ import annotations

import itertools

import shapely
from shapely.geometry import Point, shape

from basemap.geo.frame import frame_boundaries, map_frame
from basemap.render import base_layers
from basemap.resources import load_boundaries

#: The bundled data's view (all its sites, padded) and host states.
VIEW = (57.15042, 35.72484, 82.06667, 52.09718)
CORE = ("KAZ", "KGZ", "TJK", "TKM", "UZB")
FRAME = map_frame(VIEW).frame
#: The example's view (examples/russia-abroad: Belarus to Vietnam).
EXAMPLE_VIEW = (25.43096, 10.9982, 110.219, 55.4914)


def test_the_worlds_borders_are_valid_and_cut_at_the_antimeridian():
    for scale in ("50m", "110m"):
        borders = load_boundaries(scale)
        codes = [f["properties"]["iso_a3"] for f in borders["features"]]
        named = [c for c in codes if c]
        assert len(named) == len(set(named))
        assert {"RUS", "USA", "SYR", "VNM", "CUB", "MDA", "GEO"} <= set(named)
        for f in borders["features"]:
            geom = shape(f["geometry"])
            assert geom.is_valid, f["properties"]["name"]
        rus = shape(
            next(
                f["geometry"]
                for f in borders["features"]
                if f["properties"]["iso_a3"] == "RUS"
            )
        )
        # a planar ring from 180 to -180 would cover Canada
        assert not rus.contains(Point(-100.0, 60.0))
    assert {"DJI", "BHR", "SGP", "MLT"} <= {
        f["properties"]["iso_a3"] for f in load_boundaries("50m")["features"]
    }


def test_borders_reach_past_the_frame_so_no_edge_runs_along_it():
    borders = frame_boundaries(map_frame(VIEW))
    assert borders["frame"] == list(FRAME)
    x0, y0, x1, y1 = borders["bbox"]
    assert x0 < FRAME[0] and y0 < FRAME[1] and x1 > FRAME[2] and y1 > FRAME[3]
    on_edge = []
    for f in borders["features"]:
        geom = shape(f["geometry"])
        for poly in getattr(geom, "geoms", [geom]):
            for ring in [poly.exterior, *poly.interiors]:
                for a, b in itertools.pairwise(list(ring.coords)):
                    for axis, value in (
                        (0, FRAME[0]),
                        (0, FRAME[2]),
                        (1, FRAME[1]),
                        (1, FRAME[3]),
                    ):
                        if a[axis] == value == b[axis]:
                            on_edge.append((f["properties"]["name"], a, b))
    assert on_edge == []
    # land meets every edge of the frame, so the cut would show were it there
    union = shapely.union_all([shape(f["geometry"]) for f in borders["features"]])
    mid_x, mid_y = (FRAME[0] + FRAME[2]) / 2, (FRAME[1] + FRAME[3]) / 2
    for x, y in (
        (FRAME[0], 50.0),
        (FRAME[2], 45.0),
        (70.0, FRAME[1]),
        (70.0, FRAME[3]),
    ):
        assert union.contains(Point(x, y)), (x, y)
    assert mid_x and mid_y


def test_a_maps_borders_keep_the_codes_the_alliance_shading_uses():
    borders = frame_boundaries(map_frame(VIEW))
    codes = [f["properties"]["iso_a3"] for f in borders["features"]]
    named = [c for c in codes if c]
    assert len(named) == len(set(named))
    assert set(named) >= {*CORE, "RUS", "CHN", "ARM", "AZE", "GEO", "AFG", "IRN"}
    assert set(named) >= {"IND", "PAK", "MNG"}


def test_a_frame_widens_to_the_world_and_its_borders_coarsen():
    region, example = map_frame(VIEW), map_frame(EXAMPLE_VIEW)
    world = map_frame((-76.2, 10.5, 110.2, 48.8))
    assert region.scale == "50m" and example.scale == world.scale == "110m"
    assert region.tolerance < example.tolerance < world.tolerance
    sizes = [
        len(base_layers.boundaries_json(f).encode()) for f in (region, example, world)
    ]
    assert all(size < 200_000 for size in sizes), sizes
    # the frame holds the data and is wider than it, to fill a wide page
    for view, frame in ((VIEW, region), (EXAMPLE_VIEW, example)):
        x0, y0, x1, y1 = frame.frame
        assert x0 < view[0] and y0 < view[1] and x1 > view[2] and y1 > view[3]
        assert (x1 - x0) >= 1.8 * (view[2] - view[0])
    assert world.frame == (-180.0, -60.0, 180.0, 82.0)
