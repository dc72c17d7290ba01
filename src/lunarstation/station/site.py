"""One site simulated: each grid's power, then the site's stocks, data backlog and heat.

Power runs first, grid by grid (:func:`~lunarstation.station.grid.run_grids`). Life
support then draws on it: in a step where the grid of the crew's host element sheds the
life-support level (or no element is in service to run it), the closed loop stops and
the crew draws the open-loop rates, O2 and water unrecovered. Inventories, the downlink
backlog and the thermal balance are site-wide: crew move between modules, cargo lands
for the site, the radiators are the site's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from lunarstation.constants import J_PER_KWH
from lunarstation.station.build import LIFE_SUPPORT, SiteArrays
from lunarstation.station.grid import GridSegment, PowerNode, run_grids, segment_arrays
from lunarstation.station.kernel import PowerRun, backlog_kernel, inventory_kernel
from lunarstation.station.options import StationOptions
from lunarstation.station.thermal import SINK_LIT_K, Radiators, heat_excess_w, sink_temperature_k

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
ONE = np.ones(1)

UNWIRED = ""
"""The ``grid`` of the rows for hours when no grid exists at the site: the site loads
(life support, experiments) that have no element in service to run on, all unpowered."""


@dataclass(frozen=True)
class GridSeries:
    """One grid's power over the steps it exists; arrays of length n, ``steps`` (n,)
    the run's step indices; W unless stated."""

    grid: str
    steps: IntArray
    elements: tuple[str, ...]
    """Every element that was on it, in delivery order."""
    powered: BoolArray
    """A member generates or stores power (False: an island with nothing to run on)."""
    generation_w: FloatArray
    demand_w: FloatArray
    survival_w: FloatArray
    """Demand of the survival level."""
    served_w: FloatArray
    shed_w: FloatArray
    short_w: FloatArray
    """Survival demand unmet."""
    spilled_w: FloatArray
    stored_j: FloatArray
    capacity_j: FloatArray

    @property
    def state_of_charge(self) -> FloatArray:
        """Stored over installed energy, 0–1 (NaN without storage)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            result: FloatArray = np.where(
                self.capacity_j > 0, self.stored_j / self.capacity_j, np.nan
            )
        return result


@dataclass(frozen=True)
class SiteRun:
    """A site over the run: its grids and its site-wide series (length T)."""

    arrays: SiteArrays
    grids: tuple[GridSeries, ...]
    """The site's grids by first step, then the :data:`UNWIRED` rows when there are any."""
    served_w: FloatArray
    shed_w: FloatArray
    short_w: FloatArray
    spilled_w: FloatArray
    stored_j: FloatArray
    life_support_served: BoolArray
    """The life-support level ran (False: shed or unhosted; the loop stopped)."""
    stock_kg: FloatArray
    """(T, R) stock after each step."""
    short_kg: FloatArray
    """(T, R) demand that found the store empty."""
    backlog_bit: FloatArray
    heat_excess_w: FloatArray
    supplied_w: dict[str, FloatArray]
    """(T,) per generating element: its generation its grid took (served or stored), W."""


def simulate_site(arrays: SiteArrays, options: StationOptions) -> SiteRun:
    """Run the kernels for one site (one sample): power by grid, then life support."""
    steps = len(arrays.utc)
    runs = run_grids(
        arrays.nodes, arrays.segments, arrays.level_order,
        step_s=arrays.step_s, survival_reserve=options.survival_reserve,
    )  # fmt: skip
    life_support_served = _life_support_served(arrays, runs, steps)
    grids = _grid_series(arrays, runs)
    totals = {name: np.zeros(steps) for name in ("served", "shed", "short", "spilled", "stored")}
    for grid in grids:
        for name in totals:
            attribute = "stored_j" if name == "stored" else f"{name}_w"
            np.add.at(totals[name], grid.steps, getattr(grid, attribute))
    demand = np.where(life_support_served[:, None], arrays.demand_kg, arrays.open_loop_demand_kg)
    shape = (1, steps, len(arrays.resources))
    stock, used, lack, overflow = (np.zeros(shape) for _ in range(4))
    inventory_kernel(arrays.delivered_kg, demand, ONE, arrays.capacity_kg, stock, used, lack,
                     overflow)  # fmt: skip
    link = options.links.capacity_kbps(arrays.earth_visible, arrays.relay_visible) * arrays.step_s
    backlog = np.zeros((1, steps))
    backlog_kernel(arrays.data_kbit[None, :] * 1e3, link[None, :] * 1e3, backlog)
    heat = heat_load_w(arrays, totals["served"], options)
    radiators = options.radiators.get(arrays.site) or sized_radiators(float(heat.max(initial=0)))
    excess = heat_excess_w(heat, radiators, sink_temperature_k(arrays.sun_disk_fraction))
    return SiteRun(
        arrays, grids, totals["served"], totals["shed"], totals["short"], totals["spilled"],
        totals["stored"], life_support_served, stock[0], lack[0], backlog[0], excess,
        _supplied(arrays, runs),
    )  # fmt: skip


def heat_load_w(arrays: SiteArrays, served_w: FloatArray, options: StationOptions) -> FloatArray:
    """(T,) heat the site's radiators must reject: every load served (electric power ends
    as heat inside the thermal loop) plus the crew's metabolic heat, W."""
    result: FloatArray = served_w + arrays.crew * options.life_support.metabolic_heat_w
    return result


def heat_headroom_w(run: SiteRun, options: StationOptions) -> FloatArray:
    """(T,) heat the site's *declared* radiators could still reject on top of the run's, W.

    ``inf`` at a site without declared radiators: those are sized to the run's own peak
    (:func:`sized_radiators`), so any added load is covered by a larger radiator and can
    raise no THERMAL_LIMIT. 0 in an hour already over the radiators' capacity.
    """
    radiators = options.radiators.get(run.arrays.site)
    steps = len(run.arrays.utc)
    if radiators is None:
        return np.full(steps, np.inf)
    capacity = radiators.capacity_w(sink_temperature_k(run.arrays.sun_disk_fraction))
    result: FloatArray = np.clip(capacity - heat_load_w(run.arrays, run.served_w, options),
                                 0.0, None)  # fmt: skip
    return result


def sized_radiators(peak_heat_w: float) -> Radiators:
    """Radiators that just reject ``peak_heat_w`` against the lit sink (:data:`SINK_LIT_K`)."""
    unit = Radiators(area_m2=1.0).capacity_w(np.array([SINK_LIT_K]))[0]
    return Radiators(area_m2=max(peak_heat_w, 0.0) / unit)


def _life_support_served(arrays: SiteArrays, runs: list[PowerRun], steps: int) -> BoolArray:
    """Per step, whether the crew host's grid served the life-support level."""
    host = arrays.life_support_host
    if host is None:
        return np.zeros(steps, dtype=bool)
    served: BoolArray = host >= 0
    bit = 1 << arrays.level_order.index(LIFE_SUPPORT)
    for segment, run in zip(arrays.segments, runs, strict=True):
        window = slice(segment.start, segment.stop)
        hosted = np.isin(host[window], segment.members)
        served[window] &= ~(hosted & ((run.shed_levels[0] & bit) != 0))
    return served


def _supplied(arrays: SiteArrays, runs: list[PowerRun]) -> dict[str, FloatArray]:
    """What each generating element gave its grid, W per step: the grid's generation less
    what it spilled, shared among its members in proportion to what each generated."""
    steps = len(arrays.utc)
    supplied: dict[str, FloatArray] = {}
    for segment, run in zip(arrays.segments, runs, strict=True):
        window = slice(segment.start, segment.stop)
        generation = segment_arrays(arrays.nodes, segment)[0]
        taken = np.clip(generation - run.spilled_w[0], 0.0, None)
        with np.errstate(invalid="ignore", divide="ignore"):
            per_watt = np.where(generation > 0, taken / generation, 0.0)
        for m in segment.members:
            node = arrays.nodes[m]
            if node.generation_w[window].any():
                share = supplied.setdefault(node.element, np.zeros(steps))
                share[window] += node.generation_w[window] * per_watt
    return supplied


def has_content(nodes: tuple[PowerNode, ...], segment: GridSegment) -> bool:
    """Whether a grid segment has anything electrical: a source or a load."""
    window = slice(segment.start, segment.stop)
    return any(nodes[m].source or nodes[m].load_w[window].any() for m in segment.members)


def _grid_series(arrays: SiteArrays, runs: list[PowerRun]) -> tuple[GridSeries, ...]:
    """Each grid's series from its segments, then the unwired rows (if any)."""
    steps = len(arrays.utc)
    pieces: dict[str, list[dict[str, Any]]] = {}
    covered = np.zeros(steps, dtype=bool)
    for segment, run in zip(arrays.segments, runs, strict=True):
        if not has_content(arrays.nodes, segment):
            continue
        generation, load, capacity = segment_arrays(arrays.nodes, segment)
        covered[segment.start : segment.stop] = True
        pieces.setdefault(segment.grid, []).append({
            "steps": np.arange(segment.start, segment.stop),
            "members": segment.members,
            "powered": np.full(segment.stop - segment.start,
                               any(arrays.nodes[m].source for m in segment.members)),
            "generation_w": generation, "demand_w": load.sum(axis=1), "survival_w": load[:, 0],
            "served_w": run.served_w[0], "shed_w": run.shed_w[0],
            "short_w": run.survival_short_w[0], "spilled_w": run.spilled_w[0],
            "stored_j": run.stored_j[0], "capacity_j": capacity,
        })  # fmt: skip
    grids = [_joined(arrays, grid, parts) for grid, parts in pieces.items()]
    grids.sort(key=lambda g: (int(g.steps[0]), g.grid))
    if not covered.all():
        grids.append(_unwired(arrays, np.flatnonzero(~covered)))
    return tuple(grids)


def _joined(arrays: SiteArrays, grid: str, parts: list[dict[str, Any]]) -> GridSeries:
    members = sorted({m for part in parts for m in part["members"]})
    columns = {
        name: np.concatenate([part[name] for part in parts])
        for name in parts[0]
        if name != "members"
    }
    return GridSeries(grid=grid, elements=tuple(arrays.nodes[m].element for m in members),
                      **columns)  # fmt: skip


def _unwired(arrays: SiteArrays, steps: IntArray) -> GridSeries:
    """Rows for the hours without a grid: the site loads there, all shed."""
    unhosted = np.zeros((len(arrays.utc), 4)) if arrays.unhosted_w is None else arrays.unhosted_w
    load = unhosted[steps]
    zeros = np.zeros(len(steps))
    return GridSeries(
        UNWIRED, steps, (), np.zeros(len(steps), dtype=bool), zeros, load.sum(axis=1),
        load[:, 0], zeros, load.sum(axis=1), load[:, 0], zeros, zeros, zeros,
    )  # fmt: skip


def site_frame(run: SiteRun) -> pd.DataFrame:
    """The site's rows of ``station_series``: one per grid and step, by time then grid.

    Power columns are the grid's; ``crew``, ``data_backlog_gbit``, ``heat_excess_w`` and
    the stocks are the site's, the same on every grid row of a step.
    """
    arrays = run.arrays
    if not run.grids:
        return pd.DataFrame(columns=["time", "grid"])
    rows = np.concatenate([g.steps for g in run.grids])
    rank = np.concatenate([np.full(len(g.steps), k) for k, g in enumerate(run.grids)])
    order = np.lexsort((rank, rows))
    rows = rows[order]

    def per_grid(name: str) -> FloatArray:
        values: FloatArray = np.concatenate([getattr(g, name) for g in run.grids])[order]
        return values

    generation, served = per_grid("generation_w"), per_grid("served_w")
    columns: dict[str, Any] = {
        "time": arrays.utc[rows],
        "grid": np.array([g.grid for g in run.grids], dtype=object)[rank[order]],
        "generation_w": generation,
        "demand_w": per_grid("demand_w"),
        "served_w": served,
        "shed_w": per_grid("shed_w"),
        "survival_shortfall_w": per_grid("short_w"),
        "spilled_w": per_grid("spilled_w"),
        "power_balance_w": generation - served,
        "stored_kwh": per_grid("stored_j") / J_PER_KWH,
        "state_of_charge": per_grid("state_of_charge"),
        "crew": arrays.crew[rows],
        "data_backlog_gbit": run.backlog_bit[rows] / 1e9,
        "heat_excess_w": run.heat_excess_w[rows],
    }
    for k, resource in enumerate(arrays.resources):
        columns[f"{resource}_kg"] = run.stock_kg[rows, k]
        columns[f"{resource}_short_kg"] = run.short_kg[rows, k]
    return pd.DataFrame(columns, copy=False)  # the arrays are fresh: no second copy


__all__ = [
    "UNWIRED",
    "GridSeries",
    "SiteRun",
    "heat_headroom_w",
    "heat_load_w",
    "simulate_site",
    "site_frame",
    "sized_radiators",
]
