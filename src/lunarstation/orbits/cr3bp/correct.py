"""Differential correction of periodic orbits: single and multiple shooting.

**Single shooting** for orbits symmetric about the x–z plane (Lyapunov, halo, NRHO;
Howell 1984, "Three-dimensional, periodic, 'halo' orbits", Celest. Mech. 32): start on
the plane, x(0) = (x₀, 0, z₀, 0, ẏ₀, 0), and require the next crossing, after half a
period τ, to be perpendicular: y(τ) = ẋ(τ) = ż(τ) = 0 (planar: y = ẋ = 0). The free
variables are (x₀, z₀, ẏ₀, τ); one of them is held fixed (``"x0"``, ``"z0"``,
``"period"``) or the Jacobi constant is imposed, and Newton's method solves the square
system with the STM: ∂(y, ẋ, ż)(τ)/∂(x₀, z₀, ẏ₀) are rows/columns of Φ(τ), and ∂/∂τ
the state derivative f(x(τ)).

**Multiple shooting** (Pavlak 2013, MS thesis Purdue §3.4; Marchand, Howell & Wilson
2007): N patch points over one period, each propagated T/N; unknowns all patch states
and T, constraints continuity between consecutive patches and periodicity, the phase
y₀ = 0 and one fixed parameter (x₀). The system is solved in least squares
(Gauss–Newton), since periodicity holds one redundant equation (the Jacobi integral).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray

from lunarstation.errors import LunarstationError
from lunarstation.orbits.cr3bp.dynamics import rhs
from lunarstation.orbits.cr3bp.propagate import PropagationError, propagate_with_stm
from lunarstation.orbits.cr3bp.system import CR3BPSystem, jacobi

FloatArray = NDArray[np.float64]
Fixed = Literal["x0", "z0", "period", "jacobi", "none"]

TOLERANCE = 1e-11
"""Residual of the crossing conditions accepted as converged (LU, LU/TU)."""


class CorrectionError(LunarstationError):
    """A differential correction did not converge."""


def derivative(system: CR3BPSystem, state: FloatArray) -> FloatArray:
    """f(x), the time derivative of one state."""
    out = np.empty(6)
    rhs(system.mu, np.ascontiguousarray(state, dtype=np.float64), out)
    return out


def symmetric_residual(
    system: CR3BPSystem, free: FloatArray, planar: bool
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Crossing residual g (2 or 3), its Jacobian w.r.t. the free vector, and the state.

    ``free`` is (x₀, ẏ₀, τ) when planar, (x₀, z₀, ẏ₀, τ) otherwise.
    """
    state0 = initial_state(free, planar)
    final, stm = propagate_with_stm(system, state0, float(free[-1]))
    f = derivative(system, final)
    rows = [1, 3] if planar else [1, 3, 5]
    columns = [0, 4] if planar else [0, 2, 4]
    jac = np.hstack([stm[np.ix_(rows, columns)], f[rows, None]])
    return final[rows], jac, state0


def initial_state(free: FloatArray, planar: bool) -> FloatArray:
    """The state on the x–z plane of a free vector (see :func:`symmetric_residual`)."""
    if planar:
        return np.array([free[0], 0.0, 0.0, 0.0, free[1], 0.0])
    return np.array([free[0], 0.0, free[1], 0.0, free[2], 0.0])


def free_vector(state0: FloatArray, half_period: float, planar: bool) -> FloatArray:
    """The free vector of a state on the x–z plane and its half period."""
    if planar:
        return np.array([state0[0], state0[4], half_period])
    return np.array([state0[0], state0[2], state0[4], half_period])


def correct_symmetric(
    system: CR3BPSystem,
    state0: FloatArray,
    half_period: float,
    *,
    fixed: Fixed = "x0",
    jacobi_target: float | None = None,
    planar: bool | None = None,
    tolerance: float = TOLERANCE,
    max_iterations: int = 25,
) -> tuple[FloatArray, float]:
    """Correct a guess on the x–z plane to a symmetric periodic orbit.

    Returns the corrected initial state and half period (TU). ``fixed="jacobi"`` needs
    ``jacobi_target``; ``"none"`` takes minimum-norm Newton steps.

    Raises:
        CorrectionError: no convergence in ``max_iterations`` or a singular Jacobian.
    """
    guess = np.asarray(state0, dtype=np.float64)
    is_planar = bool(abs(guess[2]) == 0.0 and abs(guess[5]) == 0.0) if planar is None else planar
    free = free_vector(guess, half_period, is_planar)
    keep = _kept_columns(fixed, is_planar)
    for _ in range(max_iterations):
        try:
            residual, jac, start = symmetric_residual(system, free, is_planar)
        except PropagationError as error:
            raise CorrectionError(f"differential correction diverged: {error}") from error
        if fixed == "jacobi":
            if jacobi_target is None:
                raise ValueError("fixed='jacobi' needs jacobi_target")
            residual = np.append(residual, float(jacobi(system, start)) - jacobi_target)
            jac = np.vstack([jac, jacobi_gradient(system, start, is_planar)])
        if np.max(np.abs(residual)) < tolerance:
            return start, float(free[-1])
        sub = jac[:, keep]
        try:
            if sub.shape[0] == sub.shape[1]:
                delta = np.linalg.solve(sub, -residual)
            else:
                delta = np.linalg.lstsq(sub, -residual, rcond=None)[0]
        except np.linalg.LinAlgError as error:
            raise CorrectionError(f"singular correction matrix: {error}") from error
        free[keep] += delta
        if not np.all(np.isfinite(free)) or free[-1] <= 0.0:
            break
    raise CorrectionError(
        f"differential correction did not converge in {max_iterations} iterations "
        f"(fixed {fixed}, last state {np.array2string(free, precision=6)})"
    )


def _kept_columns(fixed: Fixed, planar: bool) -> list[int]:
    count = 3 if planar else 4
    drop = {"x0": 0, "z0": None if planar else 1, "period": count - 1}.get(fixed)
    if fixed == "z0" and planar:
        raise ValueError("a planar orbit has no z0 to hold fixed")
    return [i for i in range(count) if i != drop]


def jacobi_gradient(system: CR3BPSystem, state: FloatArray, planar: bool) -> FloatArray:
    """∂C/∂(free vector) at a state on the x–z plane (C does not depend on τ)."""
    mu = system.mu
    x, z = state[0], state[2]
    r1 = np.hypot(x + mu, z)
    r2 = np.hypot(x - 1.0 + mu, z)
    dcdx = 2.0 * x - 2.0 * (1.0 - mu) * (x + mu) / r1**3 - 2.0 * mu * (x - 1.0 + mu) / r2**3
    dcdz = -2.0 * (1.0 - mu) * z / r1**3 - 2.0 * mu * z / r2**3
    dcdvy = -2.0 * state[4]
    if planar:
        return np.array([dcdx, dcdvy, 0.0])
    return np.array([dcdx, dcdz, dcdvy, 0.0])


def correct_multiple_shooting(
    system: CR3BPSystem,
    patches: FloatArray,
    period: float,
    *,
    fix_x0: bool = True,
    tolerance: float = 1e-10,
    max_iterations: int = 30,
) -> tuple[FloatArray, float]:
    """Correct N patch states ``(N, 6)`` and a period to one periodic orbit.

    Segments all last T/N. The first patch keeps y = 0 and, with ``fix_x0``, its x.
    Returns the corrected patches and period.

    Raises:
        CorrectionError: no convergence.
    """
    points = np.array(patches, dtype=np.float64)
    count = points.shape[0]
    t = float(period)
    x0 = points[0, 0]
    for _ in range(max_iterations):
        try:
            residual, jac = _multiple_shooting_system(system, points, t, fix_x0, x0)
        except PropagationError as error:
            raise CorrectionError(f"multiple shooting diverged: {error}") from error
        if np.max(np.abs(residual)) < tolerance:
            return points, t
        delta = np.linalg.lstsq(jac, -residual, rcond=None)[0]
        points += delta[:-1].reshape(count, 6)
        t += delta[-1]
        if not (np.all(np.isfinite(points)) and t > 0.0):
            break
    raise CorrectionError(f"multiple shooting did not converge in {max_iterations} iterations")


def _multiple_shooting_system(
    system: CR3BPSystem, points: FloatArray, period: float, fix_x0: bool, x0: float
) -> tuple[FloatArray, FloatArray]:
    count = points.shape[0]
    segment = period / count
    size = 6 * count
    residual = np.zeros(size + 1 + int(fix_x0))
    jac = np.zeros((residual.size, size + 1))
    for i in range(count):
        final, stm = propagate_with_stm(system, points[i], segment)
        nxt = (i + 1) % count
        residual[6 * i : 6 * i + 6] = final - points[nxt]
        jac[6 * i : 6 * i + 6, 6 * i : 6 * i + 6] += stm
        jac[6 * i : 6 * i + 6, 6 * nxt : 6 * nxt + 6] -= np.eye(6)
        jac[6 * i : 6 * i + 6, size] = derivative(system, final) / count
    residual[size] = points[0, 1]
    jac[size, 1] = 1.0
    if fix_x0:
        residual[size + 1] = points[0, 0] - x0
        jac[size + 1, 0] = 1.0
    return residual, jac
