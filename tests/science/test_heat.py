"""Scheduled tasks within the heat the site's declared radiators can reject.

The reference scenario declares no radiators (each site's are sized to its own peak, so
no load can raise THERMAL_LIMIT). Here the busiest science site gets radiators just
large enough for its housekeeping heat, with a 2 % margin at the hour where it is
tightest: the scheduler must then keep every scheduled run inside what they can still
reject, and the final station run, rebuilt with the loads, must raise no THERMAL_LIMIT. Heat is checked
independently of the scheduler: radiator capacity (Stefan–Boltzmann, station/thermal.py)
against the final run's served load plus the crew's metabolic heat, hour by hour.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lunarstation.science.engine import ScienceOutput
from lunarstation.simulate import RunResult, simulate
from lunarstation.station.options import StationOptions
from lunarstation.station.scheduled import HousekeepingOutput
from lunarstation.station.thermal import Radiators, sink_temperature_k
from lunarstation.station.tolerances import HEAT_TOLERANCE_W
from lunarstation.validation import load_scenario

MARGIN = 1.02
"""Radiators 2 % above the housekeeping heat where it is tightest: room for a few runs."""
ENGINES = ["station", "science"]


@pytest.fixture(scope="module")
def unlimited() -> RunResult:
    return simulate(load_scenario("ilrs-reference"), only=ENGINES)


def _busiest_site(result: RunResult) -> str:
    schedule = result.tables["science_schedule"]
    return str(schedule.groupby("site")["energy_kwh"].sum().idxmax())


def _heat_and_sink(result: RunResult, site: str, *, final: bool) -> tuple[np.ndarray, np.ndarray]:
    """(T,) heat to reject (loads served + crew metabolic), W, and sink temperature, K."""
    options = StationOptions.of(result.scenario.options.station)
    if final:
        run = result.results["station"].output.sites[site]  # type: ignore[attr-defined]
        served, crew = run.served_w, run.crew
    else:
        housekeeping = result.results["capacity"].output
        assert isinstance(housekeeping, HousekeepingOutput)
        served, crew = housekeeping.runs[site].served_w, housekeeping.runs[site].arrays.crew
    heat = served + crew * options.life_support.metabolic_heat_w
    sky = result.results["environment"].output.sites[site]  # type: ignore[attr-defined]
    return heat, sink_temperature_k(sky.sun_disk_fraction)


def _tight_area_m2(result: RunResult, site: str) -> float:
    heat, sink = _heat_and_sink(result, site, final=False)
    return float(np.max(heat / Radiators(area_m2=1.0).capacity_w(sink))) * MARGIN


@pytest.fixture(scope="module")
def limited(unlimited: RunResult, tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    site = _busiest_site(unlimited)
    area = _tight_area_m2(unlimited, site)
    overlay = Path(tmp_path_factory.mktemp("heat")) / "radiators.yaml"
    overlay.write_text(f"options:\n  station:\n    radiators:\n      {site}: {{area_m2: {area}}}\n")
    return simulate(load_scenario("ilrs-reference", overlay), only=ENGINES)


def test_without_the_heat_margin_the_same_radiators_would_overflow(unlimited: RunResult) -> None:
    """The case is not vacuous: the schedule made without a heat limit puts more heat on
    the tight radiators than they reject, in some hours."""
    site = _busiest_site(unlimited)
    radiators = Radiators(area_m2=_tight_area_m2(unlimited, site))
    heat, sink = _heat_and_sink(unlimited, site, final=True)
    assert np.any(heat > radiators.capacity_w(sink) + HEAT_TOLERANCE_W)


def test_tight_radiators_still_leave_room_for_science(limited: RunResult) -> None:
    assert limited.tables["science_schedule"]["energy_kwh"].sum() > 0


def test_final_run_stays_within_the_declared_radiators(limited: RunResult) -> None:
    site = _busiest_site(limited)
    science = limited.results["science"].output
    assert isinstance(science, ScienceOutput)
    assert site in science.site_loads
    radiators = StationOptions.of(limited.scenario.options.station).radiators[site]
    heat, sink = _heat_and_sink(limited, site, final=True)
    assert np.all(heat <= radiators.capacity_w(sink) + HEAT_TOLERANCE_W)
    assert not [f for f in limited.results["station"].findings if f.code == "THERMAL_LIMIT"]


def test_undeclared_radiators_leave_heat_unlimited(unlimited: RunResult) -> None:
    housekeeping = unlimited.results["capacity"].output
    assert isinstance(housekeeping, HousekeepingOutput)
    assert all(np.isinf(h).all() for h in housekeeping.heat_spare_w.values())
    assert "heat-margin" not in set(unlimited.tables["science_unmet"]["reason"])
