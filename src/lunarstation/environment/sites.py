"""Surface sites and the topocentric elevation, azimuth and distance of the Sun and the Earth.

A site sits on the 1737.4 km reference sphere (IAU/LOLA) at selenographic latitude and
east longitude in the DE421 mean-Earth/polar-axis frame, raised by its terrain height
and mast. "Up" is the sphere's radius; azimuth is measured clockwise from local north
(towards the east). Elevation is against the local horizontal plane; comparing it with a
terrain :class:`~lunarstation.environment.terrain.Horizon` gives visibility.

``topocentric`` is the numerics kernel (arrays in, arrays out, SI); :class:`Site` is the
user layer: ``Site(-89.45, 222.7).sun(times).elevation_deg``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

import numba
import numpy as np
from numpy.typing import NDArray

from lunarstation.constants import MOON_RADIUS_M
from lunarstation.environment.frames import sun_earth_in_me
from lunarstation.errors import OutOfRangeError
from lunarstation.timegrid import TimeGrid, to_datetime64, utc_to_tdb_seconds

FloatArray = NDArray[np.float64]


def local_frames(lat_rad: FloatArray, lon_rad: FloatArray) -> FloatArray:
    """East, north, up unit vectors (ME frame) per site, shape ``(sites, 3, 3)``."""
    sin_lat, cos_lat = np.sin(lat_rad), np.cos(lat_rad)
    sin_lon, cos_lon = np.sin(lon_rad), np.cos(lon_rad)
    zero = np.zeros_like(lat_rad)
    east = np.stack([-sin_lon, cos_lon, zero], axis=-1)
    north = np.stack([-sin_lat * cos_lon, -sin_lat * sin_lon, cos_lat], axis=-1)
    up = np.stack([cos_lat * cos_lon, cos_lat * sin_lon, sin_lat], axis=-1)
    return np.stack([east, north, up], axis=1)


@numba.njit(cache=True, parallel=True)
def _topocentric_kernel(
    target_me_m: FloatArray, basis: FloatArray, site_m: FloatArray, out: FloatArray
) -> None:
    """out[0..2, site, time] = elevation, azimuth (rad), distance (m); epochs in parallel."""
    n_sites, n_times = basis.shape[0], target_me_m.shape[0]
    for t in numba.prange(n_times):
        for s in range(n_sites):
            vx = target_me_m[t, 0] - site_m[s, 0]
            vy = target_me_m[t, 1] - site_m[s, 1]
            vz = target_me_m[t, 2] - site_m[s, 2]
            east = basis[s, 0, 0] * vx + basis[s, 0, 1] * vy + basis[s, 0, 2] * vz
            north = basis[s, 1, 0] * vx + basis[s, 1, 1] * vy + basis[s, 1, 2] * vz
            up = basis[s, 2, 0] * vx + basis[s, 2, 1] * vy + basis[s, 2, 2] * vz
            horizontal = np.sqrt(east * east + north * north)
            out[0, s, t] = np.arctan2(up, horizontal)
            out[1, s, t] = np.arctan2(east, north) % (2.0 * np.pi)
            out[2, s, t] = np.sqrt(horizontal * horizontal + up * up)


def topocentric(
    target_me_m: FloatArray, lat_rad: FloatArray, lon_rad: FloatArray, radius_m: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Elevation (rad), azimuth (rad, 0…2π from north through east) and distance (m).

    ``target_me_m`` is ``(times, 3)`` from the Moon's centre in the ME frame; the site
    arrays have shape ``(sites,)`` and ``radius_m`` is each site's distance from the
    Moon's centre. Results have shape ``(sites, times)`` (three float64 arrays: callers
    with many sites go through :func:`sky_blocks`).
    """
    basis = np.ascontiguousarray(local_frames(lat_rad, lon_rad))
    site_m = np.ascontiguousarray(basis[:, 2, :] * radius_m[:, None])
    out = np.empty((3, lat_rad.size, target_me_m.shape[0]))
    _topocentric_kernel(np.ascontiguousarray(target_me_m), basis, site_m, out)
    return out[0], out[1], out[2]


@dataclass(frozen=True)
class Sky:
    """Where one body is seen from one site over time; angles in degrees, distance in m."""

    elevation_deg: FloatArray
    azimuth_deg: FloatArray
    distance_m: FloatArray


TimesLike = TimeGrid | Iterable[datetime] | NDArray[np.datetime64]


def tdb_of(times: TimesLike) -> FloatArray:
    """TDB seconds past J2000 for a :class:`TimeGrid`, aware datetimes or ``datetime64`` UTC."""
    if isinstance(times, TimeGrid):
        return times.tdb_s
    return utc_to_tdb_seconds(to_datetime64(times))


@dataclass(frozen=True)
class Site:
    """A place on the lunar surface (DE421 mean-Earth/polar-axis coordinates).

    ``lat_deg`` selenographic latitude (south negative), ``lon_east_deg`` east longitude,
    ``height_m`` terrain height above the 1737.4 km sphere, ``mast_height_m`` height of
    the instrument (array, antenna) above the ground.

    Raises:
        OutOfRangeError: latitude outside ±90° or a negative mast.
    """

    lat_deg: float
    lon_east_deg: float
    height_m: float = 0.0
    mast_height_m: float = 0.0

    def __post_init__(self) -> None:
        if not -90.0 <= self.lat_deg <= 90.0:
            raise OutOfRangeError(
                f"latitude {self.lat_deg}° is outside −90° … 90°",
                value=self.lat_deg,
                valid=(-90.0, 90.0),
            )
        if self.mast_height_m < 0.0:
            raise OutOfRangeError(
                f"mast height {self.mast_height_m} m must not be negative",
                value=self.mast_height_m,
                valid=(0.0, None),
            )

    @property
    def radius_m(self) -> float:
        """Distance of the instrument from the Moon's centre, m."""
        return MOON_RADIUS_M + self.height_m + self.mast_height_m

    def sun(self, times: TimesLike, *, apparent: bool = True) -> Sky:
        """Topocentric Sun over ``times`` (UTC). Raises EphemerisRangeError outside 1900–2050."""
        return sky_many([self], times, apparent=apparent, bodies=("sun",))[0][0]

    def earth(self, times: TimesLike, *, apparent: bool = True) -> Sky:
        """Topocentric Earth (centre) over ``times`` (UTC)."""
        return sky_many([self], times, apparent=apparent, bodies=("earth",))[1][0]


def sky_many(
    sites: Iterable[Site],
    times: TimesLike,
    *,
    apparent: bool = True,
    bodies: tuple[str, ...] = ("sun", "earth"),
) -> tuple[list[Sky], list[Sky]]:
    """Sun and Earth as seen from many sites at once: ``(suns, earths)``, one Sky per site.

    A body left out of ``bodies`` gets an empty list (saves the topocentric step).
    """
    site_list = list(sites)
    lat = np.radians([s.lat_deg for s in site_list])
    lon = np.radians([s.lon_east_deg for s in site_list])
    radius = np.array([s.radius_m for s in site_list], dtype=np.float64)
    sun_me, earth_me = sun_earth_in_me(tdb_of(times), apparent=apparent)
    result: tuple[list[Sky], list[Sky]] = ([], [])
    for name, target, out in (("sun", sun_me, result[0]), ("earth", earth_me, result[1])):
        if name not in bodies:
            continue
        elevation, azimuth, distance = topocentric(target, lat, lon, radius)
        out.extend(
            Sky(np.degrees(elevation[k]), np.degrees(azimuth[k]), distance[k])
            for k in range(len(site_list))
        )
    return result


def sky_blocks(
    sites: Iterable[Site], times: TimesLike, *, sites_per_block: int = 20, apparent: bool = True
) -> Iterator[tuple[slice, FloatArray, FloatArray]]:
    """Sun and Earth elevations (deg) for many sites, a block of sites at a time.

    Yields ``(site_slice, sun_elevation_deg, earth_elevation_deg)`` with arrays of shape
    ``(sites in block, epochs)``, so 1,000 sites × 175,000 hourly epochs (1.4 GB per
    full array) can be reduced block by block; the ephemeris is evaluated once.
    """
    site_list = list(sites)
    lat = np.radians([s.lat_deg for s in site_list])
    lon = np.radians([s.lon_east_deg for s in site_list])
    radius = np.array([s.radius_m for s in site_list], dtype=np.float64)
    sun_me, earth_me = sun_earth_in_me(tdb_of(times), apparent=apparent)
    for first in range(0, len(site_list), sites_per_block):
        part = slice(first, min(first + sites_per_block, len(site_list)))
        sun = topocentric(sun_me, lat[part], lon[part], radius[part])[0]
        earth = topocentric(earth_me, lat[part], lon[part], radius[part])[0]
        yield part, np.degrees(sun), np.degrees(earth)
