"""Energy each element supplies to its site's grid, from the station engine's capacity series.

The station engine hands on each site's generation and the part of it neither served nor
stored (``SiteCapacity.generation_w``, ``spare_w``); what the grid took from its sources
in an hour is the difference — energy that served a load or charged a battery. That
energy is credited to the site's generating elements in proportion to what each
generated in the hour:

* a steady source (fission plant, radioisotope units) generates its
  ``steady_generation_w`` while it is in service (delivered, not departed, within its
  design life);
* the site's solar generation (its generation less the steady sources) is shared among
  the arrays in service by rated output: area × cell efficiency × (1 − degradation)^age
  — every array at a site sees the same Sun, so this is exact for arrays of one
  mounting and an estimate between a fixed and a tracking array.

Energy spilled (generated with nowhere to go) is supplied to no one. An element that
generates at a site whose grid takes nothing supplies nothing. Orbits are not simulated
by the station engine, so only surface sites count.

The station engine hands on what each element's own grid took from it
(``SiteCapacity.supplied_w``, exact per grid, islands included); then the credit is a
plain sum of it. The apportioning above is for a capacity series without that detail
(another station model, a hand-made case): site-wide, it cannot see islands.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from lunarstation.constants import J_PER_KWH, JULIAN_YEAR_S
from lunarstation.scenario import Element, Scenario
from lunarstation.station.engine import SiteCapacity, StationOutput

FloatArray = NDArray[np.float64]


def energy_supplied_kwh(
    scenario: Scenario,
    deliveries: pd.DataFrame,
    station: StationOutput,
    utc: pd.DatetimeIndex,
    step_s: float,
) -> dict[str, float]:
    """Energy each generating element supplied to its site's grid over the run, kWh.

    ``deliveries``: the timeline's delivery schedule (who is where, from when to when);
    ``utc``: the run's grid, the length of the station's series; ``step_s``: its step, s.
    """
    supplied: dict[str, float] = {}
    for site, capacity in station.sites.items():
        if capacity.supplied_w:
            for element_id, watts in capacity.supplied_w.items():
                kwh = float(np.sum(watts)) * step_s / J_PER_KWH
                supplied[element_id] = supplied.get(element_id, 0.0) + kwh
            continue
        here = deliveries[
            (deliveries["destination"] == site) & (deliveries["item_type"] == "element")
        ]
        for element_id, kwh in _site_supply(scenario, here, capacity, utc, step_s).items():
            supplied[element_id] = supplied.get(element_id, 0.0) + kwh
    return supplied


def _site_supply(
    scenario: Scenario,
    rows: pd.DataFrame,
    capacity: SiteCapacity,
    utc: pd.DatetimeIndex,
    step_s: float,
) -> dict[str, float]:
    generation = np.asarray(capacity.generation_w, dtype=float)
    taken = np.clip(generation - np.asarray(capacity.spare_w, dtype=float), 0.0, None)
    steady: dict[str, FloatArray] = {}
    rated: dict[str, FloatArray] = {}
    for item, arrival, departure in zip(rows["item"], rows["time"], rows["departure"], strict=True):
        element = scenario.element(str(item))
        leaves = None if pd.isna(departure) else pd.Timestamp(departure)
        live = _in_service(element, pd.Timestamp(arrival), leaves, utc)
        if element.power.steady_generation_w > 0:
            steady[element.id] = (
                steady.get(element.id, 0.0) + element.power.steady_generation_w * live
            )
        array = element.power.solar_array
        if array is not None:
            age_s = np.clip((utc - pd.Timestamp(arrival)).total_seconds().to_numpy(), 0, None)
            ageing = (1.0 - array.degradation_per_year) ** (age_s / JULIAN_YEAR_S)
            rating = array.area_m2 * array.cell_efficiency * ageing * live
            rated[element.id] = rated.get(element.id, 0.0) + rating
    solar = np.clip(generation - sum(steady.values(), np.zeros_like(generation)), 0.0, None)
    total_rating = sum(rated.values(), np.zeros_like(generation))
    share_of_solar = _divide(solar, total_rating)
    taken_per_watt = _divide(taken, generation) * step_s / J_PER_KWH
    output: Mapping[str, FloatArray] = {
        element_id: steady.get(element_id, 0.0) + rated.get(element_id, 0.0) * share_of_solar
        for element_id in {*steady, *rated}
    }
    return {
        element_id: float(np.sum(watts * taken_per_watt)) for element_id, watts in output.items()
    }


def _in_service(
    element: Element, arrival: pd.Timestamp, departure: pd.Timestamp | None, utc: pd.DatetimeIndex
) -> FloatArray:
    """1.0 from arrival until departure and the end of its design life, else 0."""
    live = np.asarray(utc >= arrival)
    if departure is not None:
        live &= np.asarray(utc < departure)
    if element.design_life_years is not None:
        age_s = (utc - arrival).total_seconds().to_numpy()
        live &= age_s < element.design_life_years * JULIAN_YEAR_S
    return live.astype(float)


def _divide(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    """numerator / denominator, 0 where the denominator is not positive."""
    out = np.zeros_like(numerator, dtype=float)
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    return out


__all__ = ["energy_supplied_kwh"]
