"""Illumination and Earth-visibility statistics of a site over a period.

Given the Sun's and Earth's elevation and azimuth on a regular time grid and a skyline
(:class:`~lunarstation.environment.horizon.Horizon`), this module answers the questions
site-selection studies publish (lunar-environment.md §1a): the share of time the Sun's
centre is above the skyline, the share of the solar disk visible averaged over time, every
period of darkness with its start and length, the longest one, and the same for the Earth.

Each sample stands for one grid step, so shares are sample means and a period of ``k``
consecutive dark samples lasts ``k`` steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from lunarstation.constants import SUN_RADIUS_M
from lunarstation.environment.horizon import Horizon, sphere_horizon
from lunarstation.environment.sites import Site, Sky, sky_many
from lunarstation.timegrid import TimeGrid, iso_utc

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


def disk_visible_fraction(center_above_rad: FloatArray, radius_rad: FloatArray) -> FloatArray:
    """Share of a disk above a straight skyline, given its centre's height above it (rad).

    The visible part is a circular segment; with d = height / radius clipped to [−1, 1],
    f = ½ + (d·√(1 − d²) + arcsin d) / π (area of a circular segment).
    """
    d = np.clip(center_above_rad / radius_rad, -1.0, 1.0)
    fraction: FloatArray = 0.5 + (d * np.sqrt(1.0 - d * d) + np.arcsin(d)) / np.pi
    return fraction


def runs(mask: BoolArray) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Start indices and lengths (samples) of every run of True in ``mask``."""
    padded = np.concatenate([[False], np.asarray(mask, dtype=bool), [False]])
    edges = np.flatnonzero(np.diff(padded.astype(np.int8)))
    starts, stops = edges[0::2], edges[1::2]
    return starts, stops - starts


@dataclass(frozen=True)
class Period:
    """One interval of darkness (or Earth blackout): UTC start and length in hours."""

    start: np.datetime64
    hours: float

    def as_json(self) -> dict[str, Any]:
        """``{"start": ISO UTC text, "hours": float}``."""
        return {"start": iso_utc(self.start), "hours": self.hours}


def periods(mask: BoolArray, grid: TimeGrid) -> list[Period]:
    """The runs of True in ``mask`` as periods on ``grid``, in time order."""
    starts, lengths = runs(mask)
    return [
        Period(grid.utc[s], float(n) * grid.step_h) for s, n in zip(starts, lengths, strict=True)
    ]


@dataclass(frozen=True)
class Illumination:
    """Sun and Earth visibility of one site over one time grid.

    Fractions are in [0, 1]; elevations in degrees; ``*_above_deg`` is the body's centre
    elevation minus the skyline at its azimuth.
    """

    grid: TimeGrid
    sun: Sky
    earth: Sky
    sun_above_deg: FloatArray
    earth_above_deg: FloatArray
    sun_disk_fraction: FloatArray

    @property
    def sun_lit(self) -> BoolArray:
        """Sun centre above the skyline, per sample."""
        return self.sun_above_deg > 0.0

    @property
    def earth_visible(self) -> BoolArray:
        """Earth centre above the skyline, per sample."""
        return self.earth_above_deg > 0.0

    @property
    def darkness(self) -> list[Period]:
        """Every run of samples with the Sun's centre below the skyline."""
        return periods(~self.sun_lit, self.grid)

    @property
    def earth_blackouts(self) -> list[Period]:
        """Every run of samples with the Earth's centre below the skyline."""
        return periods(~self.earth_visible, self.grid)

    def summary(self) -> dict[str, Any]:
        """The statistics as a JSON-ready mapping (keys as the ``sun --json`` command prints)."""
        darkness, blackouts = self.darkness, self.earth_blackouts
        return {
            "epochs": len(self.grid),
            "step_h": self.grid.step_h,
            "sun_center_lit_fraction": float(np.mean(self.sun_lit)),
            "sun_disk_visible_fraction": float(np.mean(self.sun_disk_fraction)),
            "longest_darkness_h": max((p.hours for p in darkness), default=0.0),
            "darkness_periods": [p.as_json() for p in darkness],
            "earth_visible_fraction": float(np.mean(self.earth_visible)),
            "longest_earth_blackout_h": max((p.hours for p in blackouts), default=0.0),
            "earth_blackout_periods": [p.as_json() for p in blackouts],
            "sun_elevation_max_deg": float(np.max(self.sun.elevation_deg)),
            "sun_elevation_min_deg": float(np.min(self.sun.elevation_deg)),
            "earth_elevation_max_deg": float(np.max(self.earth.elevation_deg)),
            "earth_elevation_min_deg": float(np.min(self.earth.elevation_deg)),
        }


def _against(sky: Sky, horizon: Horizon) -> FloatArray:
    above: FloatArray = sky.elevation_deg - horizon.elevation_at(sky.azimuth_deg)
    return above


def illumination_many(
    sites: list[Site], grid: TimeGrid, horizons: list[Horizon | None] | None = None
) -> list[Illumination]:
    """Illumination of many sites on one grid; a missing horizon means the bare sphere.

    Raises:
        EphemerisRangeError: the grid leaves 1900–2050.
    """
    chosen = horizons if horizons is not None else [None] * len(sites)
    suns, earths = sky_many(sites, grid)
    result = []
    for site, sun, earth, horizon in zip(sites, suns, earths, chosen, strict=True):
        skyline = horizon or sphere_horizon(site.height_m, site.mast_height_m)
        sun_above = _against(sun, skyline)
        radius_rad = np.arcsin(SUN_RADIUS_M / sun.distance_m)
        disk = disk_visible_fraction(np.radians(sun_above), radius_rad)
        result.append(Illumination(grid, sun, earth, sun_above, _against(earth, skyline), disk))
    return result


def illumination(site: Site, grid: TimeGrid, horizon: Horizon | None = None) -> Illumination:
    """Illumination of one site; ``horizon=None`` means the bare sphere seen from the mast."""
    return illumination_many([site], grid, [horizon])[0]
