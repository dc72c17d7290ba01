"""The ilrs-reference run's power story, end to end.

The ridge's nights last up to 227 h under its calibrated skyline (tests/scenario/
test_builtin.py). Until the ILRS-1 solar station and the 100 kWe nuclear plant (NASA
FSP-class analogue, lunar-environment.md §4) arrive, the outpost rides them out in
night mode: operations and science are shed, survival is always met.

The ridge is one grid: every ILRS module is cabled to the ILRS-1 solar station
(``ilrs-energy-1``), Chang'e-8's 28 V bus through the catalog's 120/28 V converter, the
plant by the ``ru-cn-npp`` mission. Cut the plant's cable and the ridge keeps shedding
after the plant lands; cut the solar station's and every module without a source of
its own is unpowered. Put the cables back and the story is the same as before.
"""

from __future__ import annotations

import pandas as pd
import pytest

from lunarstation import RunResult, Scenario, load_scenario, simulate
from tests.support import site_series

RIDGE = "connecting-ridge"


@pytest.fixture(scope="module")
def run() -> RunResult:
    return simulate(load_scenario("ilrs-reference"))


def rewired(scenario: Scenario, cut: str | None = None, like: Scenario | None = None) -> Scenario:
    """``scenario`` with every connection to ``cut`` removed, or with the connections of
    ``like`` put back."""
    missions = []
    for mission in scenario.missions:
        if like is not None:
            connections = like.mission(mission.id).connections
        else:
            connections = tuple(c for c in mission.connections if cut not in (c.a, c.b))
        missions.append(mission.model_copy(update={"connections": connections}))
    return scenario.model_copy(update={"missions": tuple(missions)})


def station_run(scenario: Scenario, base: RunResult) -> RunResult:
    return simulate(scenario, only=["station"], given={"environment": base.results["environment"]})


def ridge_shedding(run: RunResult) -> pd.Series:
    return site_series(run.series["station_series"], RIDGE)["shed_w"]


def test_survival_power_is_always_met(run: RunResult) -> None:
    assert not [f for f in run.findings if f.code == "POWER_DEPLETED"]
    assert run.summary()["station"]["sites"][RIDGE]["power_shortfall_h"] == 0


def test_ridge_sheds_load_before_the_nuclear_plant_and_never_after(run: RunResult) -> None:
    (shed,) = [f for f in run.findings if f.code == "LOADS_SHED" and f.subject == RIDGE]
    stage = run.scenario.stage_of(shed.time) if shed.time else None
    assert stage is not None
    assert stage.id == "construction-1"  # Chang'e-8 alone on the ridge, first long night
    frame = site_series(run.series["station_series"], RIDGE)
    npp_arrival = pd.Timestamp(run.scenario.mission("ru-cn-npp").arrival)
    assert (frame.loc[npp_arrival:, "shed_w"] == 0).all()


def test_the_ridge_is_one_grid(run: RunResult) -> None:
    ridge = run.summary()["station"]["sites"][RIDGE]
    assert list(ridge["grids"]) == ["chang-e-8-lander"]
    assert set(ridge["grids"]["chang-e-8-lander"]["elements"]) >= {
        "chang-e-8-lander", "ilrs-energy-1", "ilrs-comms-1", "ilrs-research-1", "lunar-npp",
    }  # fmt: skip
    links = run.tables["station_power_links"]
    assert links[links["site"] == RIDGE]["carries"].all()
    (change8,) = links[links["a"] == "chang-e-8-lander"].itertuples()
    assert (change8.status, change8.converter) == ("converter", "dc-dc-120-28")


def test_cutting_the_nuclear_plant_cable_keeps_the_ridge_shedding(run: RunResult) -> None:
    cut = station_run(rewired(run.scenario, cut="lunar-npp"), run)
    npp_arrival = pd.Timestamp(run.scenario.mission("ru-cn-npp").arrival)
    assert (ridge_shedding(cut).loc[npp_arrival:] > 0).any()
    grids = cut.summary()["station"]["sites"][RIDGE]["grids"]
    assert set(grids) == {"chang-e-8-lander", "lunar-npp"}
    assert grids["lunar-npp"]["elements"] == ["lunar-npp"]
    # Reconnected, the ridge's series is the reference one again.
    restored = station_run(rewired(rewired(run.scenario, cut="lunar-npp"), like=run.scenario), run)
    # (Both without the science engine: the full run's station carries scheduled loads.)
    reference = station_run(run.scenario, run)
    pd.testing.assert_frame_equal(
        restored.series["station_series"], reference.series["station_series"]
    )


def test_cutting_the_solar_station_leaves_the_modules_unpowered(run: RunResult) -> None:
    cut = station_run(rewired(run.scenario, cut="ilrs-energy-1"), run)
    unpowered = [f for f in cut.findings if f.code == "LOADS_UNPOWERED" and f.subject == RIDGE]
    named = {f.message.split(": ")[1].split(" ")[0] for f in unpowered}
    assert named == {"ilrs-comms-1", "ilrs-research-1", "ilrs-isru-1", "ilrs-tech-1",
                     "ilrs-astro-1"}  # fmt: skip
    assert not ridge_shedding(cut).equals(ridge_shedding(run))
