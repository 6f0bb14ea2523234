"""The page around the map: masthead, key and context panel, and the text
alternative (what the map shows, for readers who cannot see it).

Nothing here is drawn over the map. The page (``static/basemap.css``) is a
grid: on a wide frame the map fills the left and a column on the right
holds the masthead (title, year, links to other years, the timeline's
player) above the side panel (the key, what changed, the year's events and
alliances, the credit line); on a narrow one (a phone, an article column;
``static/compose.js`` chooses by the frame's own size) the masthead is a
band above the map and the side panel a band below it, with the context
folded behind a toggle. The numbered list (:class:`SiteNumbers`) stands
directly under the map in both: the sites the map numbers where their
names do not fit. So no box ever covers the map's sites, and only
Leaflet's own controls (zoom, layers, scale, attribution) and the map's
detail insets sit on the map, the controls stacked in its corners.

Every string that comes from data is escaped (Jinja's ``|e``).

Examples
--------
>>> from basemap.render.panels import Masthead
>>> Masthead("<Bases>", "2005").title
'<Bases>'
"""

from __future__ import annotations

import re

from jinja2 import Template

from .elements import SafeMacroElement

__all__ = ["Masthead", "SidePanel", "SiteNumbers", "TextAlternative"]


class Masthead(SafeMacroElement):
    """Title, year (or day) and links to the other years.

    The timeline's player is placed in ``#basemap-player-slot``.
    """

    _template = Template(
        """{% macro html(this, kwargs) %}
<header id="basemap-masthead" class="basemap-masthead">
<div class="basemap-title"><h1>{{ this.title|e }}</h1>
<p class="basemap-when">{{ this.when|e }}</p></div>
{%- if this.links %}
<nav id="basemap-nav" class="basemap-nav" aria-label="Other years">
{%- for rel, (text, href) in this.links %}
<a rel="{{ rel|e }}" href="{{ href|e }}">{{ text|e }}</a>
{%- endfor %}
</nav>
{%- endif %}
<div id="basemap-player-slot"></div>
</header>
{% endmacro %}"""
    )

    _ORDER = ("prev", "index", "timeline", "next")

    def __init__(
        self, title: str, when: str, links: dict[str, tuple[str, str]] | None = None
    ):
        super().__init__()
        self._name = "Masthead"
        self.title = title
        self.when = when
        links = links or {}
        for _, href in links.values():
            if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href) or href.startswith("/"):
                raise ValueError(f"navigation links are relative: {href!r}")
        self.links = [(rel, links[rel]) for rel in self._ORDER if rel in links]


class SidePanel(SafeMacroElement):
    """The search and filters, the key (legend), the slot of the context
    panel and the credit line.

    ``entries`` are :func:`basemap.styling.symbols.legend_entries`; the page script
    fills ``#basemap-find-slot`` with the search box and the filters
    (``static/filters.js``) and ``#basemap-context-panel`` with the year's
    events and alliances.
    """

    _template = Template(
        """{% macro html(this, kwargs) %}
<aside id="basemap-side" class="basemap-side" aria-label="Key, events and alliances">
<div id="basemap-find-slot" class="basemap-find-slot"></div>
<section id="basemap-legend" class="basemap-legend" aria-labelledby="basemap-legend-h">
<h2 id="basemap-legend-h">{{ this.heading|e }}</h2><ul>
{%- for e in this.entries %}
<li><span class="basemap-swatch basemap-swatch-{{ e.symbol|e }}"
 style="background: {{ e.color|e }}
 {%- if e.glyph %}; color: {{ e.glyph_color|e }}{% endif %}"
 {%- if e.glyph %} data-glyph="{{ e.glyph|e }}"{% endif %}></span>{{ e.label|e }}</li>
{%- endfor %}
</ul>
<p id="basemap-changes" class="basemap-changes" hidden></p></section>
{%- if this.context %}
<div id="basemap-context-panel" class="basemap-context"></div>
{%- endif %}
<p class="basemap-credit">{{ this.credit|e }}
{%- if this.screen_note %}<span class="basemap-credit-screen">
 {{- " " ~ this.screen_note|e }}</span>{% endif %}
{%- if this.print_note %}<span class="basemap-credit-print">
 {{- " " ~ this.print_note|e }}</span>{% endif %}</p>
</aside>
{% endmacro %}"""
    )

    def __init__(
        self,
        entries: list[dict],
        credit: str,
        heading: str = "Forces of",
        context: bool = False,
        screen_note: str = "",
        print_note: str = "",
    ):
        super().__init__()
        self._name = "SidePanel"
        self.entries = [
            {
                "label": e["label"],
                "symbol": e["symbol"],
                "glyph": e.get("glyph") or "",
                "glyph_color": e.get("glyph_color")
                if re.fullmatch(r"#[0-9A-Fa-f]{6}", e.get("glyph_color") or "")
                else "#FFFFFF",
                "color": e["color"]
                if re.fullmatch(r"#[0-9A-Fa-f]{6}", e["color"])
                else "#000000",
            }
            for e in entries
        ]
        self.heading = heading
        self.credit = credit
        self.context = context
        #: said on screen only, and in a figure or print only (where a
        #: popup cannot be opened)
        self.screen_note = screen_note
        self.print_note = print_note


class SiteNumbers(SafeMacroElement):
    """The numbered list directly under the map: the sites the map (or an
    inset) numbers where their names do not fit, each with its full label
    (filled by ``static/labels.js``; hidden while there is none). Never a
    box that scrolls: it is part of the map's figure."""

    _template = Template(
        """{% macro html(this, kwargs) %}
<section id="basemap-numbers" class="basemap-numbers" aria-label="Sites by number"
 hidden></section>
{% endmacro %}"""
    )

    def __init__(self):
        super().__init__()
        self._name = "SiteNumbers"


class TextAlternative(SafeMacroElement):
    """A list of what the map shows, for readers who cannot see the map.

    Visually hidden but read by screen readers (the map's container points
    to it with ``aria-describedby``); shown in full when scripts are off.
    """

    _template = Template(
        """{% macro items(id, values) %}
<ul id="{{ id }}">
{%- for item in values %}
<li>{{ item|e }}</li>
{%- endfor %}
</ul>
{%- endmacro %}
{% macro html(this, kwargs) %}
<section id="basemap-text" class="basemap-text" aria-label="{{ this.heading|e }}"
{%- if this.live %} aria-live="polite"{% endif %}>
<h2>{{ this.heading|e }}</h2>
{%- if this.present %}{{ items("basemap-text-present", this.present) }}
{%- else %}
<p>No foreign military presence is recorded for this time.</p>
{%- endif %}
{%- if this.context is not none %}
<h3>Events and alliances</h3>{{ items("basemap-text-context", this.context) }}
{%- endif %}
{%- if this.former %}
<h3>Former sites</h3>{{ items("basemap-text-former", this.former) }}
{%- endif %}
<p>{{ this.credit|e }}</p>
</section>
{% endmacro %}"""
    )

    def __init__(
        self,
        heading: str,
        present: list[str],
        former: list[str],
        credit: str,
        live: bool = False,
        context: list[str] | None = None,
    ):
        super().__init__()
        self._name = "TextAlternative"
        self.context = context
        self.live = live
        self.heading = heading
        self.present = present
        self.former = former
        self.credit = credit
