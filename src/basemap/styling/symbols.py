"""Style a selection: colours by operator, labels, symbols and legend.

:func:`style` is the third step of the pipeline. It adds to each row of a
:func:`basemap.selection.sites.select` result what the map needs to draw it, so that
the HTML map and any other renderer draw the same thing the same way.

Colours are fixed per known operator and assigned per legend for others
(:func:`legend_colors`), so that no two operators of one map share a
colour and any two without a letter (:func:`legend_styles`) stay apart with
the common colour-vision deficiencies; a former site is grey; an uncertain
presence is drawn with a dashed outline and a pale fill; a proposed one
hollow and dashed; a reported one pale with a dotted ring; a temporary
deployment smaller. The colours are :mod:`basemap.styling.palette`'s and the
words :mod:`basemap.wording`'s (:func:`basemap.wording.change_text` words every
change, wherever it is reported).

Examples
--------
>>> from basemap.pipeline import presences
>>> kant = presences(year=2005).set_index("key").loc["kant/RUS"]
>>> kant["color"], kant["label"]
('#FF4900', 'Kant (RUS)')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..codes import OPERATORS, host_text
from ..wording import (
    STATUS_WORDS,
    change_text,
    change_words,
    worded_label,
)
from .palette import (
    FORMER_COLOR,
    legend_styles,
)

if TYPE_CHECKING:
    import geopandas

__all__ = [
    "legend_entries",
    "marker_style",
    "style",
]

#: Degrees within which two markers count as neighbours for their labels.
_NEAR_LON, _NEAR_LAT = 0.8, 0.5
_DIRECTIONS = ["left", "right", "bottom", "top"]
#: Above this many markers, labels show on hover only: no sides to choose.
_SIDE_LIMIT = 300


def marker_style(
    presence: str,
    status: str,
    color: str,
    glyph: str | None = None,
    glyph_color: str | None = None,
) -> dict:
    """Return the Leaflet path options of a marker.

    With a ``glyph`` (the second cue of an operator past the safe palette,
    see :func:`legend_styles`), the options also carry ``glyph`` and
    ``glyphColor``: the letter to draw in the marker and its colour (not
    for a former site, drawn grey whatever its operator).

    >>> marker_style("uncertain", "base", "#000")["dashArray"]
    '3 3'
    >>> marker_style("present", "base", "#6D6DF3", "KR", "#FFFFFF")["glyph"]
    'KR'
    """
    style = {
        "radius": 8,
        "color": "#FFFFFF",
        "weight": 2,
        "fillColor": color,
        "fillOpacity": 0.95,
        "dashArray": None,
    }
    if presence == "former":
        style.update(radius=6, fillColor=FORMER_COLOR, fillOpacity=0.8)
    if presence == "uncertain":
        style.update(color=color, fillOpacity=0.35, dashArray="3 3")
    if status == "temporary":
        style.update(radius=6)
    if status == "proposed":
        style.update(color=color, fillOpacity=0.0, dashArray="4 3", weight=2.5)
    if status == "reported":  # pale, with a dotted ring: not confirmed
        style.update(color=color, fillOpacity=0.3, dashArray="1 3", weight=3)
    if glyph and presence != "former":
        # hollow (proposed) markers show the letter in the operator's colour
        style.update(
            glyph=glyph, glyphColor=color if status == "proposed" else glyph_color
        )
    return style


def _directions(lons: list[float], lats: list[float]) -> list[str]:
    """Give neighbouring markers labels on different sides (deterministic).

    A lone marker's label goes to the right. In a group of neighbours, taken
    from west to east, each label takes the first side no neighbour has
    taken yet, in the order left, right, bottom, top.

    >>> _directions([74.48, 74.85, 60.0], [43.06, 42.85, 40.0])
    ['left', 'right', 'right']
    """
    n = len(lons)

    def near(i: int, j: int) -> bool:
        return abs(lons[i] - lons[j]) < _NEAR_LON and abs(lats[i] - lats[j]) < _NEAR_LAT

    chosen: dict[int, str] = {}
    for i in sorted(range(n), key=lambda i: (lons[i], -lats[i], i)):
        neighbours = [j for j in range(n) if j != i and near(i, j)]
        if not neighbours:
            chosen[i] = "right"
            continue
        taken = {chosen[j] for j in neighbours if j in chosen}
        free = [d for d in _DIRECTIONS if d not in taken]
        chosen[i] = free[0] if free else "right"
    return [chosen[i] for i in range(n)]


def style(
    selection: geopandas.GeoDataFrame, legend: Iterable[str] | None = None
) -> geopandas.GeoDataFrame:
    """Add drawing columns to a selection.

    Adds ``color`` (operator colour, grey when former), ``glyph`` and
    ``glyph_color`` (the letter drawn in the marker of an operator past the
    safe palette, and its colour; None otherwise), ``change_text`` (what
    happened to the marker during the year or day, worded by
    :func:`change_text`: "closed", "dropped (date uncertain)", ...; "" for
    nothing), ``label`` (short name, operator code and any change, e.g.
    ``"Karshi-Khanabad (USA): closed"``), ``label_direction`` (the side of
    the marker the label goes on, chosen so that neighbours' labels do not
    sit on each other), ``host_name`` and ``marker`` (Leaflet path options).

    Parameters
    ----------
    selection : GeoDataFrame
        As returned by :func:`basemap.selection.sites.select`.
    legend : iterable of str, optional
        Every operator of the legend the selection is drawn with (default:
        the operators of the selection). Colours are assigned per legend
        (:func:`legend_styles`): pass the operators of every year for a
        timeline, so that each keeps one colour throughout.

    Returns
    -------
    GeoDataFrame
        A copy with the added columns.
    """
    import pandas as pd

    out = selection.copy()
    columns = ("color", "glyph", "glyph_color", "change_text", "label")
    if out.empty:
        for col in (*columns, "label_direction", "host_name", "marker"):
            out[col] = []
        return out
    # each column read once as a list: a pandas string column costs
    # microseconds an element when iterated
    operators, presences = out["operator"].tolist(), out["presence"].tolist()
    statuses = out["status"].tolist()
    cues = legend_styles(
        set(operators) | (set(legend) if legend is not None else set())
    )
    former = [p == "former" for p in presences]
    out["color"] = [
        FORMER_COLOR if f else cues[o]["color"]
        for o, f in zip(operators, former, strict=True)
    ]
    for col in ("glyph", "glyph_color"):  # None where none (not NaN)
        out[col] = pd.Series(
            [
                None if f else cues[o][col]
                for o, f in zip(operators, former, strict=True)
            ],
            index=out.index,
            dtype=object,
        )
    if "changes" in out.columns:  # what the marker says: not a "changed"
        out["change_text"] = [
            change_text([c for c in changes if c["kind"] != "changed"])
            for changes in out["changes"]
        ]
    else:
        out["change_text"] = [
            change_words(c, s)
            for c, s in zip(out["change"].tolist(), statuses, strict=True)
        ]
    # row_label of each row, from the columns it reads (no row dicts)
    out["label"] = [
        worded_label(last.get("label") or last["name"], o, s, p, words)
        for last, o, s, p, words in zip(
            [periods[-1] for periods in out["periods"].tolist()],
            operators,
            statuses,
            presences,
            out["change_text"].tolist(),
            strict=True,
        )
    ]
    territories = out["territory"].tolist() if "territory" in out else [None] * len(out)
    out["host_name"] = [
        host_text(h, t) for h, t in zip(out["host"].tolist(), territories, strict=True)
    ]
    markers: dict[tuple, dict] = {}  # one per style, made once (read-only)
    for key in set(zip(presences, statuses, operators, strict=True)):
        p, s, o = key
        markers[key] = marker_style(
            p, s, cues[o]["color"], cues[o]["glyph"], cues[o]["glyph_color"]
        )
    out["marker"] = [
        markers[key] for key in zip(presences, statuses, operators, strict=True)
    ]
    directions = ["right"] * len(out)
    # sides matter only where labels are always shown (see render.LABEL_LIMIT)
    for former in (False, True) if len(out) <= _SIDE_LIMIT else ():
        mask = (out["presence"] == "former").to_numpy() == former
        idx = [i for i in range(len(out)) if mask[i]]
        if len(idx) > 1:
            got = _directions(
                [out.geometry.iloc[i].x for i in idx],
                [out.geometry.iloc[i].y for i in idx],
            )
            for i, d in zip(idx, got, strict=True):
                directions[i] = d
    out["label_direction"] = directions
    return out


def legend_entries(styled: geopandas.GeoDataFrame) -> list[dict]:
    """Return the legend: one entry per operator shown, then the symbols used.

    Each entry is ``{"label": str, "color": str, "symbol": str, "glyph":
    str or None, "glyph_color": str or None}`` with symbol one of
    "operator", "uncertain", "proposed", "reported", "temporary", "outline",
    "former"; ``glyph`` is
    the letter an operator's markers carry (see :func:`legend_styles`). The
    operators' colours are those of the styled rows: never two alike when
    the rows were styled together (:func:`style`).
    """
    entries = []
    shown = styled[styled["presence"] != "former"] if len(styled) else styled
    cues: dict[str, tuple] = {}
    if len(shown):
        # as lists: a pandas column read element by element is slow
        none = [None] * len(shown)
        glyphs = shown["glyph"].tolist() if "glyph" in shown.columns else none
        glyph_colors = (
            shown["glyph_color"].tolist() if "glyph_color" in shown.columns else none
        )
        for code, color, glyph, glyph_color in zip(
            shown["operator"].tolist(),
            shown["color"].tolist(),
            glyphs,
            glyph_colors,
            strict=True,
        ):
            cues.setdefault(
                code,
                (
                    color,
                    glyph if isinstance(glyph, str) else None,
                    glyph_color if isinstance(glyph_color, str) else None,
                ),
            )
    for code in sorted(cues, key=lambda c: (OPERATORS.get(c, c), c)):
        color, glyph, glyph_color = cues[code]
        entries.append(
            {
                "label": OPERATORS.get(code, code),
                "color": color,
                "symbol": "operator",
                "glyph": glyph,
                "glyph_color": glyph_color,
            }
        )
    extras = [
        (
            "uncertain",
            "dates imprecise around this time",
            (shown["presence"] == "uncertain").any(),
        ),
        *(
            (status, STATUS_WORDS[status], (shown["status"] == status).any())
            for status in ("proposed", "reported", "temporary")
        ),
        (
            "outline",
            "area of a range or lease (outline)",
            "area" in shown.columns and shown["area"].notna().any(),
        ),
        (
            "former",
            "former site (switch on in the layer control)",
            (styled["presence"] == "former").any() if len(styled) else False,
        ),
    ]
    for symbol, label, used in extras:
        if used:
            entries.append(
                {
                    "label": label,
                    "color": FORMER_COLOR,
                    "symbol": symbol,
                    "glyph": None,
                    "glyph_color": None,
                }
            )
    return entries
