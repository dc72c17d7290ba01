"""A mission's flight after launch: its plan (or the default one) flown through the network.

A plan is SpaceNet's transport events in our vocabulary (shared/reference/spacenet.md
§1.6, §2.3): transports move a group of elements along the network with a burn-stage
sequence per burn, moves carry crew and cargo between elements, loads pick things up
(samples) and unloads leave them. Elements not in a transport stay where they are: an
orbiter waits in lunar orbit while its lander descends, a spent descent stage stays on
the surface when the ascent stage leaves.

Without a plan every payload element flies together from TLI to the destination, firing
its propulsive elements in the order of the payload, dropping nothing.

Places are network nodes (``llo``, ``nrho``, a scenario's own nodes) or the scenario's
sites and orbits by id; a site or orbit flies to and from the node of its kind
(:func:`place_node`). A mission may also take on elements that are already somewhere —
left by an earlier mission or there from the start (``missions[].picks_up``):
:func:`fly_mission` is given them as :class:`Parked` vehicles, with the propellant and
contents they were left with, and :mod:`lunarstation.logistics.fleet` flies the campaign
mission by mission so that each flight starts from the state the last one left.

:func:`element_fates` needs no network: from the plan alone it tells which elements stay
at the destination, which leave it again and which never get there (jettisoned, or left
at another place) — what the delivery schedule falls back on when a plan cannot be flown.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from lunarstation.errors import DataError, PlanError
from lunarstation.logistics.network import Edge, Network
from lunarstation.logistics.transport import (
    Burn,
    FlightError,
    Move,
    Record,
    Stack,
    Staging,
    Tank,
    Vehicle,
    fly,
    spare_delta_v,
)
from lunarstation.scenario import (
    BurnFire,
    Element,
    Mission,
    MoveStep,
    OrbitKind,
    Scenario,
    TransportStep,
)

JETTISONED = "jettisoned"
"""Location of an element dropped in flight."""

SHORT_TOLERANCE_M_S = 0.01
"""Δv a burn may miss and still count as made, m/s: round-off in the rocket equation,
far below the 0.1 m/s to which published Δv budgets are given (spacenet.md §3.1)."""

NODE_OF_ORBIT = {
    OrbitKind.LLO: "llo",
    OrbitKind.KEPLERIAN: "llo",
    OrbitKind.NRHO: "nrho",
    OrbitKind.HALO: "nrho",
    OrbitKind.ELFO: "elfo",
}
"""Network node that stands for each kind of destination orbit."""


class Fate(StrEnum):
    """Where a payload element ends up, as far as the destination is concerned."""

    STAYS = "stays"
    """Arrives at the destination and stays there."""
    DEPARTS = "departs"
    """Arrives at the destination and leaves it again (after the crew's stay)."""
    NEVER_ARRIVES = "never_arrives"
    """Jettisoned in flight, or left at another node."""


def destination_node(scenario: Scenario, mission: Mission) -> str:
    """The network node of a mission's destination: ``surface`` for a site, else its orbit's."""
    return _node_of_destination(scenario, mission.destination)


def _node_of_destination(scenario: Scenario, place: str) -> str:
    if scenario.is_destination_site.get(place, False):
        return "surface"
    orbit = next(o for o in scenario.orbits if o.id == place)
    return NODE_OF_ORBIT[orbit.orbit_kind]


def place_node(scenario: Scenario, network: Network, place: str) -> str:
    """The network node a place flies from and to.

    A network node is itself; a site is ``surface``; an orbit is the node of its kind
    (:data:`NODE_OF_ORBIT`). A name that is both (QS1's ``llpo``) is the network node.
    Anything else is returned as is, and the network refuses it when a path is asked for.
    """
    if place in network.nodes or place not in scenario.is_destination_site:
        return place
    return _node_of_destination(scenario, place)


def element_fates(mission: Mission) -> dict[str, Fate]:
    """What becomes of each payload element, from the plan alone (no network needed)."""
    elements = mission.payload.elements
    if mission.flight is None:
        return dict.fromkeys(elements, Fate.STAYS)
    start = mission.flight.start
    where = dict.fromkeys(elements, start)
    reached: set[str] = set()
    here = start
    for step in mission.flight.steps:
        if not isinstance(step, TransportStep):
            continue
        group = step.elements or tuple(e for e in elements if where[e] == here)
        dropped = {
            i.stage for burn in step.burns or () for i in burn if not isinstance(i, BurnFire)
        }
        for element_id in group:
            where[element_id] = JETTISONED if element_id in dropped else step.transport
            if where[element_id] == mission.destination:
                reached.add(element_id)
        here = step.transport
    fates = {}
    for element_id in elements:
        if element_id not in reached:
            fates[element_id] = Fate.NEVER_ARRIVES
        elif where[element_id] == mission.destination:
            fates[element_id] = Fate.STAYS
        else:
            fates[element_id] = Fate.DEPARTS
    return fates


@dataclass(frozen=True)
class Parked:
    """An element waiting somewhere between missions, as the last mission left it."""

    vehicle: Vehicle
    place: str
    """A network node, site or orbit id."""
    since: datetime
    """When it got there (UTC)."""


@dataclass(frozen=True)
class Arrival:
    """An element as it reached its mission's destination (the end of that transport)."""

    dry_mass_kg: float
    """Dry mass with its stores' contents, kg."""
    propellant_kg: float
    """Propellant left in its tanks, kg."""
    contents_kg: Mapping[str, float]
    """What it carried in (crew, cargo, samples), by item, kg."""

    @property
    def mass_kg(self) -> float:
        """Dry mass, stores and propellant left — the element's own mass, without contents, kg."""
        return self.dry_mass_kg + self.propellant_kg


@dataclass(frozen=True)
class Leg:
    """One transport of a flight: the Δv its path needs and how it went."""

    step: int
    origin: str
    destination: str
    elements: tuple[str, ...]
    edges: tuple[Edge, ...]
    """The network path flown (each edge with the source of its figures)."""
    delta_v_required_m_s: float
    missing_delta_v_m_s: float
    """Δv not gained in all, m/s: what firing elements fell short by plus what nothing
    could fire (``unpropelled_delta_v_m_s``)."""
    spare_delta_v_m_s: float
    """Δv the leg's firing elements could still give on arrival (main tanks, or the
    thrusters when none of them has a main engine), m/s. When every element that fired
    was dropped inside the leg's burns, the spare of the stack that made the last burn,
    just before the drop."""
    missing_propellant_kg: float
    """Extra propellant to load at the start of the leg to close the gap (estimate), kg."""
    fired: tuple[str, ...]
    unpropelled_delta_v_m_s: float = 0.0
    """Δv of the leg's burns that no element in the stack had an engine for, m/s
    (``NO_PROPULSION``: nothing declared flies it)."""

    @property
    def propelled(self) -> bool:
        """Whether the leg needs Δv and some element fired for it."""
        return self.delta_v_required_m_s > 0 and bool(self.fired)

    @property
    def short_delta_v_m_s(self) -> float:
        """Δv the firing elements fell short by (their tanks ran dry), m/s; 0 within
        :data:`SHORT_TOLERANCE_M_S`."""
        short = self.missing_delta_v_m_s - self.unpropelled_delta_v_m_s
        return short if short > SHORT_TOLERANCE_M_S else 0.0

    @property
    def margin_m_s(self) -> float:
        """Spare Δv on arrival, or minus the Δv the firing elements fell short by, m/s."""
        short = self.short_delta_v_m_s
        return -short if short > 0 else self.spare_delta_v_m_s


@dataclass
class Flight:
    """A flown plan: each leg, each action's record and where every element ended."""

    legs: list[Leg] = field(default_factory=list)
    actions: list[tuple[int, Record]] = field(default_factory=list)
    """(plan step, record) for every burn, staging and move, in order."""
    locations: dict[str, str] = field(default_factory=dict)
    """Where each element is after the last action: a network node, a site or orbit id,
    or :data:`JETTISONED`."""
    vehicles: dict[str, Vehicle] = field(default_factory=dict)
    """The elements as they ended: tanks and contents after the last action."""
    start_propellant_kg: dict[str, float] = field(default_factory=dict)
    """Propellant each element held when the flight began (at launch, or where it was
    picked up), kg."""
    arrivals: dict[str, Arrival] = field(default_factory=dict)
    """The elements that reached the mission's destination, as they arrived (the first
    time a transport ended there)."""
    unloaded: list[tuple[str, str, float]] = field(default_factory=list)
    """(place, item, kg) of everything unloaded out of the stack, in order."""

    @property
    def tightest(self) -> Leg | None:
        """The leg with the smallest Δv margin among the legs some element fired for."""
        flown = [leg for leg in self.legs if leg.propelled]
        return min(flown, key=lambda leg: leg.margin_m_s) if flown else None

    @property
    def unpropelled_legs(self) -> list[Leg]:
        """Legs with Δv that no element in the stack had an engine for."""
        return [leg for leg in self.legs if leg.unpropelled_delta_v_m_s > SHORT_TOLERANCE_M_S]

    def burned_kg(self, element_id: str) -> float:
        """Propellant ``element_id`` burned over the whole flight, kg."""
        return self.start_propellant_kg[element_id] - self.vehicles[element_id].propellant_kg

    def burned_before_arrival_kg(self, element_id: str) -> float:
        """Propellant ``element_id`` burned until it reached the destination, kg (its whole
        flight's when it never did)."""
        arrival = self.arrivals.get(element_id)
        if arrival is None:
            return self.burned_kg(element_id)
        return self.start_propellant_kg[element_id] - arrival.propellant_kg


def vehicle_of(element: Element) -> Vehicle:
    """An element as a :class:`Vehicle`: dry mass plus stores, main and attitude tanks."""
    propulsion = element.propulsion
    tanks: dict[str, Tank] = {}
    if propulsion is not None:
        if propulsion.isp_s is not None:
            tanks["main"] = Tank(propulsion.main_kg, propulsion.isp_s)
        thrusters = propulsion.attitude
        if thrusters is not None:
            shared = "main" if thrusters.shared else None
            tanks["attitude"] = Tank(thrusters.loaded_kg, thrusters.isp_s, shared)
    propellant = propulsion.loaded_kg if propulsion is not None else 0.0
    return Vehicle(element.id, element.launch_mass_kg - propellant, tanks)


def crew_mass_kg(scenario: Scenario, mission: Mission) -> float:
    """Mass of the mission's crew, kg (``constants.crew_member_mass_kg`` each)."""
    return mission.crew * scenario.constants.crew_member_mass_kg


def launched_vehicles(scenario: Scenario, mission: Mission) -> dict[str, Vehicle]:
    """The payload as launched: its elements, with the crew and cargo aboard."""
    vehicles = {e: vehicle_of(scenario.element(e)) for e in mission.payload.elements}
    if not vehicles:
        return vehicles
    plan = mission.flight
    first = next(iter(vehicles))
    if mission.crew and mission.crew_transfer_from is None:
        seats = [e for e in vehicles if scenario.element(e).crew_capacity > 0]
        crew_in = plan.crew_in if plan and plan.crew_in else (seats[0] if seats else first)
        vehicles[crew_in].contents_kg["crew"] = crew_mass_kg(scenario, mission)
    cargo_in = vehicles[plan.cargo_in if plan and plan.cargo_in else first].contents_kg
    for item in mission.payload.cargo:
        cargo_in[item.resource] = cargo_in.get(item.resource, 0.0) + item.mass_kg
    return vehicles


def fly_mission(
    scenario: Scenario,
    mission: Mission,
    network: Network,
    waiting: Mapping[str, Parked] | None = None,
) -> Flight:
    """Fly ``mission``'s plan (or the default plan) through ``network``.

    ``waiting``: elements already somewhere (left by earlier missions or there from the
    start), of which the plan takes on those in ``mission.picks_up``; they are copied, so
    ``waiting`` is not changed.

    Raises:
        PlanError: a node the network does not know, a burn-stage sequence whose length
            differs from the path's burns, an element asked to act where it is not, or an
            element to pick up that is not waiting anywhere.
    """
    vehicles = launched_vehicles(scenario, mission)
    plan = mission.flight
    start = plan.start if plan is not None else "tli"
    flight = Flight(locations=dict.fromkeys(vehicles, start), vehicles=vehicles)
    for element_id in mission.picks_up:
        parked = (waiting or {}).get(element_id)
        if parked is None:
            raise PlanError(f"{element_id!r} is to be picked up but is not waiting anywhere")
        flight.vehicles[element_id] = copy.deepcopy(parked.vehicle)
        flight.locations[element_id] = parked.place
    flight.start_propellant_kg.update(
        {name: vehicle.propellant_kg for name, vehicle in flight.vehicles.items()}
    )
    steps = plan.steps if plan is not None else (TransportStep(transport=mission.destination),)
    here = start
    for index, step in enumerate(steps):
        try:
            if isinstance(step, MoveStep):
                _move(scenario, mission, flight, index, step, here)
                continue
            here = _transport(scenario, mission, flight, index, step, here, network)
        except (FlightError, DataError, PlanError) as error:
            raise PlanError(f"step {index + 1}: {error}") from None
    return flight


def _transport(
    scenario: Scenario,
    mission: Mission,
    flight: Flight,
    index: int,
    step: TransportStep,
    here: str,
    network: Network,
) -> str:
    g0 = scenario.constants.standard_gravity_m_s2
    locations = flight.locations
    picked = set(mission.picks_up)
    target = step.transport
    group = step.elements or tuple(
        e for e, at in locations.items() if at == here and e not in picked
    )
    origins = {locations[e] for e in group}
    if len(origins) > 1 or JETTISONED in origins:
        where = ", ".join(f"{e} at {locations[e]}" for e in group)
        raise FlightError(f"the elements of a transport must fly from one place ({where})")
    origin = origins.pop() if origins else here
    start_node, end_node = (place_node(scenario, network, p) for p in (origin, target))
    path = () if origin == target else network.path(start_node, end_node)
    burns = [(edge, burn) for edge in path for burn in edge.burns]
    stack = Stack({e: flight.vehicles[e] for e in group})
    initial_kg = stack.mass_kg
    if step.burns is not None:
        if len(step.burns) != len(burns):
            raise PlanError(
                f"the path {' > '.join([origin, *(e.destination for e in path)])} has "
                f"{len(burns)} burn(s) but the plan gives {len(step.burns)} burn-stage sequence(s)"
            )
        sequences = [
            tuple(
                item.fire if isinstance(item, BurnFire) else Staging(item.stage) for item in items
            )
            for items in step.burns
        ]
    else:
        sequences = [tuple(group)] * len(burns)
    actions = [
        Burn(burn.delta_v_m_s, sequence, burn.tank, f"{edge.origin}>{edge.destination}")
        for (edge, burn), sequence in zip(burns, sequences, strict=True)
    ]
    records = fly(stack, actions, g0)
    flight.actions.extend((index, record) for record in records)
    for element_id in group:
        locations[element_id] = target if element_id in stack.vehicles else JETTISONED
    if target == mission.destination:
        for name, vehicle in stack.vehicles.items():
            flight.arrivals.setdefault(
                name,
                Arrival(vehicle.dry_mass_kg, vehicle.propellant_kg, dict(vehicle.contents_kg)),
            )
    fired = tuple(dict.fromkeys(name for record in records for name in record.vehicles))
    missing = sum(record.missing_delta_v_m_s for record in records)
    unpropelled = sum(
        r.missing_delta_v_m_s for r in records if r.action == "burn" and not r.vehicles
    )
    short = missing - unpropelled
    isp = _last_isp(flight.vehicles, fired or group)
    flight.legs.append(
        Leg(
            step=index,
            origin=origin,
            destination=target,
            elements=tuple(group),
            edges=path,
            delta_v_required_m_s=sum(burn.delta_v_m_s for _, burn in burns),
            missing_delta_v_m_s=missing,
            spare_delta_v_m_s=_leg_spare(stack, group, fired, records, g0),
            missing_propellant_kg=(
                initial_kg * math.expm1(short / (isp * g0)) if short > 0 and isp else 0.0
            ),
            fired=fired,
            unpropelled_delta_v_m_s=unpropelled,
        )
    )
    return target


def _leg_spare(
    stack: Stack, group: Sequence[str], fired: Sequence[str], records: Sequence[Record], g0: float
) -> float:
    """Δv the leg's firing elements have left on arrival, m/s.

    Main tanks, or the thrusters when none of them has a main engine (a crew module's
    entry corrections). When every element that fired was dropped inside the burns (a
    stage jettisoned at the end of its last burn), the spare of the stack that made the
    last burn, as the kernel recorded it just before the drop.
    """
    firing = [name for name in fired if name in stack.vehicles]
    if not firing and fired:
        last = next(r for r in reversed(records) if r.action == "burn" and r.vehicles)
        return float(last.spare_delta_v_m_s)
    firing = firing or [name for name in group if name in stack.vehicles]
    has_main = any("main" in stack.vehicles[name].tanks for name in firing)
    return float(spare_delta_v(stack, firing, "main" if has_main else "attitude", g0))


def _last_isp(vehicles: Mapping[str, Vehicle], names: Sequence[str]) -> float | None:
    for name in reversed(names):
        engine = vehicles[name].engine("main") or vehicles[name].engine("attitude")
        if engine is not None:
            return engine[1]
    return None


def _move(
    scenario: Scenario, mission: Mission, flight: Flight, index: int, step: MoveStep, here: str
) -> None:
    ends = [e for e in (step.out_of, step.into) if e is not None]
    places = {flight.locations[e] for e in ends}
    if len(places) > 1 or JETTISONED in places:
        where = ", ".join(f"{e} at {flight.locations[e]}" for e in ends)
        raise FlightError(f"a move needs both elements in one place ({where})")
    place = places.pop() if places else here
    mass = step.mass_kg
    if mass is None and step.out_of is None:  # the crew boarding from another mission
        mass = crew_mass_kg(scenario, mission)
    stack = Stack({e: v for e, v in flight.vehicles.items() if flight.locations[e] == place})
    (record,) = fly(stack, [Move(step.move, step.out_of, step.into, mass)])
    flight.actions.append((index, record))
    if step.into is None:
        flight.unloaded.append((place, step.move, record.dropped_kg))


__all__ = [
    "JETTISONED",
    "NODE_OF_ORBIT",
    "SHORT_TOLERANCE_M_S",
    "Arrival",
    "Fate",
    "Flight",
    "Leg",
    "Parked",
    "PlanError",
    "crew_mass_kg",
    "destination_node",
    "element_fates",
    "fly_mission",
    "launched_vehicles",
    "place_node",
    "vehicle_of",
]
