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
from typing import Any

import pandas as pd

from lunarstation.engine import EngineResult
from lunarstation.findings import Finding, Severity
from lunarstation.logistics.assembly import assembly_findings
from lunarstation.logistics.flight import Flight, PlanError, fly_mission
from lunarstation.logistics.network import Edge, Network, NetworkBurn, default_network
from lunarstation.scenario import Mission, Scenario

ENGINE = "logistics"

BURN_COLUMNS = (
    "mission", "step", "action", "label", "vehicles", "mass_before_kg", "mass_after_kg",
    "propellant_kg", "delta_v_m_s", "missing_delta_v_m_s", "dropped_kg", "loaded_kg",
)  # fmt: skip


def transfer(scenario: Scenario, mission: Mission, network: Network) -> dict[str, Any]:
    """Fly one mission; its margins, the propellant used and (``flight``) the flight itself.

    ``plan_error`` holds the reason when the plan cannot be flown (margins are then None).
    """
    row: dict[str, Any] = {
        "mission": mission.id,
        "path": "",
        "delta_v_required_m_s": None,
        "propulsive_elements": "",
        "delta_v_margin_m_s": None,
        "tightest_leg": None,
        "delta_v_sources": "",
        "propellant_used_kg": None,
        "missing_propellant_kg": None,
        "plan_error": None,
        "flight": None,
    }
    try:
        flight = fly_mission(scenario, mission, network)
    except PlanError as error:
        row["plan_error"] = str(error)
        return row
    fired = dict.fromkeys(name for leg in flight.legs for name in leg.fired)
    propulsive = [e for e in mission.payload.elements if scenario.element(e).propulsion]
    row.update(
        path=" | ".join(
            " > ".join([leg.origin, *(edge.destination for edge in leg.edges)])
            for leg in flight.legs
        ),
        delta_v_required_m_s=sum(leg.delta_v_required_m_s for leg in flight.legs),
        propulsive_elements=";".join(fired or propulsive),
        delta_v_sources="; ".join(
            dict.fromkeys(edge.source for leg in flight.legs for edge in leg.edges)
        ),
        propellant_used_kg=sum(record.propellant_kg for _, record in flight.actions),
        flight=flight,
    )
    tightest = flight.tightest
    # Without a plan, a payload with no propulsion is delivered by its launch vehicle and
    # whatever else flies it: no Δv margin to report.
    if tightest is not None and (mission.flight is not None or propulsive):
        row.update(
            delta_v_margin_m_s=float(tightest.margin_m_s),
            tightest_leg=f"{tightest.origin}>{tightest.destination}",
            missing_propellant_kg=sum(leg.missing_propellant_kg for leg in flight.legs),
        )
    return row


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

    def __init__(self, network: Network | None = None) -> None:
        self.network = network if network is not None else default_network()

    def run(self, scenario: Scenario, inputs: Mapping[str, EngineResult]) -> EngineResult:
        """Margins of ``scenario``'s missions and the assembly checks of its deliveries."""
        deliveries = inputs["timeline"].data["deliveries"]
        network = scenario_network(scenario, self.network)
        rows = []
        # The timeline engine has already weighed every payload against its launcher.
        launch = {row["mission"]: row for row in inputs["timeline"].summary["launch_margins"]}
        for mission in sorted(scenario.missions, key=lambda m: (m.launch, m.id)):
            rows.append(
                {
                    "launch": mission.launch,
                    "launch_vehicle": mission.launch_vehicle,
                    "launch_reliability": scenario.launch_vehicle(
                        mission.launch_vehicle
                    ).reliability,
                    "destination": mission.destination,
                    "payload_kg": launch[mission.id]["payload_kg"],
                    "launch_margin_kg": launch[mission.id]["margin_kg"],
                    **transfer(scenario, mission, network),
                }
            )
        flights = {row["mission"]: row.pop("flight") for row in rows}
        table = pd.DataFrame(rows).drop(columns=["plan_error"])
        return EngineResult(
            engine=ENGINE,
            summary={"missions": [_summary_row(row) for row in rows]},
            tables={"transports": table, "burns": _burns_table(flights)},
            data={"flights": flights},
            findings=(*_findings(scenario, rows), *assembly_findings(scenario, deliveries)),
            highlights=_highlights(rows),
        )


def _burns_table(flights: Mapping[str, Flight | None]) -> pd.DataFrame:
    rows = [
        (mission, step + 1, r.action, r.label, ";".join(r.vehicles), r.mass_before_kg,
         r.mass_after_kg, r.propellant_kg, r.delta_v_m_s, r.missing_delta_v_m_s, r.dropped_kg,
         r.loaded_kg)
        for mission, flight in flights.items() if flight is not None
        for step, r in flight.actions
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=list(BURN_COLUMNS))


def _summary_row(row: Mapping[str, Any]) -> dict[str, Any]:
    keys = ("mission", "launch_vehicle", "launch_reliability", "destination", "path", "payload_kg", "launch_margin_kg",
            "delta_v_required_m_s", "delta_v_margin_m_s", "tightest_leg", "propulsive_elements",
            "delta_v_sources")  # fmt: skip
    summary = {key: row[key] for key in keys}
    summary["id"] = summary.pop("mission")
    return summary


def _findings(scenario: Scenario, rows: list[dict[str, Any]]) -> list[Finding]:
    found = []
    for row in rows:
        if row["plan_error"] is not None:
            mission = scenario.mission(row["mission"])
            found.append(
                Finding(
                    Severity.ERROR,
                    "FLIGHT_PLAN_INVALID",
                    mission.id,
                    mission.launch,
                    f"{mission.name}: the flight plan cannot be flown: {row['plan_error']}.",
                    ENGINE,
                )
            )
            continue
        margin = row["delta_v_margin_m_s"]
        if margin is not None and margin < 0:
            mission = scenario.mission(row["mission"])
            found.append(
                Finding(
                    Severity.ERROR,
                    "PROPELLANT_SHORT",
                    mission.id,
                    mission.launch,
                    f"{mission.name}: {row['propulsive_elements'] or 'nothing in the plan'} "
                    f"cannot fly {row['tightest_leg']} ({mission.destination}): "
                    f"{-margin:,.0f} m/s short; about {row['missing_propellant_kg']:,.0f} kg more "
                    f"propellant would be needed at {row['tightest_leg'].split('>')[0]}.",
                    ENGINE,
                )
            )
    return found


def _highlights(rows: list[dict[str, Any]]) -> tuple[str, ...]:
    lines = []
    flown = [r for r in rows if r["delta_v_margin_m_s"] is not None]
    if flown:
        tightest = min(flown, key=lambda r: r["delta_v_margin_m_s"])
        lines.append(
            f"transfers: {len(flown)} of {len(rows)} missions carry their own propulsion; "
            f"tightest Δv margin {tightest['delta_v_margin_m_s']:,.0f} m/s ({tightest['mission']})."
        )
    if rows:
        # Independent launches: expected failures Σ(1 − r), all succeed Π r (the Monte
        # Carlo engine will draw them; this is the analytic expectation).
        reliabilities = [float(r["launch_reliability"]) for r in rows]
        lines.append(
            f"launches: {len(rows)}, expected failures {sum(1 - r for r in reliabilities):.2f} "
            f"(all succeed with probability {math.prod(reliabilities):.0%})."
        )
    return tuple(lines)


__all__ = ["BURN_COLUMNS", "ENGINE", "LogisticsEngine", "transfer"]
