"""folium and branca elements of the offline map.

Each piece of the page is a subclass of branca's ``Figure`` or
``MacroElement``, or of ``folium.Map``, with a class-level template, in the
manner of folium's own plugins. Nothing here changes folium's or branca's
classes or their module state.

Escaping: every string that comes from data is escaped where it lands.
Jinja's ``|e`` escapes HTML text and attributes; :func:`script_json` encodes
JSON so that it can stand inside a ``<script>`` element; the page's
JavaScript builds popups, labels and links with ``textContent`` and DOM
properties, never ``innerHTML``, and only emits ``http``/``https`` links.

Examples
--------
>>> script_json({"name": "</script><b>"})
'{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
"""

from __future__ import annotations

import base64
import json
import re
from functools import cache
from importlib import resources
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

__all__ = [
    "BasemapFigure",
    "BasemapLayers",
    "EmbeddedGeoJSON",
    "InlineLeaflet",
    "Legend",
    "OfflineMap",
    "PageStyle",
    "TextAlternative",
    "TitleBox",
    "number_elements",
    "script_json",
]


def script_json(obj: Any) -> str:
    """Encode ``obj`` as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e``, ``\\u0026`` (so no
    ``</script>`` or ``<!--`` can end the element early), and the line
    separators U+2028/U+2029 are escaped. The result is still valid JSON,
    with keys in the order given, so output is deterministic.
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def number_elements(root: Element) -> None:
    """Give every element under ``root`` a sequential id, in tree order.

    branca draws element ids from ``os.urandom``; numbering them makes the
    same map render to the same bytes every time.
    """
    count = 0

    def visit(element: Element) -> None:
        nonlocal count
        element._id = str(count)
        count += 1
        if isinstance(element, Figure):
            for part in (element.header, element.html, element.script):
                visit(part)
        for child in list(element._children.values()):
            visit(child)

    visit(root)


class BasemapFigure(Figure):
    """The HTML page: branca's Figure with a language and an escaped title."""

    _template = Template(
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        "{% if this.title %}<title>{{ this.title|e }}</title>{% endif %}\n"
        "{{ this.header.render(**kwargs) }}\n"
        "</head>\n"
        "<body>\n"
        "{{ this.html.render(**kwargs) }}\n"
        "</body>\n"
        "<script>\n"
        "{{ this.script.render(**kwargs) }}\n"
        "</script>\n"
        "</html>\n"
    )


class OfflineMap(folium.Map):
    """A ``folium.Map`` that links no CDN file and renders deterministically.

    Leaflet is inlined by :class:`InlineLeaflet` instead; jQuery, Bootstrap
    and Font Awesome are not needed at all (no folium popups or icons).
    """

    default_js: list[tuple[str, str]] = []
    default_css: list[tuple[str, str]] = []

    def render(self, **kwargs):
        number_elements(self.get_root())
        return super().render(**kwargs)


@cache
def _leaflet_assets() -> tuple[str, str]:
    """Leaflet's JS and CSS from XStatic-Leaflet, images as data URIs."""
    data = resources.files("xstatic.pkg.leaflet") / "data"
    js = (data / "leaflet.js").read_text(encoding="utf-8")
    css = (data / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match) -> str:
        image = (data / "images" / match.group(1)).read_bytes()
        return "url(data:image/png;base64," + base64.b64encode(image).decode() + ")"

    css = re.sub(r"url\(images/([\w.-]+\.png)\)", inline, css)
    if "</script" in js.lower() or "</style" in css.lower():  # pragma: no cover
        raise RuntimeError("Leaflet assets cannot be inlined as they are")
    return js, css


class InlineLeaflet(MacroElement):
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
        self.js, self.css = _leaflet_assets()


class PageStyle(MacroElement):
    """The page's own styles (title, labels, legend, popups, text list)."""

    _template = Template(
        """{% macro header(this, kwargs) %}<style>
.leaflet-container { font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; background: #EEF3F7; }
.basemap-title { position: absolute; top: 10px; left: 50%; transform: translateX(-50%); z-index: 1000;
  background: rgba(255,255,255,0.92); padding: 6px 14px; border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,0.3);
  text-align: center; pointer-events: none; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; max-width: 70%; }
.basemap-title h1 { font-size: 16px; margin: 0; font-weight: 600; }
.basemap-title .basemap-when { font-size: 26px; font-weight: 700; line-height: 1.1; }
.basemap-label { background: rgba(255,255,255,0.88); border: 0; box-shadow: none; padding: 1px 4px;
  font-weight: 600; font-size: 12px; color: #222; }
.basemap-label::before { display: none; }
.basemap-legend { background: rgba(255,255,255,0.92); padding: 6px 10px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.3); line-height: 1.6; }
.basemap-legend h2 { font-size: 13px; margin: 0 0 2px; }
.basemap-legend ul { list-style: none; margin: 0; padding: 0; }
.basemap-swatch { display: inline-block; width: 12px; height: 12px; border-radius: 50%; margin-right: 6px;
  vertical-align: -1px; border: 2px solid #fff; box-shadow: 0 0 0 1px #999; }
.basemap-swatch-uncertain { border: 2px dashed #555; opacity: 0.6; box-shadow: none; }
.basemap-swatch-proposed { background: transparent !important; border: 2px dashed #555; box-shadow: none; }
.basemap-swatch-temporary { width: 8px; height: 8px; }
.basemap-popup h3 { margin: 0 0 4px; font-size: 15px; }
.basemap-popup h4 { margin: 8px 0 2px; font-size: 13px; }
.basemap-popup h5 { margin: 6px 0 2px; font-size: 12px; }
.basemap-popup p { margin: 2px 0; }
.basemap-popup ol { margin: 0; padding-left: 18px; font-size: 12px; }
.basemap-popup .basemap-status { font-style: italic; }
.basemap-text { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
</style>
<noscript><style>.basemap-text { position: static; width: auto; height: auto; margin: 1em; clip: auto;
  white-space: normal; overflow: visible; }</style></noscript>
{% endmacro %}"""
    )

    def __init__(self):
        super().__init__()
        self._name = "PageStyle"


class EmbeddedGeoJSON(MacroElement):
    """A GeoJSON document in a ``<script type="application/geo+json">``.

    The page's scripts read it with ``JSON.parse``; tools can read it too.
    """

    _template = Template(
        "{% macro html(this, kwargs) %}"
        '<script type="application/geo+json" id="{{ this.element_id|e }}">'
        "{{ this.payload }}</script>\n"
        "{% endmacro %}"
    )

    def __init__(self, data: dict, element_id: str):
        super().__init__()
        self._name = "EmbeddedGeoJSON"
        self.element_id = element_id
        self.payload = script_json(data)


class TitleBox(MacroElement):
    """The title and the year (or date) drawn on the map itself."""

    _template = Template(
        "{% macro html(this, kwargs) %}"
        '<div class="basemap-title" role="heading" aria-level="1">'
        "<h1>{{ this.title|e }}</h1>"
        '<div class="basemap-when">{{ this.when|e }}</div></div>\n'
        "{% endmacro %}"
    )

    def __init__(self, title: str, when: str):
        super().__init__()
        self._name = "TitleBox"
        self.title = title
        self.when = when


class Legend(MacroElement):
    """The legend, as a Leaflet control in the bottom-right corner."""

    _template = Template(
        """{% macro html(this, kwargs) %}<div id="basemap-legend" class="basemap-legend leaflet-control">
<h2>{{ this.heading|e }}</h2><ul>
{%- for e in this.entries %}
<li><span class="basemap-swatch basemap-swatch-{{ e.symbol|e }}" style="background: {{ e.color|e }}"></span>{{ e.label|e }}</li>
{%- endfor %}
</ul></div>
{% endmacro %}
{% macro script(this, kwargs) %}
(function () {
  var legend = L.control({position: "bottomright"});
  legend.onAdd = function () {
    var el = document.getElementById("basemap-legend");
    L.DomEvent.disableClickPropagation(el);
    return el;
  };
  legend.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}"""
    )

    def __init__(self, entries: list[dict], heading: str = "Forces of"):
        super().__init__()
        self._name = "Legend"
        self.entries = [
            {"label": e["label"], "symbol": e["symbol"],
             "color": e["color"] if re.fullmatch(r"#[0-9A-Fa-f]{6}", e["color"])
             else "#000000"}
            for e in entries
        ]  # fmt: skip
        self.heading = heading


class TextAlternative(MacroElement):
    """A list of what the map shows, for readers who cannot see the map.

    Visually hidden but read by screen readers (the map's container points
    to it with ``aria-describedby``); shown in full when scripts are off.
    """

    _template = Template(
        """{% macro html(this, kwargs) %}<section id="basemap-text" class="basemap-text" aria-label="{{ this.heading|e }}">
<h2>{{ this.heading|e }}</h2>
{%- if this.present %}
<ul>
{%- for item in this.present %}
<li>{{ item|e }}</li>
{%- endfor %}
</ul>
{%- else %}
<p>No foreign military presence is recorded for this time.</p>
{%- endif %}
{%- if this.former %}
<h3>Former sites</h3>
<ul>
{%- for item in this.former %}
<li>{{ item|e }}</li>
{%- endfor %}
</ul>
{%- endif %}
<p>{{ this.credit|e }}</p>
</section>
{% endmacro %}"""
    )

    def __init__(self, heading: str, present: list[str], former: list[str], credit: str):
        super().__init__()
        self._name = "TextAlternative"
        self.heading = heading
        self.present = present
        self.former = former
        self.credit = credit


class BasemapLayers(MacroElement):
    """Draws the embedded data: borders, present and former sites, controls.

    Reads the ``basemap-data`` and ``basemap-boundaries`` script elements,
    draws one circle marker per site and operator (SVG while the layer is
    small, one canvas once it is large), binds labels and popups built with
    DOM methods, adds the layer control and the attribution, fits the view,
    and sets ``data-basemap-ready="true"`` on the map's container once
    everything is drawn (and the tiles, if any, have loaded).
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var opts = {{ this.options_json }};
  var tiles = {{ this.tiles_name or "null" }};
  var container = map.getContainer();
  container.setAttribute("aria-describedby", "basemap-text");
  container.setAttribute("role", "region");
  container.setAttribute("aria-label", opts.aria_label);

  function read(id) { return JSON.parse(document.getElementById(id).textContent); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function safeUrl(u) {
    return (typeof u === "string" && /^https?:\\/\\/[^\\s]+$/i.test(u)) ? u : null;
  }
  var PRECISION = {4: "year", 7: "month", 10: "day"};
  function dateText(d) {
    if (d === null || d === undefined) { return null; }
    var q = d.slice(-1), bare = d, notes = [];
    if (q === "~" || q === "?") { bare = d.slice(0, -1); }
    notes.push(PRECISION[bare.length] || "");
    if (q === "~") { notes.push("approximate"); }
    if (q === "?") { notes.push("uncertain"); }
    return d + " (" + notes.join(", ") + ")";
  }
  function row(parent, label, value) {
    if (value === null || value === undefined || value === "" ||
        (Array.isArray(value) && value.length === 0)) { return; }
    var p = el("p", "basemap-row");
    p.appendChild(el("strong", null, label + ": "));
    p.appendChild(document.createTextNode(Array.isArray(value) ? value.join("; ") : String(value)));
    parent.appendChild(p);
  }
  function sourceItem(s) {
    var li = el("li");
    if (s.seed) {
      li.appendChild(document.createTextNode("Seed document " + s.seed + ": "));
      li.appendChild(el("q", null, s.quote));
      return li;
    }
    var url = safeUrl(s.url);
    var title = el(url ? "a" : "cite", null, s.title);
    if (url) { title.href = url; title.target = "_blank"; title.rel = "noopener noreferrer"; }
    li.appendChild(title);
    li.appendChild(document.createTextNode(", " + s.publisher + ", " + s.date));
    if (s.quote) {
      li.appendChild(document.createTextNode(": "));
      li.appendChild(el("q", null, s.quote));
    }
    return li;
  }
  function popup(p) {
    var root = el("div", "basemap-popup");
    root.appendChild(el("h3", null, p.name));
    root.appendChild(el("p", "basemap-meta",
      p.operator_name + " (" + p.operator + ") in " + p.host_name + " (" + p.host + "), " + p.kind));
    root.appendChild(el("p", "basemap-status", opts.status_text[p.presence] +
      (p.change ? "; " + p.change + " " + opts.when_phrase : "")));
    p.periods.forEach(function (per) {
      var sec = el("section", "basemap-period");
      var end = per.end === null ? "present (as of " + opts.as_of + ")" : dateText(per.end);
      sec.appendChild(el("h4", null, per.name + ": " + dateText(per.start) + " to " + end));
      row(sec, "Also called", per.aliases);
      row(sec, "Personnel", (per.personnel || []).map(function (x) {
        return x.value + " (" + x.date + (x.source ? ", " + x.source : "") + ")";
      }));
      row(sec, "Equipment", per.equipment);
      row(sec, "Units", per.units);
      row(sec, "Notes", per.notes);
      sec.appendChild(el("h5", null, "Sources"));
      var ol = el("ol", "basemap-sources");
      (per.sources || []).forEach(function (s) { ol.appendChild(sourceItem(s)); });
      sec.appendChild(ol);
      root.appendChild(sec);
    });
    row(root, "Location", (p.location_precision || "unstated") +
      (p.location_note ? ": " + p.location_note : ""));
    return root;
  }

  var boundaries = L.geoJSON(read("basemap-boundaries"), {
    style: opts.boundary_style, interactive: false
  });
  boundaries.addTo(map);

  var data = read("basemap-data");
  var large = data.features.length > opts.canvas_threshold;
  var renderer = large ? L.canvas({padding: 0.5}) : L.svg();
  var labelled = data.features.length <= opts.label_limit;
  var present = L.featureGroup(), former = L.featureGroup();
  var OFFSET = {right: [10, 0], left: [-10, 0], top: [0, -10], bottom: [0, 10]};
  data.features.forEach(function (f) {
    var p = f.properties, c = f.geometry.coordinates;
    var style = L.extend({}, p.marker, {
      renderer: renderer,
      className: "basemap-marker basemap-" + p.presence
    });
    var m = L.circleMarker([c[1], c[0]], style);
    m.bindPopup(function () { return popup(p); }, {maxWidth: 380});
    if (labelled) {
      m.bindTooltip(el("span", null, p.label), {
        permanent: true, direction: p.label_direction,
        offset: OFFSET[p.label_direction] || [10, 0], className: "basemap-label"
      });
    } else {
      m.bindTooltip(function () { return el("span", null, p.label); });
    }
    (p.presence === "former" ? former : present).addLayer(m);
  });
  present.addTo(map);

  var base = {};
  if (tiles) { base[opts.tiles_label] = tiles; }
  var overlays = {};
  overlays[opts.layer_names.boundaries] = boundaries;
  overlays[opts.layer_names.present] = present;
  overlays[opts.layer_names.former] = former;
  L.control.layers(base, overlays, {collapsed: opts.collapsed}).addTo(map);
  map.attributionControl.addAttribution(opts.attribution);
  map.fitBounds(opts.bounds, {padding: [20, 20]});

  var pending = tiles ? 1 : 0;
  function markReady() {
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        container.setAttribute("data-basemap-ready", "true");
      });
    });
  }
  if (tiles) { tiles.once("load", function () { pending -= 1; if (!pending) { markReady(); } }); }
  if (!pending) { markReady(); }
})();
{% endmacro %}"""
    )

    def __init__(self, options: dict, tiles: MacroElement | None = None):
        super().__init__()
        self._name = "BasemapLayers"
        self.options_json = script_json(options)
        self.tiles = tiles

    @property
    def tiles_name(self) -> str | None:
        return self.tiles.get_name() if self.tiles is not None else None
