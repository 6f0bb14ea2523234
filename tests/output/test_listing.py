"""``basemap list``: what the map shows, with the sources to read, in every
format; the former sites on request."""

from __future__ import annotations

import csv
import io
import json

import pyogrio
import pytest

from basemap.output.gpkg import sources_text
from basemap.output.listing import format_bytes, format_presences, on_the_map
from basemap.pipeline import listing, presences, write_listing
from basemap.resources import seed_citations


@pytest.fixture(scope="module")
def y2005():
    return presences(year=2005)


def test_the_listing_is_what_the_map_shows(y2005):
    shown = on_the_map(y2005)
    assert len(shown) < len(y2005)  # sites had left by 2005
    assert set(shown["presence"]) <= {"present", "uncertain"}
    assert len(on_the_map(y2005, former=True)) == len(y2005)
    rows = list(csv.DictReader(io.StringIO(listing("csv", 2005))))
    assert len(rows) == len(shown)
    assert "former" not in {r["presence"] for r in rows}
    again = list(csv.DictReader(io.StringIO(listing("csv", 2005, former=True))))
    assert {r["presence"] for r in again} >= {"present", "former"}


@pytest.mark.parametrize("name", ["2005.gpkg", "2005.geojson", "2005.csv"])
def test_list_o_writes_what_the_map_shows_with_sources(name, y2005, tmp_path):
    path = write_listing(tmp_path / name, name.rsplit(".", 1)[1], 2005)
    if name.endswith(".gpkg"):
        meta, _, _, fields = pyogrio.raw.read(path, layer="presences")
        columns = zip(*fields, strict=True)
        rows = [dict(zip(meta["fields"], row, strict=True)) for row in columns]
    elif name.endswith(".geojson"):
        rows = [f["properties"] for f in json.loads(path.read_text())["features"]]
    else:
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert len(rows) == len(on_the_map(y2005))
    assert {r["presence"] for r in rows} == {"present"}
    k2 = next(r for r in rows if r["site"] == "karshi-khanabad")
    assert "https://" in k2["sources"] and "[{" not in k2["sources"]
    seeded = [r for r in rows if r["site"] == "kant"]
    assert any(cite in seeded[0]["sources"] for cite in seed_citations().values())


def test_sources_are_cited_once_each():
    periods = [
        {"sources": [{"title": "A", "publisher": "P", "date": "2003", "url": "u"}]},
        {"sources": [{"title": "A", "publisher": "P", "date": "2003", "url": "u"}]},
    ]
    assert sources_text(periods) == "“A”, P, 2003, u"


def test_the_table_stays_a_table(y2005):
    table = format_presences(on_the_map(y2005), "table")
    assert "sources" not in table.splitlines()[0].lower()
    assert format_bytes(on_the_map(y2005), "json", "1970-01-01").startswith(b"[")
