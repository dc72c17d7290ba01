"""Power of an orbital station through its eclipses (station/orbital.py).

Hand-checkable cases: an eclipse of known length against a battery of known capacity,
the sunlit share of an hour from the eclipse's contacts, and a run in a 100 km LLO whose
Moon-shadow passage is checked against the cylindrical-shadow geometry.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lunarstation.orbits.outputs import ElementEclipses, OrbitsOutput
from lunarstation.simulate import simulate
from lunarstation.station.options import StationOptions
from lunarstation.station.orbital import orbital_power, sunlit_fraction, time_inside
from lunarstation.timegrid import TimeGrid
from lunarstation.validation import load_scenario

H = 3600.0

STATION = """
simulation: {{start: 2031-03-01T00:00:00Z, end: 2031-03-03T00:00:00Z, step_h: 1}}
orbits:
  - {{id: llo, name: Low lunar orbit, kind: llo, periapsis_altitude_km: 100, apoapsis_altitude_km: 100,
     inclination_deg: 0}}
elements:
  - id: outpost
    name: Orbital outpost
    partner: agency-a
    kind: orbital_station_module
    dry_mass_kg: 9000
    initial_location: {{place: llo, since: 2030-01-01}}
    power:
      nominal_w: 1000
      survival_w: 400
      solar_array: {{area_m2: 10, cell_efficiency: 0.3, degradation_per_year: 0}}
      battery: {{capacity_kwh: {battery}, depth_of_discharge: 0.8, discharge_efficiency: 0.95}}
"""


def scenario(tmp_path: Path, battery_kwh: float):  # type: ignore[no-untyped-def]
    path = tmp_path / f"station-{battery_kwh}.yaml"
    path.write_text(STATION.format(battery=battery_kwh), encoding="utf-8")
    return load_scenario("minimal", str(path))


def grid(hours: int) -> TimeGrid:
    utc = np.datetime64("2031-03-01T00:00:00", "ns") + np.arange(hours) * np.timedelta64(1, "h")
    return TimeGrid.from_utc(utc, H)


def eclipses_of(g: TimeGrid, passages: list[tuple[float, float]],
                umbrae: list[tuple[float, float]]) -> ElementEclipses:  # fmt: skip
    t0 = float(g.tdb_s[0])
    start = np.array([t0 + a * H for a, _ in passages])
    end = np.array([t0 + b * H for _, b in passages])
    return ElementEclipses(
        "outpost", "llo", "orbital_station", start, end, 1.0, float((end - start).max()),
        np.array([t0 + a * H for a, _ in umbrae]), np.array([t0 + b * H for _, b in umbrae]),
        np.array([t0]), np.array([t0 + len(g) * H]),
    )  # fmt: skip


def test_time_inside_joins_overlapping_spans() -> None:
    # Spans [0, 2] and [1, 3] (a Moon and an Earth shadow overlapping): 3 s in all.
    inside = time_inside(np.array([-1.0, 0.5, 1.5, 2.5, 10.0]), np.array([0.0, 1.0]),
                         np.array([2.0, 3.0]))  # fmt: skip
    np.testing.assert_allclose(inside, [0.0, 0.5, 1.5, 2.5, 3.0], atol=1e-12)


def test_the_sunlit_share_of_each_hour_counts_umbra_dark_and_penumbra_half() -> None:
    g = grid(4)
    # Passage 00:30–02:00, umbra 00:35–01:55 (5-minute partial phases).
    ecl = eclipses_of(g, [(0.5, 2.0)], [(35 / 60, 115 / 60)])
    lit = sunlit_fraction(g.tdb_s, H, ecl)
    # Hour 0: 30 min sunlit, 5 min half lit, 25 min dark → 32.5/60.
    # Hour 1: 55 min dark, 5 min half lit → 2.5/60. Hours 2 and 3: sunlit.
    np.testing.assert_allclose(lit, [32.5 / 60, 2.5 / 60, 1.0, 1.0], atol=1e-9)


@pytest.mark.parametrize(("battery_kwh", "rides"), [(2.0, True), (1.5, False)])
def test_a_battery_rides_through_an_eclipse_only_when_it_holds_the_energy(
    tmp_path: Path, battery_kwh: float, rides: bool
) -> None:
    g = grid(24)
    # A 1.5 h eclipse (all umbra) at 1000 W: 1000 · 1.5 / 0.95 = 1.579 kWh drawn;
    # usable 2 · 0.8 = 1.6 kWh rides through, 1.5 · 0.8 = 1.2 kWh does not.
    ecl = eclipses_of(g, [(6.0, 7.5)], [(6.0, 7.5)])
    run = orbital_power(scenario(tmp_path, battery_kwh), g, OrbitsOutput({}, {"outpost": ecl}),
                        None, StationOptions())  # fmt: skip
    summary = run.summary["outpost"]
    assert summary.longest_eclipse_h == pytest.approx(1.5, abs=1e-9)
    assert summary.eclipse_energy_kwh == pytest.approx(1000 * 1.5 / 0.95 / 1000, abs=1e-9)
    assert summary.usable_kwh == pytest.approx(0.8 * battery_kwh, abs=1e-12)
    assert summary.rides_through is rides
    codes = {f.code for f in run.findings}
    assert ("ORBITAL_ECLIPSE_BATTERY" in codes) is (not rides)
    series = run.series
    assert list(series["site"].unique()) == ["outpost"]
    # Generation: 1361 W/m² · 10 m² · 0.3 = 4083 W in sunlight, half of it in hour 7.
    np.testing.assert_allclose(series["generation_w"].iloc[:6], 4083.0, atol=1e-9)
    assert series["generation_w"].iloc[6] == pytest.approx(0.0, abs=1e-9)
    assert series["generation_w"].iloc[7] == pytest.approx(0.5 * 4083.0, abs=1e-3)  # 1 µs of TDB
    # The battery discharges in hour 6 (load 1000 W, nothing generated).
    soc = series["state_of_charge"].to_numpy()
    assert soc[6] < soc[5] == pytest.approx(1.0)


def test_a_station_in_low_lunar_orbit_sees_the_moon_shadow_every_orbit(tmp_path: Path) -> None:
    run = simulate(scenario(tmp_path, 2.0))
    summary = run.summary()["station"]["orbital"]["outpost"]
    # A 100 km circular equatorial orbit (the Sun within 1.6° of the lunar equator, so
    # the plane faces it edge-on): period 2π√(a³/GM) = 1.963 h with a = 1837.4 km,
    # GM = 4902.8 km³/s²; the cylindrical shadow covers 2·asin(R/a)/360° = 39.4 % of it,
    # 0.773 h. The penumbra adds the Sun's 0.27° radius at each edge (about a minute);
    # tolerance 0.03 h.
    assert summary["longest_eclipse_h"] == pytest.approx(0.773, abs=0.03)
    series = run.series["station_orbital"]
    assert len(series) == 48
    assert isinstance(series["time"].iloc[0], pd.Timestamp)
    # Over the run, the mean sunlit share equals what the orbits engine reports.
    orbits = run.summary()["orbits"]["elements"]["outpost"]
    assert summary["sunlit_fraction"] == pytest.approx(orbits["sunlit_fraction"], abs=0.02)
    # 1000 W against a 2 kWh battery across a ≤ 0.77 h eclipse: it rides through.
    assert summary["rides_through"] is True


OUTPOST = """
simulation: {{start: 2031-03-01T00:00:00Z, end: 2031-03-03T00:00:00Z, step_h: 1}}
orbits:
  - {{id: llo, name: Low lunar orbit, kind: llo, periapsis_altitude_km: 100, apoapsis_altitude_km: 100,
     inclination_deg: 0}}
elements:
  - id: outpost
    name: Orbital outpost
    partner: agency-a
    kind: orbital_station_module
    dry_mass_kg: 9000
    initial_location: {{place: llo, since: 2030-01-01}}
    power: {power}
"""


def outpost(tmp_path: Path, power: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "outpost.yaml"
    path.write_text(OUTPOST.format(power=power), encoding="utf-8")
    return load_scenario("minimal", str(path))


def test_a_regenerative_fuel_cell_joins_the_orbital_battery(tmp_path: Path) -> None:
    # Bug fixed: the fuel cell was left out of the orbital bank (a site counts it).
    # Battery 1.5 kWh (DoD 0.8, discharge 0.95) + RFC 1 kWh at round trip 0.81 (DoD 1,
    # discharge √0.81 = 0.9): 2.5 kWh, usable 1.2 + 1.0 = 2.2 kWh, discharge efficiency
    # (1.5 · 0.95 + 1 · 0.9) / 2.5 = 0.93. The 1.5 h eclipse at 1000 W draws
    # 1.5 / 0.93 = 1.613 kWh: it rides through (the battery alone, 1.2 kWh, does not).
    power = (
        "{nominal_w: 1000, survival_w: 400, solar_array: {area_m2: 10, cell_efficiency: 0.3},"
        " battery: {capacity_kwh: 1.5, depth_of_discharge: 0.8, discharge_efficiency: 0.95},"
        " fuel_cell: {storage_kwh: 1.0, round_trip_efficiency: 0.81}}"
    )
    g = grid(24)
    ecl = eclipses_of(g, [(6.0, 7.5)], [(6.0, 7.5)])
    run = orbital_power(outpost(tmp_path, power), g, OrbitsOutput({}, {"outpost": ecl}), None,
                        StationOptions())  # fmt: skip
    summary = run.summary["outpost"]
    assert summary.battery_kwh == pytest.approx(2.5, abs=1e-12)
    assert summary.usable_kwh == pytest.approx(2.2, abs=1e-12)
    assert summary.eclipse_energy_kwh == pytest.approx(1.5 / 0.93, abs=1e-9)
    assert summary.rides_through is True
    assert "ORBITAL_ECLIPSE_BATTERY" not in {f.code for f in run.findings}


@pytest.mark.parametrize(
    "power", ["{fuel_cell: {storage_kwh: 5}}", "{crewed_w: 500}"], ids=["fuel_cell", "crewed_w"]
)
def test_an_element_with_only_a_fuel_cell_or_a_crewed_load_is_electrical(
    tmp_path: Path, power: str
) -> None:
    # Bug fixed: the orbital test of "draws, makes or stores power" left out crewed_w and
    # fuel_cell, so such an element got no orbital power summary (a site counts it).
    g = grid(24)
    ecl = eclipses_of(g, [(6.0, 7.5)], [(6.0, 7.5)])
    run = orbital_power(outpost(tmp_path, power), g, OrbitsOutput({}, {"outpost": ecl}), None,
                        StationOptions())  # fmt: skip
    assert list(run.summary) == ["outpost"]
    utc = pd.DatetimeIndex(g.utc).tz_localize("UTC")
    stays = pd.DataFrame({"destination": ["llo"], "start": [utc[2]], "end": [utc[5]],
                          "crew": [2]})  # fmt: skip
    crewed = orbital_power(outpost(tmp_path, power), g, OrbitsOutput({}, {"outpost": ecl}),
                           stays, StationOptions())  # fmt: skip
    load = crewed.series["load_w"].to_numpy()
    expected = 500.0 if "crewed_w" in power else 0.0
    np.testing.assert_allclose(load[2:5], expected, atol=1e-12)
    np.testing.assert_allclose(np.delete(load, [2, 3, 4]), 0.0, atol=1e-12)
