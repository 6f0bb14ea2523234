"""Atomic writes: the old file or the new one, never a fragment."""

import errno
import os

import pytest

from basemap.errors import OutputError
from basemap.output.atomic import (
    atomic_write_bytes,
    atomic_write_text,
    broken_link,
    clean_temp_files,
)


def test_replaces_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "sub" / "map.html"
    atomic_write_text(target, "old")
    atomic_write_text(target, "new")
    assert target.read_text() == "new"
    assert [p.name for p in target.parent.iterdir()] == ["map.html"]
    assert oct(target.stat().st_mode & 0o777) == "0o644"


def test_failure_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "map.html"
    atomic_write_text(target, "old")

    def broken_replace(src, dst, **dir_fds):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError, match="cannot write \\(No space left on device\\)"):
        atomic_write_bytes(target, b"new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_unwritable_folder_is_an_output_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError) as info:
        atomic_write_text(blocker / "map.html", "x")
    assert isinstance(info.value, OSError)
    assert str(info.value).startswith(f"{blocker / 'map.html'}: cannot write")


def test_full_disk_half_way_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "map.html"
    atomic_write_text(target, "old")
    real_write = os.write

    def full(fd, data):
        real_write(fd, bytes(data[:3]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(OutputError) as info:
        atomic_write_bytes(target, b"new and longer")
    monkeypatch.undo()
    assert str(info.value) == (
        f"{target}: cannot write (No space left on device): the disk is full; free "
        "some space and run again; the old file, if any, is unchanged"
    )
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_short_writes_are_completed(tmp_path, monkeypatch):
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data[:2])))
    atomic_write_bytes(tmp_path / "x", b"0123456789")
    monkeypatch.undo()
    assert (tmp_path / "x").read_bytes() == b"0123456789"


def test_text_is_written_in_pieces_as_one_utf8_file(tmp_path, monkeypatch):
    # a page is encoded a few megabytes at a time: here 7 characters, so
    # pieces end inside runs of two-, three- and four-byte characters
    from basemap.output import atomic as write

    monkeypatch.setattr(write, "_CHUNK", 7)
    writes = []
    real_write = os.write

    def counted(fd, data):
        writes.append(len(data))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", counted)
    text = "Манас — \U0001f6e9 Kant, Ayni\n" * 5  # an airplane: four bytes
    atomic_write_text(tmp_path / "map.html", text)
    monkeypatch.undo()
    assert (tmp_path / "map.html").read_bytes() == text.encode("utf-8")
    assert len(writes) == -(-len(text) // 7)  # one write per piece


def test_interrupt_removes_the_temporary_file(tmp_path, monkeypatch):
    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_bytes(tmp_path / "map.html", b"x")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_broken_link_and_temp_cleaning(tmp_path):
    assert broken_link(tmp_path / "a" / "b") is None
    (tmp_path / "out").symlink_to("gone")
    assert broken_link(tmp_path / "out" / "x.html") == (tmp_path / "out", "gone")
    real = tmp_path / "real"
    (real / "thumbs").mkdir(parents=True)
    stale = [real / ".2005.html.abcd_123.tmp", real / "thumbs" / ".1.png.ABCDEFGH.tmp"]
    kept = [real / ".notes.tmp", real / "2005.html.tmp", real / ".x.abc.tmp"]
    for p in stale + kept:
        p.write_text("x")
    assert clean_temp_files(real) == 2
    assert [p.exists() for p in stale + kept] == [False, False, True, True, True]


def test_a_temporary_file_being_written_is_not_cleaned(tmp_path):
    import fcntl

    live = tmp_path / ".map.html.abcdefgh.tmp"
    dead = tmp_path / ".map.html.ABCDEFGH.tmp"
    live.write_text("half")
    dead.write_text("half")
    fd = os.open(live, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as a live writer holds it
        assert clean_temp_files(tmp_path, prefix=".map.html.") == 1
    finally:
        os.close(fd)
    assert live.exists() and not dead.exists()


def _fsyncs(monkeypatch):
    """Record each fsync as "dir" or "file"."""
    import stat

    real, seen = os.fsync, []

    def recording(fd):
        seen.append("dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        return real(fd)

    monkeypatch.setattr(os, "fsync", recording)
    return seen


def test_a_folders_renames_can_be_flushed_once_for_many_files(tmp_path, monkeypatch):
    from basemap.output.atomic import sync_folders

    seen = _fsyncs(monkeypatch)
    atomic_write_bytes(tmp_path / "one", b"1")
    assert seen == ["file", "dir"]  # alone: the file, then its rename
    seen.clear()
    for name in ("a", "b", "c"):
        atomic_write_bytes(tmp_path / "sub" / name, b"x", sync_folder=False)
    assert seen == ["file"] * 3  # each file complete on disk before its rename
    sync_folders([tmp_path / "sub"] * 3 + [tmp_path])
    assert seen[3:] == ["dir", "dir"]  # then each folder once
    assert (tmp_path / "sub" / "c").read_bytes() == b"x"


def test_an_export_flushes_each_folder_once(tmp_path, monkeypatch):
    from basemap.exporter.run import export

    seen = _fsyncs(monkeypatch)
    monkeypatch.setattr("basemap.exporter.drawing.find_chromium", _no_browser)
    result = export(tmp_path / "out", first=2004, last=2006)
    folders = {p.parent for p in result.written}
    assert len(result.written) > 30 and len(folders) >= 2
    assert seen.count("file") >= len(result.written)
    # each folder once at the end, and the manifest's own folder with it
    assert seen.count("dir") <= len(folders) + 3


def _no_browser():
    from basemap.errors import BrowserNotFoundError

    raise BrowserNotFoundError("no browser in this test")
