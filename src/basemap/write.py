"""Write files atomically.

:func:`write_map` is the last step of the pipeline. Every file is written
to a temporary file in the same folder, flushed to disk and renamed over the
target, so a reader sees either the old file or the new one, never a
fragment, and a failed or interrupted run leaves no half-written map.

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
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import OutputError

if TYPE_CHECKING:
    from .elements import OfflineMap

__all__ = ["atomic_write_bytes", "atomic_write_text", "render_html", "write_map"]


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically, creating its folder if needed.

    Raises
    ------
    OutputError
        When the folder cannot be created or the file cannot be written.
    """
    path = Path(path)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise OutputError(
            f"{path}: cannot write ({exc.strerror or exc}); check that the folder "
            "is writable and the disk is not full"
        ) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return path


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` as UTF-8 to ``path`` atomically."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def render_html(m: OfflineMap) -> str:
    """Return the page of a map as HTML (the same bytes for the same map).

    The text ends with a newline (Jinja drops the template's last one).
    """
    text = m.get_root().render()
    return text if text.endswith("\n") else text + "\n"


def write_map(m: OfflineMap, path: str | os.PathLike[str]) -> Path:
    """Render a map and write it to ``path`` atomically; return the path."""
    return atomic_write_text(path, render_html(m))
