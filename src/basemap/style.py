"""Style a selection: colours by operator, labels, symbols and legend.

:func:`style` is the third step of the pipeline. It adds to each row of a
:func:`basemap.select.select` result what the map needs to draw it, so that
the HTML map and any other renderer draw the same thing the same way.

Colours are fixed per known operator and assigned per legend for others
(:func:`legend_colors`), so that no two operators of one map share a
colour and any two without a letter (:func:`legend_styles`) stay apart with
the common colour-vision deficiencies; a former site is grey; an uncertain
presence is drawn with a dashed outline and a pale fill; a proposed one
hollow and dashed; a temporary deployment smaller. :func:`change_text` words
every change, wherever it is reported.

Examples
--------
>>> operator_color("RUS"), operator_color("USA")
('#FF4900', '#5390C0')
>>> legend_colors(["AUS", "KOR"])
{'AUS': '#9E8655', 'KOR': '#6D6DF3'}
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .codes import HOSTS, OPERATORS

if TYPE_CHECKING:
    import geopandas

__all__ = [
    "ALLIANCE_COLORS",
    "BACKGROUND",
    "FORMER_COLOR",
    "GLYPH_DISTANCE",
    "GLYPH_PALETTE",
    "OPERATOR_COLORS",
    "OPERATOR_GLYPHS",
    "SAFE_DISTANCE",
    "SAFE_PALETTE",
    "STATUS_WORDS",
    "alliance_color",
    "alliance_style",
    "change_text",
    "change_words",
    "contrast_ratio",
    "label_text",
    "legend_colors",
    "legend_entries",
    "legend_styles",
    "marker_style",
    "operator_color",
    "records",
    "row_label",
    "style",
]

#: The safe palette: colours that any two operators in one legend can be
#: told apart by, in normal vision and with each of the common colour-vision
#: deficiencies. Each pair, and each colour and :data:`FORMER_COLOR`, is at
#: least :data:`SAFE_DISTANCE` apart in CIEDE2000, in normal vision and after
#: simulating deuteranopia, protanopia and tritanopia (Machado et al. 2009,
#: severity 1); measured 15.3 (normal 18.6, deutan 16.0, protan 16.1, tritan
#: 15.3). Each has a contrast of at least 3:1 (WCAG 2.1, 1.4.11) against the
#: map's background (#EEF3F7) and the markers' white outline. Found by a
#: max-min search over the sRGB cube; ``tests/test_style.py`` measures it
#: again with colour-science.
SAFE_PALETTE: tuple[str, ...] = (
    "#FF4900",  # vermilion
    "#5390C0",  # steel blue
    "#79003D",  # wine
    "#0C6D79",  # teal
    "#554900",  # olive
    "#9E6155",  # rose brown
    "#7900FF",  # violet
    "#183192",  # navy
)
#: The second tier: colours for operators past the safe palette, each drawn
#: with a letter (:data:`OPERATOR_GLYPHS`, or one chosen per legend) as a
#: second cue. Distinct from each other and from the safe palette (at least
#: :data:`GLYPH_DISTANCE` in CIEDE2000 in normal vision and each simulated
#: deficiency: measured 8.3; 8.9 within the 2002 legend), same contrast rule.
GLYPH_PALETTE: tuple[str, ...] = (
    "#E749AA",
    "#C23186",
    "#0C5555",
    "#9E8655",
    "#6D6DF3",
    "#7949B6",
    "#3D3D61",
    "#189E00",
    "#6D3D31",
    "#5500CE",
    "#6D6131",
    "#55866D",
)
#: Minimum CIEDE2000 distance between two safe colours (see SAFE_PALETTE).
SAFE_DISTANCE = 15.0
#: Minimum CIEDE2000 distance between any two colours of the two tiers.
GLYPH_DISTANCE = 8.0

#: Colour of each known operator (every code of :mod:`basemap.codes`): the
#: main operators one safe colour each, the others a second-tier colour and
#: a letter. Any legend of known operators thus has no repeated colour, and
#: its operators without a letter are all a safe distance apart.
OPERATOR_COLORS: dict[str, str] = {
    "RUS": SAFE_PALETTE[0],
    "USA": SAFE_PALETTE[1],
    "CHN": SAFE_PALETTE[2],
    "DEU": SAFE_PALETTE[3],
    "IND": SAFE_PALETTE[4],
    "FRA": SAFE_PALETTE[5],
    "CSTO": SAFE_PALETTE[6],
    "NATO": SAFE_PALETTE[7],
    # the coalition at Manas (2002): the six most distinct second-tier ones
    "NLD": GLYPH_PALETTE[0],
    "DNK": GLYPH_PALETTE[1],
    "NOR": GLYPH_PALETTE[2],
    "AUS": GLYPH_PALETTE[3],
    "KOR": GLYPH_PALETTE[4],
    "ESP": GLYPH_PALETTE[5],
    "GBR": GLYPH_PALETTE[6],
    "ITA": GLYPH_PALETTE[7],
    "TUR": GLYPH_PALETTE[8],
    "POL": GLYPH_PALETTE[9],
    "ARM": GLYPH_PALETTE[10],
    "BLR": GLYPH_PALETTE[11],
}
#: The letters drawn in the markers of known operators with a second-tier
#: colour: their ISO 3166-1 alpha-2 codes (unique, and read as the state).
OPERATOR_GLYPHS: dict[str, str] = {
    "NLD": "NL",
    "DNK": "DK",
    "NOR": "NO",
    "AUS": "AU",
    "KOR": "KR",
    "ESP": "ES",
    "GBR": "GB",
    "ITA": "IT",
    "TUR": "TR",
    "POL": "PL",
    "ARM": "AM",
    "BLR": "BY",
}
#: Colours for alliances without a fixed one, chosen by a stable hash.
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

#: What each status is called wherever it is spelled out (the key, the site
#: pages, the presence chart).
STATUS_WORDS = {
    "base": "base",
    "temporary": "temporary deployment",
    "proposed": "proposed, never realised",
    "reported": "reported, not confirmed",
}

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


def _luminance(color: str) -> float:
    """WCAG relative luminance of a ``#RRGGBB`` colour."""
    channels = []
    for i in (1, 3, 5):
        c = int(color[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#RRGGBB`` colours (1 to 21).

    >>> round(contrast_ratio("#000000", "#FFFFFF"), 1)
    21.0
    >>> all(contrast_ratio(c, BACKGROUND) >= 3 for c in SAFE_PALETTE + GLYPH_PALETTE)
    True
    """
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


#: The map's background (land and sea), against which colours must stand out.
BACKGROUND = "#EEF3F7"


def _generated(k: int) -> str:
    """The ``k``-th colour past both palettes (golden-ratio hues, darkened
    until they keep a 3:1 contrast against the background)."""
    import colorsys

    hue = (k * 0.618033988749895) % 1.0
    for lightness in (0.42, 0.38, 0.34, 0.30, 0.26, 0.22):
        r, g, b = colorsys.hls_to_rgb(hue, lightness, 0.7)
        color = "#{:02X}{:02X}{:02X}".format(*(round(c * 255) for c in (r, g, b)))
        if contrast_ratio(color, BACKGROUND) >= 3:
            return color
    return color


def _glyph_for(code: str, taken: set[str]) -> str:
    """A letter (or two) for an operator without a fixed one: its first
    letter, else its first two, else its code, unique in the legend."""
    text = code.strip().upper() or "?"
    for glyph in (text[:1], text[:2], text[:4], text):
        if glyph not in taken:
            return glyph
    n = 2
    while f"{text[:1]}{n}" in taken:
        n += 1
    return f"{text[:1]}{n}"


def legend_styles(operators: Iterable[str]) -> dict[str, dict]:
    """The colour and second cue of every operator of one legend.

    Known operators keep their fixed colour (:data:`OPERATOR_COLORS`) and
    letter (:data:`OPERATOR_GLYPHS`). Unknown ones (user data), taken in
    code order, get the safe colours no operator of the legend uses, then
    the second-tier colours and then generated ones, these two with a
    letter. So no two operators of one legend share a colour, and any two
    without a letter are a safe distance apart. Deterministic: the result
    depends only on the set of codes.

    Returns
    -------
    dict
        Code -> ``{"color": "#RRGGBB", "glyph": str or None, "glyph_color":
        "#RRGGBB" or None}`` (``glyph_color``: white or near black, whichever
        reads better on the colour).

    Examples
    --------
    >>> legend_styles(["KOR", "RUS"])["KOR"]
    {'color': '#6D6DF3', 'glyph': 'KR', 'glyph_color': '#1A1A1A'}
    >>> legend_styles(["RUS", "XYZ"])["XYZ"]["color"] == SAFE_PALETTE[1]
    True
    """
    codes = sorted(set(operators))
    out: dict[str, dict] = {}
    used: set[str] = set()
    taken: set[str] = set()
    for code in codes:
        if code in OPERATOR_COLORS:
            out[code] = {
                "color": OPERATOR_COLORS[code],
                "glyph": OPERATOR_GLYPHS.get(code),
            }
            used.add(OPERATOR_COLORS[code])
            if code in OPERATOR_GLYPHS:
                taken.add(OPERATOR_GLYPHS[code])
    safe = (c for c in SAFE_PALETTE if c not in used)
    second = (c for c in GLYPH_PALETTE if c not in used)
    k = 0
    for code in codes:
        if code in out:
            continue
        color = next(safe, None)
        glyph = None
        if color is None:
            color = next(second, None)
            while color is None or color in used:
                color = _generated(k)
                k += 1
            glyph = _glyph_for(code, taken)
            taken.add(glyph)
        used.add(color)
        out[code] = {"color": color, "glyph": glyph}
    for entry in out.values():
        entry["glyph_color"] = (
            None
            if entry["glyph"] is None
            else "#FFFFFF"
            if contrast_ratio(entry["color"], "#FFFFFF")
            >= contrast_ratio(entry["color"], "#1A1A1A")
            else "#1A1A1A"
        )
    return {code: out[code] for code in codes}


def legend_colors(operators: Iterable[str]) -> dict[str, str]:
    """The colour of every operator of one legend (see :func:`legend_styles`).

    >>> colors = legend_colors(["AUS", "DNK", "ESP", "FRA", "KOR", "NLD", "NOR", "USA"])
    >>> len(set(colors.values()))
    8
    >>> legend_colors(["RUS"])
    {'RUS': '#FF4900'}
    """
    return {code: s["color"] for code, s in legend_styles(operators).items()}


def operator_color(code: str) -> str:
    """Return the colour of one operator: its fixed colour if it has one,
    else its colour in a legend of its own. For a map, use
    :func:`legend_colors` with every operator of its legend.

    >>> operator_color("RUS"), operator_color("USA")
    ('#FF4900', '#5390C0')
    """
    return OPERATOR_COLORS.get(code) or legend_colors([code])[code]


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


#: What an opening or a closing is called, by the status of the period.
_CHANGE_WORDS = {
    "proposed": {"opened": "proposed", "closed": "dropped"},
    "temporary": {"opened": "arrived", "closed": "left"},
    "reported": {"opened": "reported", "closed": "no longer reported"},
}
_INHERITED = "inherited from the Soviet forces"
#: The attributes a "changed" reports, in this order.
_ATTRIBUTE_WORDS = {
    "name": "name",
    "label": "short name",
    "kind": "kind",
    "status": "status",
    "personnel": "personnel",
    "equipment": "equipment",
    "units": "units",
    "aliases": "other names",
}


def _attribute_text(attribute: dict) -> str:
    field = _ATTRIBUTE_WORDS.get(attribute["field"], attribute["field"])
    before, after = attribute.get("before"), attribute.get("after")
    if isinstance(before, str | None) and isinstance(after, str | None):
        if before is None:
            return f"{field} {after} (new)"
        if after is None:
            return f"{field} {before} (no longer given)"
        return f"{field} {before} → {after}"
    return field


def change_text(change) -> str:
    """The words for a change, the one wording every report of it uses.

    ``change`` is a change record of a selection row (the ``changes`` of
    :func:`basemap.select.select`, or of
    :func:`basemap.report.changes_between`): ``kind`` ("inherited",
    "opened", "changed" or "closed"), ``status`` of the period it concerns,
    ``uncertain`` (True when the date that makes it fall in this year or
    day may fall outside it) and, for "changed", ``attributes`` (field,
    before, after) and ``date``; or a list of them (joined by "and").

    An opening of a proposal says "proposed", its closing "dropped"; of a
    temporary deployment, "arrived" and "left"; a presence that began at or
    before independence (see :data:`basemap.select.INDEPENDENCE`) was
    "inherited from the Soviet forces". A "changed" says what changed.

    Examples
    --------
    >>> change_text({"kind": "closed", "status": "base"})
    'closed'
    >>> change_text({"kind": "closed", "status": "proposed", "uncertain": True})
    'dropped (date uncertain)'
    >>> change_text([{"kind": "opened", "status": "temporary"},
    ...              {"kind": "closed", "status": "temporary"}])
    'arrived and left'
    >>> change_text([{"kind": "opened", "status": "temporary"},
    ...              {"kind": "closed", "status": "temporary"},
    ...              {"kind": "opened", "status": "temporary"}])
    'arrived, left and arrived'
    >>> change_text({"kind": "inherited", "status": "base", "uncertain": True})
    'inherited from the Soviet forces (date uncertain)'
    >>> change_text({"kind": "changed", "status": "base", "attributes": [
    ...     {"field": "status", "before": "temporary", "after": "base"},
    ...     {"field": "personnel", "before": "400", "after": "500"},
    ...     {"field": "equipment", "before": ["3 Su-27"], "after": ["Su-25"]}]})
    'changed: status temporary → base; personnel 400 → 500; equipment'
    >>> change_text({"kind": "changed", "status": "base", "date": "2004-01-09",
    ...              "attributes": []})
    'changed: new period from 2004-01-09'
    """
    if isinstance(change, list | tuple):
        texts = [change_text(c) for c in change]
        return " and ".join([", ".join(texts[:-1]), texts[-1]] if texts[1:] else texts)
    kind, status = change["kind"], change.get("status") or "base"
    if kind == "inherited":
        text = _INHERITED
    elif kind == "changed":
        parts = [_attribute_text(a) for a in change.get("attributes") or ()]
        if not parts:
            parts = [f"new period from {change.get('date') or 'this time'}"]
        text = "changed: " + "; ".join(parts)
    else:
        text = _CHANGE_WORDS.get(status, {}).get(kind, kind)
    if change.get("uncertain"):
        text += " (date uncertain)"
    return text


def change_words(change: str, status: str) -> str:
    """How a change given as kinds ("opened", "opened and closed", the
    ``change`` of a selection row) reads for a presence of this status,
    by :func:`change_text`. Already-worded text is kept as it is.

    >>> change_words("opened", "proposed")
    'proposed'
    >>> change_words("opened and closed", "temporary")
    'arrived and left'
    >>> change_words("closed", "base")
    'closed'
    >>> change_words("inherited", "base")
    'inherited from the Soviet forces'
    >>> change_words("dropped (date uncertain)", "proposed")
    'dropped (date uncertain)'
    """
    if not change:
        return ""
    kinds = ("inherited", "opened", "changed", "closed")
    return " and ".join(
        change_text({"kind": w, "status": status}) if w in kinds else w
        for w in change.split(" and ")
    )


def label_text(
    short: str, operator: str, status: str, presence: str, change: str
) -> str:
    """The label drawn next to a marker.

    ``change`` is the row's change as worded by :func:`change_text` (the
    ``change_text`` of a styled row), or as kinds (worded here). A proposal
    is "proposed" until it is dropped: its label then says "dropped", not
    "proposed ... dropped".

    >>> label_text("Karshi-Khanabad", "USA", "base", "present", "closed")
    'Karshi-Khanabad (USA): closed'
    >>> label_text("Osh", "RUS", "proposed", "present", "opened")
    'Osh (RUS), proposed'
    >>> label_text("Osh", "RUS", "proposed", "uncertain", "dropped (date uncertain)")
    'Osh (RUS) ?: dropped (date uncertain)'
    >>> label_text("Ayni", "IND", "base", "uncertain", "")
    'Ayni (IND) ?'
    >>> label_text("Manas", "AUS", "temporary", "present", "arrived and left")
    'Manas (AUS), temporary: arrived and left'
    >>> label_text("Shaymak", "CHN", "reported", "present", "")
    'Shaymak (CHN), reported'
    """
    return _label(short, operator, status, presence, change_words(change, status))


def _label(short: str, operator: str, status: str, presence: str, words: str) -> str:
    """:func:`label_text` of a change already worded by :func:`change_text`."""
    text = f"{short} ({operator})"
    if status == "temporary":
        text += ", temporary"
    elif status in ("proposed", "reported"):
        if words.startswith(status):  # "Osh (RUS), proposed" says it all
            text += f", {words}"
            words = ""
        elif not words:
            text += f", {status}"
    if presence == "uncertain":
        text += " ?"
    if words:
        text += f": {words}"
    return text


def row_label(row) -> str:
    """The label of a selection row: :func:`label_text` of its last period's
    label (or name), operator, status, presence and change (its
    ``change_text`` once styled). The page derives the same label from a
    compact feature (``basemapExpand`` in basemap.js).
    """
    last = row["periods"][-1]
    words = row.get("change_text")
    return _label(
        last.get("label") or last["name"],
        row["operator"],
        row["status"],
        row["presence"],
        change_words(row["change"], row["status"]) if words is None else words,
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
        As returned by :func:`basemap.select.select`.
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
    cues = legend_styles(
        set(out["operator"]) | (set(legend) if legend is not None else set())
    )
    former = [p == "former" for p in out["presence"]]
    out["color"] = [
        FORMER_COLOR if f else cues[o]["color"]
        for o, f in zip(out["operator"], former, strict=True)
    ]
    for col in ("glyph", "glyph_color"):  # None where none (not NaN)
        out[col] = pd.Series(
            [
                None if f else cues[o][col]
                for o, f in zip(out["operator"], former, strict=True)
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
            for c, s in zip(out["change"], out["status"], strict=True)
        ]
    out["label"] = [row_label(row) for row in records(out)]
    out["host_name"] = [HOSTS.get(h, (h,))[0] for h in out["host"]]
    out["marker"] = [
        marker_style(p, s, cues[o]["color"], cues[o]["glyph"], cues[o]["glyph_color"])
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
        glyphs = shown["glyph"] if "glyph" in shown.columns else [None] * len(shown)
        glyph_colors = (
            shown["glyph_color"]
            if "glyph_color" in shown.columns
            else [None] * len(shown)
        )
        for code, color, glyph, glyph_color in zip(
            shown["operator"], shown["color"], glyphs, glyph_colors, strict=True
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
