"""Placing a CR3BP orbit in Moon-centred inertial (ICRF) and Moon-fixed frames.

The rotating frame is rebuilt at every epoch from the DE421 Earth–Moon relative state
r (the Moon from the Earth, km) and v (km/s) — the "instantaneous" or pulsating
rotating frame (e.g. Gómez, Masdemont & Mondelo 2002; Park, Howell et al. on NRHO
transitions to ephemeris models): x̂ = r/|r|, ẑ = (r × v)/|r × v|, ŷ = ẑ × x̂, lengths
scaled by the instantaneous distance l = |r| instead of the fixed LU. A rotating state
ρ (LU, LU/TU) at CR3BP time τ becomes, relative to the Moon's centre,

    P(t) = l(t)·C(t)·(ρ − (1 − μ, 0, 0)),      C = [x̂ ŷ ẑ] (ICRF axes)
    V(t) = dP/dt = l̇·C·ρₘ + l·Ċ·ρₘ + l·C·ρ̇/TU,  τ = τ₀ + (t − t₀)/TU,

so the velocity is the exact time derivative of the placed positions (what an OEM or
CZML interpolator assumes); Ċ carries the frame's instantaneous angular rate and the
wobble of the lunar orbit plane, taken by a central difference over ±60 s (truncation
error ≈ (60 s·ω)² ≈ 3e-8 relative). The placed trajectory is *not* a solution of the
ephemeris equations of motion: see ``docs/orbits.md`` ("CR3BP") for what this costs.

Moon-fixed states: p_f = R(t)·P, v_f = R(t)·V + Ṙ(t)·P, with R the DE421 ICRF → ME
(mean Earth/polar axis) or → PA (principal axes) rotation of
:mod:`lunarstation.environment.frames`, Ṙ by the same central difference.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from lunarstation.environment.ephemeris import libration_angles_rad, series
from lunarstation.environment.frames import icrf_to_me, icrf_to_pa
from lunarstation.errors import OutOfRangeError
from lunarstation.orbits.cr3bp.orbit import PeriodicOrbit
from lunarstation.orbits.cr3bp.system import CR3BPSystem
from lunarstation.timegrid import TimeGrid

FloatArray = NDArray[np.float64]

DIFFERENCE_STEP_S = 60.0
"""Half-width of the central differences for Ċ and Ṙ, s."""

FRAMES = ("ICRF", "MOON_ME", "MOON_PA")
"""Frames of placed states: Moon-centred ICRF axes, DE421 mean-Earth/polar axis, principal axes."""


def earth_moon_state_km(tdb_s: FloatArray) -> tuple[FloatArray, FloatArray]:
    """The Moon relative to the Earth from DE421: position (km) and velocity (km/s), ``(n, 3)``."""
    position, velocity = series("moon", np.atleast_1d(np.asarray(tdb_s, dtype=np.float64)))
    return position, velocity


def rotating_basis(tdb_s: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Columns-as-axes matrices C (n, 3, 3), distance l (km) and its rate l̇ (km/s)."""
    r, v = earth_moon_state_km(tdb_s)
    distance = np.linalg.norm(r, axis=1)
    x_axis = r / distance[:, None]
    h = np.cross(r, v)
    z_axis = h / np.linalg.norm(h, axis=1)[:, None]
    y_axis = np.cross(z_axis, x_axis)
    basis = np.stack([x_axis, y_axis, z_axis], axis=2)
    return basis, distance, np.sum(r * v, axis=1) / distance


def rotating_to_inertial(
    system: CR3BPSystem, states: FloatArray, tdb_s: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Rotating nondimensional states ``(n, 6)`` at epochs ``tdb_s`` ``(n,)`` → Moon-centred
    ICRF positions (km) and velocities (km/s), each ``(n, 3)``.

    Raises:
        EphemerisRangeError: an epoch outside DE421's span.
        OutOfRangeError: shapes that do not match.
    """
    rho = np.atleast_2d(np.asarray(states, dtype=np.float64))
    tdb = np.atleast_1d(np.asarray(tdb_s, dtype=np.float64))
    if rho.shape != (tdb.size, 6):
        raise OutOfRangeError(
            f"states {rho.shape} and epochs {tdb.shape} must be (n, 6) and (n,)",
            value=(rho.shape, tdb.shape),
            valid=("(n, 6), (n,)",),
        )
    basis, distance, rate = rotating_basis(tdb)
    ahead, _, _ = rotating_basis(tdb + DIFFERENCE_STEP_S)
    behind, _, _ = rotating_basis(tdb - DIFFERENCE_STEP_S)
    basis_rate = (ahead - behind) / (2.0 * DIFFERENCE_STEP_S)
    moon_relative = rho[:, :3] - system.moon
    position = distance[:, None] * np.einsum("nij,nj->ni", basis, moon_relative)
    velocity = (
        rate[:, None] * np.einsum("nij,nj->ni", basis, moon_relative)
        + distance[:, None] * np.einsum("nij,nj->ni", basis_rate, moon_relative)
        + distance[:, None] * np.einsum("nij,nj->ni", basis, rho[:, 3:]) / system.tu_s
    )
    return position, velocity


def _fixed_rotation(tdb_s: FloatArray, frame: str) -> FloatArray:
    if frame == "MOON_ME":
        return icrf_to_me(tdb_s)
    return icrf_to_pa(libration_angles_rad(tdb_s))


def rotating_to_moon_fixed(
    system: CR3BPSystem, states: FloatArray, tdb_s: FloatArray, *, frame: str = "MOON_ME"
) -> tuple[FloatArray, FloatArray]:
    """As :func:`rotating_to_inertial`, then into the Moon-fixed ``frame``
    (``"MOON_ME"`` or ``"MOON_PA"``): positions (km) and velocities (km/s) in that frame."""
    if frame not in FRAMES[1:]:
        raise OutOfRangeError(
            f"frame must be MOON_ME or MOON_PA, got {frame!r}", value=frame, valid=FRAMES[1:]
        )
    tdb = np.atleast_1d(np.asarray(tdb_s, dtype=np.float64))
    position, velocity = rotating_to_inertial(system, states, tdb)
    rotation = _fixed_rotation(tdb, frame)
    rotation_rate = (
        _fixed_rotation(tdb + DIFFERENCE_STEP_S, frame)
        - _fixed_rotation(tdb - DIFFERENCE_STEP_S, frame)
    ) / (2.0 * DIFFERENCE_STEP_S)
    fixed_position = np.einsum("nij,nj->ni", rotation, position)
    fixed_velocity = np.einsum("nij,nj->ni", rotation, velocity) + np.einsum(
        "nij,nj->ni", rotation_rate, position
    )
    return fixed_position, fixed_velocity


@dataclass(frozen=True, eq=False)
class PlacedOrbit:
    """A CR3BP orbit placed at epochs: Moon-centred positions (km), velocities (km/s).

    ``frame`` is one of :data:`FRAMES`; ``phase_tu`` the CR3BP time (TU from the orbit's
    ``state0``) at each epoch; ``system`` the (μ, LU, TU) it came from.
    """

    tdb_s: FloatArray
    position_km: FloatArray
    velocity_km_s: FloatArray
    frame: str
    phase_tu: FloatArray
    system: CR3BPSystem


def place_orbit(
    orbit: PeriodicOrbit,
    epochs: FloatArray | TimeGrid,
    *,
    epoch0_tdb_s: float | None = None,
    phase0_tu: float = 0.0,
    frame: str = "ICRF",
) -> PlacedOrbit:
    """Place ``orbit`` at ``epochs`` (TDB seconds past J2000, or a run's ``TimeGrid``).

    The orbit is at CR3BP time ``phase0_tu`` (TU from ``state0``, e.g. half the period
    for perilune of an NRHO) at ``epoch0_tdb_s`` (default: the first epoch); CR3BP time
    runs at 1 TU per ``system.tu_s`` seconds.

    Raises:
        EphemerisRangeError: epochs outside DE421's span.
        OutOfRangeError: an unknown frame.
    """
    if frame not in FRAMES:
        raise OutOfRangeError(
            f"frame must be one of {', '.join(FRAMES)}, got {frame!r}", value=frame, valid=FRAMES
        )
    tdb = np.atleast_1d(
        np.asarray(epochs.tdb_s if isinstance(epochs, TimeGrid) else epochs, dtype=np.float64)
    )
    start = float(tdb[0]) if epoch0_tdb_s is None else float(epoch0_tdb_s)
    phase = phase0_tu + (tdb - start) / orbit.system.tu_s
    states = orbit.sample(phase)
    if frame == "ICRF":
        position, velocity = rotating_to_inertial(orbit.system, states, tdb)
    else:
        position, velocity = rotating_to_moon_fixed(orbit.system, states, tdb, frame=frame)
    return PlacedOrbit(tdb, position, velocity, frame, np.mod(phase, orbit.period_tu), orbit.system)
