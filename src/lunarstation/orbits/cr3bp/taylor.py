"""An adaptive Taylor-series integrator for the CR3BP, several states at once, with Numba.

Numerics kernel. The method is that of Jorba & Zou, "A software package for the numerical
integration of ODEs by means of high-order Taylor methods", *Experimental Mathematics*
14 (2005) 99–117, with the step-size rule and order choice of heyoka (Biscani & Izzo,
*MNRAS* 504 (2021) 2614, §2 and its ``taylor_adaptive``):

* order p = ⌈−ln(tol)/2 + 1⌉ (19 at tol 1e-15);
* step h = ρ·e^(−0.7/(p−1))/e², with ρ = min((M/‖x⁽ᵖ⁻¹⁾‖∞)^(1/(p−1)), (M/‖x⁽ᵖ⁾‖∞)^(1/p)),
  x⁽ᵏ⁾ the k-th normalised Taylor coefficients of the state, M = max(1, ‖x‖∞)
  (absolute tolerance below 1, relative above);
* no step is ever rejected; the new state is the Taylor polynomial (Horner) at h.

Coefficients by automatic differentiation (the standard recurrences, Jorba & Zou §3):
with d₁ = x + μ, d₂ = x − 1 + μ, ρ² = y² + z², s_i = d_i² + ρ², P_i = s_i^(−3/2),
Q = (1 − μ)P₁ + μP₂, the equations of motion (see :mod:`.dynamics`) are

    ẋ = vx, v̇x = 2vy + x − ((1 − μ)d₁P₁ + μd₂P₂), v̇y = −2vx + y − yQ, v̇z = −zQ,

with products by Cauchy convolution and the power u = s^α by
u[k] = Σ_{j<k} (α(k−j) − j)·s[k−j]·u[j] / (k·s[0]).

``LANES`` states are integrated together, each with its own step (as heyoka's batch mode),
the lane index innermost in every array so that the loops over lanes vectorise. No work
array is allocated inside the step loop.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable

import numba
import numpy as np
from numba.core import config as numba_config
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

LANES = 4
"""States integrated together in one block (the innermost, vectorised, array index)."""

# Status codes, the same as those of :mod:`.dop853`.
OK = 0
TOO_MANY_STEPS = 1
STEP_TOO_SMALL = 2

# Rows of the auxiliary work array: _D1 and _D2 hold the per-step constants d_i[0] (index 0)
# and 1/s_i[0] (index 1); the others the Taylor coefficients of s_i, P_i and Q.
_D1, _D2, _S1, _S2, _P1, _P2, _Q = range(7)
AUX_ROWS = 7


def safety_factor(order: int) -> float:
    """heyoka's step safety factor e^(−0.7/(p−1))/e² for order p."""
    return math.exp(-0.7 / (order - 1)) / (math.e * math.e)


def order_for(tol: float) -> int:
    """Taylor order for the tolerance ``tol`` (heyoka's rule, ⌈−ln(tol)/2 + 1⌉)."""
    if not 0.0 < tol < 1.0:
        raise ValueError(f"the tolerance must be in (0, 1), got {tol}")
    return max(2, math.ceil(-math.log(tol) / 2.0 + 1.0))


# The convolutions below return their sums lane by lane, written out for the LANES = 4
# lanes so that each is an independent register accumulator (LLVM packs them into vector
# registers); a loop over lanes accumulating into an array would go through memory. Each
# helper fuses the sums that share a loop over j.


@numba.njit(cache=True, nogil=True, boundscheck=False, inline="always")
def _squares(
    x: FloatArray, y: FloatArray, z: FloatArray, k: int
) -> tuple[float, float, float, float]:
    """Σ_{0<j<k−j} (x_j x_{k−j} + y_j y_{k−j} + z_j z_{k−j}) per lane (k ≥ 1).

    Half of the symmetric inner Cauchy sum of x² + y² + z², shared by s₁ and s₂: their
    j = 0, k terms (which hold d_i[0]) are added by the caller.
    """
    a0 = a1 = a2 = a3 = b0 = b1 = b2 = b3 = e0 = e1 = e2 = e3 = 0.0
    for j in range(1, (k + 1) // 2):
        i = k - j
        a0 += x[j, 0] * x[i, 0]
        a1 += x[j, 1] * x[i, 1]
        a2 += x[j, 2] * x[i, 2]
        a3 += x[j, 3] * x[i, 3]
        b0 += y[j, 0] * y[i, 0]
        b1 += y[j, 1] * y[i, 1]
        b2 += y[j, 2] * y[i, 2]
        b3 += y[j, 3] * y[i, 3]
        e0 += z[j, 0] * z[i, 0]
        e1 += z[j, 1] * z[i, 1]
        e2 += z[j, 2] * z[i, 2]
        e3 += z[j, 3] * z[i, 3]
    return a0 + b0 + e0, a1 + b1 + e1, a2 + b2 + e2, a3 + b3 + e3


@numba.njit(cache=True, nogil=True, boundscheck=False, inline="always")
def _powers(
    s1: FloatArray, p1: FloatArray, s2: FloatArray, p2: FloatArray, k: int
) -> tuple[float, float, float, float, float, float, float, float]:
    """Σ_{j<k} (α(k−j) − j)·s_{k−j}·u_j for (s₁, P₁) and (s₂, P₂), per lane, α = −3/2."""
    a0 = a1 = a2 = a3 = b0 = b1 = b2 = b3 = 0.0
    for j in range(k):
        i = k - j
        weight = 0.5 * j - 1.5 * k
        a0 += weight * (s1[i, 0] * p1[j, 0])
        a1 += weight * (s1[i, 1] * p1[j, 1])
        a2 += weight * (s1[i, 2] * p1[j, 2])
        a3 += weight * (s1[i, 3] * p1[j, 3])
        b0 += weight * (s2[i, 0] * p2[j, 0])
        b1 += weight * (s2[i, 1] * p2[j, 1])
        b2 += weight * (s2[i, 2] * p2[j, 2])
        b3 += weight * (s2[i, 3] * p2[j, 3])
    return a0, a1, a2, a3, b0, b1, b2, b3


@numba.njit(cache=True, nogil=True, boundscheck=False, inline="always")
def _accelerations(
    x: FloatArray, y: FloatArray, z: FloatArray, q: FloatArray, k: int
) -> tuple[float, float, float, float, float, float, float, float, float, float, float, float]:
    """Σ_{1≤j≤k} x_j Q_{k−j}, and Σ_{0≤j≤k} of y_j Q_{k−j} and z_j Q_{k−j}, per lane."""
    a0 = a1 = a2 = a3 = 0.0
    b0 = y[0, 0] * q[k, 0]
    b1 = y[0, 1] * q[k, 1]
    b2 = y[0, 2] * q[k, 2]
    b3 = y[0, 3] * q[k, 3]
    e0 = z[0, 0] * q[k, 0]
    e1 = z[0, 1] * q[k, 1]
    e2 = z[0, 2] * q[k, 2]
    e3 = z[0, 3] * q[k, 3]
    for j in range(1, k + 1):
        i = k - j
        a0 += x[j, 0] * q[i, 0]
        a1 += x[j, 1] * q[i, 1]
        a2 += x[j, 2] * q[i, 2]
        a3 += x[j, 3] * q[i, 3]
        b0 += y[j, 0] * q[i, 0]
        b1 += y[j, 1] * q[i, 1]
        b2 += y[j, 2] * q[i, 2]
        b3 += y[j, 3] * q[i, 3]
        e0 += z[j, 0] * q[i, 0]
        e1 += z[j, 1] * q[i, 1]
        e2 += z[j, 2] * q[i, 2]
        e3 += z[j, 3] * q[i, 3]
    return a0, a1, a2, a3, b0, b1, b2, b3, e0, e1, e2, e3


@numba.njit(cache=True, nogil=True, boundscheck=False)
def coefficients(mu: float, order: int, c: FloatArray, w: FloatArray) -> None:
    """Taylor coefficients 1…``order`` of the states ``c[0:6, 0, :]`` into ``c[0:6, k, :]``.

    ``c`` is (6, order + 1, LANES), ``w`` the (AUX_ROWS, order + 1, LANES) work array.
    P₁ and P₂ are kept scaled by (1 − μ) and μ (the power recurrence is linear in u), so
    Q = P₁ + P₂. Since d₁ and d₂ differ from x only in their constant term,
    s_i[k] = 2·d_i[0]·x[k] + 2y[0]y[k] + 2z[0]z[k] + Σ_{0<j<k}(x x + y y + z z) and
    (d₁P₁ + d₂P₂)[k] = d₁[0]P₁[k] + d₂[0]P₂[k] + Σ_{1≤j≤k} x_j Q_{k−j}; both keep the
    terms apart that would cancel near the Moon (x·Q against μ(1 − μ)(P₁ − P₂)).
    """
    omu = 1.0 - mu
    x, y, z = c[0], c[1], c[2]
    s1, s2, p1, p2, q = w[_S1], w[_S2], w[_P1], w[_P2], w[_Q]
    for lane in range(LANES):
        w[_D1, 0, lane] = x[0, lane] + mu
        w[_D2, 0, lane] = x[0, lane] + (mu - 1.0)
    d1 = w[_D1, 0]
    d2 = w[_D2, 0]
    # 1/s_i[0], once per step (the power recurrence divides by k·s_i[0] at every order).
    r1 = w[_D1, 1]
    r2 = w[_D2, 1]
    for k in range(order):
        if k == 0:
            for lane in range(LANES):
                rho = y[0, lane] * y[0, lane] + z[0, lane] * z[0, lane]
                s1[0, lane] = d1[lane] * d1[lane] + rho
                s2[0, lane] = d2[lane] * d2[lane] + rho
                r1[lane] = 1.0 / s1[0, lane]
                r2[lane] = 1.0 / s2[0, lane]
                p1[0, lane] = omu * r1[lane] / np.sqrt(s1[0, lane])
                p2[0, lane] = mu * r2[lane] / np.sqrt(s2[0, lane])
        else:
            inner = _squares(x, y, z, k)
            for lane in range(LANES):
                shared = inner[lane]
                if k % 2 == 0:
                    m = k // 2
                    shared += 0.5 * (x[m, lane] * x[m, lane] + y[m, lane] * y[m, lane]) + (
                        0.5 * z[m, lane] * z[m, lane]
                    )
                shared += y[0, lane] * y[k, lane] + z[0, lane] * z[k, lane]
                s1[k, lane] = 2.0 * (d1[lane] * x[k, lane] + shared)
                s2[k, lane] = 2.0 * (d2[lane] * x[k, lane] + shared)
            pw = _powers(s1, p1, s2, p2, k)
            inv_k = 1.0 / k
            for lane in range(LANES):
                p1[k, lane] = pw[lane] * (inv_k * r1[lane])
                p2[k, lane] = pw[LANES + lane] * (inv_k * r2[lane])
        for lane in range(LANES):
            q[k, lane] = p1[k, lane] + p2[k, lane]
        acc = _accelerations(x, y, z, q, k)
        inv = 1.0 / (k + 1)
        for lane in range(LANES):
            ax = d1[lane] * p1[k, lane] + d2[lane] * p2[k, lane] + acc[lane]
            c[0, k + 1, lane] = c[3, k, lane] * inv
            c[1, k + 1, lane] = c[4, k, lane] * inv
            c[2, k + 1, lane] = c[5, k, lane] * inv
            c[3, k + 1, lane] = (2.0 * c[4, k, lane] + x[k, lane] - ax) * inv
            c[4, k + 1, lane] = (-2.0 * c[3, k, lane] + y[k, lane] - acc[4 + lane]) * inv
            c[5, k + 1, lane] = -acc[8 + lane] * inv


@numba.njit(cache=True, nogil=True, boundscheck=False)
def step_size(order: int, safety: float, c: FloatArray, lane: int) -> float:
    """heyoka's step for one lane from its coefficients (module docstring); may be inf.

    ``safety`` is e^(−0.7/(p−1))/e² (:func:`safety_factor`).
    """
    state_max = 0.0
    last_max = 0.0
    before_max = 0.0
    for v in range(6):
        state_max = max(state_max, abs(c[v, 0, lane]))
        before_max = max(before_max, abs(c[v, order - 1, lane]))
        last_max = max(last_max, abs(c[v, order, lane]))
    # ρ = min of the two roots, taken in the log domain: two logs and one exp, not two pows.
    scale = max(1.0, state_max)
    log_rho = np.inf
    if before_max > 0.0:
        log_rho = np.log(scale / before_max) / (order - 1)
    if last_max > 0.0:
        log_rho = min(log_rho, np.log(scale / last_max) / order)
    h: float = np.exp(log_rho) * safety
    return h


@numba.njit(cache=True, nogil=True, boundscheck=False, inline="always")
def _horner(c: FloatArray, order: int, h: FloatArray) -> None:
    """New states c[v, 0, lane] = Σ_k c[v, k, lane]·h[lane]^k, lanes and v, v + 3 together."""
    h0, h1, h2, h3 = h[0], h[1], h[2], h[3]
    for v in range(3):
        u = v + 3
        a0, a1, a2, a3 = c[v, order, 0], c[v, order, 1], c[v, order, 2], c[v, order, 3]
        b0, b1, b2, b3 = c[u, order, 0], c[u, order, 1], c[u, order, 2], c[u, order, 3]
        for k in range(order - 1, -1, -1):
            a0 = a0 * h0 + c[v, k, 0]
            a1 = a1 * h1 + c[v, k, 1]
            a2 = a2 * h2 + c[v, k, 2]
            a3 = a3 * h3 + c[v, k, 3]
            b0 = b0 * h0 + c[u, k, 0]
            b1 = b1 * h1 + c[u, k, 1]
            b2 = b2 * h2 + c[u, k, 2]
            b3 = b3 * h3 + c[u, k, 3]
        c[v, 0, 0], c[v, 0, 1], c[v, 0, 2], c[v, 0, 3] = a0, a1, a2, a3
        c[u, 0, 0], c[u, 0, 1], c[u, 0, 2], c[u, 0, 3] = b0, b1, b2, b3


@numba.njit(cache=True, nogil=True, boundscheck=False)
def advance_block(
    mu: float,
    order: int,
    safety: float,
    duration: float,
    max_steps: int,
    c: FloatArray,
    w: FloatArray,
    lane_work: FloatArray,
    status: NDArray[np.int64],
) -> None:
    """Integrate the LANES states in ``c[0:6, 0, :]`` in place over ``duration`` TU.

    ``lane_work`` (3, LANES) is a work array (elapsed |time|, done flag, signed step); ``status[lane]``
    receives :data:`OK`, :data:`TOO_MANY_STEPS` or :data:`STEP_TOO_SMALL` (a lane that
    fails stops there). Lanes that finish early idle while the others go on.
    """
    lanes = c.shape[2]
    direction = 1.0 if duration >= 0.0 else -1.0
    span = abs(duration)
    floor = 1e-14 * (1.0 + span)
    elapsed = lane_work[0]
    done = lane_work[1]
    signed = lane_work[2]
    active = 0
    for lane in range(lanes):
        status[lane] = OK
        elapsed[lane] = 0.0
        done[lane] = 0.0 if span > 0.0 else 1.0
        active += 1 if span > 0.0 else 0
    count = 0
    while active > 0:
        if count >= max_steps:
            for lane in range(lanes):
                if done[lane] == 0.0:
                    status[lane] = TOO_MANY_STEPS
            return
        count += 1
        coefficients(mu, order, c, w)
        for lane in range(lanes):
            signed[lane] = 0.0
            if done[lane] != 0.0:
                continue
            remaining = span - elapsed[lane]
            h = step_size(order, safety, c, lane)
            if not h >= floor:  # also catches NaN
                status[lane] = STEP_TOO_SMALL
                done[lane] = 1.0
                active -= 1
                continue
            if h >= remaining:
                h = remaining
                elapsed[lane] = span
                done[lane] = 1.0
                active -= 1
            else:
                elapsed[lane] += h
            signed[lane] = direction * h
        # Idle lanes have a zero step: their state is kept (a·0 + c₀ = c₀).
        _horner(c, order, signed)


_SIGNATURE = "void(f8, f8[:, ::1], f8, i8, f8, i8, i8, f8[:, ::1], i8[::1])"
_COMPILE_LOCK = threading.Lock()
BatchKernel = Callable[
    [float, FloatArray, float, int, float, int, int, FloatArray, NDArray[np.int64]], None
]


@numba.njit(cache=True, nogil=True, parallel=True)
def propagate_many(
    mu: float,
    states: FloatArray,
    duration: float,
    order: int,
    safety: float,
    max_steps: int,
    chunks: int,
    out: FloatArray,
    status: NDArray[np.int64],
) -> None:
    """Each row of ``states`` (N, 6) over ``duration`` TU into ``out``, blocks of LANES.

    Parallel over ``chunks`` runs of consecutive blocks (a few per thread, for balance),
    work arrays allocated once per chunk. A short last
    block is padded with copies of its last state (discarded).
    """
    n = states.shape[0]
    blocks = (n + LANES - 1) // LANES
    chunks = max(1, min(blocks, chunks))
    for chunk in numba.prange(chunks):
        c = np.empty((6, order + 1, LANES))
        w = np.empty((AUX_ROWS, order + 1, LANES))
        lane_work = np.empty((3, LANES))
        codes = np.empty(LANES, dtype=np.int64)
        first = chunk * blocks // chunks
        end = (chunk + 1) * blocks // chunks
        for block in range(first, end):
            start = block * LANES
            for lane in range(LANES):
                row = min(start + lane, n - 1)
                for v in range(6):
                    c[v, 0, lane] = states[row, v]
            advance_block(mu, order, safety, duration, max_steps, c, w, lane_work, codes)
            for lane in range(LANES):
                row = start + lane
                if row < n:
                    status[row] = codes[lane]
                    for v in range(6):
                        out[row, v] = c[v, 0, lane]


def batch_kernel() -> BatchKernel:
    """:func:`propagate_many`, compiled (or loaded from Numba's cache) for its one signature.

    LLVM's superword-level-parallel vectoriser packs the per-lane accumulators above into
    vector registers (1.4× faster here); Numba leaves it off by default
    (``NUMBA_SLP_VECTORIZE``), so it is switched on for this one compilation (the callees
    compile within it; the on-disk cache keeps the result) and further compilations, which
    would lack it, are refused.
    """
    with _COMPILE_LOCK:
        if propagate_many.signatures:
            return propagate_many
        default = numba_config.SLP_VECTORIZE  # type: ignore[attr-defined]
        numba_config.SLP_VECTORIZE = 1  # type: ignore[attr-defined]
        try:
            propagate_many.compile(_SIGNATURE)
        finally:
            numba_config.SLP_VECTORIZE = default  # type: ignore[attr-defined]
        propagate_many.disable_compile()
    return propagate_many
