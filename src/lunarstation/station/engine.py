"""The station engine: power, life support, thermal, comms and crew of every site over time.

``StationEngine().run(scenario, inputs)`` needs the ``environment`` result (per-site Sun
and Earth series on the campaign grid) and the ``timeline`` result (deliveries and crew
stays). It returns one time-series table per site (``station_<site>``, UTC index), a
``station_sites`` table of worst margins, findings and a ``station`` summary.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from lunarstation.engine import EngineResult
from lunarstation.findings import Finding, Severity
from lunarstation.scenario import Scenario
from lunarstation.station.build import SiteArrays, build_site
from lunarstation.station.comms import Links, backlog_grows
from lunarstation.station.kernel import backlog_kernel, inventory_kernel, power_kernel
from lunarstation.station.lifesupport import LifeSupport
from lunarstation.station.thermal import SINK_LIT_K, Radiators, heat_excess_w, sink_temperature_k

ENGINE = "station"
ONE = np.ones(1)
CREW_WORK_H_PER_DAY = 8.0
"""Hours a crew member can give to experiments and maintenance per surface day:
ENGINEERING ESTIMATE (a working day; no stored source gives a lunar figure)."""
MAINTENANCE_H_PER_ELEMENT_DAY = 0.5
"""Crew maintenance per element per crewed day, hours: ENGINEERING ESTIMATE."""


@dataclass(frozen=True)
class StationOptions:
    """Modelling choices the scenario does not (yet) carry."""

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
    reserve_days: float = 14.0
    """CONSUMABLE_LOW below this many days of the current crew's need."""
    backlog_window_days: float = 30.0
    """DATA_BACKLOG when the backlog never empties and grows over this last window."""


def run_site(arrays: SiteArrays, options: StationOptions) -> pd.DataFrame:
    """Run the kernels for one site (one sample) and return its time series."""
    steps, bank = len(arrays.utc), arrays.bank
    power = [np.zeros((1, steps)) for _ in range(6)]
    power_kernel(
        arrays.generation_w[None, :], arrays.load_w, ONE, arrays.capacity_j, ONE,
        bank.depth_of_discharge, bank.charge_efficiency, bank.discharge_efficiency,
        options.survival_reserve, arrays.step_s, *power,
    )  # fmt: skip
    stored, served, shed, short, spilled, _loss = (a[0] for a in power)
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
        "stored_kwh": stored / 3.6e6,
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
        hours = np.count_nonzero(short > 0) * arrays.step_s / 3600
        add(Severity.ERROR, "POWER_DEPLETED", when,
            f"survival loads unmet from {when:%Y-%m-%d %H:%M} UTC, short by up to "
            f"{short.max():.0f} W, {hours:.0f} h in all")  # fmt: skip
        add(Severity.WARNING, "THERMAL_LIMIT", when,
            "survival heaters cannot be powered: heating cannot keep up")  # fmt: skip
    shed = frame["shed_w"].to_numpy()
    if (when := _first(shed > 0, arrays.utc)) is not None:
        hours = np.count_nonzero(shed > 0) * arrays.step_s / 3600
        years = sorted({moment.year for moment in arrays.utc[shed > 0]})
        add(Severity.WARNING, "LOADS_SHED", when,
            f"operations and science shed to save power from {when:%Y-%m-%d %H:%M} UTC, up to "
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
    window = int(options.backlog_window_days * 86_400 / arrays.step_s)
    if backlog_grows(frame["data_backlog_gbit"].to_numpy(), window):
        add(Severity.WARNING, "DATA_BACKLOG", arrays.utc[-1],
            f"the data backlog only grows, {frame['data_backlog_gbit'].iloc[-1]:.1f} Gbit at the end")  # fmt: skip
    return found


def crew_time(arrays: SiteArrays) -> dict[str, float]:
    """Crew-hours the stays give and experiments plus maintenance ask for, at one site."""
    crew_days = float(arrays.crew.sum() * arrays.step_s / 86_400)
    crewed_days = float(np.count_nonzero(arrays.crew) * arrays.step_s / 86_400)
    maintenance = crewed_days * len(arrays.elements) * MAINTENANCE_H_PER_ELEMENT_DAY
    return {
        "available_h": crew_days * CREW_WORK_H_PER_DAY,
        "demand_h": maintenance + arrays.experiment_crew_h,
    }


def site_summary(frame: pd.DataFrame, arrays: SiteArrays) -> dict[str, Any]:
    """Worst margins of one site (JSON-ready)."""
    soc = frame["state_of_charge"].dropna()
    return {
        "elements": len(arrays.elements),
        "battery_kwh": float(arrays.capacity_j.max() / 3.6e6),
        "min_state_of_charge": None if soc.empty else float(soc.min()),
        "max_shed_w": float(frame["shed_w"].max()),
        "power_shortfall_h": float(
            (frame["survival_shortfall_w"] > 0).sum() * arrays.step_s / 3600
        ),
        "crew_days": float(arrays.crew.sum() * arrays.step_s / 86_400),
        "crew_hours_available": crew_time(arrays)["available_h"],
        "crew_hours_demanded": crew_time(arrays)["demand_h"],
        "max_data_backlog_gbit": float(frame["data_backlog_gbit"].max()),
        "max_heat_excess_w": float(frame["heat_excess_w"].max()),
        "min_stock_crewed_kg": {
            r: float(frame[f"{r}_kg"][arrays.crew > 0].min()) if arrays.crew.any() else None
            for r in arrays.resources
        },
    }


class StationEngine:
    """Station systems over time at every surface site that receives elements."""

    name = ENGINE
    requires: tuple[str, ...] = ("environment", "timeline")

    def __init__(self, options: StationOptions | None = None) -> None:
        self.options = options or StationOptions()

    def run(self, scenario: Scenario, inputs: Mapping[str, EngineResult]) -> EngineResult:
        """Simulate every site of ``scenario`` that receives elements."""
        environment, timeline = inputs["environment"].data, inputs["timeline"].data
        deliveries = timeline["deliveries"]
        sites = [s.id for s in scenario.sites if (deliveries["destination"] == s.id).any()]
        tables: dict[str, pd.DataFrame] = {}
        summary: dict[str, Any] = {}
        findings: list[Finding] = []
        for site in sites:
            arrays = build_site(scenario, site, environment, timeline, self.options.life_support)
            frame = run_site(arrays, self.options)
            tables[f"station_{site}"] = frame
            summary[site] = site_summary(frame, arrays)
            findings += site_findings(site, frame, arrays, self.options)
        margins = pd.DataFrame(
            [
                {"site": s, **{k: v for k, v in summary[s].items() if k != "min_stock_crewed_kg"}}
                for s in sites
            ]
        )
        return EngineResult(
            engine=ENGINE,
            summary={"station": summary},
            tables={**tables, "station_sites": margins},
            findings=tuple(findings),
            data={"series": tables},
            highlights=tuple(
                f"{s}: battery {summary[s]['battery_kwh']:.0f} kWh, minimum state of charge "
                f"{100 * (summary[s]['min_state_of_charge'] or 0):.0f} %, "
                f"{summary[s]['power_shortfall_h']:.0f} h short of survival power"
                for s in sites
                if summary[s]["battery_kwh"] > 0  # sites with storage to speak of
            ),
        )


__all__ = ["ENGINE", "StationEngine", "StationOptions", "run_site", "site_findings", "site_summary"]
