"""The stat cache: which files of an export folder still hold their bytes,
told by one ``lstat`` each instead of reading them.

The manifest (:mod:`basemap.exporter.manifest`) records the SHA-256 of every file an
export wrote. Proving that a file still holds those bytes means reading and
hashing it; for the 10,000 files of a large export that is most of the time
of an export with nothing to do. The stat cache keeps, beside the manifest,
what :func:`os.lstat` said of each file when basemap last wrote or checked
it: its size, modification and change times (in nanoseconds), inode and
device. A file whose stat is still that one has not been written since, as
git's index trusts a file whose stat is unchanged; any other file is hashed.

The cache is kept in :data:`CACHE_NAME` in the output folder, written
atomically, as JSON (sorted keys; its content depends on the disk, not only
on the outputs, which is why it is not part of the manifest)::

    {"files": {"2005.html": "<sha256> <size> <mtime_ns> <ctime_ns> <inode>
                             <device>", ...},
     "format": "basemap-stat-cache", "version": 1}

(each entry one string, the six fields separated by single spaces: it is
compared whole with the one made from the file's stat, never parsed).

It is not an output: the manifest never lists it, and an export never
needs it. A missing, unreadable, corrupt or foreign cache (another folder's,
another format), or an entry whose SHA-256 is not the manifest's, just means
that the file is hashed; the cache never makes basemap trust a file the
manifest does not describe.

Racy files. A file's times only move in steps of the file system's clock
(a few milliseconds on Linux, 2 s on FAT). A file written in the same step
as the cache is written could be changed again within that step, keeping
its size and times. So, as git does for its index, the cache is written
only with entries whose modification and change times are strictly before
a reading of that same clock (the creation time of a temporary
file in the folder) taken after the files were last written and before
their stats are checked again; a file still "racy" then has no entry and is
hashed by the next run, which records it once its time is past. What no
stat can tell is a change made in the same clock step as basemap's own
write of the file, while basemap is still running.

Examples
--------
>>> import os, tempfile
>>> with tempfile.TemporaryDirectory() as d:
...     digest = "0" * 64
...     with open(os.path.join(d, "a.html"), "wb") as fh:
...         _ = fh.write(b"x")
...     cache = StatCache(d)
...     cache.observe("a.html", digest)
...     cache.save({"a.html": digest}, stamp=2**62)  # a clock step past the file
...     again = StatCache.load(d)
...     again.matches("a.html", digest, 1), again.matches("a.html", "1" * 64, 1)
(True, False)
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

from ..errors import OutputError
from ..output.atomic import atomic_write_bytes

__all__ = [
    "CACHE_NAME",
    "CACHE_VERSION",
    "StatCache",
    "file_sha256",
    "read_regular",
    "stat_key",
]

#: The stat cache's file name in an export folder.
CACHE_NAME = ".basemap-stat-cache"
#: Version of the cache's format.
CACHE_VERSION = 1
_FORMAT = "basemap-stat-cache"


def stat_key(st: os.stat_result) -> str | None:
    """What the cache records of a stat result: ``"size mtime_ns ctime_ns
    inode device"``, or None when it is not a regular file (a link, a
    folder, ...).

    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     stat_key(os.lstat(d)) is None, len(stat_key(os.lstat(__file__)).split())
    (True, 5)
    """
    if not stat.S_ISREG(st.st_mode):
        return None
    return f"{st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino} {st.st_dev}"


def read_regular(path) -> tuple[bytes, str] | None:
    """The bytes of the regular file ``path`` (never through a symbolic
    link) and its :func:`stat_key` taken before they were read, or None
    when it is not a regular file or cannot be read.

    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = os.path.join(d, "x")
    ...     with open(p, "wb") as fh:
    ...         _ = fh.write(b"abc")
    ...     read_regular(p)[0], read_regular(d)
    (b'abc', None)
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        key = stat_key(os.fstat(fd))
        if key is None:
            return None
        with open(fd, "rb", closefd=False) as fh:
            return fh.read(), key
    except OSError:
        return None
    finally:
        os.close(fd)


def file_sha256(path: str) -> tuple[str, str] | None:
    """The SHA-256 of the regular file ``path`` (never through a symbolic
    link) and its :func:`stat_key` taken before it was read, or None when it
    is not a regular file or cannot be read.

    >>> import hashlib, tempfile, os
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = os.path.join(d, "x")
    ...     with open(p, "wb") as fh:
    ...         _ = fh.write(b"abc")
    ...     file_sha256(p)[0] == hashlib.sha256(b"abc").hexdigest()
    True
    """
    found = read_regular(path)
    if found is None:
        return None
    data, key = found
    return hashlib.sha256(data).hexdigest(), key


def _clock(folder: str) -> int | None:
    """The file system's clock now, as it stamps files in ``folder`` (the
    times of a new, nameless file there), or None."""
    flags = os.O_RDWR | os.O_CLOEXEC
    try:
        fd = os.open(folder, flags | os.O_TMPFILE, 0o600)
    except (AttributeError, OSError):  # no O_TMPFILE here: a named one
        import tempfile

        try:
            fd, name = tempfile.mkstemp(
                prefix=f".{CACHE_NAME}.", suffix=".tmp", dir=folder
            )
        except OSError:
            return None
        os.unlink(name)
    try:
        st = os.fstat(fd)
        return max(st.st_mtime_ns, st.st_ctime_ns)
    finally:
        os.close(fd)


def _settled(entry: str, stamp: int) -> bool:
    """True when the times of ``entry`` are before ``stamp`` (not racy).

    >>> _settled("d 3 10 11 5 6", 12), _settled("d 3 10 12 5 6", 12)
    (True, False)
    """
    try:
        mtime, ctime = entry.split(" ")[2:4]
        return int(mtime) < stamp and int(ctime) < stamp
    except ValueError:
        return False


class StatCache:
    """The stat cache of one export folder.

    Attributes
    ----------
    folder : Path
    entries : dict
        Name relative to the folder -> ``"sha256 size mtime_ns ctime_ns
        inode device"``: what the cache file said (as read: an entry of any
        other shape never matches a file), updated by what this run wrote or
        checked.
    dirty : bool
        True when this run recorded or dropped an entry.
    """

    def __init__(self, folder, entries: dict | None = None):
        self.folder = Path(folder)
        self._prefix = os.path.join(self.folder, "")
        self.entries: dict[str, str] = dict(entries or {})
        #: The cache file's bytes as read (None: there was none), so that
        #: it is written only when it changes.
        self.read: bytes | None = None
        self.dirty = False

    @property
    def path(self) -> Path:
        """Where the cache is kept."""
        return self.folder / CACHE_NAME

    @classmethod
    def load(cls, folder) -> StatCache:
        """Read the folder's cache; any problem gives an empty one."""
        cache = cls(folder)
        try:
            fd = os.open(cache.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            return cache
        try:
            with open(fd, "rb", closefd=False) as fh:
                data = fh.read()
            doc = json.loads(data)
        except (OSError, ValueError):
            return cache  # not a cache basemap wrote: hash every file
        finally:
            os.close(fd)
        if (
            isinstance(doc, dict)
            and doc.get("format") == _FORMAT
            and doc.get("version") == CACHE_VERSION
            and isinstance(doc.get("files"), dict)
        ):
            # entries are not checked one by one: one that is not the
            # string made from the manifest's hash and the file's stat
            # just never matches
            cache.entries = doc["files"]
            cache.read = data
        return cache

    def matches(self, name: str, digest: str | None, size: int | None) -> bool:
        """True when ``name`` was last written or checked holding the bytes
        of SHA-256 ``digest`` and ``size``, and its stat has not changed
        since (it is a regular file, not a link)."""
        entry = self.entries.get(name)
        if entry is None or digest is None:
            return False
        try:
            st = os.lstat(self._prefix + name)
        except OSError:
            return False
        return (
            st.st_size == size
            and stat.S_ISREG(st.st_mode)
            and entry
            == f"{digest} {size} {st.st_mtime_ns} {st.st_ctime_ns} "
            f"{st.st_ino} {st.st_dev}"
        )

    def check(self, name: str, digest: str | None, size: int | None) -> bool:
        """True when ``name`` holds the bytes of ``digest`` and ``size``:
        by its stat (:meth:`matches`), else by hashing it, after which its
        stat is recorded."""
        if digest is None:
            return False
        if self.matches(name, digest, size):
            return True
        found = file_sha256(self._prefix + name)
        if found is None or found[0] != digest or found[1].split(" ")[0] != str(size):
            return False
        self.observe(name, digest, found[1])
        return True

    def observe(self, name: str, digest: str, key: str | None = None) -> None:
        """Record that ``name`` holds the bytes of ``digest`` now (just
        written or compared): with its :func:`stat_key` ``key``, by default
        that of its ``lstat`` now."""
        if key is None:
            try:
                key = stat_key(os.lstat(self._prefix + name))
            except OSError:
                key = None
        if key is None:
            self.forget(name)
        else:
            self.entries[name] = f"{digest} {key}"
            self.dirty = True

    def forget(self, name: str) -> None:
        """Drop what is known of ``name``."""
        if self.entries.pop(name, None) is not None:
            self.dirty = True

    def to_bytes(self, files: dict[str, str | None], stamp: int) -> bytes:
        """The cache for the manifest's ``files`` (name -> SHA-256): the
        entries whose SHA-256 is the manifest's, whose stat is still the one
        recorded and whose times are before ``stamp`` (not racy)."""
        kept = {}
        for name in sorted(files):
            entry = self.entries.get(name)
            digest = files[name]
            if not (
                isinstance(entry, str)
                and digest is not None
                and entry.startswith(digest + " ")
                and _settled(entry, stamp)
                and self.matches(name, digest, int(entry.split(" ")[1]))
            ):
                continue  # another file, racy, or changed since
            kept[name] = entry
        doc = {"files": kept, "format": _FORMAT, "version": CACHE_VERSION}
        return (json.dumps(doc, separators=(",", ":"), sort_keys=True) + "\n").encode()

    def save(self, files: dict[str, str | None], *, stamp: int | None = None) -> None:
        """Write the cache for the manifest's ``files`` (name -> SHA-256)
        atomically, when it changes (best effort: a cache that cannot be
        written is no error, the next run hashes more). ``stamp`` is the
        file system's clock now (by default, read in the folder)."""
        if stamp is None:
            stamp = _clock(os.fspath(self.folder))
            if stamp is None:
                return
        data = self.to_bytes(files, stamp)
        if data == self.read:
            return
        try:
            atomic_write_bytes(self.path, data, sync_folder=False)
        except OutputError:
            return
        self.read = data
        self.dirty = False
