"""Two years compared on one page: the two maps side by side or as a swipe.

The page embeds the yearly map pages as they are, in two iframes, so their
labels, popups and every cartographic rule stay those of the yearly maps.
It speaks to them only by ``postMessage`` (``static/bridge.js`` inside each
map, ``static/compare.js`` on the page): pan and zoom are kept in step, and
the sites that opened, closed or changed in between are ringed, opened and
changed ones on the later map, closed ones on the earlier map. Below the
maps, the table of :func:`basemap.selection.changes.compare_years`, in its words.

Two ways to write it, with one template and one script:

* :func:`compare` (:func:`compare_html` for the text) writes one
  self-contained file for one pair of years: both maps built here and
  embedded as ``srcdoc`` iframes; it makes no request and works offline.
* :func:`compare_page` is the export's ``compare.html``: its iframes point
  at the exported yearly maps, the reader chooses both years, and the
  address keeps them (``compare.html#before=2004&after=2010``, with an
  optional ``&layout=side|swipe``). It carries the changes of every pair of
  years, compactly (:func:`basemap.pages.pairs.pair_data`).

The changes themselves, and the marks they put on the maps, are
:mod:`basemap.pages.pairs`.

Examples
--------
>>> from basemap.io.layers import read_layers
>>> layers = read_layers()
>>> page = compare_page(layers, [2004, 2005, 2006])
>>> 'id="basemap-compare-data"' in page and "2005.html" not in page
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ..errors import OptionError
from ..render.assets import GENERATOR, script_json, static_text
from ..resources import PAGE_STATIC_DIR
from ..wording import DEFAULT_TITLE
from .pairs import MARKS, pair_changes, pair_data, year_frames
from .templates import template_env

if TYPE_CHECKING:
    import geopandas


__all__ = [
    "DEFAULT_NAV",
    "LAYOUTS",
    "check_pair",
    "compare_page",
    "pair_page",
]

#: The page's two layouts: the maps side by side (stacked on a phone), or
#: overlaid with a swipe line.
LAYOUTS = ("side", "swipe")
#: The export's links from ``compare.html`` (text, relative address).
DEFAULT_NAV: dict[str, tuple[str, str]] = {
    "index": ("All years", "index.html"),
    "timeline": ("Timeline", "timeline.html"),
}


def check_pair(before: int, after: int, span: tuple[int, int] | None = None) -> None:
    """Raise :class:`~basemap.errors.OptionError` unless ``before`` comes
    before ``after`` and both lie in ``span`` (the data's first and last
    year).

    >>> check_pair(2004, 2010, (1991, 2026))
    >>> check_pair(2010, 2004)  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    basemap.errors.OptionError: the first year (2010) must come before the second
    (2004): e.g. basemap compare 2004 2010
    """
    if before >= after:
        example = f"{after} {before}" if before > after else f"{before - 1} {after}"
        raise OptionError(
            f"the first year ({before}) must come before the second ({after}): "
            f"e.g. basemap compare {example}"
        )
    if span is not None:
        lo, hi = span
        for year in (before, after):
            if not lo <= year <= hi:
                raise OptionError(
                    f"year {year} is outside the data, which covers {lo} to {hi}: "
                    f"choose two years from {lo} to {hi}"
                )


def _check_template(href: str | None, field: str, what: str) -> str | None:
    """A relative link template with ``{field}``, as a URL: the rest of it
    percent-encoded (a file name may hold a space, a ``#`` or a ``?``).

    >>> _check_template("map {year}#.html", "year", "map")
    'map%20{year}%23.html'
    >>> _check_template("sites/{site}.html", "site", "site")
    'sites/{site}.html'
    """
    from urllib.parse import quote

    if href is None:
        return None
    token = "{" + field + "}"
    parts = href.split(token)
    if (
        len(parts) < 2
        or ":" in href.split("/")[0]
        or href.startswith(("/", "\\"))
        or "\\" in href
        or any("{" in p or "}" in p for p in parts)
    ):
        raise OptionError(
            f"{what} links are relative file names with {token}: {href!r}"
        )
    return token.join(quote(p, safe="/") for p in parts)


def comparison_page(
    *,
    title: str,
    before: int,
    after: int,
    years: Sequence[int],
    data: dict,
    frames: Mapping,
    docs: tuple[str, str] | None,
    map_href: str | None,
    site_href: str | None,
    nav: Mapping[str, tuple[str, str]] | None,
    layout: str,
) -> str:
    from markupsafe import Markup

    if layout not in LAYOUTS:
        raise OptionError(f"unknown layout {layout!r}: use one of {', '.join(LAYOUTS)}")
    names = dict(data["operators"])
    rows = [
        dict(c, operator_name=names.get(c["operator"], c["operator"]))
        for c in pair_changes(None, before, after, frames=frames)
    ]
    config = dict(
        data,
        before=before,
        after=after,
        layout=layout,
        map_href=map_href,
        site_href=site_href,
        marks=list(MARKS),
    )
    panes = [
        ("before", before, docs[0] if docs else None),
        ("after", after, docs[1] if docs else None),
    ]
    text = (
        template_env()
        .get_template("compare.html")
        .render(
            generator=GENERATOR,
            title=title,
            before=before,
            after=after,
            years=list(years),
            choose=docs is None,
            layout=layout,
            nav=list((nav or {}).values()),
            panes=panes,
            map_href=map_href,
            site_href=site_href,
            rows=rows,
            css=Markup(
                static_text("compare.css", PAGE_STATIC_DIR)
            ),  # the package's own
            js=Markup(static_text("compare.js", PAGE_STATIC_DIR)),  # our own
            data=Markup(script_json(config)),  # escaped for a <script>
        )
    )
    return text if text.endswith("\n") else text + "\n"


def compare_page(
    layers: geopandas.GeoDataFrame,
    years: Sequence[int],
    *,
    frames: Mapping[int, geopandas.GeoDataFrame] | None = None,
    map_href: str = "{year}.html",
    site_href: str | None = "sites/{site}.html",
    title: str | None = None,
    nav: Mapping[str, tuple[str, str]] | None = DEFAULT_NAV,
    layout: str = "side",
) -> str:
    """The export's ``compare.html``, as text: any two of ``years`` compared,
    over the yearly maps written beside it.

    Parameters
    ----------
    layers : GeoDataFrame
        The layers (:func:`basemap.io.layers.read_layers`).
    years : sequence of int
        The exported years (at least two).
    frames : mapping, optional
        The styled selection of each year, if already made (the export's).
    map_href : str
        Relative address of a year's map, with ``{year}``.
    site_href : str or None
        Relative address of a site's page, with ``{site}`` (None: no links).
    title : str, optional
        The maps' title.
    nav : mapping, optional
        Links to other pages, ``{name: (text, relative address)}``.
    layout : {"side", "swipe"}
        How the page opens when its address does not say.

    The page opens on the pair its address names
    (``#before=2004&after=2010&layout=swipe``), by default the first and
    the last year, and keeps the address in step with the reader's choice.

    >>> from basemap.io.layers import read_layers
    >>> page = compare_page(read_layers(), [2004, 2010], map_href="map-{year}.html")
    >>> 'src="map-2004.html"' in page, 'src="map-2010.html"' in page
    (True, True)
    """
    years = sorted(set(years))
    if len(years) < 2:
        raise OptionError("a comparison needs at least two years")
    map_href = _check_template(map_href, "year", "map")
    site_href = _check_template(site_href, "site", "site")
    for _text, href in (nav or {}).values():
        if ":" in href.split("/")[0] or href.startswith("/"):
            raise OptionError(f"page links are relative: {href!r}")
    frames = year_frames(layers, years, frames)
    return comparison_page(
        title=title or DEFAULT_TITLE,
        before=years[0],
        after=years[-1],
        years=years,
        data=pair_data(frames, years),
        frames=frames,
        docs=None,
        map_href=map_href,
        site_href=site_href,
        nav=nav,
        layout=layout,
    )


def pair_page(
    before: int,
    after: int,
    *,
    docs: tuple[str, str],
    frames: Mapping[int, geopandas.GeoDataFrame],
    title: str | None = None,
    layout: str = "side",
) -> str:
    """The self-contained comparison page of two years, as text, around the
    two yearly maps' pages ``docs`` (embedded whole as ``srcdoc`` iframes,
    so the page makes no request); ``frames`` are the two years' styled
    selections. :func:`basemap.pipeline.compare_html` builds the maps.
    """
    check_pair(before, after)
    return comparison_page(
        title=title or DEFAULT_TITLE,
        before=before,
        after=after,
        years=[before, after],
        data=pair_data(frames, [before, after]),
        frames=frames,
        docs=docs,
        map_href=None,
        site_href=None,
        nav=None,
        layout=layout,
    )
