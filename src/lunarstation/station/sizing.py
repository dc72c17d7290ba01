"""Sizing helpers: the smallest battery for a site's darkness, consumables for a stay.

:func:`battery_for_darkness` runs the environment at a bare-sphere site (mast height
included) and the power kernel on a constant load, then finds the smallest capacity
whose state of charge never falls below the depth-of-discharge floor.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import numpy as np

from lunarstation.constants import J_PER_KWH
from lunarstation.environment.illumination import illumination
from lunarstation.environment.sites import Site
from lunarstation.errors import OutOfRangeError
from lunarstation.station.kernel import power_kernel
from lunarstation.station.lifesupport import consumables_for
from lunarstation.timegrid import time_grid

FloatArray = np.ndarray[Any, np.dtype[np.float64]]


def survives(generation_w: FloatArray, load_w: float, capacity_kwh: float, step_s: float,
             dod: float, charge_eff: float, discharge_eff: float) -> bool:  # fmt: skip
    """True when a full battery of ``capacity_kwh`` carries ``load_w`` through the series."""
    steps = generation_w.size
    out = [np.zeros((1, steps)) for _ in range(6)]
    loads = np.full((steps, 1), load_w)
    capacity = np.full(steps, capacity_kwh * J_PER_KWH)
    one = np.ones(1)
    power_kernel(
        generation_w[None, :],
        loads,
        one,
        capacity,
        one,
        dod,
        charge_eff,
        discharge_eff,
        0.0,
        step_s,
        *out,
    )
    return bool(out[3].max() <= 1e-9 * max(load_w, 1.0))


def smallest_battery_kwh(generation_w: FloatArray, load_w: float, step_s: float, *, dod: float = 0.8,
                         charge_eff: float = 0.95, discharge_eff: float = 0.95) -> float:  # fmt: skip
    """Smallest capacity (kWh, to 0.1 %) that never leaves ``load_w`` unmet over the series.

    The bisection's upper end, the whole span's load from storage, always suffices."""
    args = (step_s, dod, charge_eff, discharge_eff)
    worst_kwh = load_w * generation_w.size * step_s / J_PER_KWH / (dod * discharge_eff)
    if survives(generation_w, load_w, 0.0, *args):
        return 0.0
    low, high = 0.0, worst_kwh
    while high - low > 1e-3 * high:
        middle = 0.5 * (low + high)
        low, high = (
            (low, middle) if survives(generation_w, load_w, middle, *args) else (middle, high)
        )
    return high


def battery_for_darkness(lat_deg: float, lon_deg: float, start: datetime, end: datetime, load_kw: float,
                         array_kw: float | None = None, mast_height_m: float = 0.0, height_m: float = 0.0,
                         step_h: float = 1.0) -> dict[str, Any]:  # fmt: skip
    """Battery (kWh) that carries ``load_kw`` through every darkness of ``start``–``end``.

    The site is a bare sphere seen from ``height_m`` + ``mast_height_m`` (no terrain).
    ``array_kw`` is the array's output with the full Sun disk visible (sun-tracking);
    without it the arrays are assumed ample (they refill the battery within the first lit
    step), so only darkness counts and the answer is ``load · longest darkness / (DoD · η_d)``. Keys: ``battery_kwh``, ``longest_darkness_h``, ``darkness_periods``.

    Raises:
        OutOfRangeError: end not after start, or a negative load or array power.
    """
    if end <= start:
        raise OutOfRangeError(
            f"end {end:%Y-%m-%dT%H:%MZ} is not after start", value=end, valid=(start, None)
        )
    if load_kw < 0 or (array_kw is not None and array_kw < 0):
        raise OutOfRangeError(
            "load and array power must not be negative", value=load_kw, valid=(0, None)
        )
    grid = time_grid(start, end, timedelta(hours=step_h))
    light = illumination(Site(lat_deg, lon_deg, height_m, mast_height_m), grid)
    if array_kw is None:
        generation = np.where(light.sun_lit, load_kw * 1e7, 0.0)  # ample: W, full at sunset
    else:
        generation = array_kw * 1e3 * np.asarray(light.sun_disk_fraction, dtype=float)
    darkness = light.darkness
    return {
        "battery_kwh": smallest_battery_kwh(generation, load_kw * 1e3, grid.step_s),
        "longest_darkness_h": max((p.hours for p in darkness), default=0.0),
        "darkness_periods": len(darkness),
        "load_kw": load_kw,
        "depth_of_discharge": 0.8,
        "discharge_efficiency": 0.95,
    }


__all__ = ["battery_for_darkness", "consumables_for", "smallest_battery_kwh"]
