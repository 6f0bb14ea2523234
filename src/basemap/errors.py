"""Exceptions raised by basemap.

Every error basemap raises on purpose derives from :class:`BasemapError`, and
each subclass also derives from the matching builtin, so callers can catch
``ValueError`` or ``OSError`` as usual.

Examples
--------
>>> from basemap.errors import BasemapError, DataError, Problem
>>> err = DataError([Problem("a.geojson", "kant-1", "start", "bad date", "use YYYY")])
>>> isinstance(err, BasemapError) and isinstance(err, ValueError)
True
>>> print(err)
a.geojson: feature 'kant-1': start: bad date (use YYYY)
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BasemapError",
    "BrowserError",
    "BrowserNotFoundError",
    "DataError",
    "OptionError",
    "OutputError",
    "Problem",
]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in a layer file.

    Parameters
    ----------
    file : str
        The file the problem is in.
    feature_id : str or None
        The ``id`` of the feature, or None for a problem with the whole file.
    prop : str or None
        The property (or member) at fault, or None.
    message : str
        What is wrong.
    hint : str
        How to fix it.

    Examples
    --------
    >>> str(Problem("x.geojson", None, None, "not JSON", "check the file"))
    'x.geojson: not JSON (check the file)'
    """

    file: str
    feature_id: str | None
    prop: str | None
    message: str
    hint: str = ""

    def __str__(self) -> str:
        parts = [self.file]
        if self.feature_id is not None:
            parts.append(f"feature {self.feature_id!r}")
        if self.prop:
            parts.append(self.prop)
        text = ": ".join(parts) + f": {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class BasemapError(Exception):
    """Root of every error basemap raises on purpose."""


class DataError(BasemapError, ValueError):
    """Layer files hold problems; ``problems`` lists every one of them.

    The message is one line per problem, so a command-line tool can print it
    as it is.
    """

    def __init__(self, problems: list[Problem] | Problem):
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class OptionError(BasemapError, ValueError):
    """An option given to the library has a value it cannot use."""


class OutputError(BasemapError, OSError):
    """An output file could not be written."""


class BrowserError(BasemapError, OSError):
    """The headless Chromium that draws the figures failed: it could not be
    found, did not start, or stopped while drawing."""


class BrowserNotFoundError(BrowserError):
    """No headless Chromium could be found, or started, to take screenshots."""
