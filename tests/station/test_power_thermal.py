"""Array output, battery lumping and radiator capacity against hand calculations."""

from __future__ import annotations

import numpy as np
import pytest

from lunarstation.scenario.hardware import Battery, SolarArray
from lunarstation.station.power import BatteryBank, array_output_w, regenerative_fuel_cell
from lunarstation.station.thermal import Radiators, sink_temperature_k

WATT = 1.0


def test_full_sun_output_is_solar_constant_times_area_and_efficiency() -> None:
    # Kopp & Lean 2011: 1361 W/m²; 35 m² at 30 % ⇒ 14.29 kW, the order of NASA VSAT's
    # 10 kW on ≈ 35 m² (ref §4, which quotes ~286 W/m² net of mast and packing losses).
    array = SolarArray(area_m2=35, cell_efficiency=0.30, mounting="full_tracking")
    out = array_output_w(array, np.array([0.3]), np.array([1.0]), np.array([1.0]), np.array([0.0]))
    assert out[0] == pytest.approx(1361 * 35 * 0.30, abs=1 * WATT)


def test_mountings_degradation_and_partial_disk() -> None:
    elevation, azimuth = np.radians([10.0, 10.0]), np.radians([0.0, 180.0])
    one_year = np.array([1.0, 1.0])
    full = np.ones(2)
    vertical = SolarArray(area_m2=10, degradation_per_year=0.02, mounting="vertical_tracking")
    fixed = SolarArray(area_m2=10, degradation_per_year=0.0, mounting="fixed")
    peak = 1361 * 10 * 0.30
    v = array_output_w(vertical, elevation, azimuth, full * 0.5, one_year)
    assert v == pytest.approx(peak * 0.98 * np.cos(elevation) * 0.5, abs=1 * WATT)
    f = array_output_w(fixed, elevation, azimuth, full, one_year)
    assert f == pytest.approx([peak * np.cos(elevation[0]), 0.0], abs=1 * WATT)


def test_battery_bank_is_capacity_weighted() -> None:
    bank = BatteryBank.of([Battery(capacity_kwh=100, depth_of_discharge=0.8),
                           Battery(capacity_kwh=300, depth_of_discharge=0.4)])  # fmt: skip
    assert bank.capacity_kwh == 400
    assert bank.depth_of_discharge == pytest.approx(0.5)
    rfc = regenerative_fuel_cell(500, round_trip=0.49)
    assert rfc.charge_efficiency * rfc.discharge_efficiency == pytest.approx(0.49)


def test_radiator_capacity_follows_stefan_boltzmann() -> None:
    # σ = 5.670374419e-8 (CODATA 2018); 10 m², ε 0.9, 275 K against a 90 K night sink
    # (−183 °C, Chang'e-4 team 2019, ref §5): 0.9·σ·10·(275⁴ − 90⁴) ≈ 2.885 kW.
    radiators = Radiators(area_m2=10, emissivity=0.9, temperature_k=275)
    expected = 0.9 * 5.670374419e-8 * 10 * (275.0**4 - 90.0**4)
    assert radiators.capacity_w(np.array([90.0]))[0] == pytest.approx(expected, abs=1 * WATT)
    assert expected == pytest.approx(2885, abs=5 * WATT)
    dark, lit = sink_temperature_k(np.array([0.0, 1.0]))
    assert dark < lit
    assert sink_temperature_k(np.array([1.0]), permanently_shadowed=True)[0] <= 40.0
