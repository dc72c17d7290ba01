"""Life support draws on the grid: when its level is shed, the loop stops.

Hand case on the synthetic sky (harness.py): a habitat with a 10 m² array and no storage,
loads 1 kW (all survival), 24 kg of O2; 2 crew from 2030-06-10 00:00 UTC for 30 days, closed
loop. Per crew member-day the loop recovers half of the 0.816 kg of O2 (BVAD via V-HAB;
Sabatier 50 %, NASA 2014), so 2 crew draw 0.816 kg/d = 0.034 kg/h; with the loop
stopped they draw 1.632 kg/d = 0.068 kg/h.

* Power to spare (a 5 kW steady source): 24 kg / 0.034 kg/h = 705.9 h, so the store is
  short in hour 705: 2030-07-09 09:00 UTC.
* No storage: in the 60-h darkness from 2030-07-01 00:00 (hour 504) everything is shed,
  life support included: 17.136 kg used by then, 4.08 kg in the darkness, 2.784 kg left,
  81.9 h more at 0.034 kg/h: short in hour 504 + 60 + 81 = 645, 2030-07-06 21:00 UTC —
  60 h sooner (60 h · (0.068 − 0.034) / 0.034).
"""

from __future__ import annotations

import copy

import pandas as pd
import pytest

from lunarstation.engine import EngineResult
from lunarstation.scenario import Scenario
from lunarstation.station.lifesupport import LifeSupport
from tests.station.harness import DARK_FROM, codes, site_frame, station
from tests.station.test_engine import SCENARIO
from tests.support import with_options

GRAM = 1e-3  # kg
LIFE_SUPPORT_W = 2 * LifeSupport(closed_loop=True).life_support_w_per_cm()
"""Closed-loop life support of the 2 crew, W."""


def habitat(steady_generation_w: float) -> Scenario:
    data = copy.deepcopy(SCENARIO)
    hab = data["elements"][0]
    hab["power"] = {
        "nominal_w": 1000,
        "survival_w": 1000,
        "steady_generation_w": steady_generation_w,
        "solar_array": {"area_m2": 10, "mounting": "full_tracking"},
    }
    hab["stores"] = [{"resource": "o2", "capacity_kg": 100, "initial_kg": 24.0}]
    data["missions"][1]["surface_days"] = 30
    scenario = Scenario.model_validate(data)
    return with_options(scenario, station={"closed_loop_life_support": True})


def o2_exhausted(result: EngineResult) -> pd.Timestamp:
    (finding,) = [f for f in codes(result, "CONSUMABLE_EXHAUSTED") if "o2" in f.message]
    assert finding.time is not None
    return pd.Timestamp(finding.time)


def test_life_support_is_a_load_at_its_level() -> None:
    # 2 crew: electrolysis 0.408 kg/d of O2 at 17.86 MJ/kg / 0.6 (140.6 W each) plus water
    # recovery 0.98 · 7.08 kg/d at 0.5 MJ/kg (estimate; 40.2 W each).
    per_crew_w = LIFE_SUPPORT_W / 2
    assert per_crew_w == pytest.approx(140.60 + 40.15, abs=0.03)
    frame = site_frame(station(habitat(5000.0)))
    assert frame.loc["2030-06-10T00:00:00Z", "demand_w"] == pytest.approx(1000 + LIFE_SUPPORT_W)


def test_shed_life_support_makes_oxygen_run_out_sooner() -> None:
    spare = station(habitat(5000.0))
    short = station(habitat(0.0))
    assert o2_exhausted(spare) == pd.Timestamp("2030-07-09T09:00:00Z")
    assert o2_exhausted(short) == pd.Timestamp("2030-07-06T21:00:00Z")
    assert o2_exhausted(spare) - o2_exhausted(short) == pd.Timedelta(hours=60)
    # In the darkness the loop stops: twice the O2 per hour while life support is shed.
    frame = site_frame(short)
    before, after = DARK_FROM - pd.Timedelta(hours=1), DARK_FROM + pd.Timedelta(hours=59)
    assert frame.loc[DARK_FROM, "shed_w"] == pytest.approx(1000 + LIFE_SUPPORT_W)
    assert frame.loc[before, "o2_kg"] - frame.loc[after, "o2_kg"] == pytest.approx(
        60 * 0.068, abs=GRAM
    )
    spared = site_frame(spare)
    assert spared.loc[before, "o2_kg"] - spared.loc[after, "o2_kg"] == pytest.approx(
        60 * 0.034, abs=GRAM
    )


def test_open_loop_does_not_depend_on_power() -> None:
    # Without the closed loop there is nothing to stop: the same O2 day either way.
    spare, short = (
        station(with_options(habitat(w), station={"closed_loop_life_support": False}))
        for w in (5000.0, 0.0)
    )
    assert o2_exhausted(spare) == o2_exhausted(short)
