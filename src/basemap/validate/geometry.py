"""The rules of a site's geometry: its point, its area, where it lies.

Part of the checks of :mod:`basemap.io.layers` (whose ``_Checker`` holds the
files, features and the checks across them): a site is one Point at the
installation, or an area with its marker at an anchor
(:func:`basemap.geo.areas.check_area`); its coordinates are numbers in range,
inside its host country (the Natural Earth 1:50m borders, within
:data:`basemap.validate.rules.BORDER_TOLERANCE_M`; a site at sea, such as a
naval base's piers, within :data:`basemap.validate.rules.COAST_TOLERANCE_M`
of its host's coast when no other state is nearer),
and as far from its ``place`` as its ``location_precision`` says
(:data:`basemap.validate.rules.PRECISION_DISTANCE_M`). Each problem names the file,
feature and property, with a hint.
"""

from __future__ import annotations

import math

from ..geo.areas import AREA_TYPES, check_area
from ..geo.geodesy import geodesic_m
from .rules import (
    BORDER_TOLERANCE_M,
    COAST_TOLERANCE_M,
    PRECISION_DISTANCE_M,
    Rules,
    country_at,
    distance_to_m,
    host_shapes,
    nearest_state,
    shown,
)

__all__ = ["GeometryRules"]


class GeometryRules(Rules):
    """The geometry rules of a checker; ``check_location`` (set by the
    checker) turns the test of the host country on or off."""

    check_location: bool = True

    def check_site_geometry(self, name, fid, geom, props) -> tuple | None:
        """The marker's point and the area of a site, ``(lon, lat, area)``:
        ``area`` is the GeoJSON Polygon or MultiPolygon of a site drawn as an
        area, its marker at ``anchor``; None for a Point. None if a problem."""
        if isinstance(geom, dict) and geom.get("type") in AREA_TYPES:
            return self._area(name, fid, geom, props)
        if props.get("anchor") is not None:
            self.add(
                name,
                fid,
                "anchor",
                "an anchor, but the geometry is not an area",
                "drop anchor: only a site drawn as a Polygon or MultiPolygon has one",
            )
            return None
        lonlat = self.check_point(name, fid, geom, props)
        return None if lonlat is None else (*lonlat, None)

    def check_point(self, name, fid, geom, props) -> tuple[float, float] | None:
        """The (lon, lat) of a Point geometry (a site's or an event's), or
        None (reported)."""
        if geom is None:
            self.add(
                name,
                fid,
                "geometry",
                "missing or null geometry",
                'add {"type": "Point", "coordinates": [lon, lat]}',
            )
            return None
        if not isinstance(geom, dict) or geom.get("type") != "Point":
            found = geom.get("type") if isinstance(geom, dict) else geom
            self.add(
                name,
                fid,
                "geometry",
                f"not a Point ({found!r})",
                "a site is one Point at the installation",
            )
            return None
        lonlat = self._lonlat(
            name, fid, "geometry.coordinates", geom.get("coordinates")
        )
        if lonlat is None:
            return None
        lon, lat = lonlat
        host = props.get("host")
        if self.check_location and host in host_shapes():
            self._inside_host(name, fid, lon, lat, host)
        self._place(name, fid, lon, lat, props)
        return lon, lat

    def _lonlat(self, name, fid, prop, coords) -> tuple[float, float] | None:
        """``coords`` as (lon, lat), or None (reported at ``prop``)."""
        if (
            not isinstance(coords, list)
            or len(coords) not in (2, 3)
            or not all(
                isinstance(c, int | float) and not isinstance(c, bool) for c in coords
            )
            or not all(math.isfinite(c) for c in coords)
        ):
            self.add(
                name,
                fid,
                prop,
                f"not [longitude, latitude] numbers ({shown(coords)})",
                "write two finite numbers, longitude first",
            )
            return None
        lon, lat = float(coords[0]), float(coords[1])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            hint = "longitude is between -180 and 180, latitude between -90 and 90"
            if -180 <= lat <= 180 and -90 <= lon <= 90:
                hint = "longitude and latitude look swapped: GeoJSON is [lon, lat]"
            self.add(name, fid, prop, f"[{lon}, {lat}] is out of range", hint)
            return None
        return lon, lat

    def _area(self, name, fid, geom, props) -> tuple | None:
        """Check a site drawn as an area (see :func:`basemap.geo.areas.check_area`)."""
        problems, found = check_area(geom, props.get("anchor"))
        for prop, message, hint in problems:
            self.add(name, fid, prop, message, hint)
        if found is None:
            return None
        (lon, lat), area = found
        if props.get("location_precision") != "area":
            self.add(
                name,
                fid,
                "location_precision",
                f"{props.get('location_precision')!r}, but the site is drawn "
                "as an area",
                'say "area", and say in location_note where the outline comes from',
            )
        host = props.get("host")
        if self.check_location and host in host_shapes():
            self._inside_host(name, fid, lon, lat, host)
        return lon, lat, area

    def _place(self, name, fid, lon, lat, props) -> None:
        """Check that location_precision fits the distance from the place."""
        place, precision = props.get("place"), props.get("location_precision")
        if not isinstance(place, dict) or precision not in PRECISION_DISTANCE_M:
            return
        coords = place.get("coordinates")
        if not (
            isinstance(coords, list)
            and len(coords) == 2
            and all(isinstance(c, int | float) and math.isfinite(c) for c in coords)
            and -180 <= coords[0] <= 180
            and -90 <= coords[1] <= 90
        ):
            return  # reported by the schema
        distance = geodesic_m(lon, lat, float(coords[0]), float(coords[1]))
        nearest, farthest = PRECISION_DISTANCE_M[precision]
        where = f"{distance / 1000:.1f} km from {place.get('name')!r}"
        if distance > farthest:
            hint = (
                "give the town's own point, or a finer precision"
                if precision == "town"
                else "name the nearest town as place, or check the coordinates"
            )
            self.add(
                name,
                fid,
                "location_precision",
                f"{precision!r}, but the point lies {where} (at most "
                f"{farthest / 1000:.0f} km for {precision!r})",
                hint,
            )
        elif distance < nearest:
            self.add(
                name,
                fid,
                "location_precision",
                f"{precision!r}, but the point lies {where}, at the town's own point",
                'if these are the town\'s coordinates, say "town"; otherwise '
                f"give the {precision}'s own point",
            )

    def _inside_host(self, name, fid, lon, lat, host) -> None:
        from shapely.geometry import Point

        host_name, shape = host_shapes()[host]
        if shape.contains(Point(lon, lat)):
            return
        distance = distance_to_m(shape, lon, lat)
        if distance <= BORDER_TOLERANCE_M:
            return
        found = country_at(lon, lat)
        if (
            found is None
            and distance <= COAST_TOLERANCE_M
            and nearest_state(lon, lat, COAST_TOLERANCE_M) == host
        ):
            return  # off its own coast, nearer it than any other state
        where = f"in {found}" if found else "outside every mapped country"
        hint = "check the coordinates and the host"
        swapped_in = -90 <= lon <= 90 and shape.contains(Point(lat, lon))
        if swapped_in:
            hint = "longitude and latitude look swapped: GeoJSON is [lon, lat]"
        self.add(
            name,
            fid,
            "geometry.coordinates",
            f"[{lon}, {lat}] lies {where}, {distance / 1000:.0f} km from "
            f"{host_name} (host {host})",
            hint,
        )
