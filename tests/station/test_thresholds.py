"""Findings compare against stated physical tolerances, never against zero.

A quiet site (the habitat of tests/station/test_engine.py with a steady source and a
relay always in view: no shortfall, no shedding, nothing short) gets floating-point
dust added to every quantity a finding reads; none may appear. The same quantities
just above their tolerance (tolerances.py) each raise their finding.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from lunarstation.engine import EngineInputs
from lunarstation.scenario import Scenario
from lunarstation.scenario.science import CrewTimeModel
from lunarstation.station.engine import StationEngine, site_findings
from lunarstation.station.options import StationOptions
from lunarstation.station.site import SiteRun, simulate_site
from lunarstation.station.tolerances import (
    BACKLOG_TOLERANCE_BIT,
    HEAT_TOLERANCE_W,
    POWER_TOLERANCE_W,
    STOCK_TOLERANCE_KG,
)
from tests.station.harness import RelayAlwaysInView, synthetic_run
from tests.station.test_engine import SCENARIO

DUST = 1e-9  # relative to the tolerance: far below anything physical


@pytest.fixture(scope="module")
def quiet() -> tuple[SiteRun, StationOptions]:
    data = copy.deepcopy(SCENARIO)
    data["elements"][0]["power"]["steady_generation_w"] = 5000
    data["elements"][0]["stores"] = [{"resource": "o2", "capacity_kg": 100, "initial_kg": 100}]
    scenario = Scenario.model_validate(data)
    run = synthetic_run(scenario, RelayAlwaysInView())
    inputs = EngineInputs("station", run.results)
    arrays = StationEngine().site_arrays(scenario, run.context, inputs, "site")
    options = StationOptions.of(scenario.options.station)
    return simulate_site(arrays, options), options


def found(run: SiteRun, options: StationOptions) -> set[str]:
    return {f.code for f in site_findings(run, options, CrewTimeModel())}


def with_grid(run: SiteRun, **columns: Any) -> SiteRun:
    """``run`` with the habitat's grid columns set to the given values."""
    grids = []
    for grid in run.grids:
        if grid.grid == "hab":
            changed = {name: np.full_like(getattr(grid, name), value)
                       for name, value in columns.items()}  # fmt: skip
            grid = replace(grid, **changed)
        grids.append(grid)
    return replace(run, grids=tuple(grids))


def dusted(run: SiteRun, scale: float) -> SiteRun:
    """Every quantity a finding reads, at ``scale`` times its tolerance."""
    steps = len(run.arrays.utc)
    power = scale * POWER_TOLERANCE_W
    run = with_grid(run, short_w=power, shed_w=power)
    short_kg = np.zeros_like(run.short_kg)
    short_kg[-1] = scale * STOCK_TOLERANCE_KG
    backlog = np.linspace(1.0, 3.0, steps) * scale * BACKLOG_TOLERANCE_BIT
    return replace(
        run,
        heat_excess_w=np.full(steps, scale * HEAT_TOLERANCE_W),
        short_kg=short_kg,
        backlog_bit=backlog,
    )


def test_the_quiet_site_is_quiet(quiet: tuple[SiteRun, StationOptions]) -> None:
    assert found(*quiet) == set()


def test_floating_point_dust_raises_no_finding(quiet: tuple[SiteRun, StationOptions]) -> None:
    run, options = quiet
    assert found(dusted(run, DUST), options) == set()


def test_just_above_each_tolerance_raises_its_finding(
    quiet: tuple[SiteRun, StationOptions],
) -> None:
    run, options = quiet
    expected = {
        "POWER_DEPLETED", "THERMAL_LIMIT", "LOADS_SHED", "CONSUMABLE_EXHAUSTED", "DATA_BACKLOG",
    }  # fmt: skip
    assert found(dusted(run, 1.5), options) == expected


def test_an_unpowered_load_of_dust_is_not_a_finding(
    quiet: tuple[SiteRun, StationOptions],
) -> None:
    run, options = quiet
    unpowered = with_grid(run, powered=False, demand_w=DUST, survival_w=DUST)
    assert "LOADS_UNPOWERED" not in found(unpowered, options)
    loaded = with_grid(unpowered, demand_w=1.5 * POWER_TOLERANCE_W)
    assert "LOADS_UNPOWERED" in found(loaded, options)
