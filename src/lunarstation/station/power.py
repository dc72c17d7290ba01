"""Power sources: solar arrays by mounting, and the sum of an element set's batteries.

Array output is ``S · A · η · (1 − d)^years · g · f`` with ``S`` the solar constant,
``A`` area, ``η`` cell efficiency, ``d`` yearly degradation, ``g`` the geometric cosine
factor of the mounting and ``f`` the visible share of the solar disk (0..1, from the
environment engine, so terrain and mast height are already in it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from lunarstation.scenario.hardware import Battery, SolarArray

FloatArray = NDArray[np.float64]

SOLAR_CONSTANT_W_M2 = 1361.0
"""Total solar irradiance at 1 au, W/m² (Kopp & Lean 2011, GRL 38:L01706). The Moon's
distance from the Sun varies by ±1.7 % over a year; first-order models ignore it."""
FIXED_ARRAY_AZIMUTH_RAD = 0.0
"""Azimuth the normal of a 'fixed' vertical array faces (north; at the south pole the
Sun circles the horizon, so any fixed face sees it about half the time)."""


def mounting_factor(
    mounting: str, sun_elevation_rad: FloatArray, sun_azimuth_rad: FloatArray
) -> FloatArray:
    """Cosine of the Sun's angle to the array normal (≥ 0), per epoch.

    'full_tracking' points at the Sun (1); 'vertical_tracking' turns about the local
    vertical with a vertical panel (cos elevation); 'fixed' is a vertical panel facing
    :data:`FIXED_ARRAY_AZIMUTH_RAD` (cos elevation · cos Δazimuth, clipped at 0).
    """
    elevation = np.asarray(sun_elevation_rad, dtype=float)
    result: FloatArray
    if mounting == "full_tracking":
        result = np.ones_like(elevation)
        return result
    if mounting == "vertical_tracking":
        result = np.clip(np.cos(elevation), 0.0, None)
        return result
    if mounting == "fixed":
        facing = np.cos(np.asarray(sun_azimuth_rad) - FIXED_ARRAY_AZIMUTH_RAD)
        result = np.clip(np.cos(elevation) * facing, 0.0, None)
        return result
    raise ValueError(f"unknown mounting {mounting!r}; use fixed, vertical_tracking, full_tracking")


def array_peak_w(array: SolarArray) -> float:
    """Beginning-of-life output of ``array`` facing the full Sun at 1 au, ``S · A · η``, W."""
    return SOLAR_CONSTANT_W_M2 * array.area_m2 * array.cell_efficiency


def sun_facing_output_w(array: SolarArray, years_in_service: FloatArray) -> FloatArray:
    """Output of ``array`` facing the whole solar disk, ``S · A · η · (1 − d)^years``, W
    (no mounting, no shadow: the arrays of a spacecraft that tracks the Sun)."""
    ageing = (1.0 - array.degradation_per_year) ** np.clip(years_in_service, 0.0, None)
    result: FloatArray = array_peak_w(array) * ageing
    return result


def array_output_w(
    array: SolarArray,
    sun_elevation_rad: FloatArray,
    sun_azimuth_rad: FloatArray,
    disk_fraction: FloatArray,
    years_in_service: FloatArray,
) -> FloatArray:
    """Electric output of ``array`` per epoch, W (zero below the skyline)."""
    geometry = mounting_factor(array.mounting, sun_elevation_rad, sun_azimuth_rad)
    full_sun = sun_facing_output_w(array, years_in_service)
    result: FloatArray = full_sun * geometry * np.clip(disk_fraction, 0.0, 1.0)
    return result


@dataclass(frozen=True)
class BatteryBank:
    """Several batteries seen as one: capacities add, limits and efficiencies are
    capacity-weighted means (a first-order lumping: the bank is charged as a whole)."""

    capacity_kwh: float = 0.0
    depth_of_discharge: float = 0.8
    charge_efficiency: float = 0.95
    discharge_efficiency: float = 0.95

    @classmethod
    def of(cls, batteries: Iterable[Battery]) -> BatteryBank:
        """The bank made of ``batteries`` (an empty bank if none)."""
        items = list(batteries)
        total = sum(b.capacity_kwh for b in items)
        if total == 0.0:
            return cls()

        def mean(values: Iterable[float]) -> float:
            return sum(b.capacity_kwh * v for b, v in zip(items, values, strict=True)) / total

        return cls(
            total,
            mean(b.depth_of_discharge for b in items),
            mean(b.charge_efficiency for b in items),
            mean(b.discharge_efficiency for b in items),
        )

    @classmethod
    def merged(cls, banks: Iterable[BatteryBank]) -> BatteryBank:
        """Several banks seen as one, lumped as :meth:`of` lumps batteries."""
        items = [bank for bank in banks if bank.capacity_kwh > 0.0]
        total = sum(bank.capacity_kwh for bank in items)
        if total == 0.0:
            return cls()
        return cls(
            total,
            sum(b.capacity_kwh * b.depth_of_discharge for b in items) / total,
            sum(b.capacity_kwh * b.charge_efficiency for b in items) / total,
            sum(b.capacity_kwh * b.discharge_efficiency for b in items) / total,
        )


REGENERATIVE_FUEL_CELL_ROUND_TRIP = 0.5
"""Round-trip efficiency of an H2/O2 regenerative fuel cell: ENGINEERING ESTIMATE (no
stored source gives one, ref §4 gaps). An RFC is modelled as a battery with
``charge_efficiency · discharge_efficiency`` equal to this and depth of discharge 1."""


def regenerative_fuel_cell(
    storage_kwh: float, round_trip: float = REGENERATIVE_FUEL_CELL_ROUND_TRIP
) -> Battery:
    """A regenerative fuel cell as an equivalent :class:`Battery` (storage in kWh)."""
    leg = float(np.sqrt(round_trip))
    return Battery(
        capacity_kwh=storage_kwh,
        depth_of_discharge=1.0,
        charge_efficiency=leg,
        discharge_efficiency=leg,
    )


__all__ = [
    "SOLAR_CONSTANT_W_M2",
    "BatteryBank",
    "array_output_w",
    "array_peak_w",
    "mounting_factor",
    "regenerative_fuel_cell",
    "sun_facing_output_w",
]
