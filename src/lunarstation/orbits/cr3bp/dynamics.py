"""CR3BP equations of motion and variational equations, compiled with Numba.

Numerics kernel: plain float64 arrays, nondimensional units (LU, TU), no allocation.

Equations (Szebehely 1967, *Theory of Orbits*, ch. 1; Koon, Lo, Marsden & Ross 2011,
*Dynamical Systems, the Three-Body Problem and Space Mission Design*, §2.3), with the
pseudo-potential Ω = (x² + y²)/2 + (1−μ)/r₁ + μ/r₂::

    ẍ − 2ẏ = Ωx,   ÿ + 2ẋ = Ωy,   z̈ = Ωz

The state transition matrix obeys Φ̇ = A(t)Φ, Φ(0) = I, with
A = [[0, I], [∇²Ω, 2J]], J = [[0, 1, 0], [−1, 0, 0], [0, 0, 0]].
The augmented state is 42 long: the 6 state components, then Φ row by row.
"""

from __future__ import annotations

import numba
import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

STATE_SIZE = 6
STM_STATE_SIZE = 42


@numba.njit(cache=True, nogil=True, inline="always")
def rhs(mu: float, y: FloatArray, out: FloatArray) -> None:
    """Time derivative of the state ``y[0:6]`` into ``out[0:6]``."""
    x, yy, z = y[0], y[1], y[2]
    dx1 = x + mu
    dx2 = x - 1.0 + mu
    rho2 = yy * yy + z * z
    r1sq = dx1 * dx1 + rho2
    r2sq = dx2 * dx2 + rho2
    r1_3 = r1sq * np.sqrt(r1sq)
    r2_3 = r2sq * np.sqrt(r2sq)
    a1 = (1.0 - mu) / r1_3
    a2 = mu / r2_3
    out[0] = y[3]
    out[1] = y[4]
    out[2] = y[5]
    out[3] = 2.0 * y[4] + x - a1 * dx1 - a2 * dx2
    out[4] = -2.0 * y[3] + yy - (a1 + a2) * yy
    out[5] = -(a1 + a2) * z


@numba.njit(cache=True, nogil=True, inline="always")
def _hessian_terms(mu: float, x: float, yy: float, z: float) -> tuple[float, ...]:
    """The six distinct entries of ∇²Ω at (x, y, z): Ωxx, Ωyy, Ωzz, Ωxy, Ωxz, Ωyz."""
    dx1 = x + mu
    dx2 = x - 1.0 + mu
    r1sq = dx1 * dx1 + yy * yy + z * z
    r2sq = dx2 * dx2 + yy * yy + z * z
    r1_3 = r1sq * np.sqrt(r1sq)
    r2_3 = r2sq * np.sqrt(r2sq)
    b1 = 3.0 * (1.0 - mu) / (r1_3 * r1sq)
    b2 = 3.0 * mu / (r2_3 * r2sq)
    base = (1.0 - mu) / r1_3 + mu / r2_3
    return (
        1.0 - base + b1 * dx1 * dx1 + b2 * dx2 * dx2,
        1.0 - base + (b1 + b2) * yy * yy,
        -base + (b1 + b2) * z * z,
        (b1 * dx1 + b2 * dx2) * yy,
        (b1 * dx1 + b2 * dx2) * z,
        (b1 + b2) * yy * z,
    )


@numba.njit(cache=True, nogil=True)
def rhs_stm(mu: float, y: FloatArray, out: FloatArray) -> None:
    """Derivative of the 42-long augmented state (state, then Φ row-major)."""
    rhs(mu, y, out)
    uxx, uyy, uzz, uxy, uxz, uyz = _hessian_terms(mu, y[0], y[1], y[2])
    for j in range(6):
        p0 = y[6 + j]
        p1 = y[12 + j]
        p2 = y[18 + j]
        p3 = y[24 + j]
        p4 = y[30 + j]
        out[6 + j] = p3
        out[12 + j] = p4
        out[18 + j] = y[36 + j]
        out[24 + j] = uxx * p0 + uxy * p1 + uxz * p2 + 2.0 * p4
        out[30 + j] = uxy * p0 + uyy * p1 + uyz * p2 - 2.0 * p3
        out[36 + j] = uxz * p0 + uyz * p1 + uzz * p2
