"""An export killed (SIGKILL) or interrupted (Ctrl-C, SIGINT) part-way
leaves only complete files and, after Ctrl-C, no temporary file; the next
run finishes the job."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image


def export_cmd(folder: Path, title: str) -> list[str]:
    return [
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
        str(folder),
        "--format",
        "html,svg",
        "--title",
        title,
    ]


def complete(path: Path) -> bool:
    data = path.read_bytes()
    if path.suffix == ".html":
        return data.endswith(b"</html>\n")
    if path.suffix == ".svg":
        return data.rstrip().endswith(b"</svg>")
    if path.suffix == ".png":
        with Image.open(path) as im:
            im.verify()
        return True
    return data.endswith(b"\n")


def outputs(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")]


def test_killed_export_leaves_old_or_new_files_and_resumes(tmp_path):
    out = tmp_path / "out"
    subprocess.run(export_cmd(out, "Old"), check=True)
    before = {p: p.read_bytes() for p in outputs(out)}
    assert len(before) > 60

    proc = subprocess.Popen(export_cmd(out, "New"))
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            news = [p for p in out.glob("*.html") if b"<title>New" in p.read_bytes()]
            if len(news) >= 3:
                break
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "killed before it finished"

    mixed_titles = set()
    for path in outputs(out):
        assert complete(path), f"{path.name} is a fragment"
        if path.suffix == ".html" and path.name[0].isdigit():
            text = path.read_text()
            assert ("<title>Old" in text) != ("<title>New" in text), path.name
            mixed_titles.add("New" if "<title>New" in text else "Old")
    assert mixed_titles == {"Old", "New"}, "the kill fell between two files"

    subprocess.run(export_cmd(out, "New"), check=True)
    after = outputs(out)
    assert all(complete(p) for p in after)
    assert all("<title>New" in p.read_text() for p in out.glob("[0-9]*.html"))
    assert not [p for p in out.rglob(".*.tmp")], "temporary files were cleaned up"


def _default_sigint():
    # a background job of a non-interactive shell ignores SIGINT, and a
    # child inherits that: give the export the default (Python then turns
    # SIGINT into KeyboardInterrupt, as at a terminal)
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_leaves_old_or_new_files_and_no_temporary_file(tmp_path):
    out = tmp_path / "out"
    subprocess.run(export_cmd(out, "Old"), check=True)
    before = {p: p.read_bytes() for p in outputs(out)}

    proc = subprocess.Popen(
        export_cmd(out, "New"),
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=_default_sigint,
    )
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            news = [p for p in out.glob("*.html") if b"<title>New" in p.read_bytes()]
            if len(news) >= 3:
                break
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
    finally:
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    assert err == (
        "basemap: interrupted: every file written is complete (old or new) and no "
        "temporary file is left; run the command again to finish\n"
    )
    assert not [p for p in out.rglob("*.tmp")], "no temporary file is left"
    assert sorted(outputs(out)) == sorted(before), "no file lost or added"
    titles = set()
    for path in outputs(out):
        assert complete(path), f"{path.name} is a fragment"
        if path.suffix == ".html" and path.name[0].isdigit():
            text = path.read_text()
            assert ("<title>Old" in text) != ("<title>New" in text), path.name
            titles.add("New" if "<title>New" in text else "Old")
    assert titles == {"Old", "New"}, "the interrupt fell between two files"

    done = subprocess.run(
        [c for c in export_cmd(out, "New") if c != "-q"],
        check=True,
        capture_output=True,
        text=True,
    )
    assert all("<title>New" in p.read_text() for p in out.glob("[0-9]*.html"))
    kept = int(done.stdout.split(" written, ")[1].split(" unchanged")[0])
    assert kept >= 3, done.stdout  # the maps already new are not rewritten
