"""Scenario CR3BP orbits → :class:`~lunarstation.orbits.cr3bp.PeriodicOrbit` → trajectories.

A scenario orbit names a family (nrho, halo), a libration point, a branch and one
selector: ``resonance``, ``period_days``, or a ``state`` with its (μ, LU, TU). The
member comes from :mod:`lunarstation.orbits.cr3bp` (corrected there, cached per
selector); its path over one period is sampled once (8,000 points, cubic splines in
phase: under 10 m from the integrated orbit at the NRHO's perilune) and placed at each
epoch in Moon-centred ICRF through the DE421 Earth–Moon geometry
(:func:`lunarstation.orbits.cr3bp.rotating_to_inertial`). The spacecraft is at the
member's ``state0`` (the far x–z crossing: apolune of an NRHO) at the orbit's epoch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np
from numpy.typing import NDArray
from scipy.interpolate import CubicSpline

from lunarstation.orbits.cr3bp import CR3BPSystem, PeriodicOrbit, halo, nrho
from lunarstation.orbits.cr3bp.placement import rotating_basis
from lunarstation.orbits.trajectory import OrbitModelError
from lunarstation.scenario import Orbit, OrbitKind

FloatArray = NDArray[np.float64]

SAMPLES_PER_PERIOD = 8000


@cache
def _member(
    kind: str, lagrange: str, branch: str, resonance: str | None, period_days: float | None,
    lu_km: float | None,
) -> PeriodicOrbit:  # fmt: skip
    system = CR3BPSystem.earth_moon(lu_km)
    if kind == "nrho":
        return nrho(
            system, resonance=resonance, period_days=period_days, branch=branch, lagrange=lagrange
        )
    if period_days is None:
        return halo(system, lagrange, branch)
    return halo(system, lagrange, branch, period_tu=system.tu(period_days))


def periodic_orbit(orbit: Orbit) -> PeriodicOrbit:
    """The family member a scenario orbit selects.

    Raises:
        NoSuchOrbitError: the family has no member with that resonance or period.
        OrbitModelError: the orbit is not a CR3BP orbit.
    """
    if orbit.kind not in (OrbitKind.NRHO, OrbitKind.HALO):
        raise OrbitModelError(f"orbit {orbit.id!r} is not a CR3BP orbit")
    family = orbit.kind.value
    branch = orbit.halo_branch or "south"
    lagrange = orbit.lagrange_point or "L2"
    if orbit.state is not None:
        assert orbit.mu is not None
        assert orbit.lu_km is not None
        assert orbit.tu_s is not None
        system = CR3BPSystem(orbit.mu, orbit.lu_km, orbit.tu_s)
        period = orbit.period_days
        if period is None:
            raise OrbitModelError(f"orbit {orbit.id!r}: a CR3BP state needs its period_days")
        return PeriodicOrbit(
            system, np.array(orbit.state), system.tu(period), family, lagrange, branch
        )
    period = None if orbit.resonance is not None else orbit.period_days
    if family == "nrho" and orbit.resonance is None and period is None:
        raise OrbitModelError(f"orbit {orbit.id!r}: an NRHO needs a resonance, a period or a state")
    return _member(family, lagrange, branch, orbit.resonance, period, orbit.lu_km)


@dataclass(frozen=True)
class CR3BPTrajectory:
    """A periodic orbit placed in Moon-centred ICRF, from ``epoch_tdb_s`` at ``state0``."""

    orbit_id: str
    member: PeriodicOrbit
    epoch_tdb_s: float
    _spline: CubicSpline = field(repr=False)

    @property
    def period_s(self) -> float:
        """Period in seconds (the orbit's own TU)."""
        return self.member.period_tu * self.member.system.tu_s

    def rotating_states(self, tdb_s: FloatArray) -> FloatArray:
        """Rotating nondimensional states at epochs, ``(n, 6)``."""
        phase = np.mod(
            (np.asarray(tdb_s) - self.epoch_tdb_s) / self.member.system.tu_s, self.member.period_tu
        )
        result: FloatArray = self._spline(phase)
        return result

    def positions_icrf_km(self, tdb_s: FloatArray) -> FloatArray:
        """Moon-centred ICRF positions, km."""
        tdb = np.atleast_1d(np.asarray(tdb_s, dtype=np.float64))
        # P = l·C·(ρ − Moon), as rotating_to_inertial places positions (velocities not needed).
        basis, distance, _ = rotating_basis(tdb)
        moon_relative = self.rotating_states(tdb)[:, :3] - self.member.system.moon
        result: FloatArray = distance[:, None] * np.einsum("nij,nj->ni", basis, moon_relative)
        return result

    def perilune_times(self, start_tdb_s: float, end_tdb_s: float) -> FloatArray:
        """Epochs of the rotating-frame perilune between two epochs (TDB s), one per period."""
        phase = np.linspace(0.0, self.member.period_tu, SAMPLES_PER_PERIOD, endpoint=False)
        states = self._spline(phase)
        moon = self.member.system.moon
        offset_s = (
            phase[int(np.argmin(np.linalg.norm(states[:, :3] - moon, axis=1)))]
            * self.member.system.tu_s
        )
        first = np.ceil((start_tdb_s - self.epoch_tdb_s - offset_s) / self.period_s)
        times = self.epoch_tdb_s + offset_s + self.period_s * np.arange(first, first + 1e6)
        result: FloatArray = times[times < end_tdb_s]
        return result


def cr3bp_trajectory(orbit: Orbit, epoch_tdb_s: float) -> CR3BPTrajectory:
    """The trajectory of a scenario CR3BP orbit (module docstring)."""
    member = periodic_orbit(orbit)
    phase = np.linspace(0.0, member.period_tu, SAMPLES_PER_PERIOD + 1)
    states = member.sample(phase[:-1])
    states = np.vstack([states, states[:1]])
    spline = CubicSpline(phase, states, axis=0, bc_type="periodic")
    return CR3BPTrajectory(orbit.id, member, float(epoch_tdb_s), spline)


__all__ = ["CR3BPTrajectory", "cr3bp_trajectory", "periodic_orbit"]
