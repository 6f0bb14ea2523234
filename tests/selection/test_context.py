"""Events and alliances sliced to a year or a day (:mod:`basemap.selection.context`)."""

from __future__ import annotations

import pytest

from basemap.selection.context import select_alliances

# -- alliances: an organisation that changed its name is one ---------------


@pytest.fixture(scope="module")
def context():
    from basemap.io.context import read_context

    return read_context()


def test_an_organisation_succeeded_in_the_year_is_one_entry(context):
    orgs = select_alliances(context, 2002)
    ids = [o["id"] for o in orgs]
    assert "cst" not in ids and ids.count("csto") == 1
    csto = orgs[ids.index("csto")]
    assert csto["short"] == "CSTO (CST until 2002-10-06)"
    assert csto["name"] == (
        "Collective Security Treaty Organization"
        " (Collective Security Treaty until 2002-10-06)"
    )
    assert csto["predecessor"]["id"] == "cst"
    # the members carried over: they neither left nor joined
    assert [(m["member"], m["changes"]) for m in csto["members"]] == [
        ("KAZ", []),
        ("KGZ", []),
        ("RUS", []),
        ("TJK", []),
    ]
    # before and after the year of the succession, each under its own name
    assert next(o["short"] for o in select_alliances(context, 2001)) == "CST"
    assert next(o["short"] for o in select_alliances(context, 2003)) == "CSTO"
    # on a day only one of them exists
    on_day = select_alliances(context, when="2002-10-06")
    assert next(o["id"] for o in on_day) == "cst"


def test_a_founding_member_of_the_successor_joined_it(context):
    sco = {o["id"]: o for o in select_alliances(context, 2001)}["sco"]
    assert sco["short"] == "SCO (Shanghai Five until 2001-06-14)"
    uzb = next(m for m in sco["members"] if m["member"] == "UZB")
    assert uzb["changes"] == ["joined 2001-06-15"]
