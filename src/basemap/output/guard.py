"""What an output may replace: never an input, never a file basemap did not
write (unless forced), never anything but a file.

Before anything is written, a run lists the files it reads
(:func:`input_files`: the layers and their side files, such as a
Shapefile's ``.dbf`` or a GeoPackage's ``-wal``, the events and alliances,
and the bundled boundaries, schemas, templates and scripts) and checks
every output path against them (:func:`check_not_inputs`), comparing
resolved paths and, for hard links, the device and inode.
:func:`check_file_output` adds the rule of a single output file
(``basemap build -o``, :func:`check_build_output`, and ``basemap list -o``):
a folder, a broken symbolic link, a FIFO, a device or a socket (or a link
to one) is never replaced, even with ``force`` (the rename would put a
regular file in its place: as root, ``-o /dev/null`` would replace the
system's ``/dev/null``); an existing file is replaced only if basemap wrote
it (a map page carries the generator tag :data:`GENERATOR_TAG`; a listing
is recognised by its format), or with ``force``.

Examples
--------
>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as d:
...     mine = pathlib.Path(d) / "notes.html"
...     _ = mine.write_text("<p>my notes</p>")
...     try:
...         check_build_output(mine)
...     except Exception as exc:
...         print(str(exc).replace(d, "D"))  # doctest: +NORMALIZE_WHITESPACE
D/notes.html: exists and was not written by basemap (it has no
<meta name="generator" content="basemap"> tag); give another -o path,
or --force to replace it
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from .. import resources as bundled
from ..errors import OptionError, OutputError
from ..io.load import find_layer_files, side_files
from .atomic import broken_link

__all__ = [
    "GENERATOR_TAG",
    "check_build_output",
    "check_file_output",
    "check_not_inputs",
    "input_files",
    "is_basemap_page",
]

#: The tag every map page carries in its head (see
#: :class:`basemap.render.elements.BasemapFigure`): how basemap knows its own files.
GENERATOR_TAG = b'<meta name="generator" content="basemap'
#: The tag as found: ``content="basemap"`` or ``content="basemap VERSION"``.
_GENERATOR_RE = re.compile(re.escape(GENERATOR_TAG) + rb'[ "]')
#: How far into a page the tag is looked for (it follows ``<meta charset>``).
_HEAD_BYTES = 4096


def input_files(
    data=None, events=None, alliances=None, *, extra: Iterable = ()
) -> list[Path]:
    """Every file a run reads: the layers (``data``: files or folders, None
    for the bundled ones) with the side files GDAL reads beside them
    (:func:`basemap.io.load.side_files`), the events and alliances files (None: bundled,
    False: not read), every file of the bundled data (boundaries, schemas,
    ...), the package's templates and scripts, and ``extra``. Paths that do
    not exist are left out (reading them fails first).

    >>> names = {p.name for p in input_files()}
    >>> {"russia.geojson", "events.geojson", "index.html", "basemap.js"} <= names
    True
    """
    layers = find_layer_files(data)[0]
    files = [f for path in layers for f in (path, *side_files(path))]
    for arg, default in (
        (events, bundled.events_path),
        (alliances, bundled.alliances_path),
    ):
        if arg is not False:
            files.append(Path(arg) if arg is not None else default())
    # all of the bundled data (boundaries, schemas, places, sources) and the
    # package's templates and scripts: read by every run, or could be
    files += sorted(p for p in bundled.geodata_dir().rglob("*") if p.is_file())
    for folder in bundled.RESOURCE_DIRS:
        files += sorted(p for p in folder.rglob("*") if p.is_file())
    files += [Path(p) for p in extra]
    return [f for f in files if f.exists()]


def _identity(path: Path) -> tuple[tuple[int, int] | None, Path]:
    try:
        st = path.stat()
        ident = (st.st_dev, st.st_ino)
    except OSError:
        ident = None
    return ident, path.resolve()


def check_not_inputs(outputs: Iterable, inputs: Iterable) -> None:
    """Raise :class:`OutputError` if an output path is one of the inputs:
    the same resolved path (symbolic links count) or the same file (hard
    links count).

    >>> check_not_inputs(["out/2005.html"], ["geodata/layers/russia.geojson"])
    """
    by_id: dict = {}
    by_path: dict = {}
    for raw in inputs:
        ident, resolved = _identity(Path(raw))
        if ident is not None:
            by_id.setdefault(ident, Path(raw))
        by_path.setdefault(resolved, Path(raw))
    for raw in outputs:
        out = Path(raw)
        if not os.path.lexists(out):
            continue
        ident, resolved = _identity(out)
        found = by_id.get(ident) if ident is not None else None
        found = found or by_path.get(resolved)
        if found is not None:
            raise OutputError(
                f"{out}: output would replace the input {found}; "
                "choose another output path (nothing was written)"
            )


def is_basemap_page(path: Path) -> bool:
    """True when ``path`` is a regular file whose head carries basemap's
    generator tag (so basemap wrote it)."""
    try:
        if path.is_symlink() or not path.is_file():
            return False
        with path.open("rb") as fh:
            return _GENERATOR_RE.search(fh.read(_HEAD_BYTES)) is not None
    except OSError:
        return False


_KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


#: How basemap tells a page it wrote, as an error message says it.
_PAGE_SIGN = f'it has no {GENERATOR_TAG.decode()}"> tag'


def check_file_output(
    path,
    *,
    force: bool = False,
    ours: Callable[[Path], bool] = is_basemap_page,
    sign: str = _PAGE_SIGN,
) -> Path:
    """Check the path of a single output file; return it.

    Parameters
    ----------
    path : path
    force : bool
        Replace an existing file basemap did not write.
    ours : callable
        Tells a file basemap wrote (by default, a map page:
        :func:`is_basemap_page`).
    sign : str
        What a file ``ours`` refuses lacks, as a message says it.

    Raises
    ------
    OutputError
        When the path is (or is a link to) a folder, a FIFO, a device or a
        socket, goes through a broken symbolic link (never replaced, even
        with ``force``), or is an existing file ``ours`` does not know
        (unless ``force``).

    Examples
    --------
    >>> try:
    ...     check_file_output("/dev/null", force=True)
    ... except OutputError as exc:
    ...     print(exc)  # doctest: +NORMALIZE_WHITESPACE
    /dev/null: is a device, not a file: basemap replaces only files (a
    rename would put a regular file in its place); give the path of a file
    """
    path = Path(path)
    link = broken_link(path)
    if link is not None:
        raise OutputError(
            f"{path}: cannot write: the path goes through a broken symbolic link "
            f"({link[0]} -> {link[1]}, which does not exist); create its target "
            "or remove the link"
        )
    try:
        st = path.stat()  # (through a link: what it points to)
    except OSError:  # none (or no way to it): writing it says what is wrong
        return path
    kind = _KINDS.get(stat.S_IFMT(st.st_mode))
    if kind == "a folder":
        raise OutputError(f"{path}: is a folder; give the path of a file")
    if kind is not None or not stat.S_ISREG(st.st_mode):
        raise OutputError(
            f"{path}: is {kind or 'not a regular file'}, not a file: basemap "
            "replaces only files (a rename would put a regular file in its "
            "place); give the path of a file"
        )
    if not force and not ours(path):
        raise OutputError(
            f"{path}: exists and was not written by basemap ({sign}); give "
            "another -o path, or --force to replace it"
        )
    return path


def check_build_output(path, *, force: bool = False) -> Path:
    """Check the output path of a single map; return it.

    Raises
    ------
    OptionError
        When the path does not end in ``.html`` (a usage error).
    OutputError
        When the path is a folder, a broken symbolic link, a FIFO or a
        device, or an existing file basemap did not write (unless
        ``force``).
    """
    path = Path(path)
    if path.suffix.lower() != ".html":
        raise OptionError(
            f"-o {path}: the map is an HTML page, so the output path must end in .html"
        )
    return check_file_output(path, force=force)
