"""The export's pages about the maps: the index, the embed snippets, the
changes.

:func:`write_index` writes ``index.html``, a gallery one can scan: a card
per year with its thumbnail, how many sites of how many states, the year's
changes in a line or two (the rest, and the events, folded in a
``<details>``) and links to the map, the timeline and the figures this
export made. :func:`write_embed` writes ``embed.html``: for each page, a
responsive iframe snippet with a one-sentence caption, shown rendered
(a live preview of this folder's file) beside its code and a copy button,
with a note when the snippets' ``src`` is relative (no ``--base-url``).
:func:`write_changes` writes ``changes.csv``; :func:`year_changes` says
what changed in each year. Each ``write_*`` function takes the export's
job (see :mod:`basemap.exporter.run`) and writes through it, so every file is
atomic and recorded in the folder's manifest. Every data string is escaped
by the templates (autoescape); links are relative or http(s).
"""

from __future__ import annotations

import csv
import io
from functools import cache
from typing import TYPE_CHECKING

from ..frames import no_gc_pauses, records
from ..pages.sites import SITES_DIR
from ..pages.templates import template_env
from ..selection.changes import CHANGE_FIELDS, changes_by_year
from ..selection.sites import select
from ..styling.symbols import style
from ..text import csv_cell
from ..wording import DEFAULT_TITLE

if TYPE_CHECKING:
    from pathlib import Path

    from .job import ExportJob

__all__ = [
    "CHANGES_BUDGET",
    "RESIZER",
    "caption",
    "change_line",
    "count_text",
    "embed_snippet",
    "write_changes",
    "write_embed",
    "write_index",
    "year_changes",
]


def year_changes(job: ExportJob) -> dict[int, list[dict]]:
    """What changed in each exported year, compared with the year before."""
    before = style(select(job.layers, year=job.years[0] - 1))
    with no_gc_pauses():  # each year's rows as dicts, no cycles (gcpause)
        return changes_by_year(before, {year: job.frames[year] for year in job.years})


def _changes_csv(changes: dict[int, list[dict]]) -> str:
    """``changes.csv``: a cell a spreadsheet would run as a formula (a name
    starting with ``=``, say) is neutralised (:func:`basemap.text.csv_cell`)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CHANGE_FIELDS, lineterminator="\n")
    writer.writeheader()
    for rows in changes.values():
        writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)
    return buf.getvalue()


def write_changes(job: ExportJob, changes: dict[int, list[dict]]) -> Path:
    """Write ``changes.csv`` (year, site, operator, change, name)."""
    return job.put("changes.csv", _changes_csv(changes))


#: The characters of a card's line of changes before "+N more" (about two
#: lines of a card).
CHANGES_BUDGET = 56

#: The embed snippet: a figure whose height follows its width (3:2), never
#: less than 560 px (the map puts its key below the map in narrow frames).
_SNIPPET = """\
<figure style="margin:1em 0">
  <div style="position:relative;height:0;padding-bottom:66.67%;\
padding-bottom:max(66.67%,560px)">
    <iframe src="{{ src }}" title="{{ title }}" loading="lazy" allow="fullscreen" \
style="position:absolute;top:0;left:0;width:100%;height:100%;border:0"></iframe>
  </div>
  <figcaption>{{ caption }}</figcaption>
</figure>
{%- if resize %}
<script>{{ resizer }}</script>
{%- endif %}
"""

#: The snippet's resizer: the embedded map posts its page's height
#: ({channel: "basemap-embed", type: "height", height}, render/static/embed.js)
#: and the frame takes it, so nothing scrolls inside it, as Pym.js and
#: Datawrapper's embed script do. Only messages from its own iframe, on
#: that channel, with a height in bounds, are read; it asks the map once
#: loaded ({type: "ask"}), and without it (a page that strips scripts) the
#: frame keeps its 3:2 height. The same code resizes embed.html's previews.
RESIZER = (
    "(function(){var s=document.currentScript,f=s&&s.previousElementSibling;"
    "if(!f||!f.querySelector)return;basemapFollow(f.querySelector('iframe'));"
    "function basemapFollow(i){if(!i)return;var b=i.parentNode,C='basemap-embed';"
    "function ask(){try{i.contentWindow.postMessage({channel:C,type:'ask'},'*')}"
    "catch(e){}}i.addEventListener('load',ask);ask();"
    "window.addEventListener('message',function(e){var d=e.data;"
    "if(e.source!==i.contentWindow||!d||typeof d!=='object'||d.channel!==C||"
    "d.type!=='height')return;var h=Number(d.height);"
    "if(!isFinite(h)||h<200||h>5000)return;b.style.paddingBottom='0';"
    "b.style.height=Math.ceil(h)+'px'})}})();"
)


#: Where a caption sends the reader for sources (a typographic apostrophe:
#: nothing to escape in the snippet).
_SOURCES = "sources in each site\u2019s popup"


def _href(name: str) -> str:
    """A relative link to an output file (its name percent-encoded)."""
    from urllib.parse import quote

    return quote(name)


def _made(job: ExportJob) -> set[str]:
    """The outputs this export has written or kept so far (relative names)."""
    return {p.relative_to(job.out).as_posix() for p in job.result.files}


def _shown(frame) -> list[dict]:
    return records(frame, former=False) if len(frame) else []


def count_text(rows: list[dict]) -> str:
    """How many sites of how many states ``rows`` (presences) show.

    >>> count_text([{"operator": "RUS"}, {"operator": "RUS"}, {"operator": "USA"}])
    '3 sites of 2 states'
    >>> count_text([{"operator": "IND"}])
    '1 site of 1 state'
    >>> count_text([])
    'no foreign site recorded'
    """
    if not rows:
        return "no foreign site recorded"
    n, states = len(rows), len({r["operator"] for r in rows})
    return (
        f"{n} site{'s' if n != 1 else ''} of {states} state{'s' if states != 1 else ''}"
    )


def caption(title: str, year: int, rows: list[dict]) -> str:
    """The one-sentence caption of a year's embedded map; the full list of
    sites is in the map's text alternative, their sources in its popups.

    >>> text = caption("Foreign military presence in Central Asia", 2005,
    ...                [{"operator": "RUS"}] * 20 + [{"operator": "USA"}])
    >>> text.split(";")[0]
    'Foreign military presence in Central Asia in 2005: 21 sites of 2 states'
    >>> text.endswith("popup.") and text.count(".") == 1
    True
    """
    return f"{title} in {year}: {count_text(rows)}; {_SOURCES}."


def _short_names(job: ExportJob) -> dict[str, str]:
    """Short name ("Kant") of every site and operator of the exported
    years, by key (``site/operator``)."""
    names = {}
    for year in job.years:
        frame = job.frames[year]
        if len(frame):  # three columns: no rows as dicts
            for key, periods, name in zip(
                frame["key"], frame["periods"], frame["name"], strict=True
            ):
                names[key] = periods[-1].get("label") or name
    return names


#: The order of a card's changes: bases opened and closed first, then
#: proposals, temporary deployments and changes of attributes.
_FIRST = ("opened", "closed", "inherited", "proposed", "dropped", "arrived", "left")


def _rank(head: str) -> int:
    word = head.split(" ", 1)[0]
    return _FIRST.index(word) if word in _FIRST else len(_FIRST)


def change_line(
    changes: list[dict], short: dict[str, str], budget: int = CHANGES_BUDGET
) -> str:
    """A year's changes in about ``budget`` characters: grouped by what
    happened (the words of ``changes.csv`` before any ``:``; openings and
    closures first), with short names and operator codes (the operators of
    one site together; over three, how many) separated by ``;`` (a short
    name may hold a comma), and how many more there are.

    >>> rows = [
    ...     {"site": "osh", "operator": "RUS", "change": "changed: name A → B",
    ...      "name": "Osh"},
    ...     {"site": "manas", "operator": "ESP", "change": "arrived", "name": "M"},
    ...     {"site": "manas", "operator": "FRA", "change": "arrived", "name": "M"},
    ...     {"site": "kant", "operator": "RUS", "change": "opened", "name": "Kant"},
    ...     {"site": "k2", "operator": "USA", "change": "closed", "name": "K2"},
    ... ]
    >>> names = {"kant/RUS": "Kant", "k2/USA": "K2", "manas/ESP": "Manas",
    ...          "manas/FRA": "Manas"}
    >>> print(change_line(rows, names, budget=100))  # doctest: +NORMALIZE_WHITESPACE
    opened: Kant (RUS) · closed: K2 (USA) · arrived: Manas (ESP, FRA) · changed:
    Osh (RUS)
    >>> change_line(rows, names, budget=40)
    'opened: Kant (RUS) · closed: K2 (USA) +3 more'
    >>> change_line(rows[3:] + [dict(rows[3], site="ayni", operator="IND")],
    ...             {"ayni/IND": "Ayni"})
    'opened: Kant (RUS); Ayni (IND) · closed: K2 (USA)'
    >>> change_line([], {})
    ''
    """
    groups: dict[str, dict[str, list[str]]] = {}
    for c in changes:
        name = short.get(f"{c['site']}/{c['operator']}") or c["name"]
        ops = groups.setdefault(c["change"].split(":", 1)[0], {}).setdefault(name, [])
        if c["operator"] not in ops:
            ops.append(c["operator"])
    units = [
        (head, name, ops)
        for head in sorted(groups, key=_rank)
        for name, ops in groups[head].items()
    ]
    total = sum(len(ops) for _, _, ops in units)
    line, shown, last = "", 0, None
    for head, name, ops in units:
        item = f"{name} ({', '.join(ops) if len(ops) <= 3 else f'{len(ops)} states'})"
        piece = (
            f"; {item}" if head == last else f"{' · ' if line else ''}{head}: {item}"
        )
        # the last one may take the room "+N more" would have taken
        room = budget + (len(" +9 more") if shown + len(ops) == total else 0)
        if shown and len(line + piece) > room:
            break
        line, shown, last = line + piece, shown + len(ops), head
    return line + (f" +{total - shown} more" if total > shown else "")


def _plural(n: int, noun: str) -> str:
    """``n`` and the noun, or nothing for none.

    >>> _plural(1, "event"), _plural(3, "change"), _plural(0, "event")
    ('1 event', '3 changes', '')
    """
    return f"{n} {noun}{'' if n == 1 else 's'}" if n else ""


def _unique(items):
    return list(dict.fromkeys(items))


def _cards(job: ExportJob, changes, thumbs) -> list[dict]:
    made, short = _made(job), _short_names(job)
    cards = []
    for y in job.years:
        rows = _shown(job.frames[y])
        events = job.contexts[y]["events"] if job.contexts else []
        stats = count_text(rows)
        if job.contexts:
            stats += f" · {_plural(len(events), 'event') or 'no events'}"
        figures = [
            (fmt.upper(), _href(job.file_of(y, f".{fmt}")))
            for fmt in ("png", "svg", "pdf")
            if job.file_of(y, f".{fmt}") in made
        ]
        listed = _unique(
            f"{c['change']}: {c['name']} ({c['operator']})" for c in changes[y]
        )
        folded = [_plural(len(listed), "change"), _plural(len(events), "event")]
        cards.append(
            {
                "year": y,
                "href": _href(job.file_of(y, ".html")),
                "timeline": f"timeline.html#{y}",
                # none when the export could not draw one (no browser)
                "thumb": _href(thumbs[y]) if thumbs.get(y) else None,
                "alt": f"Map of {y}: {stats.split(' · ')[0]}",
                "stats": stats,
                "line": change_line(changes[y], short),
                "changes": listed,
                "more": "Details: " + ", ".join(t for t in folded if t),
                "events": [f"{e['date']}: {e['title']}" for e in events],
                "figures": figures,
            }
        )
    return cards


def _index_page(job: ExportJob, changes, thumbs) -> str:
    made = _made(job)
    return (
        template_env()
        .get_template("index.html")
        .render(
            title=job.title or DEFAULT_TITLE,
            years=job.years,
            as_of=job.as_of,
            cards=_cards(job, changes, thumbs),
            gif="years.gif" if "years.gif" in made else None,
            sites=_site_links(job),
        )
    )


def _site_links(job: ExportJob) -> list[tuple[str, str]]:
    """(name, link) of every site's page, by name (see basemap.sitepages)."""
    from urllib.parse import quote

    layers = job.layers
    if not len(layers):
        return []
    names = {}
    for site, label, name in zip(
        layers["site"], layers["label"], layers["name"], strict=True
    ):
        names.setdefault(site, label if isinstance(label, str) and label else name)
    return sorted((names[s], f"{SITES_DIR}/{quote(s)}.html") for s in names)


def write_index(job: ExportJob, changes: dict[int, list[dict]], thumbs) -> Path:
    """Write ``index.html``: a card per year (thumbnail, counts, what
    changed in a line, the rest in a ``<details>``, links to the map, the
    timeline and the year's images when this export made them)."""
    return job.put("index.html", _index_page(job, changes, thumbs))


def embed_snippet(
    src: str, title: str, description: str, *, resize: bool = True
) -> str:
    """The HTML to paste into a page to embed the map at ``src``: a figure
    whose height follows its width, with ``description`` as its caption
    (every string escaped), and, with ``resize``, the script that makes the
    frame as tall as the map's page (:data:`RESIZER`).

    >>> print(embed_snippet("2005.html", "Map <2005>", "A & B.", resize=False))
    ... # doctest: +ELLIPSIS
    <figure style="margin:1em 0">
      <div style="position:relative;height:0;padding-bottom:66.67%;...">
        <iframe src="2005.html" title="Map &lt;2005&gt;" loading="lazy" ...></iframe>
      </div>
      <figcaption>A &amp; B.</figcaption>
    </figure>
    <BLANKLINE>
    >>> "<script>(function(){" in embed_snippet("2005.html", "Map", "A.")
    True
    """
    from markupsafe import Markup

    return _snippet_template().render(
        src=src,
        title=title,
        caption=description,
        resize=resize,
        resizer=Markup(RESIZER),
    )


@cache
def _snippet_template():
    """The iframe snippet's template, compiled once (an export renders it for
    every page)."""
    return template_env().from_string(_SNIPPET)


def _embed_items(job: ExportJob) -> list[dict]:
    from markupsafe import Markup

    title, years, base = job.title or DEFAULT_TITLE, job.years, job.base
    first, last = years[0], years[-1]
    span = f"{first}-{last}" if last > first else str(first)
    about = (
        f"{title}, {first} to {last}, year by year: press play or pick a year"
        if last > first
        else f"{title} in {first}"
    )
    pages = [
        (
            "timeline",
            "Timeline, all years",
            "timeline.html",
            f"Map: {title}, {span}",
            f"{about}; {_SOURCES}.",
        )
    ]
    for y in years:
        pages.append(
            (
                str(y),
                str(y),
                _href(job.file_of(y, ".html")),
                f"Map: {title}, {y}",
                caption(title, y, _shown(job.frames[y])),
            )
        )
    return [
        {
            "id": key,
            "name": name,
            "src": base + href,
            "caption": text,
            "snippet": embed_snippet(base + href, frame_title, text),
            # the preview shows this folder's file: no request, even with
            # a base URL not yet published
            "preview": Markup(embed_snippet(href, frame_title, text, resize=False)),
        }
        for key, name, href, frame_title, text in pages
    ]


def _embed_page(job: ExportJob) -> str:
    return (
        template_env()
        .get_template("embed.html")
        .render(
            title=job.title or DEFAULT_TITLE,
            items=_embed_items(job),
            base=job.base,
            example=_href(job.file_of(job.years[-1], ".html")),
        )
    )


def write_embed(job: ExportJob) -> Path:
    """Write ``embed.html``: for each page, its snippet with a live preview
    and a copy button, and a note when the snippets' ``src`` is relative."""
    return job.put("embed.html", _embed_page(job))
