"""Two-body lunar orbits: Kepler's laws, conservation without perturbations, J2 drift.

References: Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed. (§2.2
Kepler's third law, §9.6 the J2 secular rates); GM☾ = 4902.800118 km³/s² (DE440).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lunarstation.orbits.twobody import (
    GM_MOON_KM3_S2,
    MeanElements,
    elements_to_state,
    mean_positions,
    propagate_perturbed,
    state_to_elements,
)

KM = 1.0


def energy(state: np.ndarray) -> np.ndarray:
    r = np.linalg.norm(state[..., :3], axis=-1)
    return 0.5 * np.sum(state[..., 3:] ** 2, axis=-1) - GM_MOON_KM3_S2 / r


def test_keplerian_period_returns_the_state() -> None:
    # Kepler's third law: T = 2π √(a³/GM). A 100 km circular LLO: a = 1838 km,
    # T = 7,070.9 s (computed). After one period the state repeats to 1 m.
    a = 1838.0
    period = 2 * np.pi * np.sqrt(a**3 / GM_MOON_KM3_S2)
    assert period == pytest.approx(7070.9, abs=0.1)
    state = elements_to_state(a, 0.0, np.radians(90), 0.0, 0.0, 0.0)
    final = propagate_perturbed(state, 0.0, np.array([period]), j2=0.0)[0]
    assert np.linalg.norm(final[:3] - state[:3]) < 1e-3 * KM


@settings(max_examples=25, deadline=None)
@given(
    periapsis_alt=st.floats(50.0, 3000.0),
    extra=st.floats(0.0, 20000.0),
    inc=st.floats(0.0, 180.0),
    raan=st.floats(0.0, 360.0),
    argp=st.floats(0.0, 360.0),
    mean=st.floats(0.0, 360.0),
)
def test_energy_and_angular_momentum_are_conserved_without_perturbations(
    periapsis_alt: float, extra: float, inc: float, raan: float, argp: float, mean: float
) -> None:
    rp = 1738.0 + periapsis_alt
    ra = rp + extra
    a, e = (rp + ra) / 2, (ra - rp) / (ra + rp)
    state = elements_to_state(a, e, *np.radians([inc, raan, argp, mean]))
    period = 2 * np.pi * np.sqrt(a**3 / GM_MOON_KM3_S2)
    states = propagate_perturbed(state, 0.0, np.linspace(0.1, 3 * period, 50), j2=0.0)
    h0 = np.cross(state[:3], state[3:])
    h = np.cross(states[:, :3], states[:, 3:])
    # Tolerances: relative 1e-8 over three orbits (integrator tolerance 1e-11 per step).
    assert np.max(np.abs(energy(states) - energy(state))) < 1e-8 * abs(energy(state))
    assert np.max(np.linalg.norm(h - h0, axis=1)) < 1e-8 * np.linalg.norm(h0)


@settings(max_examples=25, deadline=None)
@given(
    a=st.floats(1800.0, 30000.0), e=st.floats(0.0, 0.9), inc=st.floats(1.0, 179.0),
    raan=st.floats(0.0, 359.0), argp=st.floats(0.0, 359.0), mean=st.floats(0.0, 359.0),
)  # fmt: skip
def test_elements_round_trip(
    a: float, e: float, inc: float, raan: float, argp: float, mean: float
) -> None:
    if e < 1e-3:
        return  # ω and M are not separable for a circular orbit
    back = state_to_elements(elements_to_state(a, e, *np.radians([inc, raan, argp, mean])))
    assert back[0] == pytest.approx(a, rel=1e-9)
    assert back[1] == pytest.approx(e, abs=1e-9)
    got = np.degrees(back[2:])
    want = np.array([inc, raan, argp, mean])
    assert np.max(np.abs((got - want + 180) % 360 - 180)) < 1e-6


def test_j2_node_drift_matches_the_numerical_propagation() -> None:
    # J2 secular node rate (Vallado §9.6): for a 100 km orbit at i = 60°, dΩ/dt =
    # −1.5 n J2 (R/p)² cos i. The integrated osculating node after 30 days agrees with the
    # mean-element drift to 0.05° (short-period terms are ~0.01°).
    elements = MeanElements(1838.0, 0.0, np.radians(60.0), 0.0, 0.0, 0.0, 0.0)
    rate = elements.rates()[0]
    days = 30.0
    state = elements_to_state(1838.0, 0.0, np.radians(60.0), 0.0, 0.0, 0.0)
    final = propagate_perturbed(state, 0.0, np.array([days * 86400.0]))[0]
    node = state_to_elements(final)[3]
    drift = (node + np.pi) % (2 * np.pi) - np.pi
    assert np.degrees(drift) == pytest.approx(np.degrees(rate * days * 86400.0), abs=0.05)
    assert np.degrees(rate * 86400.0) == pytest.approx(-0.600, abs=0.002)  # computed by hand, °/day


def test_mean_positions_stay_on_the_ellipse() -> None:
    elements = MeanElements(9838.0, 0.8, np.radians(62.4), 0.0, np.pi / 2, 0.0, 0.0, frozen=True)
    r = np.linalg.norm(mean_positions(elements, np.linspace(0, 86400 * 3, 2000)), axis=1)
    assert r.min() >= 9838.0 * 0.2 - 1e-6
    assert r.max() <= 9838.0 * 1.8 + 1e-6
