"""Static maps with matplotlib, for print: SVG, PDF, PNG and GIF.

The same styled selection as the HTML map (:func:`basemap.style.style`):
borders, one marker per site and operator coloured by operator (dashed and
pale when uncertain), labels placed so they do not overlap, a legend, the
title and the year, and a line naming the sources. No browser is needed,
and the files are deterministic: no creation dates, fixed SVG ids.

Examples
--------
>>> from basemap.pipeline import presences
>>> fig = plot_map(presences(year=2005), when=2005, as_of="2026-11-23",
...                bounds=(64, 36, 76, 44))
>>> labels = {t.get_text() for t in fig.axes[0].texts}
>>> {"Kant (RUS)", "Karshi-Khanabad (USA): closed"} <= labels
True
"""

from __future__ import annotations

import io
import json
import math
import os
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from .render import DEFAULT_TITLE
from .style import records

if TYPE_CHECKING:
    import geopandas
    from matplotlib.figure import Figure

__all__ = [
    "FORMATS",
    "context_lines",
    "gif_bytes",
    "plot_map",
    "save_figure",
    "sources_line",
]

FORMATS = ("svg", "pdf", "png")
_OFFSETS = [
    (8, 0, "left", "center"),
    (-8, 0, "right", "center"),
    (0, 9, "center", "bottom"),
    (0, -9, "center", "top"),
    (7, 7, "left", "bottom"),
    (-7, 7, "right", "bottom"),
    (7, -7, "left", "top"),
    (-7, -7, "right", "top"),
]


def sources_line(styled: geopandas.GeoDataFrame, limit: int = 12) -> str:
    """A short line naming the sources behind what is shown.

    >>> from basemap.pipeline import presences
    >>> sources_line(presences(year=2005)).startswith("Sources: seed documents")
    True
    """
    seeds, publishers = set(), set()
    for periods in styled["periods"]:
        for period in periods:
            for src in period.get("sources") or []:
                if "seed" in src:
                    seeds.add(src["seed"][:3])
                else:
                    publishers.add(src["publisher"])
    parts = []
    if seeds:
        parts.append("seed documents " + ", ".join(sorted(seeds)))
    names = sorted(publishers, key=str.casefold)
    if len(names) > limit:
        names = [*names[:limit], f"and {len(names) - limit} more"]
    parts.extend(names)
    return "Sources: " + "; ".join(parts) if parts else "Sources: none"


@cache
def _border_paths(bounds: tuple[float, float, float, float]) -> list:
    """The country borders clipped to (a margin around) ``bounds``, as
    matplotlib paths; cached, as every year of an export shares its frame."""
    from matplotlib.path import Path
    from shapely.geometry import box, shape

    from .data import load_boundaries

    frame = box(*bounds).buffer(1.0)
    paths = []
    for feat in load_boundaries()["features"]:
        geom = shape(feat["geometry"]).intersection(frame)
        for poly in getattr(geom, "geoms", [geom]):
            if poly.is_empty or poly.geom_type != "Polygon":
                continue
            verts, codes = [], []
            for ring in [poly.exterior, *poly.interiors]:
                coords = list(ring.coords)
                verts.extend(coords)
                codes.extend(
                    [Path.MOVETO] + [Path.LINETO] * (len(coords) - 2) + [Path.CLOSEPOLY]
                )
            paths.append(Path(verts, codes))
    return paths


def _boundaries_patches(ax, bounds) -> None:
    from matplotlib.collections import PathCollection

    ax.add_collection(
        PathCollection(
            _border_paths(tuple(bounds)),
            facecolors="#FFFFFF",
            edgecolors="#7A7A7A",
            linewidths=0.6,
            zorder=1,
        )
    )


def _place_labels(fig, ax, texts_points) -> None:
    """Move each label to the first side where it overlaps nothing placed."""
    from matplotlib.transforms import offset_copy

    renderer = fig.canvas.get_renderer()
    placed = []
    for _, (x, y) in texts_points:
        px, py = ax.transData.transform((x, y))
        placed.append(_box(px - 6, py - 6, px + 6, py + 6))

    def put(text, offset) -> tuple:
        dx, dy, ha, va = offset
        text.set_transform(
            offset_copy(ax.transData, fig=fig, x=dx, y=dy, units="points")
        )
        text.set_ha(ha)
        text.set_va(va)
        bb = text.get_window_extent(renderer)
        return _box(bb.x0, bb.y0, bb.x1, bb.y1)

    for text, _ in texts_points:
        for offset in _OFFSETS:
            box = put(text, offset)
            if not any(_overlap(box, other) for other in placed):
                break
        else:  # crowded: keep the first side
            box = put(text, _OFFSETS[0])
        placed.append(box)


def _fill(bounds, width_in: float, height_in: float):
    """Widen ``bounds`` (in x or in y) to the shape of the axes."""
    minx, miny, maxx, maxy = bounds
    k = 1 / math.cos(math.radians((miny + maxy) / 2))
    dx, dy = maxx - minx, maxy - miny
    if dy * k / dx > height_in / width_in:  # too tall: widen x
        extra = (dy * k * width_in / height_in - dx) / 2
        return (minx - extra, miny, maxx + extra, maxy)
    extra = (dx * height_in / width_in / k - dy) / 2
    return (minx, miny - extra, maxx, maxy + extra)


def _box(x0, y0, x1, y1):
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _overlap(a, b, pad: float = 1.0) -> bool:
    return not (
        a[2] + pad <= b[0]
        or b[2] + pad <= a[0]
        or a[3] + pad <= b[1]
        or b[3] + pad <= a[1]
    )


def plot_map(
    styled: geopandas.GeoDataFrame,
    *,
    when: int | str,
    as_of: str,
    bounds: Sequence[float],
    title: str | None = None,
    size: tuple[float, float] = (12.0, 8.0),
    dpi: float = 100,
    former: bool = False,
    labels: bool = True,
    context: dict | None = None,
) -> Figure:
    """Draw a styled selection as a matplotlib figure.

    Parameters
    ----------
    styled : GeoDataFrame
        As returned by :func:`basemap.style.style`.
    when : int or str
        The year (or day) drawn large under the title.
    as_of : str
        The data's ``as_of`` date, printed with the sources.
    bounds : sequence
        ``(minx, miny, maxx, maxy)`` to frame.
    title : str, optional
        Title (default :data:`basemap.render.DEFAULT_TITLE`).
    size : (float, float)
        Figure size in inches.
    dpi : float
        Resolution for raster output.
    former : bool
        Also draw former sites (grey).
    labels : bool
        Draw labels, legend and sources (False for a thumbnail).
    context : dict, optional
        The year's events and alliances (:func:`basemap.render.context_data`):
        placed events are numbered badges, and a column on the right lists
        the events and each organisation's members, as on the HTML map.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from .style import legend_entries

    fig = Figure(figsize=size, dpi=dpi)
    FigureCanvasAgg(fig)  # measures text for label placement; no pyplot state
    column = bool(labels and context)  # a right-hand column for the context
    box = (
        (0.01, 0.07, 0.73 if column else 0.98, 0.80)
        if labels
        else (0.0, 0.0, 1.0, 0.86)
    )
    ax = fig.add_axes(box)
    bounds = _fill(bounds, size[0] * box[2], size[1] * box[3])
    minx, miny, maxx, maxy = bounds
    ax.set_xlim(minx, maxx)
    ax.set_ylim(miny, maxy)
    # equirectangular, stretched to look like the web map at this latitude
    ax.set_aspect(1 / math.cos(math.radians((miny + maxy) / 2)))
    ax.set_facecolor("#EEF3F7")
    ax.set_xticks([])
    ax.set_yticks([])
    _boundaries_patches(ax, bounds)

    shown = styled if former else styled[styled["presence"] != "former"]
    rows = records(shown) if len(shown) else []
    xs = shown.geometry.x.to_numpy() if len(shown) else []
    ys = shown.geometry.y.to_numpy() if len(shown) else []
    # one scatter per marker style (operator, presence, status), not per site
    groups: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        groups.setdefault(
            json.dumps([row["marker"], row["presence"], row["status"]], sort_keys=True),
            [],
        ).append(i)
    factor = 1.6 if labels else 0.8
    for key in sorted(groups):
        marker, presence, status = json.loads(key)
        members = groups[key]
        uncertain = presence == "uncertain"
        hollow = status == "proposed"
        ax.scatter(
            [xs[i] for i in members],
            [ys[i] for i in members],
            s=(marker["radius"] * factor) ** 2,
            facecolors="none" if hollow else marker["fillColor"],
            edgecolors=marker["fillColor"] if (uncertain or hollow) else "#FFFFFF",
            linewidths=1.5,
            linestyles="--" if marker["dashArray"] else "-",
            alpha=0.55 if uncertain else 1.0,
            zorder=3,
        )
    texts = []
    if labels:
        for row, x, y in zip(rows, xs, ys, strict=True):
            text = ax.text(
                x,
                y,
                row["label"],
                fontsize=9,
                fontweight="bold",
                color="#222222",
                zorder=4,
                bbox={
                    "boxstyle": "square,pad=0.15",
                    "facecolor": "white",
                    "edgecolor": "none",
                    "alpha": 0.85,
                },
            )
            texts.append((text, (x, y)))
    if column:
        _draw_events(ax, context["events"])
    _place_labels(fig, ax, texts)
    if not labels:
        fig.text(
            0.5,
            0.93,
            str(when),
            ha="center",
            va="center",
            fontsize=16,
            fontweight="bold",
        )
        return fig

    handles = []
    for entry in legend_entries(styled):
        if entry["symbol"] == "former" and not former:
            continue
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=9,
                markerfacecolor="none"
                if entry["symbol"] == "proposed"
                else entry["color"],
                markeredgecolor="#FFFFFF"
                if entry["symbol"] == "operator"
                else entry["color"],
                alpha=0.55 if entry["symbol"] == "uncertain" else 1.0,
                label=entry["label"],
            )
        )
    if handles:
        legend_place = (
            {"loc": "lower right", "bbox_to_anchor": (0.995, 0.07)}
            if column
            else {"loc": "lower right"}
        )
        (fig if column else ax).legend(
            handles=handles,
            title="Forces of",
            fontsize=9,
            title_fontsize=9,
            framealpha=0.92,
            **legend_place,
        )
    if column:
        fig.text(
            0.75,
            0.87,
            context_lines(context, str(when)),
            va="top",
            fontsize=7.5,
            color="#222222",
            wrap=True,
        )
    fig.text(
        0.5,
        0.965,
        title or DEFAULT_TITLE,
        ha="center",
        va="top",
        fontsize=15,
        fontweight="bold",
    )
    fig.text(
        0.5, 0.925, str(when), ha="center", va="top", fontsize=22, fontweight="bold"
    )
    fig.text(0.01, 0.045, sources_line(shown), fontsize=7, color="#333333", wrap=True)
    fig.text(
        0.01,
        0.018,
        f"Data as of {as_of}. Borders: Natural Earth (public "
        "domain). Made with basemap.",
        fontsize=7,
        color="#555555",
    )
    return fig


def _draw_events(ax, events: list[dict]) -> None:
    """Numbered badges under the points of the placed events."""
    seen: dict[tuple, int] = {}
    for e in events:
        if "coordinates" not in e:
            continue
        x, y = e["coordinates"]
        k = seen.get((x, y), 0)
        seen[(x, y)] = k + 1
        ax.annotate(
            str(e["n"]),
            (x, y),
            xytext=(k * 14, -13),
            textcoords="offset points",
            ha="center",
            va="center",
            fontsize=7,
            fontweight="bold",
            color="white",
            bbox={
                "boxstyle": "square,pad=0.25",
                "facecolor": "#222222",
                "edgecolor": "white",
            },
            zorder=5,
        )


#: Most events listed in a static map's column (the rest are counted).
EVENT_LINES = 12


def context_lines(context: dict, when: str) -> str:
    """The text of a static map's context column: events, then alliances.

    >>> print(context_lines({"events": [{"date": "2005-05-12", "title": "A",
    ...     "n": 1}], "alliances": [], "names": {}}, "2005"))
    Events in 2005
    1. 2005-05-12 A
    """
    from .render import alliance_text, written_span

    lines = [f"Events in {when}"]
    events = context["events"]
    for e in events[:EVENT_LINES]:
        number = f"{e['n']}. " if "n" in e else "- "
        lines.append(f"{number}{written_span(e)} {e['title']}")
    if len(events) > EVENT_LINES:
        lines.append(f"... and {len(events) - EVENT_LINES} more")
    if not events:
        lines.append("None recorded.")
    alliances = alliance_text(context)
    if alliances:
        lines += ["", f"Alliances in {when}", *alliances]
    return "\n".join(lines)


def save_figure(fig: Figure, path: str | os.PathLike[str], fmt: str) -> None:
    """Write a figure as ``svg``, ``pdf`` or ``png``, atomically and
    deterministically (no dates, fixed SVG ids)."""
    from .write import atomic_write_bytes

    atomic_write_bytes(path, figure_bytes(fig, fmt))


def figure_bytes(fig: Figure, fmt: str) -> bytes:
    """Return a figure as ``svg``, ``pdf`` or ``png`` bytes (deterministic)."""
    import matplotlib

    metadata = {
        "svg": {"Date": None},
        "pdf": {"CreationDate": None, "ModDate": None},
        "png": {"Software": None},
    }[fmt]
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "basemap", "svg.fonttype": "none"}):
        fig.savefig(buf, format=fmt, metadata=metadata)
    return buf.getvalue()


def gif_bytes(figures: Sequence[Figure], seconds_per_frame: float = 1.0) -> bytes:
    """Return an animated GIF of the figures, one frame each, looping."""
    from PIL import Image

    frames = [
        Image.open(io.BytesIO(figure_bytes(fig, "png"))).convert(
            "P", palette=Image.Palette.ADAPTIVE
        )
        for fig in figures
    ]
    buf = io.BytesIO()
    frames[0].save(
        buf,
        format="GIF",
        save_all=True,
        append_images=frames[1:],
        duration=int(seconds_per_frame * 1000),
        loop=0,
    )
    return buf.getvalue()
