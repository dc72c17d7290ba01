"""The logistics engine: each mission's transfer after trans-lunar injection, flown by its payload.

For every mission the engine finds the network path from TLI to its destination (surface
site: TLI → LLO → surface; LLO/Keplerian orbit: TLI → LLO; NRHO/halo: TLI → NRHO; ELFO:
TLI → ELFO), builds the stack its launch vehicle sends to TLI (the payload elements, their
propellant and the cargo), and flies the path's burns with the payload's propulsive
elements in the order the mission lists them. The result per mission is the launch margin
(TLI capacity − payload) and the Δv margin (Δv left in the tanks on arrival, negative
when short), which ``summary.json["missions"]`` reports.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from lunarstation.engine import EngineResult
from lunarstation.findings import Finding, Severity
from lunarstation.logistics.assembly import assembly_findings
from lunarstation.logistics.network import Edge, Network, NetworkBurn, default_network
from lunarstation.logistics.rocket import delta_v_from_propellant
from lunarstation.logistics.transport import Burn, Stack, Tank, Vehicle, fly
from lunarstation.scenario import Mission, OrbitKind, Scenario

ENGINE = "logistics"

NODE_OF_ORBIT = {
    OrbitKind.LLO: "llo",
    OrbitKind.KEPLERIAN: "llo",
    OrbitKind.NRHO: "nrho",
    OrbitKind.HALO: "nrho",
    OrbitKind.ELFO: "elfo",
}
"""Network node that stands for each kind of destination orbit."""


def destination_node(scenario: Scenario, mission: Mission) -> str:
    """The network node of a mission's destination."""
    if scenario.is_destination_site.get(mission.destination, False):
        return "surface"
    orbit = next(o for o in scenario.orbits if o.id == mission.destination)
    return NODE_OF_ORBIT[orbit.kind]


def payload_stack(scenario: Scenario, mission: Mission) -> tuple[Stack, tuple[str, ...]]:
    """The stack at TLI and the ids of its propulsive elements, in the mission's order."""
    vehicles: dict[str, Vehicle] = {}
    passive = sum(item.mass_kg for item in mission.payload.cargo)
    for element_id in mission.payload.elements:
        element = scenario.element(element_id)
        if element.propulsion is None:
            passive += element.launch_mass_kg
            continue
        others = element.launch_mass_kg - element.dry_mass_kg - element.propulsion.propellant_kg
        tank = Tank(element.propulsion.propellant_kg, element.propulsion.isp_s)
        vehicles[element_id] = Vehicle(element_id, element.dry_mass_kg + others, {"main": tank})
    return Stack(vehicles, payload_kg=passive), tuple(vehicles)


def transfer(scenario: Scenario, mission: Mission, network: Network) -> dict[str, Any]:
    """Fly one mission's path from TLI; its margins and the propellant used."""
    path = network.path("tli", destination_node(scenario, mission))
    required = sum(edge.delta_v_m_s for edge in path)
    stack, engines = payload_stack(scenario, mission)
    g0 = scenario.constants.standard_gravity_m_s2
    row: dict[str, Any] = {
        "mission": mission.id,
        "path": " > ".join(["tli", *(edge.destination for edge in path)]),
        "delta_v_required_m_s": required,
        "propulsive_elements": ";".join(engines),
        "delta_v_margin_m_s": None,
        "propellant_used_kg": None,
        "missing_propellant_kg": None,
    }
    if not engines:
        return row
    initial_kg = stack.mass_kg
    burns = [
        Burn(b.delta_v_m_s, engines, "main", f"{e.origin}>{e.destination}")
        for e in path
        for b in e.burns
    ]
    records = fly(stack, burns, g0)
    missing = sum(r.missing_delta_v_m_s for r in records)
    spare = 0.0
    for name in engines:  # Δv the leftover propellant could still give, re-weighing as it goes
        tank = stack.vehicles[name].tanks["main"]
        if tank.propellant_kg > 0:
            spare += delta_v_from_propellant(stack.mass_kg, tank.propellant_kg, tank.isp_s, g0)
            tank.propellant_kg = 0.0
    # Extra propellant to load at TLI so the last firing stage closes the gap: it must be
    # carried through every burn, so it scales with the whole stack, m0·(e^(Δv_missing/c) − 1)
    # (exact for one stage; an estimate when several stages fire).
    isp = stack.vehicles[engines[-1]].tanks["main"].isp_s
    row.update(
        delta_v_margin_m_s=spare - missing,
        propellant_used_kg=sum(r.propellant_kg for r in records),
        missing_propellant_kg=initial_kg * math.expm1(missing / (isp * g0)) if missing > 0 else 0.0,
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
                    "destination": mission.destination,
                    "payload_kg": launch[mission.id]["payload_kg"],
                    "launch_margin_kg": launch[mission.id]["margin_kg"],
                    **transfer(scenario, mission, network),
                }
            )
        table = pd.DataFrame(rows)
        return EngineResult(
            engine=ENGINE,
            summary={"missions": [_summary_row(row) for row in rows]},
            tables={"transports": table},
            findings=(*_findings(scenario, rows), *assembly_findings(scenario, deliveries)),
            highlights=_highlights(rows),
        )


def _summary_row(row: Mapping[str, Any]) -> dict[str, Any]:
    keys = ("mission", "launch_vehicle", "destination", "path", "payload_kg", "launch_margin_kg",
            "delta_v_required_m_s", "delta_v_margin_m_s", "propulsive_elements")  # fmt: skip
    summary = {key: row[key] for key in keys}
    summary["id"] = summary.pop("mission")
    return summary


def _findings(scenario: Scenario, rows: list[dict[str, Any]]) -> list[Finding]:
    found = []
    for row in rows:
        margin = row["delta_v_margin_m_s"]
        if margin is not None and margin < 0:
            mission = scenario.mission(row["mission"])
            found.append(
                Finding(
                    Severity.ERROR,
                    "PROPELLANT_SHORT",
                    mission.id,
                    mission.launch,
                    f"{mission.name}: {row['propulsive_elements']} cannot deliver the "
                    f"{row['delta_v_required_m_s']:,.0f} m/s from TLI to {mission.destination}: "
                    f"{-margin:,.0f} m/s short; about {row['missing_propellant_kg']:,.0f} kg more "
                    "propellant would be needed at TLI.",
                    ENGINE,
                )
            )
    return found


def _highlights(rows: list[dict[str, Any]]) -> tuple[str, ...]:
    flown = [r for r in rows if r["delta_v_margin_m_s"] is not None]
    if not flown:
        return ()
    tightest = min(flown, key=lambda r: r["delta_v_margin_m_s"])
    return (
        f"transfers: {len(flown)} of {len(rows)} missions carry their own propulsion; tightest "
        f"Δv margin {tightest['delta_v_margin_m_s']:,.0f} m/s ({tightest['mission']}).",
    )


__all__ = ["ENGINE", "LogisticsEngine", "destination_node", "payload_stack", "transfer"]
