"""Assembly order and design life findings of the logistics engine (hand-built cases)."""

from __future__ import annotations

from datetime import UTC, datetime

from lunarstation import Finding, RunResult, Scenario, load_scenario, simulate
from tests.support import WriteScenario

HABITAT_FIRST = """
elements:
  - {id: hab-early, name: Early habitat, partner: agency-a, kind: habitat, dry_mass_kg: 3000,
     power: {nominal_w: 800, survival_w: 300}, design_life_years: 0.25,
     ports: [{id: port, standard: idss-passive}]}
  - {id: visitor, name: Visitor, partner: agency-a, kind: crew_vehicle, dry_mass_kg: 2000,
     crew_capacity: 2, ports: [{id: nose, standard: idss-active}]}
missions:
  - {id: early-hab, name: Early habitat, partners: [agency-a], launch: 2031-01-10,
     launch_vehicle: heavy-a, destination: ridge, payload: {elements: [hab-early]}}
  - id: too-early-visit
    name: Visit before the target is launched
    partners: [agency-a]
    launch: 2031-01-02
    launch_vehicle: heavy-a
    destination: ridge
    crew: 2
    surface_days: 2
    payload: {elements: [visitor]}
    dockings: [{vehicle: visitor, port: nose, target: hab-early, target_port: port}]
"""


def codes_for(result: RunResult, code: str) -> list[Finding]:
    return [f for f in result.findings if f.code == code]


def test_habitat_before_any_power_source(write_scenario: WriteScenario) -> None:
    result = simulate(load_scenario("minimal", write_scenario("early.yaml", HABITAT_FIRST)))
    order = [f for f in codes_for(result, "ASSEMBLY_ORDER") if f.subject == "hab-early"]
    (finding,) = order
    assert finding.time == datetime(2031, 1, 15, tzinfo=UTC)  # launch + 5-day default transit
    assert "no power source is there yet" in finding.message


def test_docking_before_the_target_is_launched(write_scenario: WriteScenario) -> None:
    result = simulate(load_scenario("minimal", write_scenario("early.yaml", HABITAT_FIRST)))
    (finding,) = [f for f in codes_for(result, "ASSEMBLY_ORDER") if f.subject == "visitor"]
    assert finding.severity.value == "error"
    assert "hab-early launches only on 2031-01-10" in finding.message


def test_design_life_ending_inside_the_campaign(write_scenario: WriteScenario) -> None:
    result = simulate(load_scenario("minimal", write_scenario("early.yaml", HABITAT_FIRST)))
    (finding,) = [f for f in codes_for(result, "DESIGN_LIFE_EXCEEDED") if f.subject == "hab-early"]
    # arrival 2031-01-15 + 0.25 Julian year (91.31 d) = 2031-04-16
    assert finding.time is not None
    assert finding.time.date().isoformat() == "2031-04-16"


def test_reference_is_assembled_in_order(reference: Scenario) -> None:
    result = simulate(reference)
    assert not codes_for(result, "ASSEMBLY_ORDER")
