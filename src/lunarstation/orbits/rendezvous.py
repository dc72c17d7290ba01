"""Rendezvous with an orbital station: perilune passages, ascent windows, LLO ↔ NRHO transfers.

A crew leaving the surface for a station in an NRHO flies surface → LLO, then an
LLO → NRHO transfer that meets the station at its perilune (the Artemis/SpaceNet
architecture of shared/reference/orbits.md §2). Each perilune passage is a window; a
crew ready at time t waits for the next one.

Transfer figures: a two-impulse, coplanar, tangential transfer between the circular LLO
(radius r₁) and the station's perilune (radius r_p, speed v_p from the station's own
trajectory in the Moon-centred inertial frame):

    a_t = (r₁ + r_p)/2,   Δv₁ = √(GM(2/r₁ − 1/a_t)) − √(GM/r₁),
    Δv₂ = v_p − √(GM(2/r_p − 1/a_t)),   time of flight π√(a_t³/GM).

The ascent from a surface site (radius r_s) to that LLO is the ideal impulsive one: a
horizontal burn from rest into the ellipse r_s × r₁, then circularisation at r₁,

    a_a = (r_s + r₁)/2,   Δv_lift = √(GM(2/r_s − 1/a_a)),
    Δv_circ = √(GM/r₁) − √(GM(2/r₁ − 1/a_a)),   time of flight π√(a_a³/GM),

without gravity and steering losses or the Moon's rotation (under 4.6 m/s, none at the
poles): 1,703.2 + 23.0 m/s from the 1737.4 km sphere to a 100 km LLO against SpaceNet
QS3's surface → LLO 1,692.4 + 19.4 m/s (orbits.md §2). An ascent window lifts off so
that the crew arrives in the LLO as the transfer to the next perilune leaves (the site
under the LLO's plane then, as for a polar site and a polar LLO; no phasing orbits).

It ignores the plane change (the NRHO and a polar LLO are both near-polar) and the
Earth's pull on the transfer arc, which an optimised transfer exploits: it is a rough
estimate, 10–25 % above the published figure on the reference NRHO (SpaceNet QS3 flies
NRHO → LLO with 126.4 + 648.6 = 775.0 m/s; Grogan et al. 2024; orbits.md §2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from lunarstation.orbits.trajectory import Trajectory, states_icrf
from lunarstation.orbits.twobody.kepler import GM_MOON_KM3_S2

FloatArray = NDArray[np.float64]

SPACENET_QS3_NRHO_LLO_M_S = (126.4, 648.6)
"""NRHO → LLO burns of SpaceNet QS3, m/s (Grogan et al., AIAA SciTech 2024; orbits.md §2)."""
SPACENET_QS3_SURFACE_LLO_M_S = (1692.4, 19.4)
"""Surface → LLO burns of SpaceNet QS3, m/s (Grogan et al., AIAA SciTech 2024; orbits.md §2)."""


@dataclass(frozen=True)
class Transfer:
    """A two-impulse LLO ↔ perilune transfer: burns (m/s) and time of flight (s)."""

    dv1_m_s: float
    dv2_m_s: float
    time_of_flight_s: float

    @property
    def total_m_s(self) -> float:
        """Both burns, m/s."""
        return self.dv1_m_s + self.dv2_m_s


def llo_to_perilune(
    llo_radius_km: float, perilune_radius_km: float, perilune_speed_km_s: float,
    gm_km3_s2: float = GM_MOON_KM3_S2,
) -> Transfer:  # fmt: skip
    """The transfer of the module docstring (same Δv either way, burns in reverse order)."""
    r1, rp = llo_radius_km, perilune_radius_km
    a_t = 0.5 * (r1 + rp)
    dv1 = np.sqrt(gm_km3_s2 * (2 / r1 - 1 / a_t)) - np.sqrt(gm_km3_s2 / r1)
    dv2 = perilune_speed_km_s - np.sqrt(gm_km3_s2 * (2 / rp - 1 / a_t))
    tof = np.pi * np.sqrt(a_t**3 / gm_km3_s2)
    return Transfer(abs(float(dv1)) * 1e3, abs(float(dv2)) * 1e3, float(tof))


def surface_to_llo(
    surface_radius_km: float, llo_radius_km: float, gm_km3_s2: float = GM_MOON_KM3_S2
) -> Transfer:
    """The ideal ascent of the module docstring: lift-off and circularisation burns."""
    rs, r1 = surface_radius_km, llo_radius_km
    a_a = 0.5 * (rs + r1)
    lift = np.sqrt(gm_km3_s2 * (2 / rs - 1 / a_a))
    circ = np.sqrt(gm_km3_s2 / r1) - np.sqrt(gm_km3_s2 * (2 / r1 - 1 / a_a))
    tof = np.pi * np.sqrt(a_a**3 / gm_km3_s2)
    return Transfer(float(lift) * 1e3, float(circ) * 1e3, float(tof))


@dataclass(frozen=True)
class Perilunes:
    """Perilune passages of a trajectory: TDB seconds, radius (km) and speed (km/s)."""

    tdb_s: FloatArray
    radius_km: FloatArray
    speed_km_s: FloatArray


def perilunes(trajectory: Trajectory, start_tdb_s: float, end_tdb_s: float) -> Perilunes:
    """Perilune passages between two epochs: a 60 s scan, refined by a parabola through
    the three samples about each minimum (error well under a second for an NRHO)."""
    step = 60.0
    guess = getattr(trajectory, "perilune_times", None)
    if callable(guess):
        # Only about each rotating-frame perilune, ±30 min (the pulsating frame shifts the
        # inertial minimum by seconds).
        around = np.asarray(guess(start_tdb_s, end_tdb_s))
        times = (around[:, None] + step * np.arange(-30, 31)[None, :]).ravel()
        times = times[(times >= start_tdb_s) & (times < end_tdb_s)]
    else:
        times = np.arange(start_tdb_s, end_tdb_s, step)
    if times.size < 3:
        return Perilunes(np.zeros(0), np.zeros(0), np.zeros(0))
    radius = np.linalg.norm(trajectory.positions_icrf_km(times), axis=1)
    # Strict local minima of the radius (interior samples only); numpy, since
    # scipy.signal would cost every command a second of import time.
    index = 1 + np.flatnonzero((radius[1:-1] < radius[:-2]) & (radius[1:-1] < radius[2:]))
    index = index[np.abs(times[index + 1] - times[index - 1] - 2 * step) < 1e-6]
    r0, r1, r2 = radius[index - 1], radius[index], radius[index + 1]
    shift = 0.5 * (r0 - r2) / (r0 - 2 * r1 + r2)
    when = times[index] + step * shift
    states = states_icrf(trajectory, when)
    return Perilunes(
        when, np.linalg.norm(states[:, :3], axis=1), np.linalg.norm(states[:, 3:], axis=1)
    )


__all__ = [
    "SPACENET_QS3_NRHO_LLO_M_S",
    "SPACENET_QS3_SURFACE_LLO_M_S",
    "Perilunes",
    "Transfer",
    "llo_to_perilune",
    "perilunes",
    "surface_to_llo",
]
