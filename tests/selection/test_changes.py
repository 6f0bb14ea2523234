"""Reports: the list (table, CSV, JSON) and the changes of a year, in the
words every other report of a change uses (style.change_text)."""

import csv
import io

import pytest

from basemap.output.listing import format_presences
from basemap.pipeline import compare_years
from basemap.selection.changes import changes_between
from basemap.selection.sites import data_years, select
from basemap.styling.symbols import style
from basemap.wording import change_text, label_words

from ..conftest import DATA
from .test_sites import made_layers


@pytest.fixture(scope="module")
def sample():
    from basemap.io.layers import read_layers

    return read_layers(DATA / "valid" / "sample.geojson")


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    return made_layers(
        tmp_path_factory.mktemp("made"),
        [
            ("soviet-1", "soviet", "RUS", "1992?", "2004-01-08", "base"),
            ("soviet-2", "soviet", "RUS", "2004-01-09", None, "base"),
            ("osh-1", "osh", "RUS", "2005-05", "2011?", "proposed"),
            ("camp-1", "camp", "AUS", "2002-03", "2002-04", "temporary"),
            ("kulob-1", "kulob", "RUS", "2004-10-16", "2015-12~", "base"),
        ],
    )


def year_changes(layers, year):
    return {
        (c["site"], c["operator"]): c["change"]
        for c in changes_between(
            style(select(layers, year=year - 1)),
            style(select(layers, year=year)),
            year,
        )
    }


def listed(layers, year, fmt="csv"):
    text = format_presences(style(select(layers, year=year)), fmt)
    return {(r["site"], r["operator"]): r for r in csv.DictReader(io.StringIO(text))}


def test_inherited_is_not_opened(made):
    assert year_changes(made, 1991)[("soviet", "RUS")] == (
        "inherited from the Soviet forces (date uncertain)"
    )
    assert listed(made, 1991)[("soviet", "RUS")]["change"] == (
        "inherited from the Soviet forces (date uncertain)"
    )
    label = style(select(made, year=1991)).set_index("key").loc["soviet/RUS", "label"]
    # the label says it short; the report and the popup in full
    assert label == "soviet (RUS) ?: ex-Soviet (date uncertain)"


def test_an_uncertain_end_says_so_wherever_it_is_reported(made):
    words = "closed (date uncertain)"
    assert year_changes(made, 2016)[("kulob", "RUS")] == words
    assert listed(made, 2016)[("kulob", "RUS")]["change"] == words
    styled = style(select(made, year=2016)).set_index("key")
    assert styled.loc["kulob/RUS", "change_text"] == words
    assert styled.loc["kulob/RUS", "label"] == f"kulob (RUS) ?: {words}"
    table = format_presences(style(select(made, year=2016)), "table")
    assert words in table


def test_a_proposal_is_proposed_and_dropped_everywhere(made):
    for year, words in ((2005, "proposed"), (2012, "dropped (date uncertain)")):
        assert year_changes(made, year)[("osh", "RUS")] == words
        assert listed(made, year)[("osh", "RUS")]["change"] == words
        row = style(select(made, year=year)).set_index("key").loc["osh/RUS"]
        assert row["change_text"] == words
    labels = [
        style(select(made, year=y)).set_index("key").loc["osh/RUS", "label"]
        for y in (2005, 2008, 2012)
    ]
    assert labels == [
        "osh (RUS), proposed",
        "osh (RUS), proposed",
        "osh (RUS) ?: dropped (date uncertain)",
    ]


def test_a_deployment_arrives_and_leaves(made):
    assert listed(made, 2002)[("camp", "AUS")]["change"] == "arrived and left"
    rows = changes_between(
        style(select(made, year=2001)), style(select(made, year=2002)), 2002
    )
    assert [c["change"] for c in rows if c["site"] == "camp"] == ["arrived", "left"]


def test_changed_says_what_changed(made, sample):
    # a new period: what differs (here, only the name)
    assert year_changes(made, 2004)[("soviet", "RUS")] == (
        "changed: name soviet soviet-1 → soviet soviet-2"
    )
    manas = year_changes(sample, 2009)[("manas", "USA")]
    assert manas == (
        "changed: name Ganci Air Base (Manas Air Base) → Transit Center at Manas; "
        "kind air base → transit centre"
    )
    assert listed(sample, 2009)[("manas", "USA")]["change"] == manas


def test_compare_years_across_a_gap(sample):
    got = {
        (c["site"], c["operator"]): c["change"]
        for c in compare_years(sample, 2004, 2010)
    }
    assert got[("karshi-khanabad", "USA")] == "closed"
    assert got[("manas", "USA")].startswith("changed: name Ganci Air Base")
    assert "(date uncertain)" not in got[("manas", "USA")]  # 2009-07~ is in 2005-2010


def test_every_report_of_the_bundled_data_agrees_with_the_map(layers):
    """The CSV and the index report what each year's labels say, in the
    same year and the same words; no proposal is "opened" or "closed"."""
    first, last = data_years(layers)
    before = style(select(layers, year=first - 1))
    for year in range(first, last + 1):
        now = style(select(layers, year=year))
        rows = {r["key"]: r for _, r in now.iterrows()}
        for c in changes_between(before, now, year):
            row = rows[f"{c['site']}/{c['operator']}"]
            assert c["change"] == change_text(
                [x for x in row["changes"] if change_text(x) == c["change"]][:1]
            ), (year, c)
            if not c["change"].startswith("changed"):
                assert c["change"] in row["change_text"], (year, c)
                assert label_words(c["change"]) in row["label"], (year, c)
            if row["status"] == "proposed":
                assert c["change"].split(" (")[0] in ("proposed", "dropped"), c
        before = now
