"""What an output may replace: never an input, never a file basemap did not
write (unless forced).

Before anything is written, a run lists the files it reads
(:func:`input_files`: the layers, the events and alliances, and the bundled
boundaries, schemas, templates and scripts) and checks every output path
against them (:func:`check_not_inputs`), comparing resolved paths and, for
hard links, the device and inode. :func:`check_build_output` adds the rule
of ``basemap build -o``: the path ends in ``.html``, and an existing file is
replaced only if basemap wrote it (its page carries the generator tag
:data:`GENERATOR_TAG`), or with ``force``.

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
from collections.abc import Iterable
from pathlib import Path

from .. import resources as bundled
from ..errors import OptionError, OutputError
from ..io.load import find_layer_files
from .atomic import broken_link

__all__ = [
    "GENERATOR_TAG",
    "check_build_output",
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
    for the bundled ones), the events and alliances files (None: bundled,
    False: not read), every file of the bundled data (boundaries, schemas,
    ...), the package's templates and scripts, and ``extra``. Paths that do
    not exist are left out (reading them fails first).

    >>> names = {p.name for p in input_files()}
    >>> {"russia.geojson", "events.geojson", "index.html", "basemap.js"} <= names
    True
    """
    files = list(find_layer_files(data)[0])
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


def check_build_output(path, *, force: bool = False) -> Path:
    """Check the output path of a single map; return it.

    Raises
    ------
    OptionError
        When the path does not end in ``.html`` (a usage error).
    OutputError
        When the path is a folder, a broken symbolic link, or an existing
        file basemap did not write (unless ``force``).
    """
    path = Path(path)
    if path.suffix.lower() != ".html":
        raise OptionError(
            f"-o {path}: the map is an HTML page, so the output path must end in .html"
        )
    link = broken_link(path)
    if link is not None:
        raise OutputError(
            f"{path}: cannot write: the path goes through a broken symbolic link "
            f"({link[0]} -> {link[1]}, which does not exist); create its target "
            "or remove the link"
        )
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give the path of an .html file")
    if os.path.lexists(path) and not force and not is_basemap_page(path):
        raise OutputError(
            f"{path}: exists and was not written by basemap (it has no "
            f'{GENERATOR_TAG.decode()}"> tag); give another -o path, or --force '
            "to replace it"
        )
    return path
