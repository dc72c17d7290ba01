"""Turn the scenario, the timeline and the environment into plain arrays for one site.

Loads are grouped into four priority levels, shed last to first when power is short:
0 survival (heaters, keep-alive), 1 life support (O2 electrolysis), 2 operations (the
rest of nominal or crewed consumption), 3 science (element science modes and
experiments).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from lunarstation.constants import DAY_S, HOUR_S, J_PER_KWH, JULIAN_YEAR_S
from lunarstation.engine import RunContext
from lunarstation.environment.engine import EnvironmentOutput
from lunarstation.logistics.timeline import TimelineOutput
from lunarstation.scenario import Scenario
from lunarstation.scenario.hardware import Element, ElementKind
from lunarstation.station.comms import HOUSEKEEPING_KBPS_PER_ELEMENT
from lunarstation.station.lifesupport import LifeSupport
from lunarstation.station.power import BatteryBank, array_output_w, regenerative_fuel_cell

FloatArray = NDArray[np.float64]
LEVELS = ("survival", "life_support", "operations", "science")
DEFAULT_SHED_ORDER = ("science", "operations", "life_support")
"""Loads shed first to last when power is short (survival is never shed)."""


@dataclass(frozen=True)
class SiteArrays:
    """Everything the kernels need for one site, on the campaign grid (length T)."""

    site: str
    utc: pd.DatetimeIndex
    step_s: float
    generation_w: FloatArray
    load_w: FloatArray
    """(T, 4) demand per priority level, W."""
    bank: BatteryBank
    capacity_j: FloatArray
    crew: FloatArray
    resources: tuple[str, ...]
    delivered_kg: FloatArray
    """(T, R) arrivals per step."""
    demand_kg: FloatArray
    capacity_kg: FloatArray
    data_kbit: FloatArray
    sun_disk_fraction: FloatArray
    earth_visible: NDArray[np.bool_]
    relay_visible: NDArray[np.bool_]
    elements: tuple[str, ...]
    experiment_crew_h: float
    """Crew time the site's delivered experiments ask for, hours in all."""
    shed_order: tuple[str, ...] = DEFAULT_SHED_ORDER
    """Levels of :data:`LEVELS` shed first to last when power is short."""

    @property
    def kernel_load_w(self) -> FloatArray:
        """(T, 4) demand in the power kernel's priority order: survival, then the levels
        of ``shed_order`` from last shed to first shed."""
        order = [0, *(LEVELS.index(level) for level in reversed(self.shed_order))]
        result: FloatArray = np.ascontiguousarray(self.load_w[:, order])
        return result


def _index(utc: pd.DatetimeIndex, moment: Any) -> int:
    return int(utc.searchsorted(pd.Timestamp(moment), side="left"))


def _element_loads(element: Element, crew: FloatArray, live: FloatArray) -> FloatArray:
    power = element.power
    crewed = power.nominal_w if power.crewed_w is None else power.crewed_w
    operations = np.where(crew > 0, crewed, power.nominal_w) - power.survival_w
    rows = [
        power.survival_w * live,
        0.0 * live,
        np.clip(operations, 0.0, None) * live,
        power.science_w * live,
    ]
    return np.stack(rows, axis=1)


def _in_service(element: Element, seconds: FloatArray, start: int) -> FloatArray:
    """1.0 from delivery to the end of the element's design life (if it has one), else 0."""
    age_s = seconds - seconds[start]
    life_s = (
        np.inf if element.design_life_years is None else element.design_life_years * JULIAN_YEAR_S
    )
    live: FloatArray = ((age_s >= 0) & (age_s < life_s)).astype(float)
    return live


def crew_on_board(stays: pd.DataFrame, site: str, utc: pd.DatetimeIndex) -> FloatArray:
    """Crew present at ``site`` at each epoch (people), from the timeline's crew stays."""
    crew = np.zeros(len(utc))
    for row in stays[stays["destination"] == site].itertuples():
        crew[_index(utc, row.start) : _index(utc, row.end)] += float(row.crew)  # type: ignore[arg-type]
    return crew


RELAY_DAY_H = 24.0
RELAY_VISIBLE_H = 16.0
"""Hours a relay serves a site per day: Queqiao-2's pre-launch design gave > 8 h of link per
12-h orbit (Zhang 2021 via SCMP; ref §6); applied to its 24-h frozen orbit as 16 h of 24.
A labelled first-order stand-in until the orbits engine computes real passes."""


def relay_in_view(
    scenario: Scenario, deliveries: pd.DataFrame, utc: pd.DatetimeIndex
) -> NDArray[np.bool_]:
    """Relay visibility per epoch: 16 h of each day after the first relay satellite arrives."""
    relays = [
        time
        for time, kind, item in zip(
            deliveries["time"], deliveries["item_type"], deliveries["item"], strict=True
        )
        if kind == "element" and scenario.element(str(item)).kind is ElementKind.RELAY_SATELLITE
    ]
    if not relays:
        return np.zeros(len(utc), dtype=bool)
    hours = (utc - min(relays)).total_seconds().to_numpy() / HOUR_S
    visible: NDArray[np.bool_] = (hours >= 0) & (np.mod(hours, RELAY_DAY_H) < RELAY_VISIBLE_H)
    return visible


def build_site(
    scenario: Scenario,
    site: str,
    context: RunContext,
    environment: EnvironmentOutput,
    timeline: TimelineOutput,
    life: LifeSupport,
    relay_visible: NDArray[np.bool_] | None = None,
    shed_order: tuple[str, ...] = DEFAULT_SHED_ORDER,
) -> SiteArrays:
    """Arrays for ``site`` on the run's grid, from its sky and the timeline's deliveries.

    ``relay_visible``: relay coverage per epoch from the orbits engine; None falls back
    on the declared pattern (:func:`relay_in_view`). This is the one site builder: the
    station engine and :func:`~lunarstation.station.samples.power_samples` studies both
    start from what it returns.
    """
    utc = context.utc
    step_s = context.step_s
    sky = environment.sites[site]
    sun_el, sun_az = sky.sun_elevation_rad, sky.sun_azimuth_rad
    disk = sky.sun_disk_fraction
    deliveries = timeline.deliveries
    here = deliveries[deliveries["destination"] == site]
    crew = crew_on_board(timeline.crew_stays, site, utc)
    steps = len(utc)
    seconds = (utc - utc[0]).total_seconds().to_numpy()

    resources = tuple(r.id for r in scenario.resources)
    delivered = np.zeros((steps, len(resources)))
    store_capacity = np.zeros((steps, len(resources)))
    generation = np.zeros(steps)
    loads = np.zeros((steps, len(LEVELS)))
    capacity_j = np.zeros(steps)
    batteries = []
    elements = []
    housekeeping_kbps = np.zeros(steps)
    departures = here["departure"] if "departure" in here else pd.Series([pd.NaT] * len(here))
    for time, item_type, item, mass_kg, departure in zip(
        here["time"], here["item_type"], here["item"], here["mass_kg"], departures, strict=True
    ):
        start = _index(utc, time)
        if start >= steps:
            continue
        if item_type == "cargo":
            if item in resources:
                k = resources.index(item)
                delivered[start, k] += float(mass_kg)
                store_capacity[start:, k] += float(mass_kg)  # cargo arrives in its own containers
            continue
        element = scenario.element(str(item))
        elements.append(element.id)
        live = _in_service(element, seconds, start)
        if not pd.isna(departure):  # a crew vehicle leaves with its crew
            live[_index(utc, departure) :] = 0.0
        housekeeping_kbps += HOUSEKEEPING_KBPS_PER_ELEMENT * live
        loads += _element_loads(element, crew, live)
        generation += element.power.steady_generation_w * live
        if element.power.solar_array is not None:
            years = (seconds - seconds[start]) / JULIAN_YEAR_S
            generation += live * array_output_w(
                element.power.solar_array, sun_el, sun_az, disk, years
            )
        # A regenerative fuel cell joins the bank as an equivalent battery (power.py).
        energy_stores = [element.power.battery] if element.power.battery is not None else []
        if element.power.fuel_cell is not None:
            cell = element.power.fuel_cell
            energy_stores.append(
                regenerative_fuel_cell(cell.storage_kwh, cell.round_trip_efficiency)
            )
        for energy_store in energy_stores:
            batteries.append(energy_store)
            capacity_j += energy_store.capacity_kwh * J_PER_KWH * live
        for store in element.stores:
            if store.resource in resources:
                k = resources.index(store.resource)
                delivered[start, k] += store.initial_kg
                store_capacity[start:, k] += store.capacity_kg
    loads[:, 1] += life.electrolysis_w_per_cm() * crew

    daily = life.net_kg_per_cm_day()
    demand = np.zeros((steps, len(resources)))
    for k, resource in enumerate(resources):
        per_day = crew * daily.get(resource, 0.0) + life.leak_kg_per_day.get(resource, 0.0)
        demand[:, k] = per_day * step_s / DAY_S

    experiment_crew_h = 0.0
    data_kbps = housekeeping_kbps.copy()
    for experiment in scenario.experiments:
        if experiment.delivered_by is None or experiment.location not in (site, *elements):
            continue
        begin = _index(utc, scenario.mission(experiment.delivered_by).arrival)
        end = _index(utc, pd.Timestamp(scenario.mission(experiment.delivered_by).arrival)
                     + pd.Timedelta(days=experiment.duration_days))  # fmt: skip
        loads[begin:end, 3] += experiment.power_w
        experiment_crew_h += experiment.crew_time_h if begin < steps else 0.0
        data_kbps[begin:end] += experiment.data_rate_kbps

    relay = (
        relay_in_view(scenario, deliveries, utc)
        if relay_visible is None
        else np.asarray(relay_visible, dtype=bool)
    )
    return SiteArrays(
        site, utc, step_s, generation, loads, BatteryBank.of(batteries), capacity_j, crew,
        resources, delivered, demand, store_capacity, data_kbps * step_s, disk,
        sky.earth_visible, relay, tuple(elements),
        experiment_crew_h, tuple(shed_order),
    )  # fmt: skip


__all__ = [
    "DEFAULT_SHED_ORDER",
    "LEVELS",
    "SiteArrays",
    "build_site",
    "crew_on_board",
    "relay_in_view",
]
