"""The scheduler never violates a constraint, on random instances (Hypothesis), and is
deterministic. The constraints are re-checked here independently of the scheduler's own
bookkeeping: power per hour against the spare, heat per hour at the site against what
its radiators could still reject, crew members per hour, research crew
time and downlink per day, suitability > 0 in every scheduled hour, windows and precedence.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lunarstation.science.scheduler import Capacity, TaskSpec, schedule

HOURS = 24 * 6
TOLERANCE_W = 1e-6


@st.composite
def instances(draw: st.DrawFn) -> tuple[list[TaskSpec], Capacity, np.ndarray]:
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    partners = draw(st.integers(1, 3))
    signatures = 3
    score = (rng.random((signatures, HOURS)) * (rng.random((signatures, HOURS)) > 0.3)).astype(
        np.float32
    )
    capacity = Capacity(
        score=score, reason=np.where(score > 0, 0, 2).astype(np.int8), reasons=("", "x", "sunlit"),
        spare_w=rng.uniform(0, 500, (2, HOURS)), location_site=np.array([0, 0]),
        crew=rng.integers(0, 3, (1, HOURS)).astype(float),
        crew_budget_h=rng.uniform(0, 10, (1, HOURS // 24)),
        data_budget_gb=rng.uniform(0, 5, (1, HOURS // 24)),
        spare_heat_w=np.where(rng.random((1, HOURS)) < 0.5, np.inf, rng.uniform(0, 400, (1, HOURS))),
    )  # fmt: skip
    tasks = []
    count = draw(st.integers(1, 8))
    for k in range(count):
        run_hours = int(rng.integers(1, 6))
        lo = int(rng.integers(0, HOURS // 2))
        tasks.append(TaskSpec(
            partner=int(rng.integers(partners)), site=0, location=int(rng.integers(2)),
            suitability=int(rng.integers(signatures)), run_hours=run_hours,
            runs=int(rng.integers(1, 4)), power_w=float(rng.uniform(0, 300)),
            load_w=0.0, crew=int(rng.integers(0, 2)), crew_h=float(rng.uniform(0, 3)),
            data_gb=float(rng.uniform(0, 2)), lo=lo, hi=int(rng.integers(lo + 1, HOURS + 1)),
            every_h=int(rng.choice([0, 24])), splittable=bool(rng.random() < 0.3),
            after=(int(rng.integers(k)),) if k and rng.random() < 0.3 else (),
            priority=float(rng.integers(1, 10)),
        ))  # fmt: skip
    tasks = [
        TaskSpec(**{**t.__dict__, "load_w": t.power_w * float(rng.uniform(0.2, 1.0)),
                    "crew_h": min(t.crew_h, t.crew * t.run_hours)})
        for t in tasks
    ]  # fmt: skip
    return tasks, capacity, rng.uniform(0.1, 2.0, partners)


@given(instances(), st.sampled_from([24, 48, 1000]))
@settings(max_examples=150, deadline=None)
def test_no_constraint_is_ever_violated(case: tuple, period_h: int) -> None:  # type: ignore[type-arg]
    tasks, capacity, weights = case
    result = schedule(tasks, capacity, weights, period_h=period_h, half_life_h=48.0)
    # Locations with different spare series are different grids: each grid's loads must
    # stay within its spare (the scheduler is stricter: it subtracts every site load).
    grid_power, site_heat, crew = np.zeros((2, HOURS)), np.zeros(HOURS), np.zeros(HOURS)
    crew_day, data_day = np.zeros(HOURS // 24), np.zeros(HOURS // 24)
    runs_of = {}
    for piece in result.placements:
        task = tasks[piece.task]
        hours = slice(piece.start, piece.stop)
        assert task.lo <= piece.start
        assert piece.stop <= task.hi
        assert np.all(capacity.score[task.suitability, hours] > 0)
        grid_power[task.location, hours] += task.load_w
        site_heat[hours] += task.load_w
        crew[hours] += task.crew
        crew_day[piece.start // 24] += piece.crew_h
        data_day[piece.start // 24] += piece.data_gb
        runs_of.setdefault(piece.task, []).append(piece)
        if task.every_h:
            assert piece.start < task.lo + (piece.run + 1) * task.every_h
            assert piece.start >= task.lo + piece.run * task.every_h
    assert np.all(capacity.spare_w - grid_power >= -TOLERANCE_W)
    assert np.all(capacity.spare_heat_w[0] - site_heat >= -TOLERANCE_W)
    assert np.all(crew <= capacity.crew[0])
    assert np.all(crew_day <= capacity.crew_budget_h[0] + 1e-9)
    assert np.all(data_day <= capacity.data_budget_gb[0] + 1e-9)
    for k, pieces in runs_of.items():
        for before in tasks[k].after:  # precedence: every run of `before` done, and ended
            done = runs_of.get(before, [])
            assert len({p.run for p in done}) == tasks[before].runs
            assert max(p.stop for p in done) <= min(p.start for p in pieces)
    placed = {(p.task, p.run) for p in result.placements}
    for k, task in enumerate(tasks):
        unmet = sum(u.runs for u in result.unmet if u.task == k)
        assert len({r for t, r in placed if t == k}) + unmet == task.runs


@given(instances())
@settings(max_examples=30, deadline=None)
def test_deterministic(case: tuple) -> None:  # type: ignore[type-arg]
    tasks, capacity, weights = case
    first = schedule(tasks, capacity, weights, period_h=48, half_life_h=48.0)
    second = schedule(tasks, capacity, weights, period_h=48, half_life_h=48.0)
    assert first.placements == second.placements
    assert first.unmet == second.unmet
