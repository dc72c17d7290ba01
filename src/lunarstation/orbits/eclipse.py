"""Eclipses of orbiting elements by the Moon and by the Earth: a conical shadow model.

For a spacecraft at r, the Sun at s and an occulting body of radius R at o (all
Moon-centred, km), with apparent radii and separation seen from the spacecraft

    a = asin(R☉ / |s − r|),   b = asin(R / |o − r|),   c = ∠(s − r, o − r),

the spacecraft is in the **umbra** when c ≤ b − a, in the **penumbra** (or an annular
eclipse) when c < a + b, and in sunlight otherwise; the lit share of the solar disk is
one minus the overlap of the two disks over the Sun's (Montenbruck & Gill, *Satellite
Orbits*, 2000, §3.4.2, eqs. 3.85–3.89). Radii from :mod:`lunarstation.constants`, as
the surface illumination uses them: Sun 695,700 km (IAU 2015 nominal), Moon 1737.4 km,
Earth 6378.137 km (equatorial, WGS 84; the Earth's atmosphere is not modelled).

Entry and exit times are refined between grid epochs by linear interpolation of the
margins c − (a + b) and c − (b − a), so event times are good to well under a step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np
from numpy.typing import NDArray

from lunarstation.constants import EARTH_EQUATORIAL_RADIUS_KM, MOON_RADIUS_KM, SUN_RADIUS_KM

FloatArray = NDArray[np.float64]

EARTH_RADIUS_KM = EARTH_EQUATORIAL_RADIUS_KM
"""The Earth as an occulter, km: its equatorial radius."""


@numba.njit(cache=True, parallel=True)
def _shadow(
    r: FloatArray, sun: FloatArray, occ: FloatArray, radius: float, sun_radius: float,
    out: FloatArray,
) -> None:  # fmt: skip
    for k in numba.prange(r.shape[0]):
        sx, sy, sz = sun[k, 0] - r[k, 0], sun[k, 1] - r[k, 1], sun[k, 2] - r[k, 2]
        ox, oy, oz = occ[k, 0] - r[k, 0], occ[k, 1] - r[k, 1], occ[k, 2] - r[k, 2]
        ds = np.sqrt(sx * sx + sy * sy + sz * sz)
        do = np.sqrt(ox * ox + oy * oy + oz * oz)
        a = np.arcsin(min(sun_radius / ds, 1.0))
        b = np.arcsin(min(radius / do, 1.0))
        cosc = (sx * ox + sy * oy + sz * oz) / (ds * do)
        c = np.arccos(min(max(cosc, -1.0), 1.0))
        out[0, k] = c - (a + b)
        out[1, k] = c - (b - a)
        if c >= a + b:
            lit = 1.0
        elif c <= b - a:
            lit = 0.0
        elif c <= a - b:
            lit = 1.0 - (b * b) / (a * a)
        else:
            x = (c * c + a * a - b * b) / (2.0 * c)
            y = np.sqrt(max(a * a - x * x, 0.0))
            area = (
                a * a * np.arccos(min(max(x / a, -1.0), 1.0))
                + b * b * np.arccos(min(max((c - x) / b, -1.0), 1.0))
                - c * y
            )
            lit = 1.0 - area / (np.pi * a * a)
        out[2, k] = lit


def shadow(
    position_km: FloatArray, sun_km: FloatArray, occulter_km: FloatArray, occulter_radius_km: float
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Penumbra margin, umbra margin (rad; negative inside) and lit share of the Sun (0–1).

    All positions ``(n, 3)`` in one Moon-centred frame, km.
    """
    r = np.ascontiguousarray(position_km, dtype=np.float64)
    out = np.empty((3, r.shape[0]))
    _shadow(
        r, np.ascontiguousarray(sun_km, dtype=np.float64),
        np.ascontiguousarray(np.broadcast_to(occulter_km, r.shape), dtype=np.float64),
        float(occulter_radius_km), SUN_RADIUS_KM, out,
    )  # fmt: skip
    return out[0], out[1], out[2]


@dataclass(frozen=True)
class ShadowSpans:
    """Spans inside a shadow, times in the grid's own seconds (e.g. TDB s), refined."""

    start_s: FloatArray
    end_s: FloatArray

    @property
    def duration_s(self) -> FloatArray:
        """Length of each span, s."""
        result: FloatArray = self.end_s - self.start_s
        return result


def spans_inside(times_s: FloatArray, margin: FloatArray) -> ShadowSpans:
    """Spans where ``margin < 0``, each edge interpolated linearly between epochs.

    A span open at either end of the grid starts (ends) at the first (last) epoch.
    """
    t = np.asarray(times_s, dtype=np.float64)
    g = np.asarray(margin, dtype=np.float64)
    inside = g < 0.0
    if not inside.any():
        return ShadowSpans(np.zeros(0), np.zeros(0))
    edges = np.diff(inside.astype(np.int8))
    enter = np.flatnonzero(edges == 1)  # inside from enter + 1
    leave = np.flatnonzero(edges == -1)  # inside up to leave

    def crossing(k: NDArray[np.intp]) -> FloatArray:
        g0, g1 = g[k], g[k + 1]
        fraction = np.where(g0 != g1, g0 / (g0 - g1), 0.5)
        result: FloatArray = t[k] + (t[k + 1] - t[k]) * fraction
        return result

    starts = crossing(enter)
    ends = crossing(leave)
    if inside[0]:
        starts = np.concatenate([[t[0]], starts])
    if inside[-1]:
        ends = np.concatenate([ends, [t[-1]]])
    return ShadowSpans(starts, ends)


__all__ = [
    "EARTH_RADIUS_KM",
    "MOON_RADIUS_KM",
    "SUN_RADIUS_KM",
    "ShadowSpans",
    "shadow",
    "spans_inside",
]
