"""A site's power follows its wiring: grids, islands, converters, connection times.

Hand case on the synthetic sky (tests/station/harness.py: Sun up with its full disk but
for a 60-h darkness from 2030-07-01 00:00 UTC), no night-mode reserve. Both elements land
on 2030-06-02 00:00 UTC:

* ``plant``: 10 m² full-tracking array at 30 %, no degradation (1361 · 10 · 0.30 =
  4083 W, Kopp & Lean 2011 solar constant), a 50 kWh battery (DoD 0.8, η_d 1), loads
  200 W, all survival;
* ``lab``: no array, a 10 kWh battery (DoD 0.8, η_d 1), loads 800 W of which 600 W survival.

Connected, the grid carries 1 kW on 48 kWh usable through 48 h of the darkness: survival
is short from 2030-07-03 00:00 for the last 12 h. As two islands, the lab's 8 kWh carry
its 800 W for 10 h from landing and it is short from 2030-06-02 10:00 to the end of the
run (2030-07-31 00:00), 1,407 h; the plant alone spends 12 kWh of 50 in the darkness
(lowest state of charge 0.76).
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pandas as pd
import pytest

from lunarstation.engine import EngineResult
from lunarstation.scenario import Scenario
from lunarstation.station.grid import grid_segments
from lunarstation.station.samples import power_samples
from tests.station.harness import DARK_FROM, codes, grid_frame, site_arrays, site_frame, station
from tests.station.test_engine import SCENARIO
from tests.support import with_options

WATT = 1.0
KWH = 3.6e6  # J
LANDING = pd.Timestamp("2030-06-02T00:00:00Z")
WIRE = {"a": "lab", "b": "plant", "kinds": ["power"]}
PLANT: dict[str, Any] = {
    "id": "plant", "name": "Plant", "partner": "p1", "kind": "power_plant", "dry_mass_kg": 1000,
    "power": {
        "nominal_w": 200, "survival_w": 200,
        "solar_array": {"area_m2": 10, "mounting": "full_tracking", "degradation_per_year": 0},
        "battery": {"capacity_kwh": 50, "depth_of_discharge": 0.8, "discharge_efficiency": 1.0},
    },
    "interfaces": {"power": ["ispsis-120vdc"]},
}  # fmt: skip
LAB: dict[str, Any] = {
    "id": "lab", "name": "Lab", "partner": "p1", "kind": "habitat", "dry_mass_kg": 1000,
    "power": {
        "nominal_w": 800, "survival_w": 600,
        "battery": {"capacity_kwh": 10, "depth_of_discharge": 0.8, "discharge_efficiency": 1.0},
    },
    "interfaces": {"power": ["ispsis-120vdc"]},
}  # fmt: skip
ROVER: dict[str, Any] = {
    "id": "rover", "name": "Rover", "partner": "p1", "kind": "rover", "dry_mass_kg": 500,
    "power": {"nominal_w": 400, "survival_w": 120},
}  # fmt: skip


def pair(
    *connections: dict[str, Any],
    lab_bus: str = "ispsis-120vdc",
    plant_bus: str = "ispsis-120vdc",
    extra: tuple[dict[str, Any], ...] = (),
    later: tuple[dict[str, Any], ...] = (),
) -> Scenario:
    """The plant and the lab landed together, wired by ``connections`` (on landing) and
    ``later`` (by a crew arriving 2030-06-10 00:00 UTC)."""
    data = copy.deepcopy(SCENARIO)
    data["resources"] = [{"id": "o2", "name": "Oxygen"}]
    lab = copy.deepcopy(LAB) | {"interfaces": {"power": [lab_bus]}}
    plant = copy.deepcopy(PLANT) | {"interfaces": {"power": [plant_bus]}}
    data["elements"] = [plant, lab, *extra]
    landing, crew = data["missions"]
    landing["payload"] = {"elements": ["plant", "lab", *(e["id"] for e in extra)]}
    landing["connections"] = list(connections)
    crew["connections"] = list(later)
    return with_options(Scenario.model_validate(data), station={"survival_reserve_share": 0.0})


@pytest.fixture(scope="module")
def connected() -> EngineResult:
    return station(pair(WIRE))


@pytest.fixture(scope="module")
def islands() -> EngineResult:
    return station(pair())


def site(result: EngineResult) -> dict[str, Any]:
    summary: dict[str, Any] = result.summary.model_dump()["sites"]["site"]
    return summary


def test_connected_elements_share_one_grid_through_the_night(connected: EngineResult) -> None:
    (depleted,) = codes(connected, "POWER_DEPLETED")
    assert depleted.time == (DARK_FROM + pd.Timedelta(hours=48)).to_pydatetime()
    assert "short by up to 800 W, 12 h in all" in depleted.message
    assert set(site(connected)["grids"]) == {"plant"}
    grid = site(connected)["grids"]["plant"]
    assert grid["elements"] == ["plant", "lab"]
    assert grid["battery_kwh"] == pytest.approx(60.0)
    assert grid["power_shortfall_h"] == 12
    assert grid["min_state_of_charge"] == pytest.approx(0.2, abs=1e-12)
    frame = grid_frame(connected, "plant")
    assert frame.loc[LANDING, "generation_w"] == pytest.approx(1361 * 10 * 0.30, abs=WATT)
    assert frame.loc[LANDING, "demand_w"] == pytest.approx(1000.0)


def test_unconnected_elements_are_islands_with_their_own_storage(islands: EngineResult) -> None:
    (depleted,) = codes(islands, "POWER_DEPLETED")
    assert depleted.time == (LANDING + pd.Timedelta(hours=10)).to_pydatetime()
    assert "on grid lab" in depleted.message
    assert "short by up to 600 W, 1407 h in all" in depleted.message
    grids = site(islands)["grids"]
    assert set(grids) == {"plant", "lab"}
    assert grids["lab"]["power_shortfall_h"] == 1407
    assert grids["plant"]["power_shortfall_h"] == 0
    assert grids["plant"]["min_state_of_charge"] == pytest.approx((50 - 12) / 50, abs=1e-12)
    assert site(islands)["power_shortfall_h"] == 1407
    # One row per site, grid and hour: both grids at every hour after landing.
    frame = site_frame(islands)
    assert list(frame.loc[LANDING, "grid"]) == ["lab", "plant"]
    assert grid_frame(islands, "lab").loc[LANDING, "generation_w"] == 0.0
    assert (frame.loc[: LANDING - pd.Timedelta(hours=1), "grid"] == "").all()


def test_islands_and_the_grid_differ_only_by_the_wiring(
    connected: EngineResult, islands: EngineResult
) -> None:
    # The site totals still hold every element's generation and demand.
    for result in (connected, islands):
        frame = site_frame(result)
        hour = frame.loc[[LANDING]]
        assert hour["demand_w"].sum() == pytest.approx(1000.0)
    assert not islands.tables["power_links"].size
    (link,) = connected.tables["power_links"].itertuples()
    assert (link.a, link.b, link.carries, link.status) == ("lab", "plant", True, "compatible")


@pytest.mark.parametrize(
    ("lab_bus", "plant_bus", "status", "grids"),
    [
        # ISPSIS 28 V and 120 V buses: the catalog's dc-dc-120-28 converter joins them.
        ("28vdc", "ispsis-120vdc", "converter", {"plant"}),
        # 3 kV AC against 28 V DC: no converter in the catalog, the cable carries nothing.
        ("lunar-grid-3kvac", "28vdc", "incompatible", {"plant", "lab"}),
    ],
)
def test_different_buses_connect_only_through_a_catalogued_converter(
    lab_bus: str, plant_bus: str, status: str, grids: set[str], islands: EngineResult
) -> None:
    result = station(pair(WIRE, lab_bus=lab_bus, plant_bus=plant_bus))
    (link,) = result.tables["power_links"].itertuples()
    assert link.status == status
    assert link.carries is (status == "converter")
    assert set(site(result)["grids"]) == grids
    if status == "incompatible":
        pd.testing.assert_frame_equal(site_frame(result), site_frame(islands))


def test_a_connection_takes_effect_when_its_mission_arrives() -> None:
    # The crew landing on 2030-06-10 makes the cable: until then the lab is an island
    # (short from 06-02 10:00, 182 h to 06-10); then the plant's grid takes it in with the
    # energy each brings: 50 kWh (full) + 2 kWh (the lab at its DoD floor) = 52 of 60 kWh.
    # In that hour 4083 − 1000 W charge it at η_c 0.95: 52 + 3.083 · 0.95 = 54.929 kWh.
    result = station(pair(later=(WIRE,)))
    joined = pd.Timestamp("2030-06-10T00:00:00Z")
    grids = result.tables["grids"]
    assert list(zip(grids["grid"], grids["elements"], grids["start"], strict=True)) == [
        ("lab", "lab", LANDING),
        ("plant", "plant", LANDING),
        ("plant", "plant, lab", joined),
    ]
    frame = grid_frame(result, "plant")
    assert frame.loc[joined, "stored_kwh"] == pytest.approx(52 + (1361 * 3 - 1000) * 0.95 / 1e3)
    assert grid_frame(result, "lab").index[-1] == joined - pd.Timedelta(hours=1)
    assert site(result)["grids"]["lab"]["power_shortfall_h"] == 182
    assert site(result)["power_shortfall_h"] == 182 + 12


def test_loads_with_no_source_on_their_island_are_unpowered() -> None:
    result = station(pair(WIRE, extra=(ROVER,)))
    (unpowered,) = codes(result, "LOADS_UNPOWERED")
    assert unpowered.severity.value == "error"  # its survival heaters cannot run
    assert unpowered.subject == "site"
    assert unpowered.time == LANDING.to_pydatetime()
    assert unpowered.message.startswith("site: rover has no working power connection")
    assert "up to 400 W of loads (120 W for survival)" in unpowered.message
    # The grid's own night is reported as before, on its grid; the rover is not in it.
    (depleted,) = codes(result, "POWER_DEPLETED")
    assert depleted.time == (DARK_FROM + pd.Timedelta(hours=48)).to_pydatetime()
    assert "on grid plant" in depleted.message
    assert site(result)["grids"]["rover"]["powered"] is False


def test_power_samples_run_every_grid_and_can_single_one_out() -> None:
    arrays = site_arrays(pair())
    ones = np.ones(2)
    whole = power_samples(arrays, ones, ones, np.array([1.0, 2.0]))
    # Scale 1 is the engine's site summary; a lab battery twice as big lasts 20 h.
    assert whole["shortfall_h"].tolist() == [1407, 1397]
    assert whole["first_shortfall"][0] == LANDING + pd.Timedelta(hours=10)
    plant = power_samples(arrays, ones, ones, ones, grid="plant")
    assert plant["shortfall_h"].tolist() == [0, 0]
    assert plant["min_state_of_charge"][0] == pytest.approx(0.76, abs=1e-12)
    with pytest.raises(ValueError, match="no grid 'hab'; its grids: lab, plant"):
        power_samples(arrays, ones, ones, ones, grid="hab")


def test_grid_ids_follow_their_lineage() -> None:
    # Nodes a, b, c (delivery order) over 6 steps: b arrives at 1, c at 2; a retires at 4.
    # a–b wired from step 1, b–c from step 3. The grid founded by a keeps its id while b
    # joins, absorbs c's island at step 3 (the older id survives) and after a retires.
    live = np.array(
        [[1, 1, 1, 1, 0, 0],
         [0, 1, 1, 1, 1, 1],
         [0, 0, 1, 1, 1, 1]], dtype=bool,
    )  # fmt: skip
    segments = grid_segments(live, [(0, 1, 1), (1, 2, 3)], ["a", "b", "c"])
    assert [(s.grid, s.start, s.stop, s.members) for s in segments] == [
        ("a", 0, 1, (0,)),
        ("a", 1, 3, (0, 1)),
        ("c", 2, 3, (2,)),
        ("a", 3, 4, (0, 1, 2)),
        ("a", 4, 6, (1, 2)),
    ]


def test_a_split_grid_keeps_its_id_on_the_part_with_its_oldest_member() -> None:
    # a–b–c in a line; b (the middle) retires at step 2: a keeps the grid's id, c is a
    # new island named after itself.
    live = np.array([[1, 1, 1, 1], [1, 1, 0, 0], [1, 1, 1, 1]], dtype=bool)
    segments = grid_segments(live, [(0, 1, 0), (1, 2, 0)], ["a", "b", "c"])
    assert [(s.grid, s.start, s.stop, s.members) for s in segments] == [
        ("a", 0, 2, (0, 1, 2)),
        ("a", 2, 4, (0,)),
        ("c", 2, 4, (2,)),
    ]


def test_each_source_is_credited_with_what_its_own_grid_took(
    connected: EngineResult, islands: EngineResult
) -> None:
    # With full batteries in sunlight the plant's grid takes only its loads: 1 kW when the
    # lab is on it, the plant's own 200 W when the lab is an island (the rest is spilled).
    hour = 48  # 2030-06-03 00:00 UTC, 48 h after the run starts
    for result, taken_w in ((connected, 1000.0), (islands, 200.0)):
        supplied = result.output.sites["site"].supplied_w
        assert set(supplied) == {"plant"}
        assert supplied["plant"][hour] == pytest.approx(taken_w)
        capacity = result.output.sites["site"]
        assert supplied["plant"].sum() == pytest.approx(
            (capacity.generation_w - capacity.spare_w).sum()
        )
