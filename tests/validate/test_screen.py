"""The whole-column screen (basemap.checks) against the per-feature rules
(basemap.rules): the same problems, in the same order, with the same
messages, on the whole broken corpus and on many single changes to real
features; the same records where nothing is wrong."""

from __future__ import annotations

import copy
import hashlib
import json

import pytest

from basemap.io.layers import check_layers
from basemap.validate.screen import _ALLOWED, _REQUIRED, screen

from ..conftest import DATA, REPO

BROKEN = DATA / "broken"
EXPECTED = json.loads((BROKEN / "expected.json").read_text(encoding="utf-8"))
BASE = REPO / "geodata" / "layers" / "russia.geojson"


def both_ways(path):
    """(problems, records) of the screen and of the rules alone."""
    fast = check_layers(path, vectorised=True)
    slow = check_layers(path, vectorised=False)
    return (
        ([str(p) for p in fast.problems], fast.records),
        ([str(p) for p in slow.problems], slow.records),
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_corpus_same_messages(name):
    (fast, fast_records), (slow, slow_records) = both_ways(BROKEN / name)
    assert fast == slow
    assert fast == [line.replace("{dir}", str(BROKEN)) for line in EXPECTED[name]]
    assert fast_records == slow_records


def test_bundled_layers_same_records():
    (fast, fast_records), (slow, slow_records) = both_ways(None)
    assert fast == slow == []
    assert fast_records == slow_records
    assert len(fast_records) > 50


def _set(path, value):
    def change(feature):
        *parents, last = path
        node = feature
        for key in parents:
            node = node[key]
        if value is KeyError:
            del node[last]
        else:
            node[last] = value

    return change


P = "properties"
#: A valid range ring, as the bundled data gives one.
RADIUS = {
    "km": 380.0,
    "what": "combat radius of the Su-25",
    "source": {
        "title": "Air Forces",
        "publisher": "StrategyPage",
        "date": "2006-09-02",
        "url": "https://m.strategypage.com/htmw/htairfo/articles/20060902.aspx",
        "quote": "a combat radius of 380 kilometers",
    },
}
# One change to the first feature of a real layer each; most make it wrong.
CHANGES = {
    "id-uppercase": _set([P, "id"], "Kant-RUS"),
    "id-newline": _set([P, "id"], "kant-rus\n"),
    "id-number": _set([P, "id"], 7),
    "id-empty": _set([P, "id"], ""),
    "site-missing": _set([P, "site"], KeyError),
    "site-space": _set([P, "site"], "kant base"),
    "name-empty": _set([P, "name"], ""),
    "name-list": _set([P, "name"], ["Kant"]),
    "label-long": _set([P, "label"], "x" * 41),
    "label-40": _set([P, "label"], "x" * 40),
    "label-null": _set([P, "label"], None),
    "aliases-string": _set([P, "aliases"], "Kant"),
    "aliases-empty-item": _set([P, "aliases"], [""]),
    "operator-unknown": _set([P, "operator"], "XYZ"),
    "operator-lower": _set([P, "operator"], "rus"),
    "operator-list": _set([P, "operator"], ["RUS"]),
    "host-unknown": _set([P, "host"], "RUS"),
    "host-null": _set([P, "host"], None),
    "kind-missing": _set([P, "kind"], KeyError),
    "status-unknown": _set([P, "status"], "secret"),
    "status-temporary": _set([P, "status"], "temporary"),
    "start-slash": _set([P, "start"], "2002/11/30"),
    "start-feb-30": _set([P, "start"], "2002-02-30"),
    "start-future": _set([P, "start"], "2099"),
    "start-number": _set([P, "start"], 2002),
    "start-approx": _set([P, "start"], "2002~"),
    "end-before-start": _set([P, "end"], "1990"),
    "end-future": _set([P, "end"], "2099-01-01"),
    "end-null": _set([P, "end"], None),
    "end-missing": _set([P, "end"], KeyError),
    "end-month-13": _set([P, "end"], "2002-13"),
    "personnel-string": _set([P, "personnel"], "400"),
    "personnel-bad-date": _set([P, "personnel"], [{"value": "4", "date": "x"}]),
    "personnel-extra": _set(
        [P, "personnel"], [{"value": "4", "date": "2005", "who": "x"}]
    ),
    "equipment-number": _set([P, "equipment"], [4]),
    "notes-number": _set([P, "notes"], 4),
    "place-far": _set([P, "place", "coordinates"], [70.0, 40.0]),
    "place-at-point": _set([P, "place", "coordinates"], [74.84639, 42.85306]),
    "place-out-of-range": _set([P, "place", "coordinates"], [400.0, 42.0]),
    "place-three": _set([P, "place", "coordinates"], [74.8, 42.8, 1]),
    "place-geonames-text": _set([P, "place", "geonames"], "1528193"),
    "place-no-name": _set([P, "place", "name"], KeyError),
    "precision-town": _set([P, "location_precision"], "town"),
    "precision-unknown": _set([P, "location_precision"], "exact"),
    "extra-property": _set([P, "colour"], "red"),
    "sources-empty": _set([P, "sources"], []),
    "sources-object": _set([P, "sources"], {"title": "x"}),
    "source-string": _set([P, "sources", 0], "a book"),
    "source-javascript": _set(
        [P, "sources", 0],
        {"title": "T", "publisher": "P", "date": "2005", "url": "javascript:x"},
    ),
    "source-url-space": _set(
        [P, "sources", 0],
        {"title": "T", "publisher": "P", "date": "2005", "url": "https://a b"},
    ),
    "source-url-upper": _set(
        [P, "sources", 0],
        {"title": "T", "publisher": "P", "date": "2005", "url": "HTTPS://a.org"},
    ),
    "source-bad-date": _set(
        [P, "sources", 0], {"title": "T", "publisher": "P", "date": "2005-02-30"}
    ),
    "source-no-publisher": _set([P, "sources", 0], {"title": "T", "date": "2005"}),
    "source-seed-no-quote": _set(
        [P, "sources", 0], {"seed": "000_0123456789abcdef.txt"}
    ),
    "source-seed-bad-name": _set([P, "sources", 0], {"seed": "x.txt", "quote": "q"}),
    "source-seed-and-title": _set(
        [P, "sources", 0],
        {"seed": "000_0123456789abcdef.txt", "quote": "q", "title": "T"},
    ),
    "source-extra": _set(
        [P, "sources", 0], {"title": "T", "publisher": "P", "date": "2005", "x": 1}
    ),
    "radius-valid": _set([P, "radius"], RADIUS),
    "radius-valid-int": _set([P, "radius"], {**RADIUS, "km": 380}),
    "radius-zero": _set([P, "radius"], {**RADIUS, "km": 0}),
    "radius-negative": _set([P, "radius"], {**RADIUS, "km": -5.5}),
    "radius-huge": _set([P, "radius"], {**RADIUS, "km": 20000.5}),
    "radius-bool": _set([P, "radius"], {**RADIUS, "km": True}),
    "radius-text-km": _set([P, "radius"], {**RADIUS, "km": "380"}),
    "radius-blank-what": _set([P, "radius"], {**RADIUS, "what": "  "}),
    "radius-extra": _set([P, "radius"], {**RADIUS, "unit": "km"}),
    "radius-no-source": _set(
        [P, "radius"], {k: v for k, v in RADIUS.items() if k != "source"}
    ),
    "radius-no-quote": _set(
        [P, "radius"], {**RADIUS, "source": {**RADIUS["source"], "quote": " "}}
    ),
    "radius-bad-date": _set(
        [P, "radius"], {**RADIUS, "source": {**RADIUS["source"], "date": "2006-13"}}
    ),
    "radius-late-date": _set(
        [P, "radius"], {**RADIUS, "source": {**RADIUS["source"], "date": "2099"}}
    ),
    "radius-url-space": _set(
        [P, "radius"],
        {**RADIUS, "source": {**RADIUS["source"], "url": "https://a b"}},
    ),
    "radius-seed-unknown": _set(
        [P, "radius"],
        {**RADIUS, "source": {"seed": "000_0123456789abcdef.txt", "quote": "q"}},
    ),
    "radius-list": _set([P, "radius"], [RADIUS]),
    "geometry-null": _set(["geometry"], None),
    "geometry-line": _set(["geometry", "type"], "LineString"),
    "coords-three": _set(["geometry", "coordinates"], [74.84639, 42.85306, 800]),
    "coords-bool": _set(["geometry", "coordinates"], [True, 42.85306]),
    "coords-string": _set(["geometry", "coordinates"], ["74.8", "42.8"]),
    "coords-swapped": _set(["geometry", "coordinates"], [42.85306, 74.84639]),
    "coords-out-of-range": _set(["geometry", "coordinates"], [274.8, 42.8]),
    "coords-in-kazakhstan": _set(["geometry", "coordinates"], [71.4, 51.1]),
    "coords-int": _set(["geometry", "coordinates"], [75, 43]),
    "coords-moved-2km": _set(["geometry", "coordinates"], [74.87, 42.853]),
    "feature-id-bool": _set(["id"], True),
    "feature-id-number": _set(["id"], 3),
    "feature-type": _set(["type"], "feature"),
    "properties-list": _set([P], []),
    "properties-missing": _set([P], KeyError),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_one_change_same_messages(change, tmp_path):
    layer = json.loads(BASE.read_text(encoding="utf-8"))
    CHANGES[change](layer["features"][0])
    path = tmp_path / "layer.geojson"
    path.write_text(json.dumps(layer), encoding="utf-8")
    (fast, fast_records), (slow, slow_records) = both_ways(path)
    assert fast == slow
    assert fast_records == slow_records


def test_across_features_same_messages(tmp_path):
    layer = json.loads(BASE.read_text(encoding="utf-8"))
    features = layer["features"]
    twin = copy.deepcopy(features[1])  # same id: a duplicate
    apart = copy.deepcopy(features[2])  # same site, 30 km away
    apart["properties"]["id"] += "-apart"
    apart["geometry"]["coordinates"][0] += 0.3
    overlap = copy.deepcopy(features[3])  # same site and operator, same time
    overlap["properties"]["id"] += "-again"
    features += [twin, apart, overlap]
    path = tmp_path / "layer.geojson"
    path.write_text(json.dumps(layer), encoding="utf-8")
    (fast, _), (slow, _) = both_ways(path)
    assert fast == slow
    assert any("duplicate id" in p for p in fast)
    assert any("km from" in p and "of the same site" in p for p in fast)
    assert any("overlaps" in p for p in fast)


def test_screen_clears_valid_features_only():
    layer = json.loads(BASE.read_text(encoding="utf-8"))
    features = layer["features"]
    plain = [f for f in features if set(f["properties"]) <= _ALLOWED]
    assert len(plain) > 10  # the screen clears real features in bulk
    found = screen(plain, layer["as_of"])
    assert all(found.ok)
    ringed = copy.deepcopy(plain[0])
    ringed["properties"]["radius"] = RADIUS  # a range ring is cleared too
    assert screen([ringed], layer["as_of"]).ok == [True]
    broken = copy.deepcopy(plain[0])
    broken["properties"]["start"] = "2005-02-30"
    assert screen([broken, plain[1]], layer["as_of"]).ok == [False, True]


# The schema as the screen was written for it: a change to any property the
# screen checks must be made in basemap.checks too (then update this hash).
SCHEMA_SHA256 = "e08b996187d35d0eb526beb501240d84c2f41355cafc684253410e732fa92b2a"


def _screened_schema() -> str:
    schema = json.loads((REPO / "geodata" / "layer.schema.json").read_text())
    defs = schema["$defs"]
    props = defs["feature"]["properties"]["properties"]
    part = {
        "feature": {k: v for k, v in defs["feature"].items() if k != "properties"},
        "geometry": defs["feature"]["properties"]["geometry"],
        "required": props["required"],
        "properties": {k: props["properties"][k] for k in sorted(_ALLOWED)},
        "defs": {k: defs[k] for k in ("date", "text", "url", "source", "dated_value")},
        "place": defs["place"],
    }
    return hashlib.sha256(json.dumps(part, sort_keys=True).encode()).hexdigest()


def test_schema_is_the_one_the_screen_checks():
    schema = json.loads((REPO / "geodata" / "layer.schema.json").read_text())
    props = schema["$defs"]["feature"]["properties"]["properties"]
    assert set(props["required"]) == _REQUIRED
    assert set(props["properties"]) >= _ALLOWED
    assert _screened_schema() == SCHEMA_SHA256, (
        "the schema of a property basemap.checks screens has changed: "
        "update the screen, then this hash"
    )
