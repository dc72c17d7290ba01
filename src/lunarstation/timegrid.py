"""The one time model: UTC in, TDB seconds past J2000 out.

Scenario files and the command line speak ISO 8601 UTC; every physics kernel takes
``tdb_s``, a float64 array of TDB seconds past J2000.0 (2000-01-01 12:00 TDB). This
module is the only place that converts between the two.

Chain used (IERS Conventions 2010, ch. 10; Explanatory Supplement 3rd ed. §3.5):

* UTC → TAI: add the leap-second count TAI − UTC from the IERS Bulletin C table below
  (37 s since 2017-01-01). Epochs after the last entry assume no new leap second,
  as skyfield's built-in table does; a future leap second would shift TDB by 1 s
  (≈0.0001° of lunar rotation, far below this package's accuracy needs).
* TAI → TT: add 32.184 s (exact, by definition).
* TT → TDB: add 0.001657 s·sin(g) + 0.000014 s·sin(2g), g = 357.53° + 0.98560028°·d,
  d days past J2000 (USNO Circular 179, eq. 2.6); within 50 µs of the full series
  (checked against skyfield), i.e. 1e-10 rad of lunar rotation.

Naive datetimes are refused: a time without a zone is ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np
from numpy.typing import NDArray

from lunarstation.constants import DAY_S, HOUR_S
from lunarstation.errors import OutOfRangeError

FloatArray = NDArray[np.float64]

TT_MINUS_TAI_S = 32.184
"""TT − TAI, s (exact; IAU 1991 Resolution A4)."""

_J2000_UTC_NS = np.datetime64("2000-01-01T12:00:00", "ns")

# (first UTC day the value holds, TAI − UTC in s), IERS Bulletin C 1972–2017.
_LEAP_SECONDS = (
    ("1972-01-01", 10), ("1972-07-01", 11), ("1973-01-01", 12), ("1974-01-01", 13),
    ("1975-01-01", 14), ("1976-01-01", 15), ("1977-01-01", 16), ("1978-01-01", 17),
    ("1979-01-01", 18), ("1980-01-01", 19), ("1981-07-01", 20), ("1982-07-01", 21),
    ("1983-07-01", 22), ("1985-07-01", 23), ("1988-01-01", 24), ("1990-01-01", 25),
    ("1991-01-01", 26), ("1992-07-01", 27), ("1993-07-01", 28), ("1994-07-01", 29),
    ("1996-01-01", 30), ("1997-07-01", 31), ("1999-01-01", 32), ("2006-01-01", 33),
    ("2009-01-01", 34), ("2012-07-01", 35), ("2015-07-01", 36), ("2017-01-01", 37),
)  # fmt: skip
_LEAP_STARTS_NS = np.array([np.datetime64(day, "ns") for day, _ in _LEAP_SECONDS])
_LEAP_VALUES_S = np.array([float(value) for _, value in _LEAP_SECONDS])

_NAIVE_MESSAGE = (
    "naive datetime {value!r} has no time zone; give an aware UTC time, either "
    "datetime(2030, 1, 1, tzinfo=datetime.UTC) or datetime.fromisoformat('2030-01-01T00:00Z')"
)

_STEP_UNITS_S = {"s": 1.0, "min": 60.0, "m": 60.0, "h": HOUR_S, "d": DAY_S}


def tai_minus_utc_s(utc: NDArray[np.datetime64]) -> FloatArray:
    """TAI − UTC in seconds for each UTC instant (10 s before 1972, as UTC began then)."""
    index = np.searchsorted(_LEAP_STARTS_NS, utc.astype("datetime64[ns]"), side="right") - 1
    return np.where(index >= 0, _LEAP_VALUES_S[np.clip(index, 0, None)], 10.0)


def tdb_minus_tt_s(tt_s: FloatArray) -> FloatArray:
    """TDB − TT in seconds at TT seconds past J2000 (USNO Circular 179, eq. 2.6)."""
    g = np.radians(357.53 + 0.98560028 * (tt_s / DAY_S))
    return 0.001657 * np.sin(g) + 0.000014 * np.sin(2.0 * g)


def utc_to_tdb_seconds(utc: NDArray[np.datetime64]) -> FloatArray:
    """TDB seconds past J2000 for an array of UTC instants (``datetime64``, read as UTC)."""
    utc_ns = np.asarray(utc).astype("datetime64[ns]")
    elapsed_s = (utc_ns - _J2000_UTC_NS).astype(np.int64) * 1e-9
    tt_s = elapsed_s + tai_minus_utc_s(utc_ns) + TT_MINUS_TAI_S
    return tt_s + tdb_minus_tt_s(tt_s)


def iso_utc(moment: datetime | date | np.datetime64) -> str:
    """The one ISO 8601 UTC text of this package, to the second: ``2031-02-06T00:00:00Z``.

    Aware datetimes (and pandas Timestamps) are converted to UTC; ``datetime64`` is read
    as UTC; a date is midnight UTC. Naive datetimes are refused (ambiguous).

    Raises:
        ValueError: a naive ``datetime``.
    """
    if isinstance(moment, np.datetime64):
        return f"{np.datetime_as_string(moment.astype('datetime64[s]'), unit='s')}Z"
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day, tzinfo=UTC)
    return as_utc_datetime(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def as_utc_datetime(value: datetime | date | str) -> datetime:
    """An aware UTC datetime from a datetime, a date or an ISO 8601 string.

    A date or a date-only string means 00:00 UTC; a string without an offset is read
    as UTC (ISO text in this package is UTC by convention).

    Raises:
        ValueError: a naive ``datetime`` object (ambiguous).
        OutOfRangeError: unparseable text (a ``ValueError`` too).
    """
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError as error:
            raise OutOfRangeError(
                f"{value!r} is not an ISO 8601 UTC time such as 2030-01-01 or 2030-01-01T06:00Z",
                value=value,
                valid=("ISO 8601",),
            ) from error
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(_NAIVE_MESSAGE.format(value=value))
        return value.astimezone(UTC)
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


def to_datetime64(times: Iterable[datetime] | NDArray[np.datetime64]) -> NDArray[np.datetime64]:
    """UTC ``datetime64[ns]`` array from aware datetimes (or a datetime64 array, kept as is)."""
    if isinstance(times, np.ndarray) and np.issubdtype(times.dtype, np.datetime64):
        return times.astype("datetime64[ns]")
    converted = [as_utc_datetime(t).replace(tzinfo=None) for t in times]
    return np.array(converted, dtype="datetime64[ns]")


def parse_step(text: str) -> timedelta:
    """A time step from text such as ``1h``, ``30min``, ``600s`` or ``1d``.

    Raises:
        OutOfRangeError: unparseable, zero or negative step.
    """
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*(s|min|m|h|d)\s*", text)
    if match is None:
        raise OutOfRangeError(
            f"time step {text!r} not understood; write a number and a unit: 600s, 30min, 1h, 1d",
            value=text,
            valid=("s", "min", "h", "d"),
        )
    seconds = float(match.group(1)) * _STEP_UNITS_S[match.group(2)]
    if seconds <= 0.0:
        raise OutOfRangeError(f"time step {text!r} must be positive", value=text, valid=("> 0",))
    return timedelta(seconds=seconds)


@dataclass(frozen=True)
class TimeGrid:
    """A regular grid of instants: UTC for people, TDB seconds past J2000 for physics.

    ``utc`` is ``datetime64[ns]`` (UTC), ``tdb_s`` float64 TDB seconds past J2000,
    ``step_s`` the spacing in seconds.
    """

    utc: NDArray[np.datetime64]
    tdb_s: FloatArray
    step_s: float

    def __len__(self) -> int:
        return int(self.tdb_s.size)

    @property
    def step_h(self) -> float:
        """Grid spacing, hours."""
        return self.step_s / HOUR_S

    @classmethod
    def from_utc(cls, utc: NDArray[np.datetime64], step_s: float) -> TimeGrid:
        """A grid from given UTC instants (``datetime64``) and their nominal spacing in s."""
        utc_ns = np.asarray(utc).astype("datetime64[ns]")
        return cls(utc=utc_ns, tdb_s=utc_to_tdb_seconds(utc_ns), step_s=float(step_s))


def time_grid(
    start: datetime | date | str, end: datetime | date | str, step: timedelta | str
) -> TimeGrid:
    """Regular UTC instants from ``start`` to ``end`` inclusive (when on the grid).

    Raises:
        OutOfRangeError: ``end`` not after ``start``, or a step that is not positive.
        ValueError: a naive datetime or unparseable text.
    """
    first, last = as_utc_datetime(start), as_utc_datetime(end)
    step_td = parse_step(step) if isinstance(step, str) else step
    if step_td <= timedelta(0):
        raise OutOfRangeError(f"time step {step_td} must be positive", value=step, valid=("> 0",))
    if last <= first:
        raise OutOfRangeError(
            f"end {last.isoformat()} must be after start {first.isoformat()}",
            value=last,
            valid=(first, None),
        )
    step_ns = int(step_td.total_seconds() * 1e9)
    first_ns = np.datetime64(first.replace(tzinfo=None), "ns")
    count = int((np.datetime64(last.replace(tzinfo=None), "ns") - first_ns).astype(np.int64))
    offsets = np.arange(count // step_ns + 1, dtype=np.int64) * step_ns
    return TimeGrid.from_utc(first_ns + offsets.astype("timedelta64[ns]"), step_ns * 1e-9)
