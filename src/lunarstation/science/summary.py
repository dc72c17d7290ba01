"""``summary.json["science"]``: the policy, the weights and what each partner got."""

from __future__ import annotations

import pandas as pd

from lunarstation.engine import SummaryModel
from lunarstation.scenario import Scenario
from lunarstation.science.plan import SciencePlan
from lunarstation.science.scheduler import RESOURCES, Schedule


class PartnerScience(SummaryModel):
    """One partner's scheduled use against its entitlement over the whole run."""

    weight: float
    """Its weight under the policy (normalised to sum to 1)."""
    runs_placed: int
    used: dict[str, float]
    """crew_hours (h), energy_kwh (kWh), data_gb (GB) of its scheduled runs."""
    entitlement: dict[str, float]
    """Summed per-period water-filled entitlements, same units."""


class ScienceSummary(SummaryModel):
    """The science schedule in figures."""

    policy: str
    """parity, contribution or shares."""
    tasks: int
    runs_wanted: int
    runs_placed: int
    runs_unmet: int
    crew_hours: float
    energy_kwh: float
    data_gb: float
    unmet_reasons: dict[str, int]
    """Runs not placed, by binding reason."""
    partners: dict[str, PartnerScience]


def science_summary(scenario: Scenario, plan: SciencePlan, result: Schedule,
                    table: pd.DataFrame, unmet: pd.DataFrame) -> ScienceSummary:  # fmt: skip
    """The summary of one schedule."""
    used, owed = result.use.sum(axis=0), result.entitlement.sum(axis=0)
    placed_runs = table.groupby(["task", "run"]).ngroups if len(table) else 0
    by_partner = table.groupby("partner")[["task", "run"]].apply(
        lambda g: g.drop_duplicates().shape[0]) if len(table) else pd.Series(dtype=int)  # fmt: skip
    weights = _normalised(result, plan)
    reasons = unmet.groupby("reason")["runs"].sum() if len(unmet) else pd.Series(dtype=int)
    return ScienceSummary(
        policy=scenario.science.policy.value, tasks=len(plan.tasks),
        runs_wanted=int(sum(spec.runs for spec in plan.specs)), runs_placed=int(placed_runs),
        runs_unmet=int(unmet["runs"].sum()) if len(unmet) else 0,
        crew_hours=float(table["crew_hours"].sum()), energy_kwh=float(table["energy_kwh"].sum()),
        data_gb=float(table["data_gb"].sum()),
        unmet_reasons={str(k): int(v) for k, v in reasons.items()},
        partners={
            p: PartnerScience(
                weight=weights[i], runs_placed=int(by_partner.get(p, 0)),
                used={r: float(used[i, k]) for k, r in enumerate(RESOURCES)},
                entitlement={r: float(owed[i, k]) for k, r in enumerate(RESOURCES)},
            )
            for i, p in enumerate(plan.partners)
            if any(t.partner == p for t in plan.tasks)
        },
    )  # fmt: skip


def _normalised(result: Schedule, plan: SciencePlan) -> list[float]:
    weights = list(result.weights) if len(result.weights) else [1.0] * len(plan.partners)
    total = sum(weights) or 1.0
    return [w / total for w in weights]


__all__ = ["PartnerScience", "ScienceSummary", "science_summary"]
