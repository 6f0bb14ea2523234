"""Whole-column screen of the checks across features.

The rules of :mod:`basemap.io.layers` check every site's periods against each
other: all at one place (within :data:`basemap.validate.rules.SITE_TOLERANCE_M`),
and no two periods of one site and operator overlapping. Done pair by pair
in Python, that is the slowest part of reading a large layer.
:func:`suspect_sites` finds, with numpy and one vectorised geodesic call,
the few sites where either may fail; only those go through the exact
checks, which give the messages (as :mod:`basemap.validate.screen` does for the
checks of one feature).

Examples
--------
>>> from basemap.dates import Period, parse_date
>>> p = Period(parse_date("2001"), parse_date("2005"), None)
>>> q = Period(parse_date("2004"), None, None)
>>> sorted(suspect_sites(["kant", "kant", "k2"], ["RUS", "RUS", "USA"],
...                      [74.8, 74.8, 65.5], [42.8, 42.8, 38.8], [p, q, p]))
['kant']
"""

from __future__ import annotations

from datetime import date

from .rules import SITE_TOLERANCE_M

__all__ = ["suspect_sites"]

#: Distances this close to a limit (relative) go to the exact check.
_MARGIN = 1e-6


def suspect_sites(sites: list, operators: list, lon, lat, periods: list) -> set:
    """Sites whose periods may lie apart or overlap (checked exactly then).

    Parameters
    ----------
    sites, operators : list of str
    lon, lat : array-like
    periods : list of :class:`basemap.dates.Period`

    Returns
    -------
    set of str
    """
    import numpy as np
    import pandas as pd
    from pyproj import Geod

    n = len(sites)
    if n < 2:
        return set()
    lon, lat = np.asarray(lon, float), np.asarray(lat, float)
    site_codes, site_names = pd.factorize(pd.Series(sites, dtype=object))
    suspect = np.zeros(n, dtype=bool)
    # each period against the first of its site
    _, first_of = np.unique(site_codes, return_index=True)
    order = np.arange(n)
    first = first_of[site_codes]
    other = first != order
    if other.any():
        _, _, d = Geod(ellps="WGS84").inv(
            lon[first[other]], lat[first[other]], lon[other], lat[other]
        )
        far = np.abs(d) > SITE_TOLERANCE_M * (1 - _MARGIN)
        suspect[np.flatnonzero(other)[far]] = True
    # every pair of periods of one site and operator
    group, _ = pd.factorize(
        pd.Series(sites, dtype=object) + "\0" + pd.Series(operators, dtype=object)
    )
    latest_start = np.array([p.start.latest.toordinal() for p in periods])
    never = date.max.toordinal()
    earliest_end = np.array(
        [
            p.end.earliest.toordinal()
            if p.end is not None
            else (p.as_of.toordinal() if p.as_of is not None else never)
            for p in periods
        ]
    )
    by_group = np.argsort(group, kind="stable")
    g = group[by_group]
    for k in range(1, n):
        same = g[k:] == g[:-k]
        if not same.any():
            break
        a, b = by_group[:-k][same], by_group[k:][same]
        hit = (latest_start[a] <= earliest_end[b]) & (
            latest_start[b] <= earliest_end[a]
        )
        suspect[a[hit]] = True
    return {site_names[c] for c in np.unique(site_codes[suspect])}
