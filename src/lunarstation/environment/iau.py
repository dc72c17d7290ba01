"""IAU/WGCCRE rotation model of the Moon: the labelled fallback to the DE421 ME frame.

Archinal et al. 2011, "Report of the IAU Working Group on Cartographic Coordinates and
Rotational Elements: 2009", Celest. Mech. Dyn. Astr. 109:101–135, Table 2 (unchanged in
the 2015 report): pole right ascension α₀, declination δ₀ and prime meridian W in degrees,
with d days and T Julian centuries (TDB) past J2000 and the arguments E1…E13 below. ICRF →
IAU_MOON is R3(W)·R1(90° − δ₀)·R3(90° + α₀) (passive rotations). The model approximates
the mean-Earth/polar-axis frame to about 0.004° on the sky (ephemeris.md §1b measured
0.0032° on Sun elevation at Connecting Ridge), so it serves only where DE421 cannot.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from lunarstation.constants import DAY_S

FloatArray = NDArray[np.float64]

# E_k = constant + rate·d, degrees (Archinal et al. 2011, Table 2 footnote).
_E = np.array([
    (125.045, -0.0529921), (250.089, -0.1059842), (260.008, 13.0120009),
    (176.625, 13.3407154), (357.529, 0.9856003), (311.589, 26.4057084),
    (134.963, 13.0649930), (276.617, 0.3287146), (34.226, 1.7484877),
    (15.134, -0.1589763), (119.743, 0.0036096), (239.961, 0.1643573),
    (25.053, 12.9590088),
])  # fmt: skip
# Coefficients of sin E_k (α₀, W) and cos E_k (δ₀), k = 1…13, degrees.
_ALPHA = np.array([-3.8787, -0.1204, 0.0700, -0.0172, 0, 0.0072, 0, 0, 0, -0.0052, 0, 0, 0.0043])
_DELTA = np.array(
    [1.5419, 0.0239, -0.0278, 0.0068, 0, -0.0029, 0.0009, 0, 0, 0.0008, 0, 0, -0.0009]
)
_W = np.array([3.5610, 0.1208, -0.0642, 0.0158, 0.0252, -0.0066, -0.0047, -0.0046, 0.0028,
               0.0052, 0.0040, 0.0019, -0.0044])  # fmt: skip


def iau_moon_angles_deg(tdb_s: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """α₀, δ₀ and W of the Moon (deg) at TDB seconds past J2000."""
    d = np.atleast_1d(np.asarray(tdb_s, dtype=np.float64)) / DAY_S
    t = d / 36_525.0
    e = np.radians(_E[:, 0][:, None] + _E[:, 1][:, None] * d[None, :])
    sin_e, cos_e = np.sin(e), np.cos(e)
    alpha = 269.9949 + 0.0031 * t + _ALPHA @ sin_e
    delta = 66.5392 + 0.0130 * t + _DELTA @ cos_e
    w = 38.3213 + 13.17635815 * d - 1.4e-12 * d**2 + _W @ sin_e
    return alpha, delta, w


def icrf_to_iau_moon(tdb_s: FloatArray) -> FloatArray:
    """ICRF → IAU_MOON rotation matrices, shape ``(n, 3, 3)``."""
    from lunarstation.environment.frames import frame_rotation

    alpha, delta, w = (np.radians(a) for a in iau_moon_angles_deg(tdb_s))
    matrix: FloatArray = (
        frame_rotation(3, w)
        @ frame_rotation(1, np.pi / 2 - delta)
        @ frame_rotation(3, np.pi / 2 + alpha)
    )
    return matrix
