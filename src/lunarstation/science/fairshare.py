"""Fair shares of station resources among partners: water-filling, DRF and decayed deficits.

Plain NumPy on plain arrays (a numerics kernel: no pydantic, no scenario, no engines), so the
scheduler, the CLI's what-if ``science allocate`` and the tests share one implementation.

* :func:`water_fill` — weighted max-min fairness of one divisible resource: each partner
  gets ``w_i · t`` capped at its demand, ``t`` raised until the supply is used
  (work-conserving: what a partner does not use flows to the others by weight). The ISS
  reallocation rule ("any allocation unused … can be used by NASA", NASA OIG 2018) is this
  with the MOU weights (shared/reference/science.md §2, §4).
* :func:`drf_tasks` — weighted Dominant Resource Fairness over discrete tasks, progressive
  filling (Ghodsi et al., "Dominant Resource Fairness", NSDI 2011, Algorithm 1), skipping a
  user whose next task no longer fits instead of stopping.
* :func:`drf_divisible` — the same over divisible demands (fractional tasks): equal
  dominant share per weight, users frozen as a resource they use saturates or their demand
  is met. Strategy-proof for Leontief demands (Ghodsi et al., §4).
* :func:`decayed_deficit` — Slurm's classic fair-share history: past shortfalls count
  with weight ``2^(−age/half_life)``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

RELATIVE_TOLERANCE = 1e-12
"""Relative slack when comparing amounts against capacity (float round-off only)."""


def _checked(values: Sequence[float] | FloatArray, name: str) -> FloatArray:
    array = np.asarray(values, dtype=float)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite numbers, got {array.tolist()}")
    if np.any(array < 0):
        raise ValueError(f"{name} must not be negative, got {array.tolist()}")
    return array


def water_fill(
    supply: float, weights: Sequence[float] | FloatArray, demands: Sequence[float] | FloatArray
) -> FloatArray:
    """Weighted max-min allocation of ``supply`` among partners, same unit as ``supply``.

    ``weights`` (n,) ≥ 0 with a positive sum; ``demands`` (n,) ≥ 0 (``inf``: takes any
    amount). Partner ``i`` gets ``min(d_i, w_i · t)`` with the level ``t`` as high as the
    supply allows; partners of weight 0 share, equally, what is left once every weighted
    partner's demand is met. Invariants: ``0 ≤ x_i ≤ d_i``; ``Σx = min(supply, Σd)``
    (work-conserving); raising ``w_i`` never lowers ``x_i``.

    Raises:
        ValueError: a negative or non-finite supply or weight, a negative or NaN demand, or
            weights summing to 0.
    """
    if not np.isfinite(supply) or supply < 0:
        raise ValueError(f"supply must be a finite number ≥ 0, got {supply}")
    w = _checked(weights, "weights")
    d = np.asarray(demands, dtype=float)
    if d.shape != w.shape:
        raise ValueError(f"{len(w)} weights but {len(d)} demands")
    if np.any(np.isnan(d)) or np.any(d < 0):
        raise ValueError(f"demands must be numbers ≥ 0, got {d.tolist()}")
    if w.sum() <= 0:
        raise ValueError("weights sum to 0: at least one partner needs a positive weight")
    allocation = np.zeros_like(w)
    left = _fill(float(supply), w, d, allocation, w > 0)
    if left > 0:
        _fill(left, np.ones_like(w), d - allocation, allocation, (w == 0) & (d > allocation))
    return allocation


def _fill(
    supply: float, w: FloatArray, d: FloatArray, out: FloatArray, active: NDArray[np.bool_]
) -> float:
    """Water-fill ``supply`` over the ``active`` partners into ``out``; return what is left."""
    order = sorted(np.flatnonzero(active), key=lambda i: (d[i] / w[i], i))
    weight_left = float(w[order].sum()) if order else 0.0
    for position, i in enumerate(order):
        level = supply / weight_left
        if d[i] <= w[i] * level:
            out[i] += d[i]
            supply -= d[i]
            weight_left -= w[i]
            continue
        for j in order[position:]:  # the rest are all capped by the level
            out[j] += w[j] * level
        return 0.0
    return max(supply, 0.0)


def nominal_shares(supply: float, weights: Sequence[float] | FloatArray) -> FloatArray:
    """Each partner's entitlement before redistribution: ``supply · w_i / Σw``."""
    w = _checked(weights, "weights")
    if w.sum() <= 0:
        raise ValueError("weights sum to 0: at least one partner needs a positive weight")
    result: FloatArray = float(supply) * w / w.sum()
    return result


def dominant_shares(used: FloatArray, capacity: FloatArray) -> FloatArray:
    """(n,) largest share of any resource each user holds: ``max_r used[i, r] / C_r``
    (resources with zero capacity ignored)."""
    cap = np.asarray(capacity, dtype=float)
    keep = cap > 0
    if not keep.any():
        return np.zeros(np.asarray(used).shape[0])
    result: FloatArray = (np.asarray(used, dtype=float)[:, keep] / cap[keep]).max(axis=1)
    return result


def _drf_inputs(
    capacity: Sequence[float] | FloatArray,
    demands: Sequence[Sequence[float]] | FloatArray,
    weights: Sequence[float] | FloatArray | None,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    cap = _checked(capacity, "capacity")
    per_task = np.atleast_2d(_checked(np.asarray(demands, dtype=float), "demands"))
    if per_task.shape[1] != cap.shape[0]:
        raise ValueError(f"{cap.shape[0]} resources but demands with {per_task.shape[1]}")
    w = np.ones(per_task.shape[0]) if weights is None else _checked(weights, "weights")
    if w.shape[0] != per_task.shape[0] or np.any(w <= 0):
        raise ValueError("DRF needs one positive weight per user")
    return cap, per_task, w


def drf_tasks(
    capacity: Sequence[float] | FloatArray,
    demands: Sequence[Sequence[float]] | FloatArray,
    weights: Sequence[float] | FloatArray | None = None,
    max_tasks: Sequence[float] | FloatArray | None = None,
) -> IntArray:
    """Tasks per user by weighted DRF progressive filling (Ghodsi et al. 2011, Alg. 1).

    ``capacity`` (R,); ``demands`` (n, R) what one task of each user needs; ``weights``
    (n,) > 0; ``max_tasks`` (n,) how many tasks each user wants (default: unlimited).
    Repeatedly the user with the lowest dominant share per weight whose next task fits
    launches one (ties: lowest index); a user whose task no longer fits drops out.

    Raises:
        ValueError: negative or non-finite inputs, mismatched shapes, a weight ≤ 0, or a
            user whose task needs nothing (it would take unboundedly many).
    """
    cap, per_task, w = _drf_inputs(capacity, demands, weights)
    users = per_task.shape[0]
    wanted = np.full(users, np.inf) if max_tasks is None else _checked(max_tasks, "max_tasks")
    share_per_task = dominant_shares(per_task, cap)
    if np.any((share_per_task == 0) & (wanted == np.inf)):
        raise ValueError("a user's task needs none of the resources: give it a demand")
    tasks = np.zeros(users, dtype=np.int64)
    used = np.zeros_like(cap)
    active = wanted > 0
    slack = RELATIVE_TOLERANCE * np.maximum(cap, 1.0)
    while active.any():
        key = np.where(active, tasks * share_per_task / w, np.inf)
        i = int(np.argmin(key))
        if np.all(used + per_task[i] <= cap + slack):
            used += per_task[i]
            tasks[i] += 1
            active[i] = tasks[i] < wanted[i]
        else:
            active[i] = False
    return tasks


def drf_divisible(
    capacity: Sequence[float] | FloatArray,
    demands: Sequence[Sequence[float]] | FloatArray,
    weights: Sequence[float] | FloatArray | None = None,
    max_tasks: Sequence[float] | FloatArray | None = None,
) -> FloatArray:
    """(n,) fractional tasks per user by weighted DRF on divisible demands.

    Every unfrozen user's dominant share grows at the rate of its weight; a user freezes
    when a resource it uses saturates or it reaches ``max_tasks``. Users whose task needs
    nothing get ``max_tasks`` (which must then be finite).

    Raises:
        ValueError: as :func:`drf_tasks`.
    """
    cap, per_task, w = _drf_inputs(capacity, demands, weights)
    users = per_task.shape[0]
    wanted = np.full(users, np.inf) if max_tasks is None else _checked(max_tasks, "max_tasks")
    share = dominant_shares(per_task, cap)
    if np.any((share == 0) & (wanted == np.inf)):
        raise ValueError("a user's task needs none of the resources: give it a demand")
    tasks = np.where(share == 0, wanted, 0.0)
    active = (share > 0) & (wanted > 0)
    while active.any():
        rate = np.where(active, w / np.where(share > 0, share, 1.0), 0.0)  # tasks per unit level
        use_rate = rate @ per_task
        left = cap - tasks @ per_task
        with np.errstate(divide="ignore", invalid="ignore"):
            by_resource = np.where(use_rate > 0, left / use_rate, np.inf)
            by_demand = np.where(active, (wanted - tasks) / np.where(rate > 0, rate, 1.0), np.inf)
        step = float(min(by_resource.min(initial=np.inf), by_demand.min(initial=np.inf)))
        step = max(step, 0.0)
        tasks = tasks + rate * step
        full = (cap - tasks @ per_task) <= RELATIVE_TOLERANCE * np.maximum(cap, 1.0)
        blocked = (per_task[:, full] > 0).any(axis=1)
        done = tasks >= wanted * (1 - RELATIVE_TOLERANCE)
        active &= ~(blocked | done)
    result: FloatArray = np.minimum(tasks, wanted)
    return result


def decayed_deficit(
    entitled: Sequence[float] | FloatArray,
    used: Sequence[float] | FloatArray,
    ages: Sequence[float] | FloatArray,
    half_life: float,
) -> float:
    """What a partner is still owed from earlier periods: ``Σ max(e − u, 0) · 2^(−age/h)``.

    ``entitled``/``used`` per past period (any one unit), ``ages`` how long ago each ended
    (same unit as ``half_life``, > 0). Slurm's classic fair share decays usage this way
    (factor ``2^(−U/S)``, shared/reference/science.md §4).

    Raises:
        ValueError: a half-life ≤ 0 or non-finite.
    """
    column = np.asarray(entitled, float).reshape(-1, 1), np.asarray(used, float).reshape(-1, 1)
    return float(decayed_deficits(*column, np.asarray(ages, float).reshape(-1), half_life)[0])


def decayed_deficits(
    entitled: FloatArray, used: FloatArray, ages: FloatArray, half_life: float
) -> FloatArray:
    """:func:`decayed_deficit` for several partners at once: ``entitled``/``used`` (P, N)
    per past period and partner, ``ages`` (P,); returns (N,)."""
    if not np.isfinite(half_life) or half_life <= 0:
        raise ValueError(f"half_life must be a positive number, got {half_life}")
    shortfall = np.clip(np.asarray(entitled, float) - np.asarray(used, float), 0.0, None)
    result: FloatArray = (shortfall * np.exp2(-np.asarray(ages, float) / half_life)[:, None]).sum(
        axis=0
    )
    return result


__all__ = [
    "decayed_deficit",
    "decayed_deficits",
    "dominant_shares",
    "drf_divisible",
    "drf_tasks",
    "nominal_shares",
    "water_fill",
]
