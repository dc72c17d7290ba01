"""A synthetic environment for hand-checkable station cases, shared by the station tests.

The sky is the same at every site: the Sun 1° up with its full disk, except one 60-h
darkness from 2030-07-01 00:00 UTC; the Earth never up. ``station(scenario)`` runs the
timeline, this environment and the station engine.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from lunarstation.engine import EngineInputs, EngineResult, RunContext
from lunarstation.environment.engine import EnvironmentOutput, SiteSky
from lunarstation.logistics.timeline import TimelineEngine
from lunarstation.orbits import OrbitsOutput
from lunarstation.scenario import Scenario
from lunarstation.simulate import RunResult, simulate
from lunarstation.station.build import SiteArrays
from lunarstation.station.engine import StationEngine
from tests.support import site_series

DARK_FROM, DARK_HOURS = pd.Timestamp("2030-07-01T00:00:00Z"), 60


def synthetic_sky(context: RunContext) -> SiteSky:
    """Sun 1° up with the full disk, except one 60-h darkness; Earth never up."""
    steps = len(context.grid)
    disk = np.ones(steps)
    first = context.utc.get_loc(DARK_FROM)
    disk[first : first + DARK_HOURS] = 0.0
    zeros, never = np.zeros(steps), np.zeros(steps, dtype=bool)
    sun = np.full(steps, np.radians(1.0))
    return SiteSky(sun, zeros, sun, disk, disk > 0, zeros, zeros, zeros, never, zeros)


class SyntheticEnvironment:
    """An environment engine with a hand-made sky at every site (hand-checkable cases)."""

    name = "environment"
    requires: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()

    def run(self, scenario: Scenario, context: RunContext, inputs: EngineInputs) -> EngineResult:
        sky = synthetic_sky(context)
        return EngineResult(
            self.name, output=EnvironmentOutput({s.id: sky for s in scenario.sites})
        )


class RelayAlwaysInView:
    """An orbits engine whose relay sees every site at every epoch."""

    name = "orbits"
    requires: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()

    def run(self, scenario: Scenario, context: RunContext, inputs: EngineInputs) -> EngineResult:
        always = np.ones(len(context.grid), dtype=bool)
        return EngineResult(self.name, output=OrbitsOutput({s.id: always for s in scenario.sites}))


def synthetic_run(scenario: Scenario, *extra: object) -> RunResult:
    """Timeline, the synthetic environment, any extra engines and the station."""
    engines = [TimelineEngine(), SyntheticEnvironment(), StationEngine(), *extra]
    return simulate(scenario, engines=engines)  # type: ignore[arg-type]


def station(scenario: Scenario, *extra: object) -> EngineResult:
    return synthetic_run(scenario, *extra).results["station"]


def site_frame(result: EngineResult, site: str = "site") -> pd.DataFrame:
    return site_series(result.series["series"], site)


def grid_frame(result: EngineResult, grid: str, site: str = "site") -> pd.DataFrame:
    """One grid's rows of a site's series, indexed by UTC time."""
    frame = site_frame(result, site)
    return frame[frame["grid"] == grid]


def site_arrays(scenario: Scenario) -> SiteArrays:
    """The one site builder, as studies use it, on the synthetic environment."""
    run = synthetic_run(scenario)
    return StationEngine().site_arrays(
        scenario, run.context, EngineInputs("station", run.results), "site"
    )


def codes(result: EngineResult, code: str) -> list[Any]:
    return [f for f in result.findings if f.code == code]


__all__ = [
    "DARK_FROM",
    "DARK_HOURS",
    "RelayAlwaysInView",
    "SyntheticEnvironment",
    "codes",
    "grid_frame",
    "site_arrays",
    "site_frame",
    "station",
    "synthetic_run",
    "synthetic_sky",
]
