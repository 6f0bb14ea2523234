"""What an export will write, and whether it may (basemap.exportplan)."""

from __future__ import annotations

import pytest

from basemap.errors import OptionError, OutputError
from basemap.exporter.plan import (
    check_base_url,
    check_name,
    check_outputs,
    plan_years,
    planned_outputs,
)
from basemap.io.layers import read_layers

from ..conftest import DATA

SAMPLE = DATA / "valid" / "sample.geojson"


@pytest.mark.parametrize(
    ("template", "stem"),
    [
        ("{year}", "{year}"),
        ("map-{year}.html", "map-{year}"),
        ("{year}_ca", "{year}_ca"),
    ],
)
def test_a_name_template_gives_the_stem(template, stem):
    assert check_name(template) == stem


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("map.html", "must contain {year}"),
        ("{year}-{when}", "may only use {year}"),
        ("../{year}", "must be a plain file name"),
        (".{year}", "must be a plain file name"),
        ("a/{year}", "must be a plain file name"),
    ],
)
def test_a_bad_name_template_says_why(template, message):
    with pytest.raises(OptionError, match=message.replace("{", r"\{")):
        check_name(template)


def test_the_base_url_is_http_and_ends_with_a_slash():
    assert check_base_url(None) == ""
    assert check_base_url("https://example.org/maps") == "https://example.org/maps/"
    assert check_base_url("http://example.org/") == "http://example.org/"
    for bad in ("javascript:alert(1)", "ftp://example.org/", "https://a b/"):
        with pytest.raises(OptionError, match="must be an http"):
            check_base_url(bad)


def test_the_years_default_to_the_data_and_are_checked():
    layers = read_layers(SAMPLE)
    years = plan_years(layers, None, None)
    assert (years[0], years[-1]) == (2001, 2026)  # earliest start, as_of
    assert plan_years(layers, 2004, 2006) == [2004, 2005, 2006]
    with pytest.raises(OptionError, match="--from 2010 is after --to 2005"):
        plan_years(layers, 2010, 2005)
    with pytest.raises(OptionError, match="too many"):
        plan_years(layers, 1000, 1600)


def test_the_planned_files_follow_the_formats():
    html = planned_outputs([2004, 2005], "{year}", ["html"])
    assert html[:3] == ["2004.html", "2005.html", "timeline.html"]
    assert "compare.html" in html and "thumbs/2005.png" in html
    assert not [n for n in html if n.endswith((".svg", ".pdf", ".gif"))]
    every = planned_outputs([2005], "map-{year}", ["png", "svg", "pdf", "gif"])
    for name in ("map-2005.png", "map-2005.svg", "map-2005.pdf", "years.gif"):
        assert name in every
    assert {"presence.png", "presence.pdf"} <= set(every)
    assert "compare.html" not in every  # one year: nothing to compare
    assert len(every) == len(set(every))


def test_a_file_basemap_did_not_write_is_never_replaced(tmp_path):
    (tmp_path / "2005.html").write_text("someone's page")
    with pytest.raises(OutputError, match="1 existing file that basemap did not"):
        check_outputs(tmp_path, ["2005.html"], [SAMPLE], force=False)
    check_outputs(tmp_path, ["2005.html"], [SAMPLE], force=True)  # told to
    file = tmp_path / "a-file"
    file.write_text("")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        check_outputs(file, ["2005.html"], [SAMPLE], force=False)
