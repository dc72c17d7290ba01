"""The logistics engine: per-mission launch and Δv margins, PROPELLANT_SHORT, summary contract."""

from __future__ import annotations

import math

import pytest

from lunarstation import Scenario, load_scenario, simulate
from lunarstation.logistics.network import default_network
from tests.support import BASE_YAML, WriteScenario, engine_result

LANDER = "{id: lander, name: Lander, partner: p1, kind: lander, dry_mass_kg: 4000}"


def with_propulsion(propellant_kg: float) -> str:
    fuelled = (
        "{id: lander, name: Lander, partner: p1, kind: lander, dry_mass_kg: 1000, "
        f"propulsion: {{isp_s: 320, propellant_capacity_kg: 5000, propellant_kg: {propellant_kg}}}}}"
    )
    return BASE_YAML.replace(LANDER, fuelled)


def test_margin_by_hand(write_scenario: WriteScenario) -> None:
    # 1,000 kg dry + 4,500 kg propellant at Isp 320 s (g0 9.80665) gives
    # 3138.128·ln(5500/1000) = 5,349.6 m/s; TLI → LLO → surface needs 950 + 2,030 + 11.
    scenario = load_scenario(write_scenario("s.yaml", with_propulsion(4500)))
    result = engine_result(scenario, "logistics")
    (row,) = result.summary.model_dump()["missions"]
    assert row["id"] == "m1"
    assert row["delta_v_required_m_s"] == pytest.approx(2991.0, abs=1e-9)
    expected = 320 * 9.80665 * math.log(5500 / 1000) - 2991.0
    assert row["delta_v_margin_m_s"] == pytest.approx(expected, abs=0.01)
    assert row["launch_margin_kg"] == pytest.approx(6000 - 5500, abs=1e-9)
    assert not result.findings


def test_short_transfer_is_an_error_with_missing_delta_v(write_scenario: WriteScenario) -> None:
    # 1,200 kg of propellant give 3138.128·ln(2200/1000) = 2,474.3 m/s of the 2,991 needed.
    scenario = load_scenario(write_scenario("s.yaml", with_propulsion(1200)))
    result = engine_result(scenario, "logistics")
    (finding,) = result.findings
    assert (finding.code, finding.severity.value, finding.subject) == (
        "PROPELLANT_SHORT",
        "error",
        "m1",
    )
    margin = result.summary.model_dump()["missions"][0]["delta_v_margin_m_s"]
    assert margin == pytest.approx(320 * 9.80665 * math.log(2200 / 1000) - 2991.0, abs=0.01)
    assert "517 m/s short" in finding.message
    # single stage: 1000·e^(2991/3138.128) − 2200 = 2200·(e^(516.7/3138.128) − 1) ≈ 394 kg more
    assert "about 394 kg more propellant would be needed at tli" in finding.message


def test_summary_json_contract(reference: Scenario) -> None:
    summary = simulate(reference).summary()
    rows = {row["id"]: row for row in summary["logistics"]["missions"]}
    assert set(rows) == {m.id for m in reference.missions}
    for row in rows.values():
        assert {"id", "launch_margin_kg", "delta_v_margin_m_s"} <= set(row)
    assert rows["ilrs-2"]["delta_v_margin_m_s"] >= 0  # the descent stages are sized to fit
    assert rows["chang-e-6"]["delta_v_margin_m_s"] is None  # no propulsion declared


def test_network_paths_carry_sources() -> None:
    network = default_network()
    assert [e.destination for e in network.path("tli", "surface")] == ["llo", "surface"]
    assert all(edge.source for edge in network.edges)
    # QS3 TLI→NRO burns after the 3,124 m/s TLI: 30 + 242 + 1 + 126 m/s (spacenet.md §3.1)
    (nrho,) = network.path("tli", "nrho")
    assert nrho.delta_v_m_s == pytest.approx(399.0, abs=1e-9)
    # Return legs: QS1 LSP–LLPO 1,875 + 31 m/s and LLPO–PAC 612.3 + 276.5 + 333.6 + 3.2 +
    # 3.2 + 5.0 m/s; QS3 NRO–PAC 147 + 2 + 263 m/s; QS1 TLI from LEO 3,150 m/s.
    ascent, entry = network.path("surface", "earth")
    assert (ascent.delta_v_m_s, entry.delta_v_m_s) == pytest.approx((1_906.0, 1_233.8), abs=1e-9)
    assert sum(e.delta_v_m_s for e in network.path("nrho", "earth")) == pytest.approx(412.0)
    assert sum(e.delta_v_m_s for e in network.path("leo", "llo")) == pytest.approx(3_150 + 950)


def test_scenario_overrides_a_network_edge(write_scenario: WriteScenario) -> None:
    # QS3's single-stage HLS descends LLO → surface with 19.4 + 1,692.5 m/s (spacenet.md §3.1)
    # instead of QS1's 2,030 + 11: the required Δv from TLI drops to 950 + 1,711.9.
    override = """
network:
  edges:
    - origin: llo
      destination: surface
      burns: [{delta_v_m_s: 19.4}, {delta_v_m_s: 1692.5}]
      days: 0.5
      source: SpaceNet QS3 (spacenet.md §3.1)
"""
    scenario = load_scenario(
        write_scenario("s.yaml", with_propulsion(4500)), write_scenario("n.yaml", override)
    )
    result = engine_result(scenario, "logistics")
    (row,) = result.summary.model_dump()["missions"]
    assert row["delta_v_required_m_s"] == pytest.approx(950 + 19.4 + 1692.5, abs=1e-9)
    expected = 320 * 9.80665 * math.log(5500 / 1000) - (950 + 19.4 + 1692.5)
    assert row["delta_v_margin_m_s"] == pytest.approx(expected, abs=0.01)


def test_launch_reliability_is_carried_to_the_summary(minimal: Scenario) -> None:
    result = engine_result(minimal, "logistics")
    assert [row["launch_reliability"] for row in result.summary.model_dump()["missions"]] == [
        0.95
    ] * 3
    # three independent launches at 0.95: 3 × 0.05 = 0.15 expected failures, 0.95³ = 85.7 %
    assert "launches: 3 to come, expected failures 0.15 (all succeed with probability 86%)." in (
        result.highlights
    )
