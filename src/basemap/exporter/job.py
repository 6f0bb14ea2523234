"""What the steps of an export share: the job, and the result it grows.

:class:`ExportJob` is made once by :func:`basemap.exporter.run.export`,
after every check, and handed to each step (:mod:`.maps`, :mod:`.drawing`,
:mod:`.gallery`); :meth:`ExportJob.put` writes every output, atomically,
unless its bytes are on disk already, and records it in the manifest.
:class:`ExportResult` is what the export returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..output.atomic import atomic_write_bytes
from .manifest import Manifest, sha256

if TYPE_CHECKING:
    import geopandas

    from ..io.context import Context

__all__ = ["WRITERS", "ExportJob", "ExportResult", "NoFigures"]

#: Threads that write an export's many small files at once
#: (:meth:`ExportJob.put_many`).
WRITERS = 8


@dataclass
class ExportResult:
    """What an export made.

    Attributes
    ----------
    folder : Path
    years : list of int
    files : list of Path
        Every output of the export, in the order made.
    written, kept, removed : list of Path
        The outputs written anew, those kept because their bytes were
        already on disk (not rewritten), and the files of an earlier export
        removed because they are no longer outputs.
    warnings : list of str
        What the user should know of the outputs: a page too large for a
        browser to open (:func:`too_large_pages`).
    """

    folder: Path
    years: list[int]
    files: list[Path] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the command line.

        >>> ExportResult(Path("out"), [2004, 2005], [Path("a")] * 3,
        ...              [Path("a")] * 2, [Path("a")], []).summary()
        '3 files for 2004-2005 in out: 2 written, 1 unchanged, 0 removed'
        """
        return (
            f"{len(self.files)} files for {self.years[0]}-{self.years[-1]} in "
            f"{self.folder}: {len(self.written)} written, {len(self.kept)} "
            f"unchanged, {len(self.removed)} removed"
        )


class NoFigures:
    """What an export tells of its figures, when it draws none: no browser,
    and no image asked for (an index without thumbnails), or an export whose
    figures are not started yet. :class:`basemap.exporter.drawing.Figures`
    draws them."""

    def page_written(self, year: int) -> None:
        pass

    def close(self) -> None:
        pass

    def finish(self, write: bool = True) -> None:
        pass


@dataclass
class ExportJob:
    """What every step of an export shares: its options, the layers and
    every year's styled selection (made once, for every page and figure),
    the manifest, and the result as it grows. The steps add what they make
    for the later ones: the figures being drawn (:meth:`put` writes every
    file), the presence chart, the thumbnails."""

    out: Path
    years: list[int]
    layers: geopandas.GeoDataFrame
    stem: str
    formats: list[str]
    title: str | None
    tiles: str | None
    base: str
    width: int
    height: int
    scale: float
    as_of: str
    bounds: tuple
    frames: dict
    contexts: dict | None
    result: ExportResult
    tell: Callable[[str], None]
    manifest: Manifest
    thumbs: dict = field(default_factory=dict)
    context: Context | None = None  # the events and memberships
    chart_svg: str | None = None  # the presence chart, drawn with the figures
    #: told of each year's page (set by the run: a drawing.Figures)
    figures: NoFigures = field(default_factory=NoFigures)
    folders: set = field(default_factory=set)  # where files were renamed

    def file_of(self, year: int, ext: str) -> str:
        """File name of a year's output with extension ``ext``."""
        return self.stem.format(year=year) + ext

    def put(
        self,
        name: str,
        data: bytes | str,
        label: str | None = "",
        drawn_from: str | None = None,
    ) -> Path:
        """Write output ``name`` (relative to the folder) atomically, unless
        the same bytes are on disk already; record it (an image with what it
        was ``drawn_from``) and report progress (with ``label``, by default
        the name; None reports nothing)."""
        path, data, digest = self._bytes(name, data)
        if not self._kept(name, path, data, digest, drawn_from):
            # from the folder down, never through a link to a folder
            atomic_write_bytes(path, data, sync_folder=False, within=self.out)
            self._wrote(name, path, data, digest, drawn_from)
        self.result.files.append(path)
        if label is not None:
            self.tell(label or name)
        return path

    def put_many(self, items: Iterable[tuple[str, bytes | str]]) -> list[Path]:
        """:meth:`put` of many outputs (reporting none), their writes done
        by a few threads at once: each is as atomic as ever (a temporary
        file, fsync, rename), and a disk flushes the fsyncs of files
        written together in one journal commit, where one after another
        each waits for its own. A failed write is raised once every other
        is done and recorded (an export's 10,000 site pages spent most of
        their time waiting for the disk, one page at a time)."""
        from concurrent.futures import ThreadPoolExecutor

        paths: list[Path] = []
        pending: list[tuple[str, Path, bytes, str, Any]] = []
        with ThreadPoolExecutor(max_workers=WRITERS) as pool:
            for name, data in items:
                path, data, digest = self._bytes(name, data)
                paths.append(path)
                self.result.files.append(path)
                if self._kept(name, path, data, digest, None):
                    continue
                # (each a file of its own: they share no state)
                job = pool.submit(
                    atomic_write_bytes, path, data, sync_folder=False, within=self.out
                )
                pending.append((name, path, data, digest, job))
        failed = None
        for name, path, data, digest, job in pending:
            try:
                job.result()
            except BaseException as exc:  # the first, once every write is done
                failed = failed or exc
                continue
            self._wrote(name, path, data, digest, None)
        if failed is not None:
            raise failed
        return paths

    def _bytes(self, name: str, data: bytes | str) -> tuple[Path, bytes, str]:
        """Output ``name``'s path, bytes and their SHA-256."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        return self.out / name, data, sha256(data)

    def _kept(self, name, path, data, digest, drawn_from) -> bool:
        """Record output ``name`` as kept if its bytes are on disk already:
        without reading the old file when the manifest has its hash and the
        stat cache vouches for it, else compared byte for byte."""
        if not self.manifest.unchanged(name, data, digest):
            return False
        self.result.kept.append(path)
        self.manifest.record(name, data, drawn_from, digest=digest)
        return True

    def _wrote(self, name, path, data, digest, drawn_from) -> None:
        """Record output ``name`` as written (its folder flushed once, at
        the end; its stat kept for the stat cache)."""
        self.folders.add(path.parent)
        self.result.written.append(path)
        self.manifest.record(name, data, drawn_from, digest=digest)
        self.manifest.written(name)
