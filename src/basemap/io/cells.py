"""What GIS tools write in a cell, read back as the property it was.

A layer's lists and objects (``aliases``, ``sources``, ``anchor``, ...) and
its dates come back from GIS tools in several spellings, none of them the
GeoJSON one. :mod:`basemap.io.vector` reads every one of them with
:func:`read_list` and :func:`day_text`, so that a layer converted in the
ordinary ways reads back as it was:

* JSON text, as basemap writes it (and GDAL's ``-oo ARRAY_AS_STRING=YES``,
  its CSV writer, and JSON-subtype fields), read strictly
  (:func:`basemap.io.load.loads_text`);
* OGR's list text ``(4:a,b,c,d)``, which ``ogr2ogr`` writes for the
  StringList, IntegerList and RealList fields it makes of GeoJSON arrays in
  a format without lists (GeoPackage, Shapefile): a list of ``N`` items
  separated by commas, with no quoting, so an item that holds a comma is
  told from a separator by the space after it (``"An-24 and Il-76
  transports,Mi-8 helicopters"``), and a list that cannot be split into
  exactly ``N`` items that way is refused rather than guessed;
* Python literals, as pandas and geopandas write list and dict columns
  (``['a', 'b']``, ``{'title': ...}``), and numpy arrays as they print
  (``['a' 'b']``, ``[63.305 45.965]``), parsed by :func:`ast.literal_eval`
  (never ``eval``), and only into what JSON holds;
* dates as GDAL writes Date fields to CSV (``2026/12/01``), and Date or
  DateTime fields read back at midnight (or at 23:59:59, the end of a day).

:data:`BOOKKEEPING` names the columns GIS tools add for themselves (QGIS
keeps a GeoPackage's ``fid`` as a column in every other format); they are
not properties, and are left out.

Examples
--------
>>> read_list("(3:Kant,Кант,Aviabaza Kant)", "aliases")
['Kant', 'Кант', 'Aviabaza Kant']
>>> read_list("(2:63.305,45.965)", "anchor")
[63.305, 45.965]
>>> read_list("['Kant' 'Кант']", "aliases")
['Kant', 'Кант']
>>> day_text("2026/12/01"), day_text("2026-12-01T00:00:00")
('2026-12-01', '2026-12-01')
"""

from __future__ import annotations

import ast
import io
import math
import re
import tokenize
from datetime import date, datetime
from functools import cache
from typing import Any

from ..resources import load_schema
from .load import MAX_NESTING

__all__ = [
    "BOOKKEEPING",
    "DATE_PROPERTIES",
    "day_text",
    "looks_like_python",
    "number_lists",
    "ogr_list",
    "plain",
    "python_literal",
    "read_list",
]

#: Columns GIS tools add for their own bookkeeping, compared in lower case:
#: the feature id GDAL and QGIS keep as a column (``fid``, ``ogc_fid``),
#: ArcGIS's ``objectid``; and ``file`` and ``period``, which the frame of
#: :func:`basemap.io.layers.read_layers` holds beside the properties (the
#: file a row came from; its dates, parsed), so that the frame saved as it
#: is reads back.
BOOKKEEPING = frozenset({"fid", "ogc_fid", "objectid", "file", "period"})
#: The properties that are dates: GIS tools may hand them back as Date or
#: DateTime fields, or as GDAL's CSV text.
DATE_PROPERTIES = frozenset({"start", "end", "date", "as_of"})

_OGR_LIST = re.compile(r"\((\d+):(.*)\)", re.S)
_SEPARATOR = re.compile(r",(?! )")
_PYTHON_NAMES = re.compile(r"\b(?:None|True|False)\b")
_GDAL_DAY = re.compile(r"(\d{4})/(\d{2})/(\d{2})")
_MIDNIGHT = re.compile(
    r"(\d{4})[-/](\d{2})[-/](\d{2})[T ]"
    r"(?:00:00(?::00(?:\.0+)?)?|23:59:59(?:\.9+0*)?)"
    r"(?:Z|[+-]00(?::?00)?)?"
)


@cache
def number_lists() -> frozenset[str]:
    """The properties that are lists of numbers (the schema's arrays of
    ``number``), whose OGR list text holds numbers.

    >>> sorted(number_lists())
    ['anchor']
    """
    defs = load_schema()["$defs"]
    names = set()
    for kind in ("feature", "event"):
        props = defs.get(kind, {}).get("properties", {}).get("properties", {})
        for name, schema in props.get("properties", {}).items():
            items = schema.get("items", {}) if schema.get("type") == "array" else {}
            if items.get("type") in ("number", "integer"):
                names.add(name)
    return frozenset(names)


def ogr_list(text: str) -> list[str] | None:
    """The items of OGR's list text ``(N:a,b,...)``, or None if ``text`` is
    not one.

    Raises
    ------
    ValueError
        When the text cannot be split into exactly ``N`` items (an item
        holds a comma not followed by a space, or the text was cut).

    Examples
    --------
    >>> ogr_list("(2:Su-25 aircraft,L-39 trainers (4, 2012))")
    ['Su-25 aircraft', 'L-39 trainers (4, 2012)']
    >>> ogr_list("(0:)"), ogr_list("(Kant)")
    ([], None)
    >>> ogr_list("(2:a,b,c)")
    Traceback (most recent call last):
    ...
    ValueError: OGR list text of 2 items holds 3 commas-separated parts
    """
    match = _OGR_LIST.fullmatch(text.strip())
    if match is None:
        return None
    count, body = int(match.group(1)), match.group(2)
    if count == 0 and not body:
        return []
    if count == 1:
        return [body]
    parts = body.split(",")
    if len(parts) == count:
        return parts
    parts = _SEPARATOR.split(body)
    if len(parts) == count:
        return parts
    raise ValueError(
        f"OGR list text of {count} items holds {len(body.split(','))} "
        "commas-separated parts"
    )


def _tokens(text: str) -> list[tokenize.TokenInfo]:
    """Python's tokens of ``text``, without line breaks and indents."""
    skip = (
        tokenize.NL,
        tokenize.NEWLINE,
        tokenize.INDENT,
        tokenize.DEDENT,
        tokenize.ENDMARKER,
    )
    return [
        tok
        for tok in tokenize.generate_tokens(io.StringIO(text).readline)
        if tok.type not in skip
    ]


def _numpy_commas(text: str) -> tuple[str, int]:
    """``text`` with a comma between two values that follow each other with
    only spaces or line breaks between them, as numpy prints an array
    (``['a' 'b']``; a Python literal never has two values in a row), and
    how many commas that took."""
    ends = (tokenize.STRING, tokenize.NUMBER, tokenize.NAME)
    out: list[str] = []
    added = 0
    previous = None
    for tok in _tokens(text):
        starts = tok.type in ends or tok.string in ("[", "{", "(", "-", "+")
        if previous is not None and starts:
            closed = previous.type in ends or previous.string in ("]", "}", ")")
            if closed:
                out.append(",")
                added += 1
        out.append(tok.string)
        previous = tok
    return " ".join(out), added


def _json_value(value: Any, depth: int = 1) -> Any:
    """A literal as the JSON value it stands for: tuples become lists; a
    set, bytes, a complex number, a non-finite float, a key that is not
    text, or nesting deeper than a layer file may have
    (:data:`basemap.io.load.MAX_NESTING`) are refused (ValueError)."""
    if depth > MAX_NESTING:
        raise ValueError(f"lists or dicts nested more than {MAX_NESTING} levels deep")
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} is not a JSON number")
        return value
    if isinstance(value, list | tuple):
        return [_json_value(v, depth + 1) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise ValueError("a key that is not text")
        return {k: _json_value(v, depth + 1) for k, v in value.items()}
    raise ValueError(f"a {type(value).__name__}, which JSON does not hold")


def looks_like_python(text: str) -> bool:
    """Whether text that is not JSON looks like a Python literal as pandas
    or numpy write one: text in single quotes, ``None``, ``True`` or
    ``False``, or values side by side (a numpy array). JSON with a typo
    (``["Kant",]``, which Python would also read) does not, and is
    reported as the JSON it was meant to be.

    >>> looks_like_python("['Kant', 'Кант']"), looks_like_python("[63.305 45.965]")
    (True, True)
    >>> looks_like_python('["Kant",]'), looks_like_python('["Kant, Chuy"')
    (False, False)
    """
    if "'" in text or _PYTHON_NAMES.search(text):
        return True
    try:
        return _numpy_commas(text)[1] > 0
    except (tokenize.TokenError, SyntaxError):
        return False


def python_literal(text: str) -> Any:
    """A list or dict written as a Python literal (as pandas writes list and
    dict columns), or a numpy array as it prints, parsed with
    :func:`ast.literal_eval`: never run as code.

    Raises
    ------
    ValueError
        When the text is not such a literal, or holds what JSON does not
        (a set, bytes, ``nan``, ...).

    Examples
    --------
    >>> python_literal("[{'title': 'Kant', 'date': '2003'}]")
    [{'title': 'Kant', 'date': '2003'}]
    >>> python_literal("[63.305 45.965]")
    [63.305, 45.965]
    >>> python_literal("__import__('os').system('true')")
    Traceback (most recent call last):
    ...
    ValueError: not a Python list or dict
    """
    try:
        value = ast.literal_eval(_numpy_commas(text.strip())[0])
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        raise ValueError("not a Python list or dict") from None
    except tokenize.TokenError:
        raise ValueError("not a Python list or dict") from None
    if not isinstance(value, list | tuple | dict):
        raise ValueError("not a Python list or dict")
    return _json_value(value)


def read_list(text: str, prop: str) -> Any:
    """A list or object written as OGR list text, or as a Python literal
    (for JSON text, see :func:`basemap.io.load.loads_text`); numbers for the
    properties that are lists of numbers (:func:`number_lists`).

    Raises
    ------
    ValueError
        When the text is neither, saying why.

    Examples
    --------
    >>> read_list("{'name': 'Kant', 'coordinates': [74.85, 42.89]}", "place")
    {'name': 'Kant', 'coordinates': [74.85, 42.89]}
    >>> read_list("(2:74.85,north)", "anchor")
    Traceback (most recent call last):
    ...
    ValueError: OGR list text with an item that is not a number ('north')
    """
    items = ogr_list(text)
    if items is None:
        return python_literal(text)
    if prop not in number_lists():
        return items
    numbers = []
    for item in items:
        try:
            number = float(item)
        except ValueError:
            raise ValueError(
                f"OGR list text with an item that is not a number ({item!r})"
            ) from None
        numbers.append(
            int(number) if number.is_integer() and "." not in item else number
        )
    return numbers


def day_text(text: str) -> str:
    """A date as GIS tools give it back, as basemap writes it: GDAL's CSV
    ``YYYY/MM/DD`` and a date and time at midnight (or at 23:59:59, the
    last second of the day) become ``YYYY-MM-DD``; anything else is
    returned as it is (for the check to judge).

    >>> day_text("2002/11/30 23:59:59"), day_text("2005/11"), day_text("2005?")
    ('2002-11-30', '2005/11', '2005?')
    """
    text_ = text.strip()
    match = _GDAL_DAY.fullmatch(text_) or _MIDNIGHT.fullmatch(text_)
    if match is None:
        return text
    return "-".join(match.groups()[:3])


def plain(value: Any) -> Any:
    """A value read by GDAL as plain Python: None for NULL (and NaN), text
    for dates (a date and time at midnight or 23:59:59 as its day, see
    :func:`day_text`), numbers and lists as Python's.

    >>> import numpy as np
    >>> plain(np.datetime64("2026-12-01T00:00:00.000")), plain(np.float64("nan"))
    ('2026-12-01', None)
    """
    import numpy as np

    if value is None:
        return None
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return None
        if value.dtype == np.dtype("datetime64[D]"):
            return str(value)
        return plain(value.astype("datetime64[us]").item())
    if isinstance(value, datetime):
        return day_text(value.isoformat())
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float):
        value = float(value)
        return None if math.isnan(value) else value
    if isinstance(value, np.ndarray):
        return [plain(v) for v in value.tolist()]
    return value
