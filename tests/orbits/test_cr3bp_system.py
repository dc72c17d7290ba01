"""CR3BP system constants and Lagrange points against shared/reference/orbits.md §1.

Values "computed" in the reference note are root-finding results from the JPL catalog μ;
we check ours to 1e-9 (LU, nondimensional C), i.e. 0.4 m on the Earth–Moon scale.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from lunarstation.errors import OutOfRangeError
from lunarstation.orbits.cr3bp import CR3BPSystem, jacobi

# shared/reference/orbits.md §1 (JPL SSD periodic-orbit API system block; computed values)
JPL_MU = 0.01215058560962404
X_L = {"L1": 0.836915125772, "L2": 1.155682165445, "L3": -1.005062645810}
C_L = {
    "L1": 3.1883411177,
    "L2": 3.1721604610,
    "L3": 3.0121471507,
    "L4": 2.9879970511,
    "L5": 2.9879970511,
}


def test_default_system_is_the_jpl_catalog() -> None:
    system = CR3BPSystem.earth_moon()
    assert system.mu == JPL_MU
    assert system.lu_km == 389_703.2648292776
    assert system.tu_s == 382_981.2891290545


def test_lu_384400_takes_de440_mu_and_tu() -> None:
    # orbits.md §1: μ(DE440) = 0.012150584394 (pykep 0.01215058439470971), TU = 375,190.26 s
    system = CR3BPSystem.earth_moon(384_400.0)
    assert system.mu == pytest.approx(0.01215058439470971, abs=1e-15)
    assert system.tu_s == pytest.approx(375_190.26, abs=0.01)
    assert system.days(1.0) == pytest.approx(4.342480, abs=1e-6)
    # the Purdue/Howell group's LU
    assert CR3BPSystem.earth_moon(385_692.5).tu_s == pytest.approx(377_084.15, abs=0.01)


@pytest.mark.parametrize("name", ["L1", "L2", "L3"])
def test_collinear_points(name: str) -> None:
    point = CR3BPSystem.earth_moon().lagrange_points()[name]
    assert point[0] == pytest.approx(X_L[name], abs=1e-9)
    assert point[1] == point[2] == 0.0


@pytest.mark.parametrize("name", ["L1", "L2", "L3", "L4", "L5"])
def test_jacobi_constants_of_the_points(name: str) -> None:
    assert CR3BPSystem.earth_moon().lagrange_jacobi()[name] == pytest.approx(C_L[name], abs=1e-9)


def test_triangular_points_are_equilateral() -> None:
    system = CR3BPSystem.earth_moon()
    for name in ("L4", "L5"):
        point = system.lagrange_points()[name]
        assert np.linalg.norm(point - system.earth) == pytest.approx(1.0, abs=1e-15)
        assert np.linalg.norm(point - system.moon) == pytest.approx(1.0, abs=1e-15)


def test_l1_l2_distances_from_the_moon_at_lu_384400() -> None:
    # orbits.md §1: 58,019 km and 64,515 km (LU 384,400 km); ±1 km (rounding of the table)
    system = CR3BPSystem.earth_moon(384_400.0)
    points = system.lagrange_points()
    moon_x = 1.0 - system.mu
    assert (moon_x - points["L1"][0]) * system.lu_km == pytest.approx(58_019, abs=1.0)
    assert (points["L2"][0] - moon_x) * system.lu_km == pytest.approx(64_515, abs=1.0)


def test_jacobi_formula_by_hand() -> None:
    # C = x² + y² + 2(1−μ)/r₁ + 2μ/r₂ − v² at a point worked by hand: (0.5, 0, 0.5) at rest,
    # r₁ = √((0.5+μ)² + 0.25), r₂ = √((0.5−1+μ)² + 0.25), plus v² = 0.01 + 0.04
    mu = JPL_MU
    r1 = math.sqrt((0.5 + mu) ** 2 + 0.25)
    r2 = math.sqrt((mu - 0.5) ** 2 + 0.25)
    expected = 0.25 + 2 * (1 - mu) / r1 + 2 * mu / r2 - 0.05
    state = np.array([0.5, 0.0, 0.5, 0.1, 0.2, 0.0])
    assert jacobi(CR3BPSystem.earth_moon(), state) == pytest.approx(expected, abs=1e-15)
    many = jacobi(CR3BPSystem.earth_moon(), np.stack([state, state]))
    assert isinstance(many, np.ndarray)
    assert many.shape == (2,)


@pytest.mark.parametrize("mu", [0.0, 0.5, -0.1, math.nan, math.inf])
def test_mu_outside_the_open_interval_is_refused(mu: float) -> None:
    with pytest.raises(OutOfRangeError, match=r"mu must be a finite number in \(0, 0.5\)"):
        CR3BPSystem(mu, 1.0, 1.0)
