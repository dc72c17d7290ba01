"""The programme timeline: what launches when, what arrives where, and launch capacity margins.

This is the first engine of every run. It needs no physics: it reads the
missions and turns them into dated events, a delivery schedule (the table the
station engine reads to know what is on the surface and what cargo arrived)
and crew stays. Launch margins here compare the payload with the launch
vehicle's published capacity to trans-lunar injection; the transport engine
refines them leg by leg.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pandas as pd

from lunarstation.engine import EngineInputs, EngineResult, RunContext, SummaryModel
from lunarstation.findings import Finding, Severity
from lunarstation.logistics.flight import Fate, crew_mass_kg, element_fates
from lunarstation.scenario import Element, ElementKind, Mission, MissionOutcome, Scenario

ENGINE = "timeline"

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
)
CREW_STAY_COLUMNS = ("mission", "destination", "start", "end", "crew")


ORBIT_NAMES = {"tli": "trans-lunar injection", "leo": "low Earth orbit", "earth": "Earth's surface"}


@dataclass(frozen=True)
class LaunchCheck:
    """A mission's payload against its launch vehicle's capacity to where it leaves it."""

    payload_kg: float
    capacity_kg: float | None
    """Capacity to ``orbit``, kg; None when the vehicle has none published."""
    orbit: str = "tli"
    """Where the launch vehicle leaves the payload: ``tli`` or ``leo`` (the plan's start);
    ``earth`` when the plan flies the ascent itself, stage by stage (no capacity check)."""

    @property
    def margin_kg(self) -> float | None:
        """Capacity minus payload, kg (negative: over capacity)."""
        return None if self.capacity_kg is None else self.capacity_kg - self.payload_kg


def payload_mass_kg(scenario: Scenario, mission: Mission) -> float:
    """Launch mass of a mission's payload: elements (wet), cargo and the crew launched, kg."""
    elements = sum(scenario.element(e).launch_mass_kg for e in mission.payload.elements)
    crew = crew_mass_kg(scenario, mission) if mission.crew_transfer_from is None else 0.0
    return elements + sum(item.mass_kg for item in mission.payload.cargo) + crew


def launch_check(scenario: Scenario, mission: Mission) -> LaunchCheck:
    """Compare a mission's payload with its launch vehicle's capacity to TLI (or to LEO
    when the mission's flight plan starts there)."""
    vehicle = scenario.launch_vehicle(mission.launch_vehicle)
    start = mission.flight.start if mission.flight is not None else "tli"
    if start == "earth":  # the rocket's stages are payload elements: the plan flies the ascent
        return LaunchCheck(payload_mass_kg(scenario, mission), None, "earth")
    if start == "leo":
        return LaunchCheck(payload_mass_kg(scenario, mission), vehicle.payload_leo_kg, "leo")
    return LaunchCheck(payload_mass_kg(scenario, mission), vehicle.payload_tli_kg)


@dataclass(frozen=True)
class TimelineOutput:
    """What the timeline hands downstream (station, logistics, ledger engines).

    ``deliveries``: one row per element or cargo item arriving, columns
    :data:`DELIVERY_COLUMNS` (``time`` and ``departure`` UTC, ``mass_kg`` kg);
    ``crew_stays``: columns :data:`CREW_STAY_COLUMNS` (``start``/``end`` UTC, ``crew``
    people); ``launch_checks``: each mission's payload against its launcher, by mission id.
    """

    deliveries: pd.DataFrame
    crew_stays: pd.DataFrame
    launch_checks: Mapping[str, LaunchCheck]


class StageSummary(SummaryModel):
    """One stage of the programme and the missions that launch in it."""

    id: str
    name: str
    start: date
    end: date
    missions: list[str]
    partners: list[str]
    """Partners taking part in the stage's missions, sorted by id."""


class LaunchMargin(SummaryModel):
    """A mission's payload against its launch vehicle's capacity."""

    mission: str
    launch: datetime
    launch_vehicle: str
    payload_kg: float
    """Launch mass of the payload: elements (wet), cargo and crew, kg."""
    capacity_kg: float | None
    """The vehicle's published capacity to ``capacity_to``, kg; null when none is published."""
    capacity_to: str
    """Where the launcher leaves the payload: ``tli``, ``leo`` or ``earth`` (ascent flown)."""
    margin_kg: float | None
    """Capacity − payload, kg (negative: over capacity)."""


class TimelineSummary(SummaryModel):
    """``summary.json["timeline"]``: stages, missions per partner, launch margins."""

    stages: list[StageSummary]
    missions_by_partner: dict[str, int]
    """Missions each partner takes part in (every partner listed)."""
    mass_delivered_by_partner_kg: dict[str, float]
    """Mass of the elements each partner owns and the cargo of the missions it leads that
    arrive at their destinations, kg (failed missions deliver nothing)."""
    launch_margins: list[LaunchMargin]


class TimelineEngine:
    """Programme timeline, delivery schedule, crew stays and launch-capacity margins."""

    name = ENGINE
    requires: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()

    def fingerprint(self, scenario: Scenario) -> object:
        """What the timeline reads: the programme, never the sites' skylines or options."""
        return _programme_fingerprint(scenario)

    def run(self, scenario: Scenario, context: RunContext, inputs: EngineInputs) -> EngineResult:
        """Build the timeline of ``scenario`` (no inputs: this engine comes first)."""
        del context, inputs
        missions = sorted(scenario.missions, key=lambda m: (m.launch, m.id))
        checks = {m.id: launch_check(scenario, m) for m in missions}
        deliveries = _deliveries(scenario, missions)
        findings = tuple(_findings(scenario, missions, checks))
        return EngineResult(
            engine=ENGINE,
            output=TimelineOutput(deliveries, _crew_stays(missions), checks),
            summary=_summary(scenario, missions, checks, deliveries),
            tables={
                "events": _events(scenario, missions, checks),
                "deliveries": deliveries,
                "elements_by_site": _elements_by_site(deliveries),
            },
            findings=findings,
            highlights=_highlights(scenario, missions, deliveries),
        )


def _programme_fingerprint(scenario: Scenario) -> object:
    keys = ("constants", "partners", "stages", "sites", "orbits", "resources",
            "launch_vehicles", "elements", "missions", "experiments")  # fmt: skip
    return scenario.model_dump(mode="json", include=set(keys))


def _kind(scenario: Scenario, destination: str) -> str:
    return "site" if scenario.is_destination_site.get(destination, False) else "orbit"


def _events(
    scenario: Scenario, missions: list[Mission], checks: Mapping[str, LaunchCheck]
) -> pd.DataFrame:
    rows: list[dict[str, object]] = []
    for mission in missions:
        stage = scenario.mission_stage(mission)
        common = {
            "mission": mission.id,
            "stage": stage.id if stage else "",
            "partners": ";".join(mission.partners),
            "launch_vehicle": mission.launch_vehicle,
            "destination": mission.destination,
            "destination_type": _kind(scenario, mission.destination),
            "outcome": mission.outcome.value,
            "crew": mission.crew,
            "elements": ";".join(mission.payload.elements),
            "payload_mass_kg": checks[mission.id].payload_kg,
            "launch_capacity_kg": checks[mission.id].capacity_kg,
            "launch_margin_kg": checks[mission.id].margin_kg,
        }
        rows.append({"time": mission.launch, "event": "launch", **common})
        if mission.outcome is not MissionOutcome.FAILURE:
            rows.append({"time": mission.arrival, "event": "arrival", **common})
            if mission.surface_days is not None:
                departure = mission.arrival + timedelta(days=mission.surface_days)
                rows.append({"time": departure, "event": "crew_departure", **common})
    frame = pd.DataFrame(rows)
    if frame.empty:
        return pd.DataFrame(columns=["time", "event", "mission"])
    frame["time"] = pd.to_datetime(frame["time"], utc=True)
    return frame.sort_values(["time", "mission", "event"], kind="stable").reset_index(drop=True)


def _deliveries(scenario: Scenario, missions: list[Mission]) -> pd.DataFrame:
    rows: list[tuple[object, ...]] = []
    for mission in missions:
        if mission.outcome is MissionOutcome.FAILURE:
            continue
        kind = _kind(scenario, mission.destination)
        fates = element_fates(mission)
        for element_id in mission.payload.elements:
            if fates[element_id] is Fate.NEVER_ARRIVES:
                continue
            element = scenario.element(element_id)
            rows.append(
                (mission.arrival, mission.id, mission.destination, kind, "element", element_id,
                 element.partner, element.launch_mass_kg,
                 _departure(mission, element, fates[element_id]))
            )  # fmt: skip
        for item in mission.payload.cargo:
            rows.append(
                (mission.arrival, mission.id, mission.destination, kind, "cargo", item.resource,
                 mission.lead_partner, item.mass_kg, None)
            )  # fmt: skip
    frame = pd.DataFrame(rows, columns=list(DELIVERY_COLUMNS))
    frame["time"] = pd.to_datetime(frame["time"], utc=True)
    frame["departure"] = pd.to_datetime(frame["departure"], utc=True)
    frame["mass_kg"] = frame["mass_kg"].astype(float)
    return frame


def _departure(mission: Mission, element: Element, fate: Fate) -> datetime | None:
    """When an element leaves the destination again (None: it stays).

    With a flight plan, the elements the plan flies away; without one, the crew vehicles.
    They leave at the end of the crew's stay (at once for an uncrewed mission).
    """
    if mission.flight is not None:
        leaves = fate is Fate.DEPARTS
    else:
        leaves = element.kind is ElementKind.CREW_VEHICLE and mission.surface_days is not None
    if not leaves:
        return None
    return mission.arrival + timedelta(days=mission.surface_days or 0.0)


def _crew_stays(missions: list[Mission]) -> pd.DataFrame:
    rows = [
        (m.id, m.destination, m.arrival, m.arrival + timedelta(days=m.surface_days), m.crew)
        for m in missions
        if m.surface_days is not None and m.outcome is not MissionOutcome.FAILURE
    ]
    frame = pd.DataFrame(rows, columns=list(CREW_STAY_COLUMNS))
    for column in ("start", "end"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def _elements_by_site(deliveries: pd.DataFrame) -> pd.DataFrame:
    """Cumulative number of elements at each destination after each arrival date."""
    elements = deliveries[deliveries["item_type"] == "element"]
    if elements.empty:
        return pd.DataFrame(index=pd.DatetimeIndex([], tz=UTC, name="time"))
    counts = elements.groupby(["time", "destination"]).size().unstack(fill_value=0)
    table = counts.sort_index().cumsum()
    table.index.name = "time"
    table.columns.name = None
    return table


def _at_launch(mission: Mission, severity: Severity, code: str, message: str) -> Finding:
    """A finding about a mission, dated at its launch."""
    return Finding(severity, code, mission.id, mission.launch, message, ENGINE)


def _findings(
    scenario: Scenario, missions: list[Mission], checks: Mapping[str, LaunchCheck]
) -> Iterator[Finding]:
    for mission in missions:
        vehicle = scenario.launch_vehicle(mission.launch_vehicle)
        check = checks[mission.id]
        orbit = ORBIT_NAMES[check.orbit]
        if check.orbit == "earth":
            pass  # ascent flown stage by stage: the logistics engine checks its Δv
        elif check.margin_kg is None:
            yield _at_launch(mission, Severity.ERROR, "LAUNCH_NO_LUNAR_CAPACITY",
                f"{vehicle.name} has no published payload to {orbit}, so it cannot "
                f"send the {check.payload_kg:,.0f} kg payload of {mission.name} to the Moon.")  # fmt: skip
        elif check.margin_kg < 0:
            yield _at_launch(mission, Severity.ERROR, "LAUNCH_OVERMASS",
                f"{mission.name}: payload {check.payload_kg:,.0f} kg exceeds {vehicle.name}'s "
                f"{check.capacity_kg:,.0f} kg to {orbit} by {-check.margin_kg:,.0f} kg.")  # fmt: skip
        if vehicle.first_flight is not None and mission.launch.date() < vehicle.first_flight:
            yield _at_launch(mission, Severity.WARNING, "LAUNCH_BEFORE_FIRST_FLIGHT",
                f"{mission.name} launches on {mission.launch:%Y-%m-%d}, before {vehicle.name}'s "
                f"first flight planned for {vehicle.first_flight}.")  # fmt: skip
        for partner in (scenario.partner(p) for p in mission.partners):
            if partner.joined > mission.launch.date():
                yield _at_launch(mission, Severity.INFO, "PARTNER_NOT_YET_JOINED",
                    f"{partner.name} takes part in {mission.name} ({mission.launch:%Y-%m-%d}) "
                    f"before joining the programme on {partner.joined}.")  # fmt: skip
        if mission.outcome is MissionOutcome.FAILURE:
            yield _at_launch(mission, Severity.INFO, "MISSION_FAILED",
                f"{mission.name} is recorded as failed: its payload "
                f"({', '.join(mission.payload.elements) or 'cargo only'}) is not delivered.")  # fmt: skip


def _summary(
    scenario: Scenario,
    missions: list[Mission],
    checks: Mapping[str, LaunchCheck],
    deliveries: pd.DataFrame,
) -> TimelineSummary:
    per_stage: dict[str, list[Mission]] = defaultdict(list)
    for mission in missions:
        stage = scenario.mission_stage(mission)
        per_stage[stage.id if stage else ""].append(mission)
    stages = [
        StageSummary(
            id=stage.id,
            name=stage.name,
            start=stage.start,
            end=stage.end,
            missions=[m.id for m in per_stage[stage.id]],
            partners=sorted({p for m in per_stage[stage.id] for p in m.partners}),
        )
        for stage in scenario.stages
    ]
    missions_by_partner = Counter(p for m in missions for p in m.partners)
    mass = deliveries.groupby("partner")["mass_kg"].sum() if not deliveries.empty else pd.Series()
    return TimelineSummary(
        stages=stages,
        missions_by_partner={p.id: missions_by_partner.get(p.id, 0) for p in scenario.partners},
        mass_delivered_by_partner_kg={p.id: float(mass.get(p.id, 0.0)) for p in scenario.partners},
        launch_margins=[
            LaunchMargin(
                mission=m.id,
                launch=m.launch.astimezone(UTC),
                launch_vehicle=m.launch_vehicle,
                payload_kg=checks[m.id].payload_kg,
                capacity_kg=checks[m.id].capacity_kg,
                capacity_to=checks[m.id].orbit,
                margin_kg=checks[m.id].margin_kg,
            )
            for m in missions
        ],
    )


def _highlights(
    scenario: Scenario, missions: list[Mission], deliveries: pd.DataFrame
) -> tuple[str, ...]:
    if not missions:
        return ("No missions in the scenario.",)
    crewed = [m for m in missions if m.crew > 0]
    first: datetime = missions[0].launch
    last: datetime = missions[-1].launch
    lines = [
        f"{len(missions)} missions by {len({p for m in missions for p in m.partners})} partners, "
        f"{first:%Y-%m-%d} to {last:%Y-%m-%d}; {deliveries['mass_kg'].sum() / 1000:,.1f} t delivered.",
    ]
    if crewed:
        lines.append(
            f"{len(crewed)} crewed missions, first on {crewed[0].launch:%Y-%m-%d} "
            f"({sum(m.crew for m in crewed if m.crew_transfer_from is None)} crew seats "
            "launched in all)."
        )
    return tuple(lines)
