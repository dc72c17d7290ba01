"""The programme timeline: what launches when, what arrives where and with what mass.

This is the first engine of every run. It turns the missions into dated events, crew
stays and the delivery schedule — the one table the station engine (what is on the
surface, what cargo arrived) and the ledger (mass delivered) read. To know what arrives
and with what mass, it flies the campaign mission by mission through the transfer
network (:mod:`lunarstation.logistics.fleet`): an element arrives with its dry mass, its
stores and the propellant left in its tanks; the propellant burned on the way is
reported beside it, and elements that leave again are not mass delivered. The logistics
engine reads the same flights (``TimelineOutput.flights``) for its Δv margins and
findings, so the figures of both engines come from one flight per mission.

Launch margins compare the payload's launch mass with the launch vehicle's published
capacity to trans-lunar injection (or LEO when the plan starts there).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pandas as pd

from lunarstation.engine import EngineInputs, EngineResult, RunContext, SummaryModel
from lunarstation.findings import Finding, Severity
from lunarstation.logistics.fleet import (
    MissionFlight,
    fly_campaign,
    partner_totals,
    stays,
)
from lunarstation.logistics.flight import crew_mass_kg
from lunarstation.logistics.network import Edge, Network, default_network
from lunarstation.scenario import Mission, MissionOutcome, Scenario

ENGINE = "timeline"

MASS_BASIS = (
    "arrival mass of what stays at its destination: dry mass with stores, propellant left "
    "on arrival, and cargo unloaded there (propellant burned on the way and elements that "
    "leave again are not counted)"
)
"""What ``mass delivered`` counts, in words (the summary and the ledger state it)."""

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

    ``deliveries``: one row per element or cargo resource arriving at a mission's
    destination (or in place from the start), columns
    :data:`~lunarstation.logistics.fleet.DELIVERY_COLUMNS`:
    ``time`` and ``departure`` UTC (``departure`` NaT: it stays); ``mass_kg`` the arrival
    mass, kg (element: dry mass with stores plus ``propellant_kg`` left in its tanks;
    cargo: what is unloaded there); ``burned_propellant_kg`` what the element burned
    from launch (or pick-up) to arrival, kg; ``mass_source`` ``flown``, ``launch`` (the
    plan cannot be flown) or ``declared`` (``initial_location``). Mass delivered is
    ``mass_kg`` of the rows with no departure.

    ``crew_stays``: columns :data:`CREW_STAY_COLUMNS` (``start``/``end`` UTC, ``crew``
    people); ``launch_checks``: each mission's payload against its launcher, by mission
    id; ``flights``: each mission's flight in the campaign, by mission id.
    """

    deliveries: pd.DataFrame
    crew_stays: pd.DataFrame
    launch_checks: Mapping[str, LaunchCheck]
    flights: Mapping[str, MissionFlight]


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


class MissionMass(SummaryModel):
    """Where one mission's launch mass goes: delivered, leaving again, burned."""

    mission: str
    launched_kg: float
    """Launch mass of the payload (elements, cargo, crew launched), kg."""
    delivered_kg: float
    """Arrival mass of what arrives at the destination and stays, kg (0 for a failed mission)."""
    leaves_again_kg: float
    """Arrival mass of what arrives at the destination and leaves it again, kg."""
    propellant_burned_before_arrival_kg: float
    """Propellant burned from launch until the elements reached the destination, kg."""
    propellant_burned_kg: float
    """Propellant burned over the whole flight (return legs included), kg."""


class TimelineSummary(SummaryModel):
    """``summary.json["timeline"]``: stages, missions per partner, launch margins, masses."""

    stages: list[StageSummary]
    missions_by_partner: dict[str, int]
    """Missions each partner takes part in (every partner listed)."""
    mass_basis: str
    """What mass delivered counts (the arrival mass of what stays; see MASS_BASIS)."""
    mass_delivered_by_partner_kg: dict[str, float]
    """Arrival mass of the elements each partner owns and of the cargo of the missions it
    leads that arrive at their destinations and stay there, kg (failed missions deliver
    nothing)."""
    propellant_burned_by_partner_kg: dict[str, float]
    """Propellant the partner's elements burned in the campaign's flights (failed
    missions' not counted), kg."""
    mass_by_mission: list[MissionMass]
    launch_margins: list[LaunchMargin]


class TimelineEngine:
    """Programme timeline, delivery schedule, crew stays and launch-capacity margins.

    ``network``: the transfer network the campaign is flown through (default: the
    shipped one); a scenario's ``network:`` additions are added to it.
    ``transfer_edges``: where the LLO ↔ NRHO edges come from when the scenario sets
    ``options.logistics.transfer_dv: orbits`` — a pure function of the scenario (the
    orbits layer sits above this one and its engine requires this one, so the caller,
    ``simulate.default_engines``, injects ``orbits.network_link.transfer_edges``).
    """

    name = ENGINE
    requires: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()

    def __init__(
        self,
        network: Network | None = None,
        transfer_edges: Callable[[Scenario], Sequence[Edge]] | None = None,
    ) -> None:
        self.network = network if network is not None else default_network()
        self.transfer_edges = transfer_edges

    def network_for(self, scenario: Scenario) -> Network:
        """The network this scenario is flown through (orbit transfer edges when asked)."""
        if scenario.options.logistics.transfer_dv != "orbits" or self.transfer_edges is None:
            return self.network
        return self.network.with_additions((), self.transfer_edges(scenario))

    def fingerprint(self, scenario: Scenario) -> object:
        """What the timeline reads: the programme and the transfer network, never the
        sites' skylines or the options."""
        fingerprint: dict[str, object] = {
            "programme": _programme_fingerprint(scenario),
            "network": [
                [e.origin, e.destination, [[b.delta_v_m_s, b.tank] for b in e.burns], e.days]
                for e in self.network.edges
            ],
        }
        if scenario.options.logistics.transfer_dv == "orbits":
            # The orbit edges follow from the orbits (in the programme) and the start.
            fingerprint["transfer_dv"] = ["orbits", self.transfer_edges is not None,
                                          scenario.start.isoformat()]  # fmt: skip
        return fingerprint

    def run(self, scenario: Scenario, context: RunContext, inputs: EngineInputs) -> EngineResult:
        """Build the timeline of ``scenario`` (no inputs: this engine comes first)."""
        del context, inputs
        missions = sorted(scenario.missions, key=lambda m: (m.launch, m.id))
        checks = {m.id: launch_check(scenario, m) for m in missions}
        campaign = fly_campaign(scenario, self.network_for(scenario))
        deliveries = campaign.deliveries
        findings = tuple(_findings(scenario, missions, checks))
        return EngineResult(
            engine=ENGINE,
            output=TimelineOutput(deliveries, _crew_stays(missions), checks, campaign.flights),
            summary=_summary(scenario, missions, checks, deliveries, campaign.flights),
            tables={
                "events": _events(scenario, missions, checks),
                "deliveries": deliveries,
                "elements_by_site": _elements_by_site(deliveries),
            },
            findings=findings,
            highlights=_highlights(missions, deliveries, campaign.flights),
        )


def _programme_fingerprint(scenario: Scenario) -> object:
    keys = ("constants", "network", "partners", "stages", "sites", "orbits", "resources",
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
    flights: Mapping[str, MissionFlight],
) -> TimelineSummary:
    per_stage: defaultdict[str, list[Mission]] = defaultdict(list)
    for mission in missions:
        stage = scenario.mission_stage(mission)
        if stage is not None:
            per_stage[stage.id].append(mission)
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
    partners = [p.id for p in scenario.partners]
    return TimelineSummary(
        stages=stages,
        missions_by_partner={p: missions_by_partner.get(p, 0) for p in partners},
        mass_basis=MASS_BASIS,
        mass_delivered_by_partner_kg=partner_totals(stays(deliveries), "mass_kg", partners),
        propellant_burned_by_partner_kg=propellant_burned_by_partner_kg(scenario, flights),
        mass_by_mission=_mass_by_mission(missions, checks, deliveries, flights),
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


def propellant_burned_by_partner_kg(
    scenario: Scenario, flights: Mapping[str, MissionFlight]
) -> dict[str, float]:
    """Propellant each partner's elements burned in the campaign, kg (every partner listed;
    failed missions and plans that cannot be flown count nothing)."""
    burned = dict.fromkeys((p.id for p in scenario.partners), 0.0)
    for mission in scenario.missions:
        flight = flights.get(mission.id)
        if flight is None or mission.outcome is MissionOutcome.FAILURE:
            continue
        for element_id, kg in flight.burned_kg.items():
            partner = scenario.element(element_id).partner
            burned[partner] = burned.get(partner, 0.0) + kg
    return burned


def _mass_by_mission(
    missions: list[Mission],
    checks: Mapping[str, LaunchCheck],
    deliveries: pd.DataFrame,
    flights: Mapping[str, MissionFlight],
) -> list[MissionMass]:
    leaving = deliveries["departure"].notna()
    delivered = deliveries[~leaving].groupby("mission")["mass_kg"].sum()
    leaves_again = deliveries[leaving].groupby("mission")["mass_kg"].sum()
    budgets = []
    for mission in missions:
        flight = flights.get(mission.id)
        counted = flight is not None and mission.outcome is not MissionOutcome.FAILURE
        budgets.append(
            MissionMass(
                mission=mission.id,
                launched_kg=checks[mission.id].payload_kg,
                delivered_kg=float(delivered.get(mission.id, 0.0)),
                leaves_again_kg=float(leaves_again.get(mission.id, 0.0)),
                propellant_burned_before_arrival_kg=(
                    flight.propellant_burned_before_arrival_kg if counted and flight else 0.0
                ),
                propellant_burned_kg=flight.propellant_burned_kg if counted and flight else 0.0,
            )
        )
    return budgets


def _highlights(
    missions: list[Mission], deliveries: pd.DataFrame, flights: Mapping[str, MissionFlight]
) -> tuple[str, ...]:
    if not missions:
        return ("No missions in the scenario.",)
    crewed = [m for m in missions if m.crew > 0]
    first: datetime = missions[0].launch
    last: datetime = missions[-1].launch
    delivered_t = stays(deliveries)["mass_kg"].sum() / 1000
    leaving_t = deliveries.loc[deliveries["departure"].notna(), "mass_kg"].sum() / 1000
    burned_t = (
        sum(
            flights[m.id].propellant_burned_before_arrival_kg
            for m in missions
            if m.id in flights and m.outcome is not MissionOutcome.FAILURE
        )
        / 1000
    )
    lines = [
        f"{len(missions)} missions by {len({p for m in missions for p in m.partners})} partners, "
        f"{first:%Y-%m-%d} to {last:%Y-%m-%d}; {delivered_t:,.1f} t delivered (arrival mass "
        f"of what stays), {burned_t:,.1f} t of propellant burned on the way, {leaving_t:,.1f} t "
        "arriving and leaving again.",
    ]
    if crewed:
        lines.append(
            f"{len(crewed)} crewed missions, first on {crewed[0].launch:%Y-%m-%d} "
            f"({sum(m.crew for m in crewed if m.crew_transfer_from is None)} crew seats "
            "launched in all)."
        )
    return tuple(lines)
