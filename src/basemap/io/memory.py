"""The memory guard: layers are as large as the machine can read.

There is no fixed limit on a layer's size. What limits it is memory:
reading, checking and drawing a layer holds its features as Python
objects, several times the bytes of its file. :func:`check_memory`
compares the layers' size, times :data:`MEMORY_PER_BYTE`, with the memory
this process can have (:func:`available_memory`: what the system has
available, within the control group's limit if there is one), and refuses
before anything is read or written, with the figures and what to do,
rather than let the system kill the process halfway through an export.
Where the memory cannot be known (no ``/proc``), nothing is refused.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import Problem

__all__ = ["MEMORY_PER_BYTE", "available_memory", "check_memory"]

#: Peak memory of reading, checking and drawing a layer, per byte of its
#: file: ``basemap build`` of 10,000 synthetic sites of real weight
#: (benchmarks/synthetic.py, a 98 MB file) peaks at 618 MB, 6.3 times the
#: file; rounded up, for the margin a machine needs to go on working.
MEMORY_PER_BYTE = 7


def _meminfo_available(text: str) -> int | None:
    """``MemAvailable`` of a ``/proc/meminfo`` text, in bytes.

    >>> _meminfo_available("MemTotal: 100 kB\\nMemAvailable:  2048 kB\\n")
    2097152
    >>> _meminfo_available("MemTotal: 100 kB\\n") is None
    True
    """
    for line in text.splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) * 1024
    return None


def _cgroup_room(root: Path = Path("/sys/fs/cgroup")) -> int | None:
    """Bytes left under the control group's memory limit (cgroup v2), or
    None without a limit."""
    try:
        limit = (root / "memory.max").read_text().strip()
        if limit == "max":
            return None
        used = int((root / "memory.current").read_text().strip())
    except (OSError, ValueError):
        return None
    return max(0, int(limit) - used)


def available_memory() -> int | None:
    """Bytes of memory this process can have: the system's available
    memory (``MemAvailable``: free, and what the page cache would give
    back), within the control group's limit; None where unknown.

    >>> room = available_memory()
    >>> room is None or room > 0
    True
    """
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            room = _meminfo_available(fh.read())
    except OSError:
        room = None
    if room is None and hasattr(os, "sysconf"):
        try:
            room = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        except (ValueError, OSError):
            room = None
    limit = _cgroup_room()
    if limit is not None:
        room = limit if room is None else min(room, limit)
    return room


def check_memory(files: list[Path], available: int | None = None) -> Problem | None:
    """The problem of layers too large for the memory at hand, or None.

    ``available`` defaults to :func:`available_memory`.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     layer = pathlib.Path(tmp, "a.geojson")
    ...     _ = layer.write_bytes(b"x" * 3_000_000)
    ...     problem = check_memory([layer], available=10_000_000)
    ...     check_memory([layer], available=100_000_000) is None
    True
    >>> print(problem.message.replace(", and", ",\\nand"))
    1 layer file of 3 MB in all: reading it takes about 21 MB of memory,
    and this machine has 10 MB available
    """
    sizes = []
    for path in files:
        try:
            sizes.append(path.stat().st_size)
        except OSError:
            continue  # said by the reader
    total = sum(sizes)
    if available is None:
        available = available_memory()
    needed = total * MEMORY_PER_BYTE
    if available is None or needed <= available:
        return None
    count = f"{len(sizes)} layer file{'s' if len(sizes) != 1 else ''}"
    them = "it" if len(sizes) == 1 else "them"
    return Problem(
        str(files[0].parent if len(files) > 1 else files[0]),
        None,
        None,
        f"{count} of {_mb(total)} in all: reading {them} takes about "
        f"{_mb(needed)} of memory, and this machine has {_mb(available)} available",
        "free memory (close other programs), use a machine with more, or read "
        "a part of the layers at a time (fewer files in --data)",
    )


def _mb(n: int) -> str:
    """A size in MB or GB, as a reader says it.

    >>> _mb(3_000_000), _mb(21_000_000_000)
    ('3 MB', '21.0 GB')
    """
    return f"{n / 1e9:.1f} GB" if n >= 1e9 else f"{n / 1e6:,.0f} MB"
