"""Placement of a CR3BP orbit in Moon-centred ICRF and Moon-fixed frames through DE421.

Checks that do not reuse the code under test: distances scale with the DE421 Earth–Moon
distance, the velocities are the time derivatives of the positions (central differences
of placed positions), the Moon-fixed rotation preserves distances, and the south NRHO's
apolune is over the lunar south pole (the Gateway orbit: apolune over the south; ESA 2019).
"""

from __future__ import annotations

import numpy as np
import pytest

from lunarstation.environment.ephemeris import series
from lunarstation.orbits.cr3bp import CR3BPSystem, PeriodicOrbit, nrho, place_orbit
from lunarstation.timegrid import time_grid

JPL = CR3BPSystem.earth_moon()
EPOCH = 9.5e8  # 2030-02-08 TDB, seconds past J2000


@pytest.fixture(scope="module")
def orbit() -> PeriodicOrbit:
    return nrho(JPL, resonance="9:2")


def test_distance_from_the_moon_scales_with_the_earth_moon_distance(orbit: PeriodicOrbit) -> None:
    epochs = EPOCH + np.arange(0, 7 * 86_400, 3_600.0)
    placed = place_orbit(orbit, epochs)
    rotating = orbit.sample((epochs - EPOCH) / JPL.tu_s)
    moon_distance_lu = np.linalg.norm(rotating[:, :3] - JPL.moon, axis=1)
    earth_moon_km = np.linalg.norm(series("moon", epochs)[0], axis=1)
    np.testing.assert_allclose(
        np.linalg.norm(placed.position_km, axis=1), moon_distance_lu * earth_moon_km, rtol=1e-12
    )
    assert placed.frame == "ICRF"
    assert placed.system is JPL


@pytest.mark.parametrize("frame", ["ICRF", "MOON_ME", "MOON_PA"])
def test_velocity_is_the_derivative_of_position(orbit: PeriodicOrbit, frame: str) -> None:
    # central differences over ±10 s: truncation (10 s)²/6·|jerk| < 1e-9 km/s, integration
    # noise 1e-12 LU / 20 s = 2e-8 km/s; we allow 1e-7 km/s (0.1 mm/s)
    epochs = EPOCH + np.linspace(0.0, 6.5 * 86_400, 12)
    mid = place_orbit(orbit, epochs, epoch0_tdb_s=EPOCH, frame=frame)
    ahead = place_orbit(orbit, epochs + 10.0, epoch0_tdb_s=EPOCH, frame=frame)
    behind = place_orbit(orbit, epochs - 10.0, epoch0_tdb_s=EPOCH, frame=frame)
    difference = (ahead.position_km - behind.position_km) / 20.0
    assert np.max(np.abs(difference - mid.velocity_km_s)) < 1e-7


def test_moon_fixed_positions_keep_their_distance(orbit: PeriodicOrbit) -> None:
    epochs = EPOCH + np.linspace(0.0, 86_400.0, 5)
    inertial = place_orbit(orbit, epochs)
    fixed = place_orbit(orbit, epochs, frame="MOON_ME")
    np.testing.assert_allclose(
        np.linalg.norm(fixed.position_km, axis=1),
        np.linalg.norm(inertial.position_km, axis=1),
        rtol=1e-13,
    )


def test_south_nrho_apolune_is_over_the_south_pole(orbit: PeriodicOrbit) -> None:
    # state0 is the apolune; the rotating z axis is within ~7° of the Moon's spin axis
    # (lunar orbit 5.1° to the ecliptic, lunar equator 1.5°): latitude below −60°.
    fixed = place_orbit(orbit, np.array([EPOCH]), frame="MOON_ME")
    position = fixed.position_km[0]
    latitude = np.degrees(np.arcsin(position[2] / np.linalg.norm(position)))
    assert latitude < -60.0
    perilune = place_orbit(
        orbit, np.array([EPOCH]), phase0_tu=orbit.period_tu / 2, frame="MOON_ME"
    ).position_km[0]
    assert np.degrees(np.arcsin(perilune[2] / np.linalg.norm(perilune))) > 60.0


def test_a_run_time_grid_is_accepted(orbit: PeriodicOrbit) -> None:
    from datetime import UTC, datetime

    grid = time_grid(datetime(2030, 1, 1, tzinfo=UTC), datetime(2030, 1, 2, tzinfo=UTC), "1h")
    placed = place_orbit(orbit, grid)
    assert placed.position_km.shape == (len(grid), 3)
    np.testing.assert_array_equal(placed.tdb_s, grid.tdb_s)
