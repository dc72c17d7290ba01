"""What happens: missions that launch, deliver and visit, and the experiments they carry."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Discriminator, Field, Tag, model_validator

from lunarstation.scenario.base import Entity, Identifier, Model, NonEmptyText, UtcDateTime
from lunarstation.scenario.messages import did_you_mean


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


class BurnFire(Model):
    """In a burn: this element fires (from the tank the network burn names)."""

    fire: Identifier


class BurnStaging(Model):
    """In a burn: this element is dropped (jettisoned) and the rest of the Δv carries on."""

    stage: Identifier


BurnItem = Annotated[
    Annotated[BurnFire, Tag("fire")] | Annotated[BurnStaging, Tag("stage")],
    Discriminator(lambda v: _first_key(v, ("fire", "stage")), custom_error_type="burn_item",
                  custom_error_message="each burn item is {fire: <element>} or {stage: <element>}"),
]  # fmt: skip


class TransportStep(Model):
    """Fly a group of elements along the network from where they are to ``transport``.

    ``transport`` is a network node (``llo``, ``nrho``, …) or the mission's destination id.
    """

    transport: Identifier
    """Where to: a network node (``llo``, ``nrho``, …), the mission's destination, or
    another site or orbit id of the scenario (an element left there can be picked up
    later)."""
    elements: Annotated[tuple[Identifier, ...], Field(min_length=1)] | None = None
    """Elements that fly (default: every payload element where the last transport ended;
    elements the mission picks up fly only when named)."""
    burns: tuple[tuple[BurnItem, ...], ...] | None = None
    """SpaceNet's burn-stage sequence: for each burn of the path, in order, the elements
    that fire and those dropped. Default: every propulsive element of the group fires, in
    the order listed, nothing is dropped."""


class MoveStep(Model):
    """Move crew or cargo between elements, or load or unload it where the elements are."""

    move: Identifier
    """``crew``, a cargo resource id, or any label for what is picked up (``samples``)."""
    out_of: Identifier | None = None
    """Element it leaves (None: loaded from where the elements are; needs ``mass_kg``,
    except for ``crew``: the mission's crew, e.g. arriving from ``crew_transfer_from``)."""
    into: Identifier | None = None
    """Element it enters (None: unloaded where the elements are)."""
    mass_kg: Annotated[float, Field(gt=0.0, le=1.0e7)] | None = None
    """How much, kg (default: all of it)."""

    @model_validator(mode="after")
    def _somewhere(self) -> MoveStep:
        if self.out_of is None and self.into is None:
            raise ValueError("a move needs out_of, into, or both")
        if self.out_of is None and self.mass_kg is None and self.move != "crew":
            raise ValueError(f"loading {self.move!r} from outside needs mass_kg")
        if self.out_of == self.into:
            raise ValueError("out_of and into are the same element")
        return self


FlightStep = Annotated[
    Annotated[TransportStep, Tag("transport")] | Annotated[MoveStep, Tag("move")],
    Discriminator(lambda v: _first_key(v, ("transport", "move")), custom_error_type="flight_step",
                  custom_error_message="each step is a transport (transport: <node>) or a move (move: <item>)"),
]  # fmt: skip


def _first_key(value: Any, keys: tuple[str, ...]) -> str | None:
    """The tag of a tagged union: the first of ``keys`` present in ``value``."""
    for key in keys:
        if (isinstance(value, dict) and key in value) or hasattr(value, key):
            return key
    return None


class FlightPlan(Model):
    """How a mission's elements fly after the launch vehicle leaves them (docs/logistics.md).

    SpaceNet's events in our vocabulary: transports along the network with their
    burn-stage sequences, and moves of crew and cargo between elements. Without a plan,
    every payload element flies from ``tli`` to the destination together.
    """

    start: Annotated[str, Field(pattern=r"^(earth|leo|tli)$")] = "tli"
    """Where the plan begins: ``tli`` or ``leo`` (the launch vehicle's capacity to that orbit
    is checked), or ``earth`` (the launcher's stages are payload elements and the plan flies
    the ascent)."""
    crew_in: Identifier | None = None
    """Element the crew launches in (default: the first payload element with seats)."""
    cargo_in: Identifier | None = None
    """Element the cargo rides in (default: the first payload element)."""
    steps: Annotated[tuple[FlightStep, ...], Field(min_length=1)]


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
    flight: FlightPlan | None = None
    """Transports, stagings and crew/cargo moves after launch (default: one transport)."""
    picks_up: tuple[Identifier, ...] = ()
    """Elements already in space or on the Moon that this mission's flight plan takes on
    where they are: left there by an earlier mission (a lander waiting in NRHO for its
    crew, a module to be flown on to its orbit) or there from the start
    (``elements[].initial_location``). They fly with the propellant and contents they
    were left with; the plan names them in its steps. Needs a flight plan."""
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
        if self.picks_up and self.flight is None:
            raise ValueError(
                "picks_up needs a flight plan (flight.steps) that says where the picked-up "
                "elements fly"
            )
        if repeated := sorted(set(self.picks_up) & set(self.payload.elements)):
            raise ValueError(
                f"{', '.join(map(repr, repeated))} is both launched (payload.elements) and "
                "picked up (picks_up); an element is launched once"
            )
        if self.flight is not None:
            targets = [s.transport for s in self.flight.steps if isinstance(s, TransportStep)]
            if self.destination not in targets:
                raise ValueError(
                    f"the flight plan never reaches the destination {self.destination!r}: one "
                    f"transport step must say 'transport: {self.destination}'"
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


class ExperimentRequirement(StrEnum):
    """The closed vocabulary of an experiment's operating requirements.

    Each keyword is a condition an hour must meet for the experiment to run there; the
    science engine evaluates them from the other engines' outputs (issue 14).
    """

    SUNLIT = "sunlit"
    """Sunlight: the Sun (part of its disk) is above the site's local skyline."""
    DARK = "dark"
    """Darkness: the Sun is wholly below the site's local skyline."""
    PERMANENT_SHADOW = "permanent-shadow"
    """Permanent shadow: the site never sees the Sun over the campaign (a cold trap)."""
    EARTH_VISIBLE = "earth-visible"
    """Direct contact: the Earth is above the site's local skyline."""
    RELAY_CONTACT = "relay-contact"
    """Relay contact: a relay satellite is in view of the site."""
    EARTH_CONTACT = "earth-contact"
    """Contact with Earth by either route: direct (earth-visible) or through a relay."""
    RADIO_QUIET = "radio-quiet"
    """Shielded from terrestrial radio noise: the Earth is below the site's skyline."""
    CREW = "crew"
    """Crew aboard at the experiment's location."""
    THERMAL_WINDOW = "thermal-window"
    """Within the station's thermal operating range: the site rejects all its heat
    (no radiator excess) in that hour."""
    POWERED = "powered"
    """Powered: its location has a connected power source serving it (no shed science load)."""


REQUIREMENT_KEYWORDS: tuple[str, ...] = tuple(keyword.value for keyword in ExperimentRequirement)
"""Every keyword of :class:`ExperimentRequirement`, in declaration order."""


def _known_requirement(value: Any) -> Any:
    """Refuse an unknown keyword with did-you-mean (the enum check alone lists no hint)."""
    if isinstance(value, str) and value.strip() not in REQUIREMENT_KEYWORDS:
        raise ValueError(
            f"unknown requirement {value.strip()!r}; {did_you_mean(value.strip(), REQUIREMENT_KEYWORDS)}"
        )
    return value.strip() if isinstance(value, str) else value


Requirement = Annotated[ExperimentRequirement, BeforeValidator(_known_requirement)]


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
    requirements: tuple[Requirement, ...] = ()
    """Operating requirements, each a keyword of :class:`ExperimentRequirement`: sunlit,
    dark, permanent-shadow, earth-visible, relay-contact, earth-contact, radio-quiet,
    crew, thermal-window, powered; all must hold for the experiment to run."""
