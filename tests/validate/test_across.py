"""basemap.across: the screen of the checks across features."""

from __future__ import annotations

from basemap.dates import Period, parse_date
from basemap.validate.across import suspect_sites


def _period(start: str, end: str | None) -> Period:
    return Period(parse_date(start), None if end is None else parse_date(end), None)


def test_consecutive_periods_at_one_place_are_not_suspect():
    sites = ["kant", "kant", "k2"]
    periods = [_period("2001", "2004"), _period("2005", None), _period("2001", "2005")]
    found = suspect_sites(
        sites, ["RUS", "RUS", "USA"], [74.8, 74.8, 65.5], [42.8, 42.8, 38.8], periods
    )
    assert found == set()


def test_a_period_apart_from_its_site_is_suspect():
    periods = [_period("2001", "2004"), _period("2005", None)]
    # 0.3 degrees of longitude: about 24 km, past the site tolerance
    found = suspect_sites(
        ["kant", "kant"], ["RUS", "RUS"], [74.8, 75.1], [42.8] * 2, periods
    )
    assert found == {"kant"}


def test_overlapping_periods_of_one_operator_are_suspect_not_of_two():
    periods = [_period("2001", "2005"), _period("2004", None)]
    same = suspect_sites(["manas"] * 2, ["USA", "USA"], [74.4] * 2, [43.1] * 2, periods)
    two = suspect_sites(["manas"] * 2, ["USA", "FRA"], [74.4] * 2, [43.1] * 2, periods)
    assert same == {"manas"}
    assert two == set()


def test_uncertain_ends_are_screened_as_the_rules_judge_them():
    # "2004?" ends some time in 2004: the rules report an overlap only
    # where one is certain, and the screen lets this pair through as well
    periods = [_period("2001", "2004?"), _period("2004-06", None)]
    assert not periods[0].overlaps(periods[1])
    found = suspect_sites(["okno"] * 2, ["RUS"] * 2, [69.2] * 2, [38.3] * 2, periods)
    assert found == set()
    periods = [_period("2001", "2004-12"), _period("2004-06", None)]
    assert periods[0].overlaps(periods[1])
    found = suspect_sites(["okno"] * 2, ["RUS"] * 2, [69.2] * 2, [38.3] * 2, periods)
    assert found == {"okno"}
