"""Power of an orbital station: its solar array through its eclipses, its battery, its loads.

For each element the orbits engine places in an ``orbital_station`` role
(:attr:`~lunarstation.orbits.outputs.OrbitsOutput.eclipses`), per step of the run's grid:

- **sunlit fraction**: the share of the step ``[t, t + Δt)`` in sunlight, with the umbra
  dark and the penumbra half lit (the mean of a solar disk uncovered linearly in time
  between first and second contact: a first-order model of the partial phases, which last
  minutes against the hours of an Earth eclipse);
- **generation**: ``S · A · η · (1 − d)^years · sunlit`` (:mod:`~lunarstation.station.power`);
  the arrays of a spacecraft track the Sun, so the surface ``mounting`` does not apply;
- **load**: the element's survival, operations (crewed when a crew stay is at the
  element's orbit) and science levels, as at a surface site;
- **battery**: the element's battery and regenerative fuel cell lumped into one bank as at a
  site (:func:`~lunarstation.station.build.energy_stores`), on the same grid kernel as the
  sites (:func:`~lunarstation.station.kernel.run_power`), state of charge after each step.

The hourly kernel averages an eclipse shorter than a step with the sunlight around it,
so the ride-through is also checked directly: the energy the loads draw over the longest
eclipse, ``P_survival+operations · t_eclipse / η_discharge``, against the usable energy
``C · DoD`` (finding ``ORBITAL_ECLIPSE_BATTERY``). Shed load over the tolerance raises
``ORBITAL_LOADS_SHED``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from lunarstation.constants import HOUR_S, J_PER_KWH, JULIAN_YEAR_S
from lunarstation.engine import SummaryModel
from lunarstation.findings import Finding, Severity
from lunarstation.orbits.outputs import ElementEclipses, OrbitsOutput
from lunarstation.scenario import Element, PlacementRole, Scenario
from lunarstation.station.build import (
    LEVELS,
    crew_on_board,
    electrical,
    element_loads,
    energy_stores,
)
from lunarstation.station.checks import ENGINE
from lunarstation.station.kernel import run_power
from lunarstation.station.options import StationOptions
from lunarstation.station.power import BatteryBank, array_peak_w, sun_facing_output_w
from lunarstation.station.tolerances import POWER_TOLERANCE_W
from lunarstation.timegrid import TimeGrid

FloatArray = NDArray[np.float64]

PENUMBRA_LIT = 0.5
"""Lit share credited to the penumbral (partial) phases, 0–1 (module docstring)."""
ORBITAL_COLUMNS = (
    "time", "site", "orbit", "sunlit_fraction", "generation_w", "load_w", "served_w",
    "shed_w", "state_of_charge",
)  # fmt: skip


def union(starts: FloatArray, ends: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Overlapping or touching spans joined; sorted by start."""
    order = np.argsort(starts, kind="stable")
    out_s: list[float] = []
    out_e: list[float] = []
    for a, b in zip(np.asarray(starts)[order], np.asarray(ends)[order], strict=True):
        if out_e and a <= out_e[-1]:
            out_e[-1] = max(out_e[-1], float(b))
        else:
            out_s.append(float(a))
            out_e.append(float(b))
    return np.array(out_s), np.array(out_e)


def time_inside(times: FloatArray, starts: FloatArray, ends: FloatArray) -> FloatArray:
    """Time spent inside the spans before each of ``times``, s (spans joined first)."""
    s, e = union(starts, ends)
    t = np.asarray(times, dtype=np.float64)
    if not s.size:
        return np.zeros_like(t)
    before = np.concatenate([[0.0], np.cumsum(e - s)])
    k = np.searchsorted(s, t, side="right") - 1
    inside = np.where(k >= 0, np.clip(t - s[np.maximum(k, 0)], 0.0, None), 0.0)
    length = np.where(k >= 0, (e - s)[np.maximum(k, 0)], 0.0)
    result: FloatArray = before[np.maximum(k, 0)] * (k >= 0) + np.minimum(inside, length)
    return result


def sunlit_fraction(tdb_s: FloatArray, step_s: float, eclipses: ElementEclipses) -> FloatArray:
    """Share of each step ``[t, t + step)`` in sunlight, 0–1 (umbra 0, penumbra half)."""
    edges = np.append(np.asarray(tdb_s, dtype=np.float64), tdb_s[-1] + step_s)
    passage = np.diff(time_inside(edges, eclipses.start_tdb_s, eclipses.end_tdb_s))
    umbra = np.diff(time_inside(edges, eclipses.umbra_start_tdb_s, eclipses.umbra_end_tdb_s))
    dark = (1.0 - PENUMBRA_LIT) * passage + PENUMBRA_LIT * umbra
    result: FloatArray = np.clip(1.0 - dark / step_s, 0.0, 1.0)
    return result


def in_orbit(tdb_s: FloatArray, eclipses: ElementEclipses) -> NDArray[np.bool_]:
    """Steps at which the element is in its orbit (all of them when no span is recorded)."""
    if not eclipses.span_start_tdb_s.size:
        return np.ones(tdb_s.size, dtype=bool)
    live = np.zeros(tdb_s.size, dtype=bool)
    for a, b in zip(eclipses.span_start_tdb_s, eclipses.span_end_tdb_s, strict=True):
        live |= (tdb_s >= a) & (tdb_s < b)
    return live


class OrbitalStation(SummaryModel):
    """Power of one orbital-station element over its time in orbit."""

    orbit: str
    sunlit_fraction: float
    """Mean sunlit share of the steps in orbit, 0–1."""
    array_w: float
    """Beginning-of-life output in full sunlight, W."""
    battery_kwh: float
    longest_eclipse_h: float
    eclipse_energy_kwh: float
    """Energy the survival and operations loads draw from the battery over the longest
    eclipse (discharge losses included), kWh."""
    usable_kwh: float
    """Usable battery energy, capacity × depth of discharge, kWh."""
    rides_through: bool
    """The usable energy covers the longest eclipse."""
    min_state_of_charge: float | None
    shed_h: float


@dataclass(frozen=True)
class OrbitalRun:
    """Hourly rows (:data:`ORBITAL_COLUMNS`), summaries and findings of the orbital stations."""

    series: pd.DataFrame
    summary: dict[str, OrbitalStation]
    findings: list[Finding]


def orbital_power(
    scenario: Scenario,
    grid: TimeGrid,
    orbits: OrbitsOutput | None,
    crew_stays: pd.DataFrame | None,
    options: StationOptions,
) -> OrbitalRun:
    """Power of every orbital-station element of ``orbits`` that declares power data."""
    frames: list[pd.DataFrame] = []
    summary: dict[str, OrbitalStation] = {}
    findings: list[Finding] = []
    utc = pd.DatetimeIndex(grid.utc).tz_localize("UTC")
    for element_id, eclipses in sorted((orbits.eclipses if orbits else {}).items()):
        if eclipses.role != PlacementRole.ORBITAL_STATION.value:
            continue
        element = scenario.element(element_id)
        if not electrical(element):
            continue
        row = _one(element, eclipses, grid, utc, crew_stays, options)
        frames.append(row[0])
        summary[element_id] = row[1]
        findings += row[2]
    series = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=list(ORBITAL_COLUMNS))
    )
    return OrbitalRun(series, summary, findings)


def _one(
    element: Element, eclipses: ElementEclipses, grid: TimeGrid, utc: pd.DatetimeIndex,
    crew_stays: pd.DataFrame | None, options: StationOptions,
) -> tuple[pd.DataFrame, OrbitalStation, list[Finding]]:  # fmt: skip
    power = element.power
    tdb, step = grid.tdb_s, grid.step_s
    live_mask = in_orbit(tdb, eclipses)
    live = live_mask.astype(float)
    lit = sunlit_fraction(tdb, step, eclipses)
    first = int(np.argmax(live_mask)) if live_mask.any() else 0
    # The arrays track the Sun (no surface mounting): full-Sun output times the lit share.
    array = power.solar_array
    peak = 0.0 if array is None else array_peak_w(array)
    years = (tdb - tdb[first]) / JULIAN_YEAR_S
    solar = np.zeros_like(lit) if array is None else sun_facing_output_w(array, years) * lit
    generation = live * (solar + power.steady_generation_w)
    crew = (
        crew_on_board(crew_stays, eclipses.orbit, utc)
        if crew_stays is not None
        else np.zeros(len(utc))
    )
    load = element_loads(element, crew, live)
    bank = BatteryBank.of(energy_stores(element))  # battery and regenerative fuel cell
    capacity = live * bank.capacity_kwh * J_PER_KWH
    order = [0, *(LEVELS.index(level) for level in reversed(options.shed_order))]
    run = run_power(
        generation, np.ascontiguousarray(load[:, order]), capacity,
        depth_of_discharge=bank.depth_of_discharge, charge_efficiency=bank.charge_efficiency,
        discharge_efficiency=bank.discharge_efficiency,
        survival_reserve=options.survival_reserve, step_s=step,
    )  # fmt: skip
    stored, served, shed = run.stored_j[0], run.served_w[0], run.shed_w[0]
    with np.errstate(invalid="ignore", divide="ignore"):
        soc = np.where(capacity > 0, stored / capacity, np.nan)
    frame = pd.DataFrame({
        "time": utc[live_mask], "site": element.id, "orbit": eclipses.orbit,
        "sunlit_fraction": lit[live_mask], "generation_w": generation[live_mask],
        "load_w": load.sum(axis=1)[live_mask], "served_w": served[live_mask],
        "shed_w": shed[live_mask], "state_of_charge": soc[live_mask],
    })  # fmt: skip
    # Ride-through: survival + operations (science is shed first) over the longest eclipse.
    draw_w = float((load[:, 0] + load[:, 2])[live_mask].max(initial=0.0))
    longest_s = float(eclipses.longest_s)
    need_kwh = draw_w * longest_s / bank.discharge_efficiency / J_PER_KWH
    usable_kwh = bank.capacity_kwh * bank.depth_of_discharge
    rides = need_kwh <= usable_kwh or longest_s == 0.0
    shed_steps = (shed > POWER_TOLERANCE_W) & live_mask
    finite = soc[live_mask & np.isfinite(soc)]
    summary = OrbitalStation(
        orbit=eclipses.orbit,
        sunlit_fraction=float(lit[live_mask].mean()) if live_mask.any() else 1.0,
        array_w=peak, battery_kwh=bank.capacity_kwh, longest_eclipse_h=longest_s / HOUR_S,
        eclipse_energy_kwh=need_kwh, usable_kwh=usable_kwh, rides_through=rides,
        min_state_of_charge=float(finite.min()) if finite.size else None,
        shed_h=float(shed_steps.sum() * step / HOUR_S),
    )  # fmt: skip
    found: list[Finding] = []
    if not rides:
        k = int(np.argmax(eclipses.end_tdb_s - eclipses.start_tdb_s))
        when = utc[min(int(np.searchsorted(tdb, eclipses.start_tdb_s[k])), len(utc) - 1)]
        found.append(Finding(
            Severity.WARNING, "ORBITAL_ECLIPSE_BATTERY", element.id, when.to_pydatetime(),
            f"{element.id}: the longest eclipse in {eclipses.orbit} lasts "
            f"{longest_s / HOUR_S:.2f} h and needs {need_kwh:.1f} kWh at {draw_w:.0f} W; the "
            f"battery holds {usable_kwh:.1f} kWh usable", ENGINE,
        ))  # fmt: skip
    if shed_steps.any():
        when = utc[int(np.argmax(shed_steps))]
        found.append(Finding(
            Severity.WARNING, "ORBITAL_LOADS_SHED", element.id, when.to_pydatetime(),
            f"{element.id}: loads shed for {summary.shed_h:.0f} h in {eclipses.orbit}, at most "
            f"{float(shed.max()):.0f} W", ENGINE,
        ))  # fmt: skip
    return frame, summary, found


__all__ = [
    "ORBITAL_COLUMNS",
    "OrbitalRun",
    "OrbitalStation",
    "orbital_power",
    "sunlit_fraction",
    "time_inside",
]
