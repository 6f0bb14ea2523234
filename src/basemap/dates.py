"""Dates at the precision the sources support, and what they mean in time.

The grammar is a subset of EDTF level 1: ``YYYY``, ``YYYY-MM`` or
``YYYY-MM-DD``, optionally followed by ``~`` (approximate) or ``?``
(uncertain).

Semantics
---------
A written date denotes a *span* of days: ``2005`` is 1 January to 31 December
2005, ``2005-11`` all of November 2005, ``2005-11-21`` that one day. A
qualified date (``~`` or ``?``) may be off by one unit of its precision, so its
span is widened by one unit on each side: ``2005~`` is 1 January 2004 to
31 December 2006, ``2005-11?`` is 1 October 2005 to 31 December 2005.

For a period (start, end), both ends inclusive:

* the *earliest* day it can have begun is the first day of the start span and
  the *latest* day it can have ended is the last day of the end span;
* it is *present* on day D when ``earliest_start <= D <= latest_end``, and in
  year Y when ``earliest_start <= 31 Dec Y`` and ``latest_end >= 1 Jan Y``;
* it is *certain* on day D when ``latest_start <= D <= earliest_end``, and in
  year Y when ``latest_start <= 31 Dec Y`` and ``earliest_end >= 1 Jan Y``
  (so that it surely overlapped the year); present but not certain is
  *uncertain*, which the map shows as such instead of dropping or asserting.

An ``end`` of null means "still present on the layer's ``as_of`` day": its
earliest end is ``as_of`` and its latest end is open, so years after
``as_of`` are uncertain rather than silently asserted.

Examples
--------
>>> d = parse_date("2005-11~")
>>> d.earliest, d.latest
(datetime.date(2005, 10, 1), datetime.date(2005, 12, 31))
>>> p = Period.from_strings("2001-10-05", "2005-11-21")
>>> [y for y in range(2000, 2008) if p.presence_in_year(y)]
[2001, 2002, 2003, 2004, 2005]
>>> p.presence_in_year(2005)
'present'
>>> Period.from_strings("2003", None, as_of="2026-11-01").presence_on(date(2003, 6, 1))
'uncertain'
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal, NamedTuple

from .errors import OptionError

__all__ = [
    "DATE_PATTERN",
    "FuzzyDate",
    "Period",
    "Presence",
    "When",
    "parse_date",
    "parse_when",
]

#: The grammar of a date string, as a regular expression (also in the schema).
DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?[~?]?$"

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?])?$")

Precision = Literal["year", "month", "day"]
Presence = Literal["present", "uncertain"]

_MIN = date.min
_MAX = date.max


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


@dataclass(frozen=True)
class FuzzyDate:
    """A date as written, with the span of days it can mean.

    Attributes
    ----------
    text : str
        The date exactly as written in the data.
    precision : {"year", "month", "day"}
    qualifier : {"", "~", "?"}
        ``~`` approximate, ``?`` uncertain, empty when exact.
    earliest, latest : datetime.date
        First and last day the written date can mean.
    """

    text: str
    precision: Precision
    qualifier: str
    earliest: date
    latest: date

    @property
    def exact(self) -> bool:
        """True when the date names one day and carries no qualifier.

        >>> parse_date("2003-10-23").exact, parse_date("2003").exact
        (True, False)
        """
        return self.precision == "day" and not self.qualifier


def parse_date(text: str) -> FuzzyDate:
    """Parse a date string of the basemap grammar.

    Parameters
    ----------
    text : str
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, optionally followed by ``~``
        or ``?``.

    Returns
    -------
    FuzzyDate

    Raises
    ------
    ValueError
        With a message saying what is wrong, for anything else (including
        impossible dates such as ``2005-02-30``).

    Examples
    --------
    >>> parse_date("2004-10").latest
    datetime.date(2004, 10, 31)
    >>> parse_date("2002?").earliest
    datetime.date(2001, 1, 1)
    >>> parse_date("2005/11")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: '2005/11' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD ...
    """
    if not isinstance(text, str):
        raise ValueError(f"{text!r} is not a date string")
    match = _DATE_RE.match(text)
    if not match:
        raise ValueError(
            f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD "
            "(optionally followed by ~ or ?)"
        )
    y_s, m_s, d_s, qualifier = match.groups()
    year = int(y_s)
    qualifier = qualifier or ""
    if year < 1:
        raise ValueError(f"{text!r}: year 0000 does not exist")
    if m_s is None:
        first, last = date(year, 1, 1), date(year, 12, 31)
        precision: Precision = "year"
        if qualifier:
            first = date(max(year - 1, 1), 1, 1)
            last = date(min(year + 1, 9999), 12, 31)
    else:
        month = int(m_s)
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r}: month {m_s} is not between 01 and 12")
        days_in_month = calendar.monthrange(year, month)[1]
        if d_s is None:
            precision = "month"
            first, last = date(year, month, 1), date(year, month, days_in_month)
            if qualifier:
                py, pm = _add_months(year, month, -1)
                ny, nm = _add_months(year, month, 1)
                # widened, but never past the calendar's ends (0001, 9999)
                first = date(py, pm, 1) if py >= 1 else _MIN
                last = (
                    date(ny, nm, calendar.monthrange(ny, nm)[1]) if ny <= 9999 else _MAX
                )
        else:
            day = int(d_s)
            if not 1 <= day <= days_in_month:
                raise ValueError(
                    f"{text!r}: day {d_s} does not exist in {year}-{m_s} "
                    f"(which has {days_in_month} days)"
                )
            precision = "day"
            first = last = date(year, month, day)
            if qualifier:
                first = date.fromordinal(max(first.toordinal() - 1, 1))
                last = date.fromordinal(min(last.toordinal() + 1, _MAX.toordinal()))
    return FuzzyDate(text, precision, qualifier, first, last)


@dataclass(frozen=True)
class Period:
    """A period between two written dates, both ends inclusive.

    Attributes
    ----------
    start : FuzzyDate
    end : FuzzyDate or None
        None means still present as of ``as_of``.
    as_of : datetime.date or None
        The day the data was last checked; only used when ``end`` is None.
    """

    start: FuzzyDate
    end: FuzzyDate | None
    as_of: date | None = None

    @classmethod
    def from_strings(
        cls, start: str, end: str | None, as_of: str | date | None = None
    ) -> Period:
        """Build a period from the strings written in the data.

        >>> Period.from_strings("2002-02-18", "2015-12-20").latest_end
        datetime.date(2015, 12, 20)
        """
        if isinstance(as_of, str):
            as_of = date.fromisoformat(as_of)
        return cls(parse_date(start), None if end is None else parse_date(end), as_of)

    @property
    def earliest_start(self) -> date:
        return self.start.earliest

    @property
    def latest_start(self) -> date:
        return self.start.latest

    @property
    def earliest_end(self) -> date:
        if self.end is None:
            return self.as_of or _MAX
        return self.end.earliest

    @property
    def latest_end(self) -> date:
        return _MAX if self.end is None else self.end.latest

    def is_ordered(self) -> bool:
        """True unless the end can only fall before the start.

        >>> Period.from_strings("2005", "2004").is_ordered()
        False
        >>> Period.from_strings("2005-06", "2005").is_ordered()
        True
        """
        return self.latest_end >= self.earliest_start

    def presence_on(self, day: date) -> Presence | None:
        """Whether the period covers ``day``: "present", "uncertain" or None."""
        if not self.earliest_start <= day <= self.latest_end:
            return None
        if self.latest_start <= day <= self.earliest_end:
            return "present"
        return "uncertain"

    def presence_in_year(self, year: int) -> Presence | None:
        """Whether the period overlaps ``year``: "present", "uncertain" or None.

        >>> p = Period.from_strings("2001-12", "2014-06-03")
        >>> p.presence_in_year(2001), p.presence_in_year(2014), p.presence_in_year(2015)
        ('present', 'present', None)
        """
        first, last = date(year, 1, 1), date(year, 12, 31)
        if self.earliest_start > last or self.latest_end < first:
            return None
        if self.latest_start <= last and self.earliest_end >= first:
            return "present"
        return "uncertain"

    def overlaps(self, other: Period) -> bool:
        """True when the two periods surely share at least one day.

        Periods whose imprecise ends merely *might* touch are not reported.

        >>> a = Period.from_strings("2002", "2014-12")
        >>> a.overlaps(Period.from_strings("2015-01", "2015-12-20"))
        False
        >>> a.overlaps(Period.from_strings("2014-06", None))
        True
        """
        return (
            self.latest_start <= other.earliest_end
            and other.latest_start <= self.earliest_end
        )

    def within(self, other: Period) -> bool:
        """True when this period can lie inside ``other`` (as a membership
        lies inside the life of its organisation).

        >>> life = Period.from_strings("1994-04-20", "2002-10-06")
        >>> Period.from_strings("1994-04-20", "1999-04").within(life)
        True
        >>> Period.from_strings("1994", None).within(life)
        False
        """
        return (
            self.latest_start >= other.earliest_start
            and self.earliest_end <= other.latest_end
            and (other.end is None or self.end is not None)
        )


class When(NamedTuple):
    """What a map, a list or a selection shows: a year, or a single day
    (exactly one of them is set; see :func:`parse_when`)."""

    year: int | None
    day: date | None

    @property
    def key(self) -> str:
        """``2005`` or ``2005-11-21``: how files and pages name it.

        >>> When(2005, None).key, When(None, date(2005, 11, 21)).key
        ('2005', '2005-11-21')
        """
        return self.day.isoformat() if self.day is not None else str(self.year)


def parse_when(year: int | None = None, when: str | date | When | None = None) -> When:
    """Check a year/date choice; return it as a :class:`When`, one of
    ``year`` and ``day`` set.

    The pipeline parses the choice once, at its entry, and hands the
    :class:`When` on: given one, this returns it as it is.

    Examples
    --------
    >>> parse_when(year=2005)
    When(year=2005, day=None)
    >>> at = parse_when(when="2005-11-21")
    >>> at, parse_when(when=at) is at
    (When(year=None, day=datetime.date(2005, 11, 21)), True)
    >>> parse_when(year=2005, when="2005-01-01")
    Traceback (most recent call last):
    ...
    basemap.errors.OptionError: give a year or a date, not both
    """
    if isinstance(when, When) and year is None:
        return when
    if (year is None) == (when is None):
        raise OptionError(
            "give a year or a date, not both"
            if year is not None
            else "give a year (e.g. 2005) or a date (e.g. 2005-11-21)"
        )
    if year is not None:
        if not 1 <= int(year) <= 9999:
            raise OptionError(f"year {year} is out of range (1-9999)")
        return When(int(year), None)
    if isinstance(when, date):
        return When(None, when)
    try:
        return When(None, date.fromisoformat(str(when)))
    except ValueError:
        raise OptionError(f"date {when!r} is not a valid YYYY-MM-DD date") from None
