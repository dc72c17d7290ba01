"""Where things are: surface sites and lunar orbits."""

from __future__ import annotations

import itertools
from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from lunarstation.scenario.base import Entity, Model, NonEmptyText

Latitude = Annotated[float, Field(ge=-90.0, le=90.0)]
Longitude = Annotated[float, Field(ge=-180.0, le=360.0)]


class HorizonPoint(Model):
    """One sample of a terrain horizon: the elevation of the skyline in one direction."""

    azimuth_deg: Annotated[float, Field(ge=0.0, le=360.0)]
    """Azimuth, degrees clockwise from local north (towards the 0° meridian at the south pole)."""
    elevation_deg: Annotated[float, Field(ge=-90.0, le=90.0)]
    """Elevation of the skyline above the local horizontal plane, degrees."""


class SurfaceSite(Entity):
    """A surface site of the station (mean-Earth/polar-axis lunar coordinates)."""

    name: NonEmptyText
    lat_deg: Latitude
    """Selenographic latitude, degrees (south negative)."""
    lon_east_deg: Longitude
    """East longitude, degrees (−180 … 360 accepted)."""
    elevation_m: Annotated[float, Field(ge=-20_000.0, le=20_000.0)] = 0.0
    """Height above the 1737.4 km reference sphere, m."""
    mast_height_m: Annotated[float, Field(ge=0.0, le=2_000.0)] = 0.0
    """Height of solar arrays / antennas above the ground, m."""
    horizon: tuple[HorizonPoint, ...] = ()
    """Optional terrain horizon (skyline) as a table; empty means a bare sphere."""

    @model_validator(mode="after")
    def _horizon_sorted(self) -> SurfaceSite:
        azimuths = [point.azimuth_deg for point in self.horizon]
        if any(b <= a for a, b in itertools.pairwise(azimuths)):
            raise ValueError("horizon azimuths must increase strictly from one row to the next")
        if self.horizon and len(self.horizon) < 4:
            raise ValueError("a horizon table needs at least 4 azimuths to describe a skyline")
        return self


class OrbitKind(StrEnum):
    """Families of lunar orbits the planner knows."""

    LLO = "llo"
    """Low lunar (near-)circular orbit."""
    ELFO = "elfo"
    """Elliptical lunar frozen orbit."""
    NRHO = "nrho"
    """Near-rectilinear halo orbit (Earth–Moon L1/L2 halo family)."""
    HALO = "halo"
    """Halo orbit about an Earth–Moon libration point."""
    KEPLERIAN = "keplerian"
    """Any two-body orbit given by classical elements."""


class Orbit(Entity):
    """A lunar orbit used by relays, orbiters or an orbital station.

    Which parameters are required depends on ``kind``: LLO needs
    ``altitude_km``; ELFO needs perilune/apolune altitudes and inclination;
    NRHO and halo need a libration point and either a perilune radius or a
    period; Keplerian needs semi-major axis, eccentricity and inclination.
    """

    name: NonEmptyText
    kind: OrbitKind
    altitude_km: Annotated[float, Field(gt=0.0, le=100_000.0)] | None = None
    perilune_altitude_km: Annotated[float, Field(gt=0.0)] | None = None
    apolune_altitude_km: Annotated[float, Field(gt=0.0)] | None = None
    perilune_radius_km: Annotated[float, Field(gt=1_737.4)] | None = None
    apolune_radius_km: Annotated[float, Field(gt=1_737.4)] | None = None
    semi_major_axis_km: Annotated[float, Field(gt=1_737.4)] | None = None
    eccentricity: Annotated[float, Field(ge=0.0, lt=1.0)] | None = None
    inclination_deg: Annotated[float, Field(ge=0.0, le=180.0)] | None = None
    period_days: Annotated[float, Field(gt=0.0, le=60.0)] | None = None
    libration_point: Annotated[str, Field(pattern=r"^L[12]$")] | None = None
    """Earth–Moon libration point of a halo/NRHO family: 'L1' or 'L2'."""
    family: Annotated[str, Field(pattern=r"^(northern|southern)$")] | None = None
    """Halo family branch: 'northern' or 'southern' (apolune over that pole)."""
    resonance: Annotated[str, Field(pattern=r"^\d+:\d+$")] | None = None
    """Synodic resonance of an NRHO, e.g. '9:2'."""

    @model_validator(mode="after")
    def _parameters_for_kind(self) -> Orbit:
        missing = [name for name in _REQUIRED_BY_KIND[self.kind] if getattr(self, name) is None]
        if missing:
            raise ValueError(f"a {self.kind.value} orbit needs {', '.join(missing)}")
        if self.kind in (OrbitKind.NRHO, OrbitKind.HALO) and (
            self.perilune_radius_km is None and self.period_days is None
        ):
            raise ValueError(f"a {self.kind.value} orbit needs perilune_radius_km or period_days")
        low, high = self.perilune_altitude_km, self.apolune_altitude_km
        if low is not None and high is not None and high < low:
            raise ValueError("apolune_altitude_km must not be below perilune_altitude_km")
        return self


_REQUIRED_BY_KIND: dict[OrbitKind, tuple[str, ...]] = {
    OrbitKind.LLO: ("altitude_km",),
    OrbitKind.ELFO: ("perilune_altitude_km", "apolune_altitude_km", "inclination_deg"),
    OrbitKind.NRHO: ("libration_point", "family"),
    OrbitKind.HALO: ("libration_point",),
    OrbitKind.KEPLERIAN: ("semi_major_axis_km", "eccentricity", "inclination_deg"),
}
