"""Assembly order and design life: does each element arrive where what it needs is already there?

Rules (until scenarios declare dependencies explicitly):

* an element that consumes power and generates none (no array, no steady source, not a
  power plant) needs a power source at its site by its arrival — on the same mission or
  earlier (``ASSEMBLY_ORDER``);
* a docking target must be in place when the arriving vehicle gets there
  (``ASSEMBLY_ORDER``);
* an element whose design life ends before the campaign does is retired then (the station
  engine stops its loads and generation), which the planner should replace
  (``DESIGN_LIFE_EXCEEDED``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

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
    items = [str(item) for item in elements["item"]]
    arrival = dict(zip(items, (pd.Timestamp(t) for t in elements["time"]), strict=True))
    site_of = dict(zip(items, (str(d) for d in elements["destination"]), strict=True))
    on_surface = set(elements.loc[elements["destination_type"] == "site", "item"].astype(str))
    for element_id in (item for item in items if item in on_surface):
        element, when = scenario.element(element_id), arrival[element_id]
        if element.power.nominal_w <= 0 or generates_power(element):
            continue
        sources = [
            other for other, other_when in arrival.items()
            if site_of[other] == site_of[element_id] and other_when <= when
            and generates_power(scenario.element(other))
        ]  # fmt: skip
        if not sources:
            yield Finding(
                Severity.WARNING, "ASSEMBLY_ORDER", element.id, when.to_pydatetime(),
                f"{element.name} arrives at {site_of[element_id]} on {when:%Y-%m-%d} needing "
                f"{element.power.nominal_w:,.0f} W, but no power source is there yet.",
                ENGINE,
            )  # fmt: skip
    yield from _dockings(scenario, arrival)
    yield from _design_life(scenario, arrival)


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


__all__ = ["assembly_findings", "generates_power"]
