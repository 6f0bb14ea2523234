"""Styling: colours (safe for colour-vision deficiencies), labels, label
sides, legend."""

import itertools

import pandas as pd
import pytest

from basemap.codes import OPERATORS
from basemap.io.layers import read_layers
from basemap.selection.sites import data_years, select
from basemap.styling.palette import (
    BACKGROUND,
    FORMER_COLOR,
    GLYPH_DISTANCE,
    GLYPH_PALETTE,
    OPERATOR_COLORS,
    OPERATOR_GLYPHS,
    SAFE_DISTANCE,
    SAFE_PALETTE,
    contrast_ratio,
    legend_colors,
    legend_styles,
    operator_color,
)
from basemap.styling.symbols import legend_entries, style

from ..conftest import DATA

colour = pytest.importorskip("colour", reason="colour-science (the test extra)")

# Machado et al. (2009) model tritanopia as an approximation (colour-science
# says so in a warning): the tritan check is that model's, at severity 1.
pytestmark = pytest.mark.filterwarnings("ignore::colour.utilities.ColourUsageWarning")

VISIONS = ("normal", "Deuteranomaly", "Protanomaly", "Tritanomaly")


def lab(hexes: list[str], vision: str):
    """CIELAB (D65) of sRGB colours as seen in ``vision``: normal, or a
    deficiency simulated at severity 1 (Machado et al. 2009, applied to
    linear RGB)."""
    import numpy as np

    rgb = np.array([[int(h[i : i + 2], 16) / 255 for i in (1, 3, 5)] for h in hexes])
    linear = colour.cctf_decoding(rgb, function="sRGB")
    if vision != "normal":
        matrix = colour.blindness.matrix_cvd_Machado2009(vision, 1.0)
        linear = np.clip(linear @ matrix.T, 0, 1)
    xyz = colour.RGB_to_XYZ(
        linear, colour.RGB_COLOURSPACES["sRGB"], apply_cctf_decoding=False
    )
    d65 = colour.CCS_ILLUMINANTS["CIE 1931 2 Degree Standard Observer"]["D65"]
    return colour.XYZ_to_Lab(xyz, d65)


def distances(hexes: list[str]) -> dict[tuple[str, str], float]:
    """The smallest CIEDE2000 distance of each pair over the four visions."""
    out = {pair: float("inf") for pair in itertools.combinations(hexes, 2)}
    for vision in VISIONS:
        values = dict(zip(hexes, lab(hexes, vision), strict=True))
        for a, b in out:
            d = float(colour.delta_E(values[a], values[b], method="CIE 2000"))
            out[a, b] = min(out[a, b], d)
    return out


def styled(year):
    return style(select(read_layers(DATA / "valid" / "sample.geojson"), year=year))


def test_the_measure_is_ciede2000():
    # Sharma, Wu and Dalal (2005), pair 1 of their test data
    d = colour.delta_E([50, 2.6772, -79.7751], [50, 0, -82.7485], method="CIE 2000")
    assert round(float(d), 4) == 2.0425
    # a dichromat confuses red and green that normal vision tells apart
    red_green = distances(["#D62728", "#2CA02C"])
    assert red_green[("#D62728", "#2CA02C")] < 15


def test_safe_palette_is_apart_in_every_vision_and_from_former_grey():
    pairs = distances([*SAFE_PALETTE, FORMER_COLOR])
    worst = min(pairs.values())
    assert worst >= SAFE_DISTANCE, min(pairs, key=pairs.get)
    assert SAFE_DISTANCE >= 15


def test_every_palette_colour_is_distinct_and_stands_out():
    colors = [*SAFE_PALETTE, *GLYPH_PALETTE, FORMER_COLOR]
    assert len(set(colors)) == len(colors)
    pairs = distances(colors)
    assert min(pairs.values()) >= GLYPH_DISTANCE, min(pairs, key=pairs.get)
    for c in [*SAFE_PALETTE, *GLYPH_PALETTE]:
        assert contrast_ratio(c, BACKGROUND) >= 3, c
        assert contrast_ratio(c, "#FFFFFF") >= 3, c  # the markers' outline


def test_every_fixed_colour_is_a_known_operators_own():
    assert set(OPERATOR_COLORS) <= set(OPERATORS)
    # the bundled data's operators and the organisations all have one
    assert {"RUS", "USA", "CHN", "KAZ", "KGZ", "NATO", "CSTO"} <= set(OPERATOR_COLORS)
    assert len(set(OPERATOR_COLORS.values())) == len(OPERATOR_COLORS)
    safe = {c for c, v in OPERATOR_COLORS.items() if v in SAFE_PALETTE}
    # an operator past the safe palette carries a letter, one of its own
    assert set(OPERATOR_GLYPHS) == set(OPERATOR_COLORS) - safe
    assert len(set(OPERATOR_GLYPHS.values())) == len(OPERATOR_GLYPHS)


def test_states_without_a_fixed_colour_get_a_safe_legend():
    """Any ISO state may operate: those without a fixed colour (a legend of
    the Gulf, with Russia and the United States) get colours that no other
    operator of the legend has, told apart in every vision or by a letter."""
    codes = ["RUS", "USA", "TUR", "ARE", "SAU", "QAT", "IRN", "ISR", "EGY", "JPN"]
    assert all(c in OPERATORS for c in codes)
    got = legend_styles(codes)
    assert got["RUS"]["color"] == OPERATOR_COLORS["RUS"]
    check_legend([{"symbol": "operator", **got[c]} for c in codes], "the Gulf")


def check_legend(entries, where):
    operators = [e for e in entries if e["symbol"] == "operator"]
    colors = [e["color"] for e in operators]
    assert len(set(colors)) == len(colors), (where, colors)
    pairs = distances([*colors, FORMER_COLOR])
    cue = {e["color"]: e["glyph"] for e in operators}
    for (a, b), d in pairs.items():
        glyphs = {cue.get(a), cue.get(b)} - {None}
        if not glyphs:
            assert d >= SAFE_DISTANCE, (where, a, b, d)
        else:  # told apart by the letter too
            assert d >= GLYPH_DISTANCE, (where, a, b, d)
            assert cue.get(a) != cue.get(b), (where, a, b)


def test_every_legend_of_the_bundled_data_is_safe(layers):
    first, last = data_years(layers)
    frames = {y: style(select(layers, year=y)) for y in range(first, last + 1)}
    for year, frame in frames.items():
        check_legend(legend_entries(frame), year)
    # the timeline's legend: every year at once
    check_legend(legend_entries(pd.concat(frames.values())), "all years")
    # issue 11: Australia and South Korea, in one legend in 2002
    entries = {e["label"]: e for e in legend_entries(frames[2002])}
    assert entries["Australia"]["color"] != entries["South Korea"]["color"]
    assert (entries["Australia"]["glyph"], entries["South Korea"]["glyph"]) == (
        "AU",
        "KR",
    )


def test_twenty_unknown_operators_never_share_a_colour():
    codes = [f"X{i:02d}" for i in range(20)]
    got = legend_styles(codes)
    colors = [got[c]["color"] for c in codes]
    assert len(set(colors)) == 20
    # the safe palette first, without a letter; then a letter as second cue
    assert colors[:8] == list(SAFE_PALETTE)
    assert all(got[c]["glyph"] is None for c in codes[:8])
    glyphs = [got[c]["glyph"] for c in codes[8:]]
    assert all(glyphs) and len(set(glyphs)) == len(glyphs)
    assert glyphs[:2] == ["X", "X0"]
    check_legend([{"symbol": "operator", **got[c]} for c in codes], "twenty unknown")


def test_past_both_palettes_colours_are_generated_distinct_and_contrasted():
    codes = [f"U{i:02d}" for i in range(40)]
    got = legend_styles(codes)
    colors = [s["color"] for s in got.values()]
    assert len(set(colors)) == 40
    assert all(contrast_ratio(c, BACKGROUND) >= 3 for c in colors)
    assert all(s["glyph"] for s in list(got.values())[20:])


def test_unknown_operators_take_colours_no_known_one_in_the_legend_uses():
    got = legend_colors(["RUS", "USA", "ZZZ", "AAA"])
    assert got["RUS"] == OPERATOR_COLORS["RUS"] and got["USA"] == OPERATOR_COLORS["USA"]
    assert {got["AAA"], got["ZZZ"]} == set(SAFE_PALETTE[2:4])
    assert len(set(got.values())) == 4
    # deterministic: the set decides, not the order or repetitions
    assert legend_colors(["AAA", "ZZZ", "USA", "RUS", "AAA"]) == got
    # one code on its own: its colour in a legend of its own
    assert operator_color("ZZZ") == SAFE_PALETTE[0]
    assert operator_color("KOR") == OPERATOR_COLORS["KOR"]


def test_style_gives_a_legend_no_repeated_colour_and_draws_letters():
    sel = select(read_layers(DATA / "valid" / "sample.geojson"), year=2009)
    sel = sel[sel["presence"] != "former"]
    rows = []
    for i in range(12):
        rows.append(sel.iloc[[i % len(sel)]].assign(operator=f"Q{i:02d}"))
    frame = style(pd.concat(rows, ignore_index=True))
    entries = [e for e in legend_entries(frame) if e["symbol"] == "operator"]
    assert len(entries) == 12
    assert len({e["color"] for e in entries}) == 12
    with_letter = [e for e in entries if e["glyph"]]
    assert len(with_letter) == 4
    marker = frame.set_index("operator").loc[with_letter[0]["label"], "marker"]
    assert marker["glyph"] == with_letter[0]["glyph"]
    assert marker["glyphColor"] in ("#FFFFFF", "#1A1A1A")
    # a timeline styles each year with every year's operators: one colour each
    few = style(pd.concat(rows[10:], ignore_index=True), legend=frame["operator"])
    assert set(few["color"]) <= {e["color"] for e in entries[10:]}


def test_colours_by_operator_and_grey_former():
    s = styled(2006).set_index("key")
    assert s.loc["kant/RUS", "color"] == operator_color("RUS") == SAFE_PALETTE[0]
    assert s.loc["manas/USA", "color"] == OPERATOR_COLORS["USA"]
    assert s.loc["karshi-khanabad/USA", "color"] == FORMER_COLOR
    assert s.loc["karshi-khanabad/USA", "glyph"] is None


def test_labels_are_short_and_say_what_changed():
    s = styled(2005).set_index("key")
    assert s.loc["kant/RUS", "label"] == "Kant (RUS)"
    assert s.loc["karshi-khanabad/USA", "label"] == "Karshi-Khanabad (USA): closed"
    assert s.loc["karshi-khanabad/USA", "change_text"] == "closed"
    # Ayni: "2002?", first shown in 2001, an opening whose date is uncertain
    ayni = styled(2001).set_index("key").loc["ayni/IND"]
    assert ayni["label"] == "Ayni (IND) ?: opened (date uncertain)"
    assert styled(2010).set_index("key").loc["ayni/IND", "label"] == "Ayni (IND)"


def test_a_renaming_is_not_in_the_label_but_in_change_text_it_is_not_either():
    manas = styled(2009).set_index("key").loc["manas/USA"]
    assert manas["label"] == "Manas (USA)"
    assert manas["change_text"] == ""  # what the marker says; see report
    assert [c["kind"] for c in manas["changes"]] == ["changed"]


def test_neighbours_get_labels_on_different_sides():
    s = styled(2005).set_index("key")
    # Manas and Kant are 30 km apart: Manas (west) left, Kant right
    assert s.loc["manas/USA", "label_direction"] == "left"
    assert s.loc["kant/RUS", "label_direction"] == "right"


def test_uncertain_marker_is_dashed_and_pale():
    s = styled(2001).set_index("key")
    assert s.loc["ayni/IND", "marker"]["dashArray"] == "3 3"
    assert s.loc["ayni/IND", "marker"]["fillOpacity"] < 0.5
    assert s.loc["manas/USA", "marker"]["dashArray"] is None


def test_legend_lists_operators_shown_then_symbols():
    entries = legend_entries(styled(2006))
    assert [e["label"] for e in entries] == [
        "India",
        "Russia",
        "United States",
        "former site (switch on in the layer control)",
    ]
    assert legend_entries(styled(2001))[-1]["symbol"] == "uncertain"
