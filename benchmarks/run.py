"""Benchmark basemap against the plain folium way, from 1,000 to 100,000 sites.

    python benchmarks/run.py                      # 1k, 10k, 100k sites
    python benchmarks/run.py --sizes 1000 10000   # a quicker run

For each size, a synthetic layer (benchmarks/synthetic.py: the bundled
sites cloned with every property, full sources and notes, and moved to
random points inside their host countries, so a feature weighs what a real
one does; above 10,000 sites, a folder of files) is measured in a child
process of its own, so that its peak memory (max RSS) is its own:

* read + validate the layer;
* select one year (2005);
* build one year's map (select, style, render, write);
* the whole ``basemap export`` (maps, timeline, index with thumbnails, ...)
  of 2001-2005 and of every year 1991-2025, then the same export again and
  after a one-feature change; and the bare loop of yearly maps (select,
  style, render, write: what the plain folium way makes) of 2001-2005 and
  of 1991-2025;
* the same yearly maps the plain folium way: a ``folium.Map`` per year with
  one ``CircleMarker`` and ``Popup`` per site present, saved to HTML; the
  popup tells what basemap's does (periods, notes, every source and its
  quote: ``_popup_html``), so that both maps carry the same text. Where
  that would take too long (``--folium-years``), it is timed on years spread
  over the range and extrapolated linearly, and the table says so.

Then ``basemap build`` of 10,000 and 100,000 sites in a process of its own
(time, peak memory) and, in headless Chromium (if available), the time
until the page it wrote sets ``data-basemap-ready``; and the start-up
figures: ``basemap --help``, ``basemap build`` on the bundled data and a
bare ``import folium`` (also one that ends without Python's teardown, as
the ``basemap`` program does, to show how much of the ratio that is).

Then the figures of issue 15, each with its target and, where one exists,
the peer measured in the same run (``json.load`` for reading, the plain
folium way for exporting), in a second table: reading 10k sites against
``json.load`` of the same file; building a year after reading; exporting
10k sites x 5 years (2001-2005) and x 35 years against plain folium (on the
5 years timed in full, on 35 from ``--folium-years`` spread over the range);
a second export with nothing changed (time, files written); an export after
a one-feature change (years rewritten against the years the change shows
in); a whole export of the bundled data in every format, and its re-run;
for 100k sites: reading, the peak memory of ``basemap build`` (its own
process) and the time until the map is ready in Chromium; the start-up
figures.

Nothing here is a test: the figures depend on the machine (and on what else
runs on it: on a shared machine, compare the ratios of one run).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from basemap.figures.browser import PAGE_LIMIT

HERE = Path(__file__).resolve().parent
YEARS = range(1991, 2026)


def _timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def _floor(files: list[Path], runs: int = 3) -> float:
    """What the same output costs at least: parse and encode the JSON the
    pages embed (each ``<script type="application/...json">`` block), and
    write the same bytes to as many files, atomically as the export writes
    (a temporary file, fsync, rename). The best of ``runs``."""
    import re

    from basemap.output.atomic import atomic_write_bytes

    datas = [f.read_bytes() for f in files]
    block = re.compile(
        rb'<script type="application/(?:geo\+)?json"[^>]*>(.*?)</script>', re.S
    )
    best = float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            start = time.perf_counter()
            for i, data in enumerate(datas):
                for m in block.finditer(data):
                    json.dumps(json.loads(m[1]), separators=(",", ":"))
                atomic_write_bytes(Path(tmp) / f"{i}.html", data, sync_folder=False)
            best = min(best, time.perf_counter() - start)
    return best


def _parts(marks: list[tuple[str, float]], folder: Path) -> dict:
    """The time of an export's site pages, comparison page and timeline,
    from the progress it reports (each label as the part is done), beside
    the floor of each (:func:`_floor`)."""
    at = {label: t for label, t in marks}
    labels = [label for label, _ in marks]
    sites = next(label for label in labels if label.endswith("and the presence chart"))
    before_sites = labels[labels.index(sites) - 1]
    details = next(label for label in labels if label.startswith("the sources of"))
    parts = {
        "site pages": (
            at[sites] - at[before_sites],
            sorted((folder / "sites").glob("*.html")),
        ),
        "comparison page": (at["compare.html"] - at[sites], [folder / "compare.html"]),
        "timeline": (at["timeline.html"] - at[details], [folder / "timeline.html"]),
    }
    return {
        name: {
            "seconds": seconds,
            "files": len(files),
            "mb": sum(f.stat().st_size for f in files) / 1e6,
            "floor": _floor(files),
        }
        for name, (seconds, files) in parts.items()
    }


def child(n: int, workdir: Path, folium_years: int) -> dict:
    """Measure one size; runs in its own process."""
    sys.path.insert(0, str(HERE))
    from synthetic import write_layers

    from basemap.exporter.run import export
    from basemap.frames import no_gc_pauses
    from basemap.io.layers import read_layers
    from basemap.output.atomic import write_map
    from basemap.pipeline import data_as_of, frame_bounds, load_context, make_map
    from basemap.render.encoding import reused_features
    from basemap.render.page import render_map
    from basemap.selection.sites import select
    from basemap.styling.symbols import style

    # one file up to synthetic.SITES_PER_FILE sites, else a folder of files
    layer = write_layers(n, workdir / f"sites-{n}.geojson")
    files = sorted(layer.glob("*.geojson")) if layer.is_dir() else [layer]
    out: dict = {"sites": n, "layer_bytes": sum(f.stat().st_size for f in files)}

    def parse():
        docs = []
        for f in files:
            with f.open(encoding="utf-8") as fh:
                docs.append(json.load(fh))
        return docs

    def features():
        return [f for doc in parse() for f in doc["features"]]

    out["json_load"] = min(_timed(parse)[0] for _ in range(3))
    # the best of two reads (one at the largest size, where a read is long)
    out["read"], layers = _timed(lambda: read_layers(layer))
    if n <= 10_000:
        out["read"] = min(out["read"], _timed(lambda: read_layers(layer))[0])
    # reading is the layers and the context (events, alliances), as in an
    # export; building a year is select, style, render and write
    out["periods"] = len(layers)
    context = load_context(layers, bundled_layers=False)
    out["select"], chosen = _timed(lambda: select(layers, year=2005))
    out["present_2005"] = int((chosen["presence"] != "former").sum())

    def build(year):
        m = make_map(year=year, layers=layers, context=context)
        return write_map(m, workdir / f"{year}.html")

    # folium and branca are imported by the first map a process makes (not
    # by `import basemap`): timed on their own, once, as `basemap build`
    # counts them in its start-up figure; the build is timed after
    out["import_render"], _ = _timed(lambda: __import__("basemap.render.elements"))
    out["build"], _ = _timed(lambda: build(2005))
    # a further year in the same process (what is made once per frame is
    # made; an export's years also share their encoded features, see
    # yearly_maps below)
    out["build_next"] = min(_timed(lambda y=y: build(y))[0] for y in (2006, 2007))
    out["html_bytes"] = (workdir / "2005.html").stat().st_size
    # the GeoJSON of what the 2005 map shows: the input features of the
    # periods it draws
    ids = {p["id"] for periods in chosen["periods"] for p in periods}
    shown = {
        "type": "FeatureCollection",
        "features": [f for f in features() if f["properties"]["id"] in ids],
    }
    out["geojson_bytes"] = len(json.dumps(shown, separators=(",", ":")).encode())

    as_of, bounds = data_as_of(layers), frame_bounds(layers)
    maps = workdir / "maps"
    if n > 10_000:  # the large size: reading, building and memory only
        out["folium_years_timed"] = 0
        return out

    def yearly_maps(years=YEARS):
        # as the export makes its years (exportmaps.write_maps): features
        # encoded once, the cyclic collector held off (no cycles are made)
        with no_gc_pauses(), reused_features():
            for y in years:
                styled = style(select(layers, year=y))
                write_map(
                    render_map(styled, when=y, as_of=as_of, bounds=bounds),
                    maps / f"{y}.html",
                )

    # the yearly maps alone, what the plain folium way makes (select,
    # style, render, write each year; the export adds the timeline, site
    # pages, chart, compare page, index and thumbnails)
    out["maps_5"], _ = _timed(lambda: yearly_maps(range(2001, 2006)))
    out["export_maps"], _ = _timed(yearly_maps)
    out["export_5"], _ = _timed(
        lambda: export(workdir / "export-5", first=2001, last=2005, data=layer)
    )
    marks: list[tuple[str, float]] = []
    out["export_all"], result = _timed(
        lambda: export(
            workdir / "export",
            first=YEARS[0],
            last=YEARS[-1],
            data=layer,
            progress=lambda label: marks.append((label, time.perf_counter())),
        )
    )
    out["export_files"] = len(result.files)
    out["parts"] = _parts(marks, workdir / "export")
    # the exported yearly map against the bundled data's, in one browser
    bundled = workdir / "bundled"
    export(bundled, first=2005, last=2005)
    out["ready_export"] = _ready_pair(
        workdir / "export" / "2005.html", bundled / "2005.html"
    )
    out["export_page_mb"] = (workdir / "export" / "2005.html").stat().st_size / 1e6
    # incremental: the same export again, then after a one-feature change
    out["again"], again = _timed(
        lambda: export(workdir / "export", first=YEARS[0], last=YEARS[-1], data=layer)
    )
    out["again_written"] = len(again.written)
    (collection,) = parse()  # sizes up to here are one file
    changed = collection["features"][len(collection["features"]) // 2]
    changed["properties"]["name"] += " (renamed)"
    fid = changed["properties"]["id"]
    layer.write_text(json.dumps(collection), encoding="utf-8")
    out["changed"], after = _timed(
        lambda: export(workdir / "export", first=YEARS[0], last=YEARS[-1], data=layer)
    )
    renamed = read_layers(layer)
    out["changed_years_shown"] = sorted(
        y
        for y in YEARS
        if any(
            p["id"] == fid
            for periods in select(renamed, year=y)["periods"]
            for p in periods
        )
    )
    out["changed_years_written"] = sorted(
        int(p.stem) for p in after.written if p.suffix == ".html" and p.stem.isdigit()
    )
    out["changed_written"] = len(after.written)
    out["changed_kept"] = len(after.kept)

    import folium

    def plain(y: int) -> None:
        sel = select(layers, year=y)
        sel = sel[sel["presence"] != "former"]
        # timed from here: the plain folium way
        start = time.perf_counter()
        fmap = folium.Map(location=[41, 68], zoom_start=5)
        for row in sel.itertuples():
            folium.CircleMarker(
                location=[row.geometry.y, row.geometry.x],
                radius=6,
                popup=folium.Popup(_popup_html(row)),
            ).add_to(fmap)
        fmap.save(str(workdir / f"folium-{y}.html"))
        return time.perf_counter() - start

    years = list(YEARS)
    if folium_years:  # evenly spread over the range, so the mix of years is fair
        step = len(years) / folium_years
        timed_years = [years[int(step * k + step / 2)] for k in range(folium_years)]
    else:
        timed_years = years
    spent = sum(plain(y) for y in timed_years)
    out["folium_years_timed"] = len(timed_years)
    out["folium_maps"] = spent * len(YEARS) / len(timed_years)
    out["folium_5"] = sum(plain(y) for y in range(2001, 2006))
    if 2005 not in timed_years:
        plain(2005)
    out["folium_html_bytes"] = (workdir / "folium-2005.html").stat().st_size
    return out


def _popup_html(row) -> str:
    """The popup of the plain folium way: what a basemap popup tells (the
    site, its operator, each period shown with its dates, kind, notes,
    personnel and equipment, and every source with its quote), as plain
    escaped HTML, written as ``plain_folium.py`` writes a period's. A popup
    of the name alone would compare a map that cites its sources with one
    that does not."""
    from html import escape

    from plain_folium import period_html

    head = f"<b>{escape(row.name)}</b> ({escape(row.operator_name)})"
    return head + "".join(period_html(p) for p in row.periods)


def run_child(n: int, folium_years: int) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"basemap-bench-{n}-") as tmp:
        proc = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--child",
                str(n),
                "--workdir",
                tmp,
                "--folium-years",
                str(folium_years),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        stdout, _ = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(f"the {n}-site run failed ({proc.returncode})")
        result = json.loads(stdout.strip().splitlines()[-1])
        result["max_rss_mb"] = result.pop("max_rss_kb") / 1024
        return result


def _ready_pair(page: Path, yardstick: Path, runs: int = 3) -> dict | None:
    """Median seconds until ``page`` and ``yardstick`` are ready, opened in
    turn in one headless Chromium (None without one)."""
    from basemap.errors import BrowserNotFoundError
    from basemap.figures.browser import launch

    times: dict[str, list[float]] = {"page": [], "yardstick": []}
    try:
        with launch() as browser:
            for _ in range(runs):
                for name, path in (("page", page), ("yardstick", yardstick)):
                    tab = browser.new_page(viewport={"width": 1200, "height": 800})
                    start = time.perf_counter()
                    tab.goto(path.as_uri(), wait_until="commit", timeout=600_000)
                    tab.wait_for_selector("[data-basemap-ready=true]", timeout=600_000)
                    times[name].append(time.perf_counter() - start)
                    tab.close()
    except BrowserNotFoundError:
        return None
    return {name: statistics.median(t) for name, t in times.items()}


def build_and_open(n: int) -> dict:
    """``basemap build --year 2005`` on n sites in a process of its own (its
    time and peak memory, max RSS), then the page it wrote opened in
    headless Chromium (the time until it is ready)."""
    sys.path.insert(0, str(HERE))
    from synthetic import write_layers

    with tempfile.TemporaryDirectory() as tmp:
        layer = write_layers(n, Path(tmp) / "sites.geojson")
        page = Path(tmp) / "2005.html"
        args = [sys.executable, "-m", "basemap", "-q", "build", "--year", "2005"]
        args += ["--data", str(layer), "-o", str(page)]
        start = time.perf_counter()
        proc = subprocess.Popen(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        out = {
            "seconds": seconds,
            "max_rss_mb": usage.ru_maxrss / 1024,
            "layer_mb": layer.stat().st_size / 1e6,
        }
        if os.waitstatus_to_exitcode(status) != 0:  # said, not hidden
            return dict(out, failed=err.strip().splitlines()[-1][:200])
        # the bundled 2005 map, built the same way, opened in the same browser
        bundled = Path(tmp) / "bundled-2005.html"
        subprocess.run([*args[:-4], "-o", str(bundled)], check=True)
        ready = _ready_pair(page, bundled)
        return dict(
            out,
            html_mb=page.stat().st_size / 1e6,
            ready=ready and ready["page"],
            ready_bundled=ready and ready["yardstick"],
        )


def bundled_export() -> dict | None:
    """A whole export of the bundled data in every format, then the same
    export again (None without a browser)."""
    from basemap.errors import BrowserNotFoundError
    from basemap.exporter.run import FORMATS, export
    from basemap.figures.browser import find_chromium

    try:
        find_chromium()
    except BrowserNotFoundError:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        first, result = _timed(lambda: export(tmp, formats=FORMATS))
        again, second = _timed(lambda: export(tmp, formats=FORMATS))
        return {
            "first": first,
            "files": len(result.files),
            "again": again,
            "again_written": len(second.written),
            "again_kept": len(second.kept),
        }


def startup(runs: int = 9) -> dict:
    """Median times of ``python -c pass``, ``basemap --help``, ``import
    folium`` and ``basemap build`` on the bundled data.

    The commands take turns, run after run, so that a slow spell of a shared
    machine weighs on each alike. Basemap's bytecode is compiled first, as
    pip compiles an installed package's (and folium's was): where
    ``PYTHONDONTWRITEBYTECODE`` is set, an editable install would otherwise
    compile every module from source in every run.
    """
    import compileall

    import basemap
    from basemap.resources import layer_paths

    compileall.compile_dir(Path(basemap.__file__).parent, quiet=1)
    compileall.compile_file(str(HERE / "plain_folium.py"), quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        commands = {
            "python": [sys.executable, "-c", "pass"],
            "help": [sys.executable, "-m", "basemap", "--help"],
            "import_folium": [sys.executable, "-c", "import folium"],
            # basemap ends without Python's teardown (cli.main.main): the
            # import alike, to show what of the margin that is
            "import_folium_exit": [
                sys.executable,
                *("-c", "import os, folium; os._exit(0)"),
            ],
            "build": [
                sys.executable,
                *("-m", "basemap", "-q", "build", "--year", "2005"),
                *("-o", f"{tmp}/2005.html"),
            ],
            # the peer of the build: the same layers, the same markers and
            # popups, the plain folium way (benchmarks/plain_folium.py)
            "plain_folium": [
                sys.executable,
                str(HERE / "plain_folium.py"),
                str(layer_paths()[0].parent),
                "2005",
                f"{tmp}/plain-2005.html",
            ],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, args in commands.items():
                start = time.perf_counter()
                subprocess.run(args, check=True, capture_output=True)
                times[name].append(time.perf_counter() - start)
        out = {name: statistics.median(t) for name, t in times.items()}
        # the ratio run by run (the two ran one after the other), then its
        # median: a slow spell of the machine weighs on both alike
        out["build_vs_plain"] = statistics.median(
            b / f for b, f in zip(times["build"], times["plain_folium"], strict=True)
        )
        return out


def table(rows: list[dict], ready: dict, start: dict) -> str:
    fixed = _fixed_assets_bytes()
    lines = [
        "| sites | periods | read+validate | select 1 year | build 1 year | "
        "plain folium, 35 maps | speed-up | whole export, 35 years | "
        "year HTML | shown GeoJSON + fixed assets | plain folium HTML | max RSS |",
        "|" + "---|" * 12,
    ]
    for r in rows:
        if "export_all" not in r:
            lines.append(
                f"| {r['sites']:,} | {r['periods']:,} | {r['read']:.2f} s | "
                f"{r['select']:.2f} s | {r['build']:.2f} s | | | | "
                f"{r['html_bytes'] / 1e6:.2f} MB | "
                f"{(r['geojson_bytes'] + fixed) / 1e6:.2f} MB | | "
                f"{r['max_rss_mb']:.0f} MB |"
            )
            continue
        note = (
            ""
            if r["folium_years_timed"] == len(YEARS)
            else (f" (from {r['folium_years_timed']} years)")
        )
        lines.append(
            f"| {r['sites']:,} | {r['periods']:,} | {r['read']:.2f} s | "
            f"{r['select']:.2f} s | {r['build']:.2f} s | "
            f"{r['folium_maps']:.1f} s{note} | "
            f"{r['folium_maps'] / r['export_all']:.1f}x | {r['export_all']:.1f} s | "
            f"{r['html_bytes'] / 1e6:.2f} MB | "
            f"{(r['geojson_bytes'] + fixed) / 1e6:.2f} MB | "
            f"{r['folium_html_bytes'] / 1e6:.2f} MB | {r['max_rss_mb']:.0f} MB |"
        )
    lines.append("")
    for n, seconds in ready.items():
        shown = (
            f"{seconds:.2f} s"
            if isinstance(seconds, float)
            else (seconds or "no Chromium found")
        )
        lines.append(f"- {n:,}-site map ready in headless Chromium: {shown}")
    lines += [
        f"- `basemap --help`: {start['help']:.3f} s "
        f"(bare Python {start['python']:.3f} s)",
        f"- `basemap build --year 2005` (bundled data): {start['build']:.2f} s; "
        f"`import folium`: {start['import_folium']:.2f} s; ratio "
        f"{start['build'] / start['import_folium']:.2f} (against an import "
        f"that also skips teardown, {start['import_folium_exit']:.2f} s: "
        f"{start['build'] / start['import_folium_exit']:.2f})",
        f"- fixed assets in every map (Leaflet, styles, script, borders): "
        f"{fixed / 1e3:.0f} KB",
    ]
    return "\n".join(lines)


#: Where issue 36 found each figure (same machine kind): the "before" column.
BEFORE = {
    "build": "0.78 s, 1.23x plain folium (0.67 s)",
    "export": "8.8-11.2 s, about 15x a build",
    "again": "0.18 s, 0.23x a build",
    "ready_10k": "1.67 s (46 MB page), 2.1x the bundled map",
    "export_10k": "106.6 s, 2.4x faster than plain folium",
    "maps_10k": "(not measured alone)",
    "read_100k": "refused: over the 256 MB limit for one layer",
    "memory_100k": "3.9 GB with lighter features",
    "ready_100k": "8.6 s with lighter features",
    "timeline_100k": "too large to open",
}


def targets(rows: list[dict], start: dict, memory: dict, whole) -> str:
    """Issue 36's targets, each beside its measured value and the peer
    measured in the same run, with a verdict."""
    lines = [
        "| target | measured | peer or floor (same run) | before | verdict |",
        "|---|---|---|---|---|",
    ]

    def row(target, measured, peer, before, ok):
        verdict = "n/a" if ok is None else ("met" if ok else "NOT met")
        lines.append(f"| {target} | {measured} | {peer} | {before} | {verdict} |")

    build = start["build"]
    ratio = start["build_vs_plain"]
    row(
        "bundled: `basemap build --year 2005` <= 1.1x the plain folium script",
        f"{build:.2f} s ({ratio:.2f}x)",
        f"plain folium script {start['plain_folium']:.2f} s",
        BEFORE["build"],
        ratio <= 1.1,
    )
    if whole:
        row(
            "bundled: whole export, every format, <= 8x one build",
            f"{whole['first']:.1f} s for {whole['files']} files "
            f"({whole['first'] / build:.1f}x)",
            f"one build {build:.2f} s",
            BEFORE["export"],
            whole["first"] <= 8 * build,
        )
        row(
            "bundled: re-export with nothing changed <= 0.25x one build",
            f"{whole['again']:.2f} s ({whole['again'] / build:.2f}x), "
            f"{whole['again_written']} written",
            f"one build {build:.2f} s",
            BEFORE["again"],
            whole["again"] <= 0.25 * build and whole["again_written"] == 0,
        )
    by_n = {r["sites"]: r for r in rows}
    r = by_n.get(10_000)
    if r and "export_all" in r:
        pair = r.get("ready_export")
        if pair:
            x = pair["page"] / pair["yardstick"]
            row(
                "10k: an exported yearly map ready in Chromium <= 1.3x the "
                "bundled 2005 map",
                f"{pair['page']:.2f} s ({x:.2f}x; page {r['export_page_mb']:.1f} MB)",
                f"bundled 2005 map {pair['yardstick']:.2f} s",
                BEFORE["ready_10k"],
                x <= 1.3,
            )
        note = (
            ""
            if r["folium_years_timed"] == len(YEARS)
            else f", from {r['folium_years_timed']} years"
        )
        x35 = r["folium_maps"] / r["export_all"]
        row(
            "10k: HTML export x 35 years >= 5x faster than plain folium's 35 maps",
            f"{r['export_all']:.1f} s ({x35:.1f}x)",
            f"plain folium {r['folium_maps']:.1f} s{note}",
            BEFORE["export_10k"],
            x35 >= 5,
        )
        xm = r["folium_maps"] / r["export_maps"]
        row(
            "10k: the 35 yearly maps alone >= 20x faster than plain folium",
            f"{r['export_maps']:.1f} s ({xm:.1f}x)",
            f"plain folium {r['folium_maps']:.1f} s{note}",
            BEFORE["maps_10k"],
            xm >= 20,
        )
        for name, part in r["parts"].items():
            row(
                f"10k: where the time goes: the {name} ({part['files']:,} "
                f"file{'s' if part['files'] != 1 else ''}, {part['mb']:.0f} MB)",
                f"{part['seconds']:.1f} s ({part['seconds'] / part['floor']:.1f}x "
                "its floor)",
                f"floor {part['floor']:.2f} s (parse and encode its JSON, write "
                "the same bytes atomically)",
                "",
                None,
            )
    big = by_n.get(100_000)
    m = memory.get(100_000)
    if big or m:
        mb = big["layer_bytes"] / 1e6 if big else m["layer_mb"]
        layer = f"{mb:.0f} MB"
        read_ok = big is not None and "read" in big
        row(
            "100k: no fixed size limit on a layer (memory guard)",
            f"one {layer} file read" if read_ok else "not read",
            "the memory at hand (basemap.io.memory)",
            BEFORE["read_100k"],
            read_ok,
        )
    if big:
        x = big["read"] / big["json_load"]
        row(
            "100k: read and validate <= 1.5x json.load",
            f"{big['read']:.1f} s ({x:.2f}x)",
            f"json.load {big['json_load']:.1f} s",
            "",
            x <= 1.5,
        )
    if m:
        if "failed" in m:
            row("100k: `basemap build`", m["failed"], "", "", False)
        else:
            row(
                "100k: `basemap build` peaks at <= 2 GB",
                f"{m['max_rss_mb'] / 1024:.1f} GB ({m['seconds']:.0f} s)",
                "",
                BEFORE["memory_100k"],
                m["max_rss_mb"] <= 2048,
            )
            ready, yard = m.get("ready"), m.get("ready_bundled")
            row(
                "100k: a yearly map ready <= 4x the bundled 2005 map",
                f"{ready:.2f} s ({ready / yard:.1f}x; page {m['html_mb']:.0f} MB)"
                if ready
                else "no Chromium",
                f"bundled 2005 map {yard:.2f} s" if yard else "",
                BEFORE["ready_100k"],
                None if not ready else ready <= 4 * yard,
            )
    t = r and r.get("parts", {}).get("timeline")
    if t:
        limit = PAGE_LIMIT / 1e6
        estimate = t["mb"] * 10
        row(
            "100k: the timeline opens, or is split so that it does",
            f"estimated {estimate:.0f} MB from the 10k timeline ({t['mb']:.0f} MB)",
            f"the largest page a browser opens: {limit:.0f} MB",
            BEFORE["timeline_100k"],
            estimate <= limit,
        )
    return "\n".join(lines)


def _fixed_assets_bytes() -> int:
    from basemap.render.assets import leaflet_assets, static_text
    from basemap.render.elements import BasemapLayers
    from basemap.resources import boundaries_path

    js, css = leaflet_assets()
    return (
        len(js.encode())
        + len(css.encode())
        + sum(len(static_text(name).encode()) for name in BasemapLayers.scripts)
        + len(static_text("basemap.css").encode())
        + boundaries_path().stat().st_size
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument(
        "--folium-years",
        type=int,
        default=None,
        help="time plain folium on this many years, spread over the "
        "range, and scale to all 35 (default 7; 0: all 35)",
    )
    parser.add_argument(
        "--no-bundled",
        action="store_true",
        help="skip the whole export of the bundled data in every format",
    )
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        import resource

        result = child(args.child, args.workdir, args.folium_years)
        result["max_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps(result))
        return

    rows = []
    for n in args.sizes:
        years = (
            args.folium_years
            if args.folium_years is not None
            else (7 if n <= 10_000 else 0)
        )
        print(f"measuring {n:,} sites ...", file=sys.stderr, flush=True)
        rows.append(run_child(n, years))
    print("measuring builds in Chromium ...", file=sys.stderr, flush=True)
    memory = {n: build_and_open(n) for n in args.sizes if n >= 10_000}
    ready = {n: m["ready"] for n, m in memory.items()}
    print("measuring the bundled export ...", file=sys.stderr, flush=True)
    whole = None if args.no_bundled else bundled_export()
    start = startup()
    print(table(rows, ready, start))
    print()
    print(targets(rows, start, memory, whole))


if __name__ == "__main__":
    main()
