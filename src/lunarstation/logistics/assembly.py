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
    """ASSEMBLY_ORDER and DESIGN_LIFE_EXCEEDED findings from the delivery schedule."""
    elements = deliveries[deliveries["item_type"] == "element"]
    present = _Presence(elements)
    for element_id in present.arrival:
        element = scenario.element(element_id)
        if element.needs is not None:
            yield from _declared_needs(scenario, element, present)
        elif element.power.nominal_w > 0 and not generates_power(element):
            if present.site_kind[element_id] != "site":
                continue
            when, site = present.arrival[element_id], present.place[element_id]
            if not present.there(scenario, site, when, generates_power):
                yield Finding(
                    Severity.WARNING, "ASSEMBLY_ORDER", element.id, when.to_pydatetime(),
                    f"{element.name} arrives at {site} on {when:%Y-%m-%d} needing "
                    f"{element.power.nominal_w:,.0f} W, but no power source is there yet.",
                    ENGINE,
                )  # fmt: skip
    yield from _dockings(scenario, present.arrival)
    yield from _design_life(scenario, present.arrival)


class _Presence:
    """Which element is where, from when to when, per the delivery schedule."""

    def __init__(self, elements: pd.DataFrame) -> None:
        items = [str(item) for item in elements["item"]]
        self.arrival = dict(zip(items, (pd.Timestamp(t) for t in elements["time"]), strict=True))
        self.departure = dict(
            zip(items, (None if pd.isna(t) else pd.Timestamp(t) for t in elements["departure"]),
                strict=True)
        )  # fmt: skip
        self.place = dict(zip(items, (str(d) for d in elements["destination"]), strict=True))
        self.site_kind = dict(zip(items, elements["destination_type"].astype(str), strict=True))
        self.by_place: dict[str, list[str]] = {}
        for element_id, place in self.place.items():
            self.by_place.setdefault(place, []).append(element_id)
        self._cache: dict[tuple[str, object], tuple[list[pd.Timestamp], list[pd.Timestamp]]] = {}

    def present(self, element_id: str, place: str, when: pd.Timestamp) -> bool:
        """Whether ``element_id`` is at ``place`` at ``when`` (arriving then counts)."""
        if self.place.get(element_id) != place or self.arrival[element_id] > when:
            return False
        leaves = self.departure[element_id]
        return leaves is None or leaves > when

    def there(
        self, scenario: Scenario, place: str, when: pd.Timestamp, test: Callable[[Element], bool]
    ) -> bool:
        """Whether some element passing ``test`` is at ``place`` at ``when``."""
        arrivals, latest_departure = self._stays(scenario, place, test)
        count = bisect_right(arrivals, when)  # elements arrived by ``when``
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
                (self.arrival[e], self.departure[e] or pd.Timestamp.max.tz_localize("UTC"))
                for e in self.by_place.get(place, ())
                if test(scenario.element(e))
            )
            latest = list(accumulate((leave for _, leave in stays), max))
            self._cache[key] = ([arrive for arrive, _ in stays], latest)
        return self._cache[key]


def has_mating_port(element: Element) -> bool:
    """True for elements with a docking or berthing port."""
    return bool(element.ports)


def _declared_needs(scenario: Scenario, element: Element, present: _Presence) -> Iterator[Finding]:
    assert element.needs is not None
    when, place = present.arrival[element.id], present.place[element.id]
    missing: list[str] = []
    for need in element.needs.elements:
        if present.present(need, place, when):
            continue
        if need not in present.arrival:
            missing.append(f"{need} (never delivered)")
        elif present.place[need] != place:
            missing.append(f"{need} (delivered to {present.place[need]})")
        elif present.arrival[need] > when:
            missing.append(f"{need} (arrives {present.arrival[need]:%Y-%m-%d})")
        else:
            missing.append(f"{need} (left {present.departure[need]:%Y-%m-%d})")
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
