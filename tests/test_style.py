"""Styling: colours, labels, label sides, legend."""

from basemap.read import read_layers
from basemap.select import select
from basemap.style import FORMER_COLOR, legend_entries, operator_color, style

from .conftest import DATA


def styled(year):
    return style(select(read_layers(DATA / "valid" / "sample.geojson"), year=year))


def test_colours_by_operator_and_grey_former():
    s = styled(2006).set_index("key")
    assert s.loc["kant/RUS", "color"] == operator_color("RUS") == "#D55E00"
    assert s.loc["manas/USA", "color"] == "#0072B2"
    assert s.loc["karshi-khanabad/USA", "color"] == FORMER_COLOR


def test_labels_are_short_and_say_what_changed():
    s = styled(2005).set_index("key")
    assert s.loc["kant/RUS", "label"] == "Kant (RUS)"
    assert s.loc["karshi-khanabad/USA", "label"] == "Karshi-Khanabad (USA): closed"
    assert styled(2001).set_index("key").loc["ayni/IND", "label"] == "Ayni (IND) ?"


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
