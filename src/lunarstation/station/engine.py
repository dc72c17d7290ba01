"""The station engine: power, life support, thermal, comms and crew of every site over time.

``StationEngine().run(scenario, context, inputs)`` requires the ``environment`` output
(each site's sky on the run's grid) and the ``timeline`` output (deliveries and crew
stays), and uses the ``orbits`` output for relay coverage when an orbits engine runs
(the declared 16-of-24-h relay pattern otherwise). Modelling choices come from the
scenario's ``options.station``. A site's power follows its wiring: elements joined by
working power connections share a grid, an unconnected element is an island
(:mod:`~lunarstation.station.grid`). It returns one long hourly series
(``station_series``: ``time``, ``site``, ``grid`` columns, one row per site, grid and
hour), tables of worst margins per site, of the grids and of the power connections,
findings, a :class:`StationSummary` and a :class:`StationOutput` of each site's capacity.

Power connections are judged with the interop catalog directly
(:func:`~lunarstation.station.wiring.power_links`), not through the interop engine's
output: the station must run without that engine (``only=["station"]``, studies), and
the verdict is a function of the scenario alone, so the station's result stays one
answer per scenario whatever else runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from pydantic import Field

from lunarstation.constants import DAY_S, J_PER_KWH
from lunarstation.engine import EngineInputs, EngineResult, RunContext, SummaryModel
from lunarstation.environment.engine import EnvironmentOutput
from lunarstation.findings import Finding
from lunarstation.logistics.timeline import TimelineOutput
from lunarstation.orbits.outputs import OrbitsOutput
from lunarstation.scenario import Scenario
from lunarstation.scenario.science import CrewTimeModel
from lunarstation.station.build import LEVELS, SiteArrays, build_site
from lunarstation.station.checks import ENGINE, hours_where, site_findings
from lunarstation.station.crewtime import crew_time
from lunarstation.station.loads import ScheduledLoads, SiteLoads
from lunarstation.station.options import StationOptions
from lunarstation.station.orbital import OrbitalStation, orbital_power
from lunarstation.station.scheduled import HousekeepingOutput
from lunarstation.station.site import (
    UNWIRED,
    GridSeries,
    SiteRun,
    has_content,
    simulate_site,
    site_frame,
    sized_radiators,
)
from lunarstation.station.tolerances import POWER_TOLERANCE_W

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class SiteCapacity:
    """One site's power and crew over the run's grid (length T), for downstream engines.

    The site's grids summed: ``load_w`` is (T, 4) demand per level of
    :data:`~lunarstation.station.build.LEVELS`; ``spare_w`` is generation neither served
    nor stored (what a new load could draw without touching the battery — on the grid
    that spills it: an island's spare power cannot feed another grid); ``stored_j``/
    ``capacity_j`` the batteries, J. ``supplied_w`` per generating element: the part of
    its generation its own grid took (served a load or charged a battery), W, shared
    within a grid in proportion to what each member generated.
    """

    generation_w: FloatArray
    load_w: FloatArray
    served_w: FloatArray
    shed_w: FloatArray
    spare_w: FloatArray
    stored_j: FloatArray
    capacity_j: FloatArray
    crew: FloatArray
    supplied_w: Mapping[str, FloatArray] = field(default_factory=dict)


@dataclass(frozen=True)
class StationOutput:
    """What the station hands downstream: each simulated site's capacity series."""

    sites: Mapping[str, SiteCapacity]


class GridStation(SummaryModel):
    """Worst margins of one grid of a site (an unconnected element is a grid of one)."""

    elements: list[str]
    """Every element that was on the grid, in delivery order."""
    start: datetime
    """First hour the grid exists."""
    end: datetime
    """Last hour the grid exists."""
    powered: bool
    """A member generates or stores power whenever the grid exists (False: its loads had
    nothing to run on, LOADS_UNPOWERED)."""
    battery_kwh: float
    """Largest installed storage, kWh."""
    min_state_of_charge: float | None
    """Lowest state of charge, 0–1; null without storage."""
    max_shed_w: float
    shed_h: float
    """Hours with load shed (over the power tolerance)."""
    power_shortfall_h: float
    """Hours with survival loads unmet."""


class SiteStation(SummaryModel):
    """Worst margins of one site over the run, over all its grids."""

    elements: int
    """Elements delivered to the site over the run."""
    battery_kwh: float
    """Largest installed storage (batteries and fuel cells, all grids), kWh."""
    min_state_of_charge: float | None
    """Lowest state of charge of any grid, 0–1; null without storage."""
    max_shed_w: float
    """Largest load shed in one hour, all grids together, W."""
    power_shortfall_h: float
    """Hours with survival loads unmet on some grid (unpowered islands included)."""
    crew_days: float
    crew_hours_available: float
    crew_hours_demanded: float
    max_data_backlog_gbit: float
    max_heat_excess_w: float
    min_stock_crewed_kg: dict[str, float | None]
    """Lowest stock of each resource while crew is aboard, kg (null: never crewed)."""
    grids: dict[str, GridStation]
    """Each grid of the site by id (the ``grid`` of ``station_series``)."""


class StationSummary(SummaryModel):
    """``summary.json["station"]``: worst margins per site id."""

    sites: dict[str, SiteStation]
    orbital: dict[str, OrbitalStation] = Field(default_factory=dict)
    """Orbital-station elements with power data, by element id (station/orbital.py)."""


def run_site(arrays: SiteArrays, options: StationOptions) -> pd.DataFrame:
    """Run the kernels for one site (one sample) and return its rows of the series,
    indexed by UTC time, one row per grid and step (``grid`` column)."""
    return site_frame(simulate_site(arrays, options)).set_index("time")


def _short_anywhere(run: SiteRun) -> NDArray[np.bool_]:
    """Per step: survival loads unmet (over the tolerance) on some grid."""
    mask = np.zeros(len(run.arrays.utc), dtype=bool)
    for grid in run.grids:
        mask[grid.steps[grid.short_w > POWER_TOLERANCE_W]] = True
    return mask


def _min_soc(values: FloatArray) -> float | None:
    finite = values[np.isfinite(values)]
    return None if finite.size == 0 else float(finite.min())


def grid_summary(grid: GridSeries, run: SiteRun) -> GridStation:
    """Worst margins of one grid."""
    utc, step_s = run.arrays.utc, run.arrays.step_s
    return GridStation(
        elements=list(grid.elements),
        start=utc[grid.steps[0]].to_pydatetime(),
        end=utc[grid.steps[-1]].to_pydatetime(),
        powered=bool(grid.powered.all()),
        battery_kwh=float(grid.capacity_j.max() / J_PER_KWH),
        min_state_of_charge=_min_soc(grid.state_of_charge),
        max_shed_w=float(grid.shed_w.max()),
        shed_h=hours_where(grid.shed_w > POWER_TOLERANCE_W, step_s),
        power_shortfall_h=hours_where(grid.short_w > POWER_TOLERANCE_W, step_s),
    )


def site_summary(run: SiteRun, crew_model: CrewTimeModel) -> SiteStation:
    """Worst margins of one site, over all its grids."""
    arrays = run.arrays
    crew = crew_time(arrays, crew_model)
    soc = [g.state_of_charge for g in run.grids]
    crewed = arrays.crew > 0
    return SiteStation(
        elements=len(arrays.elements),
        battery_kwh=float(arrays.capacity_j.max(initial=0.0) / J_PER_KWH),
        min_state_of_charge=_min_soc(np.concatenate(soc)) if soc else None,
        max_shed_w=float(run.shed_w.max(initial=0.0)),
        power_shortfall_h=hours_where(_short_anywhere(run), arrays.step_s),
        crew_days=float(arrays.crew.sum() * arrays.step_s / DAY_S),
        crew_hours_available=crew["available_h"],
        crew_hours_demanded=crew["demand_h"],
        max_data_backlog_gbit=float(run.backlog_bit.max(initial=0.0) / 1e9),
        max_heat_excess_w=float(run.heat_excess_w.max(initial=0.0)),
        min_stock_crewed_kg={
            r: float(run.stock_kg[crewed, k].min()) if crewed.any() else None
            for k, r in enumerate(arrays.resources)
        },
        grids={g.grid: grid_summary(g, run) for g in run.grids if g.grid != UNWIRED},
    )


def site_capacity(run: SiteRun) -> SiteCapacity:
    """The capacity series downstream engines read: the site's grids summed."""
    arrays = run.arrays
    return SiteCapacity(
        generation_w=arrays.generation_w,
        load_w=arrays.load_w,
        served_w=run.served_w,
        shed_w=run.shed_w,
        spare_w=run.spilled_w,
        stored_j=run.stored_j,
        capacity_j=arrays.capacity_j,
        crew=arrays.crew,
        supplied_w=run.supplied_w,
    )


def grid_rows(arrays: SiteArrays, survival_reserve: float = 0.0) -> list[dict[str, Any]]:
    """Rows of ``station_grids``: each grid's members over each stretch they do not change.

    ``reserve_state_of_charge``: the state of charge below which only survival loads
    draw on the battery, (1 − DoD) + ``survival_reserve``·DoD (the kernel's floor plus the
    reserved share of the usable energy); NaN without storage. The report draws it.
    """
    step = pd.Timedelta(seconds=arrays.step_s)
    return [
        {
            "site": arrays.site,
            "grid": segment.grid,
            "start": arrays.utc[segment.start],
            "end": arrays.utc[segment.stop - 1] + step,
            "elements": ", ".join(arrays.nodes[m].element for m in segment.members),
            "powered": any(arrays.nodes[m].source for m in segment.members),
            "battery_kwh": segment.bank.capacity_kwh,
            "reserve_state_of_charge": (
                1.0 - segment.bank.depth_of_discharge * (1.0 - survival_reserve)
                if segment.bank.capacity_kwh > 0
                else float("nan")
            ),
        }
        for segment in arrays.segments
        if has_content(arrays.nodes, segment)
    ]


def link_rows(arrays: SiteArrays) -> list[dict[str, Any]]:
    """Rows of ``station_power_links``: each power connection and whether it carries."""
    return [
        {
            "site": arrays.site,
            "mission": link.mission,
            "a": link.a,
            "b": link.b,
            "time": link.arrival,
            "carries": link.carries,
            "status": link.status,
            "converter": link.converter or "",
            "reason": link.reason,
        }
        for link in arrays.links
    ]


def reserve_table(options: StationOptions) -> pd.DataFrame:
    """``station_reserves``: per consumable, the net use per crew-day and the days of reserve
    kept (CONSUMABLE_LOW): the reserve at a step is crew × ``kg_per_crew_day`` ×
    ``reserve_days``, which the report draws against each store's inventory."""
    daily = options.life_support.net_kg_per_cm_day()
    return pd.DataFrame(
        [
            {"resource": r, "kg_per_crew_day": float(kg), "reserve_days": options.reserve_days}
            for r, kg in daily.items()
        ],
        columns=["resource", "kg_per_crew_day", "reserve_days"],
    )


def _long(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One long table from per-site rows: ``time``, ``site`` and ``grid`` first."""
    if not frames:
        return pd.DataFrame(columns=["time", "site", "grid"])
    # Column by column: one concatenation per column, no block consolidation and no
    # reordering copy afterwards (benchmarks/README.md, "Run").
    order = ["time", "site", "grid"]
    order += [c for c in next(iter(frames.values())).columns if c not in order]
    columns: dict[str, object] = {}
    for name in order:
        if name == "site":
            columns[name] = np.repeat(list(frames), [len(f) for f in frames.values()])
        else:
            columns[name] = pd.concat([f[name] for f in frames.values()], ignore_index=True)
    return pd.DataFrame(columns, copy=False)


class StationEngine:
    """Station systems over time at every surface site that receives elements."""

    name = ENGINE
    requires: tuple[str, ...] = ("environment", "timeline")
    uses: tuple[str, ...] = ("orbits", "capacity", "science")

    def site_arrays(
        self,
        scenario: Scenario,
        context: RunContext,
        inputs: EngineInputs,
        site: str,
        loads: SiteLoads | None = None,
    ) -> SiteArrays:
        """The kernels' arrays for one site: the one builder the engine and studies share.

        ``loads``: a scheduler's loads for the site (station/scheduled.py)."""
        orbits = inputs.optional(OrbitsOutput)
        relay = None if orbits is None else orbits.relay_visible.get(site)
        options = StationOptions.of(scenario.options.station)
        return build_site(
            scenario, site, context, inputs.require(EnvironmentOutput),
            inputs.require(TimelineOutput), options.life_support, relay, options.shed_order,
            scheduled=loads,
        )  # fmt: skip

    def _site_run(self, scenario: Scenario, context: RunContext, inputs: EngineInputs,
                  site: str, options: StationOptions) -> SiteRun:  # fmt: skip
        """The site's final run: the housekeeping pass reused where nothing was scheduled
        there, else the site rebuilt with the scheduled loads (station/scheduled.py)."""
        scheduled = inputs.optional(ScheduledLoads)
        loads = None if scheduled is None else scheduled.site_loads.get(site)
        housekeeping = inputs.optional(HousekeepingOutput)
        if loads is None and housekeeping is not None and site in housekeeping.runs:
            return housekeeping.runs[site]
        return simulate_site(self.site_arrays(scenario, context, inputs, site, loads), options)

    def run(self, scenario: Scenario, context: RunContext, inputs: EngineInputs) -> EngineResult:
        """Simulate every site of ``scenario`` that receives elements (with the scheduled
        loads of a science run when one is part of the run)."""
        options = StationOptions.of(scenario.options.station)
        deliveries = inputs.require(TimelineOutput).deliveries
        sites = [s.id for s in scenario.sites if (deliveries["destination"] == s.id).any()]
        frames: dict[str, pd.DataFrame] = {}
        summary: dict[str, SiteStation] = {}
        capacity: dict[str, SiteCapacity] = {}
        grids: list[dict[str, Any]] = []
        links: list[dict[str, Any]] = []
        findings: list[Finding] = []
        for site in sites:
            run = self._site_run(scenario, context, inputs, site, options)
            arrays = run.arrays
            frames[site] = site_frame(run)
            summary[site] = site_summary(run, scenario.science.crew_time)
            capacity[site] = site_capacity(run)
            findings += site_findings(run, options, scenario.science.crew_time)
            grids += grid_rows(arrays, options.survival_reserve)
            links += link_rows(arrays)
        orbital = orbital_power(
            scenario, context.grid, inputs.optional(OrbitsOutput),
            inputs.require(TimelineOutput).crew_stays, options,
        )  # fmt: skip
        findings += orbital.findings
        margins = pd.DataFrame(
            [
                {"site": s, **summary[s].model_dump(exclude={"min_stock_crewed_kg", "grids"})}
                for s in sites
            ]
        )
        return EngineResult(
            engine=ENGINE,
            output=StationOutput(capacity),
            summary=StationSummary(sites=summary, orbital=orbital.summary),
            tables={
                "sites": margins,
                "grids": pd.DataFrame(grids, columns=GRID_COLUMNS),
                "power_links": pd.DataFrame(links, columns=LINK_COLUMNS),
                "reserves": reserve_table(options),
            },
            series={"series": _long(frames)}
            | ({"orbital": orbital.series} if orbital.summary else {}),
            findings=tuple(findings),
            highlights=tuple(
                f"{s}: battery {summary[s].battery_kwh:.0f} kWh, minimum state of charge "
                f"{100 * (summary[s].min_state_of_charge or 0):.0f} %, "
                f"{summary[s].power_shortfall_h:.0f} h short of survival power"
                for s in sites
                if summary[s].battery_kwh > 0  # sites with storage to speak of
            ),
        )


GRID_COLUMNS = (
    "site", "grid", "start", "end", "elements", "powered", "battery_kwh",
    "reserve_state_of_charge",
)  # fmt: skip
LINK_COLUMNS = ("site", "mission", "a", "b", "time", "carries", "status", "converter", "reason")

__all__ = [
    "ENGINE",
    "LEVELS",
    "GridStation",
    "SiteCapacity",
    "SiteStation",
    "StationEngine",
    "StationOptions",
    "StationOutput",
    "StationSummary",
    "run_site",
    "site_findings",
    "site_summary",
    "sized_radiators",
]
