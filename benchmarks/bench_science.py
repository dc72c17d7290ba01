"""Scheduler speed and optimality gap (issue 14).

1. 1,000 tasks over one year hourly (8,760 h, 30-day periods, 4 partners, 2 sites):
   wall time of :func:`lunarstation.science.scheduler.schedule` (target < 10 s on the
   2-core box).
2. Small instances (48 h, 6–8 tasks) solved exactly with HiGHS (the ``exact`` extra): a
   MILP choosing each run's start hour to maximise the crew-and-energy-weighted work
   placed under the same constraints (power per hour, crew at once, daily crew time and
   downlink, suitability, windows); the greedy's gap is ``1 − greedy / optimum`` of that
   objective (runs placed, each worth its run hours).

Run: ``.venv/bin/python benchmarks/bench_science.py``.
"""

from __future__ import annotations

import time

import numpy as np

from lunarstation.science.scheduler import Capacity, TaskSpec, schedule


def instance(seed: int, tasks: int, hours: int, partners: int = 4, sites: int = 2,
             split: bool = True) -> tuple[list[TaskSpec], Capacity, np.ndarray]:  # fmt: skip
    rng = np.random.default_rng(seed)
    days = -(-hours // 24)
    sun = (np.sin(np.arange(hours) * 2 * np.pi / (29.5 * 24)) > -0.3).astype(np.float32)
    score = np.stack([sun, 1 - sun, np.ones(hours, np.float32), sun * 0.5 + 0.5])
    capacity = Capacity(
        score=score, reason=np.where(score > 0, 0, 1).astype(np.int8), reasons=("", "sunlit"),
        spare_w=rng.uniform(200, 3000, (sites * 2, hours)),
        location_site=np.repeat(np.arange(sites), 2),
        crew=np.where(rng.random((sites, hours)) < 0.5, 3.0, 0.0),
        crew_budget_h=rng.uniform(5, 15, (sites, days)),
        data_budget_gb=rng.uniform(5, 50, (sites, days)),
        spare_heat_w=np.full((sites, hours), np.inf),  # the exact model has no heat row
    )  # fmt: skip
    specs = []
    for k in range(tasks):
        lo = int(rng.integers(0, hours // 2))
        crew = int(rng.integers(0, 2))
        run_hours = int(rng.integers(1, 12))
        specs.append(TaskSpec(
            partner=int(rng.integers(partners)), site=int(rng.integers(sites)),
            location=int(rng.integers(sites * 2)), suitability=int(rng.integers(4)),
            run_hours=run_hours, runs=int(rng.integers(1, 6)),
            power_w=float(rng.uniform(10, 800)), load_w=float(rng.uniform(10, 400)), crew=crew,
            crew_h=float(crew * rng.uniform(0.5, 1.0) * run_hours), data_gb=float(rng.uniform(0, 3)),
            lo=lo, hi=int(rng.integers(lo + 24, hours + 1)),
            every_h=int(rng.choice([0, 0, 168])), priority=float(rng.integers(1, 10)),
            splittable=split and bool(rng.random() < 0.1),
            after=(int(rng.integers(k)),) if k and rng.random() < 0.05 else (),
        ))  # fmt: skip
    specs = [TaskSpec(**{**s.__dict__, "load_w": min(s.load_w, s.power_w)}) for s in specs]
    location_site = capacity.location_site
    specs = [TaskSpec(**{**s.__dict__, "location": int(2 * s.site + s.location % 2)})
             for s in specs]  # fmt: skip
    assert all(location_site[s.location] == s.site for s in specs)
    return specs, capacity, rng.uniform(0.5, 2.0, partners)


def exact_value(tasks: list[TaskSpec], capacity: Capacity) -> float:
    """Most run-hours any schedule can place (HiGHS MILP, contiguous runs)."""
    import highspy

    hours = capacity.score.shape[1]
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    var: dict[tuple[int, int, int], int] = {}
    costs: list[float] = []
    for k, t in enumerate(tasks):
        for r in range(t.runs):
            lo, hi = t.lo, t.hi
            if t.every_h:
                lo, hi = (
                    max(lo, t.lo + r * t.every_h),
                    min(hi, t.lo + (r + 1) * t.every_h + t.run_hours - 1),
                )
            for s in range(lo, hi - t.run_hours + 1):
                if np.all(capacity.score[t.suitability, s : s + t.run_hours] > 0):
                    var[(k, r, s)] = len(costs)
                    costs.append(float(t.run_hours))
    n = len(costs)
    if n == 0:
        return 0.0
    h.addVars(n, np.zeros(n), np.ones(n))
    h.changeColsIntegrality(n, np.arange(n), np.full(n, highspy.HighsVarType.kInteger))
    h.changeColsCost(n, np.arange(n), -np.array(costs))

    def row(cols: list[int], coefs: list[float], upper: float) -> None:
        if cols:
            h.addRow(-highspy.kHighsInf, upper, len(cols), np.array(cols), np.array(coefs))

    for k, t in enumerate(tasks):
        for r in range(t.runs):
            row([i for (kk, rr, _), i in var.items() if kk == k and rr == r],
                [1.0] * sum(1 for (kk, rr, _) in var if kk == k and rr == r), 1.0)  # fmt: skip
    # Locations with different spare series are different grids: each grid's loads within
    # its spare (the greedy is stricter: it subtracts every load at the site).
    for loc in range(capacity.spare_w.shape[0]):
        for hour in range(hours):
            cols = [(i, tasks[k].load_w) for (k, _, s), i in var.items()
                    if tasks[k].location == loc and s <= hour < s + tasks[k].run_hours]  # fmt: skip
            row([c for c, _ in cols], [w for _, w in cols], float(capacity.spare_w[loc, hour]))
    for site in range(capacity.crew.shape[0]):
        for hour in range(hours):
            cols = [(i, tasks[k].crew) for (k, _, s), i in var.items()
                    if tasks[k].site == site and s <= hour < s + tasks[k].run_hours and tasks[k].crew]  # fmt: skip
            row([c for c, _ in cols], [float(w) for _, w in cols], float(capacity.crew[site, hour]))
        for day in range(capacity.crew_budget_h.shape[1]):
            starts = [
                (i, k) for (k, _, s), i in var.items() if tasks[k].site == site and s // 24 == day
            ]
            row([i for i, _ in starts], [tasks[k].crew_h for _, k in starts],
                float(capacity.crew_budget_h[site, day]))  # fmt: skip
            row([i for i, _ in starts], [tasks[k].data_gb for _, k in starts],
                float(capacity.data_budget_gb[site, day]))  # fmt: skip
    h.run()
    return -float(h.getInfo().objective_function_value)


def main() -> None:
    tasks, capacity, weights = instance(1, 1000, 8760)
    schedule(tasks[:50], capacity, weights, period_h=720, half_life_h=2160)  # warm caches
    tick = time.perf_counter()
    result = schedule(tasks, capacity, weights, period_h=720, half_life_h=2160.0)
    seconds = time.perf_counter() - tick
    runs = sum(t.runs for t in tasks)
    placed = len({(p.task, p.run) for p in result.placements})
    print(f"1000 tasks ({runs} runs) over 8760 h: {seconds:.2f} s, {placed} runs placed")
    gaps = []
    for seed in range(10):
        small, cap, w = instance(100 + seed, 7, 48, partners=3, sites=1, split=False)
        small = [TaskSpec(**{**t.__dict__, "after": (), "every_h": 0}) for t in small]
        greedy = schedule(small, cap, w, period_h=48, half_life_h=48.0)
        value = sum(p.stop - p.start for p in greedy.placements)
        best = exact_value(small, cap)
        gaps.append(0.0 if best == 0 else 1.0 - value / best)
        print(
            f"  small instance {seed}: greedy {value} run-h, exact {best:.0f} run-h, "
            f"gap {100 * gaps[-1]:.1f} %"
        )
    print(
        f"optimality gap over 10 small instances: mean {100 * np.mean(gaps):.1f} %, "
        f"max {100 * np.max(gaps):.1f} %"
    )


if __name__ == "__main__":
    main()
