"""UTC → TDB conversion checked against skyfield's timescale (independent leap-second and
TDB code, built-in IERS tables), plus the refusals the time model promises."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lunarstation.errors import OutOfRangeError
from lunarstation.timegrid import (
    as_utc_datetime,
    parse_step,
    tai_minus_utc_s,
    time_grid,
    utc_to_tdb_seconds,
)

MICROSECOND = 1e-6


@pytest.fixture(scope="module")
def timescale():  # type: ignore[no-untyped-def]
    import skyfield_data
    from skyfield.api import Loader

    return Loader(str(Path(skyfield_data.__file__).parent / "data"), verbose=False).timescale()


def test_spice_et_of_2030() -> None:
    # ephemeris.md §1b: SPICE ET (= TDB past J2000) of 2030-01-01T00:00 UTC is 946,728,069.18 s.
    tdb = utc_to_tdb_seconds(np.array(["2030-01-01T00:00"], dtype="datetime64[ns]"))
    assert tdb[0] == pytest.approx(946_728_069.18, abs=0.01)


def test_leap_seconds_match_bulletin_c() -> None:
    # IERS Bulletin C: TAI−UTC = 10 s in 1972, 32 s on 1999-01-01, 37 s since 2017-01-01.
    days = np.array(["1972-01-01", "1998-12-31T23:59:59", "1999-01-01", "2017-01-01"], "M8[ns]")
    assert tai_minus_utc_s(days).tolist() == [10.0, 31.0, 32.0, 37.0]


@settings(max_examples=60, deadline=None)
@given(st.datetimes(min_value=datetime(1972, 1, 1), max_value=datetime(2050, 12, 31)))
def test_tdb_agrees_with_skyfield(timescale, moment: datetime) -> None:  # type: ignore[no-untyped-def]
    ours = utc_to_tdb_seconds(np.array([moment], dtype="datetime64[ns]"))[0]
    t = timescale.from_datetime(moment.replace(tzinfo=UTC))
    theirs = (t.whole - 2_451_545.0) * 86_400.0 + t.tdb_fraction * 86_400.0
    assert ours == pytest.approx(theirs, abs=50 * MICROSECOND)


def test_naive_datetime_refused_with_the_two_right_ways() -> None:
    with pytest.raises(ValueError, match=r"tzinfo=datetime.UTC.*fromisoformat"):
        as_utc_datetime(datetime(2030, 1, 1))


def test_inputs_read_as_utc() -> None:
    plus_two = timezone(timedelta(hours=2))
    assert as_utc_datetime(datetime(2030, 1, 1, 2, tzinfo=plus_two)) == datetime(
        2030, 1, 1, tzinfo=UTC
    )
    assert as_utc_datetime(date(2030, 1, 1)) == datetime(2030, 1, 1, tzinfo=UTC)
    assert as_utc_datetime("2030-01-01T06:00Z").hour == 6


@pytest.mark.parametrize(
    ("text", "seconds"), [("1h", 3600), ("30min", 1800), ("600s", 600), ("1d", 86400)]
)
def test_step_parsing(text: str, seconds: float) -> None:
    assert parse_step(text).total_seconds() == seconds


@pytest.mark.parametrize("text", ["0h", "fast", "-1h"])
def test_bad_steps_refused(text: str) -> None:
    with pytest.raises(OutOfRangeError):
        parse_step(text)


def test_grid_is_inclusive_and_regular() -> None:
    grid = time_grid("2030-01-01", "2030-01-02", "1h")
    assert len(grid) == 25
    assert np.allclose(np.diff(grid.tdb_s), 3600.0, atol=1e-6)
    assert grid.step_h == 1.0


def test_end_before_start_refused() -> None:
    with pytest.raises(OutOfRangeError, match="must be after start"):
        time_grid("2031-01-01", "2030-01-01", "1h")
