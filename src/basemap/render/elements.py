"""folium and branca elements of the offline map.

Each piece of the page is a subclass of branca's ``Figure`` or
``MacroElement``, or of ``folium.Map``, with a class-level template, in the
manner of folium's own plugins. Nothing here changes folium's or branca's
classes or their module state.

Escaping: every string that comes from data is escaped where it lands.
Jinja's ``|e`` escapes HTML text and attributes;
:func:`basemap.render.assets.script_json` encodes JSON so that it can stand
inside a ``<script>`` element; the page's JavaScript builds popups, labels
and links with ``textContent`` and DOM properties, never ``innerHTML``, and
only emits ``http``/``https`` links.
"""

from __future__ import annotations

from typing import ClassVar

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template as FoliumTemplate
from jinja2 import Template

from .assets import GENERATOR, leaflet_assets, script_json, static_text

__all__ = [
    "BasemapFigure",
    "BasemapLayers",
    "EmbeddedGeoJSON",
    "EmbeddedJSON",
    "InlineLeaflet",
    "OfflineMap",
    "PageStyle",
    "RawHTML",
    "SafeMacroElement",
    "TimelineLayers",
    "number_elements",
]


def number_elements(root: Element) -> None:
    """Give every element under ``root`` a sequential id, in tree order.

    branca draws element ids from ``os.urandom``; numbering them makes the
    same map render to the same bytes every time. An element keeps the id
    it was given when the page is rendered again: what a render leaves in
    the page's sections is named after the element that made it, so the
    next render replaces it instead of adding it a second time (a map shown
    in a notebook, then written). Elements added since are numbered after
    the others.

    >>> from basemap.pipeline import make_map
    >>> from basemap.output.atomic import render_html
    >>> m = make_map(year=2005)
    >>> render_html(m) == render_html(m) == render_html(make_map(year=2005))
    True
    """
    # the number an element was given, and the next one, kept on the
    # elements themselves
    count = getattr(root, "_basemap_next", 0)

    def visit(element: Element) -> None:
        nonlocal count
        kept = getattr(element, "_basemap_number", None)
        if kept is None:
            kept = element._basemap_number = str(count)
            count += 1
        element._id = kept
        if isinstance(element, Figure):
            for part in (element.header, element.html, element.script):
                visit(part)
        for child in list(element._children.values()):
            visit(child)

    visit(root)
    root._basemap_next = count


class RawHTML(Element):
    """A piece of finished HTML, inserted as it is (never read as a template)."""

    def __init__(self, text: str):
        super().__init__()
        self._name = "RawHTML"
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class SafeMacroElement(MacroElement):
    """A MacroElement whose rendered macros are not rendered a second time.

    branca's ``MacroElement.render`` wraps each macro's output in
    ``Element(output)``, which compiles that output as a new Jinja template:
    any ``{{ ... }}`` in the data would be evaluated when the map is built,
    which in a non-sandboxed environment can run arbitrary Python. This
    subclass places the output in the page as :class:`RawHTML` instead.
    """

    def render(self, **kwargs):
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError("render the element inside a Figure")
        module = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = module.get(part)
            if macro is not None:
                getattr(figure, part).add_child(
                    RawHTML(macro(self, kwargs)), name=self.get_name()
                )
        for element in self._children.values():
            element.render(**kwargs)


class BasemapFigure(Figure):
    """The HTML page: branca's Figure with a language and an escaped title.

    The page says who wrote it (``<meta name="generator" content="basemap
    ...">``, :data:`GENERATOR`), so basemap can tell its own files from a
    user's, and lets the reader zoom the page (no ``user-scalable=no``).
    """

    generator: ClassVar[str] = GENERATOR

    # each section (head, body, script) laid out as branca's Element lays
    # out its children, but in the page itself: a page of tens of megabytes
    # is not copied once more for each section (nor by a macro)
    _template = Template(
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="{{ this.generator|e }}">\n'
        "{% if this.title %}<title>{{ this.title|e }}</title>{% endif %}\n"
        "{% for element in this.header._children.values() %}\n"
        "    {{ element.render(**kwargs) }}{% endfor %}\n"
        "</head>\n"
        '<body class="basemap-page">\n'
        "{% for element in this.html._children.values() %}\n"
        "    {{ element.render(**kwargs) }}{% endfor %}\n"
        "</body>\n"
        "<script>\n"
        "{% for element in this.script._children.values() %}\n"
        "    {{ element.render(**kwargs) }}{% endfor %}\n"
        "</script>\n"
        "</html>\n",
        # the page ends with its newline: no copy of a large page to add it
        keep_trailing_newline=True,
    )


class OfflineMap(folium.Map):
    """A ``folium.Map`` that links no CDN file and renders deterministically.

    Leaflet is inlined by :class:`InlineLeaflet` instead; jQuery, Bootstrap
    and Font Awesome are not needed at all (no folium popups or icons).

    The map has a zoom range of its own (:data:`MIN_ZOOM` to
    :data:`MAX_ZOOM`; folium gives one only to a tile layer): without one,
    Leaflet's is 0 to Infinity, and a view asked of the page (its address,
    ``#view=40,70,1e20``, or a message) had nothing to be clamped to.
    """

    default_js: ClassVar[list[tuple[str, str]]] = []
    default_css: ClassVar[list[tuple[str, str]]] = []
    #: The map's zoom range: the whole world to a street (tile providers
    #: draw to 18 or 19).
    MIN_ZOOM: ClassVar[int] = 0
    MAX_ZOOM: ClassVar[int] = 18

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options.setdefault("min_zoom", self.MIN_ZOOM)
        self.options.setdefault("max_zoom", self.MAX_ZOOM)

    # folium's template, less what this page does not want: its viewport tag
    # (``user-scalable=no`` stops readers zooming the page; BasemapFigure
    # has its own), fixed page CSS (the page grid sizes the map) and the
    # jQuery call for objects kept in front (none are).
    _template = FoliumTemplate(
        """
{% macro header(this, kwargs) %}
<style>#{{ this.get_name() }} { position: relative; width: {{ this.width[0] }}{{
this.width[1] }}; height: {{ this.height[0] }}{{ this.height[1] }}; }
.leaflet-container { font-size: {{ this.font_size }}; }</style>
<script>
L_NO_TOUCH = {{ this.global_switches.no_touch|tojson }};
L_DISABLE_3D = {{ this.global_switches.disable_3d|tojson }};
</script>
{% endmacro %}
{% macro html(this, kwargs) %}
<div class="folium-map" id={{ this.get_name()|tojson }}></div>
{% endmacro %}
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.map({{ this.get_name()|tojson }}, {
  center: {{ this.location|tojson }}, crs: L.CRS.{{ this.crs }},
  ...{{ this.options|tojavascript }}
});
{%- if this.zoom_control_position %}
L.control.zoom({position: {{ this.zoom_control|tojson }}}).addTo({{ this.get_name() }});
{%- endif %}
{% endmacro %}
"""
    )

    def render(self, **kwargs):
        number_elements(self.get_root())
        return super().render(**kwargs)


class InlineLeaflet(SafeMacroElement):
    """Leaflet's script and stylesheet, inlined in the page's head."""

    _template = Template(
        "{% macro header(this, kwargs) %}"
        "<style>{{ this.css }}</style>\n"
        "<script>{{ this.js }}</script>\n"
        "{% endmacro %}"
    )

    def __init__(self):
        super().__init__()
        self._name = "InlineLeaflet"
        self.js, self.css = leaflet_assets()


class PageStyle(SafeMacroElement):
    """The page's own styles (``static/basemap.css``), inlined in the head.

    When scripts are off, the text alternative is shown in full.
    """

    _template = Template(
        "{% macro header(this, kwargs) %}"
        "<style>{{ this.css }}</style>\n"
        "<noscript><style>.basemap-text { position: static; width: auto; "
        "height: auto; margin: 1em; clip: auto; white-space: normal; "
        "overflow: visible; }</style></noscript>\n"
        "{% endmacro %}"
    )

    def __init__(self):
        super().__init__()
        self._name = "PageStyle"
        self.css = static_text("basemap.css") + "\n" + static_text("places.css")


class EmbeddedGeoJSON(SafeMacroElement):
    """A GeoJSON document in a ``<script type="application/geo+json">``.

    The page's scripts read it with ``JSON.parse``; tools can read it too.
    The element is made into HTML once, when it is made: a map's document
    can weigh tens of megabytes, and is then held once (in its element),
    not also as the text it was made from, nor copied again when the page
    is rendered.
    """

    _template = Template(
        "{% macro html(this, kwargs) %}"
        '<script type="{{ this.mime }}" id="{{ this.element_id|e }}">'
        "{{ kwargs.payload }}</script>\n"
        "{% endmacro %}"
    )
    mime: ClassVar[str] = "application/geo+json"

    def __init__(self, data: dict, element_id: str, *, payload: str | None = None):
        super().__init__()
        self._name = type(self).__name__
        self.element_id = element_id
        text = script_json(data) if payload is None else payload
        self.tag = self._template.module.html(self, {"payload": text})

    @classmethod
    def from_json(cls, payload: str, element_id: str) -> EmbeddedGeoJSON:
        """From JSON already encoded with :func:`script_json`."""
        return cls({}, element_id, payload=payload)

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError("render the element inside a Figure")
        figure.html.add_child(RawHTML(self.tag), name=self.get_name())


class EmbeddedJSON(EmbeddedGeoJSON):
    """A JSON document (not GeoJSON) in a ``<script type="application/json">``."""

    mime: ClassVar[str] = "application/json"


class BasemapLayers(SafeMacroElement):
    """Draws the embedded data: borders, present and former sites, controls.

    The drawing code is ``static/basemap.js``, inlined once in the head. It
    reads the ``basemap-data`` and ``basemap-boundaries`` script elements,
    draws one circle marker per site and operator (SVG while the layer is
    small, one canvas once it is large), binds labels and popups built with
    DOM methods, adds the layer control and the attribution, fits the view,
    and sets ``data-basemap-ready="true"`` on the map's container once
    everything is drawn (and the tiles, if any, have loaded).
    """

    _template = Template(
        "{% macro header(this, kwargs) %}"
        "<script>{{ this.js }}</script>\n"
        "{% endmacro %}"
        "{% macro script(this, kwargs) %}"
        "basemapDraw({{ this._parent.get_name() }}, {{ this.options_json }}, "
        "{{ this.tiles_name or 'null' }});\n"
        "{% endmacro %}"
    )

    #: The page scripts, inlined in this order (basemap.js last: it calls
    #: the others).
    scripts: ClassVar[tuple[str, ...]] = (
        "popups.js",
        "labels.js",
        "places.js",
        "context.js",
        "figure.js",
        "areas.js",
        "canvas.js",
        "data.js",
        "find.js",
        "filters.js",
        "bridge.js",
        "keepframe.js",
        "fans.js",
        "insets.js",
        "compose.js",
        "embed.js",
        "basemap.js",
    )

    def __init__(self, options: dict, tiles: Element | None = None):
        super().__init__()
        self._name = "BasemapLayers"
        self.js = "\n".join(static_text(name) for name in self.scripts)
        self.options_json = script_json(options)
        self.tiles = tiles

    @property
    def tiles_name(self) -> str | None:
        return self.tiles.get_name() if self.tiles is not None else None


class TimelineLayers(BasemapLayers):
    """Draws one year at a time from the timeline data, with the player.

    ``static/timeline.js`` (inlined after ``basemap.js``) adds the slider,
    play/pause and step buttons and the arrow keys; the address
    (``#year=YEAR&...``, with the filters, view and open site, see
    ``static/filters.js``; the old ``#YEAR`` still opens the year) follows
    the reader. Each year is drawn by the same code as a yearly map.
    """

    _template = Template(
        "{% macro header(this, kwargs) %}"
        "<script>{{ this.js }}</script>\n"
        "<script>{{ this.timeline_js }}</script>\n"
        "{% endmacro %}"
        "{% macro script(this, kwargs) %}"
        "basemapTimeline({{ this._parent.get_name() }}, {{ this.options_json }}, "
        "{{ this.tiles_name or 'null' }});\n"
        "{% endmacro %}"
    )

    def __init__(self, options: dict, tiles: Element | None = None):
        super().__init__(options, tiles)
        self._name = "TimelineLayers"
        self.timeline_js = static_text("timeline.js")
