"""Atomic writes: the old file or the new one, never a fragment."""

import os

import pytest

from basemap.errors import OutputError
from basemap.write import atomic_write_bytes, atomic_write_text


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

    def broken_replace(src, dst):
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
