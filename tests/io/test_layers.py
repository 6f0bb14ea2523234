"""Reading and validating layers: the bundled data, a valid sample, and the
broken corpus (through the library and through the command line)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from basemap.errors import DataError
from basemap.io.layers import read_layers, validate_layers
from basemap.io.memory import MEMORY_PER_BYTE
from basemap.validate.rules import COLUMNS

from ..conftest import DATA, REPO, build_fails

BROKEN = DATA / "broken"
EXPECTED = json.loads((BROKEN / "expected.json").read_text(encoding="utf-8"))


def expected_lines(name: str) -> list[str]:
    return [line.replace("{dir}", str(BROKEN)) for line in EXPECTED[name]]


def test_bundled_data_is_valid():
    assert validate_layers() == []


def test_read_sample_columns_and_types():
    gdf = read_layers(DATA / "valid" / "sample.geojson")
    assert list(gdf.columns) == [*COLUMNS, "area", "geometry"]
    assert gdf["area"].isna().all()  # no site of the sample is an area
    assert gdf.crs.to_epsg() == 4326
    assert len(gdf) == 5
    kant = gdf.set_index("id").loc["kant-rus-1"]
    assert (kant.geometry.x, kant.geometry.y) == (74.84639, 42.85306)
    assert kant["period"].end is None and kant["as_of"] == "2026-11-23"
    assert kant["status"] == "base"
    assert kant["sources"][0]["seed"] == "000_3d98f19f1ccf2261.txt"


def test_read_folder_equals_files():
    folder = read_layers(DATA / "valid")
    files = read_layers(sorted((DATA / "valid").glob("*.geojson")))
    assert list(folder["id"]) == list(files["id"])


def test_corpus_is_large_enough():
    assert len(EXPECTED) >= 25


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_problems(name):
    got = [str(p) for p in validate_layers(BROKEN / name)]
    assert got == expected_lines(name)
    with pytest.raises(DataError) as info:
        read_layers(BROKEN / name)
    assert str(info.value).splitlines() == expected_lines(name)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_cli(name, tmp_path):
    lines = build_fails("--data", str(BROKEN / name), out=tmp_path / "map.html")
    assert lines == expected_lines(name)
    assert list(tmp_path.iterdir()) == []


def test_no_fixed_limit_only_the_memory_the_machine_has(tmp_path, monkeypatch):
    huge = tmp_path / "huge.geojson"
    with huge.open("wb") as fh:  # sparse: costs no disk
        fh.truncate(300 * 2**20)  # over the 256 MB limit of earlier versions
    reads = []
    monkeypatch.setattr(
        "basemap.io.layers.load_collection",
        lambda *a, **k: reads.append(a) or (None, []),
    )
    monkeypatch.setattr(
        "basemap.io.memory.available_memory", lambda: 300 * 2**20 * MEMORY_PER_BYTE
    )
    assert validate_layers(huge) == [] and len(reads) == 1  # read: it fits
    reads.clear()
    monkeypatch.setattr("basemap.io.memory.available_memory", lambda: 2 * 10**9)
    (problem,) = validate_layers(huge)
    assert reads == []  # refused before reading
    assert str(problem) == (
        f"{huge}: 1 layer file of 315 MB in all: reading it takes about 2.2 GB "
        "of memory, and this machine has 2.0 GB available (free memory (close "
        "other programs), use a machine with more, or read a part of the layers "
        "at a time (fewer files in --data))"
    )
    from basemap.pipeline import build

    with pytest.raises(DataError) as info:  # before anything is written
        build(2005, data=huge, output=tmp_path / "map.html")
    assert str(info.value) == str(problem)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["huge.geojson"]


def test_missing_path_and_empty_folder(tmp_path):
    problems = [str(p) for p in validate_layers([tmp_path / "nope", tmp_path])]
    assert problems == [
        f"{tmp_path / 'nope'}: no such file or folder (check the path)",
        f"{tmp_path}: folder holds no .geojson or .json files (point --data at "
        "layer files or at a folder of them)",
    ]


# -- the bundled data itself --------------------------------------------------

SEEDS_ENV = "BASEMAP_SEEDS"


def seeds_dir():
    """The folder of seed documents, from the ``BASEMAP_SEEDS`` setting
    (``.ci/run`` sets it when ``../shared/seeds`` exists). Skips when it is
    unset; fails when it names a folder that does not exist."""
    value = os.environ.get(SEEDS_ENV)
    if not value:
        pytest.skip(
            f"{SEEDS_ENV} is not set: point it at the seed documents "
            "(e.g. ../shared/seeds) to check seed quotes word for word"
        )
    path = Path(value)
    if not path.is_dir():
        pytest.fail(f"{SEEDS_ENV}={value}: no such folder (unset it to skip)")
    return path


def _normalise(text: str) -> str:
    """Collapse whitespace; rejoin words the seed's PDF text broke after a
    hyphen at a line end ("AN-\\n26" is "AN-26")."""
    text = re.sub(r"-[ \t]*\n\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def count_seed_quotes(items) -> int:
    """Check every seed quote of ``items`` (pairs of id and sources) word for
    word against its seed; return how many were checked. Skips unless
    ``BASEMAP_SEEDS`` names the seeds' folder."""
    folder = seeds_dir()
    seeds = {
        p.name: _normalise(p.read_text(encoding="utf-8")) for p in folder.glob("*.txt")
    }
    checked = 0
    for item_id, sources in items:
        for src in sources:
            if "seed" in src:
                assert src["seed"] in seeds, f"{item_id}: unknown seed {src['seed']}"
                assert _normalise(src["quote"]) in seeds[src["seed"]], (
                    f"{item_id}: quote not found in {src['seed']}: {src['quote']!r}"
                )
                checked += 1
    return checked


def test_every_seed_quote_is_in_its_seed(layers):
    assert count_seed_quotes(zip(layers["id"], layers["sources"], strict=True)) >= 10


def test_every_cited_seed_has_its_reference(layers):
    """Each seed the layers or the context cite has a bibliographic entry in
    ``geodata/seeds.json`` (what a reader sees instead of the file name)."""
    from basemap.io.context import read_context

    refs = json.loads((REPO / "geodata" / "seeds.json").read_text(encoding="utf-8"))
    entries = refs["seeds"]
    context = read_context()
    items = [*zip(layers["id"], layers["sources"], strict=True)] + [
        (i["id"], i["sources"])
        for i in context.events + context.organisations + context.memberships
    ]
    cited = {src["seed"] for _, sources in items for src in sources if "seed" in src}
    assert cited, "no seed cited"
    assert cited <= set(entries), sorted(cited - set(entries))
    for name, entry in entries.items():
        assert set(entry) == {"author", "title", "publisher", "year", "note"}, name
        assert entry["note"], name


def test_every_period_is_sourced_and_located(layers):
    for _, row in layers.iterrows():
        assert row["sources"], row["id"]
        assert row["location_precision"] in {"installation", "airfield", "town", "area"}
        # an area's precision says so, and only an area (or a locality) has it
        assert (row["area"] is not None) <= (row["location_precision"] == "area")
        assert row["location_note"], f"{row['id']} has no note on its coordinates"
        for src in row["sources"]:
            url = src.get("url")
            assert url is None or url.startswith(("http://", "https://"))


def test_mission_sites_are_present_in_2005(layers):
    from basemap.selection.sites import select

    sel = select(layers, year=2005)
    shown = set(sel.loc[sel["presence"] != "former", "key"])
    assert {
        "kant/RUS",
        "manas/USA",
        "dushanbe-201/RUS",
        "dushanbe-airport/FRA",
        "ayni/IND",
        "termez/DEU",
        "karshi-khanabad/USA",
    } <= shown


def test_reading_leaves_the_garbage_collector_as_it_was():
    import gc

    assert gc.isenabled()
    read_layers(DATA / "valid")
    assert gc.isenabled()
    with pytest.raises(DataError):
        read_layers(BROKEN / "several-problems.geojson")
    assert gc.isenabled()
    gc.disable()
    try:
        read_layers(DATA / "valid")
        assert not gc.isenabled()  # not switched on behind the caller's back
    finally:
        gc.enable()


def test_records_of_the_checker_match_the_frame():
    from basemap.io.layers import check_layers

    checker = check_layers(DATA / "valid")
    frame = read_layers(DATA / "valid")
    records = checker.records
    assert [r["id"] for r in records] == list(frame["id"])
    assert [(r["lon"], r["lat"]) for r in records] == [
        (p.x, p.y) for p in frame.geometry
    ]
