"""The campaign flown mission by mission: where every element is between missions, what
arrives where, and with what mass.

Missions fly in launch order. Each starts from the state the earlier ones left: an
element a mission leaves somewhere (a lander waiting in NRHO for its crew, a module to
be flown on to its orbit) or one that is there from the start
(``elements[].initial_location``) waits with the propellant and contents it was left
with until a later mission picks it up (``missions[].picks_up``). A failed mission is
flown for its figures, but its payload is lost and nothing it would have moved moves.

The delivery schedule lists what arrives at each mission's destination (and what is in
place from the start), one row per element and per cargo resource:

* an element arrives with its **arrival mass**: dry mass with its stores, plus the
  propellant left in its tanks when the transport that reached the destination ended;
  what it burned on the way is ``burned_propellant_kg``, never part of the mass;
* cargo arrives as what is unloaded at the destination or stays aboard an element that
  stays there (without a flight plan: all of it);
* an element that leaves again has a ``departure``: one the plan flies away (the ascent
  stage, after the crew's stay), a crew vehicle of a mission without a plan (after the
  stay), or one a later mission picks up (at that mission's arrival). **Mass delivered**
  is the mass of the rows with no departure: what arrives and stays.

A plan that cannot be flown (``FLIGHT_PLAN_INVALID``) falls back on the plan alone
(:func:`~lunarstation.logistics.flight.element_fates`) and launch masses, marked
``mass_source = "launch"``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pandas as pd

from lunarstation.logistics.flight import (
    JETTISONED,
    Fate,
    Flight,
    Parked,
    PlanError,
    element_fates,
    fly_mission,
    vehicle_of,
)
from lunarstation.logistics.network import Edge, Network, NetworkBurn
from lunarstation.scenario import Element, ElementKind, Mission, MissionOutcome, Scenario
from lunarstation.scenario.hardware import InitialLocation

DELIVERY_COLUMNS = (
    "time",
    "mission",
    "destination",
    "destination_type",
    "item_type",
    "item",
    "partner",
    "mass_kg",
    "departure",
    "propellant_kg",
    "burned_propellant_kg",
    "mass_source",
)
"""Columns of the delivery schedule (see :class:`~lunarstation.logistics.timeline.TimelineOutput`)."""

MASS_SOURCES = ("flown", "launch", "declared")
"""``mass_kg`` of a row comes from the flight (``flown``), from the launch mass because the
plan cannot be flown (``launch``), or from the element's declared mass because it is in
place from the start (``declared``)."""


def scenario_network(scenario: Scenario, base: Network) -> Network:
    """``base`` with the scenario's own nodes and edges added (an edge with the same ends
    as a shipped one replaces it)."""
    extra = scenario.network
    if not extra.nodes and not extra.edges:
        return base
    edges = [
        Edge(e.origin, e.destination, tuple(NetworkBurn(b.delta_v_m_s, b.tank) for b in e.burns),
             e.days, e.source)
        for e in extra.edges
    ]  # fmt: skip
    return base.with_additions(extra.nodes, edges)


@dataclass(frozen=True)
class MissionFlight:
    """One mission's flight in the campaign: the flight, or why its plan cannot be flown."""

    mission: str
    flight: Flight | None
    """None when the plan cannot be flown (``plan_error``)."""
    plan_error: str | None = None
    burned_kg: Mapping[str, float] = field(default_factory=dict)
    """Propellant each element burned over the whole flight, kg."""
    burned_before_arrival_kg: Mapping[str, float] = field(default_factory=dict)
    """Propellant each element burned until it reached the destination, kg."""

    @classmethod
    def of(cls, mission_id: str, flight: Flight) -> MissionFlight:
        """A flown mission, with what each element burned."""
        return cls(
            mission_id,
            flight,
            burned_kg={e: flight.burned_kg(e) for e in flight.vehicles},
            burned_before_arrival_kg={
                e: flight.burned_before_arrival_kg(e) for e in flight.vehicles
            },
        )

    @property
    def propellant_burned_kg(self) -> float:
        """All propellant the flight burned, kg."""
        return sum(self.burned_kg.values())

    @property
    def propellant_burned_before_arrival_kg(self) -> float:
        """Propellant burned until the elements reached the destination, kg."""
        return sum(self.burned_before_arrival_kg.values())


@dataclass(frozen=True)
class CampaignFlights:
    """Every mission's flight, in launch order, and the delivery schedule they make."""

    flights: Mapping[str, MissionFlight]
    deliveries: pd.DataFrame
    """Columns :data:`DELIVERY_COLUMNS`, one row per arrival, in time order."""


def fly_campaign(scenario: Scenario, network: Network) -> CampaignFlights:
    """Fly every mission of ``scenario`` in launch order through ``network`` (the
    scenario's own additions included), carrying elements' state from one to the next."""
    network = scenario_network(scenario, network)
    campaign = _Campaign(scenario)
    flights = {
        mission.id: campaign.fly(mission, network)
        for mission in sorted(scenario.missions, key=lambda m: (m.launch, m.id))
    }
    return CampaignFlights(flights, campaign.deliveries())


class _Campaign:
    """Where each element is between missions, and the delivery rows so far."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.fleet: dict[str, Parked] = {}
        self.rows: list[dict[str, object]] = []
        self.open_row: dict[str, int] = {}
        """Element → index of its row with no departure yet."""
        for element in scenario.elements:
            if element.initial_location is not None:
                self._place_initially(element, element.initial_location)

    def _place_initially(self, element: Element, location: InitialLocation) -> None:
        """An element there from the start, at its declared (launch) mass."""
        place = location.place
        since = location.since or self.scenario.start
        self.fleet[element.id] = Parked(vehicle_of(element), place, since)
        if place in self.scenario.is_destination_site:
            propellant = element.propulsion.loaded_kg if element.propulsion else 0.0
            self._arrive(element.id, "", place, since, element.launch_mass_kg, propellant, 0.0,
                         "declared")  # fmt: skip

    def fly(self, mission: Mission, network: Network) -> MissionFlight:
        """Fly ``mission`` from the campaign's state; deliver and move on what it carries."""
        try:
            self._check_waiting(mission)
            flight = fly_mission(self.scenario, mission, network, self.fleet)
        except PlanError as error:
            if mission.outcome is not MissionOutcome.FAILURE:
                self._deliver_unflown(mission)
            return MissionFlight(mission.id, None, str(error))
        result = MissionFlight.of(mission.id, flight)
        if mission.outcome is not MissionOutcome.FAILURE:
            self._deliver(mission, flight)
        return result

    def _check_waiting(self, mission: Mission) -> None:
        for element_id in mission.picks_up:
            parked = self.fleet.get(element_id)
            if parked is None:
                raise PlanError(
                    f"{element_id!r} is not waiting anywhere when {mission.id} flies: no earlier "
                    "mission that did not fail left it somewhere, and it has no initial_location"
                )
            if parked.since > mission.arrival:
                raise PlanError(
                    f"{element_id!r} gets to {parked.place} only on {parked.since:%Y-%m-%d}, "
                    f"after {mission.id} arrives ({mission.arrival:%Y-%m-%d})"
                )

    # --- the delivery schedule -------------------------------------------
    def _arrive(
        self,
        item: str,
        mission: str,
        place: str,
        time: datetime,
        mass_kg: float,
        propellant_kg: float,
        burned_kg: float,
        source: str,
    ) -> None:
        if item in self.open_row:
            if self.rows[self.open_row[item]]["destination"] == place:
                return  # already there: it arrived earlier and has not left
            self._leave(item, str(self.rows[self.open_row[item]]["destination"]), time)
        self.open_row[item] = len(self.rows)
        self.rows.append(
            {"time": time, "mission": mission, "destination": place,
             "destination_type": self._kind(place), "item_type": "element", "item": item,
             "partner": self.scenario.element(item).partner, "mass_kg": mass_kg,
             "departure": None, "propellant_kg": propellant_kg,
             "burned_propellant_kg": burned_kg, "mass_source": source}
        )  # fmt: skip

    def _leave(self, item: str, place: str, time: datetime) -> None:
        index = self.open_row.pop(item, None)
        if index is not None and self.rows[index]["destination"] == place:
            self.rows[index]["departure"] = time

    def _cargo(self, mission: Mission, amounts: Mapping[str, float]) -> None:
        for resource, mass_kg in amounts.items():
            if mass_kg > 0:
                self.rows.append(
                    {"time": mission.arrival, "mission": mission.id,
                     "destination": mission.destination,
                     "destination_type": self._kind(mission.destination), "item_type": "cargo",
                     "item": resource, "partner": mission.lead_partner, "mass_kg": mass_kg,
                     "departure": None, "propellant_kg": 0.0, "burned_propellant_kg": 0.0,
                     "mass_source": "flown"}
                )  # fmt: skip

    def _kind(self, place: str) -> str:
        return "site" if self.scenario.is_destination_site.get(place, False) else "orbit"

    def deliveries(self) -> pd.DataFrame:
        frame = pd.DataFrame(self.rows, columns=list(DELIVERY_COLUMNS))
        frame["time"] = pd.to_datetime(frame["time"], utc=True)
        frame["departure"] = pd.to_datetime(frame["departure"], utc=True)
        for column in ("mass_kg", "propellant_kg", "burned_propellant_kg"):
            frame[column] = frame[column].astype(float)
        return frame.sort_values("time", kind="stable").reset_index(drop=True)

    # --- one mission ---------------------------------------------------
    def _deliver(self, mission: Mission, flight: Flight) -> None:
        stay_end = mission.arrival + timedelta(days=mission.surface_days or 0.0)
        for element_id in mission.picks_up:
            before = self.fleet[element_id]
            if flight.locations[element_id] != before.place:
                self._leave(element_id, before.place, mission.arrival)
        for element_id, arrival in flight.arrivals.items():
            self._arrive(element_id, mission.id, mission.destination, mission.arrival,
                         arrival.mass_kg, arrival.propellant_kg,
                         flight.burned_before_arrival_kg(element_id), "flown")  # fmt: skip
        for element_id in self._departing(mission, flight):
            self._leave(element_id, mission.destination, stay_end)
        self._cargo(mission, self._cargo_delivered(mission, flight))
        unplanned_departures = set() if mission.flight is not None else set(
            self._departing(mission, flight)
        )  # fmt: skip
        for element_id, vehicle in flight.vehicles.items():
            place = flight.locations[element_id]
            if place == JETTISONED or element_id in unplanned_departures:
                self.fleet.pop(element_id, None)
                continue
            # What flew on from the destination got to its place after the crew's stay;
            # what never reached the destination was left on the way.
            left_after_stay = element_id in flight.arrivals and place != mission.destination
            since = stay_end if left_after_stay else mission.arrival
            self.fleet[element_id] = Parked(vehicle, place, since)

    def _departing(self, mission: Mission, flight: Flight) -> Iterator[str]:
        """Elements that reach the destination and leave it again after the crew's stay."""
        for element_id in flight.arrivals:
            if mission.flight is not None:
                if flight.locations[element_id] != mission.destination:
                    yield element_id
            elif _leaves_with_crew(self.scenario.element(element_id), mission):
                yield element_id

    def _cargo_delivered(self, mission: Mission, flight: Flight) -> dict[str, float]:
        declared = {cargo.resource: 0.0 for cargo in mission.payload.cargo}
        for cargo in mission.payload.cargo:
            declared[cargo.resource] += cargo.mass_kg
        if mission.flight is None:
            return declared  # no plan: the cargo is unloaded where it lands
        delivered = dict.fromkeys(declared, 0.0)
        for place, item, mass_kg in flight.unloaded:
            if place == mission.destination and item in delivered:
                delivered[item] += mass_kg
        for element_id, vehicle in flight.vehicles.items():
            if flight.locations[element_id] == mission.destination:
                for item in delivered:
                    delivered[item] += vehicle.contents_kg.get(item, 0.0)
        return {item: min(mass, declared[item]) for item, mass in delivered.items()}

    def _deliver_unflown(self, mission: Mission) -> None:
        """A plan that cannot be flown: who arrives from the plan alone, at launch mass."""
        fates = element_fates(mission)
        stay_end = mission.arrival + timedelta(days=mission.surface_days or 0.0)
        for element_id in mission.payload.elements:
            if fates[element_id] is Fate.NEVER_ARRIVES:
                self.fleet.pop(element_id, None)
                continue
            element = self.scenario.element(element_id)
            propellant = element.propulsion.loaded_kg if element.propulsion else 0.0
            self._arrive(element_id, mission.id, mission.destination, mission.arrival,
                         element.launch_mass_kg, propellant, 0.0, "launch")  # fmt: skip
            if fates[element_id] is Fate.DEPARTS:
                self._leave(element_id, mission.destination, stay_end)
                self.fleet.pop(element_id, None)
            else:
                self.fleet[element_id] = Parked(
                    vehicle_of(element), mission.destination, mission.arrival
                )
        self._cargo(mission, {c.resource: c.mass_kg for c in mission.payload.cargo})


def _leaves_with_crew(element: Element, mission: Mission) -> bool:
    """Without a plan, the crew vehicles leave at the end of the crew's stay."""
    return element.kind is ElementKind.CREW_VEHICLE and mission.surface_days is not None


def stays(deliveries: pd.DataFrame) -> pd.DataFrame:
    """The rows of the delivery schedule that arrive and stay (no departure)."""
    return deliveries[deliveries["departure"].isna()]


def partner_totals(frame: pd.DataFrame, column: str, partners: Sequence[str]) -> dict[str, float]:
    """``column`` summed per partner, every partner listed (0 when it has no row)."""
    sums = frame.groupby("partner")[column].sum() if len(frame) else pd.Series(dtype=float)
    return {p: float(sums.get(p, 0.0)) for p in partners}


__all__ = [
    "DELIVERY_COLUMNS",
    "MASS_SOURCES",
    "CampaignFlights",
    "MissionFlight",
    "fly_campaign",
    "partner_totals",
    "scenario_network",
    "stays",
]
