"""Loads a scheduler adds to the station, and the housekeeping pass it schedules against.

The cycle between science and the station is cut in two passes (docs/architecture.md):

1. :class:`HousekeepingEngine` (``capacity``) runs the station with its own loads only
   (elements, life support, the scenario's fixed ``experiments``) and hands on each
   site's run and the spare power of every element's grid, hour by hour;
2. the science engine schedules tasks against that margin and hands back
   :class:`ScheduledLoads` (this module's type: the station reads no science type);
3. :class:`~lunarstation.station.engine.StationEngine` (``station``) *uses* both: a site
   without scheduled loads reuses its housekeeping run, a site with them is rebuilt with
   the loads (:func:`~lunarstation.station.build.build_site`'s ``scheduled``) and run
   again. That final run is the one every table and finding comes from.

A load no larger than what the housekeeping run *spilled* on its grid (battery full,
nothing shed) leaves the battery's state, and so every later hour, unchanged: that is
the margin the scheduler is given (:func:`node_spare_w`). Every watt of it ends as heat
in the site's thermal loop, so where the site's radiators are declared the scheduler is
also given what they could still reject (``heat_spare_w``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from lunarstation.engine import EngineInputs, EngineResult, RunContext
from lunarstation.logistics.timeline import TimelineOutput
from lunarstation.scenario import Scenario
from lunarstation.station.loads import ScheduledLoads, SiteLoads
from lunarstation.station.options import StationOptions
from lunarstation.station.site import SiteRun, has_content, heat_headroom_w, simulate_site
from lunarstation.station.tolerances import POWER_TOLERANCE_W

FloatArray = NDArray[np.float64]

CAPACITY_ENGINE = "capacity"


@dataclass(frozen=True)
class HousekeepingOutput:
    """The station without scheduled loads: each site's run and its spare power."""

    runs: Mapping[str, SiteRun]
    node_spare_w: Mapping[str, Mapping[str, FloatArray]]
    """Per site, per electrical element: power its grid spilled with the battery full and
    nothing shed, W (0 where its grid shed a load or it is not on a grid)."""
    host_spare_w: Mapping[str, FloatArray]
    """Per site: the same for the element that hosts crew life support at each hour."""
    heat_spare_w: Mapping[str, FloatArray]
    """Per site: heat its declared radiators could still reject, W (``inf`` without
    declared radiators; :func:`~lunarstation.station.site.heat_headroom_w`)."""


def node_spare_w(run: SiteRun) -> dict[str, FloatArray]:
    """Per element on the site's wiring: what its grid spilled and did not shed, W."""
    steps = len(run.arrays.utc)
    by_grid: dict[str, FloatArray] = {}
    for grid in run.grids:
        spare = np.zeros(steps)
        ok = grid.shed_w <= POWER_TOLERANCE_W
        spare[grid.steps] = np.where(ok, np.clip(grid.spilled_w, 0.0, None), 0.0)
        by_grid[grid.grid] = spare
    nodes = run.arrays.nodes
    spare_of = {node.element: np.zeros(steps) for node in nodes}
    for segment in run.arrays.segments:
        if not has_content(nodes, segment) or segment.grid not in by_grid:
            continue
        window = slice(segment.start, segment.stop)
        for m in segment.members:
            spare_of[nodes[m].element][window] = by_grid[segment.grid][window]
    return spare_of


def host_spare_w(run: SiteRun, spare_of: Mapping[str, FloatArray]) -> FloatArray:
    """(T,) spare power of the crew host's grid (0 where no element hosts)."""
    host = run.arrays.life_support_host
    steps = len(run.arrays.utc)
    result = np.zeros(steps)
    if host is None:
        return result
    for index, node in enumerate(run.arrays.nodes):
        here = host == index
        result[here] = spare_of[node.element][here]
    return result


class HousekeepingEngine:
    """The station's housekeeping pass: every site without scheduled loads (``capacity``).

    Requires the environment and the timeline like the station, uses the orbits' relay
    coverage; produces no tables: the station engine's final run does.
    """

    name = CAPACITY_ENGINE
    requires: tuple[str, ...] = ("environment", "timeline")
    uses: tuple[str, ...] = ("orbits",)

    def run(self, scenario: Scenario, context: RunContext, inputs: EngineInputs) -> EngineResult:
        """Simulate every site that receives elements, with its own loads only."""
        from lunarstation.station.engine import StationEngine  # one site builder for both

        station = StationEngine()
        options = StationOptions.of(scenario.options.station)
        deliveries = inputs.require(TimelineOutput).deliveries
        runs: dict[str, SiteRun] = {}
        nodes: dict[str, dict[str, FloatArray]] = {}
        hosts: dict[str, FloatArray] = {}
        heat: dict[str, FloatArray] = {}
        for site in scenario.sites:
            if not (deliveries["destination"] == site.id).any():
                continue
            run = simulate_site(station.site_arrays(scenario, context, inputs, site.id), options)
            runs[site.id] = run
            nodes[site.id] = node_spare_w(run)
            hosts[site.id] = host_spare_w(run, nodes[site.id])
            heat[site.id] = heat_headroom_w(run, options)
        output = HousekeepingOutput(runs, nodes, hosts, heat)
        return EngineResult(engine=CAPACITY_ENGINE, output=output)


__all__ = [
    "CAPACITY_ENGINE",
    "HousekeepingEngine",
    "HousekeepingOutput",
    "ScheduledLoads",
    "SiteLoads",
    "host_spare_w",
    "node_spare_w",
]
