"""One compiled pass from TDB epochs to the Sun and Earth vectors in the Moon ME frame.

The same mathematics as :func:`lunarstation.environment.frames.sun_earth_in_me_reference`
(Chebyshev series of DE421, light time, aberration, ICRF → PA → ME), fused per epoch in
Numba so that no ``(n, 3, 3)`` temporaries are built and the epochs run in parallel
threads. This is what makes 20 years of hourly Sun positions take tens of milliseconds
(benchmarks/README.md, "Environment"); tests hold the two paths to 1e-12 relative.
"""

from __future__ import annotations

import numba
import numpy as np
from numpy.typing import NDArray

from lunarstation.constants import SPEED_OF_LIGHT_M_S

FloatArray = NDArray[np.float64]
Vector = tuple[float, float, float]


@numba.njit(cache=True, nogil=True)
def _series(c: FloatArray, start: float, interval: float, t: float) -> tuple[Vector, Vector]:
    """Value and rate (per s) of a 3-axis Chebyshev series at one epoch, no allocation."""
    sets, _, count = c.shape
    index = min(max(int((t - start) // interval), 0), sets - 1)
    x = 2.0 * (t - start - index * interval) / interval - 1.0
    t_prev, t_now, d_prev, d_now = 1.0, x, 0.0, 1.0
    v0 = c[index, 0, 0] + c[index, 0, 1] * x
    v1 = c[index, 1, 0] + c[index, 1, 1] * x
    v2 = c[index, 2, 0] + c[index, 2, 1] * x
    r0, r1, r2 = c[index, 0, 1], c[index, 1, 1], c[index, 2, 1]
    for k in range(2, count):
        t_next = 2.0 * x * t_now - t_prev
        d_next = 2.0 * x * d_now - d_prev + 2.0 * t_now
        v0 += c[index, 0, k] * t_next
        v1 += c[index, 1, k] * t_next
        v2 += c[index, 2, k] * t_next
        r0 += c[index, 0, k] * d_next
        r1 += c[index, 1, k] * d_next
        r2 += c[index, 2, k] * d_next
        t_prev, t_now, d_prev, d_now = t_now, t_next, d_now, d_next
    scale = 2.0 / interval
    return (v0, v1, v2), (r0 * scale, r1 * scale, r2 * scale)


@numba.njit(cache=True, nogil=True)
def _apparent(target: Vector, target_v: Vector, moon_v: Vector, apparent: bool) -> Vector:
    """Light-time and aberration correction of a geometric vector (m) seen from the Moon."""
    gx, gy, gz = target
    if not apparent:
        return gx, gy, gz
    tau = np.sqrt(gx * gx + gy * gy + gz * gz) / SPEED_OF_LIGHT_M_S
    ax, ay, az = gx - target_v[0] * tau, gy - target_v[1] * tau, gz - target_v[2] * tau
    distance = np.sqrt(ax * ax + ay * ay + az * az)
    ux, uy, uz = ax / distance, ay / distance, az / distance
    bx, by, bz = (
        moon_v[0] / SPEED_OF_LIGHT_M_S,
        moon_v[1] / SPEED_OF_LIGHT_M_S,
        moon_v[2] / SPEED_OF_LIGHT_M_S,
    )
    dot = ux * bx + uy * by + uz * bz
    wx, wy, wz = ux + bx - dot * ux, uy + by - dot * uy, uz + bz - dot * uz
    scale = distance / np.sqrt(wx * wx + wy * wy + wz * wz)
    return wx * scale, wy * scale, wz * scale


@numba.njit(cache=True, nogil=True)
def _pa_rows(angles: Vector) -> tuple[Vector, Vector, Vector]:
    """Rows of ICRF → PA = R3(ψ)·R1(θ)·R3(φ) (passive rotations), written out."""
    cf, sf = np.cos(angles[0]), np.sin(angles[0])
    ct, st = np.cos(angles[1]), np.sin(angles[1])
    cp, sp = np.cos(angles[2]), np.sin(angles[2])
    return (
        (cp * cf - sp * ct * sf, cp * sf + sp * ct * cf, sp * st),
        (-sp * cf - cp * ct * sf, -sp * sf + cp * ct * cf, cp * st),
        (st * sf, -st * cf, ct),
    )


@numba.njit(cache=True, nogil=True)
def _rotate_into(
    out: FloatArray, i: int, rows: tuple[Vector, Vector, Vector], pa_to_me: FloatArray, v: Vector
) -> None:
    """out[i] = PA→ME · (ICRF→PA · v), without building matrices (no allocation)."""
    px = rows[0][0] * v[0] + rows[0][1] * v[1] + rows[0][2] * v[2]
    py = rows[1][0] * v[0] + rows[1][1] * v[1] + rows[1][2] * v[2]
    pz = rows[2][0] * v[0] + rows[2][1] * v[1] + rows[2][2] * v[2]
    for axis in range(3):
        out[i, axis] = pa_to_me[axis, 0] * px + pa_to_me[axis, 1] * py + pa_to_me[axis, 2] * pz


@numba.njit(cache=True, parallel=True)
def sun_earth_me_kernel(
    sun_c: FloatArray,
    emb_c: FloatArray,
    moon_c: FloatArray,
    lib_c: FloatArray,
    timing: FloatArray,
    emrat: float,
    pa_to_me: FloatArray,
    tdb_s: FloatArray,
    apparent: bool,
) -> tuple[FloatArray, FloatArray]:
    """Sun and Earth from the Moon's centre in ME axes (m), shape ``(n, 3)`` each.

    The four tables are the DE421 Sun, Earth–Moon barycentre, geocentric Moon (km) and
    libration (rad) coefficient arrays; ``timing[k] = (start_s, interval_s)`` for each.
    """
    n = tdb_s.size
    sun_out, earth_out = np.empty((n, 3)), np.empty((n, 3))
    moon_share, earth_share = emrat / (1.0 + emrat), 1.0 / (1.0 + emrat)
    for i in numba.prange(n):
        t = tdb_s[i]
        sun, sun_v = _series(sun_c, timing[0, 0], timing[0, 1], t)
        emb, emb_v = _series(emb_c, timing[1, 0], timing[1, 1], t)
        geo, geo_v = _series(moon_c, timing[2, 0], timing[2, 1], t)
        angles, _ = _series(lib_c, timing[3, 0], timing[3, 1], t)
        moon_v = (
            (emb_v[0] + geo_v[0] * moon_share) * 1e3,
            (emb_v[1] + geo_v[1] * moon_share) * 1e3,
            (emb_v[2] + geo_v[2] * moon_share) * 1e3,
        )
        # Sun − Moon = Sun − EMB − share·geo; Earth − Moon = −geo (km → m below).
        s_geo = (
            (sun[0] - emb[0] - geo[0] * moon_share) * 1e3,
            (sun[1] - emb[1] - geo[1] * moon_share) * 1e3,
            (sun[2] - emb[2] - geo[2] * moon_share) * 1e3,
        )
        e_geo = (-geo[0] * 1e3, -geo[1] * 1e3, -geo[2] * 1e3)
        s_vel = (sun_v[0] * 1e3, sun_v[1] * 1e3, sun_v[2] * 1e3)
        e_vel = (
            (emb_v[0] - geo_v[0] * earth_share) * 1e3,
            (emb_v[1] - geo_v[1] * earth_share) * 1e3,
            (emb_v[2] - geo_v[2] * earth_share) * 1e3,
        )
        s_app = _apparent(s_geo, s_vel, moon_v, apparent)
        e_app = _apparent(e_geo, e_vel, moon_v, apparent)
        rows = _pa_rows(angles)
        _rotate_into(sun_out, i, rows, pa_to_me, s_app)
        _rotate_into(earth_out, i, rows, pa_to_me, e_app)
    return sun_out, earth_out
