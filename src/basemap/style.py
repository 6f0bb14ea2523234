"""Style a selection: colours by operator, labels, symbols and legend.

:func:`style` is the third step of the pipeline. It adds to each row of a
:func:`basemap.select.select` result what the map needs to draw it, so that
the HTML map and any other renderer draw the same thing the same way.

Colours come from the Okabe-Ito palette (distinguishable with the common
colour-vision deficiencies); a former site is grey; an uncertain presence is
drawn with a dashed outline and a pale fill; a proposed one hollow and
dashed; a temporary deployment smaller.

Examples
--------
>>> operator_color("RUS"), operator_color("USA")
('#D55E00', '#0072B2')
>>> operator_color("XYZ") == operator_color("XYZ")
True
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from .codes import HOSTS, OPERATORS

if TYPE_CHECKING:
    import geopandas

__all__ = [
    "ALLIANCE_COLORS",
    "FORMER_COLOR",
    "OPERATOR_COLORS",
    "alliance_color",
    "alliance_style",
    "change_words",
    "label_text",
    "legend_entries",
    "marker_style",
    "operator_color",
    "records",
    "row_label",
    "style",
]

#: Colour of each operator with a fixed one.
OPERATOR_COLORS: dict[str, str] = {
    "RUS": "#D55E00",  # vermillion
    "USA": "#0072B2",  # blue
    "FRA": "#CC79A7",  # reddish purple
    "DEU": "#009E73",  # bluish green
    "IND": "#E69F00",  # orange
    "CHN": "#8B1A1A",  # dark red
    "NATO": "#56B4E9",  # sky blue
    "CSTO": "#6A3D9A",  # purple
}
#: Colours for the other operators, chosen by a stable hash of the code.
_EXTRA = [
    "#332288",
    "#117733",
    "#44AA99",
    "#88CCEE",
    "#999933",
    "#AA4499",
    "#882255",
    "#661100",
    "#6699CC",
    "#DDCC77",
]
#: Colour of former sites.
FORMER_COLOR = "#8C8C8C"

#: Shading of each organisation's members (a successor keeps the colour of
#: the organisation it grew from). Fills are light, under the markers.
ALLIANCE_COLORS: dict[str, str] = {
    "cst": "#7B3294",
    "csto": "#7B3294",
    "shanghai-five": "#1B7837",
    "sco": "#1B7837",
    "eurasec": "#B35806",
}

#: Degrees within which two markers count as neighbours for their labels.
_NEAR_LON, _NEAR_LAT = 0.8, 0.5
_DIRECTIONS = ["left", "right", "bottom", "top"]
#: Above this many markers, labels show on hover only: no sides to choose.
_SIDE_LIMIT = 300


def operator_color(code: str) -> str:
    """Return the colour of an operator (stable for codes without a fixed one)."""
    if code in OPERATOR_COLORS:
        return OPERATOR_COLORS[code]
    digest = hashlib.sha256(code.encode()).digest()
    return _EXTRA[digest[0] % len(_EXTRA)]


def alliance_color(org_id: str) -> str:
    """Return the shading colour of an organisation.

    >>> alliance_color("csto") == alliance_color("cst")
    True
    """
    if org_id in ALLIANCE_COLORS:
        return ALLIANCE_COLORS[org_id]
    digest = hashlib.sha256(org_id.encode()).digest()
    return _EXTRA[digest[0] % len(_EXTRA)]


def alliance_style(org_id: str, status: str) -> dict:
    """Leaflet path options for a member state's shading.

    A suspended member is drawn paler, with a dashed outline.

    >>> alliance_style("sco", "suspended")["dashArray"]
    '6 4'
    """
    color = alliance_color(org_id)
    shading = {
        "color": color,
        "weight": 2,
        "fillColor": color,
        "fillOpacity": 0.3,
        "opacity": 0.9,
    }
    if status == "suspended":
        shading.update(fillOpacity=0.1, dashArray="6 4")
    return shading


def marker_style(presence: str, status: str, color: str) -> dict:
    """Return the Leaflet path options of a marker.

    >>> marker_style("uncertain", "base", "#000")["dashArray"]
    '3 3'
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
    return style


_CHANGE_WORDS = {
    "proposed": {"opened": "proposed", "closed": "dropped"},
    "temporary": {"opened": "arrived", "closed": "left"},
}


def change_words(change: str, status: str) -> str:
    """How a change reads for a presence of this status.

    >>> change_words("opened", "proposed")
    'proposed'
    >>> change_words("opened and closed", "temporary")
    'arrived and left'
    >>> change_words("closed", "base")
    'closed'
    """
    words = _CHANGE_WORDS.get(status, {})
    return (
        " and ".join(words.get(w, w) for w in change.split(" and ")) if change else ""
    )


def label_text(
    short: str, operator: str, status: str, presence: str, change: str
) -> str:
    """The label drawn next to a marker.

    >>> label_text("Karshi-Khanabad", "USA", "base", "present", "closed")
    'Karshi-Khanabad (USA): closed'
    >>> label_text("Osh", "RUS", "proposed", "present", "opened")
    'Osh (RUS), proposed'
    >>> label_text("Ayni", "IND", "base", "uncertain", "")
    'Ayni (IND) ?'
    """
    text = f"{short} ({operator})"
    if status in ("proposed", "temporary"):
        text += f", {status}"
    if presence == "uncertain":
        text += " ?"
    words = change_words(change, status)
    if words and words != "proposed":  # "Osh (RUS), proposed" says it already
        text += f": {words}"
    return text


def row_label(row) -> str:
    """The label of a selection row: :func:`label_text` of its last period's
    label (or name), operator, status, presence and change. The page derives
    the same label from a compact feature (``basemapExpand`` in basemap.js).
    """
    last = row["periods"][-1]
    return label_text(
        last.get("label") or last["name"],
        row["operator"],
        row["status"],
        row["presence"],
        row["change"],
    )


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


def style(selection: geopandas.GeoDataFrame) -> geopandas.GeoDataFrame:
    """Add drawing columns to a selection.

    Adds ``color`` (operator colour, grey when former), ``label`` (short
    name, operator code and any change, e.g. ``"Karshi-Khanabad (USA):
    closed"``), ``label_direction`` (the side of the marker the label goes
    on, chosen so that neighbours' labels do not sit on each other),
    ``host_name`` and ``marker`` (Leaflet path options).

    Parameters
    ----------
    selection : GeoDataFrame
        As returned by :func:`basemap.select.select`.

    Returns
    -------
    GeoDataFrame
        A copy with the added columns.
    """
    out = selection.copy()
    if out.empty:
        for col in ("color", "label", "label_direction", "host_name", "marker"):
            out[col] = []
        return out
    out["color"] = [
        FORMER_COLOR if p == "former" else operator_color(o)
        for o, p in zip(out["operator"], out["presence"], strict=True)
    ]
    out["label"] = [row_label(row) for row in records(out)]
    out["host_name"] = [HOSTS.get(h, (h,))[0] for h in out["host"]]
    out["marker"] = [
        marker_style(p, s, operator_color(o))
        for p, s, o in zip(out["presence"], out["status"], out["operator"], strict=True)
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

    Each entry is ``{"label": str, "color": str, "symbol": str}`` with symbol
    one of "operator", "uncertain", "proposed", "temporary", "former".
    """
    entries = []
    shown = styled[styled["presence"] != "former"] if len(styled) else styled
    for code in sorted(set(shown["operator"]), key=lambda c: OPERATORS.get(c, c)):
        entries.append(
            {
                "label": OPERATORS.get(code, code),
                "color": operator_color(code),
                "symbol": "operator",
            }
        )
    extras = [
        (
            "uncertain",
            "dates imprecise around this time",
            (shown["presence"] == "uncertain").any(),
        ),
        ("proposed", "proposed, never realised", (shown["status"] == "proposed").any()),
        ("temporary", "temporary deployment", (shown["status"] == "temporary").any()),
        (
            "former",
            "former site (switch on in the layer control)",
            (styled["presence"] == "former").any() if len(styled) else False,
        ),
    ]
    for symbol, label, used in extras:
        if used:
            entries.append({"label": label, "color": FORMER_COLOR, "symbol": symbol})
    return entries


def records(frame) -> list[dict]:
    """The rows of a (styled) selection as dicts, without the geometry.

    Much faster than ``DataFrame.to_dict("records")``, which boxes every
    cell; the columns here hold Python objects already.

    >>> from basemap.pipeline import presences
    >>> records(presences(year=2005))[0]["label"]
    'Manas (AUS), temporary'
    """
    columns = [c for c in frame.columns if c != "geometry"]
    arrays = [frame[c].to_numpy() for c in columns]
    return [
        dict(zip(columns, values, strict=True)) for values in zip(*arrays, strict=True)
    ]
