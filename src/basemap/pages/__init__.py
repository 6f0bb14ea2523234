"""Pages beyond the map: site histories, the presence chart, the comparison.

The analyst's pages, each built from the selections and styles below it:
:mod:`.history` and :mod:`.sites` (one page per site, with :mod:`.strip`,
:mod:`.locator` and :mod:`.sitehtml`), :mod:`.chart` (every site in one
SVG, drawn with :mod:`.svg`'s measured text), and :mod:`.compare` with
:mod:`.pairs` (any two years side by side). ``templates/`` and ``static/``
are their package data.
"""

__all__: list[str] = []
