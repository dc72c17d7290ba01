"""The compiled kernels: hand-checkable cases and conservation properties (Hypothesis)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lunarstation.station import kernel
from lunarstation.station.kernel import backlog_kernel, inventory_kernel, power_kernel

HOUR_S = 3600.0
KWH_J = 3.6e6
JOULE_TOLERANCE = 1e-3  # J, far below one W·s per step


def run_power(generation: np.ndarray, loads: np.ndarray, capacity_kwh: float,
              dod: float = 0.8, eta_c: float = 0.95, eta_d: float = 0.95, reserve: float = 0.0) -> list[np.ndarray]:  # fmt: skip
    steps = generation.size
    out = [np.zeros((1, steps)) for _ in range(6)]
    capacity = np.full(steps, capacity_kwh * KWH_J)
    one = np.ones(1)
    power_kernel(
        generation[None, :], loads, one, capacity, one, dod, eta_c, eta_d, reserve, HOUR_S, *out
    )
    return [a[0] for a in out]


def test_constant_load_through_a_known_darkness() -> None:
    # 1 kW for a 100 h darkness from a full 200 kWh battery at 95 % discharge efficiency
    # draws 100 kWh / 0.95 = 105.26 kWh: 94.74 kWh remain, above the 40 kWh DoD floor.
    generation = np.zeros(100)
    stored, served, shed, short, _spilled, loss = run_power(generation, np.full((100, 1), 1e3), 200)
    assert stored[-1] / KWH_J == pytest.approx(200 - 100 / 0.95, abs=1e-6)
    assert served.sum() == pytest.approx(100e3, abs=1e-6)
    assert shed.max() == 0.0
    assert short.max() == 0.0
    assert loss.sum() * HOUR_S / KWH_J == pytest.approx(100 / 0.95 - 100, abs=1e-6)


def test_darkness_longer_than_the_battery_depletes_survival_at_the_right_hour() -> None:
    # 40 kWh usable (50 kWh, DoD 0.8) at η_d 1 carries 1 kW for 40 h exactly; hour 41 is short.
    stored, _served, _shed, short, _s, _l = run_power(
        np.zeros(60), np.full((60, 1), 1e3), 50, eta_d=1.0
    )
    assert np.flatnonzero(short > 0)[0] == 40
    assert short[45] == pytest.approx(1e3)
    assert stored.min() == pytest.approx(10 * KWH_J)


def test_science_is_shed_before_survival() -> None:
    # 600 W of generation, no battery: survival 500 W fits, science 300 W is shed whole.
    loads = np.array([[500.0, 0.0, 0.0, 300.0]])
    _st, served, shed, short, spilled, _l = run_power(np.array([600.0]), loads, 0.0)
    assert (served[0], shed[0], short[0], spilled[0]) == (500.0, 300.0, 0.0, 100.0)


floats = st.floats(min_value=0.0, max_value=5e3, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(floats, floats, floats), min_size=1, max_size=80),
    st.floats(min_value=0.0, max_value=100.0),
    st.floats(min_value=0.1, max_value=1.0),
    st.floats(min_value=0.5, max_value=1.0),
    st.floats(min_value=0.5, max_value=1.0),
)
def test_energy_is_conserved_and_charge_stays_in_limits(
    rows: list[tuple[float, float, float]],
    capacity_kwh: float,
    dod: float,
    eta_c: float,
    eta_d: float,
) -> None:
    data = np.array(rows)
    generation, loads = data[:, 0].copy(), data[:, 1:].copy()
    stored, served, _shed, _short, spilled, loss = run_power(
        generation, loads, capacity_kwh, dod, eta_c, eta_d
    )
    capacity = capacity_kwh * KWH_J
    previous = np.concatenate([[capacity], stored[:-1]])
    # in = Δstored + consumed + lost, per step (joules)
    balance = generation * HOUR_S - (stored - previous) - (served + spilled + loss) * HOUR_S
    assert np.abs(balance).max() <= JOULE_TOLERANCE * max(1.0, capacity / 1e6)
    assert stored.min() >= (1 - dod) * capacity - JOULE_TOLERANCE
    assert stored.max() <= capacity + JOULE_TOLERANCE
    assert served.max() <= (generation + capacity * eta_d / HOUR_S).max() + 1e-9


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(floats, floats, floats, floats), min_size=1, max_size=80),
    st.floats(min_value=1.0, max_value=1e4),
)
def test_inventory_mass_is_conserved_and_never_negative(
    rows: list[tuple[float, float, float, float]], capacity: float
) -> None:
    data = np.array(rows)
    delivered, demand = data[:, :2].copy(), data[:, 2:].copy()
    steps = len(rows)
    caps = np.full((steps, 2), capacity)
    stock, used, short, overflow = (np.zeros((1, steps, 2)) for _ in range(4))
    inventory_kernel(delivered, demand, np.ones(1), caps, stock, used, short, overflow)
    assert stock.min() >= 0.0
    # delivered = stock at the end + used + overflow (kg)
    total = stock[0, -1] + used[0].sum(axis=0) + overflow[0].sum(axis=0)
    assert total == pytest.approx(delivered.sum(axis=0), abs=1e-6)
    assert (used + short)[0] == pytest.approx(demand, abs=1e-9)


def test_samples_are_independent_and_scale() -> None:
    # Three samples of one inventory with demand ×0, ×1, ×2: 10 kg lasts forever, 10 h, 5 h.
    delivered = np.zeros((20, 1))
    delivered[0, 0] = 10.0
    stock, used, short, overflow = (np.zeros((3, 20, 1)) for _ in range(4))
    inventory_kernel(delivered, np.ones((20, 1)), np.array([0.0, 1.0, 2.0]),
                     np.full((20, 1), 100.0), stock, used, short, overflow)  # fmt: skip
    first_short = [np.flatnonzero(short[s, :, 0] > 0) for s in range(3)]
    assert first_short[0].size == 0
    assert first_short[1][0] == 10
    assert first_short[2][0] == 5


def test_backlog_grows_only_when_production_exceeds_the_link() -> None:
    produced = np.full((1, 10), 5.0)
    link = np.array([[0, 0, 0, 20, 0, 0, 0, 0, 0, 0]], dtype=float)
    backlog = np.zeros((1, 10))
    backlog_kernel(produced, link, backlog)
    assert backlog[0].tolist() == [5, 10, 15, 0, 5, 10, 15, 20, 25, 30]


def test_survival_reserve_sheds_science_early_and_buys_survival_time() -> None:
    # 50 kWh, DoD 0.8, η_d 1: 40 kWh usable. Survival 1 kW + science 1 kW in darkness.
    # No reserve: 2 kW for 20 h, survival short from hour 20. Half kept for survival: science
    # runs 10 h (20 kWh), then survival alone 20 h: short from hour 30.
    loads = np.tile([1e3, 1e3], (40, 1))
    *_, short_none, _sp, _l = run_power(np.zeros(40), loads, 50, eta_d=1.0)
    _st, _sv, shed, short_half, _sp, _l = run_power(np.zeros(40), loads, 50, eta_d=1.0, reserve=0.5)
    assert np.flatnonzero(short_none > 0)[0] == 20
    assert np.flatnonzero(short_half > 0)[0] == 30
    assert np.flatnonzero(shed > 0)[0] == 10


def test_a_grid_resumes_from_its_initial_state_and_added_storage_arrives_charged() -> None:
    # Before the step the grid held 30 kWh of 50 kWh installed; now 60 kWh are installed
    # (10 kWh joined, charged): 40 kWh at the start, 1 kW for 1 h at η_d 1 leaves 39 kWh.
    run = kernel.run_power(
        np.zeros(1), np.array([[1e3]]), np.full(1, 60 * KWH_J), depth_of_discharge=0.8,
        charge_efficiency=0.95, discharge_efficiency=1.0, survival_reserve=0.0, step_s=HOUR_S,
        initial_stored_j=np.array([30 * KWH_J]), initial_capacity_j=np.array([50 * KWH_J]),
    )  # fmt: skip
    assert run.stored_j[0, 0] == pytest.approx(39 * KWH_J, abs=JOULE_TOLERANCE)


def test_shed_levels_mark_each_level_shed() -> None:
    # No battery. 600 W: survival 500, a zero-demand level, 50 W fit; the last 300 W is shed
    # (bit 3). 400 W: survival is 100 W short (bit 0), the 50 W and 300 W levels shed (bits
    # 2, 3); a level with no demand is never marked.
    loads = np.array([[500.0, 0.0, 50.0, 300.0]] * 2)
    run = kernel.run_power(
        np.array([600.0, 400.0]), loads, np.zeros(2), depth_of_discharge=0.8,
        charge_efficiency=0.95, discharge_efficiency=0.95, survival_reserve=0.0, step_s=HOUR_S,
    )  # fmt: skip
    assert run.shed_levels[0].tolist() == [0b1000, 0b1101]
    assert run.survival_short_w[0].tolist() == [0.0, 100.0]
