"""Illumination statistics: published polar and equatorial figures, and the kernels' invariants.

Sources: ephemeris.md §1b (Connecting Ridge, geometric 0° horizon: Sun above 48.7 % and Earth
48.5 % of 2030's hours; longest Sun-below run 2030–2039 of 3,950 h) and lunar-environment.md
§2 (354 h equatorial night, 29.5306 d mean synodic month).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lunarstation.environment.horizon import Horizon, sphere_dip_rad, sphere_horizon
from lunarstation.environment.illumination import disk_visible_fraction, illumination, runs
from lunarstation.environment.sites import Site
from lunarstation.errors import OutOfRangeError
from lunarstation.timegrid import time_grid

PERCENTAGE_POINT = 0.01
RIDGE = Site(-89.45, 222.7)


def test_connecting_ridge_2030_shares_on_the_geometric_horizon() -> None:
    grid = time_grid("2030-01-01", "2030-12-31T23:00", "1h")
    stats = illumination(RIDGE, grid).summary()
    assert stats["sun_center_lit_fraction"] == pytest.approx(0.487, abs=0.1 * PERCENTAGE_POINT)
    assert stats["earth_visible_fraction"] == pytest.approx(0.485, abs=0.1 * PERCENTAGE_POINT)


def test_connecting_ridge_longest_darkness_2030s() -> None:
    grid = time_grid("2030-01-01", "2039-12-31T23:00", "1h")
    longest = illumination(RIDGE, grid).summary()["longest_darkness_h"]
    assert longest == pytest.approx(3950.0, abs=2.0)  # hours


def test_equatorial_nights_and_synodic_month() -> None:
    grid = time_grid("2030-01-01", "2034-01-01", "10min")
    result = illumination(Site(0.0, 0.0), grid)
    nights = [p.hours for p in result.darkness][1:-1]  # drop the cut ones at the ends
    # NASA SBIR topic: 354 h night at non-polar sites; equator ±2 h on the mean.
    assert np.mean(nights) == pytest.approx(354.0, abs=2.0)
    starts = np.array([p.start for p in result.darkness][1:], dtype="datetime64[s]")
    mean_month_d = np.mean(np.diff(starts).astype(np.float64)) / 86_400.0
    assert mean_month_d == pytest.approx(29.5306, abs=0.01)  # days (±15 min over 49 months)


def test_mast_lowers_the_sphere_horizon() -> None:
    # cos(dip) = R/(R + h): a 10 m mast on the 1737.4 km sphere sees 0.1944° below level
    # (√(2h/R) = 0.003393 rad).
    assert np.degrees(sphere_dip_rad(1_737_400.0, 10.0)) == pytest.approx(-0.1944, abs=0.0001)
    grid = time_grid("2030-01-01", "2030-12-31T23:00", "1h")
    ground = illumination(RIDGE, grid).summary()["sun_center_lit_fraction"]
    masted = illumination(Site(-89.45, 222.7, mast_height_m=10.0), grid)
    assert masted.summary()["sun_center_lit_fraction"] > ground + 2 * PERCENTAGE_POINT


def test_table_horizon_blocks_the_sun() -> None:
    grid = time_grid("2030-01-01", "2030-03-01", "1h")
    high_wall = Horizon.flat(5.0)  # above the ±2.1° polar Sun: never lit
    stats = illumination(RIDGE, grid, high_wall).summary()
    assert stats["sun_center_lit_fraction"] == 0.0
    assert stats["sun_disk_visible_fraction"] == 0.0
    assert stats["longest_darkness_h"] == pytest.approx(len(grid) * 1.0)
    assert stats["darkness_periods"][0]["start"] == "2030-01-01T00:00:00Z"


def test_horizon_table_interpolates_and_wraps() -> None:
    skyline = Horizon.from_rows([(0.0, 1.0), (90.0, 3.0), (180.0, 1.0), (270.0, -1.0)])
    assert skyline.elevation_at(np.array([45.0, 315.0, 360.0])) == pytest.approx([2.0, 0.0, 1.0])
    assert sphere_horizon(0.0, 0.0).elevation_at(np.array([10.0]))[0] == 0.0
    with pytest.raises(OutOfRangeError):
        Horizon.from_rows([(10.0, 0.0), (5.0, 0.0)])


@given(st.floats(-3.0, 3.0))
def test_disk_fraction_is_symmetric_and_bounded(height: float) -> None:
    radius = np.array([0.00465])  # the Sun's 0.2666° radius in rad
    up = disk_visible_fraction(np.array([height]) * radius, radius)[0]
    down = disk_visible_fraction(np.array([-height]) * radius, radius)[0]
    assert 0.0 <= up <= 1.0
    assert up + down == pytest.approx(1.0, abs=1e-12)
    assert (up == 1.0) == (height >= 1.0)


@given(st.lists(st.booleans(), max_size=60))
def test_runs_match_a_plain_loop(flags: list[bool]) -> None:
    expected, current = [], None
    for index, flag in enumerate(flags):
        if flag and current is None:
            current = index
        if not flag and current is not None:
            expected.append((current, index - current))
            current = None
    if current is not None:
        expected.append((current, len(flags) - current))
    starts, lengths = runs(np.array(flags, dtype=bool))
    assert list(zip(starts.tolist(), lengths.tolist(), strict=True)) == expected
