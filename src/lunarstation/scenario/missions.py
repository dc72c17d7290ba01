"""What happens: missions that launch, deliver and visit, and the experiments they carry."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from lunarstation.scenario.base import Entity, Identifier, Model, NonEmptyText, UtcDateTime


class CargoItem(Model):
    """An amount of one resource carried as cargo."""

    resource: Identifier
    mass_kg: Annotated[float, Field(gt=0.0, le=1.0e7)]


class Payload(Model):
    """What a mission carries: whole elements and cargo."""

    elements: tuple[Identifier, ...] = ()
    cargo: tuple[CargoItem, ...] = ()


class Docking(Model):
    """A vehicle of the mission docking or berthing to an element already in place."""

    vehicle: Identifier
    """The arriving element (must be in the mission's payload)."""
    port: Identifier
    """The arriving element's port id."""
    target: Identifier
    """The element it docks to."""
    target_port: Identifier
    """The target element's port id."""


class ConnectionKind(StrEnum):
    """A resource two connected elements share."""

    POWER = "power"
    DATA = "data"
    COMMS = "comms"
    ATMOSPHERE = "atmosphere"


class Connection(Model):
    """Two elements connected on the surface (cable, umbilical, pressurised tunnel)."""

    a: Identifier
    b: Identifier
    kinds: tuple[ConnectionKind, ...] = (ConnectionKind.POWER, ConnectionKind.DATA)

    @model_validator(mode="after")
    def _two_different(self) -> Connection:
        if self.a == self.b:
            raise ValueError(f"an element cannot be connected to itself ({self.a!r})")
        return self


class MissionOutcome(StrEnum):
    """Whether the mission is still planned or has flown, and how it went."""

    PLANNED = "planned"
    SUCCESS = "success"
    FAILURE = "failure"


class Mission(Entity):
    """One launch and what it delivers, where, and (if crewed) for how long."""

    name: NonEmptyText
    partners: Annotated[tuple[Identifier, ...], Field(min_length=1)]
    """Partners flying the mission; the first is the lead."""
    stage: Identifier | None = None
    """Programme stage; derived from the launch date when omitted."""
    launch: UtcDateTime
    launch_vehicle: Identifier
    payload: Payload = Payload()
    destination: Identifier
    """A site id (landing) or an orbit id (orbit insertion / docking)."""
    transit_days: Annotated[float, Field(ge=0.0, le=400.0)] = 5.0
    """Launch to arrival at the destination, days (direct transfer ≈ 4–5 d, NRHO ≈ 5–6 d)."""
    crew: Annotated[int, Field(ge=0, le=20)] = 0
    crew_transfer_from: Identifier | None = None
    """Mission whose vehicle brought this crew up (they transfer, e.g. in lunar orbit);
    None: the crew launched with this mission. Crew seats are counted once, at launch."""
    surface_days: Annotated[float, Field(gt=0.0, le=3650.0)] | None = None
    """Crew stay at the destination, days (crewed missions)."""
    outcome: MissionOutcome = MissionOutcome.PLANNED
    dockings: tuple[Docking, ...] = ()
    connections: tuple[Connection, ...] = ()
    notes: str = ""

    @model_validator(mode="after")
    def _crew_needs_stay(self) -> Mission:
        if self.crew > 0 and self.surface_days is None:
            raise ValueError("a crewed mission (crew > 0) needs surface_days")
        if self.crew == 0 and self.surface_days is not None:
            raise ValueError("surface_days is only meaningful for a crewed mission (crew > 0)")
        if self.crew == 0 and self.crew_transfer_from is not None:
            raise ValueError(
                "crew_transfer_from is only meaningful for a crewed mission (crew > 0)"
            )
        return self

    @property
    def lead_partner(self) -> str:
        """The partner leading the mission (first listed)."""
        return self.partners[0]

    @property
    def arrival(self) -> datetime:
        """Arrival at the destination (UTC)."""
        return self.launch + timedelta(days=self.transit_days)


class Experiment(Entity):
    """A scientific or technology experiment proposed by a partner."""

    name: NonEmptyText
    partner: Identifier
    location: Identifier
    """Site or orbit id where the experiment operates."""
    delivered_by: Identifier | None = None
    """Mission that carries it (None: not yet manifested)."""
    mass_kg: Annotated[float, Field(gt=0.0, le=1.0e5)]
    power_w: Annotated[float, Field(ge=0.0, le=1.0e6)] = 0.0
    data_rate_kbps: Annotated[float, Field(ge=0.0, le=1.0e7)] = 0.0
    """Average data production, kilobits per second."""
    crew_time_h: Annotated[float, Field(ge=0.0, le=1.0e5)] = 0.0
    """Crew time the experiment needs over its whole duration, hours."""
    duration_days: Annotated[float, Field(gt=0.0, le=36_500.0)]
    requirements: tuple[NonEmptyText, ...] = ()
    """Operating requirements, e.g. 'sunlit', 'earth-visible', 'crew', 'radio-quiet'."""
