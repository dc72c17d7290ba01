"""Checks across entities: every reference resolves, nothing is delivered twice, dates fit.

The checks run on a field-valid :class:`Scenario` and return ``(path, message)``
pairs; the loader turns each path back into a file, line and column.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC
from typing import Any

from lunarstation.scenario.hardware import ElementKind
from lunarstation.scenario.messages import Problem, did_you_mean
from lunarstation.scenario.missions import BurnFire, Mission, TransportStep
from lunarstation.scenario.models import Scenario

CREW_CARRYING_KINDS = frozenset({ElementKind.CREW_VEHICLE})
"""Element kinds that can carry people between Earth and the Moon."""


def check_references(scenario: Scenario) -> list[Problem]:
    """Every cross-entity problem of the scenario, in file order."""
    problems: list[Problem] = []
    for check in (_owners, _element_parts, _missions, _experiments, _options, _science):
        problems.extend(check(scenario))
    return problems


def _ref(
    ids: Mapping[str, Any], value: str, path: tuple[str | int, ...], what: str
) -> Iterator[Problem]:
    if value not in ids:
        yield path, f"unknown {what} {value!r}; {did_you_mean(value, ids)}"


def _owners(scenario: Scenario) -> Iterator[Problem]:
    partners = scenario.by_id["partners"]
    for index, vehicle in enumerate(scenario.launch_vehicles):
        yield from _ref(partners, vehicle.partner, ("launch_vehicles", index, "partner"), "partner")
    for index, element in enumerate(scenario.elements):
        yield from _ref(partners, element.partner, ("elements", index, "partner"), "partner")
    for index, experiment in enumerate(scenario.experiments):
        yield from _ref(partners, experiment.partner, ("experiments", index, "partner"), "partner")


def _element_parts(scenario: Scenario) -> Iterator[Problem]:
    resources = scenario.by_id["resources"]
    elements = scenario.by_id["elements"]
    for index, element in enumerate(scenario.elements):
        for need_index, need in enumerate(element.needs.elements if element.needs else ()):
            need_path = ("elements", index, "needs", "elements", need_index)
            if need == element.id:
                yield need_path, f"element {need!r} cannot need itself"
            yield from _ref(elements, need, need_path, "element")
        for store_index, store in enumerate(element.stores):
            path = ("elements", index, "stores", store_index, "resource")
            yield from _ref(resources, store.resource, path, "resource")


def _missions(scenario: Scenario) -> Iterator[Problem]:
    delivered_by: dict[str, str] = {}
    for index, mission in enumerate(scenario.missions):
        yield from _mission_references(scenario, index, mission)
        for element_index, element_id in enumerate(mission.payload.elements):
            path = ("missions", index, "payload", "elements", element_index)
            if element_id in delivered_by:
                yield (
                    path,
                    (
                        f"element {element_id!r} is already delivered by mission "
                        f"{delivered_by[element_id]!r}; an element is delivered once "
                        "(define a second element for a second unit)"
                    ),
                )
            elif element_id in scenario.by_id["elements"]:
                delivered_by[element_id] = mission.id
        yield from _picks_up(scenario, index, mission)
        yield from _crew_vehicle(scenario, index, mission)
        yield from _dockings(scenario, index, mission)
        yield from _flight_plan(scenario, index, mission)
    yield from _initial_locations(scenario, delivered_by)


def _flying(mission: Mission) -> tuple[str, ...]:
    """The elements a mission flies: those it launches and those it picks up."""
    return (*mission.payload.elements, *mission.picks_up)


def _picks_up(scenario: Scenario, index: int, mission: Mission) -> Iterator[Problem]:
    """Each picked-up element exists and is already somewhere when the mission launches."""
    elements: Mapping[str, Any] = scenario.by_id["elements"]
    for pick_index, element_id in enumerate(mission.picks_up):
        path = ("missions", index, "picks_up", pick_index)
        if element_id not in elements:
            yield from _ref(elements, element_id, path, "element")
            continue
        if elements[element_id].initial_location is not None:
            continue
        earlier = [
            other.id
            for other in scenario.missions
            if element_id in other.payload.elements and other.launch < mission.launch
        ]
        if not earlier:
            yield (
                path,
                (
                    f"element {element_id!r} is neither launched by an earlier mission nor "
                    "given an initial_location, so there is nothing to pick up"
                ),
            )


def _initial_locations(scenario: Scenario, delivered_by: Mapping[str, str]) -> Iterator[Problem]:
    """An element already in place is at a site or orbit of the scenario and launched by no
    mission."""
    places: dict[str, object] = {**scenario.by_id["sites"], **scenario.by_id["orbits"]}
    places.update(dict.fromkeys(scenario.network.nodes))
    for index, element in enumerate(scenario.elements):
        where = element.initial_location
        if where is None:
            continue
        path = ("elements", index, "initial_location")
        yield from _ref(places, where.place, (*path, "place"), "site or orbit")
        if element.id in delivered_by:
            yield (
                path,
                (
                    f"element {element.id!r} is already in place from the start, yet mission "
                    f"{delivered_by[element.id]!r} launches it; give one or the other"
                ),
            )


def _mission_references(scenario: Scenario, index: int, mission: Mission) -> Iterator[Problem]:
    by_id = scenario.by_id
    for partner_index, partner in enumerate(mission.partners):
        yield from _ref(
            by_id["partners"], partner, ("missions", index, "partners", partner_index), "partner"
        )
    yield from _ref(
        by_id["launch_vehicles"],
        mission.launch_vehicle,
        ("missions", index, "launch_vehicle"),
        "launch vehicle",
    )
    destinations = {**by_id["sites"], **by_id["orbits"]}
    yield from _ref(
        destinations, mission.destination, ("missions", index, "destination"), "site or orbit"
    )
    for element_index, element_id in enumerate(mission.payload.elements):
        path = ("missions", index, "payload", "elements", element_index)
        yield from _ref(by_id["elements"], element_id, path, "element")
    for cargo_index, cargo in enumerate(mission.payload.cargo):
        cargo_path = ("missions", index, "payload", "cargo", cargo_index, "resource")
        yield from _ref(by_id["resources"], cargo.resource, cargo_path, "resource")
    if mission.crew_transfer_from is not None:
        transfer_path = ("missions", index, "crew_transfer_from")
        missions = {other.id: other for other in scenario.missions}
        source = missions.get(mission.crew_transfer_from)
        if source is None:
            yield from _ref(missions, mission.crew_transfer_from, transfer_path, "mission")
        elif source.crew < mission.crew:
            yield (
                transfer_path,
                (
                    f"mission {mission.crew_transfer_from!r} carries fewer than the {mission.crew} "
                    "crew said to transfer from it"
                ),
            )
    yield from _mission_stage(scenario, index, mission)


def _mission_stage(scenario: Scenario, index: int, mission: Mission) -> Iterator[Problem]:
    launch_day = mission.launch.astimezone(UTC).date()
    if mission.stage is not None:
        stages = {stage.id: stage for stage in scenario.stages}
        stage = stages.get(mission.stage)
        if stage is None:
            yield from _ref(stages, mission.stage, ("missions", index, "stage"), "stage")
            return
        start, end = stage.start, stage.end
        if not start <= launch_day <= end:
            yield (
                ("missions", index, "launch"),
                (
                    f"launch {launch_day} is outside stage {mission.stage!r} ({start} … {end}); "
                    "move the launch or name the stage whose span contains it"
                ),
            )
    elif scenario.stage_of(mission.launch) is None:
        spans = ", ".join(f"{s.id} {s.start}…{s.end}" for s in scenario.stages)
        yield (
            ("missions", index, "launch"),
            (f"launch {launch_day} falls outside every stage; stages are: {spans}"),
        )


def _crew_vehicle(scenario: Scenario, index: int, mission: Mission) -> Iterator[Problem]:
    if mission.crew == 0:
        return
    elements: Mapping[str, Any] = scenario.by_id["elements"]
    vehicles = [
        elements[e]
        for e in _flying(mission)
        if e in elements and elements[e].kind in CREW_CARRYING_KINDS
    ]
    seats = sum(vehicle.crew_capacity for vehicle in vehicles)
    if not vehicles:
        yield (
            ("missions", index, "crew"),
            (
                f"crewed mission (crew {mission.crew}) carries no crew_vehicle element; "
                "add one to payload.elements"
            ),
        )
    elif seats < mission.crew:
        yield (
            ("missions", index, "crew"),
            (f"crew {mission.crew} exceeds the {seats} seat(s) of the mission's crew vehicles"),
        )


def _dockings(scenario: Scenario, index: int, mission: Mission) -> Iterator[Problem]:
    elements: Mapping[str, Any] = scenario.by_id["elements"]
    for docking_index, docking in enumerate(mission.dockings):
        base = ("missions", index, "dockings", docking_index)
        if docking.vehicle not in _flying(mission):
            yield (
                (*base, "vehicle"),
                (
                    f"docking vehicle {docking.vehicle!r} is not in this mission's "
                    "payload.elements or picks_up"
                ),
            )
        for role, port_field in (("vehicle", "port"), ("target", "target_port")):
            element_id = getattr(docking, role)
            if element_id not in elements:
                yield from _ref(elements, element_id, (*base, role), "element")
                continue
            ports = {port.id: port for port in elements[element_id].ports}
            port_id = getattr(docking, port_field)
            if port_id not in ports:
                yield (
                    (*base, port_field),
                    (
                        f"element {element_id!r} has no port {port_id!r}; {did_you_mean(port_id, ports)}"
                    ),
                )
    for connection_index, connection in enumerate(mission.connections):
        for side in ("a", "b"):
            path = ("missions", index, "connections", connection_index, side)
            yield from _ref(elements, getattr(connection, side), path, "element")


def _flight_plan(scenario: Scenario, index: int, mission: Mission) -> Iterator[Problem]:
    """Every element a flight plan names is in the payload; firing elements have propulsion."""
    plan = mission.flight
    if plan is None:
        return
    base: tuple[str | int, ...] = ("missions", index, "flight")
    payload = dict.fromkeys(_flying(mission))
    elements = scenario.by_id["elements"]

    def payload_ref(value: str | None, path: tuple[str | int, ...]) -> Iterator[Problem]:
        if value is not None and value not in payload:
            yield path, (f"{value!r} is not in this mission's payload.elements or picks_up; "
                         f"{did_you_mean(value, payload)}")  # fmt: skip

    yield from payload_ref(plan.crew_in, (*base, "crew_in"))
    yield from payload_ref(plan.cargo_in, (*base, "cargo_in"))
    if plan.crew_in is not None and mission.crew == 0:
        yield (*base, "crew_in"), "crew_in is only meaningful for a crewed mission (crew > 0)"
    for step_index, step in enumerate(plan.steps):
        at = (*base, "steps", step_index)
        if not isinstance(step, TransportStep):
            yield from payload_ref(step.out_of, (*at, "out_of"))
            yield from payload_ref(step.into, (*at, "into"))
            continue
        for element_index, element_id in enumerate(step.elements or ()):
            yield from payload_ref(element_id, (*at, "elements", element_index))
        for burn_index, burn in enumerate(step.burns or ()):
            for item_index, item in enumerate(burn):
                path = (*at, "burns", burn_index, item_index)
                name = item.fire if isinstance(item, BurnFire) else item.stage
                if name not in payload:
                    yield from payload_ref(
                        name, (*path, "fire" if isinstance(item, BurnFire) else "stage")
                    )
                elif (
                    isinstance(item, BurnFire)
                    and name in elements
                    and scenario.element(name).propulsion is None
                ):
                    yield (*path, "fire"), f"element {name!r} has no propulsion to fire"


def _experiments(scenario: Scenario) -> Iterator[Problem]:
    destinations = {**scenario.by_id["sites"], **scenario.by_id["orbits"]}
    for index, experiment in enumerate(scenario.experiments):
        yield from _ref(
            destinations, experiment.location, ("experiments", index, "location"), "site or orbit"
        )
        if experiment.delivered_by is not None:
            path = ("experiments", index, "delivered_by")
            yield from _ref(scenario.by_id["missions"], experiment.delivered_by, path, "mission")


def _options(scenario: Scenario) -> Iterator[Problem]:
    """Radiators are declared for surface sites the scenario defines."""
    sites = scenario.by_id["sites"]
    for site_id in scenario.options.station.radiators:
        path = ("options", "station", "radiators", site_id)
        yield from _ref(sites, site_id, path, "surface site")


def _science(scenario: Scenario) -> Iterator[Problem]:
    """Science tasks name known partners, sites, elements and tasks, with no cycle of
    ``after``; ``science.shares`` names known partners."""
    partners, sites = scenario.by_id["partners"], scenario.by_id["sites"]
    tasks = {task.id: task for task in scenario.science.tasks}
    for partner_id in scenario.science.shares:
        yield from _ref(partners, partner_id, ("science", "shares", partner_id), "partner")
    for index, task in enumerate(scenario.science.tasks):
        path: tuple[str | int, ...] = ("science", "tasks", index)
        yield from _ref(partners, task.partner, (*path, "partner"), "partner")
        for k, interest in enumerate(task.interested):
            yield from _ref(
                partners, interest.partner, (*path, "interested", k, "partner"), "partner"
            )
        yield from _ref(sites, task.site, (*path, "site"), "surface site")
        if task.module is not None:
            yield from _ref(scenario.by_id["elements"], task.module, (*path, "module"), "element")
        for k, before in enumerate(task.after):
            yield from _ref(tasks, before, (*path, "after", k), "science task")
    seen: dict[str, int] = {}
    for index, task in enumerate(scenario.science.tasks):
        if task.id in seen:
            yield ("science", "tasks", index, "id"), f"task id {task.id!r} is used twice"
        seen.setdefault(task.id, index)
    for index, task in enumerate(scenario.science.tasks):
        if _in_cycle(task.id, tasks):
            yield (
                ("science", "tasks", index, "after"),
                (f"task {task.id!r} comes, through 'after', after itself"),
            )


def _in_cycle(start: str, tasks: Mapping[str, Any]) -> bool:
    """Whether following ``after`` from ``start`` comes back to it."""
    stack, seen = list(tasks[start].after), set()
    while stack:
        current = stack.pop()
        if current == start:
            return True
        if current in seen or current not in tasks:
            continue
        seen.add(current)
        stack.extend(tasks[current].after)
    return False
