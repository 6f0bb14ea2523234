"""Write the broken-layer corpus in tests/data/broken/ (run from anywhere).

Each case is a small layer file derived from one valid feature (Kant, with
its real coordinates and a seed quote) by one mistake a person editing the
files by hand could make. ``expected.json`` maps each file (or folder) to
the exact lines ``basemap validate`` must print for it, without the
``basemap: error: `` prefix, with ``{dir}`` standing for the corpus folder.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent / "broken"

FEATURE = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [74.84639, 42.85306]},
    "properties": {
        "id": "kant-rus-1",
        "site": "kant",
        "name": "Kant Air Base",
        "operator": "RUS",
        "host": "KGZ",
        "kind": "air base",
        "start": "2003-10-23",
        "end": None,
        "sources": [
            {
                "seed": "000_3d98f19f1ccf2261.txt",
                "quote": "the Russian base at Kant (Kyrgyzstan), inaugurated on "
                "October 23, 2003",
            }
        ],
    },
}


def collection(*features, **members):
    out = {"type": "FeatureCollection", "as_of": "2026-11-23"}
    out.update(members)
    out["features"] = list(features)
    return out


def edited(base: dict, geometry=..., **props) -> dict:
    """A copy of a feature with its geometry and properties changed
    (``...`` deletes a property)."""
    f = copy.deepcopy(base)
    if geometry is not ...:
        f["geometry"] = geometry
    for key, value in props.items():
        if value is ...:
            del f["properties"][key]
        else:
            f["properties"][key] = value
    return f


def feature(geometry=..., **props):
    return edited(FEATURE, geometry, **props)


def dump(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=1) + "\n").encode()


def source(**kw):
    base = {"title": "A page", "publisher": "A publisher", "date": "2020"}
    base.update(kw)
    return [base]


F = "{dir}/"
#: A square of about 8 by 11 km around Kant, and the same corners crossed.
SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[74.8, 42.8], [74.9, 42.8], [74.9, 42.9], [74.8, 42.9], [74.8, 42.8]]
    ],
}
BOWTIE = {
    "type": "Polygon",
    "coordinates": [
        [[74.8, 42.8], [74.9, 42.9], [74.9, 42.8], [74.8, 42.9], [74.8, 42.8]]
    ],
}
CASES: dict[str, tuple[bytes, list[str]]] = {
    "not-json.geojson": (
        b'{"type": "FeatureCollection", "features": [\n',
        ["not valid JSON: Expecting value at line 2 column 1 (fix the JSON syntax)"],
    ),
    "not-a-collection.geojson": (
        dump(FEATURE),
        [
            "type: not a GeoJSON FeatureCollection (type is 'Feature') (a layer is "
            '{"type": "FeatureCollection", "as_of": ..., "features": [...]})'
        ],
    ),
    "empty.geojson": (b"", ["file is empty (a layer is a GeoJSON FeatureCollection)"]),
    "byte-order-mark.geojson": (
        b"\xef\xbb\xbf" + dump(collection(feature())),
        [
            "file starts with a UTF-8 byte-order mark (save it as UTF-8 without BOM "
            "(RFC 8259))"
        ],
    ),
    "latin-1.geojson": (
        dump(collection(feature(name="Kant Air Base"))).replace(
            b"Kant Air", b"K\xe4nt Air"
        ),
        ["file is not UTF-8 (byte 274 cannot be decoded) (save it as UTF-8)"],
    ),
    "null-geometry.geojson": (
        dump(collection(feature(geometry=None))),
        [
            "feature 'kant-rus-1': geometry: missing or null geometry (add "
            '{"type": "Point", "coordinates": [lon, lat]})'
        ],
    ),
    "polygon-geometry.geojson": (
        dump(collection(feature(geometry={"type": "Polygon", "coordinates": []}))),
        [
            "feature 'kant-rus-1': geometry.coordinates: not a Polygon's rings of "
            "[longitude, latitude] numbers in range (write a list of rings, each a "
            "closed list of [lon, lat] positions; a MultiPolygon is a list of those; "
            "see RFC 7946, section 3.1.6)"
        ],
    ),
    # sites that are areas (issue 12): a Polygon with the marker's anchor
    "area-without-anchor.geojson": (
        dump(collection(feature(geometry=SQUARE, location_precision="area"))),
        [
            "feature 'kant-rus-1': anchor: missing (add \"anchor\": [lon, lat], the point of the marker inside the area: its headquarters or main town)"
        ],
    ),
    "area-anchor-outside.geojson": (
        dump(
            collection(
                feature(
                    geometry=SQUARE, anchor=[75.0, 42.85], location_precision="area"
                )
            )
        ),
        [
            "feature 'kant-rus-1': anchor: [75.0, 42.85] lies outside the area, 8.2 km from it (put the anchor inside the area, or check the outline)"
        ],
    ),
    "area-self-intersecting.geojson": (
        dump(
            collection(
                feature(
                    geometry=BOWTIE, anchor=[74.85, 42.82], location_precision="area"
                )
            )
        ),
        [
            "feature 'kant-rus-1': geometry: not a valid Polygon: Self-intersection[74.85 42.85] (rings must not cross themselves or each other; QGIS's Check Validity tool shows where)"
        ],
    ),
    "area-not-area-precision.geojson": (
        dump(
            collection(
                feature(
                    geometry=SQUARE,
                    anchor=[74.84639, 42.85306],
                    location_precision="town",
                )
            )
        ),
        [
            "feature 'kant-rus-1': location_precision: 'town', but the site is drawn as an area (say \"area\", and say in location_note where the outline comes from)"
        ],
    ),
    "anchor-on-point.geojson": (
        dump(collection(feature(anchor=[74.84639, 42.85306]))),
        [
            "feature 'kant-rus-1': anchor: an anchor, but the geometry is not an area (drop anchor: only a site drawn as a Polygon or MultiPolygon has one)"
        ],
    ),
    "swapped-coordinates.geojson": (
        dump(
            collection(
                feature(geometry={"type": "Point", "coordinates": [42.85306, 74.84639]})
            )
        ),
        [
            "feature 'kant-rus-1': geometry.coordinates: [42.85306, 74.84639] lies "
            "outside every mapped country, 3852 km from Kyrgyzstan (host KGZ) "
            "(longitude and latitude look swapped: GeoJSON is [lon, lat])"
        ],
    ),
    "out-of-range.geojson": (
        dump(collection(feature(geometry={"type": "Point", "coordinates": [200, 42]}))),
        [
            "feature 'kant-rus-1': geometry.coordinates: [200.0, 42.0] is out of range "
            "(longitude is between -180 and 180, latitude between -90 and 90)"
        ],
    ),
    "nan-coordinate.geojson": (
        dump(collection(feature())).replace(b"74.84639", b"NaN"),
        [
            "not valid JSON: NaN is not a JSON number (write a number, or null for an "
            "unknown value)"
        ],
    ),
    "string-coordinates.geojson": (
        dump(
            collection(
                feature(geometry={"type": "Point", "coordinates": ["74.8", "42.8"]})
            )
        ),
        [
            "feature 'kant-rus-1': geometry.coordinates: not [longitude, latitude] "
            'numbers (["74.8", "42.8"]) (write two finite numbers, longitude first)'
        ],
    ),
    "crs-web-mercator.geojson": (
        dump(
            collection(
                feature(),
                crs={
                    "type": "name",
                    "properties": {"name": "urn:ogc:def:crs:EPSG::3857"},
                },
            )
        ),
        [
            "crs: coordinates are in 'urn:ogc:def:crs:EPSG::3857', not WGS84 "
            "longitude/latitude (reproject to EPSG:4326 (RFC 7946), e.g. ogr2ogr "
            "-t_srs EPSG:4326, and drop the crs member)"
        ],
    ),
    "missing-operator.geojson": (
        dump(collection(feature(operator=...))),
        [
            "feature 'kant-rus-1': operator: missing required property (add "
            "'operator' (see geodata/README.md))"
        ],
    ),
    "missing-as-of.geojson": (
        dump({k: v for k, v in collection(feature()).items() if k != "as_of"}),
        [
            'as_of: missing or not a YYYY-MM-DD date (None) (add "as_of": the day '
            "the data was last checked)"
        ],
    ),
    "wrong-type.geojson": (
        dump(collection(feature(personnel="about 400"))),
        [
            "feature 'kant-rus-1': personnel: wrong type: str (\"about 400\") "
            "(expected array)"
        ],
    ),
    "unknown-property.geojson": (
        dump(collection(feature(colour="red"))),
        [
            "feature 'kant-rus-1': Additional properties are not allowed ('colour' "
            "was unexpected) (remove it or check its spelling (see the schema))"
        ],
    ),
    "unknown-operator.geojson": (
        dump(collection(feature(operator="RUSS"))),
        [
            "feature 'kant-rus-1': operator: unknown code 'RUSS' (use an ISO 3166-1 "
            "alpha-3 code or one of the organisations CSTO, NATO; did you mean RUS "
            "(Russia)?)"
        ],
    ),
    "unknown-host.geojson": (
        dump(collection(feature(host="KGS"))),
        [
            "feature 'kant-rus-1': host: unknown code 'KGS' (use the ISO 3166-1 "
            "alpha-3 code of the state the site is in (for a breakaway territory, "
            "the recognised state, and name it in territory); did you mean KGZ "
            "(Kyrgyzstan)?)"
        ],
    ),
    "outside-host.geojson": (
        dump(collection(feature(host="TJK"))),
        [
            "feature 'kant-rus-1': geometry.coordinates: [74.84639, 42.85306] lies in "
            "Kyrgyzstan, 391 km from Tajikistan (host TJK) (check the coordinates "
            "and the host)"
        ],
    ),
}
_DATE_HINT = (
    'write it as "YYYY", "YYYY-MM" or "YYYY-MM-DD", adding ~ '
    "(approximate) or ? (uncertain) if needed"
)
_GRAMMAR = "is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD (optionally followed by ~ or ?)"
for slug, value, message in [
    ("slash", "2005/11", f"'2005/11' {_GRAMMAR}"),
    ("words", "Nov 2005", f"'Nov 2005' {_GRAMMAR}"),
    ("month-13", "2005-13", "'2005-13': month 13 is not between 01 and 12"),
    (
        "february-30",
        "2005-02-30",
        "'2005-02-30': day 30 does not exist in 2005-02 (which has 28 days)",
    ),
    ("two-digit-year", "05", f"'05' {_GRAMMAR}"),
    ("empty-string", "", f"'' {_GRAMMAR}"),
]:
    CASES[f"date-{slug}.geojson"] = (
        dump(collection(feature(start=value))),
        [f"feature 'kant-rus-1': start: {message} ({_DATE_HINT})"],
    )
CASES.update(
    {
        "date-number.geojson": (
            dump(collection(feature(start=2003))),
            [
                "feature 'kant-rus-1': start: not a date string (2003) (write it as "
                '"YYYY", "YYYY-MM" or "YYYY-MM-DD")'
            ],
        ),
        "end-before-start.geojson": (
            dump(collection(feature(start="2005-11-21", end="2001-10-05"))),
            [
                "feature 'kant-rus-1': end: ends (2001-10-05) before it starts "
                "(2005-11-21) (swap start and end, or correct the wrong one)"
            ],
        ),
        "no-sources.geojson": (
            dump(collection(feature(sources=[]))),
            [
                "feature 'kant-rus-1': sources: no sources (cite at least one seed (with "
                "a quote) or public reference)"
            ],
        ),
        "missing-sources.geojson": (
            dump(collection(feature(sources=...))),
            [
                "feature 'kant-rus-1': sources: missing required property (add 'sources' "
                "(see geodata/README.md))"
            ],
        ),
        "seed-without-quote.geojson": (
            dump(collection(feature(sources=[{"seed": "000_3d98f19f1ccf2261.txt"}]))),
            [
                "feature 'kant-rus-1': sources[0]: seed source without a quote (quote the "
                "words of the seed that support the fact)"
            ],
        ),
        "reference-without-publisher.geojson": (
            dump(collection(feature(sources=[{"title": "A page", "date": "2020"}]))),
            [
                "feature 'kant-rus-1': sources[0]: reference without publisher (a public "
                "reference has title, publisher and date)"
            ],
        ),
        "url-javascript.geojson": (
            dump(collection(feature(sources=source(url="javascript:alert(1)")))),
            [
                "feature 'kant-rus-1': sources[0].url: only http and https links are "
                "allowed ('javascript:alert(1)') (link to the public web page, or drop "
                "the url)"
            ],
        ),
        "url-data.geojson": (
            dump(collection(feature(sources=source(url="data:text/html,<b>x</b>")))),
            [
                "feature 'kant-rus-1': sources[0].url: only http and https links are "
                "allowed ('data:text/html,<b>x</b>') (link to the public web page, or "
                "drop the url)"
            ],
        ),
        "url-file.geojson": (
            dump(collection(feature(sources=source(url="file:///etc/passwd")))),
            [
                "feature 'kant-rus-1': sources[0].url: only http and https links are "
                "allowed ('file:///etc/passwd') (link to the public web page, or drop "
                "the url)"
            ],
        ),
        "overlapping-periods.geojson": (
            dump(
                collection(
                    feature(end="2012-12-31"),
                    feature(id="kant-rus-2", start="2012-01-01"),
                )
            ),
            [
                "feature 'kant-rus-2': start: overlaps 'kant-rus-1' (2003-10-23 to "
                "2012-12-31) of the same site and operator (make consecutive periods "
                "meet without overlapping)"
            ],
        ),
        "several-problems.geojson": (
            dump(
                collection(
                    feature(id="kant-rus-1", start="2003-13"),
                    feature(id="kant-rus-2", operator="XXX", sources=[]),
                )
            ),
            [
                "feature 'kant-rus-1': start: '2003-13': month 13 is not between 01 and "
                f"12 ({_DATE_HINT})",
                "feature 'kant-rus-2': sources: no sources (cite at least one seed (with "
                "a quote) or public reference)",
                "feature 'kant-rus-2': operator: unknown code 'XXX' (use an ISO 3166-1 "
                "alpha-3 code or one of the organisations CSTO, NATO)",
            ],
        ),
    }
)
CASES.update(
    {
        "precision-town-too-far.geojson": (
            dump(
                collection(
                    feature(
                        place={
                            "name": "Bishkek",
                            "coordinates": [74.59, 42.87],
                            "geonames": 1528675,
                        },
                        location_precision="town",
                    )
                )
            ),
            [
                "feature 'kant-rus-1': location_precision: 'town', but the point lies "
                "21.0 km from 'Bishkek' (at most 5 km for 'town') (give the town's own "
                "point, or a finer precision)"
            ],
        ),
        "precision-airfield-at-town.geojson": (
            dump(
                collection(
                    feature(
                        geometry={"type": "Point", "coordinates": [74.85077, 42.89106]},
                        place={"name": "Kant", "coordinates": [74.85077, 42.89106]},
                        location_precision="airfield",
                    )
                )
            ),
            [
                "feature 'kant-rus-1': location_precision: 'airfield', but the point "
                "lies 0.0 km from 'Kant', at the town's own point (if these are the "
                "town's coordinates, say \"town\"; otherwise give the airfield's own "
                "point)"
            ],
        ),
    }
)
_NESTED = "[" * 40 + "74.84639" + "]" * 40
_KANT = dump(collection(feature()))
_PLACED = dump(
    collection(feature(place={"name": "Kant", "coordinates": [74.85077, 42.89106]}))
)
_DEEP = "nested more than 32 levels deep (a layer needs only a few levels: look for a "
_DEEP += "runaway [[[...]]])"
_AFTER_AS_OF = (
    "is after the file's as_of (2026-11-23), the day the data was last checked"
)
# Bad inputs of issue 14: numbers JSON cannot hold, keys written twice, runaway
# nesting, other encodings, dates at the calendar's edges.
CASES.update(
    {
        "infinity-coordinate.geojson": (
            _KANT.replace(b"74.84639", b"Infinity"),
            [
                "not valid JSON: Infinity is not a JSON number (write a number, or "
                "null for an unknown value)"
            ],
        ),
        "minus-infinity-coordinate.geojson": (
            _KANT.replace(b"42.85306", b"-Infinity"),
            [
                "not valid JSON: -Infinity is not a JSON number (write a number, or "
                "null for an unknown value)"
            ],
        ),
        "overflow-coordinate.geojson": (
            _KANT.replace(b"74.84639", b"1e400"),
            [
                "feature 'kant-rus-1': geometry.coordinates[0]: number 1e400 is too "
                "large (over 1.8e308, beyond a double) (write a finite number, or "
                "null for an unknown value)"
            ],
        ),
        "overflow-number.geojson": (
            _PLACED.replace(b"74.85077", b"-1E+400"),
            [
                "feature 'kant-rus-1': place.coordinates[0]: number -1E+400 is too "
                "large (over 1.8e308, beyond a double) (write a finite number, or "
                "null for an unknown value)"
            ],
        ),
        "duplicate-key.geojson": (
            _KANT.replace(b'"end": null', b'"end": null,\n  "end": "2005-11-21"'),
            [
                "feature 'kant-rus-1': end: duplicate key 'end' in one object (write "
                "each key once: JSON readers silently keep only one of its values)"
            ],
        ),
        "duplicate-key-collection.geojson": (
            _KANT.replace(b'"as_of"', b'"as_of": "2005-01-01",\n "as_of"', 1),
            [
                "as_of: duplicate key 'as_of' in one object (write each key once: "
                "JSON readers silently keep only one of its values)"
            ],
        ),
        "deep-nesting.geojson": (
            _KANT.replace(
                json.dumps([74.84639, 42.85306], indent=1)
                .replace("\n", "\n    ")
                .encode(),
                f"[{_NESTED}, 42.85306]".encode(),
            ),
            [
                f"feature 'kant-rus-1': geometry.coordinates[0]: arrays or objects {_DEEP}"
            ],
        ),
        "deep-nesting-100000.geojson": (
            _KANT.replace(b"74.84639", b"[" * 100_000 + b"0" + b"]" * 100_000),
            [f"arrays or objects {_DEEP}"],
        ),
        "utf-16-bom.geojson": (
            _KANT.decode().encode("utf-16"),
            [
                "file is UTF-16 (little-endian, with a byte-order mark), not UTF-8 "
                "(save it as UTF-8 without BOM (RFC 8259))"
            ],
        ),
        "utf-16-le.geojson": (
            _KANT.decode().encode("utf-16-le"),
            [
                "file is UTF-16 (little-endian, without a byte-order mark), not UTF-8 "
                "(save it as UTF-8 without BOM (RFC 8259))"
            ],
        ),
        "utf-16-be.geojson": (
            _KANT.decode().encode("utf-16-be"),
            [
                "file is UTF-16 (big-endian, without a byte-order mark), not UTF-8 "
                "(save it as UTF-8 without BOM (RFC 8259))"
            ],
        ),
        "crlf-bad-date.geojson": (
            dump(collection(feature(start="2005-02-30"))).replace(b"\n", b"\r\n"),
            [
                "feature 'kant-rus-1': start: '2005-02-30': day 30 does not exist in "
                f"2005-02 (which has 28 days) ({_DATE_HINT})"
            ],
        ),
        "date-year-zero.geojson": (
            dump(collection(feature(start="0000"))),
            [
                f"feature 'kant-rus-1': start: '0000': year 0000 does not exist ({_DATE_HINT})"
            ],
        ),
        "date-end-9999-12-31.geojson": (
            dump(collection(feature(end="9999-12-31"))),
            [
                f"feature 'kant-rus-1': end: '9999-12-31' {_AFTER_AS_OF} (if it has "
                "not ended yet, write null (still present))"
            ],
        ),
        "date-start-9999-12-31.geojson": (
            dump(collection(feature(start="9999-12-31"))),
            [
                f"feature 'kant-rus-1': start: '9999-12-31' {_AFTER_AS_OF} (a date "
                "not yet reached cannot be sourced: check the year)"
            ],
        ),
    }
)
DUPLICATES = {
    "a.geojson": dump(collection(feature())),
    "b.geojson": dump(collection(feature(site="kant-2"))),
}


# -- the context: events and alliances ----------------------------------------
CONTEXT = Path(__file__).resolve().parent / "broken-context"

EVENT = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [74.84639, 42.85306]},
    "properties": {
        "id": "kant-opened",
        "date": "2003-10-23",
        "kind": "opening",
        "title": "Russian air base at Kant inaugurated",
        "host": "KGZ",
        "site": "kant",
        "sources": FEATURE["properties"]["sources"],
    },
}


def event(geometry=..., **props):
    return edited(EVENT, geometry, **props)


ORG = {
    "id": "csto",
    "name": "Collective Security Treaty Organization",
    "short": "CSTO",
    "start": "2002-10-07",
    "end": None,
    "sources": source(),
}


def membership(**kw):
    m = {
        "id": "csto-kgz-1",
        "organisation": "csto",
        "member": "KGZ",
        "status": "member",
        "start": "2002-10-07",
        "end": None,
        "sources": source(),
    }
    m.update(kw)
    return m


def alliances(*members, orgs=(ORG,)):
    return {
        "as_of": "2026-11-23",
        "organisations": list(orgs),
        "memberships": list(members),
    }


_KINDS = (
    "agreement, opening, closure, notice, deployment, exercise, summit, "
    "declaration, membership, unrest"
)
# text no output can hold, ids a file system cannot, and names drawn
# wrongly (issue 31: the adversarial probe)
_CONTROL_HINT = (
    "(remove it: no page, SVG figure or spreadsheet can show it (text pasted "
    "from Word or Excel often carries one))"
)
_ONE_LINE_HINT = "(write it on one line, without tabs)"
CASES.update(
    {
        "long-site-id.geojson": (
            dump(collection(feature(site="a" * 251))),
            [
                "feature 'kant-rus-1': site: is 251 characters long, more than 100 "
                "(shorten it: a site's id names its page (sites/ID.html) and its "
                "link)"
            ],
        ),
        "long-feature-id.geojson": (
            dump(collection(feature(id="k" * 101))),
            [
                f"feature '{'k' * 101}': id: is 101 characters long, more than 100 "
                "(shorten it: a site's id names its page (sites/ID.html) and its "
                "link)"
            ],
        ),
        # a vertical tab, as text pasted from Word carries (JSON escapes it)
        "control-vertical-tab.geojson": (
            dump(collection(feature(name="Termez\u000bbase"))),
            [
                "feature 'kant-rus-1': name: holds the control character U+000B "
                f"(vertical tab) at character 7 {_CONTROL_HINT}"
            ],
        ),
        # terminal escapes (a window title, a screen clear) in the notes
        "control-escape-notes.geojson": (
            dump(collection(feature(notes="\u001b]0;PWNED\u0007\u001b[2J"))),
            [
                "feature 'kant-rus-1': notes: holds the control character U+001B "
                f"(escape) at character 1 {_CONTROL_HINT}"
            ],
        ),
        # a C1 control, raw in the UTF-8 (JSON does not require escaping it)
        "control-c1-raw-quote.geojson": (
            dump(
                collection(
                    feature(
                        sources=[
                            {
                                "seed": "000_3d98f19f1ccf2261.txt",
                                "quote": "the Russian base at Kant\u0085",
                            }
                        ]
                    )
                )
            ),
            [
                "feature 'kant-rus-1': sources[0].quote: holds the control "
                "character U+0085 at character 25 "
                f"{_CONTROL_HINT}"
            ],
        ),
        "lone-surrogate.geojson": (
            b'{"type": "FeatureCollection", "as_of": "2026-11-23", "features": ['
            + dump(feature(name="Kant")).replace(b'"Kant"', b'"Kant \\ud800"').rstrip()
            + b"]}\n",
            [
                "feature 'kant-rus-1': name: holds U+D800, half of a surrogate "
                "pair, at character 6: not a character (write the character "
                "itself (JSON: both halves of the pair))"
            ],
        ),
        "newline-in-name.geojson": (
            dump(collection(feature(name="Kant\nAir Base"))),
            [
                "feature 'kant-rus-1': name: holds U+000A (line feed) at "
                f"character 5: it is drawn as one line {_ONE_LINE_HINT}"
            ],
        ),
        "tab-in-alias.geojson": (
            dump(collection(feature(aliases=["Kant", "Kant\tbase"]))),
            [
                "feature 'kant-rus-1': aliases[1]: holds U+0009 (tab) at "
                f"character 5: it is drawn as one line {_ONE_LINE_HINT}"
            ],
        ),
        # a right-to-left override turns "(RUS)" after the name into "(SUR)"
        "bidi-override-name.geojson": (
            dump(collection(feature(name="Kant\u202e"))),
            [
                "feature 'kant-rus-1': name: holds U+202E (RIGHT-TO-LEFT "
                "OVERRIDE) at character 5, which reorders the text drawn after it "
                "(the operator's code) (remove it: the name keeps its own "
                "direction without it)"
            ],
        ),
        "invisible-name.geojson": (
            dump(collection(feature(name="\u200b\u200b"))),
            [
                "feature 'kant-rus-1': name: has no visible character "
                "('\\u200b\\u200b') (write it as it is shown (spaces and "
                "zero-width characters alone show nothing))"
            ],
        ),
        "blank-label.geojson": (
            dump(collection(feature(label="\u00a0 "))),
            [
                "feature 'kant-rus-1': label: has no visible character ('\\xa0 ') "
                "(write it as it is shown (spaces and zero-width characters "
                "alone show nothing))"
            ],
        ),
    }
)

CONTEXT_CASES: dict[str, tuple[bytes, list[str]]] = {
    "event-unknown-kind.geojson": (
        dump(collection(event(kind="party"))),
        [f"feature 'kant-opened': kind: 'party' is not allowed (use one of {_KINDS})"],
    ),
    "event-placed-without-host.geojson": (
        dump(collection(event(host=...))),
        [
            "feature 'kant-opened': host: an event placed on the map must name its "
            'host state (add "host", or make geometry null for an event without a '
            "place on the map)"
        ],
    ),
    "event-end-before-date.geojson": (
        dump(collection(event(end="2003-10-01"))),
        [
            "feature 'kant-opened': end: ends (2003-10-01) before it starts "
            "(2003-10-23) (swap start and end, or correct the wrong one)"
        ],
    ),
    "event-null-end.geojson": (
        dump(collection(event(end=None))),
        [
            "feature 'kant-opened': end: not a date string (null) (write it as "
            '"YYYY", "YYYY-MM" or "YYYY-MM-DD")'
        ],
    ),
    "event-unknown-site.geojson": (
        dump(collection(event(site="kantt"))),
        [
            "feature 'kant-opened': site: no site 'kantt' in the layers (use the site "
            "of a layer feature, or drop site)"
        ],
    ),
    "event-away-from-site.geojson": (
        dump(
            collection(event(geometry={"type": "Point", "coordinates": [74.59, 42.87]}))
        ),
        [
            "feature 'kant-opened': geometry.coordinates: 21.0 km from the site "
            "'kant' it names (place the event at the site's point)"
        ],
    ),
    "event-unknown-country.geojson": (
        dump(collection(event(countries=["KGZ", "XYZ"]))),
        [
            "feature 'kant-opened': countries[1]: unknown code 'XYZ' (use an ISO "
            "3166-1 alpha-3 code or one of the organisations CSTO, NATO)",
        ],
    ),
    "alliances-not-an-object.json": (
        dump([ORG]),
        ["not a JSON object (list) (see the schema of this file)"],
    ),
    "membership-unknown-organisation.json": (
        dump(alliances(membership(organisation="nato"))),
        [
            "feature 'csto-kgz-1': organisation: no organisation 'nato' (use one of: "
            "csto)"
        ],
    ),
    "membership-of-an-unknown-state.json": (
        dump(alliances(membership(id="csto-xyz-1", member="XYZ"))),
        [
            "feature 'csto-xyz-1': member: unknown code 'XYZ' (a member is a state: "
            "use its ISO 3166-1 alpha-3 code)"
        ],
    ),
    "membership-before-organisation.json": (
        dump(alliances(membership(start="1994-04-20"))),
        [
            "feature 'csto-kgz-1': start: 1994-04-20 to now is outside the life of "
            "'csto' (2002-10-07 to now) (correct the membership's dates or the "
            "organisation's)"
        ],
    ),
    "membership-overlap.json": (
        dump(
            alliances(
                membership(end="2012-06-28"),
                membership(id="csto-kgz-2", status="suspended", start="2012-06-28"),
            )
        ),
        [
            "feature 'csto-kgz-2': start: overlaps 'csto-kgz-1' (2002-10-07 to "
            "2012-06-28) of the same state and organisation (make consecutive "
            "memberships meet without overlapping)"
        ],
    ),
    "membership-bad-status.json": (
        dump(alliances(membership(status="observer"))),
        [
            "feature 'csto-kgz-1': status: 'observer' is not allowed (use one of "
            "member, suspended)"
        ],
    ),
}


def main() -> None:
    HERE.mkdir(exist_ok=True)
    expected = {}
    for name, (content, lines) in sorted(CASES.items()):
        (HERE / name).write_bytes(content)
        expected[name] = [f"{F}{name}: {line}" for line in lines]
    folder = HERE / "duplicate-ids"
    folder.mkdir(exist_ok=True)
    for name, content in DUPLICATES.items():
        (folder / name).write_bytes(content)
    expected["duplicate-ids"] = [
        f"{F}duplicate-ids/b.geojson: feature 'kant-rus-1': id: duplicate id, also "
        f"in {F}duplicate-ids/a.geojson (give every feature a unique id across all "
        "layers)"
    ]
    # a folder holding a symbolic link loop (git keeps symbolic links)
    folder = HERE / "symlink-loop"
    folder.mkdir(exist_ok=True)
    (folder / "a.geojson").write_bytes(DUPLICATES["a.geojson"])
    loop = folder / "loop.geojson"
    if loop.is_symlink():
        loop.unlink()
    loop.symlink_to("loop.geojson")
    (folder / "sub").mkdir(exist_ok=True)
    back = folder / "sub" / "parent"
    if back.is_symlink():
        back.unlink()
    back.symlink_to("..")  # a folder loop: folders are not walked into
    expected["symlink-loop"] = [
        f"{F}symlink-loop/loop.geojson: cannot be read: it is a loop of symbolic "
        "links (point the link at a file, or remove it)"
    ]
    (HERE / "expected.json").write_text(
        json.dumps(expected, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"{len(expected)} cases written to {HERE}")
    CONTEXT.mkdir(exist_ok=True)
    expected = {}
    for name, (content, lines) in sorted(CONTEXT_CASES.items()):
        (CONTEXT / name).write_bytes(content)
        expected[name] = [f"{F}{name}: {line}" for line in lines]
    (CONTEXT / "expected.json").write_text(
        json.dumps(expected, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"{len(expected)} cases written to {CONTEXT}")


if __name__ == "__main__":
    main()
