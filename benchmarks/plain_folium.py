"""The plain folium way: the peer ``basemap build --year 2005`` is timed against.

    python benchmarks/plain_folium.py LAYERS_FOLDER YEAR OUT.html

A script as an analyst would write it without basemap: read the same layer
files with ``json.load``, keep the periods present in the year (by the
years their dates are written with; no fuzzy dates, no checks), and draw
one ``CircleMarker`` per period with a ``Popup`` that tells what a basemap
popup tells (name, operator, dates, kind, notes, personnel, equipment and
every source with its quote), then save the page. It imports no basemap
module, so the two commands pay for their own imports.
"""

from __future__ import annotations

import json
import sys
from html import escape
from pathlib import Path


def present(props: dict, year: int) -> bool:
    """Whether a period's written dates cover ``year`` (the first four
    digits of each; an open end is still present)."""
    start = int(props["start"][:4])
    end = int(props["end"][:4]) if props.get("end") else 9999
    return start <= year <= end


def period_html(props: dict) -> str:
    """A period as escaped HTML: its dates, kind, notes, personnel,
    equipment, units and other names, and every source with its quote."""
    parts = [
        f"<p>{escape(props['start'])} to {escape(props.get('end') or 'now')}: "
        f"{escape(props.get('kind') or '')}</p>",
        f"<p>{escape(props.get('notes') or '')}</p>",
    ]
    for key in ("personnel", "equipment", "units", "aliases"):
        values = [
            v["value"] if isinstance(v, dict) else v for v in props.get(key) or []
        ]
        if values:
            parts.append(f"<p>{key}: {escape('; '.join(map(str, values)))}</p>")
    items = []
    for src in props["sources"]:
        if "seed" in src:
            cite = escape(src["seed"])
        else:
            cite = escape(f"{src['title']}, {src['publisher']}, {src['date']}")
            if src.get("url"):
                cite = f'<a href="{escape(src["url"], quote=True)}">{cite}</a>'
        items.append(f"<li>{cite}: \u201c{escape(src.get('quote') or '')}\u201d</li>")
    parts.append("<ol>" + "".join(items) + "</ol>")
    return "".join(parts)


def popup_html(props: dict) -> str:
    """A period's popup, as escaped HTML: who and where, then the period."""
    head = f"<b>{escape(props['name'])}</b> ({escape(props['operator'])})"
    return head + period_html(props)


def main(folder: str, year: str, out: str) -> None:
    import folium

    fmap = folium.Map(location=[41, 68], zoom_start=5)
    paths = (
        sorted(Path(folder).glob("*.geojson"))
        if Path(folder).is_dir()
        else [Path(folder)]
    )
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            layer = json.load(fh)
        for feature in layer["features"]:
            props = feature["properties"]
            if not present(props, int(year)):
                continue
            geometry = feature["geometry"]
            lon, lat = (
                props["anchor"]
                if geometry["type"] != "Point"
                else geometry["coordinates"]
            )
            folium.CircleMarker(
                location=[lat, lon], radius=6, popup=folium.Popup(popup_html(props))
            ).add_to(fmap)
    fmap.save(out)


if __name__ == "__main__":
    main(*sys.argv[1:4])
