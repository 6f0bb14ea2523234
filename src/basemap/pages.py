"""The export's pages about the maps: the index, the embed snippets, the
changes.

:func:`write_index` writes ``index.html`` (a gallery of the years),
:func:`write_embed` ``embed.html`` (an iframe snippet per page) and
:func:`write_changes` ``changes.csv``; :func:`year_changes` says what
changed in each year. Each ``write_*`` function takes the export's job (see
:mod:`basemap.export`) and writes through it, so every file is atomic and
recorded in the folder's manifest.
"""

from __future__ import annotations

import csv
import html
import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from .export import _Job

__all__ = [
    "embed_snippet",
    "template_env",
    "write_changes",
    "write_embed",
    "write_index",
    "year_changes",
]


def template_env():
    """The Jinja environment of the package's templates (autoescaped)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(
        loader=PackageLoader("basemap", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
    )


def year_changes(job: _Job) -> dict[int, list[dict]]:
    """What changed in each exported year, compared with the year before."""
    from .report import changes_between
    from .select import select
    from .style import style

    before = style(select(job.layers, year=job.years[0] - 1))
    changes = {}
    for year in job.years:
        changes[year] = changes_between(before, job.frames[year], year)
        before = job.frames[year]
    return changes


def _changes_csv(changes: dict[int, list[dict]]) -> str:
    from .report import CHANGE_FIELDS

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CHANGE_FIELDS, lineterminator="\n")
    writer.writeheader()
    for rows in changes.values():
        writer.writerows(rows)
    return buf.getvalue()


def write_changes(job: _Job, changes: dict[int, list[dict]]) -> Path:
    """Write ``changes.csv`` (year, site, operator, change, name)."""
    return job.put("changes.csv", _changes_csv(changes))


def _index_page(job: _Job, changes, thumbs) -> str:
    from .render import DEFAULT_TITLE
    from .report import summary

    cards = [
        {
            "year": y,
            "href": job.file_of(y, ".html"),
            "thumb": thumbs[y],
            "summary": summary(job.frames[y]),
            "changes": [
                f"{c['change']}: {c['name']} ({c['operator']})" for c in changes[y]
            ],
            "events": [f"{e['date']}: {e['title']}" for e in job.contexts[y]["events"]]
            if job.contexts
            else [],
        }
        for y in job.years
    ]
    return (
        template_env()
        .get_template("index.html")
        .render(title=job.title or DEFAULT_TITLE, years=job.years, cards=cards)
    )


def write_index(job: _Job, changes: dict[int, list[dict]], thumbs) -> Path:
    """Write ``index.html``, the gallery of the exported years."""
    return job.put("index.html", _index_page(job, changes, thumbs))


def embed_snippet(src: str, title: str, description: str) -> str:
    """The HTML to paste into a page to embed the map at ``src``."""
    e = html.escape
    return (
        '<figure style="margin:0">\n'
        '  <div style="position:relative;width:100%;padding-bottom:66.67%;'
        'height:0;overflow:hidden">\n'
        f'    <iframe src="{e(src)}" title="{e(title)}" loading="lazy" '
        'style="position:absolute;top:0;left:0;width:100%;height:100%;border:0">'
        "</iframe>\n"
        "  </div>\n"
        f"  <figcaption>{e(description)}</figcaption>\n"
        "</figure>\n"
    )


def _embed_page(job: _Job) -> str:
    from .render import DEFAULT_TITLE
    from .report import summary

    title, years, base = job.title or DEFAULT_TITLE, job.years, job.base
    items = [
        {
            "name": "Timeline, all years",
            "snippet": embed_snippet(
                f"{base}timeline.html",
                f"{title}, {years[0]}-{years[-1]}",
                f"Year-by-year map of {title.lower()}, {years[0]} to {years[-1]}.",
            ),
        }
    ]
    for y in years:
        items.append(
            {
                "name": str(y),
                "snippet": embed_snippet(
                    f"{base}{job.file_of(y, '.html')}",
                    f"{title}, {y}",
                    f"{title}, {y}. {summary(job.frames[y])}",
                ),
            }
        )
    return template_env().get_template("embed.html").render(title=title, items=items)


def write_embed(job: _Job) -> Path:
    """Write ``embed.html``, a snippet to embed each exported page."""
    return job.put("embed.html", _embed_page(job))
