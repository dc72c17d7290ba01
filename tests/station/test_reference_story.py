"""The ilrs-reference run's power story, end to end.

The ridge's nights last up to 227 h under its calibrated skyline (tests/scenario/
test_builtin.py). Until the ILRS-1 solar station and the 100 kWe nuclear plant (NASA
FSP-class analogue, lunar-environment.md §4) arrive, the outpost rides them out in
night mode: operations and science are shed, survival is always met.
"""

from __future__ import annotations

import pandas as pd
import pytest

from lunarstation import RunResult, load_scenario, simulate
from tests.support import site_series


@pytest.fixture(scope="module")
def run() -> RunResult:
    return simulate(load_scenario("ilrs-reference"))


def test_survival_power_is_always_met(run: RunResult) -> None:
    assert not [f for f in run.findings if f.code == "POWER_DEPLETED"]
    assert run.summary()["station"]["sites"]["connecting-ridge"]["power_shortfall_h"] == 0


def test_ridge_sheds_load_before_the_nuclear_plant_and_never_after(run: RunResult) -> None:
    (shed,) = [
        f for f in run.findings if f.code == "LOADS_SHED" and f.subject == "connecting-ridge"
    ]
    stage = run.scenario.stage_of(shed.time) if shed.time else None
    assert stage is not None
    assert stage.id == "construction-1"  # Chang'e-8 alone on the ridge, first long night
    frame = site_series(run.series["station_series"], "connecting-ridge")
    npp_arrival = pd.Timestamp(run.scenario.mission("ru-cn-npp").arrival)
    assert (frame.loc[npp_arrival:, "shed_w"] == 0).all()
