"""The CR3BP Taylor integrator (``propagate_batch``'s default): accuracy, invariants, lanes.

Independent peers: SciPy's ``solve_ivp`` DOP853 with its own NumPy right-hand side, and
heyoka's published order rule (Biscani & Izzo 2021, MNRAS 504, 2614, §2: p = ⌈−ln ε/2 + 1⌉;
``heyoka.taylor_adaptive(..., tol=1e-15).order`` is 19).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from lunarstation.errors import OutOfRangeError
from lunarstation.orbits.cr3bp import CR3BPSystem, dop853, jacobi, propagate_batch, taylor
from lunarstation.orbits.cr3bp.propagate import PropagationError

SYSTEM = CR3BPSystem.earth_moon()
MU = SYSTEM.mu
NRHO_92 = np.array([1.0196986840419786, 0.0, -0.1804456794219143, 0.0, -0.0981402366696578, 0.0])
PERIOD = 1.4804569437
KM = SYSTEM.lu_km


def numpy_rhs(_t: float, s: np.ndarray) -> np.ndarray:
    x, y, z, vx, vy, vz = s
    r1 = np.sqrt((x + MU) ** 2 + y**2 + z**2) ** 3
    r2 = np.sqrt((x - 1 + MU) ** 2 + y**2 + z**2) ** 3
    return np.array([
        vx, vy, vz,
        2 * vy + x - (1 - MU) * (x + MU) / r1 - MU * (x - 1 + MU) / r2,
        -2 * vx + y - (1 - MU) * y / r1 - MU * y / r2,
        -(1 - MU) * z / r1 - MU * z / r2,
    ])  # fmt: skip


def nrho_cloud(count: int, seed: int = 11) -> np.ndarray:
    # The benchmark's dispersion: σ 38 km in position, 0.1 m/s in velocity.
    rng = np.random.default_rng(seed)
    states = np.tile(NRHO_92, (count, 1))
    states[:, :3] += rng.normal(0.0, 38.0 / KM, (count, 3))
    states[:, 3:] += rng.normal(0.0, 1e-4 / SYSTEM.vu_km_s, (count, 3))
    return states


def test_order_rule_matches_heyoka() -> None:
    assert taylor.order_for(1e-15) == 19
    assert taylor.order_for(2.220446049250313e-16) == 20
    assert taylor.order_for(1e-12) == 15
    with pytest.raises(ValueError, match="tolerance"):
        taylor.order_for(0.0)


def test_status_codes_match_dop853() -> None:
    codes = (taylor.OK, taylor.TOO_MANY_STEPS, taylor.STEP_TOO_SMALL)
    assert codes == (dop853.OK, dop853.TOO_MANY_STEPS, dop853.STEP_TOO_SMALL)


def test_agrees_with_scipy_over_one_nrho_period() -> None:
    # One period through perilune (3,200 km), 6 states: SciPy DOP853 at rtol = atol = 1e-13
    # is itself good to a few 1e-8 km here (observed spread 3e-8 km, 1.4e-13 km/s); the
    # NRHO amplifies errors ~2× per period. Agreement to 3e-7 km (0.3 mm), 1e-11 km/s.
    states = nrho_cloud(6)
    ours = propagate_batch(SYSTEM, states, PERIOD, rtol=1e-15, atol=1e-15)
    ref = np.array([
        solve_ivp(numpy_rhs, (0, PERIOD), s, method="DOP853", rtol=1e-13, atol=1e-13).y[:, -1]
        for s in states
    ])  # fmt: skip
    position_km = np.linalg.norm(ours[:, :3] - ref[:, :3], axis=1) * KM
    velocity_km_s = np.linalg.norm(ours[:, 3:] - ref[:, 3:], axis=1) * SYSTEM.vu_km_s
    assert np.max(position_km) < 3e-7
    assert np.max(velocity_km_s) < 1e-11


def test_default_tolerance_is_planning_grade() -> None:
    # Default rtol = atol = 1e-12 → order 15: within 1e-6 km (1 mm) of the tol-1e-15 run
    # after one period (observed 5e-8 km).
    states = nrho_cloud(4)
    loose = propagate_batch(SYSTEM, states, PERIOD)
    tight = propagate_batch(SYSTEM, states, PERIOD, rtol=1e-15, atol=1e-15)
    assert np.max(np.linalg.norm(loose[:, :3] - tight[:, :3], axis=1)) * KM < 1e-6


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), duration=st.floats(0.05, 3.0))
def test_jacobi_constant_is_conserved(seed: int, duration: float) -> None:
    # Up to two NRHO periods, perilune passes included: C (~3.05) drifts less than 1e-13
    # (observed 5e-15 over two periods; the Taylor step's local error is ~1e-15).
    states = nrho_cloud(5, seed)
    final = propagate_batch(SYSTEM, states, duration, rtol=1e-15, atol=1e-15)
    drift = np.abs(np.asarray(jacobi(SYSTEM, final)) - np.asarray(jacobi(SYSTEM, states)))
    assert np.max(drift) < 1e-13


def test_lanes_are_independent() -> None:
    # 7 states (one block of 4 and a padded one of 3): each result equals the state's
    # propagation alone, bit for bit, whatever shares its block.
    states = nrho_cloud(7, seed=3)
    batch = propagate_batch(SYSTEM, states, 0.8)
    alone = np.array([propagate_batch(SYSTEM, s[None, :], 0.8)[0] for s in states])
    np.testing.assert_array_equal(batch, alone)
    reordered = propagate_batch(SYSTEM, states[::-1], 0.8)[::-1]
    np.testing.assert_array_equal(batch, reordered)


def test_backwards_propagation_returns() -> None:
    states = nrho_cloud(4, seed=5)
    forward = propagate_batch(SYSTEM, states, 0.6, rtol=1e-15, atol=1e-15)
    back = propagate_batch(SYSTEM, forward, -0.6, rtol=1e-15, atol=1e-15)
    assert np.max(np.abs(back - states)) < 1e-13  # LU (40 µm); observed 4e-16


def test_zero_duration_is_identity() -> None:
    states = nrho_cloud(3)
    np.testing.assert_array_equal(propagate_batch(SYSTEM, states, 0.0), states)


def test_a_collision_raises() -> None:
    # At rest (rotating frame) 100 km above the Moon's centre: falls into the singularity.
    state = np.array([[1.0 - MU + 100.0 / KM, 0.0, 0.0, 0.0, 0.0, 0.0]])
    with pytest.raises(PropagationError):
        propagate_batch(SYSTEM, state, 0.5)


def test_bad_method_is_refused() -> None:
    with pytest.raises(OutOfRangeError):
        propagate_batch(SYSTEM, nrho_cloud(1), 0.5, method="rk4")  # type: ignore[arg-type]
