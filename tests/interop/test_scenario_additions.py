"""A scenario file adds its own docking family, ports and pair record, and the run uses them."""

from __future__ import annotations

import textwrap

import pytest

from lunarstation import ScenarioError, load_scenario, simulate
from tests.support import WriteScenario

PARTNER_PORTS = """
interop:
  sources:
    X01: {title: "Agency X docking interface control document (hypothetical, for this test)", kind: primary}
  families:
    - id: x-ring
      name: Agency X androgynous ring
      mating_rule: androgynous
      sources: [X01]
      confidence: primary
  ports:
    - {id: x-ring-active, family: x-ring, role: active_capable, name: X ring, sources: [X01], confidence: primary}
  pairings:
    - {a: x-ring, b: idss, verdict: claimed, sources: [X01], confidence: primary, note: "agency X asserts IDSS compatibility, not yet demonstrated"}
elements:
  - id: x-ship
    name: Agency X crew ship
    partner: agency-a
    kind: crew_vehicle
    dry_mass_kg: 2500
    crew_capacity: 2
    ports:
      - {id: nose, standard: x-ring-active}
missions:
  - id: x-visit
    name: Agency X visit to the habitat
    partners: [agency-a]
    launch: 2031-10-01
    launch_vehicle: heavy-a
    destination: ridge
    crew: 2
    surface_days: 3
    payload: {elements: [x-ship]}
    dockings:
      - {vehicle: x-ship, port: nose, target: hab-1, target_port: hatch}
"""


def test_scenario_catalog_rows_decide_the_verdict(write_scenario: WriteScenario) -> None:
    extra = write_scenario("agency-x.yaml", PARTNER_PORTS)
    result = simulate(load_scenario("minimal", extra))
    table = result.tables["interop_connections"]
    row = table[(table["kind"] == "docking") & (table["a"] == "x-ship")].iloc[0]
    assert row["verdict"] == "claimed"
    unverified = [
        f for f in result.findings if f.code == "INTERFACE_UNVERIFIED" and f.subject == "x-ship"
    ]
    assert unverified
    assert "X01" in unverified[0].message


def test_additions_from_two_files_accumulate(write_scenario: WriteScenario) -> None:
    first = write_scenario(
        "a.yaml", "interop:\n  sources:\n    A1: {title: first, kind: primary}\n"
    )
    second = write_scenario(
        "b.yaml", "interop:\n  sources:\n    B1: {title: second, kind: primary}\n"
    )
    scenario = load_scenario("minimal", first, second)
    assert set(scenario.interop.sources) == {"A1", "B1"}


def test_unknown_interop_section_is_located(write_scenario: WriteScenario) -> None:
    bad = write_scenario("bad.yaml", textwrap.dedent("interop:\n  adaptors: []\n"))
    with pytest.raises(ScenarioError) as caught:
        load_scenario("minimal", bad)
    (issue,) = caught.value.issues
    assert (issue.file, issue.line, issue.field) == (str(bad), 2, "interop.adaptors")
    assert "did you mean 'adapters'?" in issue.message
