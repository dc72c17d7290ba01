"""Perturbed two-body propagation about the Moon: point mass, lunar J2, the Earth as third body.

Equations of motion in a Moon-centred frame whose z axis is the lunar pole (the Moon's
principal-axis frame ``MOON_PA_DE421`` frozen at the orbit's epoch; the pole moves 1.5°
about the ecliptic pole in 18.6 yr, which over a year tilts J2's axis by under 0.5°):

    r̈ = −GM r/|r|³ + a_J2 + GM⊕ [(r⊕ − r)/|r⊕ − r|³ − r⊕/|r⊕|³]

with the zonal J2 acceleration (Vallado §8.6.1)

    a_J2 = −(3/2) J2 GM R² / |r|⁵ · [x(1 − 5z²/r²), y(1 − 5z²/r²), z(3 − 5z²/r²)]

and the Earth's Moon-centred position r⊕(t) from DE421, tabulated with its velocity and
interpolated by cubic Hermite polynomials (the table step is 1 h by default: the Earth
moves 3,700 km an hour about the Moon, the Hermite error is a few metres, far below the
orbit's own uncertainty). The Sun's tidal acceleration is 0.6 % of the Earth's at the
Moon and is left out. Integration: Dormand–Prince 5(4) with error control (Hairer,
Nørsett & Wanner, *Solving ODE I*, table 5.2), compiled with Numba, stepping onto each
output time exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np
from numpy.typing import NDArray

from lunarstation.orbits.twobody.kepler import GM_EARTH_KM3_S2, GM_MOON_KM3_S2, J2_MOON, R_MOON_KM

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class EarthTable:
    """The Earth's Moon-centred position (km) and velocity (km/s) at regular TDB epochs.

    ``start_s`` and ``step_s`` in TDB seconds past J2000; ``states`` shape ``(n, 6)``, in
    the propagation frame. An empty table (``n == 0``) switches the third body off.
    """

    start_s: float
    step_s: float
    states: FloatArray

    @classmethod
    def none(cls) -> EarthTable:
        """No third body (a pure J2 or Keplerian propagation)."""
        return cls(0.0, 1.0, np.zeros((0, 6)))


@numba.njit(cache=True)
def _earth_at(t: float, start: float, step: float, table: FloatArray) -> tuple[float, float, float]:
    u = (t - start) / step
    k = min(max(int(np.floor(u)), 0), table.shape[0] - 2)
    s = u - k
    h00 = (1 + 2 * s) * (1 - s) ** 2
    h10 = s * (1 - s) ** 2
    h01 = s * s * (3 - 2 * s)
    h11 = s * s * (s - 1)
    x = (
        h00 * table[k, 0]
        + h10 * step * table[k, 3]
        + h01 * table[k + 1, 0]
        + h11 * step * table[k + 1, 3]
    )
    y = (
        h00 * table[k, 1]
        + h10 * step * table[k, 4]
        + h01 * table[k + 1, 1]
        + h11 * step * table[k + 1, 4]
    )
    z = (
        h00 * table[k, 2]
        + h10 * step * table[k, 5]
        + h01 * table[k + 1, 2]
        + h11 * step * table[k + 1, 5]
    )
    return x, y, z


@numba.njit(cache=True)
def _rhs(
    t: float, y: FloatArray, p: FloatArray, start: float, step: float, table: FloatArray
) -> FloatArray:
    gm, j2, radius, gm_earth = p[0], p[1], p[2], p[3]
    x, yy, z = y[0], y[1], y[2]
    r2 = x * x + yy * yy + z * z
    r = np.sqrt(r2)
    out = np.empty(6)
    out[0], out[1], out[2] = y[3], y[4], y[5]
    k = -gm / (r2 * r)
    ax, ay, az = k * x, k * yy, k * z
    if j2 != 0.0:
        f = -1.5 * j2 * gm * radius * radius / (r2 * r2 * r)
        q = 5.0 * z * z / r2
        ax += f * x * (1.0 - q)
        ay += f * yy * (1.0 - q)
        az += f * z * (3.0 - q)
    if table.shape[0] >= 2:
        ex, ey, ez = _earth_at(t, start, step, table)
        dx, dy, dz = ex - x, ey - yy, ez - z
        d3 = (dx * dx + dy * dy + dz * dz) ** 1.5
        e3 = (ex * ex + ey * ey + ez * ez) ** 1.5
        ax += gm_earth * (dx / d3 - ex / e3)
        ay += gm_earth * (dy / d3 - ey / e3)
        az += gm_earth * (dz / d3 - ez / e3)
    out[3], out[4], out[5] = ax, ay, az
    return out


@numba.njit(cache=True)
def _dopri(
    y0: FloatArray, t0: float, times: FloatArray, p: FloatArray, start: float, step: float,
    table: FloatArray, rtol: float, atol: float,
) -> tuple[FloatArray, int]:  # fmt: skip
    a21 = 1 / 5
    a31, a32 = 3 / 40, 9 / 40
    a41, a42, a43 = 44 / 45, -56 / 15, 32 / 9
    a51, a52, a53, a54 = 19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729
    a61, a62, a63, a64, a65 = 9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656
    b1, b3, b4, b5, b6 = 35 / 384, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84
    e1, e3, e4, e5, e6, e7 = (
        71 / 57600, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40,
    )  # fmt: skip
    out = np.empty((times.size, 6))
    y = y0.copy()
    t = t0
    h = 10.0
    steps = 0
    k1 = _rhs(t, y, p, start, step, table)
    for i in range(times.size):
        target = times[i]
        while t < target:
            h = min(h, target - t)
            k2 = _rhs(t + h / 5, y + h * a21 * k1, p, start, step, table)
            k3 = _rhs(t + 3 * h / 10, y + h * (a31 * k1 + a32 * k2), p, start, step, table)
            k4 = _rhs(
                t + 4 * h / 5, y + h * (a41 * k1 + a42 * k2 + a43 * k3), p, start, step, table
            )
            k5 = _rhs(
                t + 8 * h / 9,
                y + h * (a51 * k1 + a52 * k2 + a53 * k3 + a54 * k4),
                p,
                start,
                step,
                table,
            )
            k6 = _rhs(
                t + h,
                y + h * (a61 * k1 + a62 * k2 + a63 * k3 + a64 * k4 + a65 * k5),
                p,
                start,
                step,
                table,
            )
            y_new = y + h * (b1 * k1 + b3 * k3 + b4 * k4 + b5 * k5 + b6 * k6)
            k7 = _rhs(t + h, y_new, p, start, step, table)
            err = 0.0
            for j in range(6):
                e = h * (
                    e1 * k1[j] + e3 * k3[j] + e4 * k4[j] + e5 * k5[j] + e6 * k6[j] + e7 * k7[j]
                )
                sc = atol + rtol * max(abs(y[j]), abs(y_new[j]))
                err += (e / sc) ** 2
            err = np.sqrt(err / 6)
            if err <= 1.0:
                t += h
                y = y_new
                k1 = k7
                steps += 1
            factor = 0.9 * (1.0 / max(err, 1e-10)) ** 0.2
            h *= min(5.0, max(0.2, factor))
        out[i] = y
    return out, steps


def propagate_perturbed(
    state0: FloatArray,
    t0_s: float,
    times_s: FloatArray,
    *,
    earth: EarthTable | None = None,
    j2: float = J2_MOON,
    gm_km3_s2: float = GM_MOON_KM3_S2,
    radius_km: float = R_MOON_KM,
    rtol: float = 1e-11,
    atol: float = 1e-9,
) -> FloatArray:
    """States (km, km/s) at increasing ``times_s`` (TDB s) from ``state0`` at ``t0_s``.

    ``earth``: the Earth's table (:class:`EarthTable`) or None for no third body; ``j2=0``
    gives the Keplerian problem. Tolerances are the integrator's per-step relative and
    absolute ones (km, km/s).

    Raises:
        ValueError: times not increasing from ``t0_s``, or a non-finite state.
    """
    times = np.ascontiguousarray(np.atleast_1d(times_s), dtype=np.float64)
    y0 = np.ascontiguousarray(state0, dtype=np.float64)
    if y0.shape != (6,) or not np.all(np.isfinite(y0)):
        raise ValueError("state0 must be six finite numbers (km, km/s)")
    if times.size and (times[0] < t0_s or np.any(np.diff(times) < 0)):
        raise ValueError("times must increase from t0")
    table = earth if earth is not None else EarthTable.none()
    if table.states.shape[0] >= 2:
        end = table.start_s + table.step_s * (table.states.shape[0] - 1)
        if times.size and (t0_s < table.start_s or times[-1] > end):
            raise ValueError("the Earth table does not cover the propagation span")
    params = np.array([gm_km3_s2, j2, radius_km, GM_EARTH_KM3_S2])
    states, _ = _dopri(
        y0, float(t0_s), times, params, table.start_s, table.step_s,
        np.ascontiguousarray(table.states, dtype=np.float64), rtol, atol,
    )  # fmt: skip
    result: FloatArray = states
    return result


__all__ = ["EarthTable", "propagate_perturbed"]
