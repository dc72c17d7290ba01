"""Illumination and Earth-visibility maps: the time-averaged visible share per DEM pixel.

For every pixel the kernel casts its skyline (:func:`~lunarstation.environment.terrain.
horizon_kernel`), then counts the epochs at which the body's centre stands above it,
seen from the pixel's ground plus a mast (topocentric, so the Earth's 0.26° parallax
across the Moon is included). Skylines are never stored for the whole grid: one
pixel's 360 values live in a per-thread buffer, so memory stays at a few DEM-sized
arrays whatever the DEM size. A ray stops as soon as terrain rises above the body's
highest elevation of the period (the body is hidden that way whatever lies further), and is
re-cast in full only when interpolation between azimuths needs it, so shares are exactly
those of full skylines. Pixels run in parallel (Numba ``prange``) in row blocks
so that a progress bar can advance.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numba
import numpy as np
from numpy.typing import NDArray

from lunarstation.environment.dem import Dem, write_geotiff
from lunarstation.environment.frames import sun_earth_in_me
from lunarstation.environment.terrain import azimuths, horizon_kernel, ray_samples
from lunarstation.timegrid import TimeGrid

FloatArray = NDArray[np.float64]
Progress = Callable[[int, int], None]
"""Called as ``progress(rows_done, rows_total)``."""

ROWS_PER_BLOCK = 16


@numba.njit(cache=True, nogil=True)
def _pixel_share(
    heights: FloatArray,
    top_radius: float,
    radius: float,
    row: float,
    col: float,
    observer: float,
    directions: FloatArray,
    samples: FloatArray,
    sky_el: FloatArray,
    sky_az: FloatArray,
    azimuth_step_rad: float,
    skyline: FloatArray,
    exact: NDArray[np.bool_],
) -> float:
    """Share of epochs with the body (``sky_el``/``sky_az``, rad) above one pixel's skyline.

    Rays are cut once terrain rises above the body's highest elevation of the period: in
    such directions the body is hidden whatever the true skyline. Where interpolation
    between a cut and a full ray leaves the answer open, the cut ray is cast in full, so
    the share equals that of full skylines exactly.
    """
    n_az, n_t = directions.shape[0], sky_el.size
    highest = np.max(sky_el)
    horizon_kernel(heights, top_radius, radius, row, col, observer, directions, samples,
                   np.tan(highest), skyline)  # fmt: skip
    for k in range(n_az):
        exact[k] = skyline[k] < highest - 1e-12  # arctan(tan(h)) may round below h
    count = 0
    for t in range(n_t):
        position = sky_az[t] / azimuth_step_rad
        k0 = int(position) % n_az
        k1 = (k0 + 1) % n_az
        f = position - np.floor(position)
        limit = skyline[k0] * (1.0 - f) + skyline[k1] * f
        if sky_el[t] > limit and not (exact[k0] and exact[k1]):
            for k in (k0, k1):
                if not exact[k]:
                    horizon_kernel(heights, top_radius, radius, row, col, observer,
                                   directions[k : k + 1], samples, np.inf, skyline[k : k + 1])  # fmt: skip
                    exact[k] = True
            limit = skyline[k0] * (1.0 - f) + skyline[k1] * f
        if sky_el[t] > limit:
            count += 1
    return count / n_t


@numba.njit(cache=True, parallel=True)
def _share_block(
    heights: FloatArray,
    geometry: FloatArray,
    row_first: int,
    row_stop: int,
    targets_me_m: FloatArray,
    azimuth_step_rad: float,
    unit_steps: FloatArray,
    samples: FloatArray,
    out: FloatArray,
) -> None:
    """Visible share for rows ``row_first:row_stop``; ``geometry`` packs the DEM's
    (left_m, top_m, pixel_m, radius_m, pole sign (+1 south), mast_m, R + highest point);
    ``unit_steps`` holds (cos a, sin a) per azimuth a, turned into raster steps at each
    pixel's longitude; ``samples`` the ray sample table of :func:`ray_samples`."""
    left, top, pixel, radius, sign, mast, top_radius = geometry
    cols = heights.shape[1]
    n_az, n_t = unit_steps.shape[0], targets_me_m.shape[0]
    for r in numba.prange(row_first, row_stop):
        directions = np.empty((n_az, 2))
        skyline = np.empty(n_az)
        exact = np.empty(n_az, dtype=np.bool_)
        sky_el, sky_az = np.empty(n_t), np.empty(n_t)
        for c in range(cols):
            ground = heights[r, c]
            if ground != ground:
                out[r, c] = np.nan
                continue
            x, y = left + (c + 0.5) * pixel, top - (r + 0.5) * pixel
            lat = sign * (2.0 * np.arctan(np.hypot(x, y) / (2.0 * radius)) - np.pi / 2.0)
            lon = np.arctan2(x, sign * y)
            sl, cl, sp, cp = np.sin(lon), np.cos(lon), np.sin(lat), np.cos(lat)
            for k in range(n_az):  # map_directions() inlined: east/north in the map plane
                ca, sa = unit_steps[k, 0], unit_steps[k, 1]
                dx = sa * cl + ca * sl if sign > 0 else sa * cl - ca * sl
                dy = -sa * sl + ca * cl if sign > 0 else sa * sl + ca * cl
                directions[k, 0], directions[k, 1] = -dy, dx
            observer = radius + ground + mast
            for t in range(n_t):
                vx = targets_me_m[t, 0] - observer * cp * cl
                vy = targets_me_m[t, 1] - observer * cp * sl
                vz = targets_me_m[t, 2] - observer * sp
                east = -sl * vx + cl * vy
                north = -sp * cl * vx - sp * sl * vy + cp * vz
                up = cp * cl * vx + cp * sl * vy + sp * vz
                sky_el[t] = np.arctan2(up, np.hypot(east, north))
                sky_az[t] = np.arctan2(east, north) % (2.0 * np.pi)
            out[r, c] = _pixel_share(
                heights, top_radius, radius, float(r), float(c), observer, directions,
                samples, sky_el, sky_az, azimuth_step_rad, skyline, exact,
            )  # fmt: skip


def visible_share_map(
    dem: Dem,
    grid: TimeGrid,
    *,
    body: str = "sun",
    mast_height_m: float = 0.0,
    azimuth_step_deg: float = 1.0,
    progress: Progress | None = None,
) -> FloatArray:
    """Share of ``grid``'s epochs at which ``body`` (``"sun"`` or ``"earth"``) is above each
    pixel's skyline, shape of the DEM (NaN on no-data pixels).

    Raises:
        EphemerisRangeError: the grid leaves 1900–2050.
        ValueError: ``body`` is neither ``"sun"`` nor ``"earth"``.
    """
    if body not in ("sun", "earth"):
        raise ValueError(f"body must be 'sun' or 'earth', not {body!r}")
    sun, earth = sun_earth_in_me(grid.tdb_s)
    targets = np.ascontiguousarray(sun if body == "sun" else earth)
    az = azimuths(azimuth_step_deg)
    unit_steps = np.ascontiguousarray(np.stack([np.cos(np.radians(az)), np.sin(np.radians(az))], 1))
    sign = 1.0 if dem.south else -1.0
    heights = np.ascontiguousarray(dem.heights_m, dtype=np.float64)
    top_radius = dem.radius_m + float(np.nanmax(heights))
    geometry = np.array(
        [dem.left_m, dem.top_m, dem.pixel_m, dem.radius_m, sign, mast_height_m, top_radius]
    )
    samples = ray_samples(float(np.hypot(*dem.shape)), dem.pixel_m, dem.radius_m)
    rows = dem.shape[0]
    out = np.empty(dem.shape)
    for first in range(0, rows, ROWS_PER_BLOCK):
        stop = min(first + ROWS_PER_BLOCK, rows)
        step_rad = np.radians(azimuth_step_deg)
        _share_block(heights, geometry, first, stop, targets, step_rad, unit_steps, samples, out)
        if progress is not None:
            progress(stop, rows)
    return out


def write_share_map(stem: Path, share: FloatArray, dem: Dem, title: str) -> list[Path]:
    """Write ``<stem>.tif`` (float32 share, DEM georeferencing) and ``<stem>.png``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    stem.parent.mkdir(parents=True, exist_ok=True)
    tif, png = stem.with_suffix(".tif"), stem.with_suffix(".png")
    write_geotiff(tif, share, dem)
    rows, cols = dem.shape
    extent_km = (
        np.array(
            [dem.left_m, dem.left_m + cols * dem.pixel_m, dem.top_m - rows * dem.pixel_m, dem.top_m]
        )
        / 1_000.0
    )
    figure, axes = plt.subplots(figsize=(6.5, 5.5))
    image = axes.imshow(
        100.0 * share, extent=tuple(extent_km), vmin=0.0, vmax=100.0, cmap="inferno"
    )
    figure.colorbar(image, ax=axes, label="share of time visible, %")
    axes.set(title=title, xlabel="polar stereographic x, km", ylabel="y, km")
    figure.savefig(png, dpi=120, bbox_inches="tight")
    plt.close(figure)
    return [tif, png]


__all__ = ["visible_share_map", "write_share_map"]
