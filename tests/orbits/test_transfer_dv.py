"""``options.logistics.transfer_dv: orbits``: the timeline flies the LLO ↔ NRHO legs with
the orbits model's two-impulse transfer (orbits/network_link.py) instead of SpaceNet QS3's
fixed edge (126.4 + 648.6 m/s, spacenet.md §3.1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lunarstation import ScenarioError
from lunarstation.logistics.timeline import TimelineEngine
from lunarstation.orbits.network_link import transfer_edges
from lunarstation.simulate import simulate
from lunarstation.validation import load_scenario

SCENARIO = """
simulation: {start: 2031-03-01T00:00:00Z, end: 2031-03-08T00:00:00Z, step_h: 1}
options: {logistics: {transfer_dv: orbits}}
orbits:
  - {id: gateway, name: 9:2 NRHO, family: nrho, lagrange: L2, branch: south, resonance: "9:2"}
  - {id: low, name: Low lunar orbit, kind: llo, periapsis_altitude_km: 100,
     apoapsis_altitude_km: 100, inclination_deg: 90}
elements:
  - {id: outpost, name: Orbital outpost, partner: agency-a, kind: orbital_station_module,
     dry_mass_kg: 9000, initial_location: {place: gateway, since: 2030-01-01}}
  - id: tug
    name: Tug
    partner: agency-a
    kind: cargo_vehicle
    dry_mass_kg: 1000
    propulsion: {isp_s: 320, propellant_capacity_kg: 5000, propellant_kg: 4000}
missions:
  - id: tug-run
    name: Tug to LLO by way of the NRHO
    partners: [agency-a]
    launch: 2031-03-01T06:00:00Z
    launch_vehicle: heavy-a
    destination: low
    transit_days: 4
    payload: {elements: [tug]}
    flight:
      start: tli
      steps:
        - transport: nrho
          burns: [[{fire: tug}], [{fire: tug}], [{fire: tug}], [{fire: tug}]]
        - transport: low
          burns: [[{fire: tug}], [{fire: tug}]]
"""


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "transfer.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_nrho_to_llo_leg_flies_the_orbits_figure(tmp_path: Path) -> None:
    run = simulate(load_scenario("minimal", write(tmp_path, SCENARIO)))
    burns = run.tables["logistics_burns"]
    leg = burns[(burns["mission"] == "tug-run") & (burns["label"] == "nrho>llo")]
    # The station is in the NRHO from the start, so the orbits engine's first window is
    # the same perilune passage the edge is computed at: equal to rounding (1e-6 m/s).
    first = run.tables["orbits_transfers"].iloc[0]
    assert leg["delta_v_m_s"].sum() == pytest.approx(first["dv_total_m_s"], abs=1e-6)
    assert sorted(leg["delta_v_m_s"]) == pytest.approx(
        sorted([first["dv1_m_s"], first["dv2_m_s"]]), abs=1e-6
    )
    # and it is not the network's 775 m/s (the two-body estimate runs 10–25 % above it).
    assert leg["delta_v_m_s"].sum() == pytest.approx(775.0, rel=0.25)
    assert abs(leg["delta_v_m_s"].sum() - 775.0) > 1.0


def test_network_is_the_default_and_keeps_the_spacenet_edge(tmp_path: Path) -> None:
    text = SCENARIO.replace("options: {logistics: {transfer_dv: orbits}}\n", "")
    scenario = load_scenario("minimal", write(tmp_path, text))
    assert scenario.options.logistics.transfer_dv == "network"
    network = TimelineEngine(transfer_edges=transfer_edges).network_for(scenario)
    (edge,) = network.path("nrho", "llo")
    assert edge.delta_v_m_s == pytest.approx(126.4 + 648.6, abs=1e-9)


def test_an_unknown_transfer_dv_source_is_refused_at_its_line(tmp_path: Path) -> None:
    text = SCENARIO.replace("transfer_dv: orbits", "transfer_dv: ephemeris")
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as caught:
        load_scenario("minimal", path)
    (issue,) = [str(i) for i in caught.value.issues]
    assert issue.startswith(f"{path}:3:")
    assert "network" in issue
    assert "orbits" in issue
