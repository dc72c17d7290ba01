"""Assembly order and design life findings of the logistics engine (hand-built cases)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from lunarstation import Finding, RunResult, Scenario, ScenarioError, load_scenario, simulate
from tests.support import WriteScenario, engine_result

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


DECLARED_NEEDS = """
elements:
  - {id: hab-2, name: Second habitat, partner: agency-a, kind: habitat, dry_mass_kg: 2000,
     needs: {elements: [power-1, airlock, crew-lander-1], docking_partner: true}}
  - {id: airlock, name: Airlock, partner: agency-a, kind: other, dry_mass_kg: 500,
     ports: [{id: p, standard: idss-passive, kind: berthing}]}
  - {id: hab-3, name: Third habitat, partner: agency-a, kind: habitat, dry_mass_kg: 2000,
     power: {nominal_w: 900}, needs: {elements: [power-1, crew-lander-1], power_source: true}}
missions:
  - {id: early-hab-2, name: Early second habitat, partners: [agency-a], launch: 2031-01-05,
     launch_vehicle: heavy-a, destination: ridge, payload: {elements: [hab-2]}}
  - {id: airlock-m, name: Airlock, partners: [agency-a], launch: 2031-06-01,
     launch_vehicle: heavy-a, destination: ridge, payload: {elements: [airlock]}}
  - {id: late-hab-3, name: Late third habitat, partners: [agency-a], launch: 2031-10-01,
     launch_vehicle: heavy-a, destination: ridge, payload: {elements: [hab-3]}}
"""


def logistics_findings(scenario: Scenario, code: str) -> list[Finding]:
    result = engine_result(scenario, "logistics")
    return [f for f in result.findings if f.code == code]


def test_declared_needs_name_what_is_missing_and_when_it_comes(
    write_scenario: WriteScenario,
) -> None:
    scenario = load_scenario("minimal", write_scenario("needs.yaml", DECLARED_NEEDS))
    by_subject = {f.subject: f for f in logistics_findings(scenario, "ASSEMBLY_ORDER")}
    finding = by_subject["hab-2"]
    assert finding.severity.value == "error"  # declared, so not a mere warning
    assert finding.time == datetime(2031, 1, 10, tzinfo=UTC)
    # minimal: power-1 launches 2031-02-01, hab-1 (port 'hatch') 2031-04-01, crew lander
    # 2031-09-01 and leaves after 7 days; 5-day transits.
    assert finding.message.endswith(
        "needs what is not there yet: power-1 (arrives 2031-02-06); airlock (arrives "
        "2031-06-06); crew-lander-1 (arrives 2031-09-06); a docking or berthing partner "
        "(first arrives 2031-04-06)."
    )
    # The crew lander left on 2031-09-13, before the third habitat arrives on 2031-10-06.
    assert by_subject["hab-3"].message.endswith(
        "needs what is not there yet: crew-lander-1 (left 2031-09-13)."
    )


def test_declared_needs_that_are_met_give_no_finding(write_scenario: WriteScenario) -> None:
    text = DECLARED_NEEDS.replace("launch: 2031-01-05", "launch: 2031-09-02").replace(
        "needs: {elements: [power-1, crew-lander-1], power_source: true}",
        "needs: {elements: [power-1], power_source: true}",
    )
    scenario = load_scenario("minimal", write_scenario("needs.yaml", text))
    assert logistics_findings(scenario, "ASSEMBLY_ORDER") == []


def test_unknown_needed_element_is_a_load_error(write_scenario: WriteScenario) -> None:
    text = DECLARED_NEEDS.replace("[power-1, airlock,", "[power-2, airlock,")
    with pytest.raises(ScenarioError) as caught:
        load_scenario("minimal", write_scenario("needs.yaml", text))
    (issue,) = caught.value.issues
    assert (issue.line, issue.field) == (3, "elements[0].needs.elements[0]")  # counted in its file
    assert issue.message.startswith("unknown element 'power-2'; did you mean 'power-1'?")
