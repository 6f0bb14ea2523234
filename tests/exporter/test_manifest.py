"""basemap.manifest: which files an export may take as its own, intact."""

import json
import os
import shutil
import time

import pytest

from basemap.exporter.manifest import MANIFEST_NAME, Manifest
from basemap.exporter.statcache import CACHE_NAME, StatCache


def test_intact_is_the_recorded_bytes_in_a_regular_file(tmp_path):
    data = b"<html>2005</html>\n"
    m = Manifest(tmp_path)
    for name in ("same.html", "edited.html", "linked.html", "folder.html"):
        m.record(name, data)
    m.record("gone.html", data)
    (tmp_path / "same.html").write_bytes(data)
    (tmp_path / "edited.html").write_bytes(data.replace(b"2005", b"2006"))
    (tmp_path / "copy").write_bytes(data)
    (tmp_path / "linked.html").symlink_to(tmp_path / "copy")
    (tmp_path / "folder.html").mkdir()
    got = {name: m.intact(name) for name in m.files}
    assert got == {
        "same.html": True,
        "edited.html": False,  # the same size, other bytes
        "linked.html": False,  # the same bytes, behind a link
        "folder.html": False,
        "gone.html": False,
    }
    assert not m.intact("never-recorded.html")


# the stat cache: a file whose stat is the one recorded is not read again


def settle(folder):
    """Wait until the file system's clock is past the times of every file in
    ``folder``, as it is a moment after any export (no file is then "racy")."""
    latest = max(
        max(p.lstat().st_mtime_ns, p.lstat().st_ctime_ns) for p in folder.rglob("*")
    )
    probe = folder.parent / f"{folder.name}.probe"
    while True:
        probe.write_bytes(b"")
        now = probe.stat().st_ctime_ns
        probe.unlink()
        if now > latest:
            return
        time.sleep(0.001)


def written(folder, n=3):
    """A manifest of ``n`` files just written, and saved with its cache."""
    folder.mkdir(exist_ok=True)
    m = Manifest(folder)
    for i in range(n):
        data = f"<html>{2000 + i}</html>\n".encode()
        (folder / f"{2000 + i}.html").write_bytes(data)
        m.record(f"{2000 + i}.html", data)
        m.written(f"{2000 + i}.html")
    settle(folder)
    m.save()
    return m


def test_a_file_whose_stat_is_recorded_is_not_hashed(tmp_path, hashed):
    written(tmp_path / "out")
    again = Manifest.load(tmp_path / "out")
    assert all(again.intact(name) for name in again.files)
    assert hashed == []
    assert CACHE_NAME not in again.files  # not an output
    assert (tmp_path / "out" / CACHE_NAME).is_file()


def test_the_manifest_does_not_depend_on_the_cache(tmp_path):
    m = written(tmp_path / "out")
    data = (tmp_path / "out" / MANIFEST_NAME).read_bytes()
    assert m.to_bytes() == data and CACHE_NAME.encode() not in data
    (tmp_path / "out" / CACHE_NAME).unlink()
    Manifest.load(tmp_path / "out").save()
    assert (tmp_path / "out" / MANIFEST_NAME).read_bytes() == data


def test_an_edit_in_place_with_its_mtime_restored_is_hashed(tmp_path, hashed):
    out = tmp_path / "out"
    written(out)
    path = out / "2001.html"
    before = path.stat()
    with open(path, "r+b") as fh:  # the same size, other bytes
        fh.seek(6)
        fh.write(b"1999")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert after.st_ctime_ns != before.st_ctime_ns
    again = Manifest.load(out)
    assert {n: again.intact(n) for n in again.files} == {
        "2000.html": True,
        "2001.html": False,
        "2002.html": True,
    }
    assert hashed == ["2001.html"]


def test_a_file_as_new_as_the_cache_is_racy_and_hashed(tmp_path, hashed):
    out = tmp_path / "out"
    m = written(out)
    times = {
        n: max((out / n).stat().st_mtime_ns, (out / n).stat().st_ctime_ns)
        for n in m.files
    }
    stamp = times["2002.html"]  # the last one written
    # a file written in the clock step the cache was written in could still
    # change within that step with the same stat: it gets no entry
    m.stat.save(m._digests(), stamp=stamp)
    racy = {n for n, t in times.items() if t >= stamp}
    assert (
        "2002.html" in racy and set(StatCache.load(out).entries) == set(m.files) - racy
    )
    again = Manifest.load(out)
    assert all(again.intact(n) for n in again.files)
    assert sorted(hashed) == sorted(racy)
    # once checked, it is recorded (its times now before the clock)
    again.stat.save(again._digests())
    assert set(StatCache.load(out).entries) == set(m.files)


@pytest.mark.parametrize(
    "cache",
    [
        b"\x00\xffnot json",
        b"[1, 2, 3]\n",
        b'{"format": "other", "version": 1, "files": {}}',
        b'{"format": "basemap-stat-cache", "version": 99, "files": {}}',
        b'{"format": "basemap-stat-cache", "version": 1, "files": []}',
        b'{"format": "basemap-stat-cache", "version": 1, "files": {"2000.html": 3}}',
        b'{"format": "basemap-stat-cache", "version": 1, "files": '
        b'{"2000.html": ["x", "1", 2, 3, 4, 5]}}',
        b'{"format": "basemap-stat-cache", "version": 1, "files": '
        b'{"2000.html": "x 1 2 3 4 5", "2001.html": null}}',
        b"",
    ],
)
def test_a_corrupt_cache_means_hashing(tmp_path, hashed, cache):
    out = tmp_path / "out"
    written(out)
    (out / CACHE_NAME).write_bytes(cache)
    again = Manifest.load(out)
    assert all(again.intact(n) for n in again.files)
    assert sorted(hashed) == sorted(again.files)


def test_a_foreign_cache_means_hashing(tmp_path, hashed):
    written(tmp_path / "a")
    written(tmp_path / "b")  # the same names and bytes, other files
    shutil.copy(tmp_path / "a" / CACHE_NAME, tmp_path / "b" / CACHE_NAME)
    again = Manifest.load(tmp_path / "b")
    assert all(again.intact(n) for n in again.files)
    assert sorted(hashed) == sorted(again.files)


def test_a_cache_entry_with_another_hash_is_not_trusted(tmp_path, hashed):
    out = tmp_path / "out"
    written(out)
    doc = json.loads((out / CACHE_NAME).read_bytes())
    entry = doc["files"]["2000.html"]
    doc["files"]["2000.html"] = "0" * 64 + entry[64:]  # the stat right, the hash not
    (out / CACHE_NAME).write_text(json.dumps(doc))
    again = Manifest.load(out)
    assert all(again.intact(n) for n in again.files)
    assert hashed == ["2000.html"]


def test_unchanged_reads_no_byte_of_a_file_the_cache_vouches_for(tmp_path, monkeypatch):
    out = tmp_path / "out"
    written(out)
    again = Manifest.load(out)
    assert again.stat.entries  # read before counting
    opened = []
    real = os.open

    def recording(path, *args, **kwargs):
        opened.append(os.path.basename(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", recording)
    assert again.unchanged("2000.html", b"<html>2000</html>\n")
    assert not again.unchanged("2001.html", b"<html>2001 edited</html>\n")
    assert opened == []  # neither needs the old bytes: same hash, other size
    assert not again.unchanged("2002.html", b"<html>2009</html>\n")
    assert opened == ["2002.html"]  # the same size: the bytes say
