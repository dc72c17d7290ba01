"""StationEngine on small scenarios with a synthetic environment (hand-checkable)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lunarstation.engine import EngineResult
from lunarstation.scenario import Scenario
from lunarstation.station.engine import StationEngine
from lunarstation.station.samples import power_samples
from tests.station.harness import (
    DARK_FROM,
    DARK_HOURS,
    RelayAlwaysInView,
    codes,
    site_arrays,
    site_frame,
    station,
)
from tests.support import engine_result, with_options

O2_PER_CM_DAY = 0.816  # NASA BVAD 2015 via V-HAB, reference/lunar-environment.md §3a

SCENARIO: dict[str, Any] = {
    "name": "station-test",
    "simulation": {"start": "2030-06-01T00:00:00Z", "end": "2030-07-31T00:00:00Z", "step_h": 1},
    "stages": [{"id": "s1", "name": "One", "start": "2030-01-01", "end": "2031-12-31"}],
    "partners": [{"id": "p1", "name": "P", "agency": "A", "country": "X", "joined": "2021-01-01"}],
    "sites": [{"id": "site", "name": "Site", "lat_deg": -89.0, "lon_east_deg": 0.0}],
    "resources": [{"id": "o2", "name": "Oxygen"}, {"id": "food", "name": "Food"}],
    "launch_vehicles": [
        {"id": "lv", "name": "L", "partner": "p1", "payload_leo_kg": 20000, "payload_tli_kg": 8000}
    ],
    "elements": [
        {
            "id": "hab",
            "name": "Hab",
            "partner": "p1",
            "kind": "habitat",
            "dry_mass_kg": 4000,
            "power": {
                "nominal_w": 1000,
                "survival_w": 1000,
                "science_w": 200,
                "solar_array": {"area_m2": 10, "mounting": "full_tracking"},
                "battery": {
                    "capacity_kwh": 50,
                    "depth_of_discharge": 0.8,
                    "discharge_efficiency": 1.0,
                },
            },
            "stores": [{"resource": "o2", "capacity_kg": 100, "initial_kg": 16.32}],
        },
    ],
    "missions": [
        {
            "id": "m1",
            "name": "Hab",
            "partners": ["p1"],
            "launch": "2030-06-01T00:00:00Z",
            "transit_days": 1,
            "launch_vehicle": "lv",
            "destination": "site",
            "payload": {"elements": ["hab"], "cargo": [{"resource": "food", "mass_kg": 500}]},
        },
        {
            "id": "m2",
            "name": "Crew",
            "partners": ["p1"],
            "launch": "2030-06-09T00:00:00Z",
            "transit_days": 1,
            "launch_vehicle": "lv",
            "destination": "site",
            "crew": 2,
            "surface_days": 20,
        },
    ],
}


@pytest.fixture(scope="module")
def result() -> EngineResult:
    # No night mode: every load draws the battery until it is empty (the hand-checked case).
    return station(
        with_options(Scenario.model_validate(SCENARIO), station={"survival_reserve_share": 0.0})
    )


def test_engine_declares_its_inputs() -> None:
    assert StationEngine.name == "station"
    assert set(StationEngine.requires) == {"environment", "timeline"}
    assert StationEngine.uses == ("orbits", "capacity", "science")


def test_o2_runs_out_on_the_hand_computed_day(result: EngineResult) -> None:
    # 16.32 kg of O2 for 2 crew at 0.816 kg/CM-d (BVAD) lasts exactly 10 days from arrival
    # on 2030-06-10 00:00 UTC: the first short hour is 2030-06-20 00:00 (±1 h step).
    (exhausted,) = [f for f in codes(result, "CONSUMABLE_EXHAUSTED") if "o2" in f.message]
    assert exhausted.time == pd.Timestamp("2030-06-20T00:00:00Z").to_pydatetime()
    frame = site_frame(result)
    assert frame["o2_kg"].min() >= 0.0
    used = 16.32 - frame.loc["2030-06-19T23:00:00Z", "o2_kg"]
    assert used == pytest.approx(2 * O2_PER_CM_DAY * 10, abs=1e-6)
    assert frame["crew"].sum() == 2 * 20 * 24


def test_food_delivered_by_cargo_is_low_but_not_exhausted(result: EngineResult) -> None:
    # 500 kg food, 2 crew × 1.5 kg/d (BVAD) × 20 d = 60 kg: never short, never below 14 d reserve.
    assert not [f for f in result.findings if "food" in f.message]
    assert result.summary.model_dump()["sites"]["site"]["min_stock_crewed_kg"][
        "food"
    ] == pytest.approx(500 - 60, abs=1e-6)


def test_survival_power_fails_during_the_long_darkness(result: EngineResult) -> None:
    # Survival 1 kW + science 0.2 kW from a 50 kWh battery, DoD 0.8, η_d = 1: 40 kWh usable
    # carry 1.2 kW for 33 h (39.6 kWh); in hour 34 only 0.4 kWh is left: survival is short.
    (depleted,) = codes(result, "POWER_DEPLETED")
    assert depleted.time == (DARK_FROM + pd.Timedelta(hours=33)).to_pydatetime()
    assert result.summary.model_dump()["sites"]["site"]["power_shortfall_h"] == DARK_HOURS - 33
    frame = site_frame(result)
    soc = frame["state_of_charge"].dropna()
    assert soc.min() >= 0.2 - 1e-12
    assert soc.max() <= 1.0
    assert frame.index.tz is not None
    # Science (200 W) runs on the battery until it cannot, then is shed with the shortfall.
    assert frame.loc[DARK_FROM, "shed_w"] == 0.0
    assert frame.loc[DARK_FROM + pd.Timedelta(hours=33), "shed_w"] == pytest.approx(800.0)
    assert frame.loc[DARK_FROM + pd.Timedelta(hours=33), "survival_shortfall_w"] == pytest.approx(
        600.0
    )


def test_data_only_accumulates_without_earth_or_relay(result: EngineResult) -> None:
    assert codes(result, "DATA_BACKLOG")
    assert site_frame(result)["data_backlog_gbit"].is_monotonic_increasing


def test_declared_small_radiators_hit_the_thermal_limit() -> None:
    # 1 m², ε 0.9, 275 K against the 220 K lit sink rejects 0.9·σ·(275⁴ − 220⁴) ≈ 172 W
    # (σ CODATA 2018), far below the 1 kW survival load's heat.
    scenario = with_options(
        Scenario.model_validate(SCENARIO), station={"radiators": {"site": {"area_m2": 1.0}}}
    )
    result = station(scenario)
    rejection = [f for f in codes(result, "THERMAL_LIMIT") if "radiators" in f.message]
    assert rejection
    excess = site_frame(result).loc["2030-06-05T00:00:00Z", "heat_excess_w"]
    assert excess == pytest.approx(1200 - 0.9 * 5.670374419e-8 * (275**4 - 220**4), abs=1.0)


def test_a_relay_from_an_orbits_engine_clears_the_backlog_in_its_passes() -> None:
    # The station uses the orbits engine's relay coverage when one runs (here: always in
    # view), and the declared pattern otherwise (no relay satellite here: no relay at all).
    scenario = Scenario.model_validate(SCENARIO)
    with_orbits = station(scenario, RelayAlwaysInView())
    assert not codes(with_orbits, "DATA_BACKLOG")
    assert site_frame(with_orbits)["data_backlog_gbit"].max() == 0.0
    without = station(scenario)
    assert codes(without, "DATA_BACKLOG")
    assert site_frame(without)["data_backlog_gbit"].iloc[-1] > 0.0


def test_minimal_scenario_runs_on_the_real_environment(minimal: Scenario) -> None:

    result = engine_result(minimal, "station")
    frame = site_frame(result, "ridge")
    assert {"state_of_charge", "power_balance_w", "o2_kg", "crew", "data_backlog_gbit"} <= set(
        frame.columns
    )
    # Crew of 2 for 7 days (minimal.yaml): 14 crew-days on the ridge.
    assert result.summary.model_dump()["sites"]["ridge"]["crew_days"] == pytest.approx(14.0)
    assert not codes(result, "POWER_DEPLETED")


def test_crew_time_is_counted(result: EngineResult) -> None:
    # station/crewtime.py: 2 crew × 20 d × 32.5 h/7 d of programme time; 1 element in
    # service × 20 crewed days × 6.5 h/7 d of upkeep asked (no experiments).
    site = result.summary.model_dump()["sites"]["site"]
    assert site["crew_hours_available"] == pytest.approx(2 * 20 * 32.5 / 7)
    assert site["crew_hours_demanded"] == pytest.approx(20 * 6.5 / 7)
    assert not codes(result, "CREW_TIME_SHORT")


@settings(max_examples=15, deadline=None)
@given(st.floats(min_value=0.5, max_value=3.0), st.floats(min_value=1.0, max_value=2.0))
def test_samples_more_battery_never_hurts(base: float, extra: float) -> None:
    scenario = Scenario.model_validate(SCENARIO)
    arrays = site_arrays(scenario)
    ones = np.ones(2)
    margins = power_samples(arrays, ones, ones, np.array([base, base * extra]))
    assert margins["shortfall_h"][1] <= margins["shortfall_h"][0]
    assert (margins["min_state_of_charge"] >= 0.2 - 1e-9).all()


def test_samples_at_scale_one_match_the_engine(result: EngineResult) -> None:
    scenario = Scenario.model_validate(SCENARIO)
    arrays = site_arrays(scenario)
    margins = power_samples(arrays, np.ones(1), np.ones(1), np.ones(1))
    assert (
        margins["shortfall_h"][0]
        == result.summary.model_dump()["sites"]["site"]["power_shortfall_h"]
    )
    assert margins["first_shortfall"][0] == DARK_FROM + pd.Timedelta(hours=33)


def test_elements_retire_at_the_end_of_their_design_life() -> None:
    # A habitat with a 0.05-year (18.3-day) design life, delivered 2030-06-02, draws and
    # generates nothing after 2030-06-20: the July darkness cannot deplete it.
    data = dict(SCENARIO)
    data["elements"] = [{**SCENARIO["elements"][0], "design_life_years": 0.05}]
    scenario = Scenario.model_validate(data)
    result = station(scenario)
    frame = site_frame(result)
    assert frame.loc["2030-06-10T00:00:00Z", "demand_w"] == pytest.approx(1200.0)
    assert frame.loc["2030-06-21T00:00:00Z", "demand_w"] == 0.0
    assert not codes(result, "POWER_DEPLETED")


def test_samples_in_blocks_equal_one_block(monkeypatch: pytest.MonkeyPatch) -> None:
    # power_samples runs blocks of samples to bound memory; the split must not change margins.
    import lunarstation.station.samples as samples_module

    scenario = Scenario.model_validate(SCENARIO)
    arrays = site_arrays(scenario)
    scale = np.linspace(0.6, 1.4, 7)
    whole = power_samples(arrays, scale, scale[::-1], scale)
    monkeypatch.setattr(samples_module, "MEMORY_BUDGET_BYTES", len(arrays.utc) * 8 * 8 * 2)
    blocked = power_samples(arrays, scale, scale[::-1], scale)
    pd.testing.assert_frame_equal(whole, blocked)


def test_a_regenerative_fuel_cell_declared_in_the_scenario_stores_energy() -> None:
    # The hand case with its battery replaced by a 50 kWh RFC at round trip 1.0 (DoD 1):
    # 1.2 kW is carried for 41 full hours (49.2 kWh); in hour 42 only 0.8 kWh is left.
    data = dict(SCENARIO)
    habitat = dict(SCENARIO["elements"][0])
    power = {k: v for k, v in habitat["power"].items() if k != "battery"}
    habitat["power"] = {**power, "fuel_cell": {"storage_kwh": 50, "round_trip_efficiency": 1.0}}
    data["elements"] = [habitat]
    scenario = with_options(Scenario.model_validate(data), station={"survival_reserve_share": 0.0})
    result = station(scenario)
    (depleted,) = codes(result, "POWER_DEPLETED")
    assert depleted.time == (DARK_FROM + pd.Timedelta(hours=41)).to_pydatetime()
