"""What is built and flown: supplies, launch vehicles and station elements."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from lunarstation.scenario.base import (
    Entity,
    Identifier,
    Model,
    NonEmptyText,
    ScenarioDate,
    UtcDateTime,
)

PositiveMass = Annotated[float, Field(gt=0.0, le=1.0e7)]
NonNegativeMass = Annotated[float, Field(ge=0.0, le=1.0e7)]
Power = Annotated[float, Field(ge=0.0, le=1.0e9)]
Fraction = Annotated[float, Field(ge=0.0, le=1.0)]


class Resource(Entity):
    """A kind of supply carried as cargo and held in stores (amounts in kg)."""

    name: NonEmptyText
    class_of_supply: Annotated[int, Field(ge=1, le=10)] = 10
    """SpaceNet/NASA class of supply (1 propellants … 10 miscellaneous); see reference/spacenet.md."""


class LaunchVehicle(Entity):
    """A rocket and its published payload capacities."""

    name: NonEmptyText
    partner: Identifier
    payload_leo_kg: PositiveMass
    """Payload to low Earth orbit, kg."""
    payload_tli_kg: PositiveMass | None = None
    """Payload to trans-lunar injection / Earth–Moon transfer, kg; None if no lunar capability."""
    reliability: Annotated[float, Field(gt=0.0, le=1.0)] = 0.95
    """Probability that a launch succeeds (for Monte Carlo studies)."""
    cost_per_launch_musd: Annotated[float, Field(ge=0.0)] | None = None
    """Cost of one launch, millions of US dollars (for the partner ledger)."""
    first_flight: ScenarioDate | None = None
    """Date of the first (planned) flight; launches before it are flagged."""

    @model_validator(mode="after")
    def _tli_below_leo(self) -> LaunchVehicle:
        if self.payload_tli_kg is not None and self.payload_tli_kg > self.payload_leo_kg:
            raise ValueError("payload_tli_kg cannot exceed payload_leo_kg")
        return self


class ElementKind(StrEnum):
    """What an element is for."""

    HABITAT = "habitat"
    POWER_PLANT = "power_plant"
    ISRU_PLANT = "isru_plant"
    ROVER = "rover"
    LANDER = "lander"
    ASCENT_VEHICLE = "ascent_vehicle"
    CREW_VEHICLE = "crew_vehicle"
    CARGO_VEHICLE = "cargo_vehicle"
    ORBITER = "orbiter"
    RELAY_SATELLITE = "relay_satellite"
    ORBITAL_STATION_MODULE = "orbital_station_module"
    SCIENCE_PLATFORM = "science_platform"
    COMMUNICATIONS = "communications"
    SAMPLE_RETURN = "sample_return"
    OTHER = "other"


class PortKind(StrEnum):
    """How a port joins another vehicle."""

    DOCKING = "docking"
    BERTHING = "berthing"


class Port(Model):
    """A docking or berthing port naming the interface standard it implements."""

    id: Identifier
    """Port id, unique within its element (e.g. 'forward', 'nadir')."""
    standard: Identifier
    """Interface catalog id of the port's half, e.g. 'idss-passive', 'ssvp-m-probe'."""
    kind: PortKind = PortKind.DOCKING


class ResourceInterfaces(Model):
    """The resource interfaces an element offers to what it connects to (catalog ids)."""

    power: tuple[Identifier, ...] = ()
    """Power interface ids, e.g. '120vdc-ispsis'."""
    data: tuple[Identifier, ...] = ()
    """Data/avionics interface ids, e.g. 'tte', 'mil-std-1553'."""
    comms: tuple[Identifier, ...] = ()
    """Communication interface ids, e.g. 'ccsds-s-band'."""
    atmosphere: Identifier | None = None
    """Cabin atmosphere set point id, e.g. 'ispsis-101kpa' (None: unpressurised)."""


class Store(Model):
    """A store of one resource carried by an element."""

    resource: Identifier
    capacity_kg: PositiveMass
    initial_kg: NonNegativeMass = 0.0
    """Amount on board at delivery, kg (counts towards the launch mass)."""

    @model_validator(mode="after")
    def _initial_fits(self) -> Store:
        if self.initial_kg > self.capacity_kg:
            raise ValueError(f"initial_kg {self.initial_kg} exceeds capacity_kg {self.capacity_kg}")
        return self


class SolarArray(Model):
    """A photovoltaic array (engines use it with the site's Sun geometry)."""

    area_m2: Annotated[float, Field(gt=0.0, le=1.0e5)]
    cell_efficiency: Annotated[float, Field(gt=0.0, le=0.5)] = 0.30
    """Beginning-of-life cell efficiency (triple-junction GaAs ≈ 0.30)."""
    degradation_per_year: Annotated[float, Field(ge=0.0, le=0.2)] = 0.01
    mounting: Annotated[str, Field(pattern=r"^(fixed|vertical_tracking|full_tracking)$")] = (
        "vertical_tracking"
    )
    """'fixed', 'vertical_tracking' (single axis about local vertical) or 'full_tracking'."""


class Battery(Model):
    """An electrochemical battery."""

    capacity_kwh: Annotated[float, Field(gt=0.0, le=1.0e6)]
    depth_of_discharge: Annotated[float, Field(gt=0.0, le=1.0)] = 0.8
    charge_efficiency: Annotated[float, Field(gt=0.0, le=1.0)] = 0.95
    discharge_efficiency: Annotated[float, Field(gt=0.0, le=1.0)] = 0.95


class RegenerativeFuelCell(Model):
    """A regenerative H2/O2 fuel cell: electrolyser, tanks and fuel cell as one store."""

    storage_kwh: Annotated[float, Field(gt=0.0, le=1.0e6)]
    """Energy the gas tanks hold, kWh (electric, at the fuel-cell output)."""
    round_trip_efficiency: Annotated[float, Field(gt=0.0, le=1.0)] = 0.5
    """Electric energy out per energy in (ENGINEERING ESTIMATE 0.5; no published figure in
    shared/reference, lunar-environment.md §4 gaps)."""


class ElementPower(Model):
    """Power an element generates and consumes, by operating mode (W)."""

    steady_generation_w: Power = 0.0
    """Sun-independent generation (fission surface power, RTGs), W."""
    nominal_w: Power = 0.0
    """Consumption in normal uncrewed operation, W."""
    survival_w: Power = 0.0
    """Consumption needed to survive (heaters, keep-alive), W; must not exceed nominal."""
    crewed_w: Power | None = None
    """Consumption while crew is aboard, W (default: nominal)."""
    science_w: Power = 0.0
    """Extra consumption when science payloads run, W."""
    solar_array: SolarArray | None = None
    battery: Battery | None = None
    fuel_cell: RegenerativeFuelCell | None = None

    @model_validator(mode="after")
    def _survival_below_nominal(self) -> ElementPower:
        if self.survival_w > self.nominal_w:
            raise ValueError(f"survival_w {self.survival_w} exceeds nominal_w {self.nominal_w}")
        return self


class AttitudeThrusters(Model):
    """Attitude-control / reaction-control thrusters (SpaceNet's RCS) of a propulsive element.

    They either have their own tank (``propellant_capacity_kg`` given) or draw from the
    main tank at their own specific impulse (``propellant_capacity_kg`` omitted: a shared
    tank, as in Orion's service module).
    """

    isp_s: Annotated[float, Field(gt=0.0, le=10_000.0)]
    """Specific impulse, s."""
    propellant_capacity_kg: PositiveMass | None = None
    """Own tank, kg; None: the thrusters share the main tank."""
    propellant_kg: NonNegativeMass | None = None
    """Propellant loaded at launch, kg (default: a full own tank; 0 for a shared tank)."""

    @model_validator(mode="after")
    def _load_fits(self) -> AttitudeThrusters:
        if self.propellant_capacity_kg is None:
            if self.propellant_kg:
                raise ValueError(
                    "thrusters that share the main tank hold no propellant of their own: "
                    "give propellant_capacity_kg for a separate tank, or drop propellant_kg"
                )
        elif self.propellant_kg is not None and self.propellant_kg > self.propellant_capacity_kg:
            raise ValueError("propellant_kg exceeds propellant_capacity_kg")
        return self

    @property
    def shared(self) -> bool:
        """Whether the thrusters draw from the main tank."""
        return self.propellant_capacity_kg is None

    @property
    def loaded_kg(self) -> float:
        """Propellant in the thrusters' own tank at launch, kg (0 when shared)."""
        if self.propellant_capacity_kg is None:
            return 0.0
        return self.propellant_capacity_kg if self.propellant_kg is None else self.propellant_kg


class Propulsion(Model):
    """The propulsion of an element: a main engine and tank, attitude thrusters, or both.

    The main engine is SpaceNet's OMS, the thrusters its RCS; network burns name which
    one they use (shared/reference/spacenet.md §2.3).
    """

    isp_s: Annotated[float, Field(gt=0.0, le=10_000.0)] | None = None
    """Main engine specific impulse, s (None: no main engine)."""
    propellant_capacity_kg: PositiveMass | None = None
    """Main tank capacity, kg."""
    propellant_kg: NonNegativeMass | None = None
    """Main propellant loaded at launch, kg (default: a full tank)."""
    attitude: AttitudeThrusters | None = None
    """Attitude thrusters, with their own tank or sharing the main one."""

    @model_validator(mode="after")
    def _load_fits(self) -> Propulsion:
        if (self.isp_s is None) != (self.propellant_capacity_kg is None):
            raise ValueError(
                "a main engine needs both isp_s and propellant_capacity_kg (or neither, for "
                "an element with attitude thrusters only)"
            )
        if self.isp_s is None:
            if self.propellant_kg is not None:
                raise ValueError(
                    "propellant_kg needs a main engine (isp_s, propellant_capacity_kg)"
                )
            if self.attitude is None:
                raise ValueError("propulsion needs a main engine (isp_s, propellant_capacity_kg), "
                                 "attitude thrusters, or both")  # fmt: skip
            if self.attitude.shared:
                raise ValueError("attitude thrusters cannot share a main tank that does not exist")
        capacity = self.propellant_capacity_kg
        if (
            capacity is not None
            and self.propellant_kg is not None
            and self.propellant_kg > capacity
        ):
            raise ValueError("propellant_kg exceeds propellant_capacity_kg")
        return self

    @property
    def main_kg(self) -> float:
        """Main propellant loaded at launch, kg."""
        if self.propellant_kg is not None:
            return self.propellant_kg
        return self.propellant_capacity_kg or 0.0

    @property
    def loaded_kg(self) -> float:
        """All propellant loaded at launch (main and own attitude tank), kg."""
        return self.main_kg + (self.attitude.loaded_kg if self.attitude else 0.0)


class ElementNeeds(Model):
    """What must already be at an element's destination when it arrives (assembly order).

    Checked by the logistics engine against the delivery schedule (``ASSEMBLY_ORDER``).
    An element without ``needs`` gets the default rule: if it draws power and makes
    none, a power source must be there.
    """

    elements: tuple[Identifier, ...] = ()
    """These elements, by id."""
    power_source: bool = False
    """Some element that generates power (array, steady source, power plant)."""
    docking_partner: bool = False
    """Some element with a docking or berthing port (standards: the interop engine)."""


class InitialLocation(Model):
    """Where an element already is when the campaign starts (delivered before it, or by a
    mission the scenario does not model).

    The element is then at ``place`` from ``since`` with its declared mass (dry mass,
    loaded propellant, store contents); no mission launches it, and a later mission's
    flight plan can take it on from there (``missions[].picks_up``).
    """

    place: Identifier
    """A site or orbit id of the scenario (or a network node such as ``nrho``, which
    the delivery schedule does not list)."""
    since: UtcDateTime | None = None
    """When it got there (UTC); default: the first simulated instant."""


class Element(Entity):
    """A piece of hardware: a module, vehicle, plant, rover or satellite."""

    name: NonEmptyText
    partner: Identifier
    """Partner that owns and contributes the element."""
    kind: ElementKind
    dry_mass_kg: PositiveMass
    power: ElementPower = ElementPower()
    ports: tuple[Port, ...] = ()
    interfaces: ResourceInterfaces = ResourceInterfaces()
    stores: tuple[Store, ...] = ()
    propulsion: Propulsion | None = None
    crew_capacity: Annotated[int, Field(ge=0, le=100)] = 0
    design_life_years: Annotated[float, Field(gt=0.0, le=100.0)] | None = None
    needs: ElementNeeds | None = None
    """What must be at its destination before it arrives (default: a power source if it
    draws power and makes none)."""
    cost_musd: Annotated[float, Field(ge=0.0)] | None = None
    """Development and build cost, millions of US dollars (for the partner ledger)."""
    initial_location: InitialLocation | None = None
    """Where the element already is when the campaign starts; None: a mission launches it."""

    @model_validator(mode="after")
    def _unique_ports(self) -> Element:
        seen: set[str] = set()
        for port in self.ports:
            if port.id in seen:
                raise ValueError(f"port id {port.id!r} appears twice on this element")
            seen.add(port.id)
        return self

    @property
    def launch_mass_kg(self) -> float:
        """Mass at launch: dry mass, loaded propellant and initial store contents, kg."""
        propellant = self.propulsion.loaded_kg if self.propulsion else 0.0
        return self.dry_mass_kg + propellant + sum(store.initial_kg for store in self.stores)
