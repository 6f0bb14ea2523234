"""Write files atomically.

:func:`write_map` is the last step of the pipeline. Every file is written
to a temporary file in the same folder (``.NAME.XXXXXXXX.tmp``), flushed to
disk and renamed over the target, so a reader sees either the old file or
the new one, never a fragment, and a failed or interrupted run leaves no
half-written map. A failure (a full disk, a read-only folder, a broken
symbolic link on the way) removes the temporary file and raises an
:class:`~basemap.errors.OutputError` that says what happened; a run killed
outright can leave a temporary file, which :func:`clean_temp_files` (run by
the next export) removes.

Which files a run may replace at all is decided before anything is written,
by :mod:`basemap.output.guard` and :mod:`basemap.exporter.manifest`.

Examples
--------
>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as d:
...     path = atomic_write_text(pathlib.Path(d) / "a" / "x.txt", "hello")
...     path.read_text(), sorted(p.name for p in path.parent.iterdir())
('hello', ['x.txt'])
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import OutputError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..render.elements import OfflineMap

__all__ = [
    "TEMP_PATTERN",
    "atomic_write_bytes",
    "atomic_write_text",
    "broken_link",
    "clean_temp_files",
    "output_error",
    "render_html",
    "sync_folders",
    "write_map",
]

#: Names of basemap's temporary files (``.NAME.`` + 8 random characters +
#: ``.tmp``, as :func:`tempfile.mkstemp` makes them).
TEMP_PATTERN = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")

_WHY = {
    errno.ENOSPC: "the disk is full; free some space and run again",
    errno.EDQUOT: "the disk quota is used up; free some space and run again",
    errno.EROFS: "the folder is on a read-only file system; choose another "
    "output folder",
    errno.EACCES: "permission denied; choose a folder you can write to",
    errno.EPERM: "permission denied; choose a folder you can write to",
}


def broken_link(path: str | os.PathLike[str]) -> tuple[Path, str] | None:
    """The first dangling symbolic link on the way to ``path``, with its
    target, or None.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     link = pathlib.Path(d) / "out"
    ...     link.symlink_to(pathlib.Path(d) / "gone")
    ...     broken_link(link / "2005.html") == (link, str(pathlib.Path(d) / "gone"))
    True
    """
    path = Path(os.path.abspath(path))
    for part in [*reversed(path.parents), path]:
        if part.is_symlink() and not part.exists():
            return part, os.readlink(part)
    return None


def output_error(path: Path, exc: OSError) -> OutputError:
    """The :class:`OutputError` for an ``OSError`` met writing ``path``: what
    happened, and what to do."""
    link = broken_link(path)
    if link is not None:
        return OutputError(
            f"{path}: cannot write: the path goes through a broken symbolic link "
            f"({link[0]} -> {link[1]}, which does not exist); create its target "
            "or remove the link"
        )
    why = _WHY.get(
        exc.errno, "check that the folder is writable and the disk is not full"
    )
    return OutputError(
        f"{path}: cannot write ({exc.strerror or exc}): {why}; "
        "the old file, if any, is unchanged"
    )


def atomic_write_bytes(
    path: str | os.PathLike[str], data: bytes, *, sync_folder: bool = True
) -> Path:
    """Write ``data`` to ``path`` atomically, creating its folder if needed.

    The old file stays in place until the new one is complete on disk; on
    any failure, or an interrupt (Ctrl-C), the temporary file is removed.
    The rename is flushed to disk with the folder, unless ``sync_folder``
    is False: a writer of many files in a folder (an export) then calls
    :func:`sync_folders` once at the end (a crash before it may lose a
    rename, never leave a half-written file).

    Raises
    ------
    OutputError
        When the folder cannot be created or the file cannot be written, with
        the reason (disk full, read-only, permission, broken link).
    """
    return _atomic_write(path, (data,), sync_folder)


def _atomic_write(path, chunks: Iterable[bytes], sync_folder: bool = True) -> Path:
    """:func:`atomic_write_bytes` of the bytes ``chunks`` make, written as
    they come."""
    path = Path(path)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
        try:
            # held until the rename: clean_temp_files leaves a locked
            # temporary file alone (its writer is alive)
            fcntl.flock(fd, fcntl.LOCK_EX)
            for chunk in chunks:
                view = memoryview(chunk)
                while view:
                    view = view[os.write(fd, view) :]
            os.fsync(fd)
            os.fchmod(fd, 0o644)
            os.replace(tmp, path)
            tmp = None
        finally:
            os.close(fd)
        if sync_folder:
            _sync_folder(path.parent)
    except OSError as exc:
        raise output_error(path, exc) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return path


def sync_folders(folders) -> None:
    """Flush the renames in each of ``folders`` to disk (best effort), in
    sorted order."""
    for folder in sorted(set(folders)):
        _sync_folder(Path(folder))


def _sync_folder(folder: Path) -> None:
    """Flush the rename to disk (best effort: not every system allows it)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


#: Characters encoded at a time by :func:`atomic_write_text`.
_CHUNK = 1 << 22


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` as UTF-8 to ``path`` atomically.

    Encoded and written a few megabytes at a time: a page of hundreds of
    megabytes is not also held whole as bytes.
    """
    chunks = (text[i : i + _CHUNK].encode("utf-8") for i in range(0, len(text), _CHUNK))
    return _atomic_write(path, chunks)


def clean_temp_files(
    folder: str | os.PathLike[str],
    subfolders=("thumbs", "sites", "details"),
    prefix: str = ".",
) -> int:
    """Remove basemap's leftover temporary files in ``folder`` (and the
    given subfolders) after a killed run; return how many were removed.

    Only names of :data:`TEMP_PATTERN` (starting with ``prefix``) are
    touched, symbolic links are not followed, and a temporary file whose
    writer is still alive (it holds a lock on it) is left alone.
    """
    removed = 0
    for sub in (Path(folder), *(Path(folder) / s for s in subfolders)):
        if sub.is_symlink() or not sub.is_dir():
            continue
        for entry in os.scandir(sub):
            if not (
                entry.name.startswith(prefix)
                and TEMP_PATTERN.match(entry.name)
                and entry.is_file(follow_symlinks=False)
            ):
                continue
            try:
                fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
            except OSError:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                os.unlink(entry.path)
                removed += 1
            except OSError:
                pass  # being written right now, or already gone
            finally:
                os.close(fd)
    return removed


def render_html(m: OfflineMap) -> str:
    """Return the page of a map as HTML (the same bytes for the same map).

    The text ends with a newline: :class:`basemap.render.elements.BasemapFigure`
    keeps its template's last one; for another root, one is added.
    """
    text = m.get_root().render()
    return text if text.endswith("\n") else text + "\n"


def write_map(m: OfflineMap, path: str | os.PathLike[str]) -> Path:
    """Render a map and write it to ``path`` atomically; return the path."""
    return atomic_write_text(path, render_html(m))
