"""The parts of a site page that are built in Python: its periods' and
events' rows and sources, every value escaped where it lands (markupsafe,
as the templates escape).

A layer may have 10k sites, each page with a dozen rows per period: made
here as strings, they cost a fraction of a template macro per row. The
page itself is the template ``site.html`` (:mod:`basemap.pages.sites`).

>>> source = {"title": "<A>", "url": "https://e.org/?a=1&b=2", "date": "2005"}
>>> print(_sources([source]), end="")  # doctest: +NORMALIZE_WHITESPACE
<ol class="bm-sources">
<li><a href="https://e.org/?a=1&amp;b=2"
       rel="noopener noreferrer">&lt;A&gt;</a>, 2005</li>
</ol>
>>> safe_url("javascript:alert(1)") is None, safe_url("https://example.org/a")
(True, 'https://example.org/a')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..codes import operator_name
from ..wording import STATUS_WORDS
from .history import date_text

if TYPE_CHECKING:
    from .history import Bar

__all__ = ["event_row", "period_row", "rows_html", "safe_url"]

_URL = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)


def safe_url(url) -> str | None:
    """``url`` if it is an ``http``/``https`` address, else None."""
    return url if isinstance(url, str) and _URL.match(url) else None


def _source(source: dict, cites: dict[str, str]) -> dict:
    """A source as the page shows it."""
    if source.get("seed"):
        return {
            "cite": cites.get(source["seed"], "Source document"),
            "quote": source.get("quote"),
            "supports": source.get("supports"),
        }
    return {
        "title": source.get("title"),
        "url": safe_url(source.get("url")),
        "publisher": source.get("publisher"),
        "date": source.get("date"),
        "quote": source.get("quote"),
        "supports": source.get("supports"),
    }


def _personnel(item: dict, cites: dict[str, str]) -> str:
    where = item.get("source")
    where = cites.get(where, where) if where else None
    return f"{item.get('value')} ({item.get('date')}" + (
        f", {where})" if where else ")"
    )


def rows_html(rows: Iterable[tuple[str, object]]):
    """The ``<dt>``/``<dd>`` pairs of a ``<dl>``, each value escaped: a
    list as a ``<ul>``, a row without a value as an empty line (as a
    template's line per row writes them; made here, for 10k pages). The
    labels are the page's own words, written as they are.

    >>> print(rows_html([("Kind", "air base"), ("Units", None), ("Also", ["<b>"])]))
    <dt>Kind</dt>
    <dd>air base</dd>
    <BLANKLINE>
    <BLANKLINE>
    <dt>Also</dt>
    <dd><ul><li>&lt;b&gt;</li></ul></dd>
    <BLANKLINE>
    <BLANKLINE>
    """
    from markupsafe import Markup, escape

    out = []
    for label, value in rows:
        if not value:
            out.append("\n")
        elif isinstance(value, str):
            out.append(f"<dt>{label}</dt>\n<dd>{escape(value)}</dd>\n\n")
        else:
            items = "".join([f"<li>{escape(v)}</li>" for v in value])
            out.append(f"<dt>{label}</dt>\n<dd><ul>{items}</ul></dd>\n\n")
    return Markup("".join(out))


def _sources(sources: Iterable[dict]):
    """The ``<ol>`` of sources (from :func:`_source`), every string escaped."""
    from markupsafe import Markup, escape

    out = ['<ol class="bm-sources">\n']
    for s in sources:
        if s.get("cite"):
            text = f"<cite>{escape(s['cite'])}</cite>"
        else:
            title = escape(s.get("title"))
            if s.get("url"):
                href = escape(s["url"])
                text = f'<a href="{href}" rel="noopener noreferrer">{title}</a>'
            else:
                text = f"<cite>{title}</cite>"
            if s.get("publisher"):
                text += f", {escape(s['publisher'])}"
            if s.get("date"):
                text += f", {escape(s['date'])}"
        if s.get("quote"):
            text += f": <q>{escape(s['quote'])}</q>"
        if s.get("supports"):
            text += (
                f' <span class="bm-source">(supports: {escape(s["supports"])})</span>'
            )
        out.append(f"<li>{text}</li>\n")
    out.append("</ol>\n")
    return Markup("".join(out))


def period_row(bar: Bar, as_of: str, cites: dict[str, str], color: str) -> dict:
    r = bar.record
    return {
        "id": bar.id,
        "name": bar.name,
        "color": color,
        "rows": rows_html(
            (
                ("Operator", f"{operator_name(bar.operator)} ({bar.operator})"),
                ("From", date_text(bar.start)),
                ("To", date_text(bar.end, as_of)),
                ("Kind", r.get("kind")),
                ("Status", STATUS_WORDS.get(bar.status, bar.status)),
                ("Also called", r.get("aliases")),
                ("Personnel", [_personnel(p, cites) for p in r.get("personnel") or []]),
                ("Equipment", r.get("equipment")),
                ("Units", r.get("units")),
                ("Notes", r.get("notes")),
            )
        ),
        "sources": _sources(_source(s, cites) for s in r.get("sources") or []),
    }


def event_row(event: dict, cites: dict[str, str]) -> dict:
    when = date_text(event["date"])
    if event.get("end"):
        when += " to " + date_text(event["end"])
    place = event.get("place") or {}
    return {
        "id": event["id"],
        "title": event["title"],
        "rows": rows_html(
            (
                ("When", when),
                ("Kind", event.get("kind")),
                ("Where", place.get("name")),
                ("What happened", event.get("description")),
                ("Notes", event.get("notes")),
            )
        ),
        "sources": _sources(_source(s, cites) for s in event.get("sources") or []),
    }
