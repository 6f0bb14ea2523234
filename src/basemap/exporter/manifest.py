"""The files an export wrote, and the lock that keeps two exports apart.

``basemap export`` owns only the files it made. It keeps, in the output
folder, a manifest (:data:`MANIFEST_NAME`) of every file it wrote: for each
name relative to the folder, its SHA-256 and size. A file in the manifest
may be replaced, or removed when it is no longer an output (the years
dropped by a narrower ``--from``/``--to``); any other file is never touched,
and an export that would replace one stops before writing anything, unless
forced.

The format (version 1), written with sorted keys so that the same files give
the same bytes::

    {"format": "basemap-manifest", "version": 1, "generator": "basemap 0.1.0",
     "files": {"2005.html": {"sha256": "...", "size": 123456}, ...}}

An entry whose ``sha256`` and ``size`` are null is a file the export
announced before writing it (the manifest is saved before the first write
and after the last): after a kill, the next run knows the file is its own
and finishes the job. The hashes also let an export keep a file whose new
bytes are those already on disk (its modification time untouched); a later
incremental export can use the same entries.

A complete export also records, in ``run``, what it was made from: a
fingerprint of its inputs (:func:`fingerprint`: the bytes of every file it
reads, the package's code, templates and scripts, the options, the versions
of the libraries that shape the output, and the browser), its years and its
files in the order it made them. The next export with the same fingerprint,
whose files all still hold the bytes recorded, has nothing to do: it reads
no layer, renders nothing and writes no file
(:meth:`Manifest.unchanged_run`). ``run`` is optional: a reader of version 1
that does not know it ignores it, and a manifest without it (an older one)
just means a full export. It is dropped when an export starts and written
again only when one completes::

    "run": {"inputs": "<sha256>", "years": [2001, 2002],
            "made": ["2001.html", "2002.html", ...]}

An image's entry may also carry ``drawn_from``: the fingerprint of the page
it was drawn from (its SHA-256), the figure's options and the browser. An
export whose page for a year comes out unchanged keeps that year's images
without drawing them again when their ``drawn_from`` matches
(:meth:`Manifest.drawn`). It is optional too: without it, the image is drawn.

Whether a file still holds the bytes recorded is told by its stat (size,
times, inode) where the stat cache, :data:`~basemap.exporter.statcache.CACHE_NAME`
beside the manifest, recorded it with the same SHA-256 when basemap last
wrote or checked the file; any other file is read and hashed (see
:mod:`basemap.exporter.statcache`, which also says how a file changed in the same
clock step as the record is still hashed). The cache is not an output and
never listed in the manifest, whose bytes depend only on the outputs; a
missing or corrupt cache only means hashing.

An export holds an exclusive :func:`fcntl.flock` on :data:`LOCK_NAME` in the
folder while it runs; a second export into the same folder fails at once
with a clear message instead of racing the first.

Examples
--------
>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as d:
...     m = Manifest.load(d)
...     m.record("2005.html", b"<html></html>\\n")
...     m.save()
...     again = Manifest.load(d)
...     again.owns("2005.html"), again.owns("x.txt"), again.files["2005.html"]["size"]
(True, False, 14)
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import stat
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

from .._version import __version__
from ..errors import OutputError
from ..output.atomic import NAME_MAX, atomic_write_bytes, output_error
from ..resources import code_files
from .statcache import StatCache, read_regular

__all__ = [
    "LOCK_NAME",
    "MANIFEST_NAME",
    "MANIFEST_VERSION",
    "Manifest",
    "fingerprint",
    "folder_lock",
    "sha256",
]

#: The manifest's file name in an export folder.
MANIFEST_NAME = ".basemap-manifest.json"
#: The lock file's name in an export folder (kept: removing it would race).
LOCK_NAME = ".basemap.lock"
#: Version of the manifest format.
MANIFEST_VERSION = 1
_FORMAT = "basemap-manifest"


def sha256(data: bytes) -> str:
    """The hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def _safe_name(name: str) -> bool:
    """A plain relative name inside the folder (no ``..``, not absolute, no
    control character, each part a name a file system holds): a manifest
    never makes basemap touch a file outside its folder. (A folder on the
    way that is a symbolic link is refused when the file is reached:
    :func:`basemap.output.atomic.open_folder`.)

    >>> _safe_name("thumbs/2005.png"), _safe_name("../notes.txt"), _safe_name("/etc/x")
    (True, False, False)
    >>> _safe_name("a\\x00b"), _safe_name("x" * 300)
    (False, False)
    """
    parts = name.split("/")
    return (
        bool(name)
        and "\\" not in name
        and name.isprintable()
        and "" not in parts
        and "." not in parts
        and ".." not in parts
        and all(len(p.encode("utf-8", "surrogatepass")) <= NAME_MAX for p in parts)
    )


#: Libraries whose version can change an export's bytes.
_SHAPING = (
    "folium",
    "branca",
    "jinja2",
    "matplotlib",
    "pillow",
    "numpy",
    "pandas",
    "shapely",
    "pyproj",
    "playwright",
)


def fingerprint(files, options: dict, browser: str | None = None) -> str:
    """The fingerprint of an export: the SHA-256 of what it is made from.

    Parameters
    ----------
    files : iterable of path
        Every file the export reads (layers, context, bundled data,
        templates, scripts); the package's own modules are added.
    options : dict
        The options that shape its output (JSON-serialisable).
    browser : str, optional
        The browser that draws its images (path, size and time of the
        executable), or None.

    Examples
    --------
    >>> a = fingerprint([], {"formats": ["html"]})
    >>> a == fingerprint([], {"formats": ["html"]}), a == fingerprint([], {})
    (True, False)
    """
    h = hashlib.sha256()

    modules = [str(path) for path in code_files()]
    # the inputs by their real path (a file named twice is hashed once); the
    # modules, found in the real package folder, are their own
    paths = [os.path.realpath(f) for f in files] + sorted(modules)
    for path in dict.fromkeys(paths):
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            data = b"\0unreadable"
        h.update(f"{path}\0{len(data)}\0".encode())
        h.update(data)
    versions = {name: _dist_version(name) for name in _SHAPING}
    doc = {
        "generator": _generator(),
        "options": options,
        "versions": versions,
        "browser": browser,
    }
    h.update(json.dumps(doc, sort_keys=True, default=str).encode())
    return h.hexdigest()


def _dist_version(name: str) -> str | None:
    """The installed version of distribution ``name``, or None.

    >>> _dist_version("no-such-distribution") is None
    True
    """
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _run_ok(run, files: dict) -> bool:
    """A well-formed ``run`` member naming only files of the manifest."""
    return (
        isinstance(run, dict)
        and isinstance(run.get("inputs"), str)
        and isinstance(run.get("years"), list)
        and bool(run["years"])
        and all(isinstance(y, int) and not isinstance(y, bool) for y in run["years"])
        and isinstance(run.get("made"), list)
        and all(isinstance(n, str) and n in files for n in run["made"])
        and len(set(run["made"])) == len(files)
    )


def _files(data) -> dict[str, dict]:
    """The ``files`` of a manifest's JSON document, checked and with only
    the members basemap knows.

    Raises
    ------
    ValueError
        When ``data`` is not a manifest basemap wrote.
    """
    if not (
        isinstance(data, dict)
        and data.get("format") == _FORMAT
        and data.get("version") == MANIFEST_VERSION
        and isinstance(data.get("files"), dict)
    ):
        raise ValueError(f"not a version {MANIFEST_VERSION} basemap manifest")
    files = {}
    for k, v in data["files"].items():
        if not (_safe_name(k) and isinstance(v, dict)):
            raise ValueError(f"not a version {MANIFEST_VERSION} basemap manifest")
        digest, size = v.get("sha256"), v.get("size")
        if not (
            (digest is None or isinstance(digest, str))
            and (size is None or isinstance(size, int))
        ):
            raise ValueError(f"not a version {MANIFEST_VERSION} basemap manifest")
        entry = {"sha256": digest, "size": size}
        drawn_from = v.get("drawn_from")
        if isinstance(drawn_from, str):
            entry["drawn_from"] = drawn_from
        files[k] = entry
    return files


def _generator() -> str:
    return f"basemap {__version__}"


class Manifest:
    """The manifest of one export folder.

    Attributes
    ----------
    folder : Path
    files : dict
        Name relative to the folder -> ``{"sha256": str | None, "size": int |
        None}``.
    """

    def __init__(self, folder, files: dict | None = None):
        self.folder = Path(folder)
        self.files: dict[str, dict] = dict(files or {})
        #: What the last complete export was made from (see the module), or
        #: None.
        self.run: dict | None = None
        self._stat: StatCache | None = None

    @property
    def stat(self) -> StatCache:
        """The folder's stat cache (read when first needed)."""
        if self._stat is None:
            self._stat = StatCache.load(self.folder)
        return self._stat

    @property
    def path(self) -> Path:
        """Where the manifest is kept."""
        return self.folder / MANIFEST_NAME

    @classmethod
    def load(cls, folder, *, force: bool = False) -> Manifest:
        """Read the folder's manifest (empty when there is none).

        Raises
        ------
        OutputError
            When the manifest cannot be read or is not one basemap wrote
            (with ``force``, it is ignored instead).
        """
        manifest = cls(folder)
        path = manifest.path
        if not os.path.lexists(path):
            return manifest
        try:
            found = read_regular(path)  # never through a link
            if found is None:
                raise OSError(errno.EINVAL, "not a regular file")
            data = json.loads(found[0])
            files = _files(data)
        except (OSError, ValueError) as exc:
            if force:
                return manifest
            why = exc.strerror if isinstance(exc, OSError) else exc
            raise OutputError(
                f"{path}: cannot read the list of files basemap wrote here ({why}); "
                "export to another folder, or use --force to replace its files"
            ) from None
        manifest.files = files
        run = data.get("run")
        if _run_ok(run, manifest.files):
            manifest.run = {
                "inputs": run["inputs"],
                "years": list(run["years"]),
                "made": list(run["made"]),
            }
        return manifest

    def owns(self, name: str) -> bool:
        """True when basemap wrote (or announced) ``name``."""
        return name in self.files

    def announce(self, names) -> None:
        """Add files about to be written (hash unknown until written)."""
        for name in names:
            self.files.setdefault(name, {"sha256": None, "size": None})

    def record(
        self,
        name: str,
        data: bytes,
        drawn_from: str | None = None,
        *,
        digest: str | None = None,
    ) -> None:
        """Record the bytes just written (or kept) as ``name``, of SHA-256
        ``digest`` if known; for an image, ``drawn_from`` is the fingerprint
        of what it was drawn from (see :meth:`drawn`)."""
        digest = sha256(data) if digest is None else digest
        self.files[name] = {"sha256": digest, "size": len(data)}
        if drawn_from is not None:
            self.files[name]["drawn_from"] = drawn_from

    def drawn(self, name: str, drawn_from: str) -> bytes | None:
        """The bytes of image ``name`` when the last export drew it from
        the same ``drawn_from`` (the page's bytes, the figure's options and
        the browser) and it is intact on disk; else None (draw it again).
        A figure is the same drawing of the same page, so an unchanged page
        need not be drawn again."""
        entry = self.files.get(name)
        if entry is None or entry.get("drawn_from") != drawn_from:
            return None
        trusted = self.stat.matches(name, entry["sha256"], entry["size"])
        found = read_regular(self.folder / name)
        if found is None or len(found[0]) != entry["size"]:
            return None
        data, key = found
        if not trusted:
            if sha256(data) != entry["sha256"]:
                return None
            self.stat.observe(name, entry["sha256"], key)
        return data

    def forget(self, name: str) -> None:
        """Drop ``name`` (removed from the folder)."""
        self.files.pop(name, None)
        self.stat.forget(name)

    def unchanged(self, name: str, data: bytes, digest: str | None = None) -> bool:
        """True when ``name`` is basemap's and the disk holds ``data`` (of
        SHA-256 ``digest``, if known) already, so the file need not be
        rewritten. When the manifest records that hash and the stat cache
        vouches that the file has not changed since, no byte is read;
        otherwise the bytes on disk are the proof (a run stopped by a full
        disk may have written files it could not record)."""
        entry = self.files.get(name)
        if entry is None:
            return False
        digest = sha256(data) if digest is None else digest
        if (
            entry["sha256"] == digest
            and entry["size"] == len(data)
            and self.stat.matches(name, digest, len(data))
        ):
            return True
        path = os.path.join(self.folder, name)
        try:
            st = os.lstat(path)
        except OSError:
            return False
        if not stat.S_ISREG(st.st_mode) or st.st_size != len(data):
            return False  # a link, a folder, another size: no need to read
        found = read_regular(path)
        if found is None or found[0] != data:
            return False
        self.stat.observe(name, digest, found[1])
        return True

    def written(self, name: str) -> None:
        """Note that ``name`` was just written with the bytes recorded (its
        stat goes to the stat cache)."""
        self.stat.observe(name, self.files[name]["sha256"])

    def intact(self, name: str) -> bool:
        """True when ``name`` is on disk, a regular file, with the size and
        SHA-256 recorded: by its stat when the stat cache vouches for it,
        else by hashing it."""
        entry = self.files.get(name)
        if entry is None:
            return False
        return self.stat.check(name, entry["sha256"], entry["size"])

    def unchanged_run(self, inputs: str) -> bool:
        """True when the last complete export had the fingerprint
        ``inputs`` and all of its files are intact: there is nothing to do.
        The files hashed to know it go to the stat cache, so that the next
        run need not hash them again."""
        run = self.run
        if not (
            run is not None
            and run["inputs"] == inputs
            and set(run["made"]) == set(self.files)
        ):
            return False
        if not all(self.intact(name) for name in run["made"]):
            return False
        if self.stat.dirty:
            self.stat.save(self._digests())
        return True

    def _digests(self) -> dict[str, str | None]:
        return {k: v["sha256"] for k, v in self.files.items()}

    def to_bytes(self) -> bytes:
        """The manifest as JSON bytes (sorted: the same files, the same bytes)."""
        doc = {
            "format": _FORMAT,
            "version": MANIFEST_VERSION,
            "generator": _generator(),
            "files": {k: self.files[k] for k in sorted(self.files)},
        }
        if self.run is not None:
            doc["run"] = self.run
        return (json.dumps(doc, indent=1) + "\n").encode()

    def save(self) -> None:
        """Write the manifest atomically (when it changes), then the stat
        cache of its files."""
        data = self.to_bytes()
        with contextlib.suppress(OSError):
            if self.path.read_bytes() == data:
                data = None
        if data is not None:
            atomic_write_bytes(self.path, data)
        self.stat.save(self._digests())


@contextlib.contextmanager
def folder_lock(folder) -> Iterator[Path]:
    """Hold the export lock of ``folder`` (created if needed).

    The lock file is opened without following a symbolic link
    (``O_NOFOLLOW``), and only a regular file is taken: a link, a FIFO or a
    device named :data:`LOCK_NAME` is refused, so the lock never makes or
    touches a file outside the folder.

    Raises
    ------
    OutputError
        When another export holds it, or the lock file cannot be made.
    """
    folder = Path(folder)
    path = folder / LOCK_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        with contextlib.suppress(FileNotFoundError):
            if not stat.S_ISREG(os.lstat(path).st_mode):  # not opened at all
                raise OSError(errno.ELOOP, "not a regular file")
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OutputError(
                f"{path}: basemap's lock file is a symbolic link or not a regular "
                "file; remove it and run again (nothing was written)"
            ) from None
        raise output_error(path, exc) from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # (swapped in since the lstat)
            raise OutputError(
                f"{path}: basemap's lock file is not a regular file; remove it "
                "and run again (nothing was written)"
            )
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(
                f"{folder}: another basemap export is writing to this folder; "
                "wait for it to finish, or export to another folder"
            ) from None
        yield path
    finally:
        os.close(fd)
