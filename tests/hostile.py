"""A layer whose every free-text field carries an HTML/JavaScript payload.

Each payload, if it ran, would open a dialog, log to the console, navigate,
or set ``window.__pwned``; the tests assert none of that happens and that
the text appears literally where it belongs.
"""

from __future__ import annotations

import json
from pathlib import Path

PAYLOADS = {
    "name": '<script>alert("name");window.__pwned=1</script>Kant',
    "label": "<img src=x onerror=alert('label')>",
    "alias": "</script><script>console.log('alias');window.__pwned=1</script>",
    "kind": "\"><svg onload=alert('kind')>",
    "notes": "{{ 7*7 }} {% if 1 %}jinja{% endif %} ${alert('tpl')} <!-- ]]> "
    "<a href=javascript:alert('notes')>x</a>",
    "unit": "\u202eevil\u202c <b onmouseover=alert('unit')>unit</b>",
    "equipment": "<iframe src=\"javascript:alert('equipment')\"></iframe>",
    "title": "<script>location.href='http://evil.example/'</script>Source",
    "publisher": "<style>*{display:none}</style>Publisher",
    "quote": "'); alert('quote'); ('",
    "url": "https://example.org/\"><script>alert('url')</script>",
    "personnel": '<img src=x onerror="window.__pwned=1">400',
    "map_title": "<script>alert('title')</script>Map & title",
    # Jinja server-side template injection: would run a command at build time
    "ssti": "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}",
}


def write_hostile_layer(folder: Path) -> Path:
    """Write ``hostile.geojson`` in ``folder`` and return its path.

    The build-time payload (``ssti``) would create ``folder/PWNED``.
    """
    PAYLOADS["ssti"] = PAYLOADS["ssti"].replace("PWNED", str(folder / "PWNED"))
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [74.84639, 42.85306]},
        "properties": {
            "id": "kant-rus-1",
            "site": "kant",
            "name": PAYLOADS["name"] + " " + PAYLOADS["ssti"],
            "label": PAYLOADS["label"],
            "aliases": [PAYLOADS["alias"]],
            "operator": "RUS",
            "host": "KGZ",
            "kind": PAYLOADS["kind"],
            "start": "2003-10-23",
            "end": None,
            "personnel": [{"value": PAYLOADS["personnel"], "date": "2009"}],
            "equipment": [PAYLOADS["equipment"]],
            "units": [PAYLOADS["unit"]],
            "notes": PAYLOADS["notes"],
            "location_precision": "airfield",
            "location_note": PAYLOADS["notes"],
            "sources": [
                {
                    "title": PAYLOADS["title"],
                    "publisher": PAYLOADS["publisher"],
                    "date": "2020",
                    "url": PAYLOADS["url"],
                    "quote": PAYLOADS["quote"],
                }
            ],
        },
    }
    layer = {"type": "FeatureCollection", "as_of": "2026-11-23", "features": [feature]}
    path = folder / "hostile.geojson"
    path.write_text(json.dumps(layer, ensure_ascii=False), encoding="utf-8")
    return path


def write_hostile_context(folder: Path) -> tuple[Path, Path]:
    """Write ``events.geojson`` and ``alliances.json`` with payloads in every
    free-text field; return their paths."""
    source = {
        "title": PAYLOADS["title"],
        "publisher": PAYLOADS["publisher"],
        "date": "2020",
        "url": PAYLOADS["url"],
        "quote": PAYLOADS["quote"],
    }
    event = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [74.84639, 42.85306]},
        "properties": {
            "id": "hostile-event",
            "date": "2005-05-13",
            "kind": "unrest",
            "title": PAYLOADS["name"],
            "description": PAYLOADS["notes"] + " " + PAYLOADS["ssti"],
            "countries": ["KGZ"],
            "host": "KGZ",
            "place": {"name": PAYLOADS["kind"], "coordinates": [74.85077, 42.89106]},
            "location_precision": "airfield",
            "location_note": PAYLOADS["unit"],
            "notes": PAYLOADS["equipment"],
            "sources": [source],
        },
    }
    events = folder / "events.geojson"
    events.write_text(
        json.dumps(
            {"type": "FeatureCollection", "as_of": "2026-11-23", "features": [event]},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    org = {
        "id": "hostile-org",
        "name": PAYLOADS["alias"],
        "short": "<img src onerror=f>",
        "start": "2000",
        "end": None,
        "sources": [source],
    }
    member = {
        "id": "hostile-org-kgz-1",
        "organisation": "hostile-org",
        "member": "KGZ",
        "status": "member",
        "start": "2000",
        "end": None,
        "sources": [source],
    }
    alliances = folder / "alliances.json"
    alliances.write_text(
        json.dumps(
            {"as_of": "2026-11-23", "organisations": [org], "memberships": [member]},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return events, alliances
