"""The fair-share scheduler: greedy rounds of placements against the capacity left.

Plain arrays in (no pydantic, no scenario), so the engine, the benchmark and the property
tests drive the same code. Hours are indices into the run's grid (step 1 h); a *site*
pools crew, crew time and downlink; a *location* (the crew host or a module at a site)
has its own spare power, and every load placed at a site is subtracted from the spare of
all its locations (conservative: the locations may share a grid).

Per planning period (``period_h``):

1. each partner's entitlement per resource by weighted max-min water-filling over what
   its open tasks could use in the period (:func:`~lunarstation.science.fairshare.water_fill`);
2. rounds: the partner with the lowest used dominant share, less its decayed deficit
   from earlier periods, per weight, that still has a placeable task, places its best
   task's next run (priority, then mutual interest, then declaration order) at the most
   suitable feasible slot (earliest among equals); what it uses is subtracted;
3. a task that cannot be placed in the period waits for the next one; one whose window
   ends in the period is unmet, with the constraint that stopped it.

Constraints never exceeded: per-hour spare power at the location (what the housekeeping
run spilled), per-hour heat the site's radiators could still reject (every watt placed
at a site is heat there), crew members aboard at once, the day's research crew time and
the day's spare downlink; every hour of a run has a suitability above 0 (so a sunlight task never
runs in darkness); precedence and deadlines hold. Deterministic: ties break by index.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from lunarstation.science.fairshare import decayed_deficits, dominant_shares, water_fill

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

RESOURCES = ("crew_hours", "energy_kwh", "data_gb")
UNITS = ("h", "kWh", "GB")
POWER_SLACK_W = 1e-6
"""Round-off allowance when a load is compared with the spare power, W."""
RESOURCE_REASONS = ("power-margin", "heat-margin", "crew-busy", "crew-time", "downlink")
"""Binding reasons after suitability, in the order they are tried."""


@dataclass(frozen=True)
class TaskSpec:
    """One task in array terms. Hours are grid indices; ``[lo, hi)`` its window."""

    partner: int
    site: int
    location: int
    suitability: int
    """Row of :attr:`Capacity.score` (0 forbidden, up to 1 best) and ``reason``."""
    run_hours: int
    runs: int
    power_w: float
    """Peak power checked against the spare, W."""
    load_w: float
    """Mean power drawn while running, W (energy per run / hours)."""
    crew: int
    crew_h: float
    data_gb: float
    lo: int
    hi: int
    every_h: int = 0
    """Recurrence: run k must start in ``[lo + k·every_h, lo + (k+1)·every_h)`` (0: none)."""
    after: tuple[int, ...] = ()
    splittable: bool = False
    priority: float = 5.0
    interest: float = 1.0


@dataclass(frozen=True)
class Capacity:
    """What the housekeeping left, on a grid of T hours (days of 24 h from hour 0)."""

    score: NDArray[np.float32]
    """(K, T) suitability per signature, 0–1."""
    reason: NDArray[np.int8]
    """(K, T) index into ``reasons`` of the binding condition where score is 0."""
    reasons: tuple[str, ...]
    spare_w: FloatArray
    """(L, T) spare power per location, W."""
    location_site: IntArray
    """(L,) site of each location."""
    crew: FloatArray
    """(S, T) crew aboard per site."""
    crew_budget_h: FloatArray
    """(S, D) research crew time per site and day, h."""
    data_budget_gb: FloatArray
    """(S, D) spare downlink per site and day, GB."""
    spare_heat_w: FloatArray
    """(S, T) heat the site's radiators could still reject, W (``inf``: not limited)."""


@dataclass(frozen=True)
class Placement:
    """One contiguous piece of a scheduled run."""

    task: int
    run: int
    start: int
    stop: int
    crew_h: float
    energy_kwh: float
    data_gb: float


@dataclass(frozen=True)
class Unmet:
    """Runs of a task that could not be placed and why."""

    task: int
    runs: int
    reason: str


@dataclass
class Schedule:
    """What the scheduler returns."""

    placements: list[Placement]
    unmet: list[Unmet]
    use: FloatArray
    """(P, N, 3) used per period, partner and resource (:data:`RESOURCES`)."""
    entitlement: FloatArray
    """(P, N, 3) entitled per period, partner and resource."""
    period_capacity: FloatArray
    """(P, 3) capacity per period and resource."""
    used_w: FloatArray = field(default_factory=lambda: np.zeros((0, 0)))
    """(S, T) power placed per site, W."""
    weights: FloatArray = field(default_factory=lambda: np.zeros(0))
    """(N,) the partners' weights the schedule was made with."""


class _State:
    """Mutable capacity during scheduling."""

    def __init__(self, capacity: Capacity) -> None:
        sites = capacity.crew.shape[0]
        self.cap = capacity
        self.used_w = np.zeros((sites, capacity.crew.shape[1]))
        self.crew_busy = np.zeros_like(capacity.crew)
        self.crew_left = capacity.crew_budget_h.copy()
        self.data_left = capacity.data_budget_gb.copy()


def schedule(
    tasks: list[TaskSpec],
    capacity: Capacity,
    weights: FloatArray,
    *,
    period_h: int,
    half_life_h: float,
) -> Schedule:
    """Place the tasks' runs (module docstring). ``weights`` (N,) > 0 per partner."""
    steps = capacity.score.shape[1]
    partners = len(weights)
    state = _State(capacity)
    done_runs = [0] * len(tasks)
    """Per task, the index of its next run (placed or given up)."""
    placed_runs = [0] * len(tasks)
    failed: dict[int, str] = {}
    lost: dict[int, dict[str, int]] = {}
    """Recurrent runs given up, per task and reason."""
    ends = [-1] * len(tasks)
    placements: list[Placement] = []
    unmet: list[Unmet] = []
    periods = max(1, -(-steps // period_h))
    use = np.zeros((periods, partners, 3))
    entitlement = np.zeros((periods, partners, 3))
    period_capacity = np.zeros((periods, 3))
    owed_share, used_share = np.zeros((periods, partners)), np.zeros((periods, partners))
    order = sorted(range(len(tasks)), key=lambda k: (-tasks[k].priority, -tasks[k].interest, k))
    by_partner: list[list[int]] = [
        [k for k in order if tasks[k].partner == i] for i in range(partners)
    ]
    for p in range(periods):
        a, b = p * period_h, min((p + 1) * period_h, steps)
        period_capacity[p] = _period_capacity(capacity, a, b)
        entitlement[p] = _entitlements(tasks, done_runs, failed, weights, period_capacity[p], a, b)
        owed_share[p] = dominant_shares(entitlement[p], period_capacity[p])
        deficit = _deficits(owed_share, used_share, p, period_h, half_life_h)
        blocked: set[int] = set()
        while True:
            share = dominant_shares(use[p], period_capacity[p])
            first = [
                next((k for k in by_partner[i]
                      if _open(tasks, k, done_runs, placed_runs, failed, blocked, a, b)), None)
                for i in range(partners)
            ]  # fmt: skip
            candidates = [i for i in range(partners) if first[i] is not None]
            if not candidates:
                break
            i = min(candidates, key=lambda j: ((share[j] - deficit[j]) / weights[j], j))
            k = first[i]
            assert k is not None
            outcome = _place_next(tasks, k, done_runs, ends, state, a, b)
            if isinstance(outcome, str):
                if _give_up(tasks, k, done_runs, failed, lost, outcome, b):
                    blocked.add(k)
                continue
            placements += outcome
            done_runs[k] += 1
            placed_runs[k] += 1
            ends[k] = max(ends[k], max(piece.stop for piece in outcome))
            use[p, i] += [sum(x.crew_h for x in outcome), sum(x.energy_kwh for x in outcome),
                          sum(x.data_gb for x in outcome)]  # fmt: skip
        used_share[p] = dominant_shares(use[p], period_capacity[p])
    for k, task in enumerate(tasks):
        for reason, count in sorted(lost.get(k, {}).items()):
            unmet.append(Unmet(k, count, reason))
        left = task.runs - done_runs[k]
        if left > 0:
            waiting = [j for j in task.after if placed_runs[j] < tasks[j].runs]
            reason = failed.get(k) or (
                f"precedence: after {waiting[0]}" if waiting else "outside-window"
            )
            unmet.append(Unmet(k, left, reason))
    placements.sort(key=lambda x: (x.start, x.task, x.run))
    return Schedule(
        placements,
        unmet,
        use,
        entitlement,
        period_capacity,
        state.used_w,
        np.asarray(weights, dtype=float),
    )


def _period_capacity(capacity: Capacity, a: int, b: int) -> FloatArray:
    d0, d1 = a // 24, -(-b // 24)
    site_spare = np.zeros(capacity.crew.shape[0])
    for loc, site in enumerate(capacity.location_site):
        site_spare[site] = max(site_spare[site], float(capacity.spare_w[loc, a:b].sum()))
    return np.array([
        capacity.crew_budget_h[:, d0:d1].sum(), site_spare.sum() / 1000.0,
        capacity.data_budget_gb[:, d0:d1].sum(),
    ])  # fmt: skip


def _task_use(task: TaskSpec) -> FloatArray:
    return np.array([task.crew_h, task.load_w * task.run_hours / 1000.0, task.data_gb])


def _entitlements(tasks: list[TaskSpec], done: list[int], failed: dict[int, str],
                  weights: FloatArray, cap: FloatArray, a: int, b: int) -> FloatArray:  # fmt: skip
    """(N, 3) water-filled entitlement per partner and resource for the period."""
    demand = np.zeros((len(weights), 3))
    for k, task in enumerate(tasks):
        if k in failed or done[k] >= task.runs or task.hi <= a or task.lo >= b:
            continue
        runs = task.runs - done[k]
        if task.every_h:
            runs = min(runs, -(-(b - a) // task.every_h))
        demand[task.partner] += runs * _task_use(task)
    return np.stack([water_fill(cap[r], weights, demand[:, r]) for r in range(3)], axis=1)


def _deficits(owed: FloatArray, got: FloatArray, p: int, period_h: int,
              half_life_h: float) -> FloatArray:  # fmt: skip
    """(N,) decayed shortfall of dominant share carried into period ``p``, from the
    (P, N) dominant shares entitled (``owed``) and used (``got``) in earlier periods."""
    if p == 0:
        return np.zeros(owed.shape[1])
    ages = (p - np.arange(p, dtype=np.float64)) * float(period_h)
    return decayed_deficits(owed[:p], got[:p], ages, half_life_h)


def _open(tasks: list[TaskSpec], k: int, done: list[int], placed: list[int],
          failed: dict[int, str], blocked: set[int], a: int, b: int) -> bool:  # fmt: skip
    task = tasks[k]
    if k in failed or k in blocked or done[k] >= task.runs:
        return False
    if task.hi <= a or task.lo >= b:
        return False
    return all(placed[j] >= tasks[j].runs for j in task.after)


def _give_up(tasks: list[TaskSpec], k: int, done: list[int], failed: dict[int, str],
             lost: dict[int, dict[str, int]], reason: str, b: int) -> bool:  # fmt: skip
    """Record a run that failed in the period ending at ``b``; return whether the task
    waits for the next period (False: try its next run now).

    A recurrent run whose window ends by ``b`` is given up (its next run may still fit);
    a task whose window ends by ``b`` fails with ``reason`` (its remaining runs unmet).
    """
    task = tasks[k]
    if task.every_h and min(task.lo + (done[k] + 1) * task.every_h, task.hi) <= b:
        counts = lost.setdefault(k, {})
        counts[reason] = counts.get(reason, 0) + 1
        done[k] += 1
        return done[k] >= task.runs
    if task.hi <= b:
        failed[k] = reason
    return True


def _window(task: TaskSpec, run: int, after_end: int, a: int, b: int) -> tuple[int, int]:
    """Hours a run may occupy: it starts in ``[a, b)`` (and its recurrence window) and
    ends by the task's deadline."""
    last_start = b
    lo = max(task.lo, a, after_end)
    if task.every_h:
        lo = max(lo, task.lo + run * task.every_h)
        last_start = min(last_start, task.lo + (run + 1) * task.every_h)
    extent = 1 if task.splittable else task.run_hours
    return lo, min(task.hi, last_start + extent - 1)


def _place_next(tasks: list[TaskSpec], k: int, done: list[int], ends: list[int],
                state: _State, a: int, b: int) -> list[Placement] | str:  # fmt: skip
    """Place run ``done[k]`` of task ``k`` in ``[a, b)``: its pieces, or the binding reason."""
    task = tasks[k]
    after_end = max((ends[j] for j in task.after), default=-1)
    lo, hi = _window(task, done[k], max(after_end, 0), a, b)
    if hi - lo < (1 if task.splittable else task.run_hours):
        return "outside-window"
    if task.splittable:
        return _place_split(task, k, done[k], state, lo, hi)
    return _place_run(task, k, done[k], state, lo, hi)


def _masks(task: TaskSpec, state: _State, lo: int, hi: int) -> list[NDArray[np.bool_]]:
    """Per hour of [lo, hi): suitability, then each resource condition of RESOURCE_REASONS."""
    cap = state.cap
    s = task.site
    score = cap.score[task.suitability, lo:hi]
    spare = cap.spare_w[task.location, lo:hi] - state.used_w[s, lo:hi]
    heat_spare = cap.spare_heat_w[s, lo:hi] - state.used_w[s, lo:hi]
    crew_free = cap.crew[s, lo:hi] - state.crew_busy[s, lo:hi]
    days = np.arange(lo, hi) // 24
    pieces = 1 if not task.splittable else task.run_hours
    return [
        score > 0,
        spare >= task.power_w - POWER_SLACK_W,
        heat_spare >= task.load_w - POWER_SLACK_W,
        crew_free >= task.crew,
        state.crew_left[s, days] >= task.crew_h / pieces - 1e-9,
        state.data_left[s, days] >= task.data_gb / pieces - 1e-12,
    ]


def _binding(task: TaskSpec, masks: list[NDArray[np.bool_]], state: _State, lo: int,
             hi: int, need: int) -> str:  # fmt: skip
    """The first constraint, in order, after which no slot is left."""
    ok = np.ones(hi - lo, dtype=bool)
    names = ("suitability", *RESOURCE_REASONS)
    for name, mask in zip(names, masks, strict=True):
        ok &= mask
        if _count_slots(ok, need, task.splittable) == 0:
            if name == "suitability":
                codes = state.cap.reason[task.suitability, lo:hi]
                codes = codes[codes > 0]
                if codes.size == 0:
                    return "outside-window"
                return state.cap.reasons[int(np.bincount(codes).argmax())]
            return name
    return "outside-window"


def _count_slots(ok: NDArray[np.bool_], need: int, splittable: bool) -> int:
    if splittable:
        return int(ok.sum() >= need)
    if ok.size < need:
        return 0
    c = np.concatenate(([0], np.cumsum(ok)))
    return int(((c[need:] - c[:-need]) == need).sum())


def _place_run(task: TaskSpec, k: int, run: int, state: _State, lo: int,
               hi: int) -> list[Placement] | str:  # fmt: skip
    d = task.run_hours
    masks = _masks(task, state, lo, hi)
    *hourly_masks, crew_day, data_day = masks
    hourly = np.logical_and.reduce(hourly_masks)
    c = np.concatenate(([0], np.cumsum(hourly)))
    full = (c[d:] - c[:-d]) == d
    # Budgets are charged to the start hour's day.
    full &= crew_day[: full.size] & data_day[: full.size]
    if not full.any():
        return _binding(task, masks, state, lo, hi, d)
    score = state.cap.score[task.suitability, lo:hi].astype(np.float64)
    cs = np.concatenate(([0.0], np.cumsum(score)))
    total = np.where(full, cs[d:] - cs[:-d], -1.0)
    start = lo + int(np.argmax(total))
    _charge(task, state, start, start + d, task.crew_h, task.data_gb)
    return [Placement(k, run, start, start + d, task.crew_h,
                      task.load_w * d / 1000.0, task.data_gb)]  # fmt: skip


def _place_split(task: TaskSpec, k: int, run: int, state: _State, lo: int,
                 hi: int) -> list[Placement] | str:  # fmt: skip
    d = task.run_hours
    masks = _masks(task, state, lo, hi)
    ok = np.logical_and.reduce(masks)
    if ok.sum() < d:
        return _binding(task, masks, state, lo, hi, d)
    # Hours one by one, best first; the day budgets are charged per hour.
    crew_h, data_gb = task.crew_h / d, task.data_gb / d
    score = state.cap.score[task.suitability, lo:hi].astype(np.float64)
    chosen: list[int] = []
    for _ in range(d):
        masks = _masks(task, state, lo, hi)
        ok = np.logical_and.reduce(masks)
        ok[[h - lo for h in chosen]] = False
        if not ok.any():
            for h in chosen:
                _charge(task, state, h, h + 1, crew_h, data_gb, sign=-1.0)
            return _binding(task, masks, state, lo, hi, d - len(chosen))
        h = lo + int(np.argmax(np.where(ok, score, -1.0)))
        chosen.append(h)
        _charge(task, state, h, h + 1, crew_h, data_gb)
    chosen.sort()
    pieces: list[Placement] = []
    start = chosen[0]
    for previous, hour in zip(chosen, [*chosen[1:], -1], strict=True):
        # A piece ends where the hours stop being consecutive or a day ends: the day
        # budgets were charged hour by hour, so each piece must lie within one day.
        if hour != previous + 1 or hour % 24 == 0:
            n = previous + 1 - start
            pieces.append(Placement(k, run, start, previous + 1, crew_h * n,
                                    task.load_w * n / 1000.0, data_gb * n))  # fmt: skip
            start = hour
    return pieces


def _charge(task: TaskSpec, state: _State, start: int, stop: int, crew_h: float,
            data_gb: float, *, sign: float = 1.0) -> None:  # fmt: skip
    """Charge a placement's load, crew and budgets to the state (``sign=-1.0``: undo it)."""
    s = task.site
    state.used_w[s, start:stop] += sign * task.load_w
    state.crew_busy[s, start:stop] += sign * task.crew
    day = start // 24
    state.crew_left[s, day] -= sign * crew_h
    state.data_left[s, day] -= sign * data_gb


__all__ = [
    "RESOURCES",
    "UNITS",
    "Capacity",
    "Placement",
    "Schedule",
    "TaskSpec",
    "Unmet",
    "schedule",
]
