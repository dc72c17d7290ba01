"""Where a scenario orbit's spacecraft is: Moon-centred ICRF positions at TDB epochs.

:func:`trajectory_of` turns a scenario :class:`~lunarstation.scenario.Orbit` into a
:class:`Trajectory`:

* two-body orbits (llo, elfo, keplerian): the mean-element ephemeris of
  :mod:`~lunarstation.orbits.twobody.kepler` — Kepler motion with the J2 secular drift of
  node, periapsis and mean anomaly, elements in the PA frame frozen at the epoch; a
  ``frozen`` orbit keeps its e and ω (held by the operator's station-keeping, which the
  perturbed propagator shows is a small cost: ``tests/orbits/test_frozen_orbit.py``);
* CR3BP orbits (nrho, halo): the periodic orbit from :mod:`lunarstation.orbits.cr3bp`,
  placed in the Moon-centred frames through the DE421 Earth–Moon geometry by
  :mod:`lunarstation.orbits.cr3bp.placement`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from lunarstation.errors import LunarstationError
from lunarstation.orbits.frames import icrf_to_pa_at
from lunarstation.orbits.twobody.kepler import R_MOON_KM, MeanElements, mean_positions
from lunarstation.scenario import Orbit
from lunarstation.timegrid import to_datetime64, utc_to_tdb_seconds

FloatArray = NDArray[np.float64]

VELOCITY_STEP_S = 0.5
"""Half-step of the central difference that gives velocities, s (error ~1e-8 km/s)."""


class OrbitModelError(LunarstationError):
    """An orbit cannot be turned into a trajectory (no CR3BP family member, for one)."""


class Trajectory(Protocol):
    """A spacecraft's path about the Moon."""

    @property
    def orbit_id(self) -> str:
        """Scenario id of the orbit."""
        ...

    @property
    def period_s(self) -> float:
        """Orbital period, s."""
        ...

    def positions_icrf_km(self, tdb_s: FloatArray) -> FloatArray:
        """Moon-centred ICRF positions, km, ``(n, 3)``."""
        ...


def states_icrf(trajectory: Trajectory, tdb_s: FloatArray) -> FloatArray:
    """Positions (km) and velocities (km/s), ``(n, 6)``; velocity by a ±0.5 s central difference."""
    t = np.asarray(tdb_s, dtype=np.float64)
    ahead = trajectory.positions_icrf_km(t + VELOCITY_STEP_S)
    behind = trajectory.positions_icrf_km(t - VELOCITY_STEP_S)
    return np.hstack([trajectory.positions_icrf_km(t), (ahead - behind) / (2 * VELOCITY_STEP_S)])


@dataclass(frozen=True)
class TwoBodyTrajectory:
    """Mean-element two-body trajectory; ``pa_to_icrf`` rotates the elements' frame to ICRF."""

    orbit_id: str
    elements: MeanElements
    pa_to_icrf: FloatArray

    @property
    def period_s(self) -> float:
        """Keplerian period, s."""
        return self.elements.period_s

    def positions_icrf_km(self, tdb_s: FloatArray) -> FloatArray:
        """Moon-centred ICRF positions, km."""
        return mean_positions(self.elements, tdb_s, self.pa_to_icrf)


def tdb_of(moment: datetime) -> float:
    """TDB seconds past J2000 of an aware UTC datetime."""
    return float(utc_to_tdb_seconds(to_datetime64([moment]))[0])


def two_body_elements(orbit: Orbit, epoch_tdb_s: float) -> MeanElements:
    """The mean elements of a two-body scenario orbit (module docstring)."""
    periapsis, apoapsis = orbit.periapsis_km, orbit.apoapsis_km
    if orbit.semi_major_axis_km is not None and orbit.eccentricity is not None:
        a, e = orbit.semi_major_axis_km, orbit.eccentricity
    elif periapsis is not None and apoapsis is not None:
        rp, ra = R_MOON_KM + periapsis, R_MOON_KM + apoapsis
        a, e = 0.5 * (rp + ra), (ra - rp) / (ra + rp)
    else:  # pragma: no cover - the scenario model refuses such an orbit
        raise OrbitModelError(f"orbit {orbit.id!r} has no size")
    return MeanElements(
        a_km=a, e=e, inc_rad=np.radians(orbit.inclination_deg or 0.0),
        raan_rad=np.radians(orbit.raan_deg), argp_rad=np.radians(orbit.arg_periapsis_deg),
        mean_anomaly_rad=np.radians(orbit.mean_anomaly_deg), epoch_tdb_s=epoch_tdb_s,
        frozen=orbit.frozen,
    )  # fmt: skip


def trajectory_of(orbit: Orbit, default_epoch: datetime) -> Trajectory:
    """The trajectory of a scenario orbit; elements without an epoch use ``default_epoch``.

    Raises:
        OrbitModelError: a CR3BP orbit whose family has no member for its selector.
    """
    epoch = tdb_of(orbit.epoch or default_epoch)
    if not orbit.is_cr3bp:
        rotation = icrf_to_pa_at(epoch).T
        return TwoBodyTrajectory(orbit.id, two_body_elements(orbit, epoch), rotation)
    from lunarstation.orbits.cr3bp_link import cr3bp_trajectory

    return cr3bp_trajectory(orbit, epoch)


__all__ = [
    "OrbitModelError",
    "Trajectory",
    "TwoBodyTrajectory",
    "states_icrf",
    "tdb_of",
    "trajectory_of",
    "two_body_elements",
]
