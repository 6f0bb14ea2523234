"""Faults: never lose a user's file.

No output replaces an input; ``build -o`` replaces only a file basemap
wrote; ``export`` touches only files in its manifest; and under a full disk,
a read-only folder, a broken symbolic link, a second export at the same
time or an unreadable input, every file is wholly old or wholly new, no
temporary file is left, and the message says what happened (exit 1).

Faults that need root to stage (a full or read-only file system) are
injected at the system call instead, so the tests run the same as root in
CI and as a normal user: a full disk fails ``os.write`` half-way through a
file, a read-only folder fails the temporary file's creation.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from basemap.errors import DataError, OptionError, OutputError
from basemap.exporter.run import export
from basemap.io.layers import validate_layers
from basemap.output import atomic
from basemap.pipeline import build

from .conftest import DATA, build_fails

SAMPLE = DATA / "valid" / "sample.geojson"
ENOSPC = os.strerror(errno.ENOSPC)
EROFS = os.strerror(errno.EROFS)


def run_cli(*args: str, inject: str = "", cwd=None) -> subprocess.CompletedProcess:
    """Run the command line in a fresh interpreter, after the Python code
    ``inject`` (which stages a fault), with a timeout: nothing may hang."""
    code = "\n".join(
        [
            textwrap.dedent(inject),
            "from basemap.cli.main import cli",
            f"cli({list(args)!r}, prog_name='basemap')",
        ]
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        check=False,
    )


def error_lines(proc) -> list[str]:
    """The lines of a failed command, checked: exit 1, no traceback."""
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    prefix = "basemap: error: "
    lines = proc.stderr.splitlines()
    assert all(line.startswith(prefix) for line in lines), proc.stderr
    return [line[len(prefix) :] for line in lines]


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*.tmp")]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file()
    }


FULL_DISK = """
import errno, os
real_write = os.write
def write(fd, data):
    real_write(fd, bytes(data[: len(data) // 2]))  # half a file, then full
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
os.write = write
"""

READ_ONLY = """
import errno, os
from basemap.output import atomic
def make_temp(*args, **kwargs):
    raise OSError(errno.EROFS, os.strerror(errno.EROFS))
atomic.make_temp = make_temp
"""


# -- 1. no output replaces an input -------------------------------------------


@pytest.fixture
def user(tmp_path, monkeypatch):
    """A user's folder with a layer file, events and alliances of their own."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bases.geojson").write_bytes(SAMPLE.read_bytes())
    from basemap.resources import alliances_path, events_path

    (tmp_path / "events.geojson").write_bytes(events_path().read_bytes())
    (tmp_path / "alliances.json").write_bytes(alliances_path().read_bytes())
    return tmp_path


def test_the_issue_typo_keeps_the_layer_file(user):
    before = (user / "bases.geojson").read_bytes()
    proc = run_cli(
        "build",
        "--year",
        "2005",
        "--data",
        "bases.geojson",
        "-o",
        "bases.geojson",
        cwd=user,
    )
    assert error_lines(proc) == [
        "bases.geojson: output would replace the input bases.geojson; choose "
        "another output path (nothing was written)"
    ]
    assert (user / "bases.geojson").read_bytes() == before
    assert sorted(p.name for p in user.iterdir()) == [
        "alliances.json",
        "bases.geojson",
        "events.geojson",
    ]


@pytest.mark.parametrize("how", ["symlink", "hardlink", "other-spelling"])
@pytest.mark.parametrize("which", ["data", "events", "alliances"])
def test_no_output_replaces_an_input(user, how, which):
    source = {"data": "bases.geojson", "events": "events.geojson"}.get(
        which, "alliances.json"
    )
    out = user / "out.html"
    if how == "symlink":
        out.symlink_to(user / source)
    elif how == "hardlink":
        os.link(user / source, out)
    else:
        out = user / "sub" / ".." / source
        (user / "sub").mkdir()
    before = (user / source).read_bytes()
    args = ["build", "--year", "2005", "--data", "bases.geojson", "-o", str(out)]
    args += [f"--{which}", source] if which != "data" else []
    with pytest.raises(OutputError) as info:
        build(
            2005,
            data="bases.geojson",
            output=out,
            force=True,
            **({which: source} if which != "data" else {}),
        )
    message = (
        f"{out}: output would replace the input {source}; choose another output "
        "path (nothing was written)"
    )
    assert str(info.value) == message
    assert error_lines(run_cli(*args, "--force", cwd=user)) == [message]
    assert (user / source).read_bytes() == before


# -- 2. build -o replaces only what basemap wrote -----------------------------


def test_build_refuses_a_file_it_did_not_write(user):
    mine = user / "2005.html"
    mine.write_text("<p>my notes on 2005</p>")
    message = (
        f"{mine}: exists and was not written by basemap (it has no "
        '<meta name="generator" content="basemap"> tag); give another -o path, '
        "or --force to replace it"
    )
    with pytest.raises(OutputError) as info:
        build(2005, data=SAMPLE, output=mine)
    assert str(info.value) == message
    proc = run_cli("build", "--year", "2005", "--data", str(SAMPLE), "-o", str(mine))
    assert error_lines(proc) == [message]
    assert mine.read_text() == "<p>my notes on 2005</p>"
    # a symbolic link to a file of the user's is not basemap's either
    link = user / "link.html"
    link.symlink_to(mine)
    with pytest.raises(OutputError, match="exists and was not written by basemap"):
        build(2005, data=SAMPLE, output=link)
    # --force replaces it
    proc = run_cli(
        "build", "--year", "2005", "--data", str(SAMPLE), "-o", str(mine), "--force"
    )
    assert proc.returncode == 0, proc.stderr
    assert '<meta name="generator" content="basemap">' in mine.read_text()


def test_build_replaces_its_own_file(user):
    out = user / "2005.html"
    build(2005, data=SAMPLE, output=out, title="First")
    build(2005, data=SAMPLE, output=out, title="Second")
    assert "<title>Second, 2005</title>" in out.read_text()
    assert sorted(p.name for p in user.iterdir() if p.suffix == ".html") == [
        "2005.html"
    ]


@pytest.mark.parametrize("name", ["bases.png", "map", "map.HTM", "out.geojson"])
def test_build_output_must_be_html(user, name):
    with pytest.raises(OptionError) as info:
        build(2005, data=SAMPLE, output=name)
    message = (
        f"-o {name}: the map is an HTML page, so the output path must end in .html"
    )
    assert str(info.value) == message
    proc = run_cli("build", "--year", "2005", "--data", str(SAMPLE), "-o", name)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[-1] == f"Error: {message}"
    assert not (user / name).exists()


# -- 4. faults while writing --------------------------------------------------


def test_full_disk_keeps_the_old_map(user, monkeypatch):
    out = user / "2005.html"
    build(2005, data=SAMPLE, output=out, title="Old")
    old = out.read_bytes()
    message = (
        f"{out}: cannot write ({ENOSPC}): the disk is full; free some space and "
        "run again; the old file, if any, is unchanged"
    )
    proc = run_cli(
        "build",
        "--year",
        "2005",
        "--data",
        str(SAMPLE),
        "-o",
        str(out),
        inject=FULL_DISK,
    )
    assert error_lines(proc) == [message]
    namespace: dict = {}
    exec(FULL_DISK.replace("os.write = write", ""), namespace)
    monkeypatch.setattr(os, "write", namespace["write"])
    with pytest.raises(OutputError) as info:
        build(2005, data=SAMPLE, output=out, title="New")
    monkeypatch.undo()
    assert str(info.value) == message
    assert out.read_bytes() == old
    assert temp_files(user) == []


def test_full_disk_in_the_middle_of_an_export(tmp_path, monkeypatch):
    out = tmp_path / "out"
    export(
        out, first=2004, last=2006, data=SAMPLE, formats=["html", "svg"], title="Old"
    )
    old = snapshot(out)
    real_write = os.write
    calls = []

    def write(fd, data):
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # the browser's pipe, in its thread
            return real_write(fd, data)
        calls.append(fd)
        if len(calls) >= 4:  # the timeline and two maps, then the disk is full
            real_write(fd, bytes(data[: len(data) // 2]))
            raise OSError(errno.ENOSPC, ENOSPC)
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)
    with pytest.raises(OutputError) as info:
        export(
            out,
            first=2004,
            last=2006,
            data=SAMPLE,
            formats=["html", "svg"],
            title="New",
        )
    monkeypatch.undo()
    assert str(info.value) == (
        f"{out / '2006.html'}: cannot write ({ENOSPC}): the disk is full; free "
        "some space and run again; the old file, if any, is unchanged"
    )
    assert temp_files(out) == []
    now = snapshot(out)
    assert sorted(now) == sorted(old)
    new = [n for n in now if now[n] != old[n] and not n.startswith(".")]
    assert sorted(new) == ["2004.html", "2005.html", "timeline.html"]
    for name in new:
        assert b"<title>New" in now[name] and now[name].endswith(b"</html>\n")
    # the next run finishes the job
    result = export(
        out, first=2004, last=2006, data=SAMPLE, formats=["html", "svg"], title="New"
    )
    kept = {p.name for p in result.kept}
    assert {"timeline.html", "2004.html", "2005.html"} <= kept  # not written twice
    assert out / "2006.html" in result.written
    assert b"<title>New" in (out / "2006.html").read_bytes()


def test_read_only_folder(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "2005.html"
    if os.geteuid() == 0:  # root writes anywhere: stage it at the system call
        monkeypatch.setattr(
            atomic,
            "make_temp",
            lambda *a, **k: (_ for _ in ()).throw(OSError(errno.EROFS, EROFS)),
        )
        why = (
            f"({EROFS}): the folder is on a read-only file system; choose "
            "another output folder"
        )
    else:
        out.chmod(0o555)
        why = (
            f"({os.strerror(errno.EACCES)}): permission denied; choose a folder you "
            "can write to"
        )
    try:
        with pytest.raises(OutputError) as info:
            build(2005, data=SAMPLE, output=target)
    finally:
        monkeypatch.undo()
        out.chmod(0o755)
    assert str(info.value) == (
        f"{target}: cannot write {why}; the old file, if any, is unchanged"
    )
    assert list(out.iterdir()) == []
    proc = run_cli(
        "export",
        "--from",
        "2005",
        "--to",
        "2005",
        "--data",
        str(SAMPLE),
        "-o",
        str(out),
        inject=READ_ONLY,
    )
    assert error_lines(proc) == [
        f"{out / '.basemap-manifest.json'}: cannot write ({EROFS}): the folder is "
        "on a read-only file system; choose another output folder; the old file, "
        "if any, is unchanged"
    ]
    assert [p.name for p in out.iterdir()] == [".basemap.lock"]


def test_output_through_a_broken_link(tmp_path):
    link = tmp_path / "out"
    link.symlink_to(tmp_path / "gone")
    message = (
        f"{link / '2005.html'}: cannot write: the path goes through a broken "
        f"symbolic link ({link} -> {tmp_path / 'gone'}, which does not exist); "
        "create its target or remove the link"
    )
    with pytest.raises(OutputError) as info:
        build(2005, data=SAMPLE, output=link / "2005.html", force=True)
    assert str(info.value) == message
    proc = run_cli(
        "build", "--year", "2005", "--data", str(SAMPLE), "-o", str(link / "2005.html")
    )
    assert error_lines(proc) == [message]
    with pytest.raises(OutputError) as info:
        export(link, first=2005, last=2005, data=SAMPLE)
    assert str(info.value) == message.replace(f"{link / '2005.html'}", str(link))
    assert not (tmp_path / "gone").exists()
    # a dangling link where an output goes is not basemap's file
    out = tmp_path / "real"
    export(out, first=2005, last=2005, data=SAMPLE)
    (out / "2005.html").unlink()
    (out / "2005.html").symlink_to(tmp_path / "elsewhere.html")
    with pytest.raises(OutputError, match=r"would be replaced: 2005\.html "):
        export(out, first=2005, last=2005, data=SAMPLE)
    assert (out / "2005.html").is_symlink()


def test_second_export_into_the_same_folder(tmp_path):
    out = tmp_path / "out"
    export(out, first=2005, last=2005, data=SAMPLE)
    before = snapshot(out)
    message = (
        f"{out}: another basemap export is writing to this folder; wait for it to "
        "finish, or export to another folder"
    )
    fd = os.open(out / ".basemap.lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # an export under way
        with pytest.raises(OutputError) as info:
            export(out, first=2005, last=2005, data=SAMPLE, title="Second")
        assert str(info.value) == message
        proc = run_cli(
            "export",
            "--from",
            "2005",
            "--to",
            "2005",
            "--data",
            str(SAMPLE),
            "-o",
            str(out),
        )
        assert error_lines(proc) == [message]
    finally:
        os.close(fd)
    assert snapshot(out) == before
    export(out, first=2005, last=2005, data=SAMPLE, title="Second")  # free again


def test_two_exports_at_once(tmp_path):
    """A real race: the second export, started while the first holds the
    lock, stops with the message; the first finishes whole."""
    out = tmp_path / "out"
    cmd = [
        sys.executable,
        "-m",
        "basemap",
        "-q",
        "export",
        "--from",
        "1995",
        "--to",
        "2026",
        "-o",
        str(out),
        "--format",
        "html,svg",
    ]
    first = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    try:
        # the manifest is first saved under the lock: once it exists (and
        # the first export still runs), the lock is held
        while first.poll() is None and not (out / ".basemap-manifest.json").exists():
            time.sleep(0.01)
        assert first.poll() is None, "the first export ended before the test"
        second = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        assert error_lines(second) == [
            f"{out}: another basemap export is writing to this folder; wait for it "
            "to finish, or export to another folder"
        ]
    finally:
        _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert temp_files(out) == []
    assert all(p.read_bytes().endswith(b"</html>\n") for p in out.glob("*.html"))


def test_stale_temporary_files_are_cleaned_up(tmp_path):
    out = tmp_path / "out"
    export(out, first=2005, last=2005, data=SAMPLE)
    stale = [out / ".2005.html.k3j_x9Qa.tmp", out / "thumbs" / ".2005.png.abcdefgh.tmp"]
    for p in stale:
        p.write_bytes(b"<html>half a pa")
    mine = out / ".my-notes.tmp"  # not of basemap's naming: kept
    mine.write_text("mine")
    export(out, first=2005, last=2005, data=SAMPLE)
    assert not any(p.exists() for p in stale)
    assert mine.read_text() == "mine"


# -- 5. inputs that must not hang, eat memory or crash -------------------------


def test_fifo_and_devices_are_refused_without_reading(tmp_path):
    fifo = tmp_path / "layer.geojson"
    os.mkfifo(fifo)  # nobody writes to it: reading would block for ever
    cases = {
        fifo: "is a FIFO (named pipe), not a regular file",
        Path("/dev/zero"): "is a character device, not a regular file",
    }
    hint = (
        "(give the path of a layer file (basemap does not read from pipes or devices))"
    )
    for path, what in cases.items():
        assert [str(p) for p in validate_layers(path)] == [f"{path}: {what} {hint}"]
        lines = build_fails("--data", str(path), out=tmp_path / "map.html")
        assert lines == [f"{path}: {what} {hint}"]
    # in a folder of layers, and as the events file
    folder = tmp_path / "layers"
    folder.mkdir()
    os.mkfifo(folder / "pipe.geojson")
    lines = build_fails("--data", str(folder), out=tmp_path / "map.html")
    assert lines == [
        f"{folder / 'pipe.geojson'}: is a FIFO (named pipe), not a regular file {hint}"
    ]
    lines = build_fails(
        "--data", str(SAMPLE), "--events", str(fifo), out=tmp_path / "map.html"
    )
    assert lines == [f"{fifo}: is a FIFO (named pipe), not a regular file {hint}"]
    proc = run_cli("validate", str(fifo), "/dev/zero")
    assert error_lines(proc) == [
        f"{fifo}: is a FIFO (named pipe), not a regular file {hint}",
        f"/dev/zero: is a character device, not a regular file {hint}",
    ]


def test_unreadable_file(tmp_path, monkeypatch):
    layer = tmp_path / "layer.geojson"
    layer.write_bytes(SAMPLE.read_bytes())
    message = (
        f"{layer}: cannot be read: {os.strerror(errno.EACCES)} (check the path and "
        "its permissions)"
    )
    inject = f"""
import errno, os
real_open = os.open
def fake_open(path, *args, **kwargs):
    if str(path) == {str(layer)!r}:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
    return real_open(path, *args, **kwargs)
os.open = fake_open
"""
    if os.geteuid() == 0:  # root reads anything: stage it at the system call
        namespace: dict = {}
        exec(inject.replace("os.open = fake_open", ""), namespace)
        monkeypatch.setattr(os, "open", namespace["fake_open"])
    else:
        layer.chmod(0)
        inject = ""
    try:
        with pytest.raises(DataError) as info:
            from basemap.io.layers import read_layers

            read_layers(layer)
    finally:
        monkeypatch.undo()
    assert str(info.value) == message
    proc = run_cli(
        "build",
        "--year",
        "2005",
        "--data",
        str(layer),
        "-o",
        str(tmp_path / "m.html"),
        inject=inject,
    )
    assert error_lines(proc) == [message]
    layer.chmod(0o644)


def test_crlf_layers_read_as_lf(tmp_path):
    from basemap.io.layers import read_layers

    crlf = tmp_path / "crlf.geojson"
    crlf.write_bytes(SAMPLE.read_bytes().replace(b"\n", b"\r\n"))
    assert b"\r\n" in crlf.read_bytes()
    a, b = read_layers(SAMPLE), read_layers(crlf)
    assert list(a["id"]) == list(b["id"]) and list(a["start"]) == list(b["start"])


def test_build_after_a_kill_removes_its_stale_temporary_file(user):
    stale = user / ".2005.html.x1Y2z3_A.tmp"  # as a killed build leaves it
    stale.write_bytes(b"<!DOCTYPE html>\n<html")
    other = user / ".k2.html.x1Y2z3_A.tmp"  # another output's: not this run's
    other.write_bytes(b"")
    proc = run_cli("-q", "build", "--year", "2005", "--data", str(SAMPLE), cwd=user)
    assert proc.returncode == 0, proc.stderr
    proc = run_cli(
        "-q",
        "build",
        "--year",
        "2005",
        "--data",
        str(SAMPLE),
        "-o",
        "2005.html",
        cwd=user,
    )
    assert proc.returncode == 0, proc.stderr
    assert not stale.exists() and other.exists()
    assert (user / "2005.html").read_bytes().endswith(b"</html>\n")
