"""A periodic orbit of the CR3BP, with its system, family and stability."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize_scalar

from lunarstation.errors import OutOfRangeError
from lunarstation.orbits.cr3bp.propagate import propagate, propagate_with_stm
from lunarstation.orbits.cr3bp.stability import StabilityIndices, stability_indices
from lunarstation.orbits.cr3bp.system import CR3BPSystem, jacobi

FloatArray = NDArray[np.float64]

EXTREMA_SAMPLES = 4_000
"""Samples per period used to bracket perilune and apolune before refining them."""


@dataclass(frozen=True, eq=False)
class PeriodicOrbit:
    """One periodic orbit: initial state (nondimensional, rotating frame) and period.

    ``state0`` lies on the x–z plane for the symmetric families (Lyapunov, halo, NRHO),
    at the crossing farther from the Moon (apolune for NRHOs). ``family`` is
    ``"lyapunov"``, ``"halo"`` or ``"nrho"``; ``branch`` ``"north"``/``"south"`` for
    halos (the sign of z at that crossing: z₀ < 0 is south), ``None`` for planar orbits.
    """

    system: CR3BPSystem
    state0: FloatArray
    period_tu: float
    family: str
    lagrange: str
    branch: str | None = None
    jacobi: float = field(init=False)
    stability: StabilityIndices = field(init=False)
    monodromy: FloatArray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        state = np.array(self.state0, dtype=np.float64)
        state.setflags(write=False)
        object.__setattr__(self, "state0", state)
        object.__setattr__(self, "jacobi", float(jacobi(self.system, state)))
        _, monodromy = propagate_with_stm(self.system, state, self.period_tu)
        monodromy.setflags(write=False)
        object.__setattr__(self, "monodromy", monodromy)
        object.__setattr__(self, "stability", stability_indices(monodromy))

    @property
    def period_days(self) -> float:
        """Period in days, in the orbit's own time unit."""
        return self.system.days(self.period_tu)

    def sample(self, times_tu: FloatArray) -> FloatArray:
        """States at ``times_tu`` (TU from ``state0``; any real times), ``(len, 6)``.

        Times are reduced modulo the period and propagated from ``state0`` in sorted
        order, each one a step end of the integrator (no interpolation).
        """
        times = np.atleast_1d(np.asarray(times_tu, dtype=np.float64))
        if not np.all(np.isfinite(times)):
            raise OutOfRangeError("times must be finite", value=times, valid=("finite",))
        phase = np.mod(times, self.period_tu)
        order = np.argsort(phase, kind="stable")
        states = np.empty((times.size, 6))
        states[order] = propagate(self.system, self.state0, phase[order])
        return states

    def moon_distance_lu(self, times_tu: FloatArray) -> FloatArray:
        """Distance from the Moon's centre, LU, at ``times_tu``."""
        states = self.sample(times_tu)
        result: FloatArray = np.linalg.norm(states[:, :3] - self.system.moon, axis=1)
        return result

    @cached_property
    def _extrema_lu(self) -> tuple[float, float]:
        """(min, max) distance from the Moon, LU, refined by Brent's method to 1e-12 TU."""
        grid = np.linspace(0.0, self.period_tu, EXTREMA_SAMPLES, endpoint=False)
        distance = self.moon_distance_lu(grid)
        step = self.period_tu / EXTREMA_SAMPLES
        found = []
        for index, sign in ((int(np.argmin(distance)), 1.0), (int(np.argmax(distance)), -1.0)):
            centre = grid[index]
            result = minimize_scalar(
                lambda t, s=sign: s * float(self.moon_distance_lu(np.array([t]))[0]),
                bounds=(centre - step, centre + step),
                method="bounded",
                options={"xatol": 1e-12},
            )
            found.append(sign * float(result.fun))
        return found[0], found[1]

    @property
    def perilune_radius_km(self) -> float:
        """Smallest distance from the Moon's centre, km (in the orbit's own LU)."""
        return self._extrema_lu[0] * self.system.lu_km

    @property
    def apolune_radius_km(self) -> float:
        """Largest distance from the Moon's centre, km."""
        return self._extrema_lu[1] * self.system.lu_km

    def closure_error_lu(self) -> float:
        """|x(T) − x(0)| over position and velocity after one period (LU, LU/TU)."""
        final = propagate(self.system, self.state0, np.array([self.period_tu]))[0]
        return float(np.max(np.abs(final - self.state0)))
