"""Propagation of CR3BP states: trajectories, the state transition matrix, batches.

All in nondimensional units of the given :class:`CR3BPSystem` (LU, LU/TU, TU). The
integrator is the compiled DOP853 of :mod:`lunarstation.orbits.cr3bp.dop853`, except for
batches, which by default use the Taylor integrator of :mod:`lunarstation.orbits.cr3bp.taylor`
(four states per vector register; several times faster than DOP853 at equal accuracy
and as fast as heyoka's batch mode, see ``benchmarks/README.md``).

Raises (every function): :class:`~lunarstation.errors.OutOfRangeError` for a state that
is not six finite numbers or times that are not finite;
:class:`PropagationError` when the integrator cannot finish (a collision with a primary
makes the step size collapse).
"""

from __future__ import annotations

from typing import Literal

import numba
import numpy as np
from numpy.typing import NDArray

from lunarstation.errors import LunarstationError, OutOfRangeError
from lunarstation.orbits.cr3bp import dop853, taylor
from lunarstation.orbits.cr3bp.system import CR3BPSystem

FloatArray = NDArray[np.float64]

MAX_STEPS = 1_000_000
"""Step budget of one propagation (accepted and rejected steps)."""

TAYLOR_MIN_TOL = 2.220446049250313e-16
"""Tightest Taylor tolerance (double-precision epsilon; order 20)."""

CHUNKS_PER_THREAD = 8
"""Runs of consecutive 4-state blocks per thread in a Taylor batch (load balance)."""


class PropagationError(LunarstationError):
    """The integrator could not reach the requested time (step budget or collapse)."""


def _state(state: object, shape: tuple[int, ...] = (6,)) -> FloatArray:
    array = np.ascontiguousarray(np.asarray(state, dtype=np.float64))
    if array.shape[-1:] != shape[-1:] or (len(shape) == 1 and array.shape != shape):
        raise OutOfRangeError(
            f"a CR3BP state is six numbers x, y, z, vx, vy, vz; got shape {array.shape}",
            value=array.shape,
            valid=("(6,)",),
        )
    if not np.all(np.isfinite(array)):
        raise OutOfRangeError("a CR3BP state must be finite", value=array, valid=("finite",))
    return array


def _check(status: int, what: str) -> None:
    if status == dop853.TOO_MANY_STEPS:
        raise PropagationError(f"{what}: more than {MAX_STEPS:,} integration steps")
    if status == dop853.STEP_TOO_SMALL:
        raise PropagationError(f"{what}: the step size collapsed (a close approach to a primary?)")


def propagate(
    system: CR3BPSystem,
    state: FloatArray,
    times_tu: FloatArray,
    *,
    rtol: float = 1e-12,
    atol: float = 1e-12,
) -> FloatArray:
    """States at ``times_tu`` (TU from the epoch of ``state``), shape ``(len(times), 6)``.

    Every output time is a step end (no interpolation), so values equal those of a
    propagation straight to that time.
    """
    y0 = _state(state)
    times = np.ascontiguousarray(np.atleast_1d(np.asarray(times_tu, dtype=np.float64)))
    if times.ndim != 1 or not np.all(np.isfinite(times)):
        raise OutOfRangeError("times must be finite numbers", value=times, valid=("finite",))
    out = np.empty((times.size, 6))
    status = dop853.propagate_grid(0, system.mu, y0, times, rtol, atol, MAX_STEPS, out)
    _check(status, "CR3BP propagation")
    return out


def propagate_with_stm(
    system: CR3BPSystem,
    state: FloatArray,
    t_tu: float,
    *,
    rtol: float = 1e-12,
    atol: float = 1e-12,
) -> tuple[FloatArray, FloatArray]:
    """Final state after ``t_tu`` TU and the 6×6 state transition matrix ∂x(t)/∂x(0)."""
    y0 = np.concatenate([_state(state), np.eye(6).ravel()])
    out = np.empty((1, 42))
    status = dop853.propagate_grid(
        1, system.mu, y0, np.array([float(t_tu)]), rtol, atol, MAX_STEPS, out
    )
    _check(status, "CR3BP propagation with STM")
    return out[0, :6].copy(), out[0, 6:].reshape(6, 6).copy()


def propagate_batch(
    system: CR3BPSystem,
    states: FloatArray,
    t_tu: float,
    *,
    rtol: float = 1e-12,
    atol: float = 1e-12,
    method: Literal["taylor", "dop853"] = "taylor",
) -> FloatArray:
    """Each of ``states`` ``(N, 6)`` propagated ``t_tu`` TU, in parallel over Numba's threads.

    ``method="taylor"`` (default): the adaptive Taylor integrator (:mod:`.taylor`) with
    tolerance min(rtol, atol), at least double-precision epsilon; it sets the order
    (15 at 1e-12, 19 at 1e-15) and the step. ``method="dop853"``: the integrator of
    :func:`propagate`, whose results it equals bit for bit.
    """
    array = np.ascontiguousarray(np.asarray(states, dtype=np.float64))
    if array.ndim != 2:
        raise OutOfRangeError(
            f"states must have shape (N, 6), got {array.shape}",
            value=array.shape,
            valid=("(N, 6)",),
        )
    _state(array, (array.shape[0], 6))
    if method not in ("taylor", "dop853"):
        raise OutOfRangeError(
            f"unknown integrator {method!r}", value=method, valid=("taylor", "dop853")
        )
    duration = float(t_tu)
    if not np.isfinite(duration):
        raise OutOfRangeError("the duration must be finite", value=duration, valid=("finite",))
    out = np.empty_like(array)
    status = np.zeros(array.shape[0], dtype=np.int64)
    if array.shape[0] == 0:
        return out
    if method == "dop853":
        dop853.propagate_many(system.mu, array, duration, rtol, atol, MAX_STEPS, out, status)
    else:
        order = taylor.order_for(max(min(rtol, atol), TAYLOR_MIN_TOL))
        chunks = CHUNKS_PER_THREAD * numba.get_num_threads()
        taylor.batch_kernel()(
            system.mu, array, duration, order, taylor.safety_factor(order), MAX_STEPS, chunks,
            out, status,
        )  # fmt: skip
    worst = int(status.max())
    _check(worst, f"CR3BP batch propagation ({int(np.count_nonzero(status))} states)")
    return out
