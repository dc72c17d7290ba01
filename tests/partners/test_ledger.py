"""The partner ledger by hand on the minimal scenario and an overlay, and its CLI."""

from __future__ import annotations

import json

import pytest

from lunarstation import Scenario, load_scenario, simulate
from lunarstation.cli import main
from tests.support import WriteScenario, engine_result

PARTNER_B = """
partners:
  - {id: agency-b, name: Agency B, agency: B, country: Y, joined: 2030-01-01}
elements:
  - {id: rover-b, name: Rover B, partner: agency-b, kind: rover, dry_mass_kg: 1000}
missions:
  - id: mb
    name: Rover B delivery
    partners: [agency-b, agency-a]
    launch: 2031-05-01
    launch_vehicle: heavy-a
    destination: ridge
    payload: {elements: [rover-b]}
experiments:
  - {id: b-camera, name: Camera B, partner: agency-b, location: ridge, delivered_by: mb,
     mass_kg: 5, duration_days: 365}
"""


def ledger(scenario: Scenario) -> dict[str, dict[str, object]]:
    result = engine_result(scenario, "ledger")
    return {row["partner"]: row for row in result.summary.model_dump()["partners"]}


def test_two_partners_by_hand(write_scenario: WriteScenario) -> None:
    rows = ledger(load_scenario("minimal", write_scenario("b.yaml", PARTNER_B)))
    a, b = rows["agency-a"], rows["agency-b"]
    # minimal delivers 10,000 kg of agency-a hardware and cargo; B adds its 1,000 kg rover
    assert a["mass_delivered_kg"] == pytest.approx(10_000, abs=1e-9)
    assert b["mass_delivered_kg"] == pytest.approx(1_000, abs=1e-9)
    assert b["contribution_share"] == pytest.approx(1_000 / 11_000, abs=1e-12)
    # experiment-days: A's seismometer 365, B's camera 365; crew-days: A alone (2 × 7);
    # station energy: A's 10 W seismometer for 365 d = 87.6 kWh, B's camera draws none
    assert b["experiment_days"] == a["experiment_days"] == 365
    assert (a["station_energy_kwh"], b["station_energy_kwh"]) == pytest.approx((87.6, 0.0))
    assert b["benefit_share"] == pytest.approx((0.0 + 0.5 + 0.0) / 3, abs=1e-12)
    assert b["parity_gap"] == pytest.approx(1_000 / 11_000 - 1 / 6, abs=1e-12)
    # seats: A's two-seat crew lander flies once with its crew of two
    assert (a["crew_seats_provided"], a["crew_seats_used"]) == (2, 2)
    assert (b["crew_seats_provided"], b["crew_seats_used"]) == (0, 0)
    # B's mission flew on A's launcher: the launch counts for A
    assert (a["launches"], b["launches"]) == (4, 0)
    assert (a["missions"], b["missions"]) == (4, 1)


def test_shares_sum_to_one(reference: Scenario) -> None:
    rows = ledger(reference).values()
    assert sum(r["contribution_share"] for r in rows) == pytest.approx(1.0, abs=1e-12)
    assert sum(r["benefit_share"] for r in rows) == pytest.approx(1.0, abs=1e-12)


def test_summary_json_ledger_contract(minimal: Scenario) -> None:
    (row,) = simulate(minimal).summary()["ledger"]["partners"]
    assert {
        "partner",
        "missions",
        "mass_delivered_kg",
        "contribution_share",
        "benefit_share",
    } <= set(row)


def test_ledger_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ledger", "minimal", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["partner"] == "agency-a"
    assert main(["ledger", "no-such-scenario"]) == 2
