"""Incremental export: a second export with nothing changed does no work
and touches no file; after a one-feature change only the years whose output
changes are rewritten; a file changed on disk is made again."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

import basemap.exporter.run
from basemap.exporter.manifest import MANIFEST_NAME, Manifest
from basemap.exporter.run import export
from basemap.exporter.statcache import CACHE_NAME, StatCache
from basemap.io.layers import read_layers
from basemap.resources import MAP_STATIC_DIR, TEMPLATES_DIR
from basemap.selection.sites import select

from ..conftest import DATA
from .test_manifest import settle

SAMPLE = DATA / "valid" / "sample.geojson"
YEARS = (2000, 2008)


def snapshot(folder):
    """Every file of the folder (and its subfolders) but the lock and the
    stat cache: name -> (mtime_ns, bytes)."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name not in (".basemap.lock", CACHE_NAME)
    }


@pytest.fixture
def layer(tmp_path):
    path = tmp_path / "data" / "sample.geojson"
    path.parent.mkdir()
    shutil.copy(SAMPLE, path)
    return path


def run(out, layer, **kw):
    return export(out, first=YEARS[0], last=YEARS[1], data=layer, **kw)


def test_nothing_changed_reads_nothing_and_writes_nothing(
    tmp_path, layer, monkeypatch, hashed
):
    out = tmp_path / "out"
    first = run(out, layer)
    before = snapshot(out)
    assert MANIFEST_NAME in before and "2005.html" in before
    cache = StatCache.load(out)
    assert cache.entries and CACHE_NAME not in Manifest.load(out).files
    # every file has its stat recorded but those written in the clock step
    # of the cache itself ("racy": hashed by the next run)
    assert len(cache.entries) > len(first.files) // 2

    def no_reading(*args, **kwargs):
        raise AssertionError("the layers were read again")

    monkeypatch.setattr(basemap.exporter.run, "read_layers", no_reading)
    settle(out)  # as a moment after the export
    again = run(out, layer)
    assert again.written == [] and again.removed == []
    assert again.kept == again.files == first.files
    assert again.years == first.years == list(range(YEARS[0], YEARS[1] + 1))
    assert snapshot(out) == before  # every mtime and byte, the manifest's too
    assert (
        again.summary().endswith(f"{len(first.files)} unchanged, 0 removed")
        and ": 0 written" in again.summary()
    )
    assert set(hashed) <= {
        os.path.basename(n) for n in set(before) - set(cache.entries)
    }
    # the racy ones are recorded now: a third run hashes no file at all
    hashed.clear()
    cache_bytes = (out / CACHE_NAME).read_bytes()
    third = run(out, layer)
    assert third.written == [] and hashed == []
    assert snapshot(out) == before and (out / CACHE_NAME).read_bytes() == cache_bytes


def test_an_edit_in_place_with_its_mtime_restored_is_made_again(tmp_path, layer):
    out = tmp_path / "out"
    run(out, layer)
    path = out / "2004.html"
    data = path.read_bytes()
    entry = Manifest.load(out).files["2004.html"]
    assert StatCache.load(out).matches("2004.html", entry["sha256"], entry["size"])
    st = path.stat()
    settle(out)
    with open(path, "r+b") as fh:  # same size, other bytes, same mtime
        fh.seek(len(data) // 2)
        fh.write(b"X")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    edited = path.stat()
    assert (edited.st_size, edited.st_mtime_ns, edited.st_ino) == (
        st.st_size,
        st.st_mtime_ns,
        st.st_ino,
    )
    assert edited.st_ctime_ns != st.st_ctime_ns  # what gives it away
    again = run(out, layer)
    assert [p.name for p in again.written if p.parent.name != "thumbs"] == ["2004.html"]
    assert path.read_bytes() == data


def test_a_corrupt_stat_cache_is_ignored(tmp_path, layer, hashed):
    out = tmp_path / "out"
    first = run(out, layer)
    before = snapshot(out)
    (out / CACHE_NAME).write_bytes(b'{"format": "basemap-stat-cache", "files": [')
    again = run(out, layer)  # nothing to do, known by hashing every file
    assert again.written == [] and again.kept == first.files
    assert sorted(hashed) == sorted(
        os.path.basename(n) for n in set(before) - {MANIFEST_NAME}
    )
    assert snapshot(out) == before
    assert StatCache.load(out).entries  # written anew


def test_an_option_change_is_not_nothing(tmp_path, layer):
    out = tmp_path / "out"
    run(out, layer)
    titled = run(out, layer, title="Other title")
    assert titled.written  # the pages carry the title


def test_one_feature_change_rewrites_exactly_the_affected_years(
    tmp_path, layer, monkeypatch
):
    out = tmp_path / "out"
    run(out, layer)
    settle(out)
    run(out, layer)  # nothing to do; the files racy at the export recorded
    before = snapshot(out)
    doc = json.loads(layer.read_text(encoding="utf-8"))
    (kant,) = [f for f in doc["features"] if f["properties"]["id"] == "kant-rus-1"]
    kant["properties"]["name"] = "Kant air base (renamed)"
    layer.write_text(json.dumps(doc), encoding="utf-8")

    layers = read_layers(layer)
    affected = {
        y
        for y in range(YEARS[0], YEARS[1] + 1)
        if any(
            p["id"] == "kant-rus-1"
            for periods in select(layers, year=y)["periods"]
            for p in periods
        )
    }
    assert affected and affected != set(range(YEARS[0], YEARS[1] + 1))

    vouched = set()
    matches = StatCache.matches

    def recording(self, name, digest, size):
        found = matches(self, name, digest, size)
        if found:
            vouched.add(name)
        return found

    monkeypatch.setattr(StatCache, "matches", recording)
    result = run(out, layer)
    after = snapshot(out)
    written = {p.relative_to(out).as_posix() for p in result.written}
    # every file kept was known unchanged by its stat, without reading it
    kept = {p.relative_to(out).as_posix() for p in result.kept}
    assert kept and kept <= vouched
    year_pages = {n for n in written if n[:4].isdigit() and n.endswith(".html")}
    assert year_pages == {f"{y}.html" for y in affected}
    for year in set(range(YEARS[0], YEARS[1] + 1)) - affected:
        name = f"{year}.html"
        assert after[name] == before[name]  # same mtime, same bytes
    for name in set(before) - written - {MANIFEST_NAME}:
        assert after[name] == before[name]
    assert {p.relative_to(out).as_posix() for p in result.kept} == (
        set(after) - written - {MANIFEST_NAME}
    )


def test_unchanged_pages_are_not_drawn_again(tmp_path, layer, monkeypatch):
    import basemap.exporter.drawing
    import basemap.figures.draw

    out = tmp_path / "out"
    run(out, layer, formats=["html", "png", "gif"])
    before = snapshot(out)
    doc = json.loads(layer.read_text(encoding="utf-8"))
    (kant,) = [f for f in doc["features"] if f["properties"]["id"] == "kant-rus-1"]
    kant["properties"]["name"] = "Kant air base (renamed)"
    layer.write_text(json.dumps(doc), encoding="utf-8")
    drawn = []
    draw = basemap.figures.draw.draw_figures

    def recording(pages, *args, **kwargs):
        def seen():  # the years come as the export writes their pages
            for page in pages:
                drawn.append(page.year)
                yield page

        return draw(seen(), *args, **kwargs)

    monkeypatch.setattr(basemap.exporter.drawing, "draw_figures", recording)
    result = run(out, layer, formats=["html", "png", "gif"])
    written = {p.relative_to(out).as_posix() for p in result.written}
    changed = {int(n[:4]) for n in written if n[:4].isdigit() and n.endswith(".html")}
    assert changed and sorted(drawn) == sorted(changed)  # only those drawn
    after = snapshot(out)
    for year in set(range(YEARS[0], YEARS[1] + 1)) - changed:
        for name in (f"{year}.png", f"thumbs/{year}.png"):
            assert after[name] == before[name]  # kept: same mtime and bytes
    # an image changed on disk is drawn again, even though its page is not
    (out / f"{YEARS[0]}.png").write_bytes(b"not the figure")
    drawn.clear()
    run(out, layer, formats=["html", "png", "gif"])
    assert drawn == [YEARS[0]]


def test_a_file_changed_on_disk_is_made_again(tmp_path, layer):
    out = tmp_path / "out"
    run(out, layer)
    (out / "2004.html").write_text("edited by hand")
    before = snapshot(out)
    again = run(out, layer)
    # (browser-drawn thumbnails may be drawn again: not always the same bytes)
    assert [p.name for p in again.written if p.parent.name != "thumbs"] == ["2004.html"]
    assert (out / "2004.html").read_text() != "edited by hand"
    after = snapshot(out)
    for name in set(before) - {"2004.html", MANIFEST_NAME}:
        if not name.startswith("thumbs/"):
            assert after[name] == before[name]


def test_an_interrupted_export_leaves_no_run(tmp_path, layer):
    out = tmp_path / "out"
    run(out, layer)
    manifest = Manifest.load(out)
    assert manifest.run is not None
    manifest.run = None  # as the start of an export leaves it
    manifest.save()
    again = run(out, layer)  # so the next one does the work (and keeps bytes)
    pages = {p.name for p in again.files if p.suffix == ".html"}
    assert pages and pages <= {p.name for p in again.kept}
    assert Manifest.load(out).run is not None


def test_an_old_manifest_without_a_run_is_read(tmp_path, layer):
    out = tmp_path / "out"
    run(out, layer)
    path = out / MANIFEST_NAME
    doc = json.loads(path.read_text())
    assert Manifest.load(out).files == doc["files"]  # drawn_from read back too
    del doc["run"]
    for entry in doc["files"].values():
        entry.pop("drawn_from", None)  # an older manifest has neither
    assert doc["version"] == 1
    path.write_text(json.dumps(doc))
    manifest = Manifest.load(out)
    assert manifest.run is None and manifest.files == {
        k: {"sha256": v["sha256"], "size": v["size"]} for k, v in doc["files"].items()
    }


def test_a_forged_run_is_ignored(tmp_path, layer):
    out = tmp_path / "out"
    run(out, layer)
    path = out / MANIFEST_NAME
    doc = json.loads(path.read_text())
    doc["run"]["made"] = [*doc["run"]["made"], "../outside.txt"]
    path.write_text(json.dumps(doc))
    assert Manifest.load(out).run is None


@pytest.mark.parametrize(
    ("folder", "name", "probe", "page"),
    [
        (MAP_STATIC_DIR, "basemap.js", "\nvar basemapProbe = 1;\n", "2005.html"),
        (TEMPLATES_DIR, "index.html", "\n<!-- basemap probe -->\n", "index.html"),
    ],
)
def test_a_changed_script_or_template_makes_the_pages_again(
    tmp_path, layer, folder, name, probe, page
):
    """The package's scripts and templates are inputs of every export,
    wherever their folders are in the package (basemap.resources): after a
    change, the next export writes the pages that carry them."""
    out = tmp_path / "out"

    def export_in_a_new_process() -> str:
        done = subprocess.run(
            [
                *(sys.executable, "-m", "basemap", "export", "-o", str(out)),
                *("--from", "2004", "--to", "2006", "--data", str(layer)),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    first = export_in_a_new_process()
    assert ": 0 written" not in first
    path = folder / name
    original = path.read_bytes()
    try:
        path.write_bytes(original + probe.encode())
        again = export_in_a_new_process()
        assert probe.strip().encode() in (out / page).read_bytes()
        assert ": 0 written" not in again
    finally:
        path.write_bytes(original)
    restored = export_in_a_new_process()
    assert probe.strip().encode() not in (out / page).read_bytes()
    assert ": 0 written" not in restored
