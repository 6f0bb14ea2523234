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

A layer given as a GIS file (``.gpkg``, ``.shp``, ``.fgb`` or ``.csv``) is
loaded by :mod:`basemap.io.vector` instead, into the same FeatureCollection
a GeoJSON file holds, so that it is checked the same way; the same guards
apply (:func:`check_file`, :func:`read_bytes`), and JSON text in its columns
is parsed as strictly (:func:`loads_text`).

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

import errno
import json
import math
import os
import stat
from collections.abc import Iterable
from os import PathLike
from pathlib import Path
from typing import Any

from ..errors import DataError, Problem
from ..resources import layer_paths

__all__ = [
    "MAX_NESTING",
    "PathArg",
    "check_file",
    "expand_paths",
    "find_layer_files",
    "load_json",
    "loads_text",
    "read_bytes",
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
                p for p in path.iterdir() if p.suffix in {".geojson", ".json"}
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
            f"not valid JSON text: {exc.msg} at column {exc.colno}",
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
            f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
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
