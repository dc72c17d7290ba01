"""An allocation-free Dormand–Prince 8(5,3) integrator for the CR3BP, compiled with Numba.

Numerics kernel. The tableau, the 5th/3rd-order error estimate and the step-size
control are those of Hairer, Nørsett & Wanner, *Solving Ordinary Differential Equations
I* (2nd ed., 1993), §II.5 and their DOP853 code, as transcribed in SciPy's
``scipy.integrate._ivp.dop853_coefficients`` (whose tables we use, so the method is
step for step the one of ``solve_ivp(method="DOP853")`` on the same tolerances):

* error norm ‖·‖ = RMS over components of err/(atol + rtol·max(|y|, |y_new|));
  err = h·‖E5·K‖² / √(‖E5·K‖² + 0.01‖E3·K‖²);
* new step h·min(10, 0.9·err^(−1/8)) when accepted, h·max(0.2, 0.9·err^(−1/8)) when
  rejected (no growth on the step after a rejection).

Work arrays (``K`` of shape (13, n), ``y_new``, ``y_stage``, ``f0``) are passed in, so a
loop over many trajectories allocates once per trajectory, never per step. ``kind``
selects the right-hand side: 0 the 6-long state, 1 the 42-long state with its STM.
"""

from __future__ import annotations

import numba
import numpy as np
from numpy.typing import NDArray
from scipy.integrate._ivp import dop853_coefficients as _coefficients

from lunarstation.orbits.cr3bp.dynamics import rhs, rhs_stm

FloatArray = NDArray[np.float64]

STAGES = 12
_A = np.ascontiguousarray(_coefficients.A[:STAGES, :STAGES], dtype=np.float64)
_B = np.ascontiguousarray(_coefficients.B, dtype=np.float64)
_E3 = np.ascontiguousarray(_coefficients.E3, dtype=np.float64)
_E5 = np.ascontiguousarray(_coefficients.E5, dtype=np.float64)

SAFETY = 0.9
MIN_FACTOR = 0.2
MAX_FACTOR = 10.0
ERROR_EXPONENT = -1.0 / 8.0

OK = 0
TOO_MANY_STEPS = 1
STEP_TOO_SMALL = 2


@numba.njit(cache=True, nogil=True, inline="always")
def _f(kind: int, mu: float, y: FloatArray, out: FloatArray) -> None:
    if kind == 0:
        rhs(mu, y, out)
    else:
        rhs_stm(mu, y, out)


@numba.njit(cache=True, nogil=True)
def step(
    kind: int,
    mu: float,
    y: FloatArray,
    f0: FloatArray,
    h: float,
    rtol: float,
    atol: float,
    k: FloatArray,
    y_new: FloatArray,
    y_stage: FloatArray,
) -> float:
    """One DOP853 step of size ``h`` from ``y`` (derivative ``f0``); returns the error norm.

    ``y_new`` receives the 8th-order solution and ``k[12]`` its derivative (FSAL).
    """
    n = y.size
    for i in range(n):
        k[0, i] = f0[i]
    for s in range(1, STAGES):
        for i in range(n):
            acc = 0.0
            for j in range(s):
                acc += _A[s, j] * k[j, i]
            y_stage[i] = y[i] + h * acc
        _f(kind, mu, y_stage, k[s])
    for i in range(n):
        acc = 0.0
        for j in range(STAGES):
            acc += _B[j] * k[j, i]
        y_new[i] = y[i] + h * acc
    _f(kind, mu, y_new, k[STAGES])
    err5 = 0.0
    err3 = 0.0
    for i in range(n):
        scale = atol + rtol * max(abs(y[i]), abs(y_new[i]))
        e5 = 0.0
        e3 = 0.0
        for j in range(STAGES + 1):
            e5 += _E5[j] * k[j, i]
            e3 += _E3[j] * k[j, i]
        err5 += (e5 / scale) ** 2
        err3 += (e3 / scale) ** 2
    if err5 == 0.0 and err3 == 0.0:
        return 0.0
    norm: float = abs(h) * err5 / np.sqrt((err5 + 0.01 * err3) * n)
    return norm


@numba.njit(cache=True, nogil=True)
def initial_step(
    kind: int,
    mu: float,
    y: FloatArray,
    f0: FloatArray,
    rtol: float,
    atol: float,
    y_stage: FloatArray,
    f1: FloatArray,
) -> float:
    """Starting step size (Hairer et al. 1993, §II.4, as in SciPy's ``select_initial_step``)."""
    n = y.size
    d0 = 0.0
    d1 = 0.0
    for i in range(n):
        scale = atol + rtol * abs(y[i])
        d0 += (y[i] / scale) ** 2
        d1 += (f0[i] / scale) ** 2
    d0 = np.sqrt(d0 / n)
    d1 = np.sqrt(d1 / n)
    h0 = 1e-6 if d0 < 1e-5 or d1 < 1e-5 else 0.01 * d0 / d1
    for i in range(n):
        y_stage[i] = y[i] + h0 * f0[i]
    _f(kind, mu, y_stage, f1)
    d2 = 0.0
    for i in range(n):
        scale = atol + rtol * abs(y[i])
        d2 += ((f1[i] - f0[i]) / scale) ** 2
    d2 = np.sqrt(d2 / n) / h0
    if d1 <= 1e-15 and d2 <= 1e-15:
        h1 = max(1e-6, h0 * 1e-3)
    else:
        h1 = (0.01 / max(d1, d2)) ** (1.0 / 8.0)
    step_size: float = min(100.0 * h0, h1)
    return step_size


@numba.njit(cache=True, nogil=True)
def advance(
    kind: int,
    mu: float,
    y: FloatArray,
    duration: float,
    rtol: float,
    atol: float,
    h: float,
    k: FloatArray,
    y_new: FloatArray,
    y_stage: FloatArray,
    f0: FloatArray,
    max_steps: int,
) -> tuple[float, int]:
    """Integrate ``y`` in place over ``duration`` TU (either sign); the last step lands on it.

    ``h`` is the proposed step magnitude (≤ 0: choose one). Returns the next proposed
    step magnitude and a status (:data:`OK`, :data:`TOO_MANY_STEPS`,
    :data:`STEP_TOO_SMALL`).
    """
    if duration == 0.0:
        return h, OK
    n = y.size
    direction = 1.0 if duration > 0.0 else -1.0
    remaining = abs(duration)
    _f(kind, mu, y, f0)
    if h <= 0.0:
        h = initial_step(kind, mu, y, f0, rtol, atol, y_stage, y_new)
    steps = 0
    while remaining > 0.0:
        if steps >= max_steps:
            return h, TOO_MANY_STEPS
        clamped = h >= remaining
        size = remaining if clamped else h
        rejected = False
        while True:
            steps += 1
            if size < 1e-14 * (1.0 + abs(duration)):
                return h, STEP_TOO_SMALL
            err = step(kind, mu, y, f0, direction * size, rtol, atol, k, y_new, y_stage)
            if err <= 1.0:
                factor = MAX_FACTOR if err == 0.0 else min(MAX_FACTOR, SAFETY * err**ERROR_EXPONENT)
                if rejected:
                    factor = min(1.0, factor)
                break
            rejected = True
            clamped = False
            size *= max(MIN_FACTOR, SAFETY * err**ERROR_EXPONENT)
            if steps >= max_steps:
                return h, TOO_MANY_STEPS
        remaining = 0.0 if clamped else remaining - size
        for i in range(n):
            y[i] = y_new[i]
            f0[i] = k[STAGES, i]
        proposal = size * factor
        h = max(h, proposal) if clamped else proposal
    return h, OK


@numba.njit(cache=True, nogil=True)
def propagate_grid(
    kind: int,
    mu: float,
    y0: FloatArray,
    times: FloatArray,
    rtol: float,
    atol: float,
    max_steps: int,
    out: FloatArray,
) -> int:
    """States at ``times`` (from t = 0, in order given) into ``out[len(times), n]``; status."""
    n = y0.size
    y = y0.copy()
    k = np.empty((STAGES + 1, n))
    y_new = np.empty(n)
    y_stage = np.empty(n)
    f0 = np.empty(n)
    h = 0.0
    t = 0.0
    for index in range(times.size):
        h, status = advance(
            kind, mu, y, times[index] - t, rtol, atol, h, k, y_new, y_stage, f0, max_steps
        )
        if status != OK:
            return status
        t = times[index]
        for i in range(n):
            out[index, i] = y[i]
    return OK


@numba.njit(cache=True, nogil=True, parallel=True)
def propagate_many(
    mu: float,
    states: FloatArray,
    duration: float,
    rtol: float,
    atol: float,
    max_steps: int,
    out: FloatArray,
    status: NDArray[np.int64],
) -> None:
    """Each row of ``states`` (N, 6) over ``duration`` TU into ``out`` (N, 6), in parallel.

    One set of work arrays per trajectory (a few hundred bytes), none per step.
    """
    for index in numba.prange(states.shape[0]):
        y = np.empty(6)
        k = np.empty((STAGES + 1, 6))
        y_new = np.empty(6)
        y_stage = np.empty(6)
        f0 = np.empty(6)
        for i in range(6):
            y[i] = states[index, i]
        _, code = advance(0, mu, y, duration, rtol, atol, 0.0, k, y_new, y_stage, f0, max_steps)
        status[index] = code
        for i in range(6):
            out[index, i] = y[i]
