"""Moon-centred frames of the orbital segment, from DE421 (numerics kernels, km and s).

* **ICRF** (Moon-centred): the frame of the exports (OEM ``REF_FRAME = ICRF``), of
  eclipses and of the relays' view of the Earth;
* **PA at epoch**: the Moon's principal axes (``MOON_PA_DE421``) frozen at an orbit's
  epoch, an inertial frame with the lunar pole as z, in which two-body elements are
  given and perturbed orbits integrated (:mod:`~lunarstation.orbits.twobody`);
* **ME** (``MOON_ME_DE421``, Moon-fixed): the frame of the sites, for visibility.

ICRF → PA is R3(ψ)·R1(θ)·R3(φ) with the DE421 libration angles and PA → ME the constant
offset of NAIF's ``moon_080317.tf`` (``environment/frames.py``).
"""

from __future__ import annotations

import numba
import numpy as np
from numpy.typing import NDArray

from lunarstation.environment.ephemeris import libration_angles_rad, moon_states
from lunarstation.environment.frames import icrf_to_pa, pa_to_me_matrix
from lunarstation.orbits.twobody.perturbations import EarthTable

FloatArray = NDArray[np.float64]

M_KM = 1e-3


def icrf_to_pa_at(tdb_s: float) -> FloatArray:
    """The 3×3 ICRF → PA rotation at one epoch (TDB s past J2000)."""
    matrix: FloatArray = icrf_to_pa(libration_angles_rad(np.array([float(tdb_s)])))[0]
    return matrix


@numba.njit(cache=True, parallel=True)
def _icrf_to_me(positions: FloatArray, angles: FloatArray, pa_me: FloatArray) -> FloatArray:
    out = np.empty_like(positions)
    for k in numba.prange(positions.shape[0]):
        cf, sf = np.cos(angles[k, 0]), np.sin(angles[k, 0])
        ct, st = np.cos(angles[k, 1]), np.sin(angles[k, 1])
        cp, sp = np.cos(angles[k, 2]), np.sin(angles[k, 2])
        x, y, z = positions[k, 0], positions[k, 1], positions[k, 2]
        # R3(φ)
        x1 = cf * x + sf * y
        y1 = -sf * x + cf * y
        # R1(θ)
        y2 = ct * y1 + st * z
        z2 = -st * y1 + ct * z
        # R3(ψ)
        x3 = cp * x1 + sp * y2
        y3 = -sp * x1 + cp * y2
        for j in range(3):
            out[k, j] = pa_me[j, 0] * x3 + pa_me[j, 1] * y3 + pa_me[j, 2] * z2
    return out


def icrf_to_me_positions(positions_km: FloatArray, tdb_s: FloatArray) -> FloatArray:
    """Moon-centred ICRF positions ``(n, 3)`` rotated into the Moon-fixed ME frame (same unit).

    Raises:
        EphemerisRangeError: an epoch outside the DE421 span.
    """
    angles = np.ascontiguousarray(libration_angles_rad(np.asarray(tdb_s, dtype=np.float64)))
    return _icrf_to_me(
        np.ascontiguousarray(positions_km, dtype=np.float64), angles, pa_to_me_matrix()
    )


def earth_table(
    start_tdb_s: float, end_tdb_s: float, icrf_to_frame: FloatArray, step_s: float = 3600.0
) -> EarthTable:
    """The Earth's Moon-centred state in a frame (``icrf_to_frame`` 3×3), one row per step."""
    count = int(np.ceil((end_tdb_s - start_tdb_s) / step_s)) + 2
    times: FloatArray = start_tdb_s + step_s * np.arange(count, dtype=np.float64)
    states = moon_states(times)
    position = (states["earth_ssb"] - states["moon_ssb"]) * M_KM
    velocity = (states["earth_ssb_v"] - states["moon_ssb_v"]) * M_KM
    table = np.hstack([position @ icrf_to_frame.T, velocity @ icrf_to_frame.T])
    return EarthTable(float(start_tdb_s), float(step_s), np.ascontiguousarray(table))


__all__ = ["earth_table", "icrf_to_me_positions", "icrf_to_pa_at"]
