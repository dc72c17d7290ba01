"""Lunar body-fixed frames and the Sun/Earth vectors expressed in them.

Frames (ephemeris.md §1b):

* **PA** (principal axes, ``MOON_PA_DE421``): ICRF → PA is R3(ψ)·R1(θ)·R3(φ) with the DE421
  libration angles (φ, θ, ψ), R_i the passive (frame) rotations of the Explanatory
  Supplement.
* **ME** (mean Earth / polar axis, ``MOON_ME_DE421``, the frame of LOLA maps and of every
  published site coordinate): PA → ME is the constant rotation of NAIF's
  ``moon_080317.tf``, angles 67.92″, 78.56″, 0.30″ about axes 3, 2, 1, each entering with a
  negative sign: R1(−0.30″)·R2(−78.56″)·R3(−67.92″). The PA and ME axes differ by about
  0.03°, so dropping this offset would be visible at the 0.01° level.

Directions are *apparent* as seen from the Moon's centre: the target's light-time
position (one linearised step, error < 1 mm) plus first-order stellar aberration from the
Moon's barycentric velocity, which is what skyfield's ``apparent()`` and SPICE's ``LT+S``
give (agreement 4e-8°, ephemeris.md §1b). The geometric option drops both (≤0.0006° off).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from lunarstation.constants import SPEED_OF_LIGHT_M_S
from lunarstation.environment.ephemeris import (
    check_range,
    earth_moon_mass_ratio,
    libration_angles_rad,
    moon_states,
    table_and_timing,
)
from lunarstation.environment.fastpath import sun_earth_me_kernel
from lunarstation.environment.iau import icrf_to_iau_moon

FloatArray = NDArray[np.float64]

ARCSEC_RAD = np.pi / (180.0 * 3600.0)
PA_TO_ME_ANGLES_ARCSEC = (67.92, 78.56, 0.30)
"""PA → ME offsets about axes 3, 2, 1, arcsec (NAIF ``moon_080317.tf``, DE421 frame kernel)."""


def frame_rotation(axis: int, angle_rad: FloatArray) -> FloatArray:
    """Passive rotation matrices R_axis(angle), shape ``(n, 3, 3)`` (Explanatory Supplement)."""
    angle = np.atleast_1d(np.asarray(angle_rad, dtype=np.float64))
    c, s = np.cos(angle), np.sin(angle)
    i, j = {1: (1, 2), 2: (2, 0), 3: (0, 1)}[axis]
    matrix = np.zeros((angle.size, 3, 3))
    matrix[:, axis - 1, axis - 1] = 1.0
    matrix[:, i, i] = c
    matrix[:, j, j] = c
    matrix[:, i, j] = s
    matrix[:, j, i] = -s
    return matrix


def pa_to_me_matrix() -> FloatArray:
    """The constant 3×3 rotation from the DE421 PA frame to the DE421 ME frame."""
    a3, a2, a1 = (angle * ARCSEC_RAD for angle in PA_TO_ME_ANGLES_ARCSEC)
    one = np.ones(1)
    matrix: FloatArray = (
        frame_rotation(1, -a1 * one)[0]
        @ frame_rotation(2, -a2 * one)[0]
        @ frame_rotation(3, -a3 * one)[0]
    )
    return matrix


def icrf_to_pa(libration_rad: FloatArray) -> FloatArray:
    """ICRF → PA matrices from libration angles (φ, θ, ψ) of shape ``(n, 3)``."""
    phi, theta, psi = libration_rad[:, 0], libration_rad[:, 1], libration_rad[:, 2]
    matrix: FloatArray = frame_rotation(3, psi) @ frame_rotation(1, theta) @ frame_rotation(3, phi)
    return matrix


def icrf_to_me(tdb_s: FloatArray) -> FloatArray:
    """ICRF → Moon mean-Earth/polar-axis (DE421) matrices at TDB seconds past J2000."""
    matrix: FloatArray = pa_to_me_matrix() @ icrf_to_pa(libration_angles_rad(tdb_s))
    return matrix


def _apparent(
    target: FloatArray, target_v: FloatArray, observer: FloatArray, observer_v: FloatArray
) -> FloatArray:
    """Apparent target vector (m) from the observer: light time, then aberration."""
    geometric = target - observer
    light_time_s = np.linalg.norm(geometric, axis=1, keepdims=True) / SPEED_OF_LIGHT_M_S
    astrometric = geometric - target_v * light_time_s
    distance = np.linalg.norm(astrometric, axis=1, keepdims=True)
    unit = astrometric / distance
    beta = observer_v / SPEED_OF_LIGHT_M_S
    aberrated = unit + beta - unit * np.sum(unit * beta, axis=1, keepdims=True)
    aberrated /= np.linalg.norm(aberrated, axis=1, keepdims=True)
    result: FloatArray = aberrated * distance
    return result


def sun_earth_in_me(tdb_s: FloatArray, *, apparent: bool = True) -> tuple[FloatArray, FloatArray]:
    """Sun and Earth vectors from the Moon's centre in the ME frame, m, shape ``(n, 3)`` each.

    The compiled one-pass version of :func:`sun_earth_in_me_reference` (same results).

    Raises:
        EphemerisRangeError: an epoch outside 1900–2050.
    """
    tdb = np.ascontiguousarray(np.atleast_1d(np.asarray(tdb_s, dtype=np.float64)))
    check_range(tdb)
    sun_t, emb_t, moon_t, lib_t = (
        table_and_timing(name) for name in ("sun", "earthmoon", "moon", "librations")
    )
    timing = np.array([part[1:] for part in (sun_t, emb_t, moon_t, lib_t)])
    sun, earth = sun_earth_me_kernel(
        sun_t[0],
        emb_t[0],
        moon_t[0],
        lib_t[0],
        timing,
        earth_moon_mass_ratio(),
        pa_to_me_matrix(),
        tdb,
        apparent,
    )
    return sun, earth


def sun_earth_in_me_reference(
    tdb_s: FloatArray, *, apparent: bool = True, rotation_model: str = "de421"
) -> tuple[FloatArray, FloatArray]:
    """Sun and Earth vectors from the Moon's centre in Moon-fixed axes, m, ``(n, 3)`` each.

    Plain NumPy composition of the steps. ``rotation_model="de421"``: the DE421 ME frame;
    ``"iau"``: the IAU/WGCCRE 2009 model (:mod:`lunarstation.environment.iau`), the
    labelled fallback, about 0.004° away.

    Raises:
        EphemerisRangeError: an epoch outside 1900–2050.
    """
    tdb = np.atleast_1d(np.asarray(tdb_s, dtype=np.float64))
    states = moon_states(tdb)
    moon, moon_v = states["moon_ssb"], states["moon_ssb_v"]
    if apparent:
        sun = _apparent(states["sun_ssb"], states["sun_ssb_v"], moon, moon_v)
        earth = _apparent(states["earth_ssb"], states["earth_ssb_v"], moon, moon_v)
    else:
        sun, earth = states["sun_ssb"] - moon, states["earth_ssb"] - moon
    if rotation_model not in ("de421", "iau"):
        raise ValueError(f"rotation_model must be 'de421' or 'iau', not {rotation_model!r}")
    rotation = icrf_to_me(tdb) if rotation_model == "de421" else icrf_to_iau_moon(tdb)
    return (
        np.einsum("nij,nj->ni", rotation, sun),
        np.einsum("nij,nj->ni", rotation, earth),
    )
