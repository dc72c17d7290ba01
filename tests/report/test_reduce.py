"""Series reduction: daily bands, episodes and hourly windows, against plain loops.

The reference here is an independent computation: the same statistics by explicit loops
over UTC calendar days (datetime.date of each time), not pandas' groupby.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lunarstation.report.figures.reduce import (
    DAY_MS,
    daily_bands,
    detail_windows,
    episodes,
    hourly_detail,
)

HOUR = pd.Timedelta(hours=1)


def hourly(values: list[float], start: str = "2031-03-30T21:00:00Z") -> pd.Series:
    return pd.Series(pd.date_range(start, periods=len(values), freq="h"))


def test_daily_bands_match_loops_over_utc_days() -> None:
    rng = np.random.default_rng(7)
    values = rng.normal(100.0, 30.0, 24 * 5 + 7)
    times = hourly(list(values))
    bands = daily_bands(times, values)
    by_day: dict[object, list[float]] = {}
    for time, value in zip(times, values, strict=True):
        by_day.setdefault(time.date(), []).append(float(value))
    days = sorted(by_day)
    assert len(bands.mean) == len(days)  # 21:00 on day 1 to 03:00 on day 7: 7 days
    for k, day in enumerate(days):
        assert bands.low[k] == pytest.approx(min(by_day[day]), abs=1e-9)
        assert bands.high[k] == pytest.approx(max(by_day[day]), abs=1e-9)
        assert bands.mean[k] == pytest.approx(sum(by_day[day]) / len(by_day[day]), abs=1e-9)
    # The first day's midnight, as Plotly's x0 in milliseconds.
    assert bands.x0_ms == datetime(2031, 3, 30, tzinfo=UTC).timestamp() * 1000
    assert DAY_MS == 86_400_000


def test_daily_bands_keep_days_without_data_as_gaps() -> None:
    times = pd.Series(pd.to_datetime(["2031-01-01T05:00Z", "2031-01-03T05:00Z"], utc=True))
    bands = daily_bands(times, [1.0, 3.0])
    assert len(bands.mean) == 3
    assert np.isnan(bands.mean[1])
    assert list(bands.days.strftime("%d")) == ["01", "02", "03"]


def test_daily_bands_refuse_an_empty_series() -> None:
    with pytest.raises(ValueError, match="empty"):
        daily_bands(pd.Series([], dtype="datetime64[ns, UTC]"), [])


def test_episodes_are_runs_of_true_steps() -> None:
    mask = [False, True, True, False, True, False, False, True]
    times = hourly([0.0] * len(mask), "2031-01-01T00:00:00Z")
    found = episodes(times, mask)
    assert [(a.hour, b.hour) for a, b in found] == [(1, 2), (4, 4), (7, 7)]


def test_a_gap_in_the_times_ends_an_episode() -> None:
    times = pd.Series(pd.to_datetime(["2031-01-01T00:00Z", "2031-01-01T01:00Z",
                                      "2031-01-01T05:00Z", "2031-01-01T06:00Z"], utc=True))  # fmt: skip
    assert len(episodes(times, [True, True, True, True])) == 2


@settings(max_examples=60, deadline=None)
@given(st.lists(st.booleans(), min_size=1, max_size=200))
def test_episodes_cover_exactly_the_true_steps(mask: list[bool]) -> None:
    times = pd.Series(pd.date_range("2031-01-01", periods=len(mask), freq="h", tz="UTC"))
    covered = np.zeros(len(mask), dtype=bool)
    found = episodes(times, mask)
    for first, last in found:
        covered |= ((times >= first) & (times <= last)).to_numpy()
    assert covered.tolist() == mask
    # Episodes are separated by at least one False step.
    for (_, last), (first, _) in itertools.pairwise(found):
        assert first - last >= 2 * HOUR


def test_detail_windows_pad_merge_and_keep_the_longest() -> None:
    t0 = pd.Timestamp("2031-01-10T00:00Z")
    found = [(t0, t0 + 2 * HOUR), (t0 + pd.Timedelta(days=2), t0 + pd.Timedelta(days=2)),
             (t0 + pd.Timedelta(days=30), t0 + pd.Timedelta(days=31))]  # fmt: skip
    detail = detail_windows(found, pad=pd.Timedelta(days=3))
    # The first two are 2 days apart: within 2 × 3 d of padding, so one window.
    assert len(detail.windows) == 2
    assert detail.complete
    assert detail.episodes == 3
    assert detail.windows[0] == (t0 - pd.Timedelta(days=3), t0 + pd.Timedelta(days=5))
    assert "all 3 shedding or shortfall episodes (2 windows)" in detail.text()
    only = detail_windows(found, pad=pd.Timedelta(days=3), max_windows=1)
    assert not only.complete
    assert only.windows == (
        (t0 + pd.Timedelta(days=27), t0 + pd.Timedelta(days=34)),  # the 24 h episode
    )
    assert "the longest" in only.text()
    assert "3 episodes in all" in only.text()
    assert "no shedding or shortfall episode" in detail_windows([]).text()


def test_hourly_detail_is_the_values_inside_windows_with_gaps_between() -> None:
    times = pd.Series(pd.date_range("2031-01-01", periods=48, freq="h", tz="UTC"))
    values = np.arange(48.0)
    windows = [
        (times[2], times[4]),
        (times[40], times[41] + timedelta(minutes=30)),
    ]
    x, y = hourly_detail(times, values, windows)
    assert y[:3].tolist() == [2.0, 3.0, 4.0]
    assert np.isnan(y[3])
    assert y[4:].tolist() == [40.0, 41.0]
    expected_ms = times[2].timestamp() * 1000
    assert x[0] == expected_ms
    assert np.isnan(x[3])


def test_reduction_reads_microsecond_times_as_parquet_gives_them() -> None:
    """Run folders hold times in µs, runs in memory in ns: the same windows either way."""
    ns = pd.Series(pd.date_range("2031-01-01", periods=24, freq="h", tz="UTC"))
    us = ns.astype("datetime64[us, UTC]")
    window = [(ns[3], ns[5])]
    assert np.array_equal(hourly_detail(ns, np.arange(24.0), window)[0],
                          hourly_detail(us, np.arange(24.0), window)[0])  # fmt: skip
