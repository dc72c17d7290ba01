"""The partner ledger: what each partner contributes and receives, and the parity table.

Contributions, each a measure a contribution share can be counted in (:data:`BASES`):

* ``mass_landed`` — mass delivered, kg: the **arrival mass** of the elements it owns and
  of the cargo of the missions it leads that arrive at their destinations and stay
  there, from the timeline's delivery schedule (dry mass with stores, plus the
  propellant left on arrival; failed missions deliver nothing). Propellant burned on the
  way is not mass delivered (``propellant_burned_kg`` reports it), nor is an element that
  leaves again (an ascent stage, a crew vehicle going home: ``mass_leaves_again_kg``);
* ``mass_launched`` — the payload launch mass of its elements and its led missions'
  cargo, failed missions included, kg;
* ``cost`` — estimated cost, M$: its launch vehicles' ``cost_per_launch_musd`` per launch
  plus its elements' ``cost_musd``. An item with no published figure is not counted as
  zero: it is listed by id in ``unpriced_items``, and a cost share with unpriced items is
  a ``COST_UNPRICED`` warning;
* ``energy_supplied`` — energy its elements supplied to the station grid, kWh
  (:mod:`lunarstation.partners.energy`: what the grid took from its sources, shared by
  what each generated); it needs the station engine's output (the ledger *uses* the
  station), and is null without it;
* ``crew_seats`` — crew seats provided: the crew its vehicles carry, on every mission
  that does not fail (the vehicle the crew launches in, or for a crew transfer the
  vehicle they transfer into).

Each contribution measure gives a share (the partner's part of the total over all
partners). ``contribution_share`` combines them on the scenario's stated basis
(``options.ledger.contribution_basis``): one measure (``mass_landed``, the default), or
a weighted mix such as ``{mass_landed: 0.5, energy_supplied: 0.25, crew_seats: 0.25}``
— energy and seats are further bases, not hidden parts of the mass, because they are
different goods: a power plant's kWh and a crew vehicle's seats are contributions a
working group may value at any rate against the mass of a habitat, and a weight makes
that rate explicit and arguable. A basis with nothing counted in the scenario (no
energy without a station run, no seats without crew) is left out and the other weights
renormalised; ``contribution_basis`` says what was counted and ``contribution_parts``
gives each partner's share per measure.

Benefits:

* crew-days at a destination (a crewed stay's ``crew × surface_days`` shared equally by
  the mission's partners; crew transfers are counted at the stay, not at launch);
* experiment-days (each delivered experiment's ``duration_days``);
* station resources its experiments draw: energy (``power_w × duration``, kWh) and crew
  time (``crew_time_h``, hours); ``crew_seats_used`` is the crew launched, shared equally
  by each mission's partners.

* scheduled science (when a science engine ran, :class:`ScheduledUse`): the crew hours,
  energy (kWh) and data (GB) of the runs the scheduler placed for the partner's tasks.

``benefit_share`` is the mean of its shares of crew-days, experiment-days, station
energy and station crew time, and of scheduled crew time, energy and data (of whichever
exist in the run). The difference,
``parity_gap``, is what the "parity basis" of the partners' agreements is about:
positive means a partner gives more than it gets.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from lunarstation.constants import DAY_S, J_PER_KWH
from lunarstation.engine import EngineInputs, EngineResult, RunContext, SummaryModel
from lunarstation.findings import Finding, Severity
from lunarstation.logistics.fleet import partner_totals, stays
from lunarstation.logistics.timeline import (
    MASS_BASIS,
    TimelineOutput,
    propellant_burned_by_partner_kg,
)
from lunarstation.partners.energy import energy_supplied_kwh
from lunarstation.scenario import Mission, MissionOutcome, Scenario
from lunarstation.scenario.options import ContributionWeights, LedgerModelOptions
from lunarstation.station.engine import StationOutput

ENGINE = "ledger"

PARITY_WARNING = 0.25
"""|contribution share − benefit share| above which a PARITY_IMBALANCE warning is given."""

BASES = ("mass_landed", "mass_launched", "cost", "energy_supplied", "crew_seats")
"""Measures a contribution share can be counted in (``options.ledger.contribution_basis``)."""


def _share(values: Mapping[str, float], key: str) -> float:
    total = sum(values.values())
    return values.get(key, 0.0) / total if total > 0 else 0.0


def basis_weights(options: LedgerModelOptions) -> dict[str, float]:
    """The contribution basis as weights over :data:`BASES` summing to 1.

    A measure the options model does not (yet) offer as a weight counts 0.
    """
    basis = options.contribution_basis
    if isinstance(basis, ContributionWeights):
        raw = {name: float(getattr(basis, name)) for name in BASES}
    else:
        raw = {name: float(name == basis) for name in BASES}
    total = sum(raw.values())
    return {name: weight / total for name, weight in raw.items()}


def counted_weights(
    weights: Mapping[str, float], measures: Mapping[str, Mapping[str, float] | None]
) -> dict[str, float]:
    """``weights`` over the measures that count something (a measure that is None, or
    zero for every partner, is left out), renormalised to sum to 1 (empty: none counts)."""
    kept = {
        name: w
        for name, w in weights.items()
        if w > 0 and (values := measures.get(name)) is not None and sum(values.values()) > 0
    }
    total = sum(kept.values())
    return {name: w / total for name, w in kept.items()} if total > 0 else {}


def describe_basis(weights: Mapping[str, float]) -> str:
    """The basis in words, e.g. 'mass_landed' or '50 % mass_landed + 50 % cost'."""
    used = {name: w for name, w in weights.items() if w > 0}
    if not used:
        return "nothing counted"
    if len(used) == 1:
        return next(iter(used))
    return " + ".join(f"{100 * w:.0f} % {name}" for name, w in used.items())


def crew_carrier(scenario: Scenario, mission: Mission) -> str | None:
    """The element whose seats carry the mission's crew: the plan's ``crew_in``, else the
    first payload (or picked-up) element with seats, else the first payload element."""
    if mission.crew == 0:
        return None
    if mission.flight is not None and mission.flight.crew_in is not None:
        return mission.flight.crew_in
    candidates = [*mission.payload.elements, *mission.picks_up]
    seats = [e for e in candidates if scenario.element(e).crew_capacity > 0]
    return seats[0] if seats else (candidates[0] if candidates else None)


def _floats() -> defaultdict[str, float]:
    return defaultdict(float)


@dataclass
class _Tally:
    """Per-partner sums, filled mission by mission."""

    launched_kg: defaultdict[str, float] = field(default_factory=_floats)
    missions: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))
    led: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))
    launches: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))
    cost: defaultdict[str, float] = field(default_factory=_floats)
    unpriced: defaultdict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    crew_days: defaultdict[str, float] = field(default_factory=_floats)
    seats_provided: defaultdict[str, float] = field(default_factory=_floats)
    seats_used: defaultdict[str, float] = field(default_factory=_floats)

    @classmethod
    def of(cls, scenario: Scenario) -> _Tally:
        """The tally of every mission, launch vehicle and element of ``scenario``."""
        tally = cls()
        for mission in scenario.missions:
            tally.add_mission(scenario, mission)
        for vehicle_id in sorted({m.launch_vehicle for m in scenario.missions}):
            vehicle = scenario.launch_vehicle(vehicle_id)
            if vehicle.cost_per_launch_musd is None:
                tally.unpriced[vehicle.partner].append(f"launch_vehicle:{vehicle.id}")
        for element in scenario.elements:
            tally.cost[element.partner] += element.cost_musd or 0.0
            if element.cost_musd is None:
                tally.unpriced[element.partner].append(f"element:{element.id}")
        return tally

    def add_mission(self, scenario: Scenario, mission: Mission) -> None:
        for member in mission.partners:
            self.missions[member] += 1
        self.led[mission.lead_partner] += 1
        for element_id in mission.payload.elements:
            element = scenario.element(element_id)
            self.launched_kg[element.partner] += element.launch_mass_kg
        self.launched_kg[mission.lead_partner] += sum(c.mass_kg for c in mission.payload.cargo)
        # Every mission is a launch of its own (a crew transfer's crew rode an earlier
        # one, its payload did not).
        vehicle = scenario.launch_vehicle(mission.launch_vehicle)
        self.launches[vehicle.partner] += 1
        self.cost[vehicle.partner] += vehicle.cost_per_launch_musd or 0.0
        if mission.crew_transfer_from is None:
            for member in mission.partners:
                self.seats_used[member] += mission.crew / len(mission.partners)
        if mission.outcome is MissionOutcome.FAILURE:
            return
        carrier = crew_carrier(scenario, mission)
        if carrier is not None:
            self.seats_provided[scenario.element(carrier).partner] += mission.crew
        if mission.surface_days:
            for member in mission.partners:
                self.crew_days[member] += (
                    mission.crew * mission.surface_days / len(mission.partners)
                )


@dataclass(frozen=True)
class ScheduledUse:
    """What the ledger reads of a science schedule (the science engine's output is one):
    per partner, ``crew_hours``, ``energy_kwh`` and ``data_gb`` of its scheduled runs."""

    partner_use: Mapping[str, Mapping[str, float]]


SCHEDULED_MEASURES = ("crew_hours", "energy_kwh", "data_gb")


def _scheduled(use: ScheduledUse | None, measure: str) -> dict[str, float]:
    if use is None:
        return {}
    return {partner: float(values.get(measure, 0.0)) for partner, values in use.partner_use.items()}


def _benefits(scenario: Scenario) -> tuple[dict[str, float], ...]:
    """Experiment-days, station energy (kWh) and station crew hours per partner."""
    experiment_days: defaultdict[str, float] = defaultdict(float)
    energy_kwh: defaultdict[str, float] = defaultdict(float)
    crew_hours: defaultdict[str, float] = defaultdict(float)
    delivered = {m.id for m in scenario.missions if m.outcome is not MissionOutcome.FAILURE}
    for experiment in scenario.experiments:
        if experiment.delivered_by in delivered:
            experiment_days[experiment.partner] += experiment.duration_days
            energy_kwh[experiment.partner] += (
                experiment.power_w * experiment.duration_days * DAY_S / J_PER_KWH
            )
            crew_hours[experiment.partner] += experiment.crew_time_h
    return dict(experiment_days), dict(energy_kwh), dict(crew_hours)


def ledger_table(
    scenario: Scenario,
    timeline: TimelineOutput,
    options: LedgerModelOptions | None = None,
    energy_kwh: Mapping[str, float] | None = None,
    scheduled: ScheduledUse | None = None,
) -> pd.DataFrame:
    """One row per partner: contributions, benefits, shares and the parity gap.

    ``options`` default to the scenario's own ``options.ledger``; ``energy_kwh``: energy
    each element supplied to the station grid (None: no station run, energy not counted).
    """
    return _ledger(scenario, timeline, options, energy_kwh, scheduled)[0]


def _ledger(
    scenario: Scenario,
    timeline: TimelineOutput,
    options: LedgerModelOptions | None,
    energy_kwh: Mapping[str, float] | None,
    scheduled: ScheduledUse | None = None,
) -> tuple[pd.DataFrame, dict[str, float]]:
    """The ledger table and the contribution weights it was counted with."""
    weights = basis_weights(scenario.options.ledger if options is None else options)
    partners = [p.id for p in scenario.partners]
    tally = _Tally.of(scenario)
    deliveries = timeline.deliveries
    staying = stays(deliveries)
    mass = partner_totals(staying, "mass_kg", partners)
    leaving = partner_totals(deliveries[deliveries["departure"].notna()], "mass_kg", partners)
    burned = propellant_burned_by_partner_kg(scenario, timeline.flights)
    energy: dict[str, float] | None = None
    if energy_kwh is not None:
        energy = dict.fromkeys(partners, 0.0)
        for element_id, kwh in energy_kwh.items():
            owner = scenario.element(element_id).partner
            energy[owner] = energy.get(owner, 0.0) + kwh
    measures: dict[str, Mapping[str, float] | None] = {
        "mass_landed": mass,
        "mass_launched": tally.launched_kg,
        "cost": tally.cost,
        "energy_supplied": energy,
        "crew_seats": tally.seats_provided,
    }
    counted = counted_weights(weights, measures)
    experiment_days, station_kwh, crew_hours = _benefits(scenario)
    science = {m: _scheduled(scheduled, m) for m in SCHEDULED_MEASURES}
    benefits = [tally.crew_days, experiment_days, station_kwh, crew_hours, *science.values()]
    by_destination = (
        staying.groupby(["partner", "destination"])["mass_kg"].sum() if len(staying) else None
    )
    rows = []
    for partner in scenario.partners:
        parts = {name: _share(values or {}, partner.id) for name, values in measures.items()}
        benefit_parts = [_share(v, partner.id) for v in benefits if sum(v.values()) > 0]
        contribution = sum(w * parts[name] for name, w in counted.items())
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
                "missions": tally.missions[partner.id],
                "missions_led": tally.led[partner.id],
                "launches": tally.launches[partner.id],
                "mass_delivered_kg": mass[partner.id],
                "mass_leaves_again_kg": leaving[partner.id],
                "propellant_burned_kg": burned.get(partner.id, 0.0),
                "mass_launched_kg": tally.launched_kg[partner.id],
                "mass_by_destination_kg": {str(k): float(v) for k, v in destinations.items()},
                "elements_owned": sum(e.partner == partner.id for e in scenario.elements),
                "estimated_cost_musd": tally.cost[partner.id],
                "unpriced_items": list(tally.unpriced[partner.id]),
                "energy_supplied_kwh": None if energy is None else energy[partner.id],
                "crew_seats_provided": round(tally.seats_provided[partner.id]),
                "crew_seats_used": tally.seats_used[partner.id],
                "crew_days": tally.crew_days[partner.id],
                "experiment_days": experiment_days.get(partner.id, 0.0),
                "station_energy_kwh": station_kwh.get(partner.id, 0.0),
                "station_crew_hours": crew_hours.get(partner.id, 0.0),
                "science_crew_hours": science["crew_hours"].get(partner.id, 0.0),
                "science_energy_kwh": science["energy_kwh"].get(partner.id, 0.0),
                "science_data_gb": science["data_gb"].get(partner.id, 0.0),
                "contribution_parts": parts,
                "contribution_share": contribution,
                "benefit_share": benefit,
                "parity_gap": contribution - benefit,
            }
        )
    return pd.DataFrame(rows), counted


class PartnerLedger(SummaryModel):
    """One partner's contributions, benefits and parity gap."""

    partner: str
    name: str
    missions: int
    missions_led: int
    launches: int
    """Launches on launch vehicles the partner owns (every mission is one launch)."""
    mass_delivered_kg: float
    """Arrival mass of its elements and its led missions' cargo that arrive at their
    destinations and stay, kg (dry mass with stores, propellant left on arrival, cargo)."""
    mass_leaves_again_kg: float
    """Arrival mass of its elements that arrive and leave again (not mass delivered), kg."""
    propellant_burned_kg: float
    """Propellant its elements burned in the campaign's flights (not mass delivered), kg."""
    mass_launched_kg: float
    """Launch mass of its elements and its led missions' cargo, failed missions included, kg."""
    mass_by_destination_kg: dict[str, float]
    """Mass delivered per destination id, kg."""
    elements_owned: int
    estimated_cost_musd: float
    """Launches and elements with a published cost, M$ (``unpriced_items`` are not in it)."""
    unpriced_items: list[str]
    """Items with no published cost, not counted in the estimate: ``element:<id>`` and
    ``launch_vehicle:<id>`` (a vehicle flown by any mission, counted for its owner)."""
    energy_supplied_kwh: float | None
    """Energy its elements supplied to the station grid, kWh; null when the station
    engine did not run."""
    crew_seats_provided: int
    """Crew carried by its vehicles on missions that do not fail (seats provided)."""
    crew_seats_used: float
    crew_days: float
    experiment_days: float
    station_energy_kwh: float
    station_crew_hours: float
    science_crew_hours: float = 0.0
    """Crew time of its scheduled science runs, hours (0 without a science engine)."""
    science_energy_kwh: float = 0.0
    """Energy of its scheduled science runs, kWh."""
    science_data_gb: float = 0.0
    """Data of its scheduled science runs, GB."""
    contribution_parts: dict[str, float]
    """Its share (0–1) of each contribution measure: mass_landed, mass_launched, cost,
    energy_supplied, crew_seats."""
    contribution_share: float
    """Share of all contributions on the ledger's basis, 0–1."""
    benefit_share: float
    """Mean share of crew-days, experiment-days, station energy and crew time, 0–1."""
    parity_gap: float
    """contribution_share − benefit_share (positive: gives more than it gets)."""


class LedgerSummary(SummaryModel):
    """``summary.json["ledger"]``: the parity table and the basis it is counted on."""

    contribution_basis: str
    """What contribution shares count, as counted: one measure (mass_landed,
    mass_launched, cost, energy_supplied, crew_seats) or weights over several."""
    contribution_weights: dict[str, float]
    """The weights applied, summing to 1 (measures with nothing to count left out)."""
    mass_basis: str
    """What mass_landed (mass delivered) counts."""
    partners: list[PartnerLedger]


@dataclass(frozen=True)
class LedgerOutput:
    """What the ledger hands downstream: one row per partner (columns of PartnerLedger)
    and the basis its contribution shares are counted on."""

    table: pd.DataFrame
    contribution_basis: str


class LedgerEngine:
    """The partner ledger and parity table of a run.

    Requires the timeline (deliveries, flights); uses the station engine's capacity
    series when it runs, for the energy each partner's elements supply.
    """

    name = ENGINE
    requires: tuple[str, ...] = ("timeline",)
    uses: tuple[str, ...] = ("station", "science")

    def run(self, scenario: Scenario, context: RunContext, inputs: EngineInputs) -> EngineResult:
        """Build the ledger from the scenario, the timeline and (if it ran) the station."""
        timeline = inputs.require(TimelineOutput)
        station = inputs.optional(StationOutput)
        energy = (
            None
            if station is None
            else energy_supplied_kwh(
                scenario, timeline.deliveries, station, context.utc, context.step_s
            )
        )
        options = context.options.ledger
        scheduled = inputs.optional(ScheduledUse)
        table, weights = _ledger(scenario, timeline, options, energy, scheduled)
        basis = describe_basis(weights)
        records: list[dict[str, Any]] = [
            {str(key): value for key, value in row.items()}
            for row in table.to_dict(orient="records")
        ]
        flat = table.drop(columns=["mass_by_destination_kg", "contribution_parts"])
        flat["unpriced_items"] = [";".join(items) for items in flat["unpriced_items"]]
        return EngineResult(
            engine=ENGINE,
            output=LedgerOutput(table, basis),
            summary=LedgerSummary(
                contribution_basis=basis,
                contribution_weights=weights,
                mass_basis=MASS_BASIS,
                partners=[PartnerLedger.model_validate(row) for row in records],
            ),
            tables={"partners": flat},
            findings=tuple(_findings(records, basis, basis_weights(options), weights, energy)),
            highlights=_highlights(table, basis),
        )


def _findings(
    records: list[dict[str, Any]],
    basis: str,
    asked: Mapping[str, float],
    applied: Mapping[str, float],
    energy: Mapping[str, float] | None,
) -> list[Finding]:
    found = [
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
    if applied.get("cost", 0.0) > 0:
        found += [
            Finding(
                Severity.WARNING, "COST_UNPRICED", row["partner"], None,
                f"{row['name']}'s cost share ({basis}) counts only priced items; "
                f"{len(row['unpriced_items'])} have no published cost and are not in it: "
                f"{', '.join(row['unpriced_items'])}.",
                ENGINE,
            )
            for row in records
            if row["unpriced_items"]
        ]  # fmt: skip
    left_out = [name for name, w in asked.items() if w > 0 and name not in applied]
    if left_out:
        why = {
            "energy_supplied": "the station engine did not run" if energy is None
            else "no element supplied energy to a station grid",
        }  # fmt: skip
        found.append(
            Finding(
                Severity.WARNING,
                "CONTRIBUTION_BASIS_INCOMPLETE",
                "ledger",
                None,
                "options.ledger.contribution_basis weighs "
                + ", ".join(
                    f"{name} ({why.get(name, 'nothing counted in the scenario')})"
                    for name in left_out
                )
                + f"; shares are counted on {basis}.",
                ENGINE,
            )
        )
    return found


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
    "ScheduledUse",
    "basis_weights",
    "counted_weights",
    "crew_carrier",
    "describe_basis",
    "ledger_table",
]
