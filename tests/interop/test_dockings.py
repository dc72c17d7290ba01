"""Dockings happen in one place, one at a time: DOCKING_PLACE_MISMATCH and PORT_OCCUPIED.

The overlay adds three visiting crew ships to ``minimal`` and an orbit; the habitat
``hab-1`` lands at the ridge on 2031-04-06 (launch 2031-04-01 + 5 days) and has one port,
``hatch``.
"""

from __future__ import annotations

import pytest

from lunarstation.engine import EngineResult
from lunarstation.findings import Finding, Severity
from lunarstation.scenario import load_scenario
from tests.support import WriteScenario, engine_result

SHIP = """
  - id: {id}
    name: Visiting ship {id}
    partner: agency-a
    kind: crew_vehicle
    dry_mass_kg: 2000
    crew_capacity: 2
    ports:
      - {{id: nose, standard: idss-active}}
"""
VISIT = """
  - id: {id}
    name: Visit {id}
    partners: [agency-a]
    launch: {launch}
    launch_vehicle: heavy-a
    destination: {destination}
    crew: 2
    surface_days: {days}
    {outcome}
    payload: {{elements: [{ship}]}}
    dockings:
      - {{vehicle: {ship}, port: nose, target: {target}, target_port: {port}}}
"""


def visits(*rows: dict[str, str]) -> str:
    """An overlay on ``minimal``: one ship and one visit per row, plus an orbit ``llo``."""
    ships = "".join(SHIP.format(id=row["ship"]) for row in rows)
    defaults = {"destination": "ridge", "days": "10", "outcome": "", "target": "hab-1",
                "port": "hatch"}  # fmt: skip
    missions = "".join(VISIT.format(**{**defaults, **row}) for row in rows)
    orbit = "orbits:\n  - {id: llo, name: Low lunar orbit, kind: llo, altitude_km: 100}\n"
    return f"{orbit}elements:{ships}missions:{missions}"


def run(write_scenario: WriteScenario, *rows: dict[str, str]) -> EngineResult:
    overlay = write_scenario("visits.yaml", visits(*rows))
    return engine_result(load_scenario("minimal", overlay), "interop")


def found(result: EngineResult, code: str) -> list[Finding]:
    return [f for f in result.findings if f.code == code]


def test_a_visit_to_the_habitat_where_it_stands_is_fine(write_scenario: WriteScenario) -> None:
    result = run(write_scenario, {"id": "v1", "ship": "ship-a", "launch": "2031-06-01"})
    assert not found(result, "DOCKING_PLACE_MISMATCH")
    assert not found(result, "PORT_OCCUPIED")
    table = result.tables["connections"]
    (row,) = table[table["kind"] == "docking"].itertuples()
    assert (row.mission, row.place, row.verdict) == ("v1", "ridge", "direct")


def test_a_ship_in_orbit_cannot_dock_with_a_habitat_on_the_ground(
    write_scenario: WriteScenario,
) -> None:
    visit = {"id": "v1", "ship": "ship-a", "launch": "2031-06-01", "destination": "llo"}
    (finding,) = found(run(write_scenario, visit), "DOCKING_PLACE_MISMATCH")
    assert (finding.severity, finding.subject) == (Severity.ERROR, "ship-a")
    assert finding.message == (
        "ship-a (v1) is at llo from 2031-06-06T00:00:00Z, but hab-1 is not there then: it is "
        "at ridge (m2-habitat); two vehicles dock only at one node or site"
    )


def test_a_target_that_has_not_arrived_yet(write_scenario: WriteScenario) -> None:
    visit = {"id": "v0", "ship": "ship-a", "launch": "2031-03-01"}  # hab-1 lands 2031-04-06
    (finding,) = found(run(write_scenario, visit), "DOCKING_PLACE_MISMATCH")
    assert "ship-a (v0) is at ridge from 2031-03-06T00:00:00Z" in finding.message
    assert "hab-1 is not there then: it arrives at ridge only on 2031-04-06T00:00:00Z " in (
        finding.message
    )
    assert "(m2-habitat)" in finding.message


def test_a_target_that_has_left(write_scenario: WriteScenario) -> None:
    first = {"id": "v1", "ship": "ship-a", "launch": "2031-06-01", "days": "3"}
    # ship-b docks to ship-a's nose after ship-a has left (2031-06-09)
    second = {"id": "v2", "ship": "ship-b", "launch": "2031-07-01", "target": "ship-a",
              "port": "nose"}  # fmt: skip
    (finding,) = found(run(write_scenario, first, second), "DOCKING_PLACE_MISMATCH")
    assert finding.subject == "ship-b"
    assert "ship-a is not there then: it left ridge on 2031-06-09T00:00:00Z (v1)" in (
        finding.message
    )


def test_a_second_ship_at_an_occupied_port(write_scenario: WriteScenario) -> None:
    first = {"id": "v1", "ship": "ship-a", "launch": "2031-06-01"}  # docked 06-06 … 06-16
    second = {"id": "v2", "ship": "ship-b", "launch": "2031-06-05"}  # arrives 06-10
    third = {"id": "v3", "ship": "ship-c", "launch": "2031-06-20"}  # arrives 06-25: free again
    result = run(write_scenario, first, second, third)
    (finding,) = found(result, "PORT_OCCUPIED")
    assert (finding.severity, finding.subject) == (Severity.ERROR, "ship-b")
    assert finding.message == (
        "hab-1 port hatch is held by ship-a docked to hab-1 (v1) from 2031-06-06T00:00:00Z "
        "until 2031-06-16T00:00:00Z; ship-b (v2) cannot dock there at 2031-06-10T00:00:00Z: "
        "a port holds one vehicle at a time"
    )
    assert not found(result, "DOCKING_PLACE_MISMATCH")


@pytest.mark.parametrize(("launch", "occupied"), [("2031-06-11", False), ("2031-06-10", True)])
def test_the_port_frees_when_the_ship_leaves(
    write_scenario: WriteScenario, launch: str, occupied: bool
) -> None:
    first = {"id": "v1", "ship": "ship-a", "launch": "2031-06-01"}  # leaves 2031-06-16
    second = {"id": "v2", "ship": "ship-b", "launch": launch}  # arrives 06-16 or 06-15
    assert bool(found(run(write_scenario, first, second), "PORT_OCCUPIED")) is occupied


def test_a_failed_mission_docks_nothing(write_scenario: WriteScenario) -> None:
    first = {"id": "v1", "ship": "ship-a", "launch": "2031-06-01", "outcome": "outcome: failure"}
    second = {"id": "v2", "ship": "ship-b", "launch": "2031-06-05"}
    result = run(write_scenario, first, second)
    assert not found(result, "PORT_OCCUPIED")
    assert not found(result, "DOCKING_PLACE_MISMATCH")


def test_a_target_in_transit_through_the_orbit_is_there(write_scenario: WriteScenario) -> None:
    # hab-1 flies TLI > LLO > ridge from 2031-04-01 to 2031-04-06; a ship arriving in llo on
    # 2031-04-03 meets it on the way (event times inside a transfer are not modelled).
    visit = {"id": "v1", "ship": "ship-a", "launch": "2031-03-29", "destination": "llo"}
    result = run(write_scenario, visit)
    assert not found(result, "DOCKING_PLACE_MISMATCH")
    table = result.tables["connections"]
    (row,) = table[table["kind"] == "docking"].itertuples()
    assert (row.mission, row.place) == ("v1", "llo")


def test_the_reference_crew_dockings_in_lunar_orbit() -> None:
    # Lanyue flies to the ridge in 8 d ("5 d transfer, 3 d in LLO until crew transfer"):
    # Mengzhou arrives in llo-100 on day 7 of that transfer and docks with it there.
    result = engine_result(load_scenario("ilrs-reference"), "interop")
    assert not found(result, "DOCKING_PLACE_MISMATCH")
    assert not found(result, "PORT_OCCUPIED")
    table = result.tables["connections"]
    crew = table[(table["kind"] == "docking") & table["mission"].isin(["crew-1", "crew-2"])]
    assert set(crew["place"]) == {"llo-100"}
