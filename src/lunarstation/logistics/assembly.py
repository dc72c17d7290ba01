"""Assembly order and design life: does each element arrive where what it needs is already there?

Rules:

* an element's declared ``needs`` (named elements, a power source, a docking or berthing
  partner) must be at its destination when it arrives — delivered on the same mission or
  earlier and not yet departed (``ASSEMBLY_ORDER``, an error: the planner said so);
* an element without declared needs that consumes power and generates none (no array, no
  steady source, not a power plant) should find a power source at its site by its
  arrival (``ASSEMBLY_ORDER``, a warning: inferred);
* a docking target must be in place when the arriving vehicle gets there
  (``ASSEMBLY_ORDER``);
* an element whose design life ends before the campaign does is retired then (the station
  engine stops its loads and generation), which the planner should replace
  (``DESIGN_LIFE_EXCEEDED``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from itertools import accumulate

import pandas as pd

from lunarstation.constants import JULIAN_YEAR_S
from lunarstation.findings import Finding, Severity
from lunarstation.scenario import Element, ElementKind, Scenario

ENGINE = "logistics"


def generates_power(element: Element) -> bool:
    """True for power plants and elements with arrays or a steady source."""
    power = element.power
    return (
        element.kind is ElementKind.POWER_PLANT
        or power.solar_array is not None
        or power.steady_generation_w > 0
    )


def assembly_findings(scenario: Scenario, deliveries: pd.DataFrame) -> Iterator[Finding]:
    """ASSEMBLY_ORDER and DESIGN_LIFE_EXCEEDED findings from the delivery schedule.

    An element can arrive more than once (left in orbit, then flown on to a site): its
    needs are checked at every arrival.
    """
    elements = deliveries[deliveries["item_type"] == "element"]
    present = _Presence(elements)
    for stay in present.stays:
        element = scenario.element(stay.element)
        if element.needs is not None:
            yield from _declared_needs(scenario, element, stay, present)
        elif element.power.nominal_w > 0 and not generates_power(element):
            if not scenario.is_destination_site.get(stay.place, False):
                continue
            if not present.there(scenario, stay.place, stay.arrival, generates_power):
                yield Finding(
                    Severity.WARNING, "ASSEMBLY_ORDER", element.id, stay.arrival.to_pydatetime(),
                    f"{element.name} arrives at {stay.place} on {stay.arrival:%Y-%m-%d} needing "
                    f"{element.power.nominal_w:,.0f} W, but no power source is there yet.",
                    ENGINE,
                )  # fmt: skip
    yield from _dockings(scenario, present.arrival)
    yield from _design_life(scenario, present.arrival)


_NEVER = pd.Timestamp.max.tz_localize("UTC")


@dataclass(frozen=True)
class _Stay:
    """One element at one place, from its arrival until it leaves (never: ``_NEVER``)."""

    element: str
    place: str
    arrival: pd.Timestamp
    departure: pd.Timestamp

    def covers(self, when: pd.Timestamp) -> bool:
        """Whether the element is there at ``when`` (arriving then counts)."""
        return self.arrival <= when < self.departure


class _Presence:
    """Which element is where, from when to when, per the delivery schedule."""

    def __init__(self, elements: pd.DataFrame) -> None:
        self.stays = [
            _Stay(str(item), str(place), pd.Timestamp(arrival),
                  _NEVER if pd.isna(departure) else pd.Timestamp(departure))
            for item, place, arrival, departure in zip(
                elements["item"], elements["destination"], elements["time"],
                elements["departure"], strict=True,
            )
        ]  # fmt: skip
        self.by_element: dict[str, list[_Stay]] = {}
        self.by_place: dict[str, list[_Stay]] = {}
        for stay in self.stays:
            self.by_element.setdefault(stay.element, []).append(stay)
            self.by_place.setdefault(stay.place, []).append(stay)
        self.arrival = {e: stays[0].arrival for e, stays in self.by_element.items()}
        """Each element's first arrival anywhere."""
        self._cache: dict[tuple[str, object], tuple[list[pd.Timestamp], list[pd.Timestamp]]] = {}

    def present(self, element_id: str, place: str, when: pd.Timestamp) -> bool:
        """Whether ``element_id`` is at ``place`` at ``when`` (arriving then counts)."""
        return any(s.place == place and s.covers(when) for s in self.by_element.get(element_id, ()))

    def there(
        self, scenario: Scenario, place: str, when: pd.Timestamp, test: Callable[[Element], bool]
    ) -> bool:
        """Whether some element passing ``test`` is at ``place`` at ``when``."""
        arrivals, latest_departure = self._stays(scenario, place, test)
        count = bisect_right(arrivals, when)  # stays begun by ``when``
        return count > 0 and latest_departure[count - 1] > when

    def first_after(
        self, scenario: Scenario, place: str, when: pd.Timestamp, test: Callable[[Element], bool]
    ) -> pd.Timestamp | None:
        """The first later arrival at ``place`` of an element passing ``test``."""
        arrivals, _ = self._stays(scenario, place, test)
        index = bisect_right(arrivals, when)
        return arrivals[index] if index < len(arrivals) else None

    def _stays(
        self, scenario: Scenario, place: str, test: Callable[[Element], bool]
    ) -> tuple[list[pd.Timestamp], list[pd.Timestamp]]:
        """Arrivals at ``place`` of elements passing ``test``, sorted, and the running
        latest departure (so presence at any time is one bisection: linear campaigns stay
        linear however many elements wait for a power source)."""
        key = (place, test)
        if key not in self._cache:
            stays = sorted(
                (s.arrival, s.departure)
                for s in self.by_place.get(place, ())
                if test(scenario.element(s.element))
            )
            latest = list(accumulate((leave for _, leave in stays), max))
            self._cache[key] = ([arrive for arrive, _ in stays], latest)
        return self._cache[key]

    def whereabouts(self, element_id: str, place: str, when: pd.Timestamp) -> str:
        """Why ``element_id`` is not at ``place`` at ``when``, in words."""
        stays = self.by_element.get(element_id)
        if not stays:
            return "never delivered"
        here = [s for s in stays if s.place == place]
        if not here:
            return f"delivered to {stays[0].place}"
        later = [s for s in here if s.arrival > when]
        if later and all(s.arrival > when for s in here):
            return f"arrives {later[0].arrival:%Y-%m-%d}"
        left = max((s for s in here if s.arrival <= when), key=lambda s: s.departure)
        return f"left {left.departure:%Y-%m-%d}"


def has_mating_port(element: Element) -> bool:
    """True for elements with a docking or berthing port."""
    return bool(element.ports)


def _declared_needs(
    scenario: Scenario, element: Element, stay: _Stay, present: _Presence
) -> Iterator[Finding]:
    assert element.needs is not None
    when, place = stay.arrival, stay.place
    missing = [
        f"{need} ({present.whereabouts(need, place, when)})"
        for need in element.needs.elements
        if not present.present(need, place, when)
    ]
    kinds = (
        (element.needs.power_source, "a power source", generates_power),
        (element.needs.docking_partner, "a docking or berthing partner", has_mating_port),
    )
    for needed, label, test in kinds:
        if needed and not present.there(scenario, place, when, test):
            first = present.first_after(scenario, place, when, test)
            missing.append(
                f"{label} ({f'first arrives {first:%Y-%m-%d}' if first else 'none ever arrives'})"
            )
    if missing:
        yield Finding(
            Severity.ERROR, "ASSEMBLY_ORDER", element.id, when.to_pydatetime(),
            f"{element.name} arrives at {place} on {when:%Y-%m-%d} but needs what is not there "
            f"yet: {'; '.join(missing)}.",
            ENGINE,
        )  # fmt: skip


def _dockings(scenario: Scenario, arrival: dict[str, pd.Timestamp]) -> Iterator[Finding]:
    # The target may dock on its way (in lunar orbit before landing), so what must hold is
    # that it has been launched — by a mission that did not fail — when the vehicle arrives.
    launched = {
        element_id: pd.Timestamp(m.launch)
        for m in scenario.missions
        for element_id in m.payload.elements
        if element_id in arrival
    }
    for mission in scenario.missions:
        for docking in mission.dockings:
            target, vehicle = launched.get(docking.target), arrival.get(docking.vehicle)
            if vehicle is None:
                continue
            if target is None or target > vehicle:
                when = (
                    "is never delivered"
                    if target is None
                    else f"launches only on {target:%Y-%m-%d}"
                )
                yield Finding(
                    Severity.ERROR, "ASSEMBLY_ORDER", docking.vehicle, vehicle.to_pydatetime(),
                    f"{docking.vehicle} is to dock with {docking.target} on {vehicle:%Y-%m-%d}, "
                    f"but {docking.target} {when}.",
                    ENGINE,
                )  # fmt: skip


def _design_life(scenario: Scenario, arrival: dict[str, pd.Timestamp]) -> Iterator[Finding]:
    end = pd.Timestamp(scenario.end)
    for element_id, when in arrival.items():
        element = scenario.element(element_id)
        if element.design_life_years is None:
            continue
        retired = when + timedelta(seconds=element.design_life_years * JULIAN_YEAR_S)
        if retired < end:
            yield Finding(
                Severity.WARNING, "DESIGN_LIFE_EXCEEDED", element.id, retired.to_pydatetime(),
                f"{element.name} reaches the end of its {element.design_life_years:g}-year design "
                f"life on {retired:%Y-%m-%d}, before the campaign ends ({end:%Y-%m-%d}); the "
                "station engine retires it then.",
                ENGINE,
            )  # fmt: skip


__all__ = ["assembly_findings", "generates_power", "has_mating_port"]
