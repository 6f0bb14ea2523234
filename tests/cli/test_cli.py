"""The command line: exit codes, messages, output files."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from basemap import __version__
from basemap.cli.main import cli

from ..conftest import DATA

SAMPLE = str(DATA / "valid" / "sample.geojson")


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return invoke


def test_version_and_help(run):
    result = run("--version")
    assert (
        result.exit_code == 0 and result.stdout == f"basemap, version {__version__}\n"
    )
    for command in ("build", "list", "validate"):
        result = run(command, "--help")
        assert result.exit_code == 0
        assert f"Usage: cli {command}" in result.stdout or "Usage:" in result.stdout


def test_build_writes_the_year_file(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build", "--year", "2005", "--data", SAMPLE)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "output/2005.html\n"
    page = (tmp_path / "output" / "2005.html").read_text()
    assert "Kant Air Base" in page


def test_build_date_output_title_quiet(run, tmp_path):
    out = tmp_path / "k2.html"
    result = run(
        "-q",
        "build",
        "--date",
        "2005-11-21",
        "--data",
        SAMPLE,
        "-o",
        str(out),
        "--title",
        "K2 closes",
    )
    assert result.exit_code == 0 and result.stdout == ""
    assert "<title>K2 closes, 21 November 2005</title>" in out.read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build"], "Error: give a year (e.g. 2005) or a date (e.g. 2005-11-21)"),
        (
            ["build", "--year", "2005", "--date", "2005-01-01"],
            "Error: give a year or a date, not both",
        ),
        (["build", "--year", "twenty"], "'twenty' is not a valid integer"),
        (
            ["build", "--date", "2005-13-01"],
            "Error: date '2005-13-01' is not a valid YYYY-MM-DD date",
        ),
        (
            ["build", "--year", "2005", "--tiles", "Nope.Nothing"],
            "Error: unknown tile provider 'Nope.Nothing'",
        ),
        (["list", "--year", "2005", "--format", "xml"], "'xml' is not one of"),
        (["frobnicate"], "No such command 'frobnicate'"),
        (
            ["build", "--year", "2005", "-o", "map.png"],
            "Error: -o map.png: the map is an HTML page, so the output path must "
            "end in .html",
        ),
    ],
)
def test_usage_errors_exit_2(run, args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "output").exists()


def test_data_errors_exit_1_one_line_each(run, tmp_path):
    missing = tmp_path / "missing.geojson"
    result = run("build", "--year", "2005", "--data", str(missing))
    assert result.exit_code == 1
    assert result.stderr == (
        f"basemap: error: {missing}: no such file or folder (check the path)\n"
    )


def test_unwritable_output_exits_1(run, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = run(
        "build", "--year", "2005", "--data", SAMPLE, "-o", str(blocker / "x.html")
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"basemap: error: {blocker / 'x.html'}: cannot write"
    )


def test_list_formats(run):
    shown = run("list", "--year", "2006", "--data", SAMPLE).stdout
    assert "Karshi-Khanabad" not in shown  # had left: the map hides it
    table = run(
        "list", "--year", "2006", "--data", SAMPLE, "--former"
    ).stdout.splitlines()
    assert table[0].split() == [
        "NAME",
        "OPERATOR",
        "HOST",
        "KIND",
        "PRESENCE",
        "CHANGE",
        "START",
        "END",
    ]
    assert table[-1].startswith("Karshi-Khanabad Air Base (K2)")
    assert table[-1].split()[-3:] == ["former", "2001-10-05", "2005-11-21"]
    csv_lines = run(
        "list", "--year", "2006", "--data", SAMPLE, "--format", "csv"
    ).stdout
    assert csv_lines.splitlines()[0] == (
        "site,name,operator,host,kind,status,presence,change,start,end,sources,"
        "longitude,latitude"
    )
    rows = json.loads(
        run("list", "--year", "2005", "--data", SAMPLE, "--format", "json").stdout
    )
    k2 = next(r for r in rows if r["site"] == "karshi-khanabad")
    assert (k2["presence"], k2["change"], k2["end"]) == (
        "present",
        "closed",
        "2005-11-21",
    )


def sample_point(fid: str) -> list[float]:
    sample = json.loads((DATA / "valid" / "sample.geojson").read_text())
    feature = next(f for f in sample["features"] if f["properties"]["id"] == fid)
    return feature["geometry"]["coordinates"]


def test_list_geojson_to_stdout(run):
    result = run("list", "--year", "2005", "--data", SAMPLE, "--format", "geojson")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["type"] == "FeatureCollection"
    k2 = next(
        f for f in data["features"] if f["properties"]["key"] == "karshi-khanabad/USA"
    )
    assert k2["geometry"] == {"type": "Point", "coordinates": sample_point("k2-usa-1")}
    assert (k2["properties"]["presence"], k2["properties"]["change"]) == (
        "present",
        "closed",
    )
    assert k2["properties"]["periods"][0]["sources"]  # every dot sourced


def test_list_csv_places_its_rows(run):
    import csv
    import io

    text = run("list", "--year", "2005", "--data", SAMPLE, "--format", "csv").stdout
    k2 = {r["site"]: r for r in csv.DictReader(io.StringIO(text))}["karshi-khanabad"]
    assert [float(k2["longitude"]), float(k2["latitude"])] == sample_point("k2-usa-1")


def test_list_gpkg_needs_an_output_file(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("list", "--year", "2005", "--data", SAMPLE, "--format", "gpkg")
    assert result.exit_code == 2
    assert "give its path with -o FILE.gpkg" in result.stderr
    wrong = run(
        "list", "--year", "2005", "--data", SAMPLE, "--format", "gpkg", "-o", "x.csv"
    )
    assert wrong.exit_code == 2 and "ends in .gpkg" in wrong.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("2005.gpkg", None), ("2005.geojson", None), ("2005.csv", None), ("x.out", "csv")],
)
def test_list_writes_a_file(run, tmp_path, name, fmt):
    import pyogrio

    out = tmp_path / name
    args = ["list", "--year", "2005", "--data", SAMPLE, "-o", str(out)]
    result = run(*args, *(["--format", fmt] if fmt else []))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{out}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no temp file
    if name.endswith(".gpkg"):
        info = pyogrio.read_info(out)
        types = dict(zip(info["fields"], info["ogr_types"], strict=True))
        assert (types["start"], types["end"]) == ("OFTDate", "OFTDate")
        assert info["features"] == 4 and info["crs"] == "EPSG:4326"
    elif name.endswith(".geojson"):
        assert len(json.loads(out.read_text())["features"]) == 4
    else:
        assert out.read_text().startswith("site,name,")
    again = run(*args, *(["--format", fmt] if fmt else []))
    assert again.exit_code == 0  # its own output is not an input


def test_list_never_replaces_an_input(run, tmp_path):
    layer = tmp_path / "layer.geojson"
    layer.write_bytes((DATA / "valid" / "sample.geojson").read_bytes())
    before = layer.read_bytes()
    result = run("list", "--year", "2005", "--data", str(layer), "-o", str(layer))
    assert result.exit_code == 1
    assert "output would replace the input" in result.stderr
    assert layer.read_bytes() == before


def test_validate(run):
    ok = run("validate")
    assert ok.exit_code == 0 and ok.stdout.startswith("ok: ")
    bad = run("validate", SAMPLE, str(DATA / "broken" / "empty.geojson"))
    assert bad.exit_code == 1
    assert bad.stderr.strip().endswith(
        "file is empty (a layer is a GeoJSON FeatureCollection)"
    )


def test_help_is_fast_and_imports_nothing_heavy():
    code = (
        "import sys, time; t = time.perf_counter(); "
        "from basemap.cli.main import cli; "
        "heavy = [m for m in ('folium', 'geopandas', 'playwright', 'pandas', "
        "'shapely') "
        "if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "basemap", "--help"], check=True, capture_output=True
    )
    # generous bound for a loaded CI machine; benchmarks/ measures the real figure
    assert time.perf_counter() - start < 5


def test_export_reports_written_kept_removed(run, tmp_path):
    out = tmp_path / "out"
    args = [
        "export",
        "--from",
        "2004",
        "--to",
        "2006",
        "--data",
        SAMPLE,
        "-o",
        str(out),
    ]
    first = run(*args)
    assert first.exit_code == 0, first.stderr
    assert first.stdout == (
        f"18 files for 2004-2006 in {out}: 18 written, 0 unchanged, 0 removed\n"
    )
    again = run(*args)
    assert again.stdout == (
        f"18 files for 2004-2006 in {out}: 0 written, 18 unchanged, 0 removed\n"
    )
    narrower = run(*args[:2], "2005", *args[3:])
    # 2004.html and its thumbnail go; 2005.html (no link back to 2004), the
    # timeline, comparison, index and embed pages and the site pages that
    # linked to 2004 change; 2006.html, changes.csv, the chart and two
    # thumbnails stay (the two thumbnails, drawn again, may differ in a few
    # pixels); the sources' file (details/00.js) changes if a period shown
    # only in 2004 leaves it
    got = re.fullmatch(
        rf"16 files for 2005-2006 in {re.escape(str(out))}: "
        r"(\d+) written, (\d+) unchanged, 2 removed\n",
        narrower.stdout,
    )
    assert got and int(got[1]) + int(got[2]) == 16 and 9 <= int(got[1]) <= 12


def test_export_refuses_foreign_files_and_force_overrides(run, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("mine")
    args = [
        "export",
        "--from",
        "2005",
        "--to",
        "2005",
        "--data",
        SAMPLE,
        "-o",
        str(out),
    ]
    refused = run(*args)
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"basemap: error: {out}: 1 existing file that basemap did not write would "
        "be replaced: index.html (not in .basemap-manifest.json); move it away, "
        "export to another folder, or use --force (nothing was written)\n"
    )
    assert [p.name for p in out.iterdir()] == ["index.html"]
    forced = run(*args, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert (out / "index.html").read_text() != "mine"


def test_force_is_documented(run):
    for command in ("build", "export"):
        help_text = " ".join(run(command, "--help").stdout.split())
        assert "--force Replace existing files basemap did not write." in help_text


def _program(*args, **kwargs):
    """The ``basemap`` program in its own process, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "basemap", *args],
        capture_output=True,
        text=True,
        **kwargs,
    )


def test_the_program_ends_with_every_output_whole(run, tmp_path):
    # the program skips Python's teardown (cli.main.main): it must end with
    # the exit codes and messages of the in-process command, and all it
    # printed (here far more than a pipe's buffer; click flushes each echo,
    # and main() flushes whatever else a command left buffered)
    args = ("list", "--year", "2005", "--format", "geojson")
    done = _program(*args)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout) > 65_536
    assert done.stdout == run(*args).stdout
    missing = tmp_path / "missing.geojson"
    failed = _program("-q", "build", "--year", "2005", "--data", str(missing))
    assert failed.returncode == 1
    assert failed.stderr == (
        f"basemap: error: {missing}: no such file or folder (check the path)\n"
    )
    usage = _program("build", "--year", "2005", "--bogus")
    assert usage.returncode == 2
    assert usage.stderr.endswith("Error: No such option '--bogus'.\n")


def test_the_program_started_without_its_output_streams():
    # started with standard output or error closed (a daemon, or
    # "basemap ... >&-"), the program still ends as its command did
    def run_closed(fd: int, *args: str) -> int:
        command = " ".join([sys.executable, "-m", "basemap", *args])
        return subprocess.run(["sh", "-c", f"exec {command} {fd}>&-"]).returncode

    assert run_closed(1, "--version") == 0
    assert run_closed(2, "--version") == 0
    assert run_closed(2, "build", "--bogus") == 2


def test_the_program_writes_its_map_whole(tmp_path):
    out = tmp_path / "2005.html"
    done = _program("build", "--year", "2005", "--data", SAMPLE, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{out}\n"
    assert out.read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert [p.name for p in tmp_path.iterdir()] == ["2005.html"]  # no temp file
