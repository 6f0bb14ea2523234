"""Write files atomically.

:func:`write_map` is the last step of the pipeline. Every file is written
to a temporary file in the same folder (``.NAME.XXXXXXXX.tmp``), flushed to
disk and renamed over the target, so a reader sees either the old file or
the new one, never a fragment, and a failed or interrupted run leaves no
half-written map. A failure (a full disk, a read-only folder, a broken
symbolic link on the way, a name too long) removes the temporary file and
raises an :class:`~basemap.errors.OutputError` that says what happened; a
run killed outright can leave a temporary file, which
:func:`clean_temp_files` (run by the next export) removes.

The temporary file is made, written and renamed through a descriptor of
its folder (``dir_fd``), never by a path looked up again. A file written
``within`` a folder (an export's) is reached from that folder one folder
at a time, each opened with ``O_NOFOLLOW`` (:func:`open_folder`): a
symbolic link to a folder on the way, made before the run or during it,
is refused instead of followed, so no file outside the folder is ever
written (:func:`remove_within` removes a file the same way).

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
import secrets
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import OutputError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..render.elements import OfflineMap

__all__ = [
    "NAME_MAX",
    "TEMP_EXTRA",
    "TEMP_PATTERN",
    "atomic_write_bytes",
    "atomic_write_text",
    "broken_link",
    "clean_temp_files",
    "linked_folder",
    "make_temp",
    "open_folder",
    "output_error",
    "remove_within",
    "render_html",
    "sync_folders",
    "write_map",
]

#: Names of basemap's temporary files (``.NAME.`` + 8 random characters +
#: ``.tmp``, as :func:`make_temp` makes them).
TEMP_PATTERN = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")
#: The longest file name (bytes) the usual file systems hold (ext4, XFS,
#: btrfs, APFS, NTFS in UTF-16 units).
NAME_MAX = 255
#: What the temporary file adds to a name (``.`` + ``.XXXXXXXX.tmp``): an
#: output's name may be at most ``NAME_MAX - TEMP_EXTRA`` bytes.
TEMP_EXTRA = 14
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC

_WHY = {
    errno.ENOSPC: "the disk is full; free some space and run again",
    errno.EDQUOT: "the disk quota is used up; free some space and run again",
    errno.EROFS: "the folder is on a read-only file system; choose another "
    "output folder",
    errno.EACCES: "permission denied; choose a folder you can write to",
    errno.EPERM: "permission denied; choose a folder you can write to",
    errno.ENAMETOOLONG: f"the file name is too long for the file system (at most "
    f"{NAME_MAX - TEMP_EXTRA} bytes for an output); choose a shorter name",
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
        try:  # (a name too long, a folder not searchable: no link found)
            if part.is_symlink() and not part.exists():
                return part, os.readlink(part)
        except (OSError, ValueError):
            return None
    return None


def linked_folder(root: str | os.PathLike[str], name: str) -> Path | None:
    """The first folder on the way from ``root`` to the relative ``name``
    that is a symbolic link (or not a folder at all), or None: what
    :func:`open_folder` refuses to go through.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     (pathlib.Path(d) / "sites").symlink_to("/tmp")
    ...     linked_folder(d, "sites/kant.html").name, linked_folder(d, "a/b.html")
    ('sites', None)
    """
    here = Path(root)
    for part in Path(name).parts[:-1]:
        here = here / part
        try:
            st = os.lstat(here)
        except FileNotFoundError:
            return None  # made by the run, as a real folder
        except OSError:
            return here
        if not stat.S_ISDIR(st.st_mode):
            return here
    return None


def open_folder(root, parts=(), *, create: bool = False) -> int:
    """A descriptor of the folder ``root``/``parts``..., each of ``parts``
    opened from the one before without following a symbolic link (created
    when missing, with ``create``); the caller closes it. ``root`` itself
    is opened as given (the user's path, links and all).

    Raises
    ------
    OSError
        ``ELOOP`` or ``ENOTDIR`` for a link or a file on the way, ``ENOENT``
        for a folder missing (without ``create``).
    """
    fd = os.open(root, _DIR_FLAGS)
    try:
        for part in parts:
            if part in ("", ".", ".."):
                raise OSError(errno.EINVAL, f"not a plain folder name: {part!r}")
            flags = _DIR_FLAGS | os.O_NOFOLLOW
            try:
                sub = os.open(part, flags, dir_fd=fd)
            except FileNotFoundError:
                if not create:
                    raise
                with contextlib.suppress(FileExistsError):
                    os.mkdir(part, 0o755, dir_fd=fd)
                sub = os.open(part, flags, dir_fd=fd)
            os.close(fd)
            fd = sub
    except BaseException:
        os.close(fd)
        raise
    return fd


def remove_within(root, name: str) -> None:
    """Remove the file ``name`` (relative) of the folder ``root``, reached
    without following a symbolic link on the way (:func:`open_folder`); the
    last component is unlinked, never followed.

    Raises
    ------
    OSError
        When it cannot be removed (a link on the way: ``ELOOP``/``ENOTDIR``).
    """
    parts = Path(name).parts
    fd = open_folder(root, parts[:-1])
    try:
        os.unlink(parts[-1], dir_fd=fd)
    finally:
        os.close(fd)


def make_temp(folder_fd: int, name: str) -> tuple[int, str]:
    """Create the temporary file of ``name`` in the folder ``folder_fd``
    (``.NAME.XXXXXXXX.tmp``, new, never through a link); return its
    descriptor and name."""
    for _ in range(100):
        temp = f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
            return os.open(temp, flags, 0o600, dir_fd=folder_fd), temp
        except FileExistsError:
            continue
    raise OSError(errno.EEXIST, "no free temporary file name")


def output_error(path: Path, exc: OSError, within=None) -> OutputError:
    """The :class:`OutputError` for an ``OSError`` met writing ``path``
    (inside the folder ``within``, if given): what happened, and what to
    do."""
    if within is not None and exc.errno in (errno.ELOOP, errno.ENOTDIR):
        linked = linked_folder(within, Path(path).relative_to(within).as_posix())
        if linked is not None:
            return OutputError(
                f"{path}: cannot write: {linked} is a symbolic link or not a "
                "folder, and basemap writes into its output folder only "
                "through real folders; remove it (or export to another folder)"
            )
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
    path: str | os.PathLike[str],
    data: bytes,
    *,
    sync_folder: bool = True,
    within: str | os.PathLike[str] | None = None,
) -> Path:
    """Write ``data`` to ``path`` atomically, creating its folder if needed.

    The old file stays in place until the new one is complete on disk; on
    any failure, or an interrupt (Ctrl-C), the temporary file is removed.
    The rename is flushed to disk with the folder, unless ``sync_folder``
    is False: a writer of many files in a folder (an export) then calls
    :func:`sync_folders` once at the end (a crash before it may lose a
    rename, never leave a half-written file). With ``within`` (a folder
    holding ``path``), the folders from there to ``path`` are opened
    without following a symbolic link (:func:`open_folder`).

    Raises
    ------
    OutputError
        When the folder cannot be created or the file cannot be written, with
        the reason (disk full, read-only, permission, broken link, a link
        to a folder on the way ``within``).
    """
    return _atomic_write(path, (data,), sync_folder, within)


def _atomic_write(
    path, chunks: Iterable[bytes], sync_folder: bool = True, within=None
) -> Path:
    """:func:`atomic_write_bytes` of the bytes ``chunks`` make, written as
    they come."""
    path = Path(path)
    folder = tmp = None
    try:
        if within is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            folder = open_folder(path.parent)
        else:
            parts = path.relative_to(within).parts[:-1]
            folder = open_folder(within, parts, create=True)
        fd, tmp = make_temp(folder, path.name)
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
            os.replace(tmp, path.name, src_dir_fd=folder, dst_dir_fd=folder)
            tmp = None
        finally:
            os.close(fd)
        if sync_folder:
            with contextlib.suppress(OSError):
                os.fsync(folder)
    except OSError as exc:
        raise output_error(path, exc, within) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=folder)
        if folder is not None:
            os.close(folder)
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
