"""The logistics engine: each mission's flight after launch, with its Δv and launch margins.

The timeline flies the campaign (:mod:`lunarstation.logistics.fleet`): every mission's
flight plan (``missions[].flight``; see :mod:`lunarstation.logistics.flight`) through the
transfer network — or, without a plan, every payload element from TLI to the destination
together (surface site: TLI → LLO → surface; LLO/Keplerian orbit: TLI → LLO; NRHO/halo:
TLI → NRHO; ELFO: TLI → ELFO), firing its propulsive elements in the order the mission
lists them. This engine reads those flights (``TimelineOutput.flights``) and reports, per
mission, the launch margin (capacity − payload), the Δv margin of its tightest leg (Δv
left in the firing tanks on arrival, negative when short) and the Δv that nothing
declared flies; every burn, staging and move is a row of the ``burns`` table, and every
shortfall in it is a finding:

* ``PROPELLANT_SHORT``: elements fired and ran dry before the Δv was gained;
* ``NO_PROPULSION``: a burn no element of the stack has an engine for — an error in a
  flight plan (it names what flies), a warning without one (the default plan assumes
  the payload flies itself, and an element whose propulsion is not declared cannot be
  checked);
* both only informational for missions with a recorded outcome (history).

Launch statistics (expected failures, the chance that every launch succeeds) count the
launches still to come: a mission with a recorded outcome has flown.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from lunarstation.engine import EngineInputs, EngineResult, RunContext, SummaryModel
from lunarstation.findings import Finding, Severity
from lunarstation.logistics.assembly import assembly_findings
from lunarstation.logistics.fleet import MissionFlight, scenario_network
from lunarstation.logistics.flight import SHORT_TOLERANCE_M_S, Flight, PlanError, fly_mission
from lunarstation.logistics.network import Network
from lunarstation.logistics.timeline import TimelineOutput
from lunarstation.logistics.transport import Record
from lunarstation.scenario import Mission, MissionOutcome, Scenario

ENGINE = "logistics"

BURN_COLUMNS = (
    "mission", "step", "action", "label", "vehicles", "mass_before_kg", "mass_after_kg",
    "propellant_kg", "delta_v_m_s", "missing_delta_v_m_s", "dropped_kg", "loaded_kg",
    "reported_as",
)  # fmt: skip
"""``reported_as``: the finding a burn's missing Δv is reported under (PROPELLANT_SHORT,
NO_PROPULSION), empty when nothing is missing."""


@dataclass(frozen=True)
class LegEnds:
    """Where a leg starts and ends (network node or destination ids)."""

    origin: str
    destination: str

    def __str__(self) -> str:
        return f"{self.origin} > {self.destination}"


@dataclass(frozen=True)
class Transfer:
    """One mission's flight after launch: its path, Δv, margins and the flight itself.

    ``delta_v_margin_m_s`` is None without a flight (the plan cannot be flown:
    ``plan_error``) or when no element fired on any leg; Δv that nothing declared flies
    is ``unpropelled_delta_v_m_s`` (legs in ``unpropelled_legs``).
    """

    mission: str
    path: tuple[tuple[str, ...], ...] = ()
    """Places of each leg flown, in order: where it starts, the network nodes passed,
    where it ends, e.g. ``(("tli", "llo", "ridge"),)``."""
    delta_v_required_m_s: float | None = None
    propulsive_elements: tuple[str, ...] = ()
    delta_v_margin_m_s: float | None = None
    tightest_leg: LegEnds | None = None
    delta_v_sources: tuple[str, ...] = ()
    propellant_used_kg: float | None = None
    """Propellant burned over the whole flight, kg."""
    missing_propellant_kg: float | None = None
    plan_error: str | None = None
    flight: Flight | None = None
    unpropelled_delta_v_m_s: float = 0.0
    """Δv of burns that no element of the stack had an engine for, m/s (NO_PROPULSION)."""
    unpropelled_legs: tuple[LegEnds, ...] = ()
    propellant_burned_before_arrival_kg: float | None = None
    """Propellant burned until the elements reached the destination, kg."""


def transfer(scenario: Scenario, mission: Mission, network: Network) -> Transfer:
    """Fly one mission on its own (nothing waiting to be picked up); its margins, the
    propellant used and (``flight``) the flight itself.

    ``network`` is used as given (add a scenario's own nodes and edges with
    :func:`~lunarstation.logistics.fleet.scenario_network`). ``plan_error`` holds the
    reason when the plan cannot be flown (margins are then None).
    """
    try:
        flight = fly_mission(scenario, mission, network)
    except PlanError as error:
        return Transfer(mission.id, plan_error=str(error))
    return transfer_of(scenario, mission, MissionFlight.of(mission.id, flight))


def transfer_of(scenario: Scenario, mission: Mission, flown: MissionFlight) -> Transfer:
    """The margins and figures of a flown mission (``flown``: from the campaign)."""
    flight = flown.flight
    if flight is None:
        return Transfer(mission.id, plan_error=flown.plan_error)
    fired = dict.fromkeys(name for leg in flight.legs for name in leg.fired)
    propulsive = [e for e in mission.payload.elements if scenario.element(e).propulsion]
    tightest = flight.tightest
    unpropelled = flight.unpropelled_legs
    return Transfer(
        mission.id,
        path=tuple(
            (leg.origin, *(edge.destination for edge in leg.edges[:-1]), leg.destination)
            for leg in flight.legs
        ),
        delta_v_required_m_s=sum(leg.delta_v_required_m_s for leg in flight.legs),
        propulsive_elements=tuple(fired or propulsive),
        delta_v_margin_m_s=None if tightest is None else float(tightest.margin_m_s),
        tightest_leg=None if tightest is None else LegEnds(tightest.origin, tightest.destination),
        delta_v_sources=tuple(
            dict.fromkeys(edge.source for leg in flight.legs for edge in leg.edges)
        ),
        propellant_used_kg=flown.propellant_burned_kg,
        missing_propellant_kg=(
            None if tightest is None else sum(leg.missing_propellant_kg for leg in flight.legs)
        ),
        flight=flight,
        unpropelled_delta_v_m_s=sum(leg.unpropelled_delta_v_m_s for leg in unpropelled),
        unpropelled_legs=tuple(LegEnds(leg.origin, leg.destination) for leg in unpropelled),
        propellant_burned_before_arrival_kg=flown.propellant_burned_before_arrival_kg,
    )


@dataclass(frozen=True)
class MissionLogistics:
    """A mission's launch and its transfer, as the logistics engine hands them on."""

    launch: datetime
    launch_vehicle: str
    launch_reliability: float
    destination: str
    payload_kg: float
    launch_margin_kg: float | None
    transfer: Transfer
    outcome: MissionOutcome = MissionOutcome.PLANNED
    """``planned``, or the recorded outcome of a mission that has flown (history)."""

    @property
    def to_come(self) -> bool:
        """Whether the launch is still to come (no recorded outcome)."""
        return self.outcome is MissionOutcome.PLANNED


@dataclass(frozen=True)
class LogisticsOutput:
    """What the logistics engine hands downstream: every mission's launch and flight, in
    launch order (``missions[id].to_come``: the launch has not happened yet)."""

    missions: Mapping[str, MissionLogistics]

    @property
    def to_come(self) -> dict[str, MissionLogistics]:
        """The missions whose launch is still to come (launch-risk studies draw these)."""
        return {mission_id: m for mission_id, m in self.missions.items() if m.to_come}


class LegEndsSummary(SummaryModel):
    """Both ends of a leg."""

    origin: str
    destination: str


class MissionSummary(SummaryModel):
    """One mission's launch and Δv margins (``summary.json["logistics"]["missions"]``)."""

    id: str
    outcome: str
    """``planned``, or the recorded outcome (``success``, ``failure``) of a flown mission."""
    launch_vehicle: str
    launch_reliability: float
    """Probability the launch succeeds (the vehicle's declared reliability)."""
    destination: str
    path: list[list[str]]
    """Places of each leg flown, in order."""
    payload_kg: float
    launch_margin_kg: float | None
    """Launcher capacity − payload, kg (negative: over capacity; null: no capacity published)."""
    delta_v_required_m_s: float | None
    delta_v_margin_m_s: float | None
    """Δv the firing elements have left at the end of the tightest leg, m/s (negative:
    short, PROPELLANT_SHORT; null: no element fired on any leg)."""
    unpropelled_delta_v_m_s: float
    """Δv that no element of the stack has an engine for, m/s (NO_PROPULSION when > 0)."""
    tightest_leg: LegEndsSummary | None
    propulsive_elements: list[str]
    delta_v_sources: list[str]
    """Where the Δv figures of the legs flown come from."""
    propellant_burned_kg: float | None
    """Propellant burned over the whole flight, kg."""
    propellant_burned_before_arrival_kg: float | None
    """Propellant burned until the elements reached the destination, kg."""
    plan_error: str | None
    """Why the flight plan cannot be flown (FLIGHT_PLAN_INVALID), or null."""


class LogisticsSummary(SummaryModel):
    """``summary.json["logistics"]``."""

    missions: list[MissionSummary]
    launches_to_come: int
    """Launches of missions with no recorded outcome (history is not counted below)."""
    expected_launch_failures: float
    """Σ(1 − reliability) over the launches still to come: the expected number of failures."""
    all_launches_succeed_probability: float
    """Π reliability over the launches still to come (independent launches)."""


class LogisticsEngine:
    """Launch and Δv margins of every mission, from the flights the timeline flew;
    ``PROPELLANT_SHORT`` and ``NO_PROPULSION`` where a transfer falls short."""

    name = ENGINE
    requires: tuple[str, ...] = ("timeline",)
    uses: tuple[str, ...] = ()

    def run(self, scenario: Scenario, context: RunContext, inputs: EngineInputs) -> EngineResult:
        """Margins of ``scenario``'s missions and the assembly checks of its deliveries."""
        del context
        timeline = inputs.require(TimelineOutput)
        missions: dict[str, MissionLogistics] = {}
        for mission in sorted(scenario.missions, key=lambda m: (m.launch, m.id)):
            check = timeline.launch_checks[mission.id]  # weighed once, by the timeline
            missions[mission.id] = MissionLogistics(
                launch=mission.launch,
                launch_vehicle=mission.launch_vehicle,
                launch_reliability=scenario.launch_vehicle(mission.launch_vehicle).reliability,
                destination=mission.destination,
                payload_kg=check.payload_kg,
                launch_margin_kg=check.margin_kg,
                transfer=transfer_of(scenario, mission, timeline.flights[mission.id]),
                outcome=mission.outcome,
            )
        rows = list(missions.values())
        return EngineResult(
            engine=ENGINE,
            output=LogisticsOutput(missions),
            summary=_summary(rows),
            tables={"transports": _transports_table(rows), "burns": _burns_table(rows)},
            findings=(
                *_findings(scenario, rows),
                *assembly_findings(scenario, timeline.deliveries),
            ),
            highlights=_highlights(rows),
        )


def _transports_table(rows: list[MissionLogistics]) -> pd.DataFrame:
    """One row per mission; lists joined for spreadsheets (``path``: legs by ' | ')."""
    records = []
    for row in rows:
        t = row.transfer
        records.append(
            {
                "launch": row.launch, "launch_vehicle": row.launch_vehicle,
                "launch_reliability": row.launch_reliability, "destination": row.destination,
                "payload_kg": row.payload_kg, "launch_margin_kg": row.launch_margin_kg,
                "mission": t.mission, "outcome": row.outcome.value,
                "path": " | ".join(" > ".join(leg) for leg in t.path),
                "delta_v_required_m_s": t.delta_v_required_m_s,
                "propulsive_elements": ";".join(t.propulsive_elements),
                "delta_v_margin_m_s": t.delta_v_margin_m_s,
                "unpropelled_delta_v_m_s": t.unpropelled_delta_v_m_s,
                "tightest_leg": None if t.tightest_leg is None else str(t.tightest_leg),
                "delta_v_sources": "; ".join(t.delta_v_sources),
                "propellant_used_kg": t.propellant_used_kg,
                "propellant_burned_before_arrival_kg": t.propellant_burned_before_arrival_kg,
                "missing_propellant_kg": t.missing_propellant_kg,
            }
        )  # fmt: skip
    return pd.DataFrame(records)


def reported_as(record: Record) -> str:
    """The finding a record's missing Δv is reported under, or '' when none is missing."""
    if record.action != "burn" or record.missing_delta_v_m_s <= SHORT_TOLERANCE_M_S:
        return ""
    return "PROPELLANT_SHORT" if record.vehicles else "NO_PROPULSION"


def _burns_table(rows: list[MissionLogistics]) -> pd.DataFrame:
    records = [
        (row.transfer.mission, step + 1, r.action, r.label, ";".join(r.vehicles),
         r.mass_before_kg, r.mass_after_kg, r.propellant_kg, r.delta_v_m_s,
         r.missing_delta_v_m_s, r.dropped_kg, r.loaded_kg, reported_as(r))
        for row in rows if row.transfer.flight is not None
        for step, r in row.transfer.flight.actions
    ]  # fmt: skip
    return pd.DataFrame(records, columns=list(BURN_COLUMNS))


def _summary(rows: list[MissionLogistics]) -> LogisticsSummary:
    to_come = [row.launch_reliability for row in rows if row.to_come]
    return LogisticsSummary(
        missions=[
            MissionSummary(
                id=row.transfer.mission,
                outcome=row.outcome.value,
                launch_vehicle=row.launch_vehicle,
                launch_reliability=row.launch_reliability,
                destination=row.destination,
                path=[list(leg) for leg in row.transfer.path],
                payload_kg=row.payload_kg,
                launch_margin_kg=row.launch_margin_kg,
                delta_v_required_m_s=row.transfer.delta_v_required_m_s,
                delta_v_margin_m_s=row.transfer.delta_v_margin_m_s,
                unpropelled_delta_v_m_s=row.transfer.unpropelled_delta_v_m_s,
                tightest_leg=None
                if row.transfer.tightest_leg is None
                else LegEndsSummary(
                    origin=row.transfer.tightest_leg.origin,
                    destination=row.transfer.tightest_leg.destination,
                ),
                propulsive_elements=list(row.transfer.propulsive_elements),
                delta_v_sources=list(row.transfer.delta_v_sources),
                propellant_burned_kg=row.transfer.propellant_used_kg,
                propellant_burned_before_arrival_kg=row.transfer.propellant_burned_before_arrival_kg,
                plan_error=row.transfer.plan_error,
            )
            for row in rows
        ],
        launches_to_come=len(to_come),
        expected_launch_failures=sum(1.0 - r for r in to_come),
        all_launches_succeed_probability=math.prod(to_come),
    )


def _severity(mission: Mission, planned: Severity) -> Severity:
    """History (a recorded outcome) is information; a plan still to fly gets ``planned``."""
    return planned if mission.outcome is MissionOutcome.PLANNED else Severity.INFO


def _findings(scenario: Scenario, rows: list[MissionLogistics]) -> Iterator[Finding]:
    for row in rows:
        t = row.transfer
        mission = scenario.mission(t.mission)
        if t.plan_error is not None:
            yield Finding(
                Severity.ERROR, "FLIGHT_PLAN_INVALID", mission.id, mission.launch,
                f"{mission.name}: the flight plan cannot be flown: {t.plan_error}.", ENGINE,
            )  # fmt: skip
            continue
        if t.flight is None:
            continue
        short = [leg for leg in t.flight.legs if leg.short_delta_v_m_s > 0]
        if short:
            leg = max(short, key=lambda leg: leg.short_delta_v_m_s)
            yield Finding(
                _severity(mission, Severity.ERROR), "PROPELLANT_SHORT", mission.id, mission.launch,
                f"{mission.name}: {';'.join(leg.fired)} cannot fly {leg.origin}>{leg.destination} "
                f"({mission.destination}): {leg.short_delta_v_m_s:,.0f} m/s short; about "
                f"{leg.missing_propellant_kg:,.0f} kg more propellant would be needed at "
                f"{leg.origin}.",
                ENGINE,
            )  # fmt: skip
        if t.unpropelled_legs:
            yield _no_propulsion(mission, t)


HISTORY = {MissionOutcome.SUCCESS: "flown", MissionOutcome.FAILURE: "failed"}


def _no_propulsion(mission: Mission, t: Transfer) -> Finding:
    assert t.flight is not None
    flown = "; ".join(
        f"{';'.join(leg.elements)} {leg.origin}>{leg.destination} "
        f"({leg.unpropelled_delta_v_m_s:,.0f} m/s)"
        for leg in t.flight.unpropelled_legs
    )
    if mission.outcome is not MissionOutcome.PLANNED:
        severity = Severity.INFO
        remedy = f"recorded as {HISTORY[mission.outcome]}, so its propulsion is not modelled"
    elif mission.flight is not None:
        severity = Severity.ERROR
        remedy = "the plan flies these elements and none has an engine for those burns"
    else:
        severity = Severity.WARNING
        remedy = (
            "without a flight plan the payload flies itself from TLI; declare its "
            "propulsion, or fly it with a vehicle in a flight plan"
        )
    return Finding(
        severity, "NO_PROPULSION", mission.id, mission.launch,
        f"{mission.name}: nothing declared flies {flown}: {remedy}.", ENGINE,
    )  # fmt: skip


def _highlights(rows: list[MissionLogistics]) -> tuple[str, ...]:
    lines = []
    flown = [r for r in rows if r.transfer.delta_v_margin_m_s is not None]
    unpropelled = [r for r in rows if r.transfer.unpropelled_legs]
    if flown:
        tightest = min(flown, key=lambda r: r.transfer.delta_v_margin_m_s or 0.0)
        lines.append(
            f"transfers: {len(flown)} of {len(rows)} missions fly on declared propulsion; "
            f"tightest Δv margin {tightest.transfer.delta_v_margin_m_s:,.0f} m/s "
            f"({tightest.transfer.mission})"
            + (
                f"; {len(unpropelled)} have Δv that nothing declared flies (NO_PROPULSION)."
                if unpropelled
                else "."
            )
        )
    to_come = [r.launch_reliability for r in rows if r.to_come]
    if rows:
        # Independent launches: expected failures Σ(1 − r), all succeed Π r (the Monte
        # Carlo engine will draw them; this is the analytic expectation). History is not
        # drawn: a mission with a recorded outcome has flown.
        history = len(rows) - len(to_come)
        lines.append(
            f"launches: {len(to_come)} to come"
            + (f" ({history} flown, not counted)" if history else "")
            + f", expected failures {sum(1 - r for r in to_come):.2f} (all succeed with "
            f"probability {math.prod(to_come):.0%})."
        )
    return tuple(lines)


__all__ = [
    "BURN_COLUMNS",
    "ENGINE",
    "LegEnds",
    "LogisticsEngine",
    "LogisticsOutput",
    "LogisticsSummary",
    "MissionLogistics",
    "MissionSummary",
    "Transfer",
    "reported_as",
    "scenario_network",
    "transfer",
    "transfer_of",
]
