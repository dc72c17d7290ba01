"""The partner ledger: what each partner contributes and receives, and the parity table.

Contributions (all from the scenario and the timeline's delivery schedule):

* missions taken part in, and missions led; launches provided (launch vehicles the
  partner owns, flown by any mission);
* mass delivered, kg: the launch mass of the elements it owns plus the cargo of the
  missions it leads, per destination (failed missions deliver nothing);
* estimated cost, M$: its launch vehicles' ``cost_per_launch_musd`` per launch plus its
  elements' ``cost_musd`` (missing figures count as zero and are counted in
  ``unpriced_items``).

Crew seats: ``crew_seats_provided`` is the seats of the partner's crew vehicles on the
missions that flew them; ``crew_seats_used`` the crew launched, shared equally by each
mission's partners (a crew transfer does not launch anyone).

Benefits:

* crew-days at a destination (a crewed stay's ``crew × surface_days`` shared equally by
  the mission's partners; crew transfers are counted at the stay, not at launch);
* experiment-days (each delivered experiment's ``duration_days``);
* station resources its experiments draw: energy (``power_w × duration``, kWh) and crew
  time (``crew_time_h``, hours).

``contribution_share`` is the partner's share on the scenario's stated basis
(``options.ledger.contribution_basis``): ``mass_landed`` (default: mass delivered to
the destinations), ``mass_launched`` (payload launch mass of every mission launched,
failed ones included), ``cost`` (estimated cost), or a weighted mix of these shares;
``benefit_share``
is the mean of its shares of crew-days, experiment-days, station energy and station crew
time (of whichever exist in the scenario). The
difference, ``parity_gap``, is what the "parity basis" of the partners' agreements is
about: positive means a partner gives more than it gets.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from lunarstation.constants import DAY_S, J_PER_KWH
from lunarstation.engine import EngineInputs, EngineResult, RunContext, SummaryModel
from lunarstation.findings import Finding, Severity
from lunarstation.logistics.timeline import TimelineOutput
from lunarstation.scenario import ElementKind, MissionOutcome, Scenario
from lunarstation.scenario.options import ContributionWeights, LedgerModelOptions

ENGINE = "ledger"

PARITY_WARNING = 0.25
"""|contribution share − benefit share| above which a PARITY_IMBALANCE warning is given."""


def _share(values: Mapping[str, float], key: str) -> float:
    total = sum(values.values())
    return values.get(key, 0.0) / total if total > 0 else 0.0


BASES = ("mass_landed", "mass_launched", "cost")
"""Measures a contribution share can be counted in (``options.ledger.contribution_basis``)."""


def basis_weights(options: LedgerModelOptions) -> dict[str, float]:
    """The contribution basis as weights over :data:`BASES` summing to 1."""
    basis = options.contribution_basis
    if isinstance(basis, ContributionWeights):
        raw = {name: float(getattr(basis, name)) for name in BASES}
    else:
        raw = {name: float(name == basis) for name in BASES}
    total = sum(raw.values())
    return {name: weight / total for name, weight in raw.items()}


def describe_basis(weights: Mapping[str, float]) -> str:
    """The basis in words, e.g. 'mass_landed' or '50 % mass_landed + 50 % cost'."""
    used = {name: w for name, w in weights.items() if w > 0}
    if len(used) == 1:
        return next(iter(used))
    return " + ".join(f"{100 * w:.0f} % {name}" for name, w in used.items())


def ledger_table(
    scenario: Scenario,
    deliveries: pd.DataFrame,
    options: LedgerModelOptions | None = None,
) -> pd.DataFrame:
    """One row per partner: contributions, benefits, shares and the parity gap.

    ``options`` default to the scenario's own ``options.ledger``.
    """
    weights = basis_weights(scenario.options.ledger if options is None else options)
    launched_kg: defaultdict[str, float] = defaultdict(float)
    missions: defaultdict[str, int] = defaultdict(int)
    led: defaultdict[str, int] = defaultdict(int)
    launches: defaultdict[str, int] = defaultdict(int)
    cost: defaultdict[str, float] = defaultdict(float)
    unpriced: defaultdict[str, int] = defaultdict(int)
    crew_days: defaultdict[str, float] = defaultdict(float)
    experiment_days: defaultdict[str, float] = defaultdict(float)
    energy_kwh: defaultdict[str, float] = defaultdict(float)
    crew_hours: defaultdict[str, float] = defaultdict(float)
    seats_provided: defaultdict[str, int] = defaultdict(int)
    seats_used: defaultdict[str, float] = defaultdict(float)
    for mission in scenario.missions:
        for element_id in mission.payload.elements:
            element = scenario.element(element_id)
            if element.kind is ElementKind.CREW_VEHICLE:
                seats_provided[element.partner] += element.crew_capacity
        if mission.crew_transfer_from is None:
            for member in mission.partners:
                seats_used[member] += mission.crew / len(mission.partners)
        for member in mission.partners:
            missions[member] += 1
        led[mission.lead_partner] += 1
        for element_id in mission.payload.elements:
            element = scenario.element(element_id)
            launched_kg[element.partner] += element.launch_mass_kg
        launched_kg[mission.lead_partner] += sum(c.mass_kg for c in mission.payload.cargo)
        vehicle = scenario.launch_vehicle(mission.launch_vehicle)
        if mission.crew_transfer_from is None:  # a crew transfer rides an earlier launch
            launches[vehicle.partner] += 1
            cost[vehicle.partner] += vehicle.cost_per_launch_musd or 0.0
            unpriced[vehicle.partner] += vehicle.cost_per_launch_musd is None
        if mission.surface_days and mission.outcome is not MissionOutcome.FAILURE:
            for member in mission.partners:
                crew_days[member] += mission.crew * mission.surface_days / len(mission.partners)
    for element in scenario.elements:
        cost[element.partner] += element.cost_musd or 0.0
        unpriced[element.partner] += element.cost_musd is None
    delivered = {m.id for m in scenario.missions if m.outcome is not MissionOutcome.FAILURE}
    for experiment in scenario.experiments:
        if experiment.delivered_by in delivered:
            experiment_days[experiment.partner] += experiment.duration_days
            energy_kwh[experiment.partner] += (
                experiment.power_w * experiment.duration_days * DAY_S / J_PER_KWH
            )
            crew_hours[experiment.partner] += experiment.crew_time_h
    mass: dict[str, float] = (
        {str(k): float(v) for k, v in deliveries.groupby("partner")["mass_kg"].sum().items()}
        if len(deliveries)
        else {}
    )
    by_destination = (
        deliveries.groupby(["partner", "destination"])["mass_kg"].sum() if len(deliveries) else None
    )
    rows = []
    for partner in scenario.partners:
        benefit_parts = [
            _share(values, partner.id)
            for values in (crew_days, experiment_days, energy_kwh, crew_hours)
            if sum(values.values()) > 0
        ]
        measures = {"mass_landed": mass, "mass_launched": launched_kg, "cost": cost}
        contribution = sum(w * _share(measures[name], partner.id) for name, w in weights.items())
        benefit = sum(benefit_parts) / len(benefit_parts) if benefit_parts else 0.0
        destinations = (
            by_destination.loc[partner.id].to_dict()
            if by_destination is not None and partner.id in by_destination.index.get_level_values(0)
            else {}
        )
        rows.append(
            {
                "partner": partner.id,
                "name": partner.name,
                "missions": missions[partner.id],
                "missions_led": led[partner.id],
                "launches": launches[partner.id],
                "mass_delivered_kg": float(mass.get(partner.id, 0.0)),
                "mass_launched_kg": launched_kg[partner.id],
                "mass_by_destination_kg": {str(k): float(v) for k, v in destinations.items()},
                "elements_owned": sum(e.partner == partner.id for e in scenario.elements),
                "estimated_cost_musd": cost[partner.id],
                "unpriced_items": unpriced[partner.id],
                "crew_seats_provided": seats_provided[partner.id],
                "crew_seats_used": seats_used[partner.id],
                "crew_days": crew_days[partner.id],
                "experiment_days": experiment_days[partner.id],
                "station_energy_kwh": energy_kwh[partner.id],
                "station_crew_hours": crew_hours[partner.id],
                "contribution_share": contribution,
                "benefit_share": benefit,
                "parity_gap": contribution - benefit,
            }
        )
    return pd.DataFrame(rows)


class PartnerLedger(SummaryModel):
    """One partner's contributions, benefits and parity gap."""

    partner: str
    name: str
    missions: int
    missions_led: int
    launches: int
    """Launches on launch vehicles the partner owns."""
    mass_delivered_kg: float
    """Mass of its elements and of its led missions' cargo arriving at their destinations, kg."""
    mass_launched_kg: float
    """Launch mass of its elements and its led missions' cargo, failed missions included, kg."""
    mass_by_destination_kg: dict[str, float]
    elements_owned: int
    estimated_cost_musd: float
    """Launches and elements with a published cost, M$ (see ``unpriced_items``)."""
    unpriced_items: int
    """Launches and elements with no published cost (not counted in the estimate)."""
    crew_seats_provided: int
    crew_seats_used: float
    crew_days: float
    experiment_days: float
    station_energy_kwh: float
    station_crew_hours: float
    contribution_share: float
    """Share of all contributions on the ledger's basis, 0–1."""
    benefit_share: float
    """Mean share of crew-days, experiment-days, station energy and crew time, 0–1."""
    parity_gap: float
    """contribution_share − benefit_share (positive: gives more than it gets)."""


class LedgerSummary(SummaryModel):
    """``summary.json["ledger"]``: the parity table and the basis it is counted on."""

    contribution_basis: str
    """What contribution shares count: mass_landed, mass_launched, cost or a weighted mix."""
    partners: list[PartnerLedger]


@dataclass(frozen=True)
class LedgerOutput:
    """What the ledger hands downstream: one row per partner (columns of PartnerLedger)."""

    table: pd.DataFrame
    contribution_basis: str


class LedgerEngine:
    """The partner ledger and parity table of a run."""

    name = ENGINE
    requires: tuple[str, ...] = ("timeline",)
    uses: tuple[str, ...] = ()

    def run(self, scenario: Scenario, context: RunContext, inputs: EngineInputs) -> EngineResult:
        """Build the ledger from the scenario and the timeline's delivery schedule."""
        deliveries = inputs.require(TimelineOutput).deliveries
        table = ledger_table(scenario, deliveries, context.options.ledger)
        basis = describe_basis(basis_weights(context.options.ledger))
        records: list[dict[str, Any]] = [
            {str(key): value for key, value in row.items()}
            for row in table.to_dict(orient="records")
        ]
        findings = [
            Finding(
                Severity.WARNING, "PARITY_IMBALANCE", row["partner"], None,
                f"{row['name']} contributes {100 * row['contribution_share']:.1f} % "
                f"({basis}) but receives {100 * row['benefit_share']:.1f} % of crew time, "
                "experiment time and station resources.",
                ENGINE,
            )
            for row in records
            if abs(row["parity_gap"]) > PARITY_WARNING
        ]  # fmt: skip
        flat = table.drop(columns=["mass_by_destination_kg"])
        return EngineResult(
            engine=ENGINE,
            output=LedgerOutput(table, basis),
            summary=LedgerSummary(
                contribution_basis=basis,
                partners=[PartnerLedger.model_validate(row) for row in records],
            ),
            tables={"partners": flat},
            findings=tuple(findings),
            highlights=_highlights(table, basis),
        )


def _highlights(table: pd.DataFrame, basis: str) -> tuple[str, ...]:
    if table.empty:
        return ()
    top = table.sort_values("contribution_share", ascending=False).iloc[0]
    return (
        f"ledger: {top['name']} contributes {100 * top['contribution_share']:.0f} % ({basis}) "
        f"and receives {100 * top['benefit_share']:.0f} % of crew and experiment time.",
    )


__all__ = [
    "BASES",
    "ENGINE",
    "PARITY_WARNING",
    "LedgerEngine",
    "LedgerOutput",
    "LedgerSummary",
    "PartnerLedger",
    "basis_weights",
    "ledger_table",
]
