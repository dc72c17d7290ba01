"""The station's findings for one site, each against a stated tolerance.

POWER_DEPLETED, LOADS_SHED (powered grids), LOADS_UNPOWERED (islands with loads and no
source, and site loads with no element to run on), THERMAL_LIMIT, CONSUMABLE_EXHAUSTED /
CONSUMABLE_LOW, CREW_TIME_SHORT and DATA_BACKLOG; the tolerances are in
:mod:`~lunarstation.station.tolerances`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from lunarstation.constants import DAY_S, HOUR_S
from lunarstation.findings import Finding, Severity
from lunarstation.scenario.science import CrewTimeModel
from lunarstation.station.comms import backlog_grows
from lunarstation.station.crewtime import crew_time
from lunarstation.station.options import StationOptions
from lunarstation.station.site import UNWIRED, GridSeries, SiteRun
from lunarstation.station.tolerances import (
    BACKLOG_TOLERANCE_BIT,
    CREW_TIME_TOLERANCE_H,
    HEAT_TOLERANCE_W,
    POWER_TOLERANCE_W,
    STOCK_TOLERANCE_KG,
)

FloatArray = NDArray[np.float64]
ENGINE = "station"


def _first(mask: Any, utc: pd.DatetimeIndex) -> pd.Timestamp | None:
    hits = np.flatnonzero(np.asarray(mask))
    return None if hits.size == 0 else utc[hits[0]]


def hours_where(mask: Any, step_s: float) -> float:
    return float(np.count_nonzero(mask) * step_s / HOUR_S)


def _on_steps(run: SiteRun, name: str, *, powered: bool) -> FloatArray:
    """Per step, a grid quantity summed over the powered (or unpowered) grids."""
    total = np.zeros(len(run.arrays.utc))
    for grid in run.grids:
        keep = grid.powered if powered else ~grid.powered
        np.add.at(total, grid.steps[keep], getattr(grid, name)[keep])
    return total


def _grids_where(run: SiteRun, name: str) -> list[str]:
    """Grids (not the unwired rows) where a power quantity exceeds the tolerance."""
    return [
        g.grid for g in run.grids
        if g.grid != UNWIRED and (getattr(g, name)[g.powered] > POWER_TOLERANCE_W).any()
    ]  # fmt: skip


def site_findings(
    run: SiteRun, options: StationOptions, crew_model: CrewTimeModel
) -> list[Finding]:
    """POWER_DEPLETED, LOADS_SHED, LOADS_UNPOWERED, CONSUMABLE_EXHAUSTED/LOW, THERMAL_LIMIT,
    CREW_TIME_SHORT, DATA_BACKLOG of a site; each against its stated tolerance
    (:mod:`~lunarstation.station.tolerances`); crew time by ``crew_model``
    (:mod:`~lunarstation.station.crewtime`)."""
    arrays = run.arrays
    site, utc, step_s = arrays.site, arrays.utc, arrays.step_s
    found: list[Finding] = []

    def add(severity: Severity, code: str, when: pd.Timestamp | None, message: str) -> None:
        moment = None if when is None else when.to_pydatetime()
        found.append(Finding(severity, code, site, moment, f"{site}: {message}", ENGINE))

    several = sum(g.grid != UNWIRED for g in run.grids) > 1

    def on(name: str) -> str:
        grids = _grids_where(run, name)
        if not several or not grids:
            return ""
        return f" on grid{'s' if len(grids) > 1 else ''} {', '.join(grids)}"

    short = _on_steps(run, "short_w", powered=True)
    if (when := _first(short > POWER_TOLERANCE_W, utc)) is not None:
        hours = hours_where(short > POWER_TOLERANCE_W, step_s)
        add(Severity.ERROR, "POWER_DEPLETED", when,
            f"survival loads unmet{on('short_w')} from {when:%Y-%m-%d %H:%M} UTC, short by up "
            f"to {short.max():.0f} W, {hours:.0f} h in all")  # fmt: skip
        add(Severity.WARNING, "THERMAL_LIMIT", when,
            "survival heaters cannot be powered: heating cannot keep up")  # fmt: skip
    shed = _on_steps(run, "shed_w", powered=True)
    if (when := _first(shed > POWER_TOLERANCE_W, utc)) is not None:
        hours = hours_where(shed > POWER_TOLERANCE_W, step_s)
        years = sorted({moment.year for moment in utc[shed > POWER_TOLERANCE_W]})
        order = ", then ".join(level.replace("_", " ") for level in options.shed_order)
        add(Severity.WARNING, "LOADS_SHED", when,
            f"loads shed to save power ({order}){on('shed_w')} from {when:%Y-%m-%d %H:%M} UTC, "
            f"up to {shed.max():.0f} W, {hours:.0f} h in all (in "
            f"{', '.join(map(str, years))})")  # fmt: skip
    found += [finding for grid in run.grids if (finding := _unpowered(grid, run)) is not None]
    excess = run.heat_excess_w
    if (when := _first(excess > HEAT_TOLERANCE_W, utc)) is not None:
        add(Severity.WARNING, "THERMAL_LIMIT", when,
            f"radiators cannot reject the heat, up to {excess.max():.0f} W over")  # fmt: skip
    _consumable_findings(run, options, add)
    crew = crew_time(arrays, crew_model)
    if crew["demand_h"] > crew["available_h"] + CREW_TIME_TOLERANCE_H:
        add(Severity.WARNING, "CREW_TIME_SHORT", None,
            f"experiments and station upkeep ask {crew['demand_h']:.0f} crew-hours, the stays "
            f"give {crew['available_h']:.0f} of programme time")  # fmt: skip
    window = int(options.backlog_window_days * DAY_S / step_s)
    if backlog_grows(run.backlog_bit, window, BACKLOG_TOLERANCE_BIT):
        add(Severity.WARNING, "DATA_BACKLOG", utc[-1],
            f"the data backlog only grows, {run.backlog_bit[-1] / 1e9:.1f} Gbit at the end")  # fmt: skip
    return found


def _unpowered(grid: GridSeries, run: SiteRun) -> Finding | None:
    """LOADS_UNPOWERED for a grid with loads and nothing to run them on (None: none)."""
    unpowered = ~grid.powered & (grid.demand_w > POWER_TOLERANCE_W)
    if not unpowered.any():
        return None
    site, utc, step_s = run.arrays.site, run.arrays.utc, run.arrays.step_s
    when = utc[grid.steps[unpowered][0]]
    survival = float(grid.survival_w[unpowered].max())
    severity = Severity.ERROR if survival > POWER_TOLERANCE_W else Severity.WARNING
    amount = (
        f"up to {grid.demand_w[unpowered].max():,.0f} W of loads ({survival:,.0f} W for "
        f"survival) unpowered from {when:%Y-%m-%d %H:%M} UTC, "
        f"{hours_where(unpowered, step_s):,.0f} h in all"
    )
    if grid.grid == UNWIRED:
        message = (f"{site}: no element is in service to run the site's crew life support and "
                   f"experiments: {amount}")  # fmt: skip
    elif len(grid.elements) == 1:
        message = (f"{site}: {grid.elements[0]} has no working power connection and no "
                   f"generation or storage of its own: {amount}; connect it to a powered grid "
                   "(missions[].connections, kinds [power])")  # fmt: skip
    else:
        message = (f"{site}: {', '.join(grid.elements)} are wired only to each other, with no "
                   f"generation or storage: {amount}; connect them to a powered grid "
                   "(missions[].connections, kinds [power])")  # fmt: skip
    return Finding(severity, "LOADS_UNPOWERED", site, when.to_pydatetime(), message, ENGINE)


def _consumable_findings(run: SiteRun, options: StationOptions, add: Any) -> None:
    """CONSUMABLE_EXHAUSTED (short by more than a gram) or CONSUMABLE_LOW (below the
    reserve by more than a gram) per resource; ``add`` appends to the caller's list."""
    arrays = run.arrays
    daily = options.life_support.net_kg_per_cm_day()
    for k, resource in enumerate(arrays.resources):
        short = run.short_kg[:, k] > STOCK_TOLERANCE_KG
        if (when := _first(short, arrays.utc)) is not None:
            add(Severity.ERROR, "CONSUMABLE_EXHAUSTED", when,
                f"{resource} runs out on {when:%Y-%m-%d} with "
                f"{int(arrays.crew[arrays.utc.get_loc(when)])} crew aboard")  # fmt: skip
            continue
        reserve = arrays.crew * daily.get(resource, 0.0) * options.reserve_days
        low = (arrays.crew > 0) & (run.stock_kg[:, k] < reserve - STOCK_TOLERANCE_KG)
        if (when := _first(low, arrays.utc)) is not None:
            add(Severity.WARNING, "CONSUMABLE_LOW", when,
                f"{resource} below {options.reserve_days:g} days of reserve on {when:%Y-%m-%d}")  # fmt: skip


__all__ = ["ENGINE", "hours_where", "site_findings"]
