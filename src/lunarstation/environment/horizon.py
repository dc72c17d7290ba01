"""A site's skyline: the elevation angle of the local horizon in every direction.

A :class:`Horizon` comes from a table (the scenario's ``horizon`` rows, a file from
another tool), from a DEM (:func:`lunarstation.environment.terrain.horizon_from_dem`) or
from the bare reference sphere (:func:`sphere_horizon`). Between samples it is linearly
interpolated in azimuth, wrapping at 360°.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from lunarstation.constants import MOON_RADIUS_M
from lunarstation.errors import OutOfRangeError

FloatArray = NDArray[np.float64]


def sphere_dip_rad(ground_radius_m: float, mast_height_m: float) -> float:
    """Dip of the geometric horizon for an eye ``mast_height_m`` above a sphere, rad.

    cos(dip) = r_ground / (r_ground + h): 0.1944° for a 10 m mast on the Moon.
    """
    return -float(np.arccos(ground_radius_m / (ground_radius_m + mast_height_m)))


@dataclass(frozen=True)
class Horizon:
    """Skyline elevation (deg) at increasing azimuths (deg clockwise from north, in [0, 360)).

    Raises:
        OutOfRangeError: fewer than 1 sample, mismatched lengths, azimuths not strictly
            increasing within [0, 360], or elevations outside ±90°.
    """

    azimuth_deg: FloatArray
    elevation_deg: FloatArray

    def __post_init__(self) -> None:
        az = np.asarray(self.azimuth_deg, dtype=np.float64)
        el = np.asarray(self.elevation_deg, dtype=np.float64)
        if az.ndim != 1 or az.shape != el.shape or az.size == 0:
            raise OutOfRangeError(
                "a horizon needs equal-length, non-empty azimuth and elevation columns",
                value=(az.shape, el.shape),
                valid=("1-D, same length",),
            )
        if np.any(np.diff(az) <= 0) or az[0] < 0.0 or az[-1] > 360.0:
            raise OutOfRangeError(
                "horizon azimuths must increase strictly within 0…360°",
                value=az.tolist(),
                valid=(0.0, 360.0),
            )
        if np.any(np.abs(el) > 90.0):
            raise OutOfRangeError(
                "horizon elevations must lie within ±90°", value=el.tolist(), valid=(-90.0, 90.0)
            )
        object.__setattr__(self, "azimuth_deg", az)
        object.__setattr__(self, "elevation_deg", el)

    @classmethod
    def flat(cls, elevation_deg: float = 0.0) -> Horizon:
        """The same skyline elevation in every direction."""
        return cls(np.array([0.0]), np.array([elevation_deg]))

    @classmethod
    def from_rows(cls, rows: Sequence[tuple[float, float]]) -> Horizon:
        """From ``(azimuth_deg, elevation_deg)`` pairs, e.g. a scenario's horizon table."""
        table = np.asarray(rows, dtype=np.float64).reshape(-1, 2)
        return cls(table[:, 0], table[:, 1])

    def elevation_at(self, azimuth_deg: FloatArray) -> FloatArray:
        """Skyline elevation, deg, at the given azimuths (deg, any range), interpolated."""
        az = np.mod(np.asarray(azimuth_deg, dtype=np.float64), 360.0)
        if self.azimuth_deg.size == 1:
            return np.full_like(az, self.elevation_deg[0])
        result: FloatArray = np.interp(az, self.azimuth_deg, self.elevation_deg, period=360.0)
        return result


def sphere_horizon(height_m: float = 0.0, mast_height_m: float = 0.0) -> Horizon:
    """The skyline of a bare 1737.4 km sphere seen from a mast: a uniform dip."""
    dip = sphere_dip_rad(MOON_RADIUS_M + height_m, mast_height_m)
    return Horizon.flat(float(np.degrees(dip)))
