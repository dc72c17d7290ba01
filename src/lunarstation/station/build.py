"""Turn the scenario, the timeline and the environment into plain arrays for one site.

Loads are grouped into four priority levels, shed last to first when power is short:
0 survival (heaters, keep-alive), 1 life support (O2 electrolysis and water recovery of
the closed loop), 2 operations (the rest of nominal or crewed consumption), 3 science
(element science modes and experiments).

Every element that draws, makes or stores power (or is named in a power connection) is
a :class:`~lunarstation.station.grid.PowerNode`; the site's power connections that work
(:mod:`~lunarstation.station.wiring`) join nodes into grids
(:mod:`~lunarstation.station.grid`). Loads that belong to the site rather than to an
element run on a *host* element:

* crew life support on the in-service node with the largest ``crew_capacity`` (the
  habitat; ties and a site without one: the first delivered node);
* an experiment on the element it is located at, else on the first node its delivering
  mission brought to the site, else (and whenever that element is out of service) on
  the crew's host.

With no node in service the site loads have nowhere to run (``unhosted_w``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from lunarstation.constants import DAY_S, HOUR_S, J_PER_KWH, JULIAN_YEAR_S
from lunarstation.engine import RunContext
from lunarstation.environment.engine import EnvironmentOutput
from lunarstation.interop.catalog import Catalog
from lunarstation.logistics.timeline import TimelineOutput
from lunarstation.scenario import Scenario
from lunarstation.scenario.hardware import Battery, Element, ElementKind
from lunarstation.station.comms import HOUSEKEEPING_KBPS_PER_ELEMENT
from lunarstation.station.grid import GridSegment, Link, PowerNode, grid_segments
from lunarstation.station.lifesupport import LifeSupport
from lunarstation.station.loads import SiteLoads
from lunarstation.station.power import BatteryBank, array_output_w, regenerative_fuel_cell
from lunarstation.station.wiring import PowerLink, power_links, power_wired

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
LEVELS = ("survival", "life_support", "operations", "science")
LIFE_SUPPORT = LEVELS.index("life_support")
SCIENCE = LEVELS.index("science")
DEFAULT_SHED_ORDER = ("science", "operations", "life_support")
"""Loads shed first to last when power is short (survival is never shed)."""


@dataclass(frozen=True)
class SiteArrays:
    """Everything the kernels need for one site, on the campaign grid (length T).

    ``generation_w``, ``load_w`` and ``capacity_j`` are site totals (every grid and the
    unhosted loads); the grids themselves are ``nodes`` joined by ``segments``.
    """

    site: str
    utc: pd.DatetimeIndex
    step_s: float
    generation_w: FloatArray
    load_w: FloatArray
    """(T, 4) demand per priority level, W (all grids and the unhosted loads)."""
    capacity_j: FloatArray
    crew: FloatArray
    resources: tuple[str, ...]
    delivered_kg: FloatArray
    """(T, R) arrivals per step."""
    demand_kg: FloatArray
    """(T, R) draw per step with the life-support loop running (closed loop: after
    recovery)."""
    open_loop_demand_kg: FloatArray
    """(T, R) draw per step when the life-support load is shed (nothing recovered)."""
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
    nodes: tuple[PowerNode, ...] = ()
    """The site's elements on its wiring, in delivery order."""
    segments: tuple[GridSegment, ...] = ()
    """The grids, segment by segment (:func:`~lunarstation.station.grid.grid_segments`)."""
    links: tuple[PowerLink, ...] = ()
    unhosted_w: FloatArray | None = None
    """(T, 4) site loads with no element in service to run on (None: none)."""
    life_support_host: IntArray | None = None
    """(T,) index of the node that runs crew life support, −1 where none is in service."""

    @property
    def level_order(self) -> list[int]:
        """Indices of :data:`LEVELS` in the power kernel's priority order: survival, then
        the levels of ``shed_order`` from last shed to first shed."""
        return [0, *(LEVELS.index(level) for level in reversed(self.shed_order))]

    @property
    def kernel_load_w(self) -> FloatArray:
        """(T, 4) site demand in the power kernel's priority order (:attr:`level_order`)."""
        result: FloatArray = np.ascontiguousarray(self.load_w[:, self.level_order])
        return result


def _index(utc: pd.DatetimeIndex, moment: Any) -> int:
    return int(utc.searchsorted(pd.Timestamp(moment), side="left"))


def element_loads(element: Element, crew: FloatArray, live: FloatArray) -> FloatArray:
    """(T, 4) demand of ``element`` per level of :data:`LEVELS`, W, while ``live`` (0–1):
    survival, no life support (that is a site load), operations (``crewed_w`` while
    ``crew`` > 0, else ``nominal_w``, less survival), science."""
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
    catalog: Catalog | None = None,
    scheduled: SiteLoads | None = None,
) -> SiteArrays:
    """Arrays for ``site`` on the run's grid, from its sky and the timeline's deliveries.

    ``relay_visible``: relay coverage per epoch from the orbits engine; None falls back
    on the declared pattern (:func:`relay_in_view`). ``catalog``: the interop catalog
    that judges power connections between different buses (default: the built-in one
    with the scenario's additions, loaded only when both ends of a connection declare a
    power interface). ``scheduled``: a scheduler's loads for the site
    (:mod:`~lunarstation.station.scheduled`), at the science level. This is the one site builder: the station engine and
    :func:`~lunarstation.station.samples.power_samples` studies both start from what it
    returns.

    Raises:
        DataError: the scenario's interop additions are malformed (when loaded).
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
    present = {str(item) for item, kind in zip(here["item"], here["item_type"], strict=True)
               if kind == "element"}  # fmt: skip
    wired = power_wired(scenario, present)
    nodes: dict[str, _Node] = {}
    elements = []
    delivered_by: dict[str, list[str]] = {}
    housekeeping_kbps = np.zeros(steps)
    departures = here["departure"] if "departure" in here else pd.Series([pd.NaT] * len(here))
    for time, item_type, item, mass_kg, departure, mission in zip(
        here["time"], here["item_type"], here["item"], here["mass_kg"], departures,
        here["mission"], strict=True,
    ):  # fmt: skip
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
        if electrical(element) or element.id in wired:
            node = nodes.setdefault(element.id, _Node(element, steps))
            node.add(element, live, start, crew, seconds, sun_el, sun_az, disk)
            delivered_by.setdefault(str(mission), []).append(element.id)
        for store in element.stores:
            if store.resource in resources:
                k = resources.index(store.resource)
                delivered[start, k] += store.initial_kg
                store_capacity[start:, k] += store.capacity_kg

    order = list(nodes)
    live_matrix = np.array([nodes[e].live > 0 for e in order]).reshape(len(order), steps)
    host = crew_host(live_matrix, [nodes[e].crew_capacity for e in order])
    unhosted = np.zeros((steps, len(LEVELS)))
    _host(nodes, order, host, LIFE_SUPPORT, life.life_support_w_per_cm() * crew, unhosted)

    demand, open_demand = _consumable_demand(life, crew, resources, step_s)
    experiment_crew_h, data_kbps = _experiments(
        scenario, site, utc, elements, nodes, order, host, delivered_by, unhosted
    )
    data_kbps += housekeeping_kbps
    if scheduled is not None:  # a scheduler's runs (station/scheduled.py), science level
        experiment_crew_h += _scheduled(scheduled, nodes, order, host, unhosted)
        if scheduled.data_kbps is not None:
            data_kbps += scheduled.data_kbps
    frozen = tuple(nodes[e].frozen() for e in order)
    links = power_links(scenario, present, utc, catalog)
    segments = _segments(frozen, links, live_matrix)
    relay = (
        relay_in_view(scenario, deliveries, utc)
        if relay_visible is None
        else np.asarray(relay_visible, dtype=bool)
    )
    return SiteArrays(
        site=site, utc=utc, step_s=step_s,
        generation_w=_total(frozen, "generation_w", (steps,)),
        load_w=_total(frozen, "load_w", (steps, len(LEVELS))) + unhosted,
        capacity_j=_total(frozen, "capacity_j", (steps,)),
        crew=crew, resources=resources, delivered_kg=delivered, demand_kg=demand,
        open_loop_demand_kg=open_demand, capacity_kg=store_capacity,
        data_kbit=data_kbps * step_s, sun_disk_fraction=disk,
        earth_visible=sky.earth_visible, relay_visible=relay, elements=tuple(elements),
        experiment_crew_h=experiment_crew_h, shed_order=tuple(shed_order),
        nodes=frozen, segments=segments, links=tuple(links),
        unhosted_w=unhosted if unhosted.any() else None, life_support_host=host,
    )  # fmt: skip


def _consumable_demand(
    life: LifeSupport, crew: FloatArray, resources: tuple[str, ...], step_s: float
) -> tuple[FloatArray, FloatArray]:
    """(T, R) draw per step with the loop running and with it stopped, kg."""
    daily, open_daily = life.net_kg_per_cm_day(), life.open_loop_kg_per_cm_day()
    demand = np.zeros((len(crew), len(resources)))
    open_demand = np.zeros((len(crew), len(resources)))
    for k, resource in enumerate(resources):
        leak = life.leak_kg_per_day.get(resource, 0.0)
        demand[:, k] = (crew * daily.get(resource, 0.0) + leak) * step_s / DAY_S
        open_demand[:, k] = (crew * open_daily.get(resource, 0.0) + leak) * step_s / DAY_S
    return demand, open_demand


def _experiments(scenario: Scenario, site: str, utc: pd.DatetimeIndex, elements: list[str],
                 nodes: dict[str, _Node], order: list[str], host: IntArray,
                 delivered_by: dict[str, list[str]],
                 unhosted: FloatArray) -> tuple[float, FloatArray]:  # fmt: skip
    """Put each delivered experiment's power on its host; its crew-hours and data rates.

    Returns the crew time asked for, hours, and the experiments' data rate per step,
    kbit/s."""
    steps = len(utc)
    crew_h = 0.0
    data_kbps = np.zeros(steps)
    for experiment in scenario.experiments:
        if experiment.delivered_by is None or experiment.location not in (site, *elements):
            continue
        arrival = pd.Timestamp(scenario.mission(experiment.delivered_by).arrival)
        begin = _index(utc, arrival)
        end = _index(utc, arrival + pd.Timedelta(days=experiment.duration_days))
        power = np.zeros(steps)
        power[begin:end] = experiment.power_w
        on = (
            experiment.location
            if experiment.location in nodes
            else next(iter(delivered_by.get(experiment.delivered_by, ())), None)
        )
        runs_on = host if on is None else np.where(nodes[on].live > 0, order.index(on), host)
        _host(nodes, order, runs_on, SCIENCE, power, unhosted)
        crew_h += experiment.crew_time_h if begin < steps else 0.0
        data_kbps[begin:end] += experiment.data_rate_kbps
    return crew_h, data_kbps


def _scheduled(loads: SiteLoads, nodes: dict[str, _Node], order: list[str], host: IntArray,
               unhosted: FloatArray) -> float:  # fmt: skip
    """Put scheduled loads on their elements (the crew host where none or out of service);
    return their crew time, hours."""
    _host(nodes, order, host, SCIENCE, np.asarray(loads.host_w, dtype=float), unhosted)
    for element, power in loads.element_w.items():
        runs_on = (
            np.where(nodes[element].live > 0, order.index(element), host)
            if element in nodes
            else host
        )
        _host(nodes, order, runs_on, SCIENCE, np.asarray(power, dtype=float), unhosted)
    return loads.crew_h


def _segments(
    nodes: tuple[PowerNode, ...], links: list[PowerLink], live: NDArray[np.bool_]
) -> tuple[GridSegment, ...]:
    """The site's grid segments over the working links, each with its lumped bank."""
    index = {node.element: i for i, node in enumerate(nodes)}
    wiring: list[Link] = [
        (index[link.a], index[link.b], link.start)
        for link in links
        if link.carries and link.a in index and link.b in index
    ]
    names = [node.element for node in nodes]
    return tuple(
        replace(segment, bank=BatteryBank.merged(nodes[m].bank for m in segment.members))
        for segment in grid_segments(live, wiring, names)
    )


def electrical(element: Element) -> bool:
    """Whether an element draws, makes or stores power."""
    power = element.power
    return bool(
        power.nominal_w or power.survival_w or power.crewed_w or power.science_w
        or power.steady_generation_w or power.solar_array or power.battery or power.fuel_cell
    )  # fmt: skip


def energy_stores(element: Element) -> list[Battery]:
    """An element's battery and its regenerative fuel cell as an equivalent battery."""
    stores = [element.power.battery] if element.power.battery is not None else []
    if element.power.fuel_cell is not None:
        cell = element.power.fuel_cell
        stores.append(regenerative_fuel_cell(cell.storage_kwh, cell.round_trip_efficiency))
    return stores


class _Node:
    """A :class:`PowerNode` being built (an element delivered twice adds up)."""

    def __init__(self, element: Element, steps: int) -> None:
        self.element = element.id
        self.crew_capacity = element.crew_capacity
        self.live = np.zeros(steps)
        self.generation_w = np.zeros(steps)
        self.load_w = np.zeros((steps, len(LEVELS)))
        self.capacity_j = np.zeros(steps)
        self.stores: list[Battery] = []
        self.source = False

    def add(self, element: Element, live: FloatArray, start: int, crew: FloatArray,
            seconds: FloatArray, sun_el: FloatArray, sun_az: FloatArray,
            disk: FloatArray) -> None:  # fmt: skip
        """The element's own loads, generation and storage while ``live``."""
        power = element.power
        self.live = np.maximum(self.live, live)
        self.load_w += element_loads(element, crew, live)
        self.generation_w += power.steady_generation_w * live
        if power.solar_array is not None:
            years = (seconds - seconds[start]) / JULIAN_YEAR_S
            self.generation_w += live * array_output_w(power.solar_array, sun_el, sun_az, disk,
                                                       years)  # fmt: skip
        # A regenerative fuel cell joins the bank as an equivalent battery (power.py).
        for energy_store in energy_stores(element):
            self.stores.append(energy_store)
            self.capacity_j += energy_store.capacity_kwh * J_PER_KWH * live
        self.source = self.source or bool(
            power.steady_generation_w or power.solar_array or self.stores
        )

    def frozen(self) -> PowerNode:
        return PowerNode(
            self.element, self.live > 0, self.generation_w, self.load_w, self.capacity_j,
            BatteryBank.of(self.stores), self.source, self.crew_capacity,
        )  # fmt: skip


def crew_host(live: NDArray[np.bool_], crew_capacity: list[int]) -> IntArray:
    """Per step, the node that runs the crew's life support (−1: none in service).

    ``live`` (N, T) in delivery order: the in-service node with the largest crew
    capacity, the first delivered among equals."""
    if live.shape[0] == 0:
        return np.full(live.shape[1], -1, dtype=np.int64)
    rank = np.array(sorted(range(len(crew_capacity)), key=lambda i: (-crew_capacity[i], i)))
    ranked = live[rank]
    host: IntArray = np.where(ranked.any(axis=0), rank[ranked.argmax(axis=0)], -1)
    return host.astype(np.int64)


def _host(nodes: dict[str, _Node], order: list[str], host: IntArray, level: int,
          power_w: FloatArray, unhosted: FloatArray) -> None:  # fmt: skip
    """Add a site load (W per step) at ``level`` to the node ``host`` names each step."""
    if not power_w.any():
        return
    for i, element in enumerate(order):
        nodes[element].load_w[:, level] += np.where(host == i, power_w, 0.0)
    unhosted[:, level] += np.where(host < 0, power_w, 0.0)


def _total(nodes: tuple[PowerNode, ...], name: str, shape: tuple[int, ...]) -> FloatArray:
    total = np.zeros(shape)
    for node in nodes:
        total += getattr(node, name)
    return total


__all__ = [
    "DEFAULT_SHED_ORDER",
    "LEVELS",
    "PowerLink",
    "SiteArrays",
    "build_site",
    "crew_host",
    "crew_on_board",
    "electrical",
    "element_loads",
    "energy_stores",
    "relay_in_view",
]
