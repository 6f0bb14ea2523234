"""The checker: every rule applied to the items of a layer or context file.

:class:`Checker` is :mod:`.rules` and :mod:`.geometry` put to work over
whole files: it checks a layer's FeatureCollection (the collection's
``crs`` and ``as_of``, then each feature) and keeps the good records as
columns, checks ids across files and, once every file is in, the periods
of each site across features (:meth:`Checker.across`). Large collections are
screened first (:mod:`.screen`, :mod:`.across`): only the features the
screen cannot clear go through the rules one at a time, so every message is
the rules'. Reading the files is :mod:`basemap.io`'s job, not this one's.

Examples
--------
>>> checker = Checker()
>>> checker.collection("a.geojson", {"as_of": "2026-12-01", "features": [{}]})
>>> [(p.feature_id, p.prop) for p in checker.problems][:2]
[('#0', 'type'), ('#0', 'properties')]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..codes import HOSTS, OPERATORS
from ..dates import parse_date
from ..errors import Problem
from ..geo.geodesy import geodesic_m
from .across import suspect_sites
from .geometry import GeometryRules
from .radius import radius_problems
from .rules import (
    COLUMNS,
    HOST_HINT,
    OPERATOR_HINT,
    SITE_TOLERANCE_M,
    WGS84_CRS_NAMES,
)
from .screen import screen

__all__ = ["Checker"]


@dataclass
class Checker(GeometryRules):
    """Checks items and collects problems and good records, over one or more
    files: a layer's FeatureCollection (:meth:`collection`, then
    :meth:`across` once every file is in), or, one at a time, the events and
    memberships of the context (:mod:`basemap.io.context`)."""

    check_location: bool = True
    #: Screen whole columns first (:mod:`basemap.validate.screen`); False checks
    #: every feature with the rules, one at a time (the reference).
    vectorised: bool = True
    problems: list[Problem] = field(default_factory=list)
    #: The good records, a list per column (:data:`COLUMNS`, ``lon``, ``lat``,
    #: ``area``).
    table: dict[str, list] = field(
        default_factory=lambda: {c: [] for c in [*COLUMNS, "lon", "lat", "area"]}
    )
    ids: dict[str, str] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    #: Each layer file's ``description`` (the collection's own words), by file.
    descriptions: dict[str, str] = field(default_factory=dict)

    @property
    def records(self) -> list[dict]:
        """The good records, one dict each (built on demand)."""
        keys = list(self.table)
        return [
            dict(zip(keys, row, strict=True))
            for row in zip(*self.table.values(), strict=True)
        ]

    def _keep(self, records: list[dict]) -> None:
        for record in records:
            for col, values in self.table.items():
                values.append(record[col])

    # -- files -----------------------------------------------------------
    def collection(self, path: Path, data: dict) -> None:
        """Check a layer file's FeatureCollection and keep its good records."""
        name = str(path)
        crs = data.get("crs")
        if crs is not None:
            crs_name = (
                (crs.get("properties") or {}).get("name")
                if isinstance(crs, dict)
                else None
            )
            if crs_name not in WGS84_CRS_NAMES:
                self.add(
                    name,
                    None,
                    "crs",
                    f"coordinates are in {crs_name or crs!r}, not WGS84 "
                    "longitude/latitude",
                    "reproject to EPSG:4326 (RFC 7946), e.g. "
                    "ogr2ogr -t_srs EPSG:4326, and drop the crs member",
                )
                return
        as_of = self.as_of(name, data)
        if isinstance(data.get("description"), str):
            self.descriptions[name] = data["description"]
        features = data.get("features")
        if not isinstance(features, list):
            self.add(
                name, None, "features", "missing or not a list", 'add "features": [...]'
            )
            return
        if not (self.vectorised and as_of is not None and features):
            self._keep(
                [
                    r
                    for i, f in enumerate(features)
                    if (r := self.feature(name, i, f, as_of)) is not None
                ]
            )
            return

        found = screen(features, as_of, self.check_location)
        ids = found.columns["id"]
        kept: list[int | dict] = []
        for index, (feature, ok) in enumerate(zip(features, found.ok, strict=True)):
            if not ok:  # the rules say what is wrong (or that nothing is)
                record = self.feature(name, index, feature, as_of)
                if record is not None:
                    kept.append(record)
            elif self._unique(name, ids[index]):
                kept.append(index)
        columns = found.columns
        whole = len(kept) == len(features) and all(type(k) is int for k in kept)
        for col, values in self.table.items():
            if col == "as_of":
                values.extend([as_of] * len(kept))
            elif col == "file":
                values.extend([name] * len(kept))
            elif col == "area":  # the screen clears only Points
                values.extend(None if type(k) is int else k[col] for k in kept)
            elif whole:
                values.extend(columns[col])
            else:
                values.extend(
                    columns[col][k] if type(k) is int else k[col] for k in kept
                )

    def _unique(self, name: str, fid: str) -> bool:
        """Note ``fid`` as used in file ``name``; False (reported) if it was
        already used."""
        if fid in self.ids:
            self.add(
                name,
                fid,
                "id",
                f"duplicate id, also in {self.ids[fid]}",
                "give every feature a unique id across all layers",
            )
            return False
        self.ids[fid] = name
        return True

    def as_of(self, name: str, data: dict) -> str | None:
        """The file's ``as_of`` day, or None (reported) if it is not one."""
        as_of = data.get("as_of")
        try:
            if not isinstance(as_of, str):
                raise ValueError
            parse_date(as_of)
            if len(as_of) != 10:
                raise ValueError
        except ValueError:
            self.add(
                name,
                None,
                "as_of",
                f"missing or not a YYYY-MM-DD date ({as_of!r})",
                'add "as_of": the day the data was last checked',
            )
            return None
        return as_of

    # -- features --------------------------------------------------------
    def feature(
        self, name: str, index: int, feature: Any, as_of: str | None
    ) -> dict | None:
        """Check one feature with the rules; its record, or None if it has a
        problem."""
        if not isinstance(feature, dict):
            self.add(
                name,
                f"#{index}",
                None,
                "feature is not a JSON object",
                "each item of features is a GeoJSON Feature",
            )
            return None
        props = feature.get("properties")
        fid = f"#{index}"
        if isinstance(props, dict) and isinstance(props.get("id"), str) and props["id"]:
            fid = props["id"]
        before = len(self.problems)
        self.check_schema(name, fid, feature)
        if not isinstance(props, dict):
            return None
        lonlat = self.check_site_geometry(name, fid, feature.get("geometry"), props)
        period = self.check_dates(name, fid, props, as_of)
        self.check_sources(name, fid, props.get("sources"))
        self.check_text(name, fid, props)
        self.problems += radius_problems(name, fid, props.get("radius"))
        self.code(name, fid, props, "operator", OPERATORS, OPERATOR_HINT)
        self.code(name, fid, props, "host", HOSTS, HOST_HINT)
        if not fid.startswith("#"):
            self._unique(name, fid)
        if len(self.problems) == before and lonlat and period:
            record = {col: props.get(col) for col in COLUMNS}
            record.update(
                status=props.get("status", "base"),
                as_of=as_of,
                file=name,
                period=period,
                lon=lonlat[0],
                lat=lonlat[1],
                area=lonlat[2],
            )
            for col in ("aliases", "personnel", "equipment", "units", "sources"):
                record[col] = list(record[col] or [])
            return record
        return None

    # -- across features ---------------------------------------------------
    def across(self) -> None:
        t = self.table
        if self.vectorised:
            sites = suspect_sites(
                t["site"], t["operator"], t["lon"], t["lat"], t["period"]
            )
            rows = [i for i, s in enumerate(t["site"]) if s in sites]
        else:
            rows = range(len(t["site"]))
        keys = list(t)
        by_site: dict[str, list[dict]] = {}
        for i in rows:
            rec = {k: t[k][i] for k in keys}
            by_site.setdefault(rec["site"], []).append(rec)
        for site, recs in by_site.items():
            first = recs[0]
            for rec in recs[1:]:
                d = geodesic_m(first["lon"], first["lat"], rec["lon"], rec["lat"])
                if d > SITE_TOLERANCE_M:
                    self.add(
                        rec["file"],
                        rec["id"],
                        "geometry.coordinates",
                        f"{d / 1000:.1f} km from {first['id']!r} of the same "
                        f"site {site!r}",
                        "give every period of a site the same coordinates, "
                        "or use a different site",
                    )
            by_operator: dict[str, list[dict]] = {}
            for rec in recs:
                by_operator.setdefault(rec["operator"], []).append(rec)
            for group in by_operator.values():
                group = sorted(group, key=lambda r: r["period"].earliest_start)
                for i, a in enumerate(group):
                    for b in group[i + 1 :]:
                        if a["period"].overlaps(b["period"]):
                            self.add(
                                b["file"],
                                b["id"],
                                "start",
                                f"overlaps {a['id']!r} ({a['start']} to "
                                f"{a['end'] or 'now'}) of the same site and "
                                "operator",
                                "make consecutive periods meet without overlapping",
                            )
