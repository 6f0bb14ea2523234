"""The version of basemap, as installed.

Its own module, so that any module can name the version without importing
the package root (and everything the root imports).

>>> __version__ != ""
True
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

__all__ = ["__version__"]

try:
    __version__ = version("centralasia-basemap")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0+unknown"
