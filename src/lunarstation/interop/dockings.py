"""Where and when dockings happen: both vehicles at one place, one vehicle per port at a time.

The timeline's delivery table (:class:`~lunarstation.logistics.timeline.TimelineOutput`;
the columns read are ``time``, ``mission``, ``destination``, ``item_type``, ``item`` and
``departure``) says where each element arrives and when it leaves again. A docking
happens when its vehicle arrives with the docking's mission, at the node or site where it
arrives, and lasts until the vehicle or its target leaves (or, for neither, to the end of
the simulation).

A target still in transit counts as at the docking's place when its mission's flown path
passes through that place's network node (``TimelineOutput.flights``): event times
inside a mission are not modelled, so a lander that waits three days in low lunar orbit
for its crew on the way to the surface (Lanyue for Mengzhou) is in that orbit for the
whole of its transfer. A target that has already arrived somewhere else is not.
Findings (severity error):

``DOCKING_PLACE_MISMATCH``
    the target is not at the vehicle's node or site at that moment (it arrives later, is
    elsewhere, has left, or is never delivered), or the vehicle never arrives;
``PORT_OCCUPIED``
    one of the two ports is held by another docking over that time.

A failed mission (``outcome: failure``) docks nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from lunarstation.findings import Severity
from lunarstation.logistics.fleet import MissionFlight
from lunarstation.logistics.flight import NODE_OF_ORBIT
from lunarstation.scenario import Docking, Mission, MissionOutcome, Scenario
from lunarstation.timegrid import iso_utc

Timed = tuple[Severity, str, str, str, datetime]
"""A finding before it is made: severity, code, subject, message, time."""


@dataclass(frozen=True)
class Stay:
    """An element at one node or site: from its arrival until it leaves (None: it stays)."""

    element: str
    mission: str
    place: str
    arrival: datetime
    departure: datetime | None

    def holds(self, moment: datetime) -> bool:
        """Whether the element is there at ``moment``."""
        return self.arrival <= moment and (self.departure is None or moment < self.departure)


@dataclass(frozen=True)
class Held:
    """A docking that took place: its two ports are held from ``start`` to ``end``."""

    mission: str
    docking: Docking
    place: str
    start: datetime
    end: datetime | None
    """When the vehicle or its target leaves (None: neither leaves)."""

    def ports(self) -> tuple[tuple[str, str], tuple[str, str]]:
        """The two ports it holds, as (element, port)."""
        d = self.docking
        return (d.target, d.target_port), (d.vehicle, d.port)

    def overlaps(self, later: Held) -> bool:
        """Whether this docking still holds its ports when ``later`` starts."""
        return self.start <= later.start and (self.end is None or later.start < self.end)


@dataclass(frozen=True)
class DockingSchedule:
    """Where each docking happens (``places[(mission, index)]``) and what went wrong."""

    places: Mapping[tuple[str, int], str]
    findings: tuple[Timed, ...]


def element_stays(deliveries: pd.DataFrame) -> dict[str, list[Stay]]:
    """Every element's stays from the delivery table, in order of arrival."""
    stays: dict[str, list[Stay]] = defaultdict(list)
    rows = deliveries[deliveries["item_type"] == "element"].sort_values("time", kind="stable")
    columns = (rows[name] for name in ("item", "mission", "destination", "time", "departure"))
    for item, mission, place, time, departure in zip(*columns, strict=True):
        arrival = _moment(time)
        if arrival is not None:
            stays[str(item)].append(Stay(str(item), str(mission), str(place), arrival,
                                         _moment(departure)))  # fmt: skip
    return dict(stays)


def _moment(value: Any) -> datetime | None:
    """A table's time as a UTC datetime (None for NaT)."""
    return None if pd.isna(value) else pd.Timestamp(value).to_pydatetime()


def _nodes_of(place: str, scenario: Scenario) -> set[str]:
    """The names a place goes by on a flown path: itself and its orbit's network node."""
    orbit = next((o for o in scenario.orbits if o.id == place), None)
    return {place} if orbit is None else {place, NODE_OF_ORBIT[orbit.orbit_kind]}


def in_transit_through(
    scenario: Scenario,
    flights: Mapping[str, MissionFlight],
    element: str,
    place: str,
    moment: datetime,
) -> Stay | None:
    """The element's transfer that passes through ``place`` at ``moment``, as a stay."""
    names = _nodes_of(place, scenario)
    for mission in scenario.missions:
        if element not in mission.payload.elements or mission.outcome is MissionOutcome.FAILURE:
            continue
        if not mission.launch <= moment < mission.arrival:
            continue
        flown = flights.get(mission.id)
        if flown is None or flown.flight is None:
            continue
        legs = flown.flight.legs
        path = {leg.origin for leg in legs} | {e.destination for leg in legs for e in leg.edges}
        if names & path:
            return Stay(element, mission.id, place, mission.launch, mission.arrival)
    return None


def schedule_dockings(
    scenario: Scenario,
    deliveries: pd.DataFrame,
    flights: Mapping[str, MissionFlight] | None = None,
) -> DockingSchedule:
    """Place every docking of every mission that flies, and check place and ports.

    ``flights``: each mission's flown path (the timeline's), for targets in transit.
    """
    stays = element_stays(deliveries)
    places: dict[tuple[str, int], str] = {}
    findings: list[Timed] = []
    held: list[Held] = []
    for mission in scenario.missions:
        if mission.outcome is MissionOutcome.FAILURE:
            continue
        for index, docking in enumerate(mission.dockings):
            own = next((s for s in stays.get(docking.vehicle, ()) if s.mission == mission.id), None)
            if own is None:
                findings.append(_never_arrives(mission, docking))
                continue
            places[(mission.id, index)] = own.place
            target = next((s for s in stays.get(docking.target, ()) if s.holds(own.arrival)), None)
            if target is None and flights is not None:
                target = in_transit_through(
                    scenario, flights, docking.target, own.place, own.arrival
                )
            if target is None or target.place != own.place:
                findings.append(_misplaced(scenario, mission, docking, own, stays, target))
                continue
            ends = [t for t in (own.departure, target.departure) if t is not None]
            held.append(Held(mission.id, docking, own.place, own.arrival, min(ends, default=None)))
    findings += _occupied(held)
    return DockingSchedule(places, tuple(findings))


def _never_arrives(mission: Mission, docking: Docking) -> Timed:
    message = (
        f"{docking.vehicle} never arrives with {mission.id} (its flight leaves it elsewhere), "
        f"so it cannot dock with {docking.target}"
    )
    return (Severity.ERROR, "DOCKING_PLACE_MISMATCH", docking.vehicle, message, mission.arrival)


def _misplaced(
    scenario: Scenario,
    mission: Mission,
    docking: Docking,
    own: Stay,
    stays: Mapping[str, Sequence[Stay]],
    found: Stay | None,
) -> Timed:
    when = iso_utc(own.arrival)
    target = docking.target
    message = (
        f"{docking.vehicle} ({mission.id}) is at {own.place} from {when}, but {target} is not "
        f"there then: {_whereabouts(scenario, target, stays.get(target, ()), own.arrival, found)}; "
        "two vehicles dock only at one node or site"
    )
    return (Severity.ERROR, "DOCKING_PLACE_MISMATCH", docking.vehicle, message, own.arrival)


def _whereabouts(
    scenario: Scenario,
    element: str,
    stays: Sequence[Stay],
    moment: datetime,
    found: Stay | None,
) -> str:
    """Where ``element`` is instead, in words."""
    if found is not None:
        return f"it is at {found.place} ({found.mission})"
    later = [s for s in stays if s.arrival > moment]
    if later:
        first = min(later, key=lambda s: s.arrival)
        return f"it arrives at {first.place} only on {iso_utc(first.arrival)} ({first.mission})"
    left = [s for s in stays if s.departure is not None and s.departure <= moment]
    if left:
        last = max(left, key=lambda s: s.arrival)
        return f"it left {last.place} on {iso_utc(last.departure or moment)} ({last.mission})"
    carriers = [m for m in scenario.missions if element in m.payload.elements]
    failed = [m.id for m in carriers if m.outcome is MissionOutcome.FAILURE]
    if failed:
        return f"its mission {failed[0]} is recorded as failed"
    return "no mission delivers it anywhere"


def _occupied(held: Iterable[Held]) -> list[Timed]:
    """PORT_OCCUPIED for each docking whose port another docking still holds."""
    findings: list[Timed] = []
    holders: dict[tuple[str, str], list[Held]] = defaultdict(list)
    for docking in sorted(held, key=lambda h: h.start):
        for port in docking.ports():
            busy = next((h for h in holders[port] if h.overlaps(docking)), None)
            if busy is not None:
                findings.append(_port_taken(port, busy, docking))
                break
        else:
            for port in docking.ports():
                holders[port].append(docking)
    return findings


def _port_taken(port: tuple[str, str], busy: Held, later: Held) -> Timed:
    element, port_id = port
    until = "on" if busy.end is None else f"until {iso_utc(busy.end)}"
    vehicle = later.docking.vehicle
    message = (
        f"{element} port {port_id} is held by {busy.docking.vehicle} docked to "
        f"{busy.docking.target} ({busy.mission}) from {iso_utc(busy.start)} {until}; "
        f"{vehicle} ({later.mission}) cannot dock there at {iso_utc(later.start)}: a port "
        "holds one vehicle at a time"
    )
    return (Severity.ERROR, "PORT_OCCUPIED", vehicle, message, later.start)
