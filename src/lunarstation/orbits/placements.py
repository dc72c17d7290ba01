"""Which element is in which orbit, when, and doing what.

Two sources, in this order of precedence:

1. the scenario's ``placements`` (explicit spans: they replace every span the missions
   imply for that element);
2. the timeline's deliveries: an element whose mission's destination is an orbit is in
   that orbit from its arrival to its departure (or the end of the run).

The role follows the placement's ``role`` or else the element's kind: a relay satellite
relays, an orbital station module is an orbital station, anything else waits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from lunarstation.logistics.timeline import TimelineOutput
from lunarstation.scenario import ElementKind, PlacementRole, Scenario


@dataclass(frozen=True)
class Span:
    """One element in one orbit from ``start`` to ``end`` (aware UTC datetimes)."""

    element: str
    orbit: str
    role: PlacementRole
    start: datetime
    end: datetime
    source: str
    """``placements`` (declared) or ``timeline`` (from a mission's arrival)."""


def default_role(scenario: Scenario, element: str) -> PlacementRole:
    """The role an element's kind implies."""
    kind = scenario.element(element).kind
    if kind is ElementKind.RELAY_SATELLITE:
        return PlacementRole.RELAY
    if kind is ElementKind.ORBITAL_STATION_MODULE:
        return PlacementRole.ORBITAL_STATION
    return PlacementRole.WAITING


def resolve_spans(scenario: Scenario, timeline: TimelineOutput | None) -> list[Span]:
    """Every element's spans in orbits within the run, declared ones first, sorted by start."""
    first, last = scenario.start, scenario.end
    spans: list[Span] = []
    declared = {p.element for p in scenario.placements}
    for placement in scenario.placements:
        start = max(placement.start or first, first)
        end = min(placement.end or last, last)
        role = placement.role or default_role(scenario, placement.element)
        if end > start:
            spans.append(Span(placement.element, placement.orbit, role, start, end, "placements"))
    if timeline is not None:
        rows = timeline.deliveries
        rows = rows[(rows["destination_type"] == "orbit") & (rows["item_type"] == "element")]
        for row in rows.itertuples(index=False):
            if row.item in declared or row.destination not in scenario.by_id["orbits"]:
                continue
            start = max(pd.Timestamp(row.time).to_pydatetime(), first)  # type: ignore[arg-type]
            departure: Any = row.departure
            end = last if pd.isna(departure) else min(pd.Timestamp(departure).to_pydatetime(), last)
            if end > start:
                role = default_role(scenario, str(row.item))
                spans.append(
                    Span(str(row.item), str(row.destination), role, start, end, "timeline")
                )
    return sorted(spans, key=lambda s: (s.start, s.element))


__all__ = ["Span", "default_role", "resolve_spans"]
