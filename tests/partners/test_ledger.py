"""The partner ledger by hand on the minimal scenario and an overlay, and its CLI."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pandas as pd
import pytest

from lunarstation import Scenario, load_scenario, simulate
from lunarstation.cli import main
from lunarstation.partners.energy import energy_supplied_kwh
from lunarstation.partners.ledger import ledger_table
from lunarstation.scenario.options import ContributionWeights, LedgerModelOptions
from lunarstation.station.engine import SiteCapacity, StationOutput
from tests.support import BASE_YAML, WriteScenario, engine_result, with_options

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
    # minimal lands 7,000 kg of agency-a hardware and cargo that stays: the power module
    # 1,500, the habitat 5,000 + 400 kg in its stores, 100 kg of food; the 3,000 kg crew
    # lander arrives and leaves with its crew (not mass delivered). B adds a 1,000 kg rover.
    assert a["mass_delivered_kg"] == pytest.approx(7_000, abs=1e-9)
    assert a["mass_leaves_again_kg"] == pytest.approx(3_000, abs=1e-9)
    assert a["mass_launched_kg"] == pytest.approx(10_000, abs=1e-9)
    assert b["mass_delivered_kg"] == pytest.approx(1_000, abs=1e-9)
    assert b["contribution_share"] == pytest.approx(1_000 / 8_000, abs=1e-12)
    # experiment-days: A's seismometer 365, B's camera 365; crew-days: A alone (2 × 7);
    # station energy: A's 10 W seismometer for 365 d = 87.6 kWh, B's camera draws none
    assert b["experiment_days"] == a["experiment_days"] == 365
    assert (a["station_energy_kwh"], b["station_energy_kwh"]) == pytest.approx((87.6, 0.0))
    assert b["benefit_share"] == pytest.approx((0.0 + 0.5 + 0.0) / 3, abs=1e-12)
    assert b["parity_gap"] == pytest.approx(1_000 / 8_000 - 1 / 6, abs=1e-12)
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


def run_ledger(scenario: Scenario, *engines: str) -> dict[str, Any]:
    summary: dict[str, Any] = simulate(scenario, only=["ledger", *engines]).summary()["ledger"]
    return summary


def test_mass_landed_is_the_arrival_mass(write_scenario: WriteScenario) -> None:
    fuelled = BASE_YAML.replace(
        "dry_mass_kg: 4000}",
        "dry_mass_kg: 1000, propulsion: {isp_s: 320, propellant_capacity_kg: 4500}}",
    )
    (row,) = run_ledger(load_scenario(write_scenario("s.yaml", fuelled)))["partners"]
    # 5,500 kg leave TLI; TLI → LLO → surface is 2,991 m/s at 320 s (g0 9.80665)
    arrival = 5500 * math.exp(-2991 / (320 * 9.80665))
    assert row["mass_delivered_kg"] == pytest.approx(arrival, abs=1e-6)
    assert row["propellant_burned_kg"] == pytest.approx(5500 - arrival, abs=1e-6)
    assert row["mass_launched_kg"] == pytest.approx(5500, abs=1e-9)


def test_reference_shares_count_arrival_mass_seats_and_every_launch(reference: Scenario) -> None:
    ledger = run_ledger(reference)
    rows = {row["partner"]: row for row in ledger["partners"]}
    assert ledger["contribution_basis"] == "mass_landed"
    assert ledger["mass_basis"].startswith("arrival mass of what stays")
    cnsa, roscosmos, nasa = rows["cnsa"], rows["roscosmos"], rows["nasa"]
    # 98.0 + 46.5 + 13.0 t arrive and stay (was 335.0 + 131.6 + 13.0 t at launch mass)
    assert cnsa["mass_delivered_kg"] == pytest.approx(98_045.44, abs=0.01)
    assert roscosmos["mass_delivered_kg"] == pytest.approx(46_526.20, abs=0.01)
    assert nasa["mass_delivered_kg"] == pytest.approx(13_000, abs=1e-9)
    total = 98_045.44 + 46_526.20 + 13_000
    assert cnsa["contribution_share"] == pytest.approx(98_045.44 / total, abs=1e-6)
    # crew carried: Mengzhou 3 + 3, Lanyue 2 + 2 (CNSA); Orel 3, the Russian lander 3
    assert (cnsa["crew_seats_provided"], roscosmos["crew_seats_provided"]) == (10, 6)
    # every mission is a launch, the two Lanyue launches (crew transfers) included
    assert cnsa["launches"] == 15
    assert cnsa["energy_supplied_kwh"] is None  # the station engine did not run


def test_unpriced_items_are_listed_by_id(write_scenario: WriteScenario) -> None:
    priced = PARTNER_B.replace("dry_mass_kg: 1000}", "dry_mass_kg: 1000, cost_musd: 50}")
    scenario = with_options(
        load_scenario("minimal", write_scenario("b.yaml", priced)),
        ledger={"contribution_basis": "cost"},
    )
    result = engine_result(scenario, "ledger")
    rows = {row["partner"]: row for row in result.summary.model_dump()["partners"]}
    assert rows["agency-a"]["unpriced_items"] == [
        "launch_vehicle:heavy-a",
        "element:power-1",
        "element:hab-1",
        "element:crew-lander-1",
    ]
    assert rows["agency-b"]["unpriced_items"] == []
    assert rows["agency-b"]["contribution_share"] == 1.0  # the only priced item
    (finding,) = [f for f in result.findings if f.code == "COST_UNPRICED"]
    assert finding.subject == "agency-a"
    assert "4 have no published cost and are not in it: launch_vehicle:heavy-a" in finding.message
    flat = result.tables["partners"].set_index("partner")
    assert flat.loc["agency-a", "unpriced_items"].startswith("launch_vehicle:heavy-a;element:")


def weighted(**weights: float) -> LedgerModelOptions:
    return LedgerModelOptions.model_construct(contribution_basis=ContributionWeights(**weights))


def test_crew_seats_and_energy_enter_the_share_by_weight(write_scenario: WriteScenario) -> None:
    scenario = load_scenario("minimal", write_scenario("b.yaml", PARTNER_B))
    timeline = engine_result(scenario, "timeline").output
    energy = {"power-1": 300.0, "rover-b": 100.0}  # kWh, as the station would hand them on
    table = ledger_table(scenario, timeline, weighted(mass_landed=2, crew_seats=1,
                                                     energy_supplied=1), energy)  # fmt: skip
    a, b = (table.set_index("partner").loc[p] for p in ("agency-a", "agency-b"))
    # mass 7,000 : 1,000 kg; seats 2 : 0; energy 300 : 100 kWh; weights 1/2, 1/4, 1/4
    assert a["contribution_share"] == pytest.approx(0.5 * 7 / 8 + 0.25 * 1 + 0.25 * 0.75)
    assert b["contribution_share"] == pytest.approx(0.5 * 1 / 8 + 0.25 * 0.75 / 3)
    assert (a["energy_supplied_kwh"], b["energy_supplied_kwh"]) == (300.0, 100.0)
    assert a["contribution_parts"]["crew_seats"] == 1.0
    single = ledger_table(scenario, timeline, LedgerModelOptions.model_construct(
        contribution_basis="energy_supplied"), energy)  # fmt: skip
    assert list(single["contribution_share"]) == pytest.approx([0.75, 0.25])


def test_energy_without_a_station_run_is_left_out_and_said(minimal: Scenario) -> None:
    options = minimal.options.model_copy(
        update={"ledger": weighted(mass_landed=1, energy_supplied=1)}
    )
    scenario = minimal.model_copy(update={"options": options})
    alone = engine_result(scenario, "ledger")
    assert alone.summary.model_dump()["contribution_weights"] == {"mass_landed": 1.0}
    (finding,) = [f for f in alone.findings if f.code == "CONTRIBUTION_BASIS_INCOMPLETE"]
    assert "energy_supplied (the station engine did not run)" in finding.message
    with_station = simulate(scenario, only=["ledger", "station"]).summary()["ledger"]
    assert with_station["contribution_weights"] == {"mass_landed": 0.5, "energy_supplied": 0.5}
    assert with_station["contribution_basis"] == "50 % mass_landed + 50 % energy_supplied"


def test_energy_supplied_is_what_the_grid_took_shared_by_generation() -> None:
    # Four hours at one site: an RTG of partner b (100 W steady) and an array of partner
    # a (200 W for two hours, then dark). The grid takes generation − spare each hour:
    # 200, 300, 100, 50 W·h, credited by each source's part of that hour's generation.
    data = {
        "name": "grid", "stages": [{"id": "s", "name": "S", "start": "2030-01-01",
                                    "end": "2030-12-31"}],
        "partners": [{"id": p, "name": p, "agency": p, "country": "X", "joined": "2021-01-01"}
                     for p in ("a", "b")],
        "sites": [{"id": "site", "name": "Site", "lat_deg": -89.0, "lon_east_deg": 0.0}],
        "elements": [
            {"id": "array", "name": "Array", "partner": "a", "kind": "power_plant",
             "dry_mass_kg": 100, "power": {"solar_array": {"area_m2": 1.0}}},
            {"id": "rtg", "name": "RTG", "partner": "b", "kind": "power_plant",
             "dry_mass_kg": 100, "power": {"steady_generation_w": 100}},
        ],
    }  # fmt: skip
    scenario = Scenario.model_validate(data)
    utc = pd.date_range("2030-06-01", periods=4, freq="h", tz="UTC")
    deliveries = pd.DataFrame(
        {"time": [utc[0]] * 2, "destination": ["site"] * 2, "item_type": ["element"] * 2,
         "item": ["array", "rtg"], "departure": [pd.NaT, pd.NaT]}
    )  # fmt: skip
    zeros = np.zeros(4)
    capacity = SiteCapacity(
        generation_w=np.array([300.0, 300.0, 100.0, 100.0]), load_w=np.zeros((4, 4)),
        served_w=zeros, shed_w=zeros, spare_w=np.array([100.0, 0.0, 0.0, 50.0]),
        stored_j=zeros, capacity_j=zeros, crew=zeros,
    )  # fmt: skip
    supplied = energy_supplied_kwh(scenario, deliveries, StationOutput({"site": capacity}), utc,
                                   3600.0)  # fmt: skip
    assert supplied["rtg"] == pytest.approx((200 / 3 + 300 / 3 + 100 + 50) / 1000)
    assert supplied["array"] == pytest.approx((400 / 3 + 600 / 3) / 1000)
    assert sum(supplied.values()) == pytest.approx(0.65)  # all the grid took, no more


def test_reference_energy_supplied_adds_up_to_what_the_grids_took(reference: Scenario) -> None:
    run = simulate(reference, only=["ledger", "station"])
    rows = {row["partner"]: row for row in run.summary()["ledger"]["partners"]}
    station = run.results["station"].output
    taken_kwh = sum(
        float(np.clip(site.generation_w - site.spare_w, 0, None).sum()) / 1000
        for site in station.sites.values()
    )  # hourly grid: W·h
    supplied = sum(row["energy_supplied_kwh"] for row in rows.values())
    assert supplied == pytest.approx(taken_kwh, rel=1e-9)
    # the 100 kWe fission plant (Roscosmos) supplies more than China's arrays and RTGs
    assert rows["roscosmos"]["energy_supplied_kwh"] > rows["cnsa"]["energy_supplied_kwh"] > 0
