"""The built-in scenarios load, and the reference one matches the published ILRS facts.

Published values: shared/reference/lunar-environment.md §7 (ILRS Roadmap V1.0 via
Xinhua, June 2021; Reuters partner table; CALT launch-vehicle figures).
"""

from __future__ import annotations

from datetime import date

import pytest

from lunarstation import Scenario, builtin_scenarios, load_scenario
from tests.support import engine_result


def test_builtins_are_listed_with_titles() -> None:
    names = builtin_scenarios()
    assert set(names) == {"ilrs-reference", "minimal", "spacenet-qs1"}
    assert all(builtin.title for builtin in names.values())


@pytest.mark.parametrize("name", ["ilrs-reference", "minimal"])
def test_builtins_load(name: str) -> None:
    assert load_scenario(name).name == name


def test_default_scenario_is_ilrs_reference() -> None:
    assert load_scenario().name == "ilrs-reference"


def test_roadmap_stages(reference: Scenario) -> None:
    # Roadmap V1.0: reconnaissance 2021–2025, construction 2026–2030 and 2031–2035,
    # utilization from 2036 (lunar-environment.md §7a).
    spans = [(s.start.year, s.end.year) for s in reference.stages]
    assert spans == [(2021, 2025), (2026, 2030), (2031, 2035), (2036, 2040)]


def test_founding_partners_and_joining_dates(reference: Scenario) -> None:
    # MoU of 9 March 2021; Thailand 9th member 5 Apr 2024; Senegal 13th 5 Sep 2024 (§7d).
    founding = {p.id for p in reference.partners if p.role.value == "founding"}
    assert founding == {"cnsa", "roscosmos"}
    assert reference.partner("cnsa").joined == date(2021, 3, 9)
    assert reference.partner("thailand").joined == date(2024, 4, 5)
    assert reference.partner("senegal").joined == date(2024, 9, 5)
    members = [
        p
        for p in reference.partners
        if p.country not in ("international",) and p.role.value != "observer"
    ]
    assert len(members) == 13  # 13 countries by Sept 2024 (§7d)


def test_named_missions_are_present(reference: Scenario) -> None:
    ids = {m.id for m in reference.missions}
    expected = {"chang-e-6", "chang-e-7", "chang-e-8", "luna-25", "luna-26", "luna-27", "luna-28"}
    expected |= {f"ilrs-{n}" for n in range(1, 6)}
    assert expected <= ids
    assert reference.mission("luna-25").outcome.value == "failure"  # crashed 19 Aug 2023 (§7a)


def test_launch_vehicle_capacities_match_calt(reference: Scenario) -> None:
    # LM-5 flew 8.35 t to Earth–Moon transfer; LM-10 ≥ 27 t; LM-9 50 t (§7c). Tolerance: 100 kg.
    assert reference.launch_vehicle("lm-5").payload_tli_kg == pytest.approx(8400, abs=100)
    assert reference.launch_vehicle("lm-10").payload_tli_kg == pytest.approx(27000, abs=100)
    assert reference.launch_vehicle("lm-9").payload_tli_kg == pytest.approx(50000, abs=100)


def test_south_pole_site_and_nrho(reference: Scenario) -> None:
    site = reference.by_id["sites"]["connecting-ridge"]
    assert (site.lat_deg, site.lon_east_deg) == (-89.45, 222.7)  # type: ignore[attr-defined]
    nrho = reference.by_id["orbits"]["station-nrho"]
    assert nrho.kind.value == "nrho"  # type: ignore[attr-defined]


def test_orel_docks_to_the_idss_station(reference: Scenario) -> None:
    visit = reference.mission("orel-nrho-visit")
    (docking,) = visit.dockings
    station = reference.element(docking.target)
    port = next(p for p in station.ports if p.id == docking.target_port)
    assert port.standard == "idss-passive"
    assert reference.element(docking.vehicle).partner == "roscosmos"


def test_every_mission_launches_inside_a_stage(reference: Scenario) -> None:
    assert all(reference.mission_stage(m) is not None for m in reference.missions)


def test_reference_ridge_matches_glaser_at_10_m() -> None:
    """The calibrated ridge skyline reproduces Gläser et al. 2014: 95.65 % lit at 10 m.

    (Icarus 243:78–90, lunar-environment.md §1a row 5; tolerance ±2 percentage points as
    that table says.) The skyline is calibrated, so this guards the calibration against
    drift in the scenario or the ephemeris rather than validating the model.
    """

    result = engine_result(load_scenario("ilrs-reference"), "environment")
    ridge = result.summary.model_dump()["sites"]["connecting-ridge"]
    assert ridge["sun_center_lit_fraction"] == pytest.approx(0.9565, abs=0.02)
    # Bryant 2009: 51 % direct-to-Earth at the best site, ±5 pp (§1a row 9)
    assert ridge["earth_visible_fraction"] == pytest.approx(0.51, abs=0.05)
