"""Ephemeris, frames and site geometry against independent computations and published values.

Oracles: skyfield 1.55 reading ``de421.bsp`` (skyfield-data) with the DE421 lunar frame
built by its own KPL/FK code (see conftest.py); jplephem's legacy reader for the libration
angles; the worked Connecting-Ridge numbers of ephemeris.md §1b (skyfield + NAIF kernels,
agreeing with SPICE ``LT+S`` to 4e-8°).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lunarstation.environment import ephemeris, frames, sites
from lunarstation.environment.sites import Site, sky_many
from lunarstation.errors import EphemerisRangeError, OutOfRangeError
from lunarstation.timegrid import time_grid, utc_to_tdb_seconds

ARCSECOND_DEG = 1.0 / 3600.0
RIDGE = Site(-89.45, 222.7)

# ephemeris.md §1b, "Results (skyfield, apparent)": UTC, Sun el, Sun az, Earth el, Earth az (deg).
CONNECTING_RIDGE_2030 = [
    ("2030-01-01T00:00", 0.1199, 359.29, -3.7486, 137.07),
    ("2030-03-20T12:00", -1.8240, 124.17, -6.7984, 134.44),
    ("2030-06-21T00:00", 0.5481, 75.27, 6.0733, 144.69),
    ("2030-09-22T06:00", 1.9945, 16.20, -5.3511, 132.69),
    ("2030-12-21T18:00", -0.0598, 354.28, -2.8577, 132.40),
]


def _unit(elevation_deg: np.ndarray, azimuth_deg: np.ndarray) -> np.ndarray:
    el, az = np.radians(elevation_deg), np.radians(azimuth_deg)
    return np.stack([np.cos(el) * np.sin(az), np.cos(el) * np.cos(az), np.sin(el)], axis=-1)


def _separation_arcsec(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.degrees(np.arccos(np.clip(np.sum(a * b, axis=-1), -1.0, 1.0))) * 3600.0


def test_worked_connecting_ridge_numbers() -> None:
    utc = np.array([row[0] for row in CONNECTING_RIDGE_2030], dtype="datetime64[ns]")
    sun, earth = RIDGE.sun(utc), RIDGE.earth(utc)
    expected = np.array([row[1:] for row in CONNECTING_RIDGE_2030])
    # Published to 4 decimals (elevation) and 2 decimals (azimuth): half a unit of the last digit.
    assert np.abs(sun.elevation_deg - expected[:, 0]).max() <= 0.00006
    assert np.abs(earth.elevation_deg - expected[:, 2]).max() <= 0.00006
    assert np.abs(sun.azimuth_deg - expected[:, 1]).max() <= 0.006
    assert np.abs(earth.azimuth_deg - expected[:, 3]).max() <= 0.006


def test_year_2030_ranges_at_connecting_ridge() -> None:
    # ephemeris.md §1b: Sun −2.095…+2.069°, Earth −7.447…+6.133°, hourly 2030.
    grid = time_grid("2030-01-01", "2030-12-31T23:00", "1h")
    sun = RIDGE.sun(grid).elevation_deg
    earth = RIDGE.earth(grid).elevation_deg
    assert (sun.min(), sun.max()) == pytest.approx((-2.095, 2.069), abs=0.001)
    assert (earth.min(), earth.max()) == pytest.approx((-7.447, 6.133), abs=0.001)


@pytest.mark.parametrize(
    ("lat", "lon"), [(-89.45, 222.7), (0.0, 0.0), (45.0, -120.0), (-20.0, 95.0)]
)
def test_against_skyfield_apparent_altaz(skyfield_oracle, lat: float, lon: float) -> None:  # type: ignore[no-untyped-def]
    days = np.arange(0.0, 7300.0, 36.53)  # 200 epochs over 2030–2049
    t = skyfield_oracle.ts.utc(2030, 1, 1 + days)
    utc = np.datetime64("2030-01-01", "ns") + (days * 86_400e9).astype("timedelta64[ns]")
    oracle_site = skyfield_oracle.site(lat, lon)
    ours_sun, ours_earth = sky_many([Site(lat, lon)], utc)
    for name, ours in (("sun", ours_sun[0]), ("earth", ours_earth[0])):
        alt, az, distance = (
            oracle_site.at(t).observe(skyfield_oracle.planets[name]).apparent().altaz()
        )
        separation = _separation_arcsec(
            _unit(ours.elevation_deg, ours.azimuth_deg), _unit(alt.degrees, az.degrees)
        )
        # Measured ≤ 0.1″; the rest is light time taken from the Moon's centre, not the site.
        assert separation.max() < 0.5
        assert np.abs(ours.distance_m - distance.m).max() < 1_000.0


def test_positions_against_skyfield_spk(skyfield_oracle) -> None:  # type: ignore[no-untyped-def]
    days = np.linspace(-36_000.0, 18_000.0, 97)  # 1901 … 2049
    t = skyfield_oracle.ts.tdb_jd(2_451_545.0 + days)
    tdb_s = days * 86_400.0
    states = ephemeris.moon_states(tdb_s)
    planets = skyfield_oracle.planets
    for name in ("sun", "earth", "moon"):
        oracle = planets[name].at(t)
        assert np.abs(states[f"{name}_ssb"] - oracle.position.m.T).max() < 50.0  # metres
        assert np.abs(states[f"{name}_ssb_v"] - oracle.velocity.m_per_s.T).max() < 1e-3


def test_librations_and_rotation_against_skyfield_frame(skyfield_oracle) -> None:  # type: ignore[no-untyped-def]
    days = np.linspace(-30_000.0, 18_000.0, 41)
    t = skyfield_oracle.ts.tdb_jd(2_451_545.0 + days)
    ours = frames.icrf_to_me(days * 86_400.0)
    theirs = np.moveaxis(skyfield_oracle.me_frame.rotation_at(t), -1, 0)
    # 1e-10 rad of matrix element ≈ 2e-5″.
    assert np.abs(ours - theirs).max() < 1e-10


def test_pa_to_me_offset_is_about_100_arcsec() -> None:
    # moon_080317.tf: 67.92″ about z and 78.56″ about y; total angle √(67.92² + 78.56²) ≈ 103.9″.
    matrix = frames.pa_to_me_matrix()
    angle_arcsec = np.degrees(np.arccos((np.trace(matrix) - 1.0) / 2.0)) * 3600.0
    assert angle_arcsec == pytest.approx(np.hypot(np.hypot(67.92, 78.56), 0.30), abs=0.01)


def test_epoch_outside_de421_span_carries_the_range() -> None:
    tdb = utc_to_tdb_seconds(np.array(["2060-01-01"], dtype="datetime64[ns]"))
    with pytest.raises(EphemerisRangeError) as caught:
        ephemeris.series("sun", tdb)
    assert caught.value.valid == ("1900-01-01", "2050-12-31")
    assert "2060" in str(caught.value)


def test_latitude_outside_range_refused() -> None:
    with pytest.raises(OutOfRangeError, match="latitude"):
        Site(-91.0, 0.0)


def test_maximum_latitude_libration() -> None:
    # Optical libration in latitude peaks at 6°50′ (stargazing.net, lunar-environment.md §2):
    # the sub-Earth latitude in the ME frame over a full 18.6-yr nodal cycle.
    grid = time_grid("2030-01-01", "2048-12-31", "6h")
    _, earth = frames.sun_earth_in_me(grid.tdb_s)
    sub_earth_lat = np.degrees(np.arcsin(earth[:, 2] / np.linalg.norm(earth, axis=1)))
    assert np.abs(sub_earth_lat).max() == pytest.approx(6.0 + 50.0 / 60.0, abs=0.1)


@pytest.mark.parametrize(("lat", "published_deg"), [(-90.0, 1.5), (-85.0, 6.5)])
def test_polar_sun_elevation_range(lat: float, published_deg: float) -> None:
    # NASA SBIR LaRC topic (lunar-environment.md §2): Sun within ±1.5° at 90°S, ±6.5° at 85°S
    # over the year; the lunar obliquity is 1.54°, so allow ±0.1°.
    grid = time_grid("2030-01-01", "2031-01-01", "1h")
    elevation = Site(lat, 0.0).sun(grid).elevation_deg
    assert elevation.max() == pytest.approx(published_deg, abs=0.1)
    assert elevation.min() == pytest.approx(-published_deg, abs=0.1)


def test_many_sites_equal_single_sites() -> None:
    grid = time_grid("2030-01-01", "2030-02-01", "1h")
    group = [RIDGE, Site(10.0, 20.0, 500.0, 3.0), Site(45.0, -60.0)]
    whole = sky_many(group, grid)[0]
    for site, together in zip(group, whole, strict=True):
        assert np.allclose(site.sun(grid).elevation_deg, together.elevation_deg, atol=1e-12, rtol=0)


@settings(max_examples=30, deadline=None)
@given(
    lat=st.floats(-90.0, 90.0),
    lon=st.floats(-180.0, 360.0),
    day=st.integers(0, 18_000),
)
def test_angles_stay_in_range_and_sun_is_far(lat: float, lon: float, day: int) -> None:
    utc = np.array([np.datetime64("2001-01-01", "ns") + np.timedelta64(day, "D")])
    sun = Site(lat, lon).sun(utc)
    assert -90.0 <= sun.elevation_deg[0] <= 90.0
    assert 0.0 <= sun.azimuth_deg[0] < 360.0
    # Sun–Moon distance stays within 1 AU ± (Earth eccentricity + Moon orbit): 0.98–1.02 AU.
    assert 0.98 < sun.distance_m[0] / 149_597_870_700.0 < 1.02


@pytest.mark.parametrize("apparent", [True, False])
def test_compiled_path_equals_numpy_reference(apparent: bool) -> None:
    # The fused Numba kernel must reproduce the plain NumPy composition (frames.py) exactly
    # up to rounding: 1e-12 relative is 0.2 µas, far below any physical tolerance.
    grid = time_grid("1950-01-01", "2049-01-01", "97h")
    fast = frames.sun_earth_in_me(grid.tdb_s, apparent=apparent)
    slow = frames.sun_earth_in_me_reference(grid.tdb_s, apparent=apparent)
    for a, b in zip(fast, slow, strict=True):
        scale = np.linalg.norm(b, axis=1, keepdims=True)
        assert np.abs((a - b) / scale).max() < 1e-12


def test_site_blocks_equal_the_whole() -> None:
    grid = time_grid("2030-01-01", "2030-01-10", "1h")
    group = [Site(-89.0 + k, 10.0 * k) for k in range(7)]
    suns, earths = sky_many(group, grid)
    for part, sun, earth in sites.sky_blocks(group, grid, sites_per_block=3):
        for k, index in enumerate(range(part.start, part.stop)):
            assert np.array_equal(sun[k], suns[index].elevation_deg)
            assert np.array_equal(earth[k], earths[index].elevation_deg)


def test_iau_fallback_is_labelled_and_close() -> None:
    # ephemeris.md §1b: IAU_MOON vs MOON_ME_DE421 differ by 0.0032° (Sun) / 0.0036° (Earth)
    # in elevation at Connecting Ridge over 2030 — close, but measurably not the same frame.
    grid = time_grid("2030-01-01", "2030-12-31T23:00", "1h")
    up = sites.local_frames(np.radians([-89.45]), np.radians([222.7]))[0, 2]
    exact = frames.sun_earth_in_me_reference(grid.tdb_s)
    iau = frames.sun_earth_in_me_reference(grid.tdb_s, rotation_model="iau")
    for a, b, published in zip(exact, iau, (0.0032, 0.0036), strict=True):
        el_a = np.degrees(np.arcsin(a @ up / np.linalg.norm(a, axis=1)))
        el_b = np.degrees(np.arcsin(b @ up / np.linalg.norm(b, axis=1)))
        assert np.abs(el_a - el_b).max() == pytest.approx(published, abs=0.001)
