"""Colours: the safe palette, operators' and alliances' colours, contrast.

The colours every drawing of basemap uses (the web map, the figures, the
site pages, the presence chart): fixed per known operator, assigned per
legend for others (:func:`legend_colors`) so that no two operators of one
map share a colour and any two without a letter (:func:`legend_styles`)
stay apart with the common colour-vision deficiencies; grey for a former
site; a light shading per organisation for its members.

Examples
--------
>>> operator_color("RUS"), operator_color("USA")
('#FF4900', '#5390C0')
>>> legend_colors(["AUS", "KOR"])
{'AUS': '#9E8655', 'KOR': '#6D6DF3'}
>>> contrast_ratio("#000000", "#FFFFFF")
21.0
"""

from __future__ import annotations

import colorsys
import hashlib
from collections.abc import Iterable

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
    "alliance_color",
    "alliance_style",
    "contrast_ratio",
    "legend_colors",
    "legend_styles",
    "operator_color",
]

#: The safe palette: colours that any two operators in one legend can be
#: told apart by, in normal vision and with each of the common colour-vision
#: deficiencies. Each pair, and each colour and :data:`FORMER_COLOR`, is at
#: least :data:`SAFE_DISTANCE` apart in CIEDE2000, in normal vision and after
#: simulating deuteranopia, protanopia and tritanopia (Machado et al. 2009,
#: severity 1); measured 15.3 (normal 18.6, deutan 16.0, protan 16.1, tritan
#: 15.3). Each has a contrast of at least 3:1 (WCAG 2.1, 1.4.11) against the
#: map's background (#EEF3F7) and the markers' white outline. Found by a
#: max-min search over the sRGB cube; ``tests/styling/test_symbols.py`` measures it
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

#: Fixed colours of the bundled data's operators and of the organisations:
#: the main operators one safe colour each, the others a second-tier colour
#: and a letter. Any legend of them has no repeated colour, and its
#: operators without a letter are all a safe distance apart. Every other
#: state (any code of :mod:`basemap.codes`) gets its colour per legend
#: (:func:`legend_colors`), by the same rules.
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
    # the Kazakh and Kyrgyz battalions in Tajikistan (1992-2001): past both
    # palettes, each with a letter; at least GLYPH_DISTANCE from every colour
    # of the bundled data's legends (tests/test_style.py measures it)
    "KAZ": "#709010",
    "KGZ": "#B02030",
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
    "KAZ": "KZ",
    "KGZ": "KG",
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

#: Shading of each organisation's members (a successor keeps the colour of
#: the organisation it grew from). Fills are light, under the markers.
ALLIANCE_COLORS: dict[str, str] = {
    "cst": "#7B3294",
    "csto": "#7B3294",
    "shanghai-five": "#1B7837",
    "sco": "#1B7837",
    "eurasec": "#B35806",
}


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
