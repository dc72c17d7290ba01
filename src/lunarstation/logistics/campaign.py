"""The logistics engine: each mission's flight after launch, with its Δv and launch margins.

For every mission the engine flies its flight plan (``missions[].flight``; see
:mod:`lunarstation.logistics.flight`) through the transfer network — or, without a plan,
sends every payload element from TLI to the destination together (surface site:
TLI → LLO → surface; LLO/Keplerian orbit: TLI → LLO; NRHO/halo: TLI → NRHO; ELFO:
TLI → ELFO), firing its propulsive elements in the order the mission lists them. The
result per mission is the launch margin (capacity − payload) and the Δv margin of its
tightest leg (Δv left in the firing tanks on arrival, negative when short), which
``summary.json["missions"]`` reports; every burn, staging and move is a row of the
``burns`` table.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

import pandas as pd

from lunarstation.engine import EngineInputs, EngineResult, RunContext, SummaryModel
from lunarstation.findings import Finding, Severity
from lunarstation.logistics.assembly import assembly_findings
from lunarstation.logistics.flight import Flight, PlanError, fly_mission
from lunarstation.logistics.network import Edge, Network, NetworkBurn, default_network
from lunarstation.logistics.timeline import TimelineOutput
from lunarstation.scenario import Mission, Scenario

ENGINE = "logistics"

BURN_COLUMNS = (
    "mission", "step", "action", "label", "vehicles", "mass_before_kg", "mass_after_kg",
    "propellant_kg", "delta_v_m_s", "missing_delta_v_m_s", "dropped_kg", "loaded_kg",
)  # fmt: skip


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

    Margins are None without a flight (the plan cannot be flown: ``plan_error``) or when
    the payload has no propulsion of its own and no plan (its launcher delivers it).
    """

    mission: str
    path: tuple[tuple[str, ...], ...] = ()
    """Nodes of each leg flown, in order, e.g. ``(("tli", "llo", "ridge"),)``."""
    delta_v_required_m_s: float | None = None
    propulsive_elements: tuple[str, ...] = ()
    delta_v_margin_m_s: float | None = None
    tightest_leg: LegEnds | None = None
    delta_v_sources: tuple[str, ...] = ()
    propellant_used_kg: float | None = None
    missing_propellant_kg: float | None = None
    plan_error: str | None = None
    flight: Flight | None = None


def transfer(scenario: Scenario, mission: Mission, network: Network) -> Transfer:
    """Fly one mission; its margins, the propellant used and (``flight``) the flight itself.

    ``plan_error`` holds the reason when the plan cannot be flown (margins are then None).
    """
    try:
        flight = fly_mission(scenario, mission, network)
    except PlanError as error:
        return Transfer(mission.id, plan_error=str(error))
    fired = dict.fromkeys(name for leg in flight.legs for name in leg.fired)
    propulsive = [e for e in mission.payload.elements if scenario.element(e).propulsion]
    result = Transfer(
        mission.id,
        path=tuple((leg.origin, *(edge.destination for edge in leg.edges)) for leg in flight.legs),
        delta_v_required_m_s=sum(leg.delta_v_required_m_s for leg in flight.legs),
        propulsive_elements=tuple(fired or propulsive),
        delta_v_sources=tuple(
            dict.fromkeys(edge.source for leg in flight.legs for edge in leg.edges)
        ),
        propellant_used_kg=sum(record.propellant_kg for _, record in flight.actions),
        flight=flight,
    )
    tightest = flight.tightest
    # Without a plan, a payload with no propulsion is delivered by its launch vehicle and
    # whatever else flies it: no Δv margin to report.
    if tightest is not None and (mission.flight is not None or propulsive):
        result = replace(
            result,
            delta_v_margin_m_s=float(tightest.margin_m_s),
            tightest_leg=LegEnds(tightest.origin, tightest.destination),
            missing_propellant_kg=sum(leg.missing_propellant_kg for leg in flight.legs),
        )
    return result


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


@dataclass(frozen=True)
class LogisticsOutput:
    """What the logistics engine hands downstream: every mission's launch and flight."""

    missions: Mapping[str, MissionLogistics]


class LegEndsSummary(SummaryModel):
    """Both ends of a leg."""

    origin: str
    destination: str


class MissionSummary(SummaryModel):
    """One mission's launch and Δv margins (``summary.json["logistics"]["missions"]``)."""

    id: str
    launch_vehicle: str
    launch_reliability: float
    """Probability the launch succeeds (the vehicle's declared reliability)."""
    destination: str
    path: list[list[str]]
    """Nodes of each leg flown, in order."""
    payload_kg: float
    launch_margin_kg: float | None
    """Launcher capacity − payload, kg (negative: over capacity; null: no capacity published)."""
    delta_v_required_m_s: float | None
    delta_v_margin_m_s: float | None
    """Δv the firing elements have left at the end of the tightest leg, m/s (negative:
    short; null: no propulsion of its own and no flight plan)."""
    tightest_leg: LegEndsSummary | None
    propulsive_elements: list[str]
    delta_v_sources: list[str]
    """Where the Δv figures of the legs flown come from."""
    plan_error: str | None
    """Why the flight plan cannot be flown (FLIGHT_PLAN_INVALID), or null."""


class LogisticsSummary(SummaryModel):
    """``summary.json["logistics"]``."""

    missions: list[MissionSummary]
    expected_launch_failures: float
    """Σ(1 − reliability) over the launches: the expected number of failures."""
    all_launches_succeed_probability: float
    """Π reliability over the launches (independent launches)."""


def scenario_network(scenario: Scenario, base: Network) -> Network:
    """``base`` with the scenario's own nodes and edges added (an edge with the same ends
    as a shipped one replaces it)."""
    extra = scenario.network
    if not extra.nodes and not extra.edges:
        return base
    edges = [
        Edge(e.origin, e.destination, tuple(NetworkBurn(b.delta_v_m_s, b.tank) for b in e.burns),
             e.days, e.source)
        for e in extra.edges
    ]  # fmt: skip
    return base.with_additions(extra.nodes, edges)


class LogisticsEngine:
    """Launch and Δv margins of every mission; ``PROPELLANT_SHORT`` when a transfer falls short."""

    name = ENGINE
    requires: tuple[str, ...] = ("timeline",)
    uses: tuple[str, ...] = ()

    def __init__(self, network: Network | None = None) -> None:
        self.network = network if network is not None else default_network()

    def run(self, scenario: Scenario, context: RunContext, inputs: EngineInputs) -> EngineResult:
        """Margins of ``scenario``'s missions and the assembly checks of its deliveries."""
        del context
        timeline = inputs.require(TimelineOutput)
        network = scenario_network(scenario, self.network)
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
                transfer=transfer(scenario, mission, network),
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
                "mission": t.mission, "path": " | ".join(" > ".join(leg) for leg in t.path),
                "delta_v_required_m_s": t.delta_v_required_m_s,
                "propulsive_elements": ";".join(t.propulsive_elements),
                "delta_v_margin_m_s": t.delta_v_margin_m_s,
                "tightest_leg": None if t.tightest_leg is None else str(t.tightest_leg),
                "delta_v_sources": "; ".join(t.delta_v_sources),
                "propellant_used_kg": t.propellant_used_kg,
                "missing_propellant_kg": t.missing_propellant_kg,
            }
        )  # fmt: skip
    return pd.DataFrame(records)


def _burns_table(rows: list[MissionLogistics]) -> pd.DataFrame:
    records = [
        (row.transfer.mission, step + 1, r.action, r.label, ";".join(r.vehicles),
         r.mass_before_kg, r.mass_after_kg, r.propellant_kg, r.delta_v_m_s,
         r.missing_delta_v_m_s, r.dropped_kg, r.loaded_kg)
        for row in rows if row.transfer.flight is not None
        for step, r in row.transfer.flight.actions
    ]  # fmt: skip
    return pd.DataFrame(records, columns=list(BURN_COLUMNS))


def _summary(rows: list[MissionLogistics]) -> LogisticsSummary:
    reliabilities = [row.launch_reliability for row in rows]
    return LogisticsSummary(
        missions=[
            MissionSummary(
                id=row.transfer.mission,
                launch_vehicle=row.launch_vehicle,
                launch_reliability=row.launch_reliability,
                destination=row.destination,
                path=[list(leg) for leg in row.transfer.path],
                payload_kg=row.payload_kg,
                launch_margin_kg=row.launch_margin_kg,
                delta_v_required_m_s=row.transfer.delta_v_required_m_s,
                delta_v_margin_m_s=row.transfer.delta_v_margin_m_s,
                tightest_leg=None
                if row.transfer.tightest_leg is None
                else LegEndsSummary(
                    origin=row.transfer.tightest_leg.origin,
                    destination=row.transfer.tightest_leg.destination,
                ),
                propulsive_elements=list(row.transfer.propulsive_elements),
                delta_v_sources=list(row.transfer.delta_v_sources),
                plan_error=row.transfer.plan_error,
            )
            for row in rows
        ],
        expected_launch_failures=sum(1.0 - r for r in reliabilities),
        all_launches_succeed_probability=math.prod(reliabilities),
    )


def _findings(scenario: Scenario, rows: list[MissionLogistics]) -> list[Finding]:
    found = []
    for row in rows:
        t = row.transfer
        mission = scenario.mission(t.mission)
        if t.plan_error is not None:
            found.append(
                Finding(
                    Severity.ERROR,
                    "FLIGHT_PLAN_INVALID",
                    mission.id,
                    mission.launch,
                    f"{mission.name}: the flight plan cannot be flown: {t.plan_error}.",
                    ENGINE,
                )
            )
            continue
        margin = t.delta_v_margin_m_s
        if margin is not None and margin < 0 and t.tightest_leg is not None:
            found.append(
                Finding(
                    Severity.ERROR,
                    "PROPELLANT_SHORT",
                    mission.id,
                    mission.launch,
                    f"{mission.name}: {';'.join(t.propulsive_elements) or 'nothing in the plan'} "
                    f"cannot fly {t.tightest_leg.origin}>{t.tightest_leg.destination} "
                    f"({mission.destination}): {-margin:,.0f} m/s short; about "
                    f"{t.missing_propellant_kg or 0.0:,.0f} kg more propellant would be needed "
                    f"at {t.tightest_leg.origin}.",
                    ENGINE,
                )
            )
    return found


def _highlights(rows: list[MissionLogistics]) -> tuple[str, ...]:
    lines = []
    flown = [r for r in rows if r.transfer.delta_v_margin_m_s is not None]
    if flown:
        tightest = min(flown, key=lambda r: r.transfer.delta_v_margin_m_s or 0.0)
        lines.append(
            f"transfers: {len(flown)} of {len(rows)} missions carry their own propulsion; "
            f"tightest Δv margin {tightest.transfer.delta_v_margin_m_s:,.0f} m/s "
            f"({tightest.transfer.mission})."
        )
    if rows:
        # Independent launches: expected failures Σ(1 − r), all succeed Π r (the Monte
        # Carlo engine will draw them; this is the analytic expectation).
        reliabilities = [r.launch_reliability for r in rows]
        lines.append(
            f"launches: {len(rows)}, expected failures {sum(1 - r for r in reliabilities):.2f} "
            f"(all succeed with probability {math.prod(reliabilities):.0%})."
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
    "transfer",
]
