"""Reducing long hourly series for the page: daily bands, hourly detail where the story is.

Twenty years hourly is 175,320 points a site and series; drawn as they are, the reference
run's figures would weigh hundreds of megabytes and take a browser minutes. So each long
series is drawn as

* **daily bands**: per UTC day the minimum, mean and maximum of the hourly values
  (:func:`daily_bands`), on a regular day grid, so that Plotly needs no time array
  (``x0`` and ``dx``); a day without data is a gap;
* **hourly detail** in windows of ``±pad`` around the episodes that matter (hours of load
  shedding, survival shortfall or a store running short; :func:`episodes`): the hourly
  values themselves (:func:`hourly_detail`). When a site has many episodes, the
  ``max_windows`` longest are shown in detail, and the page says so.

Every figure states its reduction (:meth:`Detail.text`); the browser tests check a
trace against this module applied to the run's table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from lunarstation.constants import DAY_S

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

DAY_MS = 1000.0 * DAY_S
"""One day in milliseconds, the ``dx`` of a daily trace on a Plotly date axis."""
DEFAULT_PAD = pd.Timedelta(days=3)
"""Hourly detail this long before and after each episode."""
DEFAULT_MAX_WINDOWS = 12
"""At most this many detail windows per site (the longest episodes), so pages stay small."""


@dataclass(frozen=True)
class DailyBands:
    """Daily minimum, mean and maximum of an hourly series on a regular UTC day grid."""

    start: pd.Timestamp
    """UTC midnight of the first day."""
    low: FloatArray
    mean: FloatArray
    high: FloatArray
    """Per day (NaN on days without data)."""

    @property
    def x0_ms(self) -> float:
        """The first day, milliseconds since 1970 UTC (Plotly's ``x0``)."""
        return float(self.start.value // 1_000_000)

    @property
    def days(self) -> pd.DatetimeIndex:
        """The UTC midnight of each day."""
        return pd.date_range(self.start, periods=len(self.mean), freq="D")


def daily_bands(times: pd.Series | pd.DatetimeIndex, values: ArrayLike) -> DailyBands:
    """Per UTC day, the min, mean and max of ``values`` (NaN values are ignored).

    Days between the first and last with no value are kept, as NaN, so the grid is
    regular. Raises ValueError for an empty series.
    """
    index = pd.DatetimeIndex(pd.to_datetime(times, utc=True)).as_unit("ns")
    if len(index) == 0:
        raise ValueError("daily_bands of an empty series")
    data = pd.Series(np.asarray(values, dtype=float), index=index.floor("D"))
    grouped = data.groupby(level=0)
    stats = pd.DataFrame({"low": grouped.min(), "mean": grouped.mean(), "high": grouped.max()})
    days = pd.date_range(stats.index.min(), stats.index.max(), freq="D")
    stats = stats.reindex(days)
    return DailyBands(
        pd.Timestamp(days[0]),
        stats["low"].to_numpy(float),
        stats["mean"].to_numpy(float),
        stats["high"].to_numpy(float),
    )


def episodes(
    times: pd.Series | pd.DatetimeIndex, mask: ArrayLike
) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """``(first, last)`` time of each run of consecutive True steps of ``mask``.

    Steps are consecutive when they follow each other in ``times`` (sorted, one row per
    step); a gap in the times ends a run as a False step would.
    """
    index = pd.DatetimeIndex(pd.to_datetime(times, utc=True)).as_unit("ns")
    flags = np.asarray(mask, dtype=bool)
    if len(index) != len(flags):
        raise ValueError(f"{len(index)} times but {len(flags)} mask values")
    if not flags.any():
        return []
    stamps = index.asi8
    step = np.median(np.diff(stamps)) if len(stamps) > 1 else 0
    gap = np.concatenate(([True], np.diff(stamps) > step))
    starts = flags & (gap | ~np.concatenate(([False], flags[:-1])))
    ends = flags & np.concatenate((gap[1:] | ~flags[1:], [True]))
    return [
        (pd.Timestamp(index[int(s)]), pd.Timestamp(index[int(e)]))
        for s, e in zip(np.flatnonzero(starts), np.flatnonzero(ends), strict=True)
    ]


@dataclass(frozen=True)
class Detail:
    """Where a site's series get hourly detail, and how to say so."""

    windows: tuple[tuple[pd.Timestamp, pd.Timestamp], ...]
    """Time-ordered, non-overlapping windows of hourly detail."""
    episodes: int
    """Episodes found (shedding, shortfall ...)."""
    complete: bool
    """Every episode lies in a window (False: only the longest ones do)."""
    pad: pd.Timedelta = DEFAULT_PAD
    what: str = "shedding or shortfall"

    def text(self) -> str:
        """The page's statement of the reduction, e.g. ``daily min/mean/max of the hourly
        values; hourly ±3 d around all 5 shedding or shortfall episodes (4 windows)``."""
        text = "daily min/mean/max of the hourly values"
        if not self.episodes:
            return f"{text} (no {self.what} episode, so no hourly detail)"
        days = f"{self.pad / pd.Timedelta(days=1):g}"
        count = len(self.windows)
        windows = f"{count} window{'s' if count != 1 else ''}"
        plural = "s" if self.episodes != 1 else ""
        if self.complete:
            return f"{text}; hourly ±{days} d around all {self.episodes} {self.what} episode{plural} ({windows})"
        return (
            f"{text}; hourly ±{days} d around the longest {self.what} episodes "
            f"({windows}; {self.episodes} episode{plural} in all)"
        )


def detail_windows(
    found: Sequence[tuple[pd.Timestamp, pd.Timestamp]],
    *,
    pad: pd.Timedelta = DEFAULT_PAD,
    max_windows: int = DEFAULT_MAX_WINDOWS,
    what: str = "shedding or shortfall",
) -> Detail:
    """Windows of hourly detail: each episode ``±pad``, overlapping ones merged; when more
    than ``max_windows`` remain, those holding the longest episodes, in time order."""
    windows: list[list[pd.Timestamp]] = []
    for first, last in sorted(found):
        start, end = first - pad, last + pad
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    complete = len(windows) <= max_windows
    if not complete:

        def longest_inside(window: list[pd.Timestamp]) -> pd.Timedelta:
            inside = [b - a for a, b in found if window[0] <= a and b <= window[1]]
            return max(inside, default=pd.Timedelta(0))

        windows = sorted(sorted(windows, key=longest_inside, reverse=True)[:max_windows])
    return Detail(tuple((w[0], w[1]) for w in windows), len(found), complete, pad, what)


def hourly_detail(
    times: pd.Series | pd.DatetimeIndex,
    values: ArrayLike,
    windows: Sequence[tuple[pd.Timestamp, pd.Timestamp]],
) -> tuple[FloatArray, FloatArray]:
    """``(x_ms, y)``: the values inside ``windows``, a NaN between windows (a line gap)."""
    index = pd.DatetimeIndex(pd.to_datetime(times, utc=True)).as_unit("ns")
    data = np.asarray(values, dtype=float)
    stamps = index.asi8
    xs: list[FloatArray] = []
    ys: list[FloatArray] = []
    for start, end in windows:
        inside = (stamps >= start.value) & (stamps <= end.value)
        if not inside.any():
            continue
        xs += [stamps[inside] / 1e6, np.array([np.nan])]
        ys += [data[inside], np.array([np.nan])]
    if not xs:
        return np.array([]), np.array([])
    return np.concatenate(xs)[:-1], np.concatenate(ys)[:-1]


def bool_mask(*columns: ArrayLike, tolerance: float = 0.0) -> BoolArray:
    """True where any of ``columns`` exceeds ``tolerance``."""
    result = np.zeros(len(np.asarray(columns[0])), dtype=bool) if columns else np.array([], bool)
    for column in columns:
        result |= np.nan_to_num(np.asarray(column, dtype=float)) > tolerance
    return result
