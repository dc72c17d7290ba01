"""The Earth–Moon circular restricted three-body system: μ, length and time units.

Rotating barycentric frame, nondimensional: the Earth at (−μ, 0, 0), the Moon at
(1 − μ, 0, 0), unit angular rate, unit separation. Every orbit carries its
:class:`CR3BPSystem`, because the nondimensional state of a named orbit (the 9:2 NRHO)
depends on the length and time units chosen (``shared/reference/orbits.md`` §1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import brentq

from lunarstation.errors import OutOfRangeError
from lunarstation.orbits.twobody.kepler import GM_EARTH_KM3_S2, GM_MOON_KM3_S2

FloatArray = NDArray[np.float64]

JPL_MU = 0.01215058560962404
"""μ of JPL's three-body periodic-orbit catalog (JPL SSD periodic-orbit API, system block)."""
JPL_LU_KM = 389_703.2648292776
"""Length unit of JPL's periodic-orbit catalog, km (same source)."""
JPL_TU_S = 382_981.2891290545
"""Time unit of JPL's periodic-orbit catalog, s (same source)."""


SYNODIC_MONTH_DAYS = 29.530589
"""Mean synodic month, days (standard value; shared/reference/orbits.md §1)."""


@dataclass(frozen=True)
class CR3BPSystem:
    """A CR3BP: mass ratio ``mu`` = m₂/(m₁+m₂), length unit ``lu_km``, time unit ``tu_s``.

    Raises:
        OutOfRangeError: μ not in (0, 0.5), or a unit that is not a positive finite number.
    """

    mu: float
    lu_km: float
    tu_s: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.mu) and 0.0 < self.mu < 0.5):
            raise OutOfRangeError(
                f"mu must be a finite number in (0, 0.5), got {self.mu}",
                value=self.mu,
                valid=(0.0, 0.5),
            )
        for name in ("lu_km", "tu_s"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value > 0.0):
                raise OutOfRangeError(
                    f"{name} must be a positive finite number, got {value}",
                    value=value,
                    valid=("> 0",),
                )

    @classmethod
    def earth_moon(cls, lu_km: float | None = None) -> CR3BPSystem:
        """The Earth–Moon system.

        Without ``lu_km``: JPL's periodic-orbit catalog (μ, LU, TU). With ``lu_km``
        (e.g. 384,400 or the Purdue group's 385,692.5): μ from the DE440 GMs and
        TU = √(LU³ / (GM⊕ + GM☾)).
        """
        if lu_km is None:
            return cls(JPL_MU, JPL_LU_KM, JPL_TU_S)
        gm = GM_EARTH_KM3_S2 + GM_MOON_KM3_S2
        if not (math.isfinite(lu_km) and lu_km > 0.0):
            raise OutOfRangeError(
                f"lu_km must be a positive finite number, got {lu_km}", value=lu_km, valid=("> 0",)
            )
        return cls(GM_MOON_KM3_S2 / gm, float(lu_km), math.sqrt(lu_km**3 / gm))

    @property
    def vu_km_s(self) -> float:
        """Velocity unit, km/s (LU/TU)."""
        return self.lu_km / self.tu_s

    @property
    def moon(self) -> FloatArray:
        """Position of the Moon in the rotating frame, LU."""
        return np.array([1.0 - self.mu, 0.0, 0.0])

    @property
    def earth(self) -> FloatArray:
        """Position of the Earth in the rotating frame, LU."""
        return np.array([-self.mu, 0.0, 0.0])

    def days(self, tu: float) -> float:
        """A duration in TU, in days."""
        return tu * self.tu_s / 86_400.0

    def tu(self, days: float) -> float:
        """A duration in days, in TU."""
        return days * 86_400.0 / self.tu_s

    def lagrange_points(self) -> dict[str, FloatArray]:
        """Positions of L1…L5 in the rotating frame, LU, shape ``(3,)`` each.

        L1 lies between the primaries, L2 beyond the Moon, L3 beyond the Earth; the
        collinear points are roots of ∂Ω/∂x on the x axis (Brent's method, 1e-15).
        """
        mu = self.mu

        def gradient(x: float) -> float:
            r1 = abs(x + mu)
            r2 = abs(x - 1.0 + mu)
            return x - (1.0 - mu) * (x + mu) / r1**3 - mu * (x - 1.0 + mu) / r2**3

        eps = 1e-9
        moon_x, earth_x = 1.0 - mu, -mu
        l1 = brentq(gradient, earth_x + 0.5, moon_x - eps, xtol=1e-15, rtol=1e-15)
        l2 = brentq(gradient, moon_x + eps, 2.0, xtol=1e-15, rtol=1e-15)
        l3 = brentq(gradient, -2.0, earth_x - eps, xtol=1e-15, rtol=1e-15)
        half_sqrt3 = math.sqrt(3.0) / 2.0
        return {
            "L1": np.array([l1, 0.0, 0.0]),
            "L2": np.array([l2, 0.0, 0.0]),
            "L3": np.array([l3, 0.0, 0.0]),
            "L4": np.array([0.5 - mu, half_sqrt3, 0.0]),
            "L5": np.array([0.5 - mu, -half_sqrt3, 0.0]),
        }

    def lagrange_jacobi(self) -> dict[str, float]:
        """Jacobi constant of each Lagrange point (at rest there)."""
        return {
            name: float(jacobi(self, np.concatenate([point, np.zeros(3)])))
            for name, point in self.lagrange_points().items()
        }


def jacobi(system: CR3BPSystem, state: FloatArray) -> float | FloatArray:
    """Jacobi constant C = x² + y² + 2(1−μ)/r₁ + 2μ/r₂ − v² of states ``(..., 6)``.

    A float for one state, an array of shape ``(...)`` otherwise.
    """
    s = np.asarray(state, dtype=np.float64)
    mu = system.mu
    x, y, z = s[..., 0], s[..., 1], s[..., 2]
    r1 = np.sqrt((x + mu) ** 2 + y**2 + z**2)
    r2 = np.sqrt((x - 1.0 + mu) ** 2 + y**2 + z**2)
    v2 = s[..., 3] ** 2 + s[..., 4] ** 2 + s[..., 5] ** 2
    value = x**2 + y**2 + 2.0 * (1.0 - mu) / r1 + 2.0 * mu / r2 - v2
    if np.ndim(value) == 0:
        return float(value)
    result: FloatArray = np.asarray(value)
    return result
