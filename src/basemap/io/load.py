"""Load layer and context files from disk: paths, bytes, text, JSON.

The I/O half of reading (:mod:`basemap.io.layers` checks what is loaded). Every
way a file can fail to be a readable JSON document becomes one
:class:`~basemap.errors.Problem` that says what, where and how to fix it,
never a hang, a traceback or a silent guess:

* a path that does not exist, a folder without layers, a symbolic link
  loop, an unreadable file;
* anything but a regular file (a FIFO, ``/dev/zero``, a socket): refused
  before it is read, so it cannot block or fill memory; a regular file is
  read up to its size limit and no further;
* an empty file, a UTF-8 byte-order mark, UTF-16 (with or without its
  byte-order mark: refused with its name rather than guessed, as JSON files
  are UTF-8, RFC 8259), bytes that are not UTF-8 (CRLF line ends are fine);
* invalid JSON; ``NaN`` and ``Infinity``, which are not JSON; numbers too
  large for a double (``1e400``); the same key twice in one object (JSON
  parsers silently keep one of them); arrays or objects nested more than
  :data:`MAX_NESTING` levels deep.

* text no output can hold (:data:`basemap.text.UNSAFE`: a control
  character, an unpaired surrogate), in any string of the file, named with
  its feature and property (:func:`text_problems`); found in bulk first, by
  the bytes that may start one, so that a clean file costs no walk;
* a folder stands for its visible ``.geojson`` and ``.json`` files (not a
  hidden one, such as an export's ``.basemap-manifest.json``).

A layer given as a GIS file (``.gpkg``, ``.shp``, ``.fgb`` or ``.csv``) is
loaded by :mod:`basemap.io.vector` instead, into the same FeatureCollection
a GeoJSON file holds, so that it is checked the same way; the same guards
apply (:func:`check_file`, :func:`read_bytes`, :func:`text_problems`), and
JSON text in its columns is parsed as strictly (:func:`loads_text`). GDAL
picks its driver by a file's content, not its name: a file is given to it
only when its first bytes are those of the format its suffix names
(:func:`check_signature`), so an OGR VRT named ``.gpkg`` (which reads other
files, or the network) is refused unread, and GDAL reads with its network
file systems shut (:func:`gdal_offline`). A GIS layer is also its side
files (:func:`side_files`: a Shapefile's ``.dbf``, a GeoPackage's
``-wal``), which count as inputs like the file itself.

Examples
--------
>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as d:
...     path = pathlib.Path(d) / "x.geojson"
...     _ = path.write_bytes(b'{"a": 1, "a": 2}')
...     data, problems = load_json(path, 2**20, collection=False)
...     data, [p.message for p in problems]
(None, ["duplicate key 'a' in one object"])
"""

from __future__ import annotations

import contextlib
import errno
import json
import math
import os
import re
import stat
from collections.abc import Iterable, Iterator
from os import PathLike
from pathlib import Path
from typing import Any

from ..errors import DataError, Problem
from ..resources import layer_paths
from ..text import UNSAFE, describe_char

__all__ = [
    "MAX_NESTING",
    "SIDE_SUFFIXES",
    "SIGNATURES",
    "PathArg",
    "check_file",
    "check_signature",
    "expand_paths",
    "find_layer_files",
    "gdal_offline",
    "load_json",
    "loads_text",
    "read_bytes",
    "side_files",
    "strict_float",
    "text_problems",
    "utf16_name",
]

PathArg = str | PathLike[str]

#: How deeply arrays and objects may nest in a file (a layer needs about 6).
MAX_NESTING = 32
#: JSON's whitespace (RFC 8259), and each opening bracket read as "[".
_JSON_SPACE = b" \t\n\r"
_OPENING = bytes.maketrans(b"{", b"[")


def _deep_run(raw: bytes) -> bool:
    """Whether :data:`MAX_NESTING` opening brackets follow one another with
    only whitespace between: nesting worth a closer look (by :func:`_scan`).

    Done by deleting the whitespace and searching for the run as a plain
    substring, five times quicker than a regular expression over a large
    file (brackets inside strings may match too: the closer look finds
    nothing there).

    >>> _deep_run(b"[" * 31 + b"]" * 31), _deep_run(b"[ {" * 16)
    (False, True)
    """
    return b"[" * MAX_NESTING in raw.translate(_OPENING, _JSON_SPACE)


_KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


def expand_paths(paths: Iterable[PathArg] | PathArg | None) -> list[Path]:
    """Turn files and folders into a sorted list of layer files.

    A folder stands for the ``*.geojson`` and ``*.json`` files directly in it.
    None stands for the bundled layers.

    Raises
    ------
    DataError
        For a path that does not exist or a folder without layers.
    """
    files, problems = find_layer_files(paths)
    if problems:
        raise DataError(problems)
    return files


def find_layer_files(paths) -> tuple[list[Path], list[Problem]]:
    """The layer files ``paths`` stand for (as :func:`expand_paths` finds
    them), and a problem for each path that stands for none."""
    if paths is None:
        return layer_paths(), []
    if isinstance(paths, str | PathLike):
        paths = [paths]
    out: list[Path] = []
    problems = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                if p.suffix in {".geojson", ".json"} and not p.name.startswith(".")
            )
            if not found:
                problems.append(
                    Problem(
                        str(path),
                        None,
                        None,
                        "folder holds no .geojson or .json files",
                        "point --data at layer files or at a folder of them",
                    )
                )
            out.extend(found)
        elif path.is_file() or os.path.lexists(path):
            out.append(path)  # a link loop, a FIFO, ...: load_json says what
        else:
            problems.append(
                Problem(
                    str(path), None, None, "no such file or folder", "check the path"
                )
            )
    return out, problems


def read_bytes(
    path: Path, max_bytes: int | None = None
) -> tuple[bytes | None, Problem | None]:
    """The bytes of a regular file, at most ``max_bytes`` of them (None: as
    many as it has; the memory guard is :mod:`basemap.io.memory`)."""
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        return None, _open_problem(name, exc)
    with os.fdopen(fd, "rb") as fh:
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                return None, _not_regular(name, st)
            if max_bytes is not None and st.st_size > max_bytes:
                return None, _too_big(name, st.st_size, max_bytes)
            raw = fh.read(-1 if max_bytes is None else max_bytes + 1)
        except OSError as exc:
            return None, _unreadable(name, exc)
    if max_bytes is not None and len(raw) > max_bytes:  # grew while being read
        return None, _too_big(name, len(raw), max_bytes)
    return raw, None


def _open_problem(name: str, exc: OSError) -> Problem:
    """The problem of a file that cannot be opened (or stat'ed)."""
    if exc.errno == errno.ELOOP:
        return Problem(
            name,
            None,
            None,
            "cannot be read: it is a loop of symbolic links",
            "point the link at a file, or remove it",
        )
    return _unreadable(name, exc)


def _not_regular(name: str, st: os.stat_result) -> Problem:
    kind = _KINDS.get(stat.S_IFMT(st.st_mode), "not a regular file")
    return Problem(
        name,
        None,
        None,
        f"is {kind}, not a regular file",
        "give the path of a layer file (basemap does not read from pipes or devices)",
    )


def check_file(path: PathArg, max_bytes: int | None = None) -> Problem | None:
    """The problem that keeps a file from being read, or None: what
    :func:`load_json` refuses before reading (a link loop, an unreadable
    path, a FIFO or a device, a file over ``max_bytes``), for a reader
    that opens the file itself (GDAL).

    >>> check_file("/dev/null", 100).message
    'is a character device, not a regular file'
    """
    name = str(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        return _open_problem(name, exc)
    if not stat.S_ISREG(st.st_mode):
        return _not_regular(name, st)
    if max_bytes is not None and st.st_size > max_bytes:
        return _too_big(name, st.st_size, max_bytes)
    if not os.access(path, os.R_OK):
        return _unreadable(name, PermissionError(errno.EACCES, "Permission denied"))
    return None


def _unreadable(name: str, exc: OSError) -> Problem:
    return Problem(
        name,
        None,
        None,
        f"cannot be read: {exc.strerror or exc}",
        "check the path and its permissions",
    )


def _too_big(name: str, size: int, max_bytes: int) -> Problem:
    return Problem(
        name,
        None,
        None,
        f"file is {size / 2**20:.0f} MB, over the "
        f"{max_bytes / 2**20:.0f} MB limit for one layer",
        "split it into several layer files",
    )


#: The files GDAL reads beside a GIS layer of each suffix: a Shapefile's
#: index, attribute table, projection, code page and spatial indexes; a
#: GeoPackage's write-ahead log (where QGIS leaves its edits until a
#: checkpoint) and rollback journal. Inputs like the layer itself: never
#: replaced, and part of an export's fingerprint.
SIDE_SUFFIXES = {
    ".shp": (".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".shp.xml"),
    ".gpkg": ("-wal", "-journal"),
}


def side_files(path: PathArg) -> list[Path]:
    """The side files of the GIS layer ``path`` that exist (a Shapefile's
    in either case of their suffix, as GDAL finds them).

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     for name in ("a.shp", "a.DBF", "a.prj", "b.gpkg", "b.gpkg-wal"):
    ...         _ = (pathlib.Path(d) / name).write_bytes(b"")
    ...     [p.name for p in side_files(pathlib.Path(d) / "a.shp") + side_files(
    ...         pathlib.Path(d) / "b.gpkg")]
    ['a.DBF', 'a.prj', 'b.gpkg-wal']
    """
    path = Path(path)
    suffix = path.suffix.lower()
    found = []
    for side in SIDE_SUFFIXES.get(suffix, ()):
        if side.startswith("-"):
            names = [path.name + side]
        else:
            stem = path.name[: -len(suffix)]
            names = list(dict.fromkeys([stem + side, stem + side.upper()]))
        found += [p for n in names if os.path.lexists(p := path.with_name(n))]
    return found


#: The first bytes of each format GDAL reads (by its suffix): a file is
#: given to GDAL only when it starts so (:func:`check_signature`).
SIGNATURES = {
    ".gpkg": b"SQLite format 3\x00",
    ".shp": b"\x00\x00\x27\x0a",  # the file code 9994, big-endian
    ".fgb": b"fgb\x03",
}


def check_signature(path: PathArg, kind: str) -> Problem | None:
    """The problem of a GIS file whose content is not the format its
    suffix names (``kind``: "a GeoPackage", ...), or None. GDAL would open
    it as whatever its content is: an OGR VRT named ``.gpkg`` reads other
    files into the map, or fetches them over the network.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = pathlib.Path(d) / "x.gpkg"
    ...     _ = path.write_bytes(b"<OGRVRTDataSource>...")
    ...     print(check_signature(path, "a GeoPackage").message[:50])
    is not a GeoPackage: its content is XML (an OGR VR
    """
    want = SIGNATURES.get(Path(path).suffix.lower())
    if want is None:
        return None
    head, problem = _head(Path(path), len(want))
    if problem is not None:
        return problem
    if head == want:
        return None
    what = (
        "XML (an OGR VRT, say), which basemap does not read"
        if head.lstrip()[:1] == b"<"
        else "another format"
    )
    return Problem(
        str(path),
        None,
        None,
        f"is not {kind}: its content is {what}",
        f"give {kind} itself; basemap reads a file as the format its name says",
    )


def _head(path: Path, size: int) -> tuple[bytes, Problem | None]:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        return b"", _open_problem(str(path), exc)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return b"", _not_regular(str(path), st)
        return os.read(fd, size), None
    except OSError as exc:
        return b"", _unreadable(str(path), exc)
    finally:
        os.close(fd)


#: GDAL's settings while basemap reads a GIS file: every network file
#: system (``/vsicurl/`` and those built on it) refuses every name, and
#: PROJ fetches no grid.
_OFFLINE = {
    "CPL_VSIL_CURL_ALLOWED_FILENAME": "/vsicurl/basemap-reads-no-network",
    "PROJ_NETWORK": "OFF",
}


@contextlib.contextmanager
def gdal_offline() -> Iterator[None]:
    """Read with GDAL's network file systems shut (:data:`_OFFLINE`); the
    settings as they were are put back afterwards (they are the process's).
    """
    import pyogrio

    before = {k: pyogrio.get_gdal_config_option(k) for k in _OFFLINE}
    pyogrio.set_gdal_config_options(_OFFLINE)
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options(before)


#: A decimal number as written in a CSV cell (no ``_``, ``inf`` or ``nan``).
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def strict_float(text: str) -> float:
    """A decimal number written as text, as a spreadsheet or GIS tool reads
    it: Python's own spellings (``6_7.31``, ``inf``, ``nan``, ``0x1p3``)
    are refused, as is a number beyond a double.

    >>> strict_float(" -67.31 "), strict_float("1e3")
    (-67.31, 1000.0)
    >>> strict_float("6_7.31")
    Traceback (most recent call last):
    ValueError: '6_7.31' is not a decimal number
    """
    text = text.strip()
    if not _DECIMAL.fullmatch(text):
        raise ValueError(f"{text!r} is not a decimal number")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is beyond a double")
    return value


#: Bytes of a JSON file that may stand for a character of
#: :data:`basemap.text.UNSAFE` (a raw C0 control is not JSON at all): an
#: escape of a control, a surrogate or U+FFFE/U+FFFF, a raw DEL, C1 control
#: or U+FFFE/U+FFFF. One pattern each, each starting with a literal (a
#: fast scan: about 2 s a GB together, a tenth of parsing the JSON).
_SUSPECT = [
    re.compile(rb"\\u(?:00[01]|007[fF]|00[89]|[dD][89a-fA-F]|[fF][fF][fF][eEfF])"),
    re.compile(rb"\x7f"),
    re.compile(rb"\xc2[\x80-\x9f]"),
    re.compile(rb"\xef\xbf[\xbe\xbf]"),
]


def text_problems(name: str, data: Any) -> list[Problem]:
    """A problem for each string (or key) of ``data``, a loaded file, that
    holds a character no output can hold (:data:`basemap.text.UNSAFE`),
    with the feature and property it is in.

    >>> p = text_problems("a.geojson", {"features": [{"properties": {
    ...     "id": "kant-1", "name": "Kant\x0bAir Base"}}]})[0]
    >>> p.feature_id, p.prop, p.message[:45]
    ('kant-1', 'name', 'holds the control character U+000B (vertical ')
    """
    problems = []
    stack: list[tuple[Any, list]] = [(data, [])]
    while stack:
        node, path = stack.pop()
        if isinstance(node, str):
            _unsafe(name, node, path, data, problems)
        elif isinstance(node, dict):
            for key, value in reversed(list(node.items())):
                if isinstance(key, str) and UNSAFE.search(key):
                    _unsafe(name, key, [*path, key], data, problems, key=True)
                stack.append((value, [*path, key]))
        elif isinstance(node, list):
            stack.extend((v, [*path, i]) for i, v in reversed(list(enumerate(node))))
    return problems


def _unsafe(name, text, path, data, problems, key=False) -> None:
    found = UNSAFE.search(text)
    if found is None:
        return
    fid, prop = _where(path, data)
    what = describe_char(found.group())
    where = f"at character {found.start() + 1}" + (" of its name" if key else "")
    if "\ud800" <= found.group() <= "\udfff":
        message = f"holds {what}, half of a surrogate pair, {where}: not a character"
        hint = "write the character itself (JSON: both halves of the pair)"
    else:
        message = f"holds the control character {what} {where}"
        hint = (
            "remove it: no page, SVG figure or spreadsheet can show it (text "
            "pasted from Word or Excel often carries one)"
        )
    problems.append(Problem(name, fid, prop, message, hint))


def _suspect(raw: bytes) -> bool:
    """Whether the bytes of a JSON file may hold an unsafe character (then
    its strings are looked at one by one)."""
    return any(pattern.search(raw) for pattern in _SUSPECT)


def utf16_name(raw: bytes) -> str | None:
    """How the bytes look like UTF-16, or None."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        order = "little" if raw[0] == 0xFF else "big"
        return f"UTF-16 ({order}-endian, with a byte-order mark)"
    if len(raw) >= 4 and raw[1] == 0 and raw[3] == 0 and raw[0] and raw[2]:
        return "UTF-16 (little-endian, without a byte-order mark)"
    if len(raw) >= 4 and raw[0] == 0 and raw[2] == 0 and raw[1] and raw[3]:
        return "UTF-16 (big-endian, without a byte-order mark)"
    return None


class _DuplicateKeys(dict):
    """An object in which some keys were written more than once."""

    duplicates: list[str]


class _Parser:
    """json.loads with hooks that note what JSON parsers hide: repeated
    keys and numbers too large for a double."""

    def __init__(self):
        self.suspect = False
        self.overflows: list[str] = []

    def pairs(self, pairs: list[tuple[str, Any]]) -> dict:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            obj = _DuplicateKeys(pairs)
            obj.duplicates = list(
                dict.fromkeys(k for k, _ in pairs if k in seen or seen.add(k))
            )
            self.suspect = True
        return obj

    def number(self, token: str) -> float:
        value = float(token)
        if math.isinf(value):
            self.overflows.append(token)
            self.suspect = True
        return value

    def integer(self, token: str) -> int | float:
        if len(token) > 300:  # beyond a double (and Python's digit limit)
            self.overflows.append(token[:20] + "...")
            self.suspect = True
            return math.inf
        return int(token)

    def loads(self, text: str) -> Any:
        def reject_constant(token: str):
            raise ValueError(f"{token} is not a JSON number")

        return json.loads(
            text,
            parse_constant=reject_constant,
            parse_float=self.number,
            parse_int=self.integer,
            object_pairs_hook=self.pairs,
        )


def _where(path: list, data: Any) -> tuple[str | None, str | None]:
    """(feature id, property) of a place in a document, as problems name
    them: a feature's properties by their own names, a run of list indices
    (a runaway ``[[[...]]]``) cut short."""
    fid = None
    rest = path
    if len(path) >= 2 and path[0] == "features" and isinstance(path[1], int):
        fid = f"#{path[1]}"
        feature = data["features"][path[1]]
        props = feature.get("properties") if isinstance(feature, dict) else None
        if isinstance(props, dict) and isinstance(props.get("id"), str) and props["id"]:
            fid = props["id"]
        rest = path[2:]
        if rest[:1] == ["properties"]:
            rest = rest[1:]
    text = ""
    for i, part in enumerate(rest):
        if isinstance(part, int):
            if i and isinstance(rest[i - 1], int):
                break
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return fid, text or None


def _scan(name: str, data: Any, overflows: list[str]) -> list[Problem]:
    """Find repeated keys, numbers too large and too-deep nesting, with
    where they are."""
    problems = []
    tokens = iter(overflows)
    deep_reported = False
    stack: list[tuple[Any, list, int]] = [(data, [], 1)]
    while stack:
        node, path, depth = stack.pop()
        if isinstance(node, dict | list) and depth > MAX_NESTING:
            if not deep_reported:
                fid, prop = _where(path, data)
                problems.append(
                    Problem(
                        name,
                        fid,
                        prop,
                        f"arrays or objects nested more than {MAX_NESTING} levels deep",
                        "a layer needs only a few levels: look for a runaway [[[...]]]",
                    )
                )
                deep_reported = True
            continue
        if isinstance(node, dict):
            if isinstance(node, _DuplicateKeys):
                for key in node.duplicates:
                    fid, prop = _where([*path, key], data)
                    problems.append(
                        Problem(
                            name,
                            fid,
                            prop,
                            f"duplicate key {key!r} in one object",
                            "write each key once: JSON readers silently keep "
                            "only one of its values",
                        )
                    )
            items = list(node.items())
            stack.extend((v, [*path, k], depth + 1) for k, v in reversed(items))
        elif isinstance(node, list):
            stack.extend(
                (v, [*path, i], depth + 1) for i, v in reversed(list(enumerate(node)))
            )
        elif isinstance(node, float) and math.isinf(node):
            fid, prop = _where(path, data)
            token = next(tokens, "the number")
            problems.append(
                Problem(
                    name,
                    fid,
                    prop,
                    f"number {token} is too large (over 1.8e308, beyond a double)",
                    "write a finite number, or null for an unknown value",
                )
            )
    return problems


def _at(message: str) -> str:
    """A JSON parser's message followed by "at": once, even after Python's
    "Unterminated string starting at".

    >>> _at("Unterminated string starting at"), _at("Expecting value")
    ('Unterminated string starting at', 'Expecting value at')
    """
    return message if message.endswith(" at") else f"{message} at"


def loads_text(
    text: str, name: str, fid: str | None, prop: str
) -> tuple[Any, list[Problem]]:
    """Parse the JSON text of one cell (a GIS column holding a list or an
    object): ``(value, [])`` or ``(None, problems)``, as strictly as a file
    (no ``NaN``, no key twice, no number beyond a double, no runaway
    nesting), each problem naming the file, feature and property.

    >>> loads_text('["Kant"]', "a.gpkg", "kant-rus-1", "aliases")
    (['Kant'], [])
    >>> problem = loads_text('["Kant",]', "a.gpkg", "kant-rus-1", "aliases")[1][0]
    >>> problem.feature_id, problem.prop, problem.message
    ('kant-rus-1', 'aliases', 'not valid JSON text: Expecting value at column 9')
    """

    def fail(message: str, hint: str) -> tuple[None, list[Problem]]:
        return None, [Problem(name, fid, prop, message, hint)]

    parser = _Parser()
    try:
        value = parser.loads(text)
    except json.JSONDecodeError as exc:
        return fail(
            f"not valid JSON text: {_at(exc.msg)} column {exc.colno}",
            'the column holds JSON text, e.g. ["a", "b"] or {"name": "..."}',
        )
    except RecursionError:
        return fail(
            f"arrays or objects nested more than {MAX_NESTING} levels deep",
            "a layer needs only a few levels: look for a runaway [[[...]]]",
        )
    except ValueError as exc:
        return fail(
            f"not valid JSON text: {exc}",
            "write a number, or null for an unknown value",
        )
    if parser.suspect or _deep_run(text.encode()):
        doc = {"features": [{"properties": {"id": fid, prop: value}}]}
        problems = _scan(name, doc, parser.overflows)
        if problems:
            return None, problems
    return value, []


def load_json(
    path: Path, max_bytes: int | None = None, collection: bool = True
) -> tuple[Any, list[Problem]]:
    """Load a file's JSON: (data, []) or (None, [the problem]).

    With ``collection``, only a GeoJSON FeatureCollection is accepted;
    otherwise any JSON object. (A GIS file is loaded by
    :func:`basemap.io.vector.load_collection`.)
    """
    name = str(path)
    raw, problem = read_bytes(Path(path), max_bytes)
    if problem is not None:
        return None, [problem]

    def fail(message, hint, prop=None):
        return None, [Problem(name, None, prop, message, hint)]

    if not raw.strip():
        return fail("file is empty", "a layer is a GeoJSON FeatureCollection")
    if raw.startswith(b"\xef\xbb\xbf"):
        return fail(
            "file starts with a UTF-8 byte-order mark",
            "save it as UTF-8 without BOM (RFC 8259)",
        )
    utf16 = utf16_name(raw)
    if utf16:
        return fail(
            f"file is {utf16}, not UTF-8",
            "save it as UTF-8 without BOM (RFC 8259)",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return fail(
            f"file is not UTF-8 (byte {exc.start} cannot be decoded)",
            "save it as UTF-8",
        )
    parser = _Parser()
    try:
        data = parser.loads(text)
    except json.JSONDecodeError as exc:
        return fail(
            f"not valid JSON: {_at(exc.msg)} line {exc.lineno} column {exc.colno}",
            "fix the JSON syntax",
        )
    except RecursionError:
        return fail(
            f"arrays or objects nested more than {MAX_NESTING} levels deep",
            "a layer needs only a few levels: look for a runaway [[[...]]]",
        )
    except ValueError as exc:
        return fail(
            f"not valid JSON: {exc}",
            "write a number, or null for an unknown value",
        )
    if parser.suspect or _deep_run(raw):
        problems = _scan(name, data, parser.overflows)
        if problems:
            return None, problems
    if _suspect(raw):
        problems = text_problems(name, data)
        if problems:
            return None, problems
    if not collection:
        if isinstance(data, dict):
            return data, []
        return fail(
            f"not a JSON object ({type(data).__name__})",
            "see the schema of this file",
        )
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        found = data.get("type") if isinstance(data, dict) else type(data).__name__
        return fail(
            f"not a GeoJSON FeatureCollection (type is {found!r})",
            'a layer is {"type": "FeatureCollection", "as_of": ..., "features": [...]}',
            "type",
        )
    return data, []
