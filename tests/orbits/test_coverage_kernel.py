"""The fused coverage kernel (orbits/coverage.py ``scan_chunk``) against the step-by-step
path it replaces (mean-element positions, rotation to ME, look angles, line of sight to
the Earth), and the Kepler solver (Danby starter + Halley) against its own equation."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lunarstation.environment.ephemeris import libration_angles_rad
from lunarstation.environment.frames import pa_to_me_matrix
from lunarstation.orbits.coverage import (
    SKYLINE_BINS,
    SiteGeometry,
    line_of_sight,
    look_angles,
    me_matrices,
    scan_chunk,
)
from lunarstation.orbits.frames import icrf_to_me_positions
from lunarstation.orbits.segment import BodyTable
from lunarstation.orbits.trajectory import TwoBodyTrajectory, tdb_of, trajectory_of
from lunarstation.orbits.twobody.kepler import solve_kepler
from lunarstation.scenario import Orbit


@settings(deadline=None)  # the first call compiles
@given(st.floats(0.0, 0.99), st.floats(-50.0, 50.0))
def test_kepler_solutions_satisfy_keplers_equation(e: float, m: float) -> None:
    (ecc,) = solve_kepler(np.array([m]), e)
    residual = np.angle(np.exp(1j * (ecc - e * np.sin(ecc) - m)))
    assert abs(residual) < 1e-11


def test_the_fused_kernel_agrees_with_the_step_by_step_path() -> None:
    epoch = datetime(2030, 1, 1, tzinfo=UTC)
    orbit = Orbit.model_validate({
        "id": "elfo", "name": "ELFO", "kind": "elfo", "periapsis_altitude_km": 200,
        "apoapsis_altitude_km": 16000, "inclination_deg": 62.4, "arg_periapsis_deg": 90,
        "frozen": True,
    })  # fmt: skip
    trajectory = trajectory_of(orbit, epoch)
    assert isinstance(trajectory, TwoBodyTrajectory)
    times = np.asarray(tdb_of(epoch) + 60.0 * np.arange(20_000), dtype=np.float64)
    rng = np.random.default_rng(7)
    skyline = np.zeros((3, SKYLINE_BINS))
    skyline[2] = 3.0 + 4.0 * rng.random(SKYLINE_BINS)  # a rough terrain skyline
    sites = SiteGeometry.of(np.array([-89.45, -85.99, 0.0]), np.array([222.7, 2.93, 10.0]),
                            np.full(3, 1737.4), skyline, 5.0)  # fmt: skip
    active = rng.random(times.size) > 0.1
    earth = BodyTable.over(float(times[0]), float(times[-1])).at(times)[1]
    to_me = me_matrices(libration_angles_rad(times), pa_to_me_matrix())
    visible, elevation, usable = scan_chunk(
        times, active, to_me, sites, earth,
        elements=trajectory.elements.as_array(), to_icrf=trajectory.pa_to_icrf,
    )  # fmt: skip
    # The same from positions, and the unfused kernels.
    position = trajectory.positions_icrf_km(times)
    from_positions = scan_chunk(times, active, to_me, sites, earth, positions_km=position)
    np.testing.assert_array_equal(from_positions[0], visible)
    expected_usable = active & line_of_sight(position, earth)
    np.testing.assert_array_equal(usable, expected_usable)
    el, margin = look_angles(icrf_to_me_positions(position, times), sites)
    expected = expected_usable[None, :] & (margin >= 0.0)
    # Identical but for epochs within rounding of the mask (none expected here).
    assert np.sum(expected != visible) <= 2
    both = expected & visible
    np.testing.assert_allclose(np.arcsin(elevation[both]), el[both], atol=1e-9)
    assert 0.5 < visible[0].mean() < 1.0
    assert visible[2].sum() < visible[0].sum()
    # Out of view: a sine of −1.
    assert np.all(elevation[~visible] == -1.0)
