"""Mass delivered is mass that arrives: arrival masses, departures, pick-ups, history.

Hand-worked cases on the small base scenario (one lander, TLI → LLO → surface, 950 +
2,030 + 11 m/s from SpaceNet QS1, spacenet.md §3.1) and invariants over the built-ins.
The rocket equation with one engine over consecutive burns: the stack leaves TLI at m0
and arrives at m0·exp(−Δv/(Isp·g0)), g0 = 9.80665 m/s².
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest
from pydantic import ValidationError
from ruamel.yaml import YAML

from lunarstation import Scenario, load_scenario, simulate
from lunarstation.logistics.campaign import BURN_COLUMNS
from lunarstation.scenario import MissionOutcome
from tests.support import BASE_YAML, WriteScenario, engine_result

KG = 1e-6  # kg: sums of exact inputs and one exponential
G0 = 9.80665
EXHAUST_320 = 320 * G0  # m/s
TLI_TO_SURFACE = 950 + 2030 + 11  # m/s
LANDER = "{id: lander, name: Lander, partner: p1, kind: lander, dry_mass_kg: 4000}"
FUELLED = (
    "{id: lander, name: Lander, partner: p1, kind: lander, dry_mass_kg: 1000, "
    "propulsion: {isp_s: 320, propellant_capacity_kg: 5000, propellant_kg: 4500}}"
)


def data_of(text: str) -> dict[str, Any]:
    loaded: dict[str, Any] = YAML(typ="safe", pure=True).load(text)
    return loaded


def scenario_of(data: dict[str, Any]) -> Scenario:
    """A scenario built in Python: field checks only (what a run can meet when the
    scenario's cross-reference checks do not yet know a new field)."""
    return Scenario.model_validate(data)


def test_an_element_arrives_with_the_propellant_it_has_left(write_scenario: WriteScenario) -> None:
    scenario = load_scenario(write_scenario("s.yaml", BASE_YAML.replace(LANDER, FUELLED)))
    result = engine_result(scenario, "timeline")
    (row,) = result.output.deliveries.to_dict("records")
    arrival = 5500 * math.exp(-TLI_TO_SURFACE / EXHAUST_320)  # 2,115.3 kg
    assert row["mass_kg"] == pytest.approx(arrival, abs=KG)
    assert row["propellant_kg"] == pytest.approx(arrival - 1000, abs=KG)
    assert row["burned_propellant_kg"] == pytest.approx(5500 - arrival, abs=KG)
    assert row["mass_source"] == "flown"
    summary = result.summary.model_dump()
    assert summary["mass_delivered_by_partner_kg"] == {"p1": pytest.approx(arrival, abs=KG)}
    assert summary["propellant_burned_by_partner_kg"] == {"p1": pytest.approx(5500 - arrival)}
    (budget,) = summary["mass_by_mission"]
    assert budget["launched_kg"] == pytest.approx(5500, abs=KG)
    assert budget["delivered_kg"] == pytest.approx(arrival, abs=KG)
    assert budget["propellant_burned_before_arrival_kg"] == pytest.approx(5500 - arrival)
    assert (
        "2.1 t delivered (arrival mass of what stays), 3.4 t of propellant burned"
        in (result.highlights[0])
    )


def test_what_leaves_again_is_not_mass_delivered(minimal: Scenario) -> None:
    result = engine_result(minimal, "timeline")
    deliveries = result.output.deliveries.set_index("item")
    # The crew lander arrives (3,000 kg, no propulsion declared) and leaves with its crew.
    assert deliveries.loc["crew-lander-1", "mass_kg"] == pytest.approx(3000, abs=KG)
    assert not pd.isna(deliveries.loc["crew-lander-1", "departure"])
    summary = result.summary.model_dump()
    # power 1,500 + habitat 5,000 with 400 kg in its stores + food 100
    assert summary["mass_delivered_by_partner_kg"] == {"agency-a": pytest.approx(7000, abs=KG)}
    assert [m["leaves_again_kg"] for m in summary["mass_by_mission"]] == [0, 0, 3000]


def test_mass_is_accounted_for_on_every_mission_without_a_plan(
    minimal: Scenario, reference: Scenario
) -> None:
    # No plan, nothing dropped: launched = arrived (staying or leaving) + burned + crew.
    for scenario in (minimal, reference):
        summary = engine_result(scenario, "timeline").summary.model_dump()
        for budget in summary["mass_by_mission"]:
            mission = scenario.mission(budget["mission"])
            if mission.outcome is MissionOutcome.FAILURE:
                assert budget["delivered_kg"] == budget["leaves_again_kg"] == 0
                continue
            crew_kg = 0 if mission.crew_transfer_from else mission.crew * 100.0
            arrived = budget["delivered_kg"] + budget["leaves_again_kg"]
            assert budget["launched_kg"] == pytest.approx(
                arrived + budget["propellant_burned_before_arrival_kg"] + crew_kg, abs=1e-6
            )


def test_reference_mass_delivered_excludes_burned_propellant(reference: Scenario) -> None:
    result = engine_result(reference, "timeline")
    summary = result.summary.model_dump()
    launched = sum(
        m["launched_kg"] for m in summary["mass_by_mission"] if m["mission"] != "luna-25"
    )
    burned = sum(summary["propellant_burned_by_partner_kg"].values())
    delivered = sum(summary["mass_delivered_by_partner_kg"].values())
    leaving = sum(m["leaves_again_kg"] for m in summary["mass_by_mission"])
    crew = 100.0 * sum(m.crew for m in reference.missions if m.crew_transfer_from is None)
    # Before: 479,550 kg "delivered" at launch mass; 175.8 t of it was burned on the way.
    assert burned == pytest.approx(175_828.35, abs=0.01)
    assert launched == pytest.approx(479_550 + crew, abs=KG)
    assert delivered + leaving + burned + crew == pytest.approx(launched, abs=1e-6)
    assert summary["mass_basis"].startswith("arrival mass of what stays")


def test_no_propulsion_without_a_plan_is_a_warning_and_in_the_tables(
    write_scenario: WriteScenario,
) -> None:
    # BASE_YAML's 4 t lander declares no propulsion: nothing flies TLI > site.
    result = engine_result(load_scenario(write_scenario("s.yaml", BASE_YAML)), "logistics")
    (finding,) = result.findings
    assert (finding.code, finding.severity.value, finding.subject) == (
        "NO_PROPULSION",
        "warning",
        "m1",
    )
    assert "nothing declared flies lander tli>site (2,991 m/s)" in finding.message
    (row,) = result.summary.model_dump()["missions"]
    assert row["delta_v_margin_m_s"] is None
    assert row["unpropelled_delta_v_m_s"] == pytest.approx(TLI_TO_SURFACE)
    burns = result.tables["burns"]
    assert set(burns["reported_as"]) == {"NO_PROPULSION"}


def test_no_propulsion_in_a_flight_plan_is_an_error(write_scenario: WriteScenario) -> None:
    planned = BASE_YAML + "    flight: {steps: [{transport: site}]}\n"
    result = engine_result(load_scenario(write_scenario("s.yaml", planned)), "logistics")
    (finding,) = result.findings
    assert (finding.code, finding.severity.value) == ("NO_PROPULSION", "error")


def test_history_is_information_and_not_drawn_as_a_launch_risk(
    write_scenario: WriteScenario,
) -> None:
    flown = BASE_YAML + "    outcome: success\n"
    result = engine_result(load_scenario(write_scenario("s.yaml", flown)), "logistics")
    (finding,) = result.findings
    assert (finding.code, finding.severity.value) == ("NO_PROPULSION", "info")
    assert "recorded as flown" in finding.message
    summary = result.summary.model_dump()
    assert summary["launches_to_come"] == 0
    assert summary["expected_launch_failures"] == 0
    assert summary["all_launches_succeed_probability"] == 1
    assert result.output.to_come == {}


def test_reference_launch_risk_counts_the_launches_to_come(reference: Scenario) -> None:
    result = engine_result(reference, "logistics")
    summary = result.summary.model_dump()
    to_come = [m for m in reference.missions if m.outcome is MissionOutcome.PLANNED]
    reliability = [reference.launch_vehicle(m.launch_vehicle).reliability for m in to_come]
    # Luna-25 (failed), Queqiao-2 and Chang'e-6 (flown) are history: 20 of 23 launches.
    assert summary["launches_to_come"] == len(to_come) == 20
    assert summary["expected_launch_failures"] == pytest.approx(sum(1 - r for r in reliability))
    assert summary["all_launches_succeed_probability"] == pytest.approx(math.prod(reliability))
    assert set(result.output.to_come) == {m.id for m in to_come}


def assert_tables_agree_with_findings(result: Any) -> None:
    """Every missing Δv in the burns table is reported, under the code the table names,
    and the summary's margins say what the findings say."""
    burns: pd.DataFrame = result.tables["burns"]
    assert list(burns.columns) == list(BURN_COLUMNS)
    codes = {(f.code, f.subject) for f in result.findings}
    reported = burns[burns["reported_as"] != ""]
    assert (reported["missing_delta_v_m_s"] > 0.01).all()
    assert ((burns["reported_as"] != "") | (burns["missing_delta_v_m_s"] <= 0.01)).all()
    for row in reported.itertuples():
        assert (row.reported_as, row.mission) in codes
    for code, subject in codes:
        if code in BURN_CODES:
            assert ((reported["mission"] == subject) & (reported["reported_as"] == code)).any()
    for mission in result.summary.model_dump()["missions"]:
        short = ("PROPELLANT_SHORT", mission["id"]) in codes
        margin = mission["delta_v_margin_m_s"]
        assert short == (margin is not None and margin < 0)
        assert (("NO_PROPULSION", mission["id"]) in codes) == (
            mission["unpropelled_delta_v_m_s"] > 0.01
        )


BURN_CODES = {"PROPELLANT_SHORT", "NO_PROPULSION"}


@pytest.mark.parametrize("name", ["minimal", "ilrs-reference", "spacenet-qs1"])
def test_tables_never_contradict_the_findings(name: str) -> None:
    assert_tables_agree_with_findings(engine_result(load_scenario(name), "logistics"))


def test_short_propellant_is_reported_in_the_tables(write_scenario: WriteScenario) -> None:
    short = BASE_YAML.replace(LANDER, FUELLED.replace("propellant_kg: 4500", "propellant_kg: 1200"))
    result = engine_result(load_scenario(write_scenario("s.yaml", short)), "logistics")
    assert_tables_agree_with_findings(result)
    assert set(result.tables["burns"]["reported_as"]) == {"", "PROPELLANT_SHORT"}


SKY_CRANE = """
elements:
  - {id: crane, name: Descent stage, partner: p1, kind: lander, dry_mass_kg: 1000,
     propulsion: {isp_s: 320, propellant_capacity_kg: 5000}}
  - {id: module, name: Module, partner: p1, kind: habitat, dry_mass_kg: 500}
missions:
  - id: m1
    name: Mission one
    partners: [p1]
    launch: 2030-06-01
    launch_vehicle: lv
    destination: site
    payload: {elements: [crane, module]}
    flight:
      steps:
        - transport: site
          burns: [[{fire: crane}], [{fire: crane}], [{fire: crane}, {stage: crane}]]
"""


def test_a_stage_dropped_in_its_last_burn_reports_the_margin_of_the_stack_it_flew() -> None:
    data = data_of(BASE_YAML)
    data.update(data_of(SKY_CRANE))
    data["launch_vehicles"][0]["payload_tli_kg"] = 6500
    result = engine_result(scenario_of(data), "logistics")
    assert result.findings == ()
    (row,) = result.summary.model_dump()["missions"]
    # 6,500 kg at TLI; after 2,991 m/s the stack weighs 6500·e^(−2991/3138.128); the crane's
    # propellant left would give 3138.128·ln(m / 1500) more, just before it is dropped.
    stack = 6500 * math.exp(-TLI_TO_SURFACE / EXHAUST_320)
    assert row["delta_v_margin_m_s"] == pytest.approx(EXHAUST_320 * math.log(stack / 1500))
    assert row["delta_v_margin_m_s"] > 1000  # not the 0 m/s of the passive module
    deliveries = engine_result(scenario_of(data), "timeline").output.deliveries
    assert list(deliveries["item"]) == ["module"]  # the crane is jettisoned


PICK_UP = """
orbits:
  - {id: low, name: Low lunar orbit, kind: llo, altitude_km: 100}
launch_vehicles:
  - {id: lv, name: Launcher, partner: p1, payload_leo_kg: 40000, payload_tli_kg: 20000}
elements:
  - {id: lander, name: Crew lander, partner: p1, kind: crew_vehicle, dry_mass_kg: 3000,
     crew_capacity: 2, propulsion: {isp_s: 320, propellant_capacity_kg: 12000}}
  - {id: capsule, name: Capsule, partner: p1, kind: crew_vehicle, dry_mass_kg: 5000,
     crew_capacity: 2, propulsion: {isp_s: 320, propellant_capacity_kg: 4000}}
  - {id: old-hab, name: Habitat already there, partner: p1, kind: habitat, dry_mass_kg: 2000,
     initial_location: {place: site, since: 2030-01-01}}
missions:
  - id: lander-out
    name: Lander to lunar orbit
    partners: [p1]
    launch: 2030-06-01
    launch_vehicle: lv
    destination: low
    payload: {elements: [lander]}
  - id: crew
    name: Crew landing with the waiting lander
    partners: [p1]
    launch: 2030-07-01
    launch_vehicle: lv
    destination: site
    crew: 2
    surface_days: 3
    payload: {elements: [capsule]}
    picks_up: [lander]
    flight:
      steps:
        - {transport: low, elements: [capsule]}
        - {move: crew, out_of: capsule, into: lander}
        - {transport: site, elements: [lander]}
        - {transport: low, elements: [lander]}
"""


def pick_up_scenario(**changes: Any) -> Scenario:
    data = data_of(BASE_YAML)
    data.update(data_of(PICK_UP))
    for key, value in changes.items():
        data["missions"][1][key] = value
    return scenario_of(data)


def test_an_element_left_in_orbit_is_flown_on_by_a_later_mission() -> None:
    scenario = pick_up_scenario()
    timeline = engine_result(scenario, "timeline")
    flights = timeline.output.flights
    out, crew = flights["lander-out"].flight, flights["crew"].flight
    assert out is not None
    assert crew is not None
    # The lander starts the crew mission with what the first mission left in its tank:
    # 15,000 kg at TLI, 950 m/s to LLO.
    left = 12_000 - 15_000 * -math.expm1(-950 / EXHAUST_320)
    assert out.vehicles["lander"].propellant_kg == pytest.approx(left)
    assert crew.start_propellant_kg["lander"] == pytest.approx(left)
    rows = timeline.output.deliveries
    lander = rows[rows["item"] == "lander"].set_index("destination")
    arrival = pd.Timestamp("2030-07-06T00:00Z")  # crew: launch + 5 d
    assert lander.loc["low", "time"] == pd.Timestamp("2030-06-06T00:00Z")
    assert lander.loc["low", "departure"] == arrival  # it left orbit with the crew
    assert lander.loc["site", "time"] == arrival
    assert lander.loc["site", "departure"] == arrival + pd.Timedelta(days=3)  # back to orbit
    # its arrival mass on the surface: dry, what is left after the descent (crew aboard)
    descent = (15_000 * math.exp(-950 / EXHAUST_320) + 200) * -math.expm1(-2041 / EXHAUST_320)
    assert lander.loc["site", "mass_kg"] == pytest.approx(3000 + left - descent)
    assert lander.loc["site", "burned_propellant_kg"] == pytest.approx(descent)


def test_an_element_in_place_from_the_start_is_delivered_at_its_declared_mass() -> None:
    scenario = pick_up_scenario()
    rows = engine_result(scenario, "timeline").output.deliveries
    (hab,) = rows[rows["item"] == "old-hab"].to_dict("records")
    assert (hab["mission"], hab["destination"], hab["mass_source"]) == ("", "site", "declared")
    assert hab["time"] == pd.Timestamp("2030-01-01T00:00Z")
    assert hab["mass_kg"] == 2000
    assert pd.isna(hab["departure"])
    ledger = engine_result(scenario, "ledger").summary.model_dump()["partners"]
    assert ledger[0]["mass_delivered_kg"] == pytest.approx(2000, abs=KG)  # only it stays


def test_picking_up_what_is_not_there_yet_is_reported() -> None:
    # Launched after the lander, but arriving before it reaches orbit.
    scenario = pick_up_scenario(launch="2030-06-01T12:00:00Z", transit_days=2)
    result = engine_result(scenario, "logistics")
    (finding,) = [f for f in result.findings if f.code == "FLIGHT_PLAN_INVALID"]
    assert finding.subject == "crew"
    assert "'lander' gets to low only on 2030-06-06, after crew arrives (2030-06-03)" in (
        finding.message
    )
    early = engine_result(pick_up_scenario(launch="2030-05-01"), "logistics")
    (finding,) = [f for f in early.findings if f.code == "FLIGHT_PLAN_INVALID"]
    assert "'lander' is not waiting anywhere when crew flies" in finding.message


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"flight": None}, "picks_up needs a flight plan"),
        ({"payload": {"elements": ["capsule", "lander"]}}, "is both launched"),
    ],
)
def test_picks_up_is_checked_with_the_mission(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        pick_up_scenario(**change)


def test_the_whole_run_reads_one_delivery_schedule(minimal: Scenario) -> None:
    run = simulate(minimal)
    deliveries = run.results["timeline"].output.deliveries
    staying = deliveries[deliveries["departure"].isna()]
    (row,) = run.summary()["ledger"]["partners"]
    assert row["mass_delivered_kg"] == pytest.approx(staying["mass_kg"].sum(), abs=KG)
    assert run.summary()["timeline"]["mass_delivered_by_partner_kg"]["agency-a"] == pytest.approx(
        row["mass_delivered_kg"], abs=KG
    )
