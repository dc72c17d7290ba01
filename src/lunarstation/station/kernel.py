"""Compiled time-stepping kernels on plain arrays (SI units), vectorised over samples.

Each kernel carries state from one step to the next, which NumPy cannot vectorise, so
they are Numba loops; the leading axis of every per-sample array is the Monte Carlo
sample, run in parallel. Nothing here knows about scenarios or pandas.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class PowerRun:
    """What :func:`run_power` returns: (S, T) series, W unless stated."""

    stored_j: FloatArray
    """Energy stored at the end of each step, J."""
    served_w: FloatArray
    shed_w: FloatArray
    survival_short_w: FloatArray
    spilled_w: FloatArray
    loss_w: FloatArray
    shed_levels: IntArray
    """Bit ``p`` set when load level ``p`` (kernel order, 0 survival) was shed in the step
    (for level 0: served only in part)."""


def run_power(
    generation_w: FloatArray,
    load_w: FloatArray,
    capacity_j: FloatArray,
    *,
    depth_of_discharge: float,
    charge_efficiency: float,
    discharge_efficiency: float,
    survival_reserve: float,
    step_s: float,
    load_scale: FloatArray | None = None,
    capacity_scale: FloatArray | None = None,
    initial_stored_j: FloatArray | None = None,
    initial_capacity_j: FloatArray | None = None,
) -> PowerRun:
    """Run :func:`grid_power_kernel` with named arguments and named results.

    ``generation_w`` (S, T) or (T,) (one sample); ``load_w`` (T, P) in priority order,
    level 0 survival; ``capacity_j`` (T,). Scales default to 1 for every sample; the
    initial state (S,) defaults to nothing installed before the first step (so storage
    present at step 0 arrives charged).
    """
    generation = np.atleast_2d(np.asarray(generation_w, dtype=float))
    samples, steps = generation.shape
    ones, zeros = np.ones(samples), np.zeros(samples)
    stored, served, shed, short, spilled, loss = (np.zeros((samples, steps)) for _ in range(6))
    levels = np.zeros((samples, steps), dtype=np.int64)

    def per_sample(values: FloatArray | None, default: FloatArray) -> FloatArray:
        return default if values is None else np.asarray(values, dtype=float)

    grid_power_kernel(
        generation, np.ascontiguousarray(load_w, dtype=float),
        per_sample(load_scale, ones), np.asarray(capacity_j, dtype=float),
        per_sample(capacity_scale, ones),
        per_sample(initial_stored_j, zeros), per_sample(initial_capacity_j, zeros),
        depth_of_discharge, charge_efficiency, discharge_efficiency, survival_reserve, step_s,
        stored, served, shed, short, spilled, loss, levels,
    )  # fmt: skip
    return PowerRun(stored, served, shed, short, spilled, loss, levels)


def power_kernel(
    generation_w: FloatArray,
    load_w: FloatArray,
    load_scale: FloatArray,
    capacity_j: FloatArray,
    capacity_scale: FloatArray,
    depth_of_discharge: float,
    charge_efficiency: float,
    discharge_efficiency: float,
    survival_reserve: float,
    step_s: float,
    stored_j: FloatArray,
    served_w: FloatArray,
    shed_w: FloatArray,
    survival_short_w: FloatArray,
    spilled_w: FloatArray,
    loss_w: FloatArray,
) -> None:
    """:func:`grid_power_kernel` from an empty start, without the shed-level bits.

    The signature of the first kernel (sizing and the benchmarks call it positionally).
    """
    samples = generation_w.shape[0]
    zeros = np.zeros(samples)
    grid_power_kernel(
        generation_w, load_w, load_scale, capacity_j, capacity_scale, zeros, zeros,
        depth_of_discharge, charge_efficiency, discharge_efficiency, survival_reserve, step_s,
        stored_j, served_w, shed_w, survival_short_w, spilled_w, loss_w,
        np.zeros(generation_w.shape, dtype=np.int64),
    )  # fmt: skip


@numba.njit(cache=True, parallel=True)
def grid_power_kernel(
    generation_w: FloatArray,
    load_w: FloatArray,
    load_scale: FloatArray,
    capacity_j: FloatArray,
    capacity_scale: FloatArray,
    initial_stored_j: FloatArray,
    initial_capacity_j: FloatArray,
    depth_of_discharge: float,
    charge_efficiency: float,
    discharge_efficiency: float,
    survival_reserve: float,
    step_s: float,
    stored_j: FloatArray,
    served_w: FloatArray,
    shed_w: FloatArray,
    survival_short_w: FloatArray,
    spilled_w: FloatArray,
    loss_w: FloatArray,
    shed_levels: IntArray,
) -> None:
    """Battery and load shedding of one grid, one step at a time, for every sample.

    Shapes: ``generation_w`` (S, T) available generation; ``load_w`` (T, P) demand per
    priority level, 0 first (survival), scaled per sample by ``load_scale`` (S,);
    ``capacity_j`` (T,) installed storage, scaled by ``capacity_scale`` (S,);
    ``initial_stored_j`` and ``initial_capacity_j`` (S,) the energy stored and the
    (scaled) capacity installed before the first step, J (zeros: a fresh grid). Outputs
    (S, T): ``stored_j`` at the end of each step, ``served_w`` load supplied, ``shed_w``
    demand shed, ``survival_short_w`` the part of level 0 unmet, ``spilled_w`` surplus
    the full battery could not take, ``loss_w`` charge/discharge losses, ``shed_levels``
    bit ``p`` set when level ``p`` (with a demand) was shed.

    A level that cannot be met in full is shed whole and lower levels are still tried;
    level 0 is served as far as possible. Levels above 0 may not draw the battery below
    ``survival_reserve`` (share of the usable energy): that part is kept for survival, which
    is the station's night mode. Storage stays within ``[(1 − DoD)·C, C]``; a
    battery that grows keeps its stored energy and the added capacity arrives charged.
    Per step, energy balances exactly:
    ``generation·dt = Δstored + served·dt + spilled·dt + loss·dt`` (first step: from the
    initial state with the added capacity full).
    """
    samples, steps = generation_w.shape
    levels = load_w.shape[1]
    for s in numba.prange(samples):
        stored = initial_stored_j[s]
        previous = initial_capacity_j[s]
        for t in range(steps):
            capacity = capacity_j[t] * capacity_scale[s]
            floor = (1.0 - depth_of_discharge) * capacity
            # Batteries arrive charged: added capacity adds its full energy.
            stored = min(stored + max(capacity - previous, 0.0), capacity)
            previous = capacity
            generation = generation_w[s, t]
            from_battery_w = max(stored - floor, 0.0) * discharge_efficiency / step_s
            reserve_w = survival_reserve * (capacity - floor) * discharge_efficiency / step_s
            supply = generation + from_battery_w
            served = 0.0
            shed = 0.0
            mask = 0
            for p in range(levels):
                need = load_w[t, p] * load_scale[s]
                limit = supply if p == 0 else supply - reserve_w
                if need <= limit - served:
                    served += need
                elif p == 0:
                    survival_short_w[s, t] = need - (supply - served)
                    shed += need - (supply - served)
                    served = supply
                    mask |= 1
                else:
                    shed += need
                    if need > 0.0:
                        mask |= 1 << p
            drawn_w = max(served - generation, 0.0)
            surplus_w = max(generation - served, 0.0)
            taken_w = min(surplus_w, (capacity - stored) / (charge_efficiency * step_s))
            delta_j = taken_w * charge_efficiency * step_s - drawn_w / discharge_efficiency * step_s
            stored = min(max(stored + delta_j, 0.0), capacity)
            stored_j[s, t] = stored
            served_w[s, t] = served
            shed_w[s, t] = shed
            shed_levels[s, t] = mask
            spilled_w[s, t] = surplus_w - taken_w
            loss_w[s, t] = taken_w * (1.0 - charge_efficiency) + drawn_w * (
                1.0 / discharge_efficiency - 1.0
            )


@numba.njit(cache=True, parallel=True)
def inventory_kernel(
    delivered_kg: FloatArray,
    demand_kg: FloatArray,
    demand_scale: FloatArray,
    capacity_kg: FloatArray,
    stock_kg: FloatArray,
    used_kg: FloatArray,
    short_kg: FloatArray,
    overflow_kg: FloatArray,
) -> None:
    """Stocks of R resources over T steps for S samples.

    ``delivered_kg`` (T, R) arrivals in each step; ``demand_kg`` (T, R) draw, scaled per
    sample by ``demand_scale`` (S,); ``capacity_kg`` (T, R) storage (arrivals beyond it
    are counted in ``overflow_kg``, not stored). Outputs (S, T, R): ``stock_kg`` after the
    step, ``used_kg`` drawn, ``short_kg`` demand that found the store empty. Mass
    balances: ``Δstock = delivered − used − overflow``; stock never goes negative.
    """
    samples = demand_scale.shape[0]
    steps, resources = delivered_kg.shape
    for s in numba.prange(samples):
        for r in range(resources):
            stock = 0.0
            for t in range(steps):
                stock += delivered_kg[t, r]
                excess = max(stock - capacity_kg[t, r], 0.0)
                stock -= excess
                need = demand_kg[t, r] * demand_scale[s]
                used = min(need, stock)
                stock -= used
                stock_kg[s, t, r] = stock
                used_kg[s, t, r] = used
                short_kg[s, t, r] = need - used
                overflow_kg[s, t, r] = excess


@numba.njit(cache=True)
def backlog_kernel(
    produced_bit: FloatArray, capacity_bit: FloatArray, backlog_bit: FloatArray
) -> None:
    """Data waiting on board after each step, bits: ``b ← max(b + produced − capacity, 0)``.

    Shapes (S, T). Sent data is ``b_prev + produced − b``, never above the capacity.
    """
    samples, steps = produced_bit.shape
    for s in range(samples):
        backlog = 0.0
        for t in range(steps):
            backlog = max(backlog + produced_bit[s, t] - capacity_bit[s, t], 0.0)
            backlog_bit[s, t] = backlog


__all__ = [
    "PowerRun",
    "backlog_kernel",
    "grid_power_kernel",
    "inventory_kernel",
    "power_kernel",
    "run_power",
]
