"""Export every year at once: maps, a timeline, a gallery, images, changes.

:func:`export` writes, in one run, into one folder:

* one map per year (``{year}.html`` by default), each linking to the
  previous and next year, the timeline and the index;
* ``timeline.html``: every year in one page, with a slider and a player;
* ``index.html``: a gallery of all years with thumbnails, links, the text
  summary of each year and what changed since the previous one;
* ``changes.csv`` (year, site, operator, change, name) and ``embed.html``
  (a responsive iframe snippet for each page, with its text description);
* with ``formats``: ``png`` screenshots (headless Chromium), ``svg`` and
  ``pdf`` static maps (matplotlib), and ``years.gif``, an animation.

Options are checked, the data read and (for ``png``) the browser found
before anything is written. Every file is written atomically, so an
interrupted export leaves complete files (old or new) and the next run
finishes the job; leftover temporary files of an interrupted run are
removed.
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import OptionError
from .read import PathArg

__all__ = ["FORMATS", "ExportResult", "export", "plan_years"]

FORMATS = ("html", "png", "svg", "pdf", "gif")
_TEMP = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")


@dataclass
class ExportResult:
    """What an export wrote."""

    folder: Path
    years: list[int]
    files: list[Path] = field(default_factory=list)


def plan_years(layers, first: int | None, last: int | None) -> list[int]:
    """The years to export: by default from the earliest start in the data
    to the data's ``as_of`` year (never the machine's clock)."""
    from .select import data_years

    lo, hi = data_years(layers) if len(layers) else (None, None)
    first = lo if first is None else first
    last = hi if last is None else last
    if first is None or last is None:
        raise OptionError("the data is empty: give --from and --to")
    if first > last:
        raise OptionError(f"--from {first} is after --to {last}")
    if last - first > 500:
        raise OptionError(f"{last - first + 1} years is too many (at most 501)")
    return list(range(first, last + 1))


def _check_name(template: str) -> str:
    if "{year}" not in template:
        raise OptionError(f"file name template {template!r} must contain {{year}}")
    try:
        name = template.format(year=2005)
    except (KeyError, IndexError, ValueError):
        raise OptionError(
            f"file name template {template!r} may only use {{year}}"
        ) from None
    if name.endswith(".html"):
        template = template[: -len(".html")]
        name = name[: -len(".html")]
    if not name or re.search(r"[/\\:]|^\.|\.\.", name):
        raise OptionError(
            f"file name template {template!r} must be a plain file name "
            "(no folders, no leading dot)"
        )
    return template


def _check_base_url(base_url: str | None) -> str:
    if not base_url:
        return ""
    if not re.match(r"^https?://[^\s\"'<>]+$", base_url, re.I):
        raise OptionError(f"--base-url {base_url!r} must be an http(s) address")
    return base_url if base_url.endswith("/") else base_url + "/"


def _clean_temp_files(folder: Path) -> None:
    if folder.is_dir():
        for path in folder.rglob(".*.tmp"):
            if _TEMP.match(path.name):
                path.unlink(missing_ok=True)


def export(
    folder: str | os.PathLike[str] = "output",
    *,
    first: int | None = None,
    last: int | None = None,
    data: Iterable[PathArg] | PathArg | None = None,
    formats: Sequence[str] = ("html",),
    name: str = "{year}",
    title: str | None = None,
    tiles: str | None = None,
    base_url: str | None = None,
    width: int = 1200,
    height: int = 800,
    scale: float = 1.0,
    progress: Callable[[str], None] | None = None,
    events: PathArg | bool | None = None,
    alliances: PathArg | bool | None = None,
) -> ExportResult:
    """Export every year from ``first`` to ``last`` into ``folder``.

    Parameters
    ----------
    folder : path
        Output folder (created if needed).
    first, last : int, optional
        Years; default: the earliest start in the data and its ``as_of`` year.
    data : path or list of paths, optional
        Layers (default: the bundled data).
    formats : sequence of str
        Any of ``html``, ``png``, ``svg``, ``pdf``, ``gif``.
    name : str
        File name template of a year, with ``{year}`` (default ``{year}``;
        extensions are added per format).
    title, tiles : str, optional
        As for :func:`basemap.render.render_map`.
    base_url : str, optional
        Address the embed snippets point to (default: relative links).
    width, height : int
        Image size in CSS pixels (png) or at 100 dpi (svg, pdf, gif).
    scale : float
        Device pixel ratio of png screenshots.
    progress : callable, optional
        Called with a short label after each unit of work.
    events, alliances : path or False, optional
        The context shown on the HTML pages and PNG images (default: the
        bundled files); False leaves one out.

    Returns
    -------
    ExportResult
    """
    from .pipeline import data_as_of, frame_bounds, load_context
    from .read import read_layers
    from .render import context_data, resolve_tiles
    from .select import select, select_alliances, select_events
    from .style import style

    formats = list(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise OptionError(
            f"unknown format {unknown[0]!r}: use one or more of {', '.join(FORMATS)}"
            if unknown
            else "give at least one format"
        )
    stem = _check_name(name)
    base = _check_base_url(base_url)
    if not (16 <= width <= 10_000 and 16 <= height <= 10_000):
        raise OptionError("--width and --height must be between 16 and 10000 pixels")
    if not 0.25 <= scale <= 8:
        raise OptionError("--scale must be between 0.25 and 8")
    if tiles:
        resolve_tiles(tiles)
    if "png" in formats:
        from .browser import find_chromium

        find_chromium()  # fail before writing anything
        try:
            import playwright  # noqa: F401
        except ImportError:
            from .browser import PLAYWRIGHT_HINT
            from .errors import BrowserNotFoundError

            raise BrowserNotFoundError(PLAYWRIGHT_HINT) from None

    layers = read_layers(data)
    context = load_context(layers, events, alliances, bundled_layers=data is None)
    years = plan_years(layers, first, last)
    out = Path(folder)
    _clean_temp_files(out)
    job = _Job(
        out=out,
        years=years,
        layers=layers,
        stem=stem,
        formats=formats,
        title=title,
        tiles=tiles,
        base=base,
        width=width,
        height=height,
        scale=scale,
        as_of=data_as_of(layers),
        bounds=frame_bounds(layers),
        frames={y: style(select(layers, year=y)) for y in years},
        contexts={
            y: context_data(select_events(context, y), select_alliances(context, y))
            for y in years
        }
        if context
        else None,
        result=ExportResult(out, years),
        tell=progress or (lambda label: None),
    )
    html_pages = "html" in formats or "png" in formats
    if html_pages:
        _export_html(job)
    if "png" in formats:
        _export_png(job)
    _export_static(job)
    changes = _year_changes(job)
    job.add(_write_changes(out / "changes.csv", changes), "changes.csv")
    if html_pages:
        thumbs = _thumbnails(job)
        job.add(_write_index(job, changes, thumbs), "index.html")
        job.add(_write_embed(job), "embed.html")
    return job.result


@dataclass
class _Job:
    """What every step of an export shares."""

    out: Path
    years: list[int]
    layers: object
    stem: str
    formats: list[str]
    title: str | None
    tiles: str | None
    base: str
    width: int
    height: int
    scale: float
    as_of: str
    bounds: tuple
    frames: dict
    contexts: dict | None
    result: ExportResult
    tell: Callable[[str], None]

    def file_of(self, year: int, ext: str) -> str:
        """File name of a year's output with extension ``ext``."""
        return self.stem.format(year=year) + ext

    def add(self, path: Path, label: str | None = None) -> None:
        """Record a written file and report progress."""
        self.result.files.append(Path(path))
        if label is not None:
            self.tell(label)


def _export_html(job: _Job) -> None:
    from .render import render_map, render_timeline
    from .write import write_map

    years = job.years
    for i, year in enumerate(years):
        nav = {
            "index": ("All years", "index.html"),
            "timeline": ("Timeline", f"timeline.html#{year}"),
        }
        if i > 0:
            nav["prev"] = (f"\u2190 {years[i - 1]}", job.file_of(years[i - 1], ".html"))
        if i < len(years) - 1:
            nav["next"] = (f"{years[i + 1]} \u2192", job.file_of(years[i + 1], ".html"))
        m = render_map(
            job.frames[year],
            when=year,
            as_of=job.as_of,
            bounds=job.bounds,
            title=job.title,
            tiles=job.tiles,
            nav=nav,
            context=job.contexts[year] if job.contexts else None,
        )
        name = job.file_of(year, ".html")
        job.add(write_map(m, job.out / name), name)
    timeline = render_timeline(
        job.frames,
        as_of=job.as_of,
        bounds=job.bounds,
        title=job.title,
        tiles=job.tiles,
        nav={"index": ("All years", "index.html")},
        contexts=job.contexts,
    )
    job.add(write_map(timeline, job.out / "timeline.html"), "timeline.html")


def _export_png(job: _Job) -> None:
    from .browser import screenshot_pages

    pairs = [
        (job.out / job.file_of(y, ".html"), job.out / job.file_of(y, ".png"))
        for y in job.years
    ]
    screenshot_pages(
        pairs,
        width=job.width,
        height=job.height,
        scale=job.scale,
        progress=lambda p: job.add(p, Path(p).name),
    )


def _export_static(job: _Job) -> None:
    wanted = [f for f in ("svg", "pdf") if f in job.formats]
    if not wanted and "gif" not in job.formats:
        return
    from .plot import gif_bytes, plot_map, save_figure
    from .write import atomic_write_bytes

    size = (job.width / 100, job.height / 100)
    gif_frames = []
    for year in job.years:
        fig = plot_map(
            job.frames[year],
            when=year,
            as_of=job.as_of,
            bounds=job.bounds,
            title=job.title,
            size=size,
            context=job.contexts[year] if job.contexts else None,
        )
        for fmt in wanted:
            path = job.out / job.file_of(year, f".{fmt}")
            save_figure(fig, path, fmt)
            job.add(path, path.name)
        if "gif" in job.formats:
            gif_frames.append(fig)
    if gif_frames:
        path = job.out / "years.gif"
        job.add(atomic_write_bytes(path, gif_bytes(gif_frames)), path.name)


def _thumbnails(job: _Job) -> dict[int, str]:
    """Thumbnail of each year for the index: the PNG screenshot when made,
    else a small static map."""
    if "png" in job.formats:
        return {y: job.file_of(y, ".png") for y in job.years}
    from .plot import plot_map, save_figure

    thumbs = {}
    for year in job.years:
        rel = f"thumbs/{job.file_of(year, '.png')}"
        fig = plot_map(
            job.frames[year],
            when=year,
            as_of=job.as_of,
            bounds=job.bounds,
            size=(3.6, 2.4),
            dpi=100,
            labels=False,
        )
        save_figure(fig, job.out / rel, "png")
        job.add(job.out / rel)
        thumbs[year] = rel
    job.tell("thumbnails")
    return thumbs


def _year_changes(job: _Job) -> dict[int, list[dict]]:
    from .report import changes_between
    from .select import select
    from .style import style

    before = style(select(job.layers, year=job.years[0] - 1))
    changes = {}
    for year in job.years:
        changes[year] = changes_between(before, job.frames[year], year)
        before = job.frames[year]
    return changes


def _write_changes(path, changes: dict[int, list[dict]]) -> Path:
    from .report import CHANGE_FIELDS
    from .write import atomic_write_text

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CHANGE_FIELDS, lineterminator="\n")
    writer.writeheader()
    for rows in changes.values():
        writer.writerows(rows)
    return atomic_write_text(path, buf.getvalue())


def _env():
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(
        loader=PackageLoader("basemap", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
    )


def _write_index(job: _Job, changes, thumbs) -> Path:
    from .render import DEFAULT_TITLE
    from .report import summary
    from .write import atomic_write_text

    cards = [
        {
            "year": y,
            "href": job.file_of(y, ".html"),
            "thumb": thumbs[y],
            "summary": summary(job.frames[y]),
            "changes": [
                f"{c['change']}: {c['name']} ({c['operator']})" for c in changes[y]
            ],
            "events": [f"{e['date']}: {e['title']}" for e in job.contexts[y]["events"]]
            if job.contexts
            else [],
        }
        for y in job.years
    ]
    page = (
        _env()
        .get_template("index.html")
        .render(title=job.title or DEFAULT_TITLE, years=job.years, cards=cards)
    )
    return atomic_write_text(job.out / "index.html", page)


def _embed_snippet(src: str, title: str, description: str) -> str:
    e = html.escape
    return (
        '<figure style="margin:0">\n'
        '  <div style="position:relative;width:100%;padding-bottom:66.67%;'
        'height:0;overflow:hidden">\n'
        f'    <iframe src="{e(src)}" title="{e(title)}" loading="lazy" '
        'style="position:absolute;top:0;left:0;width:100%;height:100%;border:0">'
        "</iframe>\n"
        "  </div>\n"
        f"  <figcaption>{e(description)}</figcaption>\n"
        "</figure>\n"
    )


def _write_embed(job: _Job) -> Path:
    from .render import DEFAULT_TITLE
    from .report import summary
    from .write import atomic_write_text

    title, years, base = job.title or DEFAULT_TITLE, job.years, job.base
    items = [
        {
            "name": "Timeline, all years",
            "snippet": _embed_snippet(
                f"{base}timeline.html",
                f"{title}, {years[0]}-{years[-1]}",
                f"Year-by-year map of {title.lower()}, {years[0]} to {years[-1]}.",
            ),
        }
    ]
    for y in years:
        items.append(
            {
                "name": str(y),
                "snippet": _embed_snippet(
                    f"{base}{job.file_of(y, '.html')}",
                    f"{title}, {y}",
                    f"{title}, {y}. {summary(job.frames[y])}",
                ),
            }
        )
    page = _env().get_template("embed.html").render(title=title, items=items)
    return atomic_write_text(job.out / "embed.html", page)
