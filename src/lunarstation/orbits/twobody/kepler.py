"""Keplerian lunar orbits with the J2 secular drift of their mean elements.

Constants (each with its source):

* GM of the Moon 4902.800118 km³/s² and of the Earth 398600.435507 km³/s² (DE440, Park
  et al. 2021, AJ 161:105; the same values give the CR3BP μ of shared/reference/orbits.md §1);
* lunar J2 = 2.0330e-4 with reference radius 1738.0 km (Lunar Prospector LP150Q, Konopliv
  et al. 2001, Icarus 150:1; GRAIL's GRGM900C gives 2.0321e-4, Lemoine et al. 2014 — the
  difference moves a 24-h orbit's node by 0.02° a year).

Mean-element drift under J2 (first order, Vallado, *Fundamentals of Astrodynamics*, 4th
ed., §9.6), with n = √(GM/a³) and p = a(1 − e²):

    dΩ/dt = −3/2 n J2 (R/p)² cos i
    dω/dt =  3/4 n J2 (R/p)² (5 cos² i − 1)
    dM/dt =  n [1 + 3/4 J2 (R/p)² √(1 − e²) (3 cos² i − 1)]

Elements are referred to an inertial frame whose axes are the Moon's principal axes at
the orbit's epoch (``orbits/engine.py`` supplies the rotation to ICRF).
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

GM_MOON_KM3_S2 = 4902.800118
"""GM of the Moon, km³/s² (DE440, Park et al. 2021, AJ 161:105 / IPN PR 42-196); the
CR3BP μ (:mod:`lunarstation.orbits.cr3bp.system`) is built from this and the Earth's."""
GM_EARTH_KM3_S2 = 398600.435507
"""GM of the Earth, km³/s² (DE440, same source)."""
J2_MOON = 2.0330e-4
"""Unnormalised lunar J2 (= −C20), LP150Q (Konopliv et al. 2001), reference radius 1738 km."""
R_MOON_KM = 1738.0
"""Reference radius of the LP150Q gravity field (Konopliv et al. 2001), km, and the sphere
every orbit altitude of the orbits package is measured from: the scenario's
``periapsis_altitude_km``/``apoapsis_altitude_km`` (docs/scenarios.md) and the LLO altitude
of the transfers and ascents (engine, network_link). Not the IAU mean radius
``lunarstation.constants.MOON_RADIUS_KM`` (1737.4 km), which the surface sites, the lunar
shadow and the horizon use; the two differ by 0.6 km on purpose."""


@numba.njit(cache=True)
def _kepler_one(mean_anomaly: float, e: float) -> float:
    """Eccentric anomaly E of M = E − e sin E, in (−π, π] (:func:`_kepler_sc`)."""
    return _kepler_sc(mean_anomaly, e)[0]


@numba.njit(cache=True, inline="always")
def _kepler_sc(mean_anomaly: float, e: float) -> tuple[float, float, float]:
    """E, sin E, cos E of M = E − e sin E, from Danby's starter (:func:`_halley`)."""
    m = _reduce(mean_anomaly)
    return _halley(m, e, m + (0.85 * e if m >= 0.0 else -0.85 * e))


@numba.njit(cache=True, inline="always")
def _reduce(mean_anomaly: float) -> float:
    """M reduced to (−π, π]."""
    m = float(np.fmod(mean_anomaly, 2.0 * np.pi))
    if m > np.pi:
        m -= 2.0 * np.pi
    elif m <= -np.pi:
        m += 2.0 * np.pi
    return m


@numba.njit(cache=True, inline="always")
def kepler_warm(
    mean_anomaly: float, e: float, previous_m: float, previous_e: float, previous_cos: float
) -> tuple[float, float, float, float]:
    """(reduced M, E, sin E, cos E) starting from a nearby solution (``previous_m`` reduced,
    its E and cos E): the first-order step E₀ = E' + ΔM / (1 − e cos E'), then Halley.

    A scan at a minute's step starts a few 1e-4 rad off at worst (perilune of an
    e = 0.8 orbit), so one or two Halley steps converge instead of three or four.
    """
    m = _reduce(mean_anomaly)
    dm = m - previous_m
    if dm > np.pi:
        dm -= 2.0 * np.pi
    elif dm < -np.pi:
        dm += 2.0 * np.pi
    if abs(dm) > 0.2:  # too far for the first-order step (epochs skipped): start afresh
        ecc, se, ce = _halley(m, e, m + (0.85 * e if m >= 0.0 else -0.85 * e))
        return m, ecc, se, ce
    guess = previous_e + dm / (1.0 - e * previous_cos)
    # The root lies within e < 1 of M: bring the guess onto M's branch.
    if guess - m > np.pi:
        guess -= 2.0 * np.pi
    elif guess - m < -np.pi:
        guess += 2.0 * np.pi
    ecc, se, ce = _halley(m, e, guess)
    return m, ecc, se, ce


@numba.njit(cache=True, inline="always")
def _halley(m: float, e: float, guess: float) -> tuple[float, float, float]:
    """Eccentric anomaly E of M = E − e sin E, in (−π, π] (M reduced first).

    Danby's starter E₀ = M + 0.85 e sgn(sin M) (Danby 1987, *Celest. Mech.* 40:303), then
    Halley's iteration (cubic convergence): two or three steps to 1e-13 rad at e = 0.8,
    against five to eight Newton steps from π.
    """
    ecc = guess
    se, ce = np.sin(ecc), np.cos(ecc)
    for _ in range(30):
        f = ecc - e * se - m
        # |f| < 1e-12 rad puts E within 1e-12/(1 − e) of the root: tested before a
        # step, so a good guess costs one sine and cosine, not one more pair.
        if abs(f) < 1e-12:
            break
        d1 = 1.0 - e * ce
        ecc -= f / (d1 - 0.5 * f * e * se / d1)
        se, ce = np.sin(ecc), np.cos(ecc)
    return ecc, se, ce


@numba.njit(cache=True)
def kepler_position(t: float, el: FloatArray, to_frame: FloatArray) -> tuple[float, float, float]:
    """Position (km) at TDB ``t`` of the mean elements ``el`` (:meth:`MeanElements.as_array`),
    rotated by ``to_frame``: the compiled kernel every scan shares."""
    _, se, ce = _kepler_sc(el[5] + el[9] * (t - el[6]), el[1])
    return _place(t, el, to_frame, se, ce)


@numba.njit(cache=True, inline="always")
def kepler_position_warm(
    t: float, el: FloatArray, to_frame: FloatArray, state: FloatArray
) -> tuple[float, float, float]:
    """:func:`kepler_position` started from ``state`` = [M, E, cos E] of the previous call
    (NaN M: a cold start); ``state`` is updated."""
    mean = el[5] + el[9] * (t - el[6])
    if np.isnan(state[0]):
        m = _reduce(mean)
        ecc, se, ce = _kepler_sc(mean, el[1])
    else:
        m, ecc, se, ce = kepler_warm(mean, el[1], state[0], state[1], state[2])
    state[0], state[1], state[2] = m, ecc, ce
    return _place(t, el, to_frame, se, ce)


@numba.njit(cache=True, inline="always")
def _place(
    t: float, el: FloatArray, to_frame: FloatArray, se: float, ce: float
) -> tuple[float, float, float]:
    a, e, ci, si = el[0], el[1], np.cos(el[2]), np.sin(el[2])
    dt = t - el[6]
    raan = el[3] + el[7] * dt
    argp = el[4] + el[8] * dt
    xp = a * (ce - e)
    yp = a * np.sqrt(1.0 - e * e) * se
    co, so = np.cos(raan), np.sin(raan)
    cw, sw = np.cos(argp), np.sin(argp)
    x = (co * cw - so * sw * ci) * xp + (-co * sw - so * cw * ci) * yp
    y = (so * cw + co * sw * ci) * xp + (-so * sw + co * cw * ci) * yp
    z = (sw * si) * xp + (cw * si) * yp
    return (
        to_frame[0, 0] * x + to_frame[0, 1] * y + to_frame[0, 2] * z,
        to_frame[1, 0] * x + to_frame[1, 1] * y + to_frame[1, 2] * z,
        to_frame[2, 0] * x + to_frame[2, 1] * y + to_frame[2, 2] * z,
    )


@numba.njit(cache=True)
def _solve_kepler(mean_anomaly: FloatArray, e: float) -> FloatArray:
    out = np.empty_like(mean_anomaly)
    for k in range(mean_anomaly.size):
        out[k] = _kepler_one(mean_anomaly[k], e)
    return out


def solve_kepler(mean_anomaly_rad: FloatArray, eccentricity: float) -> FloatArray:
    """Eccentric anomaly (rad) for each mean anomaly (rad), elliptic orbits 0 ≤ e < 1."""
    if not 0.0 <= eccentricity < 1.0:
        raise ValueError(f"eccentricity must be in [0, 1), got {eccentricity}")
    values = np.ascontiguousarray(np.atleast_1d(mean_anomaly_rad), dtype=np.float64)
    return _solve_kepler(values, float(eccentricity))


def _perifocal_matrix(inc: float, raan: float, argp: float) -> FloatArray:
    """Rotation from the perifocal frame (P, Q, W) to the reference frame (columns P, Q, W)."""
    co, so = np.cos(raan), np.sin(raan)
    cw, sw = np.cos(argp), np.sin(argp)
    ci, si = np.cos(inc), np.sin(inc)
    return np.array(
        [
            [co * cw - so * sw * ci, -co * sw - so * cw * ci, so * si],
            [so * cw + co * sw * ci, -so * sw + co * cw * ci, -co * si],
            [sw * si, cw * si, ci],
        ]
    )


def elements_to_state(
    a_km: float, e: float, inc_rad: float, raan_rad: float, argp_rad: float, mean_anomaly_rad: float,
    gm_km3_s2: float = GM_MOON_KM3_S2,
) -> FloatArray:  # fmt: skip
    """Cartesian state [x, y, z, vx, vy, vz] (km, km/s) of classical elements (Vallado §2.6)."""
    ecc = float(solve_kepler(np.array([mean_anomaly_rad]), e)[0])
    cos_e, sin_e = np.cos(ecc), np.sin(ecc)
    root = np.sqrt(1.0 - e * e)
    r = a_km * (1.0 - e * cos_e)
    position = np.array([a_km * (cos_e - e), a_km * root * sin_e, 0.0])
    speed = np.sqrt(gm_km3_s2 * a_km) / r
    velocity = np.array([-speed * sin_e, speed * root * cos_e, 0.0])
    rotation = _perifocal_matrix(inc_rad, raan_rad, argp_rad)
    return np.concatenate([rotation @ position, rotation @ velocity])


def state_to_elements(state: FloatArray, gm_km3_s2: float = GM_MOON_KM3_S2) -> FloatArray:
    """Osculating elements [a km, e, i, Ω, ω, M] (rad) of states ``(n, 6)`` or ``(6,)``.

    Ω, ω and M are in [0, 2π); for a circular or equatorial orbit the undefined angles are
    taken as 0 and the phase goes to the next one (Vallado algorithm 9).
    """
    s = np.atleast_2d(np.asarray(state, dtype=np.float64))
    r, v = s[:, :3], s[:, 3:]
    rn = np.linalg.norm(r, axis=1)
    h = np.cross(r, v)
    hn = np.linalg.norm(h, axis=1)
    node = np.stack([-h[:, 1], h[:, 0], np.zeros(len(s))], axis=1)
    nn = np.linalg.norm(node, axis=1)
    ev = (np.cross(v, h) / gm_km3_s2) - r / rn[:, None]
    e = np.linalg.norm(ev, axis=1)
    energy = 0.5 * np.sum(v * v, axis=1) - gm_km3_s2 / rn
    a = -gm_km3_s2 / (2.0 * energy)
    inc = np.arccos(np.clip(h[:, 2] / hn, -1.0, 1.0))
    raan = np.mod(np.arctan2(node[:, 1], node[:, 0]), 2 * np.pi)
    unit_h = h / hn[:, None]

    def angle(a: FloatArray, b: FloatArray) -> FloatArray:
        """Angle from a to b about h, [0, 2π) (atan2: full precision near 0 and π)."""
        sine = np.sum(np.cross(a, b) * unit_h, axis=1)
        result: FloatArray = np.mod(np.arctan2(sine, np.sum(a * b, axis=1)), 2 * np.pi)
        return result

    # ω from the node to periapsis (equatorial orbit: from the x axis).
    x_axis = np.broadcast_to(np.array([1.0, 0.0, 0.0]), node.shape)
    argp = np.where(nn > 1e-12, angle(node, ev), angle(x_axis, ev))
    nu = angle(ev, r)
    ecc_anomaly = 2.0 * np.arctan2(
        np.sqrt(1.0 - e) * np.sin(nu / 2), np.sqrt(1.0 + e) * np.cos(nu / 2)
    )
    mean = np.mod(ecc_anomaly - e * np.sin(ecc_anomaly), 2 * np.pi)
    out = np.stack([a, e, inc, raan, argp, mean], axis=1)
    result: FloatArray = out[0] if np.ndim(state) == 1 else out
    return result


@dataclass(frozen=True)
class MeanElements:
    """Mean elements at an epoch and their secular rates; units km, rad, rad/s, TDB s.

    ``frozen``: an operated frozen orbit whose ω (and e) are held; the node still drifts.
    """

    a_km: float
    e: float
    inc_rad: float
    raan_rad: float
    argp_rad: float
    mean_anomaly_rad: float
    epoch_tdb_s: float
    frozen: bool = False
    gm_km3_s2: float = GM_MOON_KM3_S2
    j2: float = J2_MOON
    radius_km: float = R_MOON_KM

    def __post_init__(self) -> None:
        if not (self.a_km > 0.0 and 0.0 <= self.e < 1.0):
            raise ValueError(f"need a > 0 and 0 ≤ e < 1, got a={self.a_km}, e={self.e}")

    @property
    def mean_motion_rad_s(self) -> float:
        """Keplerian mean motion n = √(GM/a³), rad/s."""
        return float(np.sqrt(self.gm_km3_s2 / self.a_km**3))

    @property
    def period_s(self) -> float:
        """Keplerian period 2π/n, s."""
        return 2.0 * np.pi / self.mean_motion_rad_s

    def rates(self) -> tuple[float, float, float]:
        """Secular rates (dΩ/dt, dω/dt, dM/dt), rad/s (module docstring)."""
        n = self.mean_motion_rad_s
        p = self.a_km * (1.0 - self.e**2)
        k = self.j2 * (self.radius_km / p) ** 2
        c = np.cos(self.inc_rad)
        raan = -1.5 * n * k * c
        argp = 0.0 if self.frozen else 0.75 * n * k * (5 * c * c - 1)
        mean = n * (1.0 + 0.75 * k * np.sqrt(1 - self.e**2) * (3 * c * c - 1))
        return float(raan), float(argp), float(mean)

    def as_array(self) -> FloatArray:
        """[a, e, i, Ω0, ω0, M0, epoch, dΩ, dω, dM] for the kernels."""
        return np.array(
            [self.a_km, self.e, self.inc_rad, self.raan_rad, self.argp_rad,
             self.mean_anomaly_rad, self.epoch_tdb_s, *self.rates()]
        )  # fmt: skip


@numba.njit(cache=True, parallel=True)
def _mean_positions(tdb: FloatArray, el: FloatArray, to_frame: FloatArray) -> FloatArray:
    out = np.empty((tdb.size, 3))
    for k in numba.prange(tdb.size):
        out[k, 0], out[k, 1], out[k, 2] = kepler_position(tdb[k], el, to_frame)
    return out


def mean_positions(
    elements: MeanElements, tdb_s: FloatArray, to_frame: FloatArray | None = None
) -> FloatArray:
    """Positions (km, ``(n, 3)``) of the mean-element orbit at TDB seconds past J2000.

    ``to_frame`` rotates from the elements' frame into the output frame (identity if None).
    """
    rotation = np.eye(3) if to_frame is None else np.ascontiguousarray(to_frame, dtype=np.float64)
    times = np.ascontiguousarray(np.atleast_1d(tdb_s), dtype=np.float64)
    return _mean_positions(times, elements.as_array(), rotation)


__all__ = [
    "GM_EARTH_KM3_S2",
    "GM_MOON_KM3_S2",
    "J2_MOON",
    "R_MOON_KM",
    "MeanElements",
    "elements_to_state",
    "kepler_position",
    "kepler_position_warm",
    "mean_positions",
    "solve_kepler",
    "state_to_elements",
]
