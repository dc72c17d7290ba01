"""Where things are: surface sites and lunar orbits."""

from __future__ import annotations

import itertools
from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from lunarstation.scenario.base import Entity, Identifier, Model, NonEmptyText, UtcDateTime

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


MOON_RADIUS_KM = 1738.0
"""Mean lunar radius of the orbit models, km: the reference radius of the GRAIL gravity
fields (GRGM900C, Lemoine et al. 2014), with which J2 is given (``orbits/twobody``). A
periapsis below it is inside the Moon."""


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


TWO_BODY_KINDS = frozenset({OrbitKind.LLO, OrbitKind.ELFO, OrbitKind.KEPLERIAN})
"""Kinds propagated as perturbed two-body orbits (``orbits/twobody``)."""
CR3BP_KINDS = frozenset({OrbitKind.NRHO, OrbitKind.HALO})
"""Kinds taken from the Earth–Moon CR3BP families (``orbits/cr3bp``)."""

Angle = Annotated[float, Field(ge=-360.0, le=360.0)]


class Orbit(Entity):
    """A lunar orbit used by relays, orbiters or an orbital station.

    **Two-body orbits** (``kind`` llo, elfo or keplerian) are given by their elements about
    the Moon: ``periapsis_altitude_km`` and ``apoapsis_altitude_km`` above the 1738 km
    mean radius (or ``altitude_km`` for a circular LLO, or ``semi_major_axis_km`` and
    ``eccentricity``), ``inclination_deg``, ``raan_deg``, ``arg_periapsis_deg`` and
    ``mean_anomaly_deg`` at ``epoch``. Angles are referred to the Moon's principal-axis
    frame (DE421 ``MOON_PA``) frozen at the epoch: the lunar equator, the node measured
    from the PA x axis (towards the mean Earth direction). ``frozen: true`` declares an
    operated frozen orbit whose eccentricity and argument of periapsis are held.

    **CR3BP orbits** (``kind``/``family`` nrho or halo) are members of an Earth–Moon
    periodic family about ``lagrange`` L1/L2 on ``branch`` north/south (the side of the
    apolune), selected by ``resonance`` (synodic, e.g. "9:2"), ``period_days``, or a
    nondimensional ``state`` [x, y, z, vx, vy, vz] with its ``mu``, ``lu_km`` and
    ``tu_s``; ``lu_km`` alone picks the length unit of the family's convention.

    Older spellings stay accepted: ``perilune_altitude_km``/``apolune_altitude_km`` for
    the periapsis/apoapsis altitudes, ``libration_point`` for ``lagrange`` and
    ``family: northern|southern`` for ``branch``.
    """

    name: NonEmptyText
    kind: OrbitKind | None = None
    """Kind of orbit; may be left out when ``family`` (CR3BP) or elements (keplerian) say it."""
    # --- two-body elements ----------------------------------------------------------
    altitude_km: Annotated[float, Field(gt=0.0, le=100_000.0)] | None = None
    """Altitude of a circular orbit above the 1738 km mean radius, km."""
    periapsis_altitude_km: Annotated[float, Field(gt=0.0, le=100_000.0)] | None = None
    """Periapsis altitude above the 1738 km mean radius, km (a periapsis below the
    surface is refused)."""
    apoapsis_altitude_km: Annotated[float, Field(gt=0.0, le=100_000.0)] | None = None
    """Apoapsis altitude above the 1738 km mean radius, km."""
    perilune_altitude_km: Annotated[float, Field(gt=0.0)] | None = None
    """Older name of ``periapsis_altitude_km``, km."""
    apolune_altitude_km: Annotated[float, Field(gt=0.0)] | None = None
    """Older name of ``apoapsis_altitude_km``, km."""
    semi_major_axis_km: Annotated[float, Field(gt=1_737.4)] | None = None
    eccentricity: Annotated[float, Field(ge=0.0, lt=1.0)] | None = None
    inclination_deg: Annotated[float, Field(ge=0.0, le=180.0)] | None = None
    """Inclination to the lunar equator (PA frame), degrees."""
    raan_deg: Angle = 0.0
    """Right ascension of the ascending node from the PA x axis at ``epoch``, degrees."""
    arg_periapsis_deg: Angle = 0.0
    """Argument of periapsis, degrees (90: periapsis over the north, apoapsis over the south)."""
    mean_anomaly_deg: Angle = 0.0
    """Mean anomaly at ``epoch``, degrees."""
    epoch: UtcDateTime | None = None
    """Epoch of the elements (UTC); absent: the start of the run."""
    frozen: bool = False
    """An operated frozen orbit: eccentricity and argument of periapsis are held (station-kept)."""
    # --- CR3BP periodic orbits --------------------------------------------------------
    family: Annotated[str, Field(pattern=r"^(nrho|halo|northern|southern)$")] | None = None
    """CR3BP family: 'nrho' or 'halo' (older files: 'northern'/'southern', the branch)."""
    lagrange: Annotated[str, Field(pattern=r"^L[12]$")] | None = None
    """Earth–Moon libration point of a halo/NRHO family: 'L1' or 'L2'."""
    libration_point: Annotated[str, Field(pattern=r"^L[12]$")] | None = None
    """Older name of ``lagrange``."""
    branch: Annotated[str, Field(pattern=r"^(north|south)$")] | None = None
    """Halo branch: 'north' or 'south' (the apolune over that pole)."""
    resonance: Annotated[str, Field(pattern=r"^[1-9]\d*:[1-9]\d*$")] | None = None
    """Synodic resonance of an NRHO, 'revolutions:synodic months', e.g. '9:2' (6.56 d)."""
    period_days: Annotated[float, Field(gt=0.0, le=60.0)] | None = None
    perilune_radius_km: Annotated[float, Field(gt=1_737.4)] | None = None
    apolune_radius_km: Annotated[float, Field(gt=1_737.4)] | None = None
    state: tuple[float, float, float, float, float, float] | None = None
    """Nondimensional CR3BP state [x, y, z, vx, vy, vz] (rotating barycentric frame)."""
    mu: Annotated[float, Field(gt=0.0, lt=0.5)] | None = None
    """Mass parameter of ``state``."""
    lu_km: Annotated[float, Field(gt=1.0e5, lt=1.0e6)] | None = None
    """Length unit of the CR3BP convention, km (default: the solver's)."""
    tu_s: Annotated[float, Field(gt=1.0e4, lt=1.0e7)] | None = None
    """Time unit of ``state``, s."""

    @model_validator(mode="before")
    @classmethod
    def _infer_kind(cls, data: object) -> object:
        if isinstance(data, dict) and data.get("kind") is None:
            family = data.get("family")
            if family in ("nrho", "halo"):
                return {**data, "kind": family}
            if any(data.get(k) is not None for k in _ELEMENT_FIELDS):
                return {**data, "kind": "keplerian"}
        return data

    @model_validator(mode="after")
    def _parameters_for_kind(self) -> Orbit:
        if self.kind is None:
            raise ValueError(
                "an orbit needs a kind (llo, elfo, keplerian, nrho, halo), a CR3BP family "
                "(nrho, halo) or two-body elements (periapsis_altitude_km, ...)"
            )
        if self.kind in TWO_BODY_KINDS:
            self._check_two_body()
        else:
            self._check_cr3bp()
        return self

    def _check_two_body(self) -> None:
        assert self.kind is not None
        if self.kind is OrbitKind.LLO:
            if self.altitude_km is None and self.periapsis_km is None:
                raise ValueError("a llo orbit needs altitude_km")
        elif self.periapsis_km is None or (
            self.apoapsis_km is None and self.semi_major_axis_km is None
        ):
            missing = "periapsis_altitude_km, apoapsis_altitude_km"
            if self.semi_major_axis_km is None and self.eccentricity is None:
                raise ValueError(
                    f"a {self.kind.value} orbit needs {missing} (or semi_major_axis_km and "
                    "eccentricity)"
                )
        if self.kind is not OrbitKind.LLO and self.inclination_deg is None:
            raise ValueError(f"a {self.kind.value} orbit needs inclination_deg")
        low, high = self.perilune_altitude_km, self.apolune_altitude_km
        if low is not None and high is not None and high < low:
            raise ValueError("apolune_altitude_km must not be below perilune_altitude_km")
        low, high = self.periapsis_altitude_km, self.apoapsis_altitude_km
        if low is not None and high is not None and high < low:
            raise ValueError("apoapsis_altitude_km must not be below periapsis_altitude_km")
        if self.semi_major_axis_km is not None and self.eccentricity is not None:
            periapsis = self.semi_major_axis_km * (1.0 - self.eccentricity)
            if periapsis <= MOON_RADIUS_KM:
                raise ValueError(
                    f"the periapsis radius a(1 − e) = {periapsis:,.0f} km is below the surface "
                    f"({MOON_RADIUS_KM:,.0f} km): raise semi_major_axis_km or lower eccentricity"
                )

    def _check_cr3bp(self) -> None:
        assert self.kind is not None
        if self.family in ("nrho", "halo") and self.family != self.kind.value:
            raise ValueError(f"family {self.family!r} contradicts kind {self.kind.value!r}")
        if self.kind is OrbitKind.NRHO and self.lagrange_point is None:
            raise ValueError("a nrho orbit needs lagrange (L1 or L2)")
        if self.kind is OrbitKind.NRHO and self.halo_branch is None:
            raise ValueError("a nrho orbit needs branch (north or south)")
        if self.state is None and self.lagrange_point is None:
            raise ValueError(f"a {self.kind.value} orbit needs lagrange (L1 or L2)")
        selectors = (self.resonance, self.period_days, self.perilune_radius_km, self.state)
        if all(value is None for value in selectors):
            raise ValueError(
                f"a {self.kind.value} orbit needs perilune_radius_km or period_days "
                "(or resonance, or a state with mu, lu_km and tu_s)"
            )
        if self.state is not None and (self.mu is None or self.lu_km is None or self.tu_s is None):
            raise ValueError("a CR3BP state needs its mu, lu_km and tu_s")

    # --- effective values ------------------------------------------------------------
    @property
    def periapsis_km(self) -> float | None:
        """Periapsis altitude, km, from whichever spelling the file used."""
        for value in (self.periapsis_altitude_km, self.perilune_altitude_km, self.altitude_km):
            if value is not None:
                return value
        if self.semi_major_axis_km is not None and self.eccentricity is not None:
            return self.semi_major_axis_km * (1.0 - self.eccentricity) - MOON_RADIUS_KM
        return None

    @property
    def apoapsis_km(self) -> float | None:
        """Apoapsis altitude, km (a circular orbit: its altitude)."""
        for value in (self.apoapsis_altitude_km, self.apolune_altitude_km):
            if value is not None:
                return value
        if self.semi_major_axis_km is not None and self.eccentricity is not None:
            return self.semi_major_axis_km * (1.0 + self.eccentricity) - MOON_RADIUS_KM
        if self.kind is OrbitKind.LLO:
            return self.periapsis_km
        return None

    @property
    def lagrange_point(self) -> str | None:
        """'L1' or 'L2', from ``lagrange`` or its older name."""
        return self.lagrange or self.libration_point

    @property
    def halo_branch(self) -> str | None:
        """'north' or 'south', from ``branch`` or the older ``family: northern|southern``."""
        if self.branch is not None:
            return self.branch
        return {"northern": "north", "southern": "south"}.get(self.family or "")

    @property
    def orbit_kind(self) -> OrbitKind:
        """The kind, as declared or inferred at validation (always set on a loaded orbit)."""
        if self.kind is None:  # pragma: no cover - the validators infer or refuse it
            raise ValueError(f"orbit {self.id!r} has no kind")
        return self.kind

    @property
    def is_cr3bp(self) -> bool:
        """True for an orbit taken from the CR3BP families."""
        return self.kind in CR3BP_KINDS


_ELEMENT_FIELDS = (
    "periapsis_altitude_km", "apoapsis_altitude_km", "semi_major_axis_km", "eccentricity",
)  # fmt: skip


class PlacementRole(StrEnum):
    """What an element does in its orbit."""

    RELAY = "relay"
    """A communications relay: its passes over the sites carry their data to Earth."""
    ORBITAL_STATION = "orbital_station"
    """An orbital station module: its power follows its eclipses."""
    WAITING = "waiting"
    """A vehicle waiting in orbit (a crew ship, an orbiter)."""


class Placement(Model):
    """An element in an orbit for a span (overrides or adds to what the missions imply).

    Without ``start`` the element is there from the start of the run (or from its
    arrival); without ``end``, to the end of the run. Without ``role`` the role follows
    the element's kind (relay satellite: relay; orbital station module: orbital_station;
    anything else: waiting).
    """

    element: Identifier
    orbit: Identifier
    start: UtcDateTime | None = None
    end: UtcDateTime | None = None
    role: PlacementRole | None = None

    @model_validator(mode="after")
    def _span(self) -> Placement:
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValueError("end must be after start")
        return self
