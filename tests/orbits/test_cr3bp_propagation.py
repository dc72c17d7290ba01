"""CR3BP propagation: Jacobi integral, STM, batch, agreement with an independent integrator.

Independent peers: SciPy's ``solve_ivp`` (DOP853, its own right-hand side written here in
NumPy) and central finite differences for the STM.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from lunarstation.errors import OutOfRangeError
from lunarstation.orbits.cr3bp import (
    CR3BPSystem,
    jacobi,
    propagate,
    propagate_batch,
    propagate_with_stm,
)
from lunarstation.orbits.cr3bp.stability import SYMPLECTIC_J

SYSTEM = CR3BPSystem.earth_moon()
MU = SYSTEM.mu
NRHO_92 = np.array([1.0196986840419786, 0.0, -0.1804456794219143, 0.0, -0.0981402366696578, 0.0])


def numpy_rhs(_t: float, s: np.ndarray) -> np.ndarray:
    x, y, z, vx, vy, vz = s
    r1 = np.sqrt((x + MU) ** 2 + y**2 + z**2) ** 3
    r2 = np.sqrt((x - 1 + MU) ** 2 + y**2 + z**2) ** 3
    return np.array(
        [
            vx,
            vy,
            vz,
            2 * vy + x - (1 - MU) * (x + MU) / r1 - MU * (x - 1 + MU) / r2,
            -2 * vx + y - (1 - MU) * y / r1 - MU * y / r2,
            -(1 - MU) * z / r1 - MU * z / r2,
        ]
    )


def test_agrees_with_scipy_on_the_nrho() -> None:
    # One period of the 9:2 NRHO (through perilune): both at rtol 1e-13 must agree to 1e-9 LU
    # (0.4 m); the NRHO's error growth per period is ~2 (its largest monodromy eigenvalue).
    times = np.linspace(0.0, 1.4804569437, 9)
    ours = propagate(SYSTEM, NRHO_92, times, rtol=1e-13, atol=1e-13)
    ref = solve_ivp(
        numpy_rhs, (0, times[-1]), NRHO_92, method="DOP853", rtol=1e-13, atol=1e-13, t_eval=times
    ).y.T
    assert np.max(np.abs(ours - ref)) < 1e-9


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    position=st.tuples(st.floats(0.2, 1.4), st.floats(-0.5, 0.5), st.floats(-0.3, 0.3)),
    velocity=st.tuples(st.floats(-0.3, 0.3), st.floats(-0.3, 0.3), st.floats(-0.3, 0.3)),
    duration=st.floats(0.1, 2.0),
)
def test_jacobi_constant_is_conserved(
    position: tuple[float, float, float], velocity: tuple[float, float, float], duration: float
) -> None:
    # The bounded region the tolerance is for: trajectories that stay 0.02 LU (7,800 km)
    # from the Moon and 0.05 LU (19,500 km) from the Earth and within 3 LU of the barycentre;
    # grazing a primary is where a fixed rtol loses the integral (1e-9 at 2,000 km).
    state = np.array([*position, *velocity])
    path = propagate(SYSTEM, state, np.linspace(0.0, duration, 200))
    assume(np.min(np.linalg.norm(path[:, :3] - SYSTEM.moon, axis=1)) > 0.02)
    assume(np.min(np.linalg.norm(path[:, :3] - SYSTEM.earth, axis=1)) > 0.05)
    assume(np.max(np.abs(path[:, :3])) < 3.0)
    trajectory = propagate(SYSTEM, state, np.linspace(0.0, duration, 5))
    drift = np.abs(np.asarray(jacobi(SYSTEM, trajectory)) - jacobi(SYSTEM, state))
    assert np.max(drift) < 1e-10


def test_stm_matches_finite_differences() -> None:
    # Central differences with 1e-7 steps: truncation ~1e-14·|Φ'''| and round-off 1e-12/1e-7;
    # agreement to 1e-5 relative on a quarter of the NRHO (|Φ| up to ~1e2).
    t = 0.37
    _, stm = propagate_with_stm(SYSTEM, NRHO_92, t, rtol=1e-13, atol=1e-13)
    fd = np.empty((6, 6))
    for j in range(6):
        step = np.zeros(6)
        step[j] = 1e-7
        plus = propagate(SYSTEM, NRHO_92 + step, [t], rtol=1e-13, atol=1e-13)[0]
        minus = propagate(SYSTEM, NRHO_92 - step, [t], rtol=1e-13, atol=1e-13)[0]
        fd[:, j] = (plus - minus) / 2e-7
    assert np.max(np.abs(stm - fd)) < 1e-5 * np.max(np.abs(stm))


def test_stm_is_symplectic() -> None:
    # Φᵀ J Φ = J for the Hamiltonian flow in (q, p) = (x, y, z, vx − y, vy + x, vz) coordinates;
    # in velocity coordinates the invariant form is Ω = [[2J₂, I], [−I, 0]] (J₂ the planar
    # rotation block). Checked on one NRHO period to 1e-7 relative.
    _, phi = propagate_with_stm(SYSTEM, NRHO_92, 1.4804569437)
    to_momenta = np.eye(6)
    to_momenta[3, 1] = -1.0
    to_momenta[4, 0] = 1.0
    canonical = to_momenta @ phi @ np.linalg.inv(to_momenta)
    error = canonical.T @ SYMPLECTIC_J @ canonical - SYMPLECTIC_J
    assert np.max(np.abs(error)) < 1e-7 * np.max(np.abs(canonical)) ** 2


def test_batch_equals_a_loop() -> None:
    rng = np.random.default_rng(7)
    states = NRHO_92 + rng.normal(0.0, 1e-4, (16, 6))
    batch = propagate_batch(SYSTEM, states, 0.9, method="dop853")
    loop = np.array([propagate(SYSTEM, s, [0.9])[0] for s in states])
    np.testing.assert_array_equal(batch, loop)


def test_backwards_propagation_returns() -> None:
    forward = propagate(SYSTEM, NRHO_92, [0.5])[0]
    back = propagate(SYSTEM, forward, [-0.5])[0]
    assert np.max(np.abs(back - NRHO_92)) < 1e-10


@pytest.mark.parametrize(
    "state", [[1.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0, float("nan"), 0.0]], ids=["short", "nan"]
)
def test_bad_states_are_refused(state: list[float]) -> None:
    with pytest.raises(OutOfRangeError):
        propagate(SYSTEM, np.array(state), [1.0])
