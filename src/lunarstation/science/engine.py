"""The science engine: where and when each task can run, and the fair-share schedule.

``ScienceEngine().run(scenario, context, inputs)`` requires the timeline and the
station's housekeeping pass (``capacity``: each site's run without scheduled tasks and
the spare power of every grid), builds each task's hourly suitability
(:mod:`~lunarstation.science.suitability`), the partners' weights from the policy, and
schedules (:mod:`~lunarstation.science.scheduler`). Its output is both the station's
:class:`~lunarstation.station.loads.ScheduledLoads` (the final station run carries the
loads) and the ledger's :class:`~lunarstation.partners.ledger.ScheduledUse` (the benefit
side), so neither package imports this one (docs/architecture.md).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from lunarstation.constants import HOUR_S, KBIT_PER_GB
from lunarstation.engine import EngineInputs, EngineResult, RunContext
from lunarstation.findings import Finding, Severity
from lunarstation.logistics.timeline import TimelineOutput
from lunarstation.partners.energy import energy_supplied_kwh
from lunarstation.partners.ledger import ScheduledUse, ledger_table
from lunarstation.scenario import Scenario
from lunarstation.scenario.science import ScienceSection, ScienceTask, SharingPolicy
from lunarstation.science.plan import TASK_COLUMNS, SciencePlan, build_plan, task_window
from lunarstation.science.scheduler import RESOURCES, UNITS, Schedule, schedule
from lunarstation.science.summary import ScienceSummary, science_summary
from lunarstation.station.engine import StationOutput, site_capacity
from lunarstation.station.loads import ScheduledLoads, SiteLoads
from lunarstation.station.scheduled import HousekeepingOutput
from lunarstation.timegrid import iso_utc

ENGINE = "science"
FloatArray = NDArray[np.float64]

SCHEDULE_COLUMNS = ("task", "partner", "site", "module", "run", "start", "end", "crew_hours",
                    "energy_kwh", "data_gb")  # fmt: skip
USE_COLUMNS = ("partner", "resource", "period", "used", "entitlement", "unit")
UNMET_COLUMNS = ("task", "partner", "runs", "reason")


@dataclass(frozen=True)
class ScienceOutput(ScheduledLoads, ScheduledUse):
    """The schedule handed downstream: loads per site (station), use per partner (ledger),
    and the tables themselves."""

    schedule: pd.DataFrame
    unmet: pd.DataFrame


def partner_weights(
    scenario: Scenario, context: RunContext, inputs: EngineInputs
) -> dict[str, float]:
    """Weight per partner id under the scenario's policy (parity, contribution, shares).

    ``contribution``: the ledger's contribution shares on its stated basis, the energy
    supplied counted from the housekeeping run."""
    partners = [p.id for p in scenario.partners]
    policy = scenario.science.policy
    if policy is SharingPolicy.PARITY:
        return dict.fromkeys(partners, 1.0)
    if policy is SharingPolicy.SHARES:
        total = sum(scenario.science.shares.values())
        return {p: scenario.science.shares.get(p, 0.0) / total for p in partners}
    timeline = inputs.require(TimelineOutput)
    housekeeping = inputs.require(HousekeepingOutput)
    station = StationOutput({s: site_capacity(r) for s, r in housekeeping.runs.items()})
    energy = energy_supplied_kwh(
        scenario, timeline.deliveries, station, context.utc, context.step_s
    )
    table = ledger_table(scenario, timeline, None, energy)
    shares = table.set_index("partner")["contribution_share"].astype(float)
    return {str(partner): float(share) for partner, share in shares.items()}


def period_hours(section: ScienceSection) -> int:
    """The planning period in grid hours (at least 1)."""
    return max(1, round(section.period_days * 24))


def run_science(scenario: Scenario, context: RunContext, inputs: EngineInputs,
                weights: Mapping[str, float] | None = None) -> tuple[SciencePlan, Schedule]:  # fmt: skip
    """The plan (tasks in array terms) and its schedule; ``weights`` override the policy."""
    plan = build_plan(scenario, context, inputs.require(TimelineOutput),
                      inputs.require(HousekeepingOutput))  # fmt: skip
    chosen = dict(partner_weights(scenario, context, inputs) if weights is None else weights)
    w = np.array([max(chosen.get(p, 0.0), 0.0) for p in plan.partners])
    if w.sum() <= 0:
        w = np.ones(len(plan.partners))
    w = np.where(w > 0, w, 1e-9 * w.max())  # a partner of weight 0 goes last, not never
    section = scenario.science
    result = schedule(
        plan.specs, plan.capacity, w,
        period_h=period_hours(section),
        half_life_h=section.deficit_half_life_days * 24,
    )  # fmt: skip
    return plan, result


def schedule_table(plan: SciencePlan, result: Schedule, utc: pd.DatetimeIndex) -> pd.DataFrame:
    """``science_schedule``: one row per contiguous piece of a run, by start."""
    step = pd.Timedelta(hours=1)
    rows = [
        {
            "task": plan.tasks[x.task].id, "partner": plan.tasks[x.task].partner,
            "site": plan.tasks[x.task].site, "module": plan.tasks[x.task].module or "",
            "run": x.run + 1, "start": utc[x.start], "end": utc[x.stop - 1] + step,
            "crew_hours": x.crew_h, "energy_kwh": x.energy_kwh, "data_gb": x.data_gb,
        }
        for x in result.placements
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=list(SCHEDULE_COLUMNS))


def use_table(plan: SciencePlan, result: Schedule, utc: pd.DatetimeIndex,
              period_h: int) -> pd.DataFrame:  # fmt: skip
    """``science_use``: per partner with tasks, resource and period, used against entitled;
    the ``dominant_share`` rows give both as % of the period's capacity."""
    periods = result.use.shape[0]
    keep = [i for i, p in enumerate(plan.partners) if any(t.partner == p for t in plan.tasks)]
    starts = [iso_utc(utc[min(p * period_h, len(utc) - 1)].to_pydatetime()) for p in range(periods)]
    cap = result.period_capacity  # (P, 3)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio_used = np.where(cap[:, None, :] > 0, result.use / cap[:, None, :], 0.0)
        ratio_owed = np.where(cap[:, None, :] > 0, result.entitlement / cap[:, None, :], 0.0)
    used = np.concatenate([result.use, 100 * ratio_used.max(axis=2, keepdims=True)], axis=2)
    owed = np.concatenate([result.entitlement, 100 * ratio_owed.max(axis=2, keepdims=True)], axis=2)
    names, units = [*RESOURCES, "dominant_share"], [*UNITS, "%"]
    n_r = len(names)
    grid_p, grid_i, grid_r = np.meshgrid(np.arange(periods), np.array(keep, dtype=int),
                                         np.arange(n_r), indexing="ij")  # fmt: skip
    grid_p, grid_i, grid_r = grid_p.ravel(), grid_i.ravel(), grid_r.ravel()
    return pd.DataFrame({
        "partner": np.array(plan.partners, dtype=object)[grid_i],
        "resource": np.array(names, dtype=object)[grid_r],
        "period": np.array(starts, dtype=object)[grid_p],
        "used": used[grid_p, grid_i, grid_r], "entitlement": owed[grid_p, grid_i, grid_r],
        "unit": np.array(units, dtype=object)[grid_r],
    }, columns=list(USE_COLUMNS))  # fmt: skip


def unmet_table(plan: SciencePlan, result: Schedule) -> pd.DataFrame:
    """``science_unmet``: runs not placed, per task and binding reason."""
    rows = [
        (plan.tasks[u.task].id, plan.tasks[u.task].partner, u.runs, _reason(plan, u.reason))
        for u in result.unmet
    ]
    return pd.DataFrame(rows, columns=list(UNMET_COLUMNS))


def _reason(plan: SciencePlan, reason: str) -> str:
    prefix = "precedence: after "
    if reason.startswith(prefix):
        return prefix + plan.tasks[int(reason[len(prefix) :])].id
    return reason


def site_loads(plan: SciencePlan, result: Schedule, steps: int) -> dict[str, SiteLoads]:
    """The scheduled loads per site for the final station run."""
    host: dict[str, FloatArray] = {}
    element: dict[str, dict[str, FloatArray]] = {}
    data: dict[str, FloatArray] = {}
    crew_h: dict[str, float] = {}
    for x in result.placements:
        task = plan.tasks[x.task]
        hours = x.stop - x.start
        target = (
            host.setdefault(task.site, np.zeros(steps)) if task.module is None
            else element.setdefault(task.site, {}).setdefault(task.module, np.zeros(steps))
        )  # fmt: skip
        target[x.start : x.stop] += x.energy_kwh * 1000.0 / hours
        data.setdefault(task.site, np.zeros(steps))[x.start : x.stop] += (
            x.data_gb * KBIT_PER_GB / (hours * HOUR_S)
        )
        crew_h[task.site] = crew_h.get(task.site, 0.0) + x.crew_h
    sites = sorted({*host, *element})
    return {
        s: SiteLoads(
            host.get(s, np.zeros(steps)), element.get(s, {}), data.get(s), crew_h.get(s, 0.0)
        )
        for s in sites
    }


def partner_use(plan: SciencePlan, result: Schedule) -> dict[str, dict[str, float]]:
    """Per partner: crew hours, kWh and GB of its scheduled runs (the ledger's benefits)."""
    totals = result.use.sum(axis=0)
    return {
        partner: {name: float(totals[i, r]) for r, name in enumerate(RESOURCES)}
        for i, partner in enumerate(plan.partners)
    }


def _findings(plan: SciencePlan, unmet: pd.DataFrame) -> list[Finding]:
    found = []
    for task_id, group in unmet.groupby("task", sort=False):
        task: ScienceTask = plan.by_id[str(task_id)]
        reasons = ", ".join(f"{r} ({n} run{'s' if n > 1 else ''})"
                            for r, n in zip(group["reason"], group["runs"], strict=True))  # fmt: skip
        found.append(Finding(
            Severity.WARNING, "SCIENCE_UNMET", task.id, None,
            f"{task.name} ({task.partner}): {int(group['runs'].sum())} run(s) not scheduled: "
            f"{reasons}.", ENGINE,
        ))  # fmt: skip
    return found


def grid_problem(scenario: Scenario, step_s: float) -> str | None:
    """Why the scenario's tasks cannot be scheduled on a grid of ``step_s``, or None.

    The scheduler counts hours as grid steps (run_hours, 24 steps a day for the crew-time
    and downlink budgets, the planning period), so any other step would give wrong
    numbers, not coarser ones."""
    if not scenario.science.tasks or abs(step_s - HOUR_S) < 1e-6:
        return None
    return (
        f"the science scheduler works on an hourly grid; this run's step is "
        f"{step_s / HOUR_S:g} h, so its {len(scenario.science.tasks)} task(s) are not "
        "scheduled (set simulation.step_h: 1)"
    )


def _not_scheduled(scenario: Scenario, context: RunContext, problem: str) -> EngineResult:
    """Nothing scheduled, every task's runs unmet with reason ``grid-step``, one error."""
    rows = []
    for task in scenario.science.tasks:
        runs = task.runs or 0
        if task.runs is None and task.recurrence is not None:  # as many as its window holds
            lo, hi = task_window(task, context.utc)
            every_s = task.recurrence.every_days * 24 * HOUR_S
            runs = max(0, math.ceil((hi - lo) * context.step_s / every_s - 1e-9))
        rows.append((task.id, task.partner, runs, "grid-step"))
    unmet = pd.DataFrame(rows, columns=list(UNMET_COLUMNS))
    wanted = int(unmet["runs"].sum())
    summary = ScienceSummary(
        policy=scenario.science.policy.value, tasks=len(rows), runs_wanted=wanted,
        runs_placed=0, runs_unmet=wanted, crew_hours=0.0, energy_kwh=0.0, data_gb=0.0,
        unmet_reasons={"grid-step": wanted}, partners={},
    )  # fmt: skip
    table = pd.DataFrame(columns=list(SCHEDULE_COLUMNS))
    tables = {"schedule": table, "use": pd.DataFrame(columns=list(USE_COLUMNS)), "unmet": unmet,
              "tasks": pd.DataFrame(columns=list(TASK_COLUMNS))}  # fmt: skip
    return EngineResult(
        engine=ENGINE,
        output=ScienceOutput(partner_use={}, site_loads={}, schedule=table, unmet=unmet),
        summary=summary,
        tables=tables,
        findings=(
            Finding(Severity.ERROR, "SCIENCE_GRID_STEP", "science", None, problem + ".", ENGINE),
        ),
        highlights=(f"science: not scheduled ({problem})",),
    )


class ScienceEngine:
    """Science tasks' suitability and the fair-share schedule of their runs."""

    name = ENGINE
    requires: tuple[str, ...] = ("timeline", "capacity")
    uses: tuple[str, ...] = ("orbits",)

    def run(self, scenario: Scenario, context: RunContext, inputs: EngineInputs) -> EngineResult:
        """Schedule the scenario's science tasks against the housekeeping margin."""
        problem = grid_problem(scenario, context.step_s)
        if problem is not None:
            return _not_scheduled(scenario, context, problem)
        plan, result = run_science(scenario, context, inputs)
        period_h = period_hours(scenario.science)
        table = schedule_table(plan, result, context.utc)
        unmet = unmet_table(plan, result)
        use = use_table(plan, result, context.utc, period_h) if plan.tasks else pd.DataFrame(
            columns=list(USE_COLUMNS))  # fmt: skip
        summary: ScienceSummary = science_summary(scenario, plan, result, table, unmet)
        highlights = (
            (f"science: {summary.runs_placed} of {summary.runs_wanted} runs scheduled "
             f"({summary.policy}), {summary.crew_hours:.0f} crew-h, {summary.energy_kwh:.0f} kWh, "
             f"{summary.data_gb:.1f} GB",)
            if plan.tasks else ()
        )  # fmt: skip
        return EngineResult(
            engine=ENGINE,
            output=ScienceOutput(
                partner_use=partner_use(plan, result),
                site_loads=site_loads(plan, result, len(context.utc)),
                schedule=table,
                unmet=unmet,
            ),
            summary=summary,
            tables={"schedule": table, "use": use, "unmet": unmet, "tasks": plan.task_table()},
            findings=tuple(_findings(plan, unmet)),
            highlights=highlights,
        )


__all__ = ["ENGINE", "ScienceEngine", "ScienceOutput", "grid_problem",
           "partner_weights", "run_science",
           "schedule_table", "unmet_table", "use_table"]  # fmt: skip
