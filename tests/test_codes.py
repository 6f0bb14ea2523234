"""basemap.codes: any ISO 3166-1 state as host or operator, names from
pycountry, organisations from a small table, and the code meant by a typo."""

from __future__ import annotations

import pytest

from basemap import codes


def test_every_iso_state_is_a_host_and_an_operator():
    assert len(codes.STATES) == 249  # ISO 3166-1 as pycountry keeps it
    for code in ("SYR", "VNM", "DJI", "CUB", "ARM", "BLR", "GEO", "MDA", "KGZ"):
        assert code in codes.HOSTS and code in codes.OPERATORS
        assert codes.is_state(code) and codes.is_operator(code)
    # organisations operate but host nothing, and are members of nothing
    for org in ("NATO", "CSTO"):
        assert codes.is_operator(org) and not codes.is_state(org)
        assert org not in codes.HOSTS and org not in codes.MEMBERS
    for wrong in ("RUSS", "SUN", "rus", "XKX", "", None, 7):
        assert not codes.is_state(wrong) and not codes.is_operator(wrong)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("RUS", "Russia"),  # ISO's "Russian Federation"
        ("KOR", "South Korea"),  # ISO's "Korea, Republic of"
        ("SYR", "Syria"),
        ("VNM", "Vietnam"),
        ("MDA", "Moldova"),
        ("IRN", "Iran"),
        ("COD", "DR Congo"),
        ("PSE", "Palestine"),
        ("TUR", "Türkiye"),
        ("USA", "United States"),
        ("GBR", "United Kingdom"),
        ("KGZ", "Kyrgyzstan"),
    ],
)
def test_names_are_the_short_ones_the_press_uses(code, name):
    assert codes.state_name(code) == name
    assert codes.operator_name(code) == name


def test_no_name_is_written_the_iso_way():
    for code, name in codes.STATES.items():
        assert ", " not in name or code in ("BES", "SHN"), (code, name)
        assert name == name.strip() and name


def test_a_territory_is_named_with_its_recognised_state():
    assert codes.host_text("GEO", "Abkhazia") == "Georgia (Abkhazia)"
    assert codes.host_text("MDA", "Transnistria") == "Moldova (Transnistria)"
    assert codes.host_text("SYR", None) == "Syria"
    for name, (claimants, territory) in codes.UNCODED_UNITS.items():
        assert claimants and all(codes.is_state(c) for c in claimants), name
        assert territory


@pytest.mark.parametrize(
    ("wrong", "meant"),
    [
        ("RUSS", "RUS (Russia)"),
        ("KGS", "KGZ (Kyrgyzstan)"),
        ("KAX", "KAZ (Kazakhstan)"),
        ("UZK", "UZB (Uzbekistan)"),
        ("Syria", "SYR (Syria)"),
        ("Vietnam", "VNM (Vietnam)"),
        ("NATOO", "NATO (NATO)"),
        ("XYZ", None),
        ("SUN", None),  # the USSR: a withdrawn code, not a typo
    ],
)
def test_the_code_meant_is_suggested(wrong, meant):
    assert codes.suggest(wrong) == meant


def test_a_withdrawn_code_is_named():
    assert codes.former_state("SUN").startswith("USSR")
    assert codes.former_state("YUG").startswith("Yugoslavia")
    assert codes.former_state("RUS") is None


def test_importing_basemap_does_not_load_pycountry():
    import subprocess
    import sys

    code = "import sys, basemap, basemap.codes; print('pycountry' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
