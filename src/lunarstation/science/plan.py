"""The scenario's science tasks in array terms: suitability, locations, capacity.

:func:`build_plan` turns the tasks and the housekeeping station run into what the
scheduler reads (:class:`~lunarstation.science.scheduler.TaskSpec`,
:class:`~lunarstation.science.scheduler.Capacity`) and keeps, per task, where and when it
could run at all (:meth:`SciencePlan.task_table`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from lunarstation.constants import HOUR_S, KBIT_PER_GB
from lunarstation.engine import RunContext
from lunarstation.logistics.timeline import TimelineOutput
from lunarstation.scenario import Scenario
from lunarstation.scenario.science import ScienceTask
from lunarstation.science.scheduler import Capacity, TaskSpec
from lunarstation.science.suitability import MODULE_ABSENT, REASONS, SiteConditions, suitability
from lunarstation.station.crewtime import daily_budget_h, elements_in_service
from lunarstation.station.options import StationOptions
from lunarstation.station.scheduled import HousekeepingOutput
from lunarstation.station.site import SiteRun
from lunarstation.station.tolerances import HEAT_TOLERANCE_W, POWER_TOLERANCE_W

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class SciencePlan:
    """The tasks, the partners (index order of the scheduler) and the scheduler's inputs."""

    tasks: tuple[ScienceTask, ...]
    partners: tuple[str, ...]
    specs: list[TaskSpec]
    capacity: Capacity
    utc: pd.DatetimeIndex

    @cached_property
    def by_id(self) -> Mapping[str, ScienceTask]:
        """Tasks by id (built once)."""
        return {task.id: task for task in self.tasks}

    def task_table(self) -> pd.DataFrame:
        """``science_tasks``: each task, who wants it, and where and when it could run."""
        rows: list[dict[str, Any]] = []
        for task, spec in zip(self.tasks, self.specs, strict=True):
            score = self.capacity.score[spec.suitability, spec.lo : spec.hi]
            reason = self.capacity.reason[spec.suitability, spec.lo : spec.hi]
            ok = np.flatnonzero(score > 0)
            codes = reason[reason > 0]
            rows.append({
                "task": task.id, "name": task.name, "partner": task.partner,
                "interested": ";".join(f"{i.partner}:{i.interest:g}" for i in task.interested),
                "mutual_interest": task.mutual_interest, "priority": task.priority,
                "site": task.site, "module": task.module or "", "runs": spec.runs,
                "suitable_hours": int(ok.size),
                "first_suitable": self.utc[spec.lo + ok[0]] if ok.size else pd.NaT,
                "last_suitable": self.utc[spec.lo + ok[-1]] if ok.size else pd.NaT,
                "mostly_forbidden_by": REASONS[int(np.bincount(codes).argmax())] if codes.size else "",
            })  # fmt: skip
        return pd.DataFrame(rows, columns=list(TASK_COLUMNS))


TASK_COLUMNS = ("task", "name", "partner", "interested", "mutual_interest", "priority", "site",
                "module", "runs", "suitable_hours", "first_suitable", "last_suitable",
                "mostly_forbidden_by")  # fmt: skip


def _conditions(run: SiteRun) -> SiteConditions:
    arrays = run.arrays
    return SiteConditions(
        sun_disk_fraction=arrays.sun_disk_fraction, earth_visible=arrays.earth_visible,
        relay_visible=arrays.relay_visible, crew=arrays.crew,
        heat_ok=run.heat_excess_w <= HEAT_TOLERANCE_W, unshed=run.shed_w <= POWER_TOLERANCE_W,
    )  # fmt: skip


def _present(task: ScienceTask, run: SiteRun, deliveries: pd.DataFrame,
             utc: pd.DatetimeIndex) -> BoolArray:  # fmt: skip
    """Where the task's module (or, without one, some element hosting the crew) is in service."""
    arrays = run.arrays
    if task.module is None:  # an element hosting the crew, or any element delivered there
        host = arrays.life_support_host
        hosted = np.zeros(len(utc), dtype=bool) if host is None else host >= 0
        items = deliveries[(deliveries["item_type"] == "element")
                           & (deliveries["destination"] == task.site)]  # fmt: skip
        return hosted | _delivered(items, utc)
    for node in arrays.nodes:
        if node.element == task.module:
            return np.asarray(node.live, dtype=bool)
    return _delivered(
        deliveries[(deliveries["item"] == task.module) & (deliveries["destination"] == task.site)],
        utc,
    )


def _delivered(here: pd.DataFrame, utc: pd.DatetimeIndex) -> BoolArray:
    """Where any of the delivery rows ``here`` is in place (arrived, not departed)."""
    mask = np.zeros(len(utc), dtype=bool)
    for time, departure in zip(here["time"], here["departure"], strict=True):
        stop = len(utc) if pd.isna(departure) else int(utc.searchsorted(departure))
        mask[int(utc.searchsorted(time)) : stop] = True
    return mask


def _budgets(run: SiteRun, scenario: Scenario, days: int) -> tuple[FloatArray, FloatArray]:
    """(D,) research crew hours and spare downlink GB per day at the site."""
    arrays = run.arrays
    crew_h = daily_budget_h(arrays.crew, elements_in_service(arrays), scenario.science.crew_time)
    links = StationOptions.of(scenario.options.station).links
    spare_kbit = links.capacity_kbps(arrays.earth_visible, arrays.relay_visible) * HOUR_S
    spare_kbit = spare_kbit - arrays.data_kbit
    padded = np.zeros(days * 24)
    padded[: spare_kbit.size] = spare_kbit
    data_gb = np.clip(padded.reshape(days, 24).sum(axis=1), 0.0, None) / KBIT_PER_GB
    return crew_h[:days], data_gb


def task_window(task: ScienceTask, utc: pd.DatetimeIndex) -> tuple[int, int]:
    """Grid indices ``[lo, hi)`` of the task's earliest start and deadline."""
    lo = 0 if task.earliest is None else int(utc.searchsorted(pd.Timestamp(task.earliest)))
    hi = len(utc) if task.deadline is None else int(utc.searchsorted(pd.Timestamp(task.deadline)))
    return min(lo, len(utc)), min(hi, len(utc))


def build_plan(scenario: Scenario, context: RunContext, timeline: TimelineOutput,
               housekeeping: HousekeepingOutput) -> SciencePlan:  # fmt: skip
    """The scheduler's inputs for the scenario's tasks on the run's (hourly) grid."""
    utc = context.utc
    steps, days = len(utc), -(-len(utc) // 24)
    tasks = scenario.science.tasks
    partners = tuple(p.id for p in scenario.partners)
    sites = sorted({t.site for t in tasks})
    conditions = {s: _conditions(housekeeping.runs[s]) for s in sites if s in housekeeping.runs}
    crew = np.zeros((len(sites), steps))
    crew_budget, data_budget = np.zeros((len(sites), days)), np.zeros((len(sites), days))
    heat = np.zeros((len(sites), steps))
    for k, site in enumerate(sites):
        if site in housekeeping.runs:
            run = housekeeping.runs[site]
            crew[k] = run.arrays.crew
            heat[k] = housekeeping.heat_spare_w[site]
            crew_budget[k], data_budget[k] = _budgets(run, scenario, days)
    locations: dict[tuple[str, str | None], int] = {}
    spare: list[FloatArray] = []
    signatures: dict[tuple[Any, ...], int] = {}
    scores: list[NDArray[np.float32]] = []
    reasons: list[NDArray[np.int8]] = []
    specs: list[TaskSpec] = []
    index = {task.id: k for k, task in enumerate(tasks)}
    for task in tasks:
        where = (task.site, task.module)
        if where not in locations:
            locations[where] = len(spare)
            spare.append(_spare(housekeeping, task.site, task.module, steps))
        key = (task.site, task.module, task.requires, task.prefers, task.crew_members)
        if key not in signatures:
            signatures[key] = len(scores)
            score, reason = _suitability(task, conditions, housekeeping, timeline, utc)
            scores.append(score)
            reasons.append(reason)
        specs.append(_spec(task, partners, sites, locations[where], signatures[key], index, utc))
    capacity = Capacity(
        score=np.array(scores, dtype=np.float32).reshape(len(scores), steps),
        reason=np.array(reasons, dtype=np.int8).reshape(len(reasons), steps), reasons=REASONS,
        spare_w=np.array(spare).reshape(len(spare), steps),
        location_site=np.array([sites.index(s) for s, _ in locations], dtype=np.int64),
        crew=crew, crew_budget_h=crew_budget, data_budget_gb=data_budget, spare_heat_w=heat,
    )  # fmt: skip
    return SciencePlan(tuple(tasks), partners, specs, capacity, utc)


def _spare(housekeeping: HousekeepingOutput, site: str, module: str | None,
           steps: int) -> FloatArray:  # fmt: skip
    if site not in housekeeping.runs:
        return np.zeros(steps)
    if module is None:
        return housekeeping.host_spare_w[site]
    return housekeeping.node_spare_w[site].get(module, np.zeros(steps))


def _suitability(task: ScienceTask, conditions: Mapping[str, SiteConditions],
                 housekeeping: HousekeepingOutput, timeline: TimelineOutput,
                 utc: pd.DatetimeIndex) -> tuple[NDArray[np.float32], NDArray[np.int8]]:  # fmt: skip
    if task.site not in conditions:  # nothing is ever delivered there
        return (np.zeros(len(utc), dtype=np.float32),
                np.full(len(utc), REASONS.index(MODULE_ABSENT), dtype=np.int8))  # fmt: skip
    present = _present(task, housekeeping.runs[task.site], timeline.deliveries, utc)
    return suitability(conditions[task.site], tuple(task.requires), tuple(task.prefers),
                       task.crew_members, present)  # fmt: skip


def _spec(task: ScienceTask, partners: tuple[str, ...], sites: list[str], location: int,
          signature: int, index: Mapping[str, int], utc: pd.DatetimeIndex) -> TaskSpec:  # fmt: skip
    lo, hi = task_window(task, utc)
    every_h = 0 if task.recurrence is None else max(1, round(task.recurrence.every_days * 24))
    runs = task.runs if task.runs is not None else max(0, -(-(hi - lo) // every_h))
    return TaskSpec(
        partner=partners.index(task.partner), site=sites.index(task.site), location=location,
        suitability=signature, run_hours=task.run_hours, runs=runs,
        power_w=max(task.power_w, task.load_w), load_w=task.load_w, crew=task.crew_members,
        crew_h=task.crew_hours_per_run, data_gb=task.data_gb_per_run, lo=lo, hi=hi,
        every_h=every_h, after=tuple(index[a] for a in task.after), splittable=task.splittable,
        priority=float(task.priority), interest=task.mutual_interest,
    )  # fmt: skip


__all__ = ["TASK_COLUMNS", "SciencePlan", "build_plan", "task_window"]
