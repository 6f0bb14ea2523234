"""The page's own assets: its scripts and styles, Leaflet, and its JSON.

What every page inlines so that it opens offline and makes no request:
the scripts and styles of ``static/`` (read once, without their comment
lines, :func:`static_text`), Leaflet's script and style with its images as
data URIs (:func:`leaflet_assets`), and the JSON a page embeds, encoded so
that nothing in the data can end a ``<script>`` element (:func:`script_json`).
No folium here: the comparison page and the benchmarks use these too.

Examples
--------
>>> script_json({"name": "</script><b>"})
'{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
>>> "basemapDraw" in static_text("basemap.js")
True
"""

from __future__ import annotations

import base64
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import orjson

from ..resources import MAP_STATIC_DIR

__all__ = [
    "GENERATOR",
    "leaflet_assets",
    "lean_script",
    "script_json",
    "static_text",
]


#: The generator meta tag's content: marks a page as written by basemap.
GENERATOR = "basemap"


def script_json(obj: Any) -> str:
    """Encode ``obj`` as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e``, ``\\u0026`` (so no
    ``</script>`` or ``<!--`` can end the element early), and the line
    separators U+2028/U+2029 are escaped. The result is still valid JSON,
    compact, UTF-8 text unescaped, with keys in the order given, so output
    is deterministic.

    Encoded by orjson, escaped in its UTF-8 bytes (a map embeds tens of
    megabytes of sourced text: this is 2-3x faster than ``json.dumps`` and
    ``str.replace`` on text that is not ASCII). The same text as
    ``json.dumps(obj, ensure_ascii=False, separators=(",", ":"))`` but for
    the numbers Python writes with an exponent (below 1e-4 or from 1e16:
    ``1e-05`` is ``0.00001``, the same number to any JSON reader), keys that
    are not strings (written as strings, as ``json`` does), and NaN or
    infinity, which JSON cannot hold: ``null``.

    >>> script_json({"year": 2005, "x": 74.4775, "note": "a & b\u2028"})
    '{"year":2005,"x":74.4775,"note":"a \\\\u0026 b\\\\u2028"}'
    """
    raw = orjson.dumps(obj, option=orjson.OPT_NON_STR_KEYS)
    # copied only where a character is there to escape: no copy of the
    # text for nothing (an export's features are encoded one by one, and
    # short-lived copies between the texts kept fragment the heap)
    for char, escaped in _ESCAPES:
        if char in raw:
            raw = raw.replace(char, escaped)
    return raw.decode("utf-8")


#: What :func:`script_json` escapes, in UTF-8: the line and paragraph
#: separators are multi-byte sequences that no other character's bytes
#: contain (UTF-8 is self-synchronising).
_ESCAPES = (
    (b"<", b"\\u003c"),
    (b">", b"\\u003e"),
    (b"&", b"\\u0026"),
    ("\u2028".encode(), b"\\u2028"),
    ("\u2029".encode(), b"\\u2029"),
)


@cache
def static_text(name: str, folder: Path = MAP_STATIC_DIR) -> str:
    """Return a file of a ``static/`` folder (the map's, by default) as text:
    a script without its comment lines and indentation (see
    :func:`lean_script`), a style as it is."""
    text = (folder / name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():  # pragma: no cover
        raise RuntimeError(f"{folder.name}/{name} cannot be inlined as it is")
    return lean_script(text) if name.endswith(".js") else text


def lean_script(text: str) -> str:
    r"""A page script without its comment lines, blank lines and indentation.

    Only what is safe in the page's scripts, whatever the code, is taken
    out: lines that are wholly a comment (``//`` or ``/* ... */``, the
    documentation, about a quarter of the bytes) and leading spaces. A
    comment after code on the same line stays (it could be inside a string
    or a regular expression), and every line break stays (no statement is
    joined to another). The scripts use no template literals and no strings
    continued over lines, for which this would not hold.

    >>> js = "/* about\n * f */\nf = () => {\n  // one\n  return 1;  // x\n};\n"
    >>> print(lean_script(js))
    f = () => {
    return 1;  // x
    };
    """
    out: list[str] = []
    in_comment = False
    for line in text.split("\n"):
        line = line.strip()
        if in_comment or line.startswith("/*"):
            in_comment = "*/" not in line
            line = "" if in_comment else line.split("*/", 1)[1].strip()
        if line and not line.startswith("//"):
            out.append(line)
    return "\n".join(out)


@cache
def leaflet_assets() -> tuple[str, str]:
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
