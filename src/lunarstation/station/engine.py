"""The station engine: power, life support, thermal, comms and crew of every site over time.

``StationEngine().run(scenario, context, inputs)`` requires the ``environment`` output
(each site's sky on the run's grid) and the ``timeline`` output (deliveries and crew
stays), and uses the ``orbits`` output for relay coverage when an orbits engine runs
(the declared 16-of-24-h relay pattern otherwise). Modelling choices come from the
scenario's ``options.station``. It returns one long hourly series (``station_series``,
a ``site`` column), a ``station_sites`` table of worst margins, findings, a
:class:`StationSummary` and a :class:`StationOutput` of each site's capacity series.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from lunarstation.constants import DAY_S, HOUR_S, J_PER_KWH
from lunarstation.engine import EngineInputs, EngineResult, RunContext, SummaryModel
from lunarstation.environment.engine import EnvironmentOutput
from lunarstation.findings import Finding, Severity
from lunarstation.logistics.timeline import TimelineOutput
from lunarstation.orbits.outputs import OrbitsOutput
from lunarstation.scenario import Scenario
from lunarstation.scenario.options import StationModelOptions
from lunarstation.station.build import DEFAULT_SHED_ORDER, LEVELS, SiteArrays, build_site
from lunarstation.station.comms import DIRECT_TO_EARTH_KBPS, RELAY_KBPS, Links, backlog_grows
from lunarstation.station.kernel import backlog_kernel, inventory_kernel, run_power
from lunarstation.station.lifesupport import LifeSupport
from lunarstation.station.thermal import SINK_LIT_K, Radiators, heat_excess_w, sink_temperature_k

FloatArray = NDArray[np.float64]

ENGINE = "station"
ONE = np.ones(1)
CREW_WORK_H_PER_DAY = 8.0
"""Hours a crew member can give to experiments and maintenance per surface day:
ENGINEERING ESTIMATE (a working day; no stored source gives a lunar figure)."""
MAINTENANCE_H_PER_ELEMENT_DAY = 0.5
"""Crew maintenance per element per crewed day, hours: ENGINEERING ESTIMATE."""


@dataclass(frozen=True)
class StationOptions:
    """The station's modelling choices, resolved from ``options.station`` of the scenario."""

    life_support: LifeSupport = field(default_factory=LifeSupport)
    radiators: Mapping[str, Radiators] = field(default_factory=dict)
    """Radiators per site id. A site without an entry gets radiators sized (at 275 K) for its
    peak heat against the lit sink, so only declared radiators can raise THERMAL_LIMIT for
    rejection; heaters still can (survival power unmet)."""
    links: Links = field(default_factory=Links)
    survival_reserve: float = 0.5
    """Share of usable battery energy kept for survival loads only (night mode); 0 lets
    every level draw the battery until it is empty. Default 0.5, a modelling choice: real
    landers hibernate through the night (Chang'e-3/-4, lunar-environment.md §4) instead of
    running operations until the battery is flat."""
    shed_order: tuple[str, ...] = DEFAULT_SHED_ORDER
    """Load levels shed first to last when power is short."""
    reserve_days: float = 14.0
    """CONSUMABLE_LOW below this many days of the current crew's need."""
    backlog_window_days: float = 30.0
    """DATA_BACKLOG when the backlog never empties and grows over this last window."""

    @classmethod
    def of(cls, options: StationModelOptions) -> StationOptions:
        """The options a scenario file declares, as the engine uses them."""
        links = options.links
        return cls(
            life_support=LifeSupport(closed_loop=options.closed_loop_life_support),
            radiators={
                site: Radiators(r.area_m2, r.emissivity, r.temperature_k)
                for site, r in options.radiators.items()
            },
            links=Links(
                DIRECT_TO_EARTH_KBPS if links.direct_kbps is None else links.direct_kbps,
                RELAY_KBPS if links.relay_kbps is None else links.relay_kbps,
            ),
            survival_reserve=options.survival_reserve_share,
            shed_order=tuple(options.shed_order),
            reserve_days=options.reserve_days,
            backlog_window_days=options.backlog_window_days,
        )


@dataclass(frozen=True)
class SiteCapacity:
    """One site's power and crew over the run's grid (length T), for downstream engines.

    ``load_w`` is (T, 4) demand per level of :data:`~lunarstation.station.build.LEVELS`;
    ``spare_w`` is generation neither served nor stored (what a new load could draw
    without touching the battery); ``stored_j``/``capacity_j`` the battery, J.
    """

    generation_w: FloatArray
    load_w: FloatArray
    served_w: FloatArray
    shed_w: FloatArray
    spare_w: FloatArray
    stored_j: FloatArray
    capacity_j: FloatArray
    crew: FloatArray


@dataclass(frozen=True)
class StationOutput:
    """What the station hands downstream: each simulated site's capacity series."""

    sites: Mapping[str, SiteCapacity]


class SiteStation(SummaryModel):
    """Worst margins of one site over the run."""

    elements: int
    """Elements delivered to the site over the run."""
    battery_kwh: float
    """Largest installed storage (batteries and fuel cells), kWh."""
    min_state_of_charge: float | None
    """Lowest state of charge, 0–1; null without storage."""
    max_shed_w: float
    power_shortfall_h: float
    """Hours with survival loads unmet."""
    crew_days: float
    crew_hours_available: float
    crew_hours_demanded: float
    max_data_backlog_gbit: float
    max_heat_excess_w: float
    min_stock_crewed_kg: dict[str, float | None]
    """Lowest stock of each resource while crew is aboard, kg (null: never crewed)."""


class StationSummary(SummaryModel):
    """``summary.json["station"]``: worst margins per site id."""

    sites: dict[str, SiteStation]


def run_site(arrays: SiteArrays, options: StationOptions) -> pd.DataFrame:
    """Run the kernels for one site (one sample) and return its time series."""
    steps, bank = len(arrays.utc), arrays.bank
    power = run_power(
        arrays.generation_w,
        arrays.kernel_load_w,
        arrays.capacity_j,
        depth_of_discharge=bank.depth_of_discharge,
        charge_efficiency=bank.charge_efficiency,
        discharge_efficiency=bank.discharge_efficiency,
        survival_reserve=options.survival_reserve,
        step_s=arrays.step_s,
    )
    stored, served, shed, short, spilled = (
        a[0] for a in (power.stored_j, power.served_w, power.shed_w,
                       power.survival_short_w, power.spilled_w)
    )  # fmt: skip
    shape = (1, steps, len(arrays.resources))
    stock, used, lack, overflow = (np.zeros(shape) for _ in range(4))
    inventory_kernel(
        arrays.delivered_kg, arrays.demand_kg, ONE, arrays.capacity_kg, stock, used, lack, overflow
    )
    link = options.links.capacity_kbps(arrays.earth_visible, arrays.relay_visible) * arrays.step_s
    backlog = np.zeros((1, steps))
    backlog_kernel(arrays.data_kbit[None, :] * 1e3, link[None, :] * 1e3, backlog)
    heat = served + arrays.crew * options.life_support.metabolic_heat_w
    radiators = options.radiators.get(arrays.site) or sized_radiators(float(heat.max()))
    excess = heat_excess_w(heat, radiators, sink_temperature_k(arrays.sun_disk_fraction))
    with np.errstate(invalid="ignore", divide="ignore"):
        soc = np.where(arrays.capacity_j > 0, stored / arrays.capacity_j, np.nan)
    columns: dict[str, Any] = {
        "generation_w": arrays.generation_w,
        "demand_w": arrays.load_w.sum(axis=1),
        "served_w": served,
        "shed_w": shed,
        "survival_shortfall_w": short,
        "spilled_w": spilled,
        "power_balance_w": arrays.generation_w - served,
        "stored_kwh": stored / J_PER_KWH,
        "state_of_charge": soc,
        "crew": arrays.crew,
        "data_backlog_gbit": backlog[0] / 1e9,
        "heat_excess_w": excess,
    }
    for k, resource in enumerate(arrays.resources):
        columns[f"{resource}_kg"] = stock[0, :, k]
        columns[f"{resource}_short_kg"] = lack[0, :, k]
    return pd.DataFrame(columns, index=arrays.utc.rename("time"))


def sized_radiators(peak_heat_w: float) -> Radiators:
    """Radiators that just reject ``peak_heat_w`` against the lit sink (:data:`SINK_LIT_K`)."""
    unit = Radiators(area_m2=1.0).capacity_w(np.array([SINK_LIT_K]))[0]
    return Radiators(area_m2=max(peak_heat_w, 0.0) / unit)


def _first(mask: Any, utc: pd.DatetimeIndex) -> pd.Timestamp | None:
    hits = np.flatnonzero(np.asarray(mask))
    return None if hits.size == 0 else utc[hits[0]]


def site_findings(
    site: str, frame: pd.DataFrame, arrays: SiteArrays, options: StationOptions
) -> list[Finding]:
    """POWER_DEPLETED, LOADS_SHED, CONSUMABLE_EXHAUSTED/LOW, THERMAL_LIMIT, DATA_BACKLOG of a site."""
    found: list[Finding] = []

    def add(severity: Severity, code: str, when: pd.Timestamp | None, message: str) -> None:
        moment = None if when is None else when.to_pydatetime()
        found.append(Finding(severity, code, site, moment, f"{site}: {message}", ENGINE))

    short = frame["survival_shortfall_w"].to_numpy()
    if (when := _first(short > 0, arrays.utc)) is not None:
        hours = np.count_nonzero(short > 0) * arrays.step_s / HOUR_S
        add(Severity.ERROR, "POWER_DEPLETED", when,
            f"survival loads unmet from {when:%Y-%m-%d %H:%M} UTC, short by up to "
            f"{short.max():.0f} W, {hours:.0f} h in all")  # fmt: skip
        add(Severity.WARNING, "THERMAL_LIMIT", when,
            "survival heaters cannot be powered: heating cannot keep up")  # fmt: skip
    shed = frame["shed_w"].to_numpy()
    if (when := _first(shed > 0, arrays.utc)) is not None:
        hours = np.count_nonzero(shed > 0) * arrays.step_s / HOUR_S
        years = sorted({moment.year for moment in arrays.utc[shed > 0]})
        order = ", then ".join(level.replace("_", " ") for level in options.shed_order)
        add(Severity.WARNING, "LOADS_SHED", when,
            f"loads shed to save power ({order}) from {when:%Y-%m-%d %H:%M} UTC, up to "
            f"{shed.max():.0f} W, {hours:.0f} h in all (in {', '.join(map(str, years))})")  # fmt: skip
    if (when := _first(frame["heat_excess_w"] > 0, arrays.utc)) is not None:
        add(Severity.WARNING, "THERMAL_LIMIT", when,
            f"radiators cannot reject the heat, up to {frame['heat_excess_w'].max():.0f} W over")  # fmt: skip
    daily = options.life_support.net_kg_per_cm_day()
    for resource in arrays.resources:
        if (when := _first(frame[f"{resource}_short_kg"] > 0, arrays.utc)) is not None:
            add(Severity.ERROR, "CONSUMABLE_EXHAUSTED", when,
                f"{resource} runs out on {when:%Y-%m-%d} with {int(arrays.crew[arrays.utc.get_loc(when)])} crew aboard")  # fmt: skip
            continue
        reserve = arrays.crew * daily.get(resource, 0.0) * options.reserve_days
        low = (arrays.crew > 0) & (frame[f"{resource}_kg"].to_numpy() < reserve)
        if (when := _first(low, arrays.utc)) is not None:
            add(Severity.WARNING, "CONSUMABLE_LOW", when,
                f"{resource} below {options.reserve_days:g} days of reserve on {when:%Y-%m-%d}")  # fmt: skip
    crew = crew_time(arrays)
    if crew["demand_h"] > crew["available_h"]:
        add(Severity.WARNING, "CREW_TIME_SHORT", None,
            f"experiments and maintenance ask {crew['demand_h']:.0f} crew-hours, the stays give "
            f"{crew['available_h']:.0f}")  # fmt: skip
    window = int(options.backlog_window_days * DAY_S / arrays.step_s)
    if backlog_grows(frame["data_backlog_gbit"].to_numpy(), window):
        add(Severity.WARNING, "DATA_BACKLOG", arrays.utc[-1],
            f"the data backlog only grows, {frame['data_backlog_gbit'].iloc[-1]:.1f} Gbit at the end")  # fmt: skip
    return found


def crew_time(arrays: SiteArrays) -> dict[str, float]:
    """Crew-hours the stays give and experiments plus maintenance ask for, at one site."""
    crew_days = float(arrays.crew.sum() * arrays.step_s / DAY_S)
    crewed_days = float(np.count_nonzero(arrays.crew) * arrays.step_s / DAY_S)
    maintenance = crewed_days * len(arrays.elements) * MAINTENANCE_H_PER_ELEMENT_DAY
    return {
        "available_h": crew_days * CREW_WORK_H_PER_DAY,
        "demand_h": maintenance + arrays.experiment_crew_h,
    }


def site_summary(frame: pd.DataFrame, arrays: SiteArrays) -> SiteStation:
    """Worst margins of one site."""
    soc = frame["state_of_charge"].dropna()
    crew = crew_time(arrays)
    return SiteStation(
        elements=len(arrays.elements),
        battery_kwh=float(arrays.capacity_j.max() / J_PER_KWH),
        min_state_of_charge=None if soc.empty else float(soc.min()),
        max_shed_w=float(frame["shed_w"].max()),
        power_shortfall_h=float((frame["survival_shortfall_w"] > 0).sum() * arrays.step_s / HOUR_S),
        crew_days=float(arrays.crew.sum() * arrays.step_s / DAY_S),
        crew_hours_available=crew["available_h"],
        crew_hours_demanded=crew["demand_h"],
        max_data_backlog_gbit=float(frame["data_backlog_gbit"].max()),
        max_heat_excess_w=float(frame["heat_excess_w"].max()),
        min_stock_crewed_kg={
            r: float(frame[f"{r}_kg"][arrays.crew > 0].min()) if arrays.crew.any() else None
            for r in arrays.resources
        },
    )


def site_capacity(frame: pd.DataFrame, arrays: SiteArrays) -> SiteCapacity:
    """The capacity series downstream engines read, from a site's time series."""
    return SiteCapacity(
        generation_w=arrays.generation_w,
        load_w=arrays.load_w,
        served_w=frame["served_w"].to_numpy(),
        shed_w=frame["shed_w"].to_numpy(),
        spare_w=frame["spilled_w"].to_numpy(),
        stored_j=frame["stored_kwh"].to_numpy() * J_PER_KWH,
        capacity_j=arrays.capacity_j,
        crew=arrays.crew,
    )


def _long(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One long table from per-site series: ``time`` and ``site`` first."""
    if not frames:
        return pd.DataFrame(columns=["time", "site"])
    parts = [frame.reset_index().assign(site=site) for site, frame in frames.items()]
    long = pd.concat(parts, ignore_index=True)
    first = ["time", "site"]
    return long[first + [c for c in long.columns if c not in first]]


class StationEngine:
    """Station systems over time at every surface site that receives elements."""

    name = ENGINE
    requires: tuple[str, ...] = ("environment", "timeline")
    uses: tuple[str, ...] = ("orbits",)

    def site_arrays(
        self, scenario: Scenario, context: RunContext, inputs: EngineInputs, site: str
    ) -> SiteArrays:
        """The kernels' arrays for one site: the one builder the engine and studies share."""
        orbits = inputs.optional(OrbitsOutput)
        relay = None if orbits is None else orbits.relay_visible.get(site)
        options = StationOptions.of(scenario.options.station)
        return build_site(
            scenario, site, context, inputs.require(EnvironmentOutput),
            inputs.require(TimelineOutput), options.life_support, relay, options.shed_order,
        )  # fmt: skip

    def run(self, scenario: Scenario, context: RunContext, inputs: EngineInputs) -> EngineResult:
        """Simulate every site of ``scenario`` that receives elements."""
        options = StationOptions.of(scenario.options.station)
        deliveries = inputs.require(TimelineOutput).deliveries
        sites = [s.id for s in scenario.sites if (deliveries["destination"] == s.id).any()]
        frames: dict[str, pd.DataFrame] = {}
        summary: dict[str, SiteStation] = {}
        capacity: dict[str, SiteCapacity] = {}
        findings: list[Finding] = []
        for site in sites:
            arrays = self.site_arrays(scenario, context, inputs, site)
            frame = run_site(arrays, options)
            frames[site] = frame
            summary[site] = site_summary(frame, arrays)
            capacity[site] = site_capacity(frame, arrays)
            findings += site_findings(site, frame, arrays, options)
        margins = pd.DataFrame(
            [{"site": s, **summary[s].model_dump(exclude={"min_stock_crewed_kg"})} for s in sites]
        )
        return EngineResult(
            engine=ENGINE,
            output=StationOutput(capacity),
            summary=StationSummary(sites=summary),
            tables={"sites": margins},
            series={"series": _long(frames)},
            findings=tuple(findings),
            highlights=tuple(
                f"{s}: battery {summary[s].battery_kwh:.0f} kWh, minimum state of charge "
                f"{100 * (summary[s].min_state_of_charge or 0):.0f} %, "
                f"{summary[s].power_shortfall_h:.0f} h short of survival power"
                for s in sites
                if summary[s].battery_kwh > 0  # sites with storage to speak of
            ),
        )


__all__ = [
    "ENGINE",
    "LEVELS",
    "SiteCapacity",
    "SiteStation",
    "StationEngine",
    "StationOptions",
    "StationOutput",
    "StationSummary",
    "run_site",
    "site_findings",
    "site_summary",
]
