"""Lunar surface environment: Sun and Earth seen from sites, terrain skylines, maps.

Layers (inner to outer): ``ephemeris`` (DE421 Chebyshev tables) → ``frames`` (ICRF →
Moon ME) → ``sites`` (topocentric angles) → ``horizon`` / ``terrain`` / ``dem``
(skylines) → ``illumination`` / ``maps`` (statistics) → ``engine`` (the main job).
"""

from lunarstation.environment.dem import Dem, read_dem, write_geotiff
from lunarstation.environment.engine import (
    EnvironmentEngine,
    EnvironmentOutput,
    EnvironmentSummary,
    SiteSky,
)
from lunarstation.environment.frames import icrf_to_me, sun_earth_in_me
from lunarstation.environment.horizon import Horizon, sphere_horizon
from lunarstation.environment.illumination import (
    Illumination,
    Period,
    illumination,
    illumination_many,
)
from lunarstation.environment.maps import visible_share_map, write_share_map
from lunarstation.environment.sites import Site, Sky, sky_many
from lunarstation.environment.terrain import horizon_from_dem

__all__ = [
    "Dem",
    "EnvironmentEngine",
    "EnvironmentOutput",
    "EnvironmentSummary",
    "Horizon",
    "Illumination",
    "Period",
    "Site",
    "SiteSky",
    "Sky",
    "horizon_from_dem",
    "icrf_to_me",
    "illumination",
    "illumination_many",
    "read_dem",
    "sky_many",
    "sphere_horizon",
    "sun_earth_in_me",
    "visible_share_map",
    "write_geotiff",
    "write_share_map",
]
