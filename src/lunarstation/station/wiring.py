"""A site's power connections as the station reads them: which ones carry power.

A ``power`` connection (``missions[].connections``) joins two elements of a site from the
connecting mission's arrival; a failed mission's connections are never made. It carries
power when both ends offer the same interface (catalog ids or aliases), when a converter
of the interop catalog (built-in plus the scenario's ``interop`` additions) joins them, or
when a side declares no power interface (no evidence against it: the interop engine
warns INTERFACE_UNVERIFIED). Two declared buses with no converter, or an id the catalog
does not know, carry nothing (the interop engine reports POWER_INTERFACE_MISMATCH or
INTERFACE_UNKNOWN).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from lunarstation.interop.catalog import Catalog, UnknownReferenceError, load_catalog
from lunarstation.interop.resources import check_category
from lunarstation.scenario import Scenario
from lunarstation.scenario.hardware import Element
from lunarstation.scenario.missions import ConnectionKind, MissionOutcome


@dataclass(frozen=True)
class PowerLink:
    """A power connection declared at the site, as the station reads it.

    ``status`` is the interop verdict on the two power interfaces (``compatible``,
    ``converter``, ``incompatible``, ``unknown`` when a side declares none, or
    ``unknown_interface`` for an id not in the catalog); the link conducts from step
    ``start`` (the connecting mission's arrival) when :attr:`carries`.
    """

    mission: str
    a: str
    b: str
    start: int
    arrival: datetime
    """The connecting mission's arrival: when the connection is made."""
    status: str
    converter: str | None
    reason: str

    @property
    def carries(self) -> bool:
        """Whether power flows: the same bus, a catalogued converter, or no evidence
        against it (a side declares no power interface)."""
        return self.status in ("compatible", "converter", "unknown")


def power_wired(scenario: Scenario, present: set[str]) -> set[str]:
    """Elements at the site named in a power connection between two of them."""
    return {
        end
        for mission in scenario.missions
        for c in mission.connections
        if ConnectionKind.POWER in c.kinds and {c.a, c.b} <= present
        for end in (c.a, c.b)
    }


def power_links(
    scenario: Scenario, present: set[str], utc: pd.DatetimeIndex, catalog: Catalog | None = None
) -> list[PowerLink]:
    """The power connections between elements in ``present``, judged on their buses.

    Connections of a failed mission are never made. Two different power interfaces need
    a converter of ``catalog`` (default: built-in plus the scenario's additions, loaded
    only when both ends of some connection declare a power interface).

    Raises:
        DataError: the scenario's interop additions are malformed (when loaded).
    """
    loaded: list[Catalog] = [] if catalog is None else [catalog]

    def the_catalog() -> Catalog:
        if not loaded:
            additions = scenario.interop.model_dump(mode="json", exclude_defaults=True)
            loaded.append(load_catalog(additions))
        return loaded[0]

    links = []
    for mission in scenario.missions:
        if mission.outcome is MissionOutcome.FAILURE:
            continue
        for c in mission.connections:
            if ConnectionKind.POWER not in c.kinds or not {c.a, c.b} <= present:
                continue
            a, b = scenario.element(c.a), scenario.element(c.b)
            status, converter, reason = _power_verdict(the_catalog, a, b)
            links.append(
                PowerLink(mission.id, a.id, b.id, _index(utc, mission.arrival),
                          mission.arrival, status, converter, reason)
            )  # fmt: skip
    return links


def _power_verdict(
    catalog: Callable[[], Catalog], a: Element, b: Element
) -> tuple[str, str | None, str]:
    ids_a, ids_b = a.interfaces.power, b.interfaces.power
    if not ids_a or not ids_b:
        missing = "either side" if not ids_a and not ids_b else (a.id if not ids_a else b.id)
        return "unknown", None, f"no power interface declared by {missing}"
    try:
        verdict = check_category(catalog(), "power", ids_a, ids_b, labels=(a.id, b.id))
    except UnknownReferenceError as error:
        return "unknown_interface", None, str(error)
    converter = None if verdict.converter is None else verdict.converter.id
    return verdict.status, converter, verdict.reason


def _index(utc: pd.DatetimeIndex, moment: datetime) -> int:
    return int(utc.searchsorted(pd.Timestamp(moment), side="left"))


__all__ = ["PowerLink", "power_links", "power_wired"]
