"""Benchmark basemap against the plain folium way, from 1,000 to 100,000 sites.

    python benchmarks/run.py                      # 1k, 10k, 100k sites
    python benchmarks/run.py --sizes 1000 10000   # a quicker run

For each size, a synthetic layer (benchmarks/synthetic.py: random sites in
the five states, 1-3 periods each over 1991-2025) is measured in a child
process of its own, so that its peak memory (max RSS) is its own:

* read + validate the layer;
* select one year (2005);
* build one year's map (select, style, render, write);
* export every year 1991-2025 as HTML maps (the yearly maps only), and the
  whole ``basemap export`` (maps, timeline, index with thumbnails, ...);
* the same yearly maps the plain folium way: a ``folium.Map`` per year with
  one ``CircleMarker`` and ``Popup`` per site present, saved to HTML. Where
  that would take too long (``--folium-years``), it is timed on the first
  years and extrapolated linearly, and the table says so.

Then, in headless Chromium (if available), the time until a 10,000-site map
sets ``data-basemap-ready``; and the start-up figures: ``basemap --help``,
``basemap build`` on the bundled data and a bare ``import folium``.

Nothing here is a test: the figures depend on the machine. Targets (issue 7):
export 10k sites >= 10x faster than plain folium; a year's HTML no larger
than the GeoJSON it shows plus the fixed assets; memory linear in sites;
``--help`` < 0.2 s; ``build`` <= 1.5x ``import folium``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
YEARS = range(1991, 2026)


def _timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def child(n: int, workdir: Path, folium_years: int) -> dict:
    """Measure one size; runs in its own process."""
    sys.path.insert(0, str(HERE))
    from synthetic import make_layer

    from basemap.export import export
    from basemap.pipeline import data_as_of, frame_bounds, make_map
    from basemap.read import read_layers
    from basemap.render import render_map
    from basemap.select import select
    from basemap.style import style
    from basemap.write import write_map

    layer = workdir / f"sites-{n}.geojson"
    collection = make_layer(n)
    layer.write_text(json.dumps(collection), encoding="utf-8")
    out: dict = {"sites": n, "periods": len(collection["features"])}

    out["read"], layers = _timed(lambda: read_layers(layer))
    out["select"], chosen = _timed(lambda: select(layers, year=2005))
    out["present_2005"] = int((chosen["presence"] != "former").sum())
    out["build"], _ = _timed(
        lambda: write_map(make_map(year=2005, layers=layers), workdir / "2005.html")
    )
    out["html_bytes"] = (workdir / "2005.html").stat().st_size
    # the GeoJSON of what the 2005 map shows: the input features of the
    # periods it draws
    ids = {p["id"] for periods in chosen["periods"] for p in periods}
    shown = {
        "type": "FeatureCollection",
        "features": [f for f in collection["features"] if f["properties"]["id"] in ids],
    }
    out["geojson_bytes"] = len(json.dumps(shown, separators=(",", ":")).encode())

    as_of, bounds = data_as_of(layers), frame_bounds(layers)
    maps = workdir / "maps"

    def yearly_maps():
        for y in YEARS:
            styled = style(select(layers, year=y))
            write_map(
                render_map(styled, when=y, as_of=as_of, bounds=bounds),
                maps / f"{y}.html",
            )

    out["export_maps"], _ = _timed(yearly_maps)
    out["export_all"], result = _timed(
        lambda: export(workdir / "export", first=YEARS[0], last=YEARS[-1], data=layer)
    )
    out["export_files"] = len(result.files)

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
                popup=folium.Popup(f"{row.name} ({row.operator})"),
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
    if 2005 not in timed_years:
        plain(2005)
    out["folium_html_bytes"] = (workdir / "folium-2005.html").stat().st_size
    return out


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


def browser_ready(n: int) -> float | None:
    """Seconds until a map of n sites sets data-basemap-ready (None without
    a browser)."""
    from basemap.browser import launch
    from basemap.errors import BrowserNotFoundError
    from basemap.pipeline import make_map
    from basemap.read import read_layers
    from basemap.write import write_map

    sys.path.insert(0, str(HERE))
    from synthetic import make_layer

    with tempfile.TemporaryDirectory() as tmp:
        layer = Path(tmp) / "sites.geojson"
        layer.write_text(json.dumps(make_layer(n)), encoding="utf-8")
        page_path = write_map(
            make_map(year=2005, layers=read_layers(layer)), Path(tmp) / "2005.html"
        )
        try:
            with launch() as browser:
                times = []
                for _ in range(3):
                    page = browser.new_page(viewport={"width": 1200, "height": 800})
                    start = time.perf_counter()
                    page.goto(page_path.as_uri(), wait_until="commit")
                    page.wait_for_selector("[data-basemap-ready=true]", timeout=60_000)
                    times.append(time.perf_counter() - start)
                    page.close()
                return statistics.median(times)
        except BrowserNotFoundError:
            return None


def startup() -> dict:
    def median_run(args, runs=7):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(args, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    with tempfile.TemporaryDirectory() as tmp:
        return {
            "python": median_run([sys.executable, "-c", "pass"]),
            "help": median_run([sys.executable, "-m", "basemap", "--help"]),
            "import_folium": median_run([sys.executable, "-c", "import folium"]),
            "build": median_run(
                [
                    sys.executable,
                    "-m",
                    "basemap",
                    "-q",
                    "build",
                    "--year",
                    "2005",
                    "-o",
                    f"{tmp}/2005.html",
                ],
                runs=5,
            ),
        }


def table(rows: list[dict], ready: dict, start: dict) -> str:
    fixed = _fixed_assets_bytes()
    lines = [
        "| sites | periods | read+validate | select 1 year | build 1 year | "
        "35 yearly maps | plain folium, 35 maps | speed-up | whole export | "
        "year HTML | shown GeoJSON + fixed assets | plain folium HTML | max RSS |",
        "|" + "---|" * 13,
    ]
    for r in rows:
        note = (
            ""
            if r["folium_years_timed"] == len(YEARS)
            else (f" (from {r['folium_years_timed']} years)")
        )
        lines.append(
            f"| {r['sites']:,} | {r['periods']:,} | {r['read']:.2f} s | "
            f"{r['select']:.2f} s | {r['build']:.2f} s | {r['export_maps']:.1f} s | "
            f"{r['folium_maps']:.1f} s{note} | "
            f"{r['folium_maps'] / r['export_maps']:.1f}x | {r['export_all']:.1f} s | "
            f"{r['html_bytes'] / 1e6:.2f} MB | "
            f"{(r['geojson_bytes'] + fixed) / 1e6:.2f} MB | "
            f"{r['folium_html_bytes'] / 1e6:.2f} MB | {r['max_rss_mb']:.0f} MB |"
        )
    lines.append("")
    for n, seconds in ready.items():
        shown = "no Chromium found" if seconds is None else f"{seconds:.2f} s"
        lines.append(f"- {n:,}-site map ready in headless Chromium: {shown}")
    lines += [
        f"- `basemap --help`: {start['help']:.3f} s "
        f"(bare Python {start['python']:.3f} s)",
        f"- `basemap build --year 2005` (bundled data): {start['build']:.2f} s; "
        f"`import folium`: {start['import_folium']:.2f} s; ratio "
        f"{start['build'] / start['import_folium']:.2f}",
        f"- fixed assets in every map (Leaflet, styles, script, borders): "
        f"{fixed / 1e3:.0f} KB",
    ]
    return "\n".join(lines)


def _fixed_assets_bytes() -> int:
    from basemap.data import boundaries_path
    from basemap.elements import _leaflet_assets, _static

    js, css = _leaflet_assets()
    return (
        len(js.encode())
        + len(css.encode())
        + len(_static("basemap.js").encode())
        + len(_static("basemap.css").encode())
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
        "range, and scale to all (default: all years up to 10k "
        "sites, 5 above)",
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
            else (0 if n <= 10_000 else 5)
        )
        print(f"measuring {n:,} sites ...", file=sys.stderr, flush=True)
        rows.append(run_child(n, years))
    ready = {n: browser_ready(n) for n in args.sizes if n >= 10_000} or {
        10_000: browser_ready(10_000)
    }
    print(table(rows, ready, startup()))


if __name__ == "__main__":
    main()
