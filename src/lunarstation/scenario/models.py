"""The scenario: one immutable description of a lunar station programme.

A :class:`Scenario` is what every engine reads. It is built by
:func:`lunarstation.scenario.loader.load_scenario` from one or several YAML
files, validated field by field (pydantic) and across entities
(:mod:`lunarstation.scenario.references`), and never changes afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time
from functools import cached_property
from typing import Annotated, Any, Literal, TypeVar

from pydantic import Field, PrivateAttr, model_validator

from lunarstation.constants import STANDARD_GRAVITY_M_S2
from lunarstation.scenario.base import Entity, Identifier, Model, UtcDateTime
from lunarstation.scenario.hardware import Element, LaunchVehicle, Resource
from lunarstation.scenario.missions import Experiment, Mission
from lunarstation.scenario.options import ScenarioOptions
from lunarstation.scenario.places import Orbit, Placement, SurfaceSite
from lunarstation.scenario.programme import Partner, Stage
from lunarstation.scenario.science import ScienceSection

EntityT = TypeVar("EntityT", bound=Entity)

COLLECTIONS: tuple[str, ...] = (
    "partners",
    "stages",
    "sites",
    "orbits",
    "resources",
    "launch_vehicles",
    "elements",
    "missions",
    "experiments",
)
"""Names of the entity collections, in the order a scenario file usually lists them."""


class ScenarioConstants(Model):
    """Physical constants a scenario may set to reproduce another tool's numbers."""

    standard_gravity_m_s2: Annotated[float, Field(gt=9.7, lt=9.9)] = STANDARD_GRAVITY_M_S2
    """g0 in the rocket equation, m/s² (9.80665 exact; SpaceNet uses 9.81)."""
    crew_member_mass_kg: Annotated[float, Field(gt=0.0, le=500.0)] = 100.0
    """Mass of one crew member with personal equipment, kg (SpaceNet QS1 uses 100 kg,
    shared/reference/spacenet.md §3.1)."""


class SimulationSettings(Model):
    """The time grid of a run. Defaults: the whole programme span, hourly."""

    start: UtcDateTime | None = None
    """First instant simulated (UTC); default: start of the first stage."""
    end: UtcDateTime | None = None
    """Last instant simulated (UTC); default: end of the last stage."""
    step_h: Annotated[float, Field(gt=0.0, le=720.0)] = 1.0
    """Time step, hours."""
    seed: Annotated[int, Field(ge=0)] = 0
    """Seed of the random generator for any stochastic engine."""

    @model_validator(mode="after")
    def _ordered(self) -> SimulationSettings:
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValueError("simulation end must be after simulation start")
        return self


CatalogRows = tuple[dict[str, Any], ...]


class InteropAdditions(Model):
    """Rows a scenario adds to the interface catalog, in the catalog's own YAML shape.

    The rows are checked by the interop engine against the catalog schema
    (``docs/interop.md``); here only the section names are fixed.
    """

    sources: dict[str, dict[str, Any]] = Field(default_factory=dict)
    """Source register entries by id, e.g. ``R90: {title: ..., kind: primary, url: ...}``."""
    families: CatalogRows = ()
    ports: CatalogRows = ()
    adapters: CatalogRows = ()
    pairings: CatalogRows = ()
    interfaces: CatalogRows = ()
    converters: CatalogRows = ()


class NetworkBurn(Model):
    """One burn of a transfer: Δv from the main or attitude tank."""

    delta_v_m_s: Annotated[float, Field(ge=0.0, le=20_000.0)]
    tank: Annotated[str, Field(pattern=r"^(main|attitude)$")] = "main"


class NetworkEdge(Model):
    """A transfer added to (or overriding, for the same origin and destination) the network."""

    origin: Identifier
    """Node id, e.g. 'tli', 'llo', 'nrho', 'elfo', 'surface', or a node the scenario adds."""
    destination: Identifier
    burns: Annotated[tuple[NetworkBurn, ...], Field(min_length=1)]
    days: Annotated[float, Field(ge=0.0, le=1000.0)]
    source: Annotated[str, Field(min_length=1)]
    """Where the figures come from (or 'ESTIMATE: ...')."""


class NetworkAdditions(Model):
    """Nodes and edges a scenario adds to the shipped transfer network (docs/logistics.md)."""

    nodes: tuple[Identifier, ...] = ()
    edges: tuple[NetworkEdge, ...] = ()


@dataclass(frozen=True)
class ScenarioSource:
    """One input a scenario was loaded from: its kind, its name and the SHA-256 of its bytes."""

    kind: Literal["builtin", "file", "text"]
    name: str
    """Built-in name, the path as given, or the name given to text (``<string>``)."""
    sha256: str


class Scenario(Model):
    """A lunar station programme: who, what, where, when."""

    _sources: tuple[ScenarioSource, ...] = PrivateAttr(default=())

    name: Identifier
    """Short name of the scenario, used for output folders."""
    title: str = ""
    description: str = ""
    constants: ScenarioConstants = ScenarioConstants()
    simulation: SimulationSettings = SimulationSettings()
    network: NetworkAdditions = NetworkAdditions()
    """Transfer-network nodes and edges to add or override (logistics engine)."""
    interop: InteropAdditions = InteropAdditions()
    """Extra interface-catalog rows (families, ports, adapters, pair records ...)."""
    options: ScenarioOptions = ScenarioOptions()
    """Modelling choices of the engines (station, interop, ledger); absent: the defaults.
    Overlaid files merge it key by key at every depth."""
    partners: tuple[Partner, ...] = ()
    stages: Annotated[tuple[Stage, ...], Field(min_length=1)]
    sites: tuple[SurfaceSite, ...] = ()
    orbits: tuple[Orbit, ...] = ()
    placements: tuple[Placement, ...] = ()
    """Elements in orbits for a span, beside those the missions put there (orbits engine)."""
    resources: tuple[Resource, ...] = ()
    launch_vehicles: tuple[LaunchVehicle, ...] = ()
    elements: tuple[Element, ...] = ()
    missions: tuple[Mission, ...] = ()
    experiments: tuple[Experiment, ...] = ()
    science: ScienceSection = ScienceSection()
    """Science tasks of mutual interest and the sharing policy (science engine)."""

    @property
    def sources(self) -> tuple[ScenarioSource, ...]:
        """The inputs this scenario was loaded from, in overlay order (empty when built in
        Python); the run's provenance records them."""
        return self._sources

    def model_copy(
        self, *, update: Mapping[str, Any] | None = None, deep: bool = False
    ) -> Scenario:
        """A copy with ``update`` applied; look-ups (``by_id``, …) are rebuilt for the copy.

        Pydantic copies the instance dictionary, cached look-ups included, so a copy with
        new missions would otherwise still find the old ones by id.
        """
        copy = super().model_copy(update=update, deep=deep)
        for cached in ("by_id", "is_destination_site"):
            copy.__dict__.pop(cached, None)
        return copy

    def with_sources(self, sources: tuple[ScenarioSource, ...]) -> Scenario:
        """This scenario, recording the inputs it was loaded from."""
        copy = self.model_copy()
        copy._sources = tuple(sources)
        return copy

    # --- look-ups ---------------------------------------------------------
    @cached_property
    def by_id(self) -> Mapping[str, Mapping[str, Entity]]:
        """Every collection as a mapping id → entity."""
        return {name: {item.id: item for item in getattr(self, name)} for name in COLLECTIONS}

    def partner(self, partner_id: str) -> Partner:
        """The partner with this id (KeyError if none)."""
        return _typed(self.by_id["partners"][partner_id], Partner)

    def element(self, element_id: str) -> Element:
        """The element with this id (KeyError if none)."""
        return _typed(self.by_id["elements"][element_id], Element)

    def launch_vehicle(self, vehicle_id: str) -> LaunchVehicle:
        """The launch vehicle with this id (KeyError if none)."""
        return _typed(self.by_id["launch_vehicles"][vehicle_id], LaunchVehicle)

    def mission(self, mission_id: str) -> Mission:
        """The mission with this id (KeyError if none)."""
        return _typed(self.by_id["missions"][mission_id], Mission)

    def stage_of(self, moment: datetime) -> Stage | None:
        """The first stage whose span contains this instant, or None."""
        day = moment.astimezone(UTC).date()
        return next((stage for stage in self.stages if stage.start <= day <= stage.end), None)

    def mission_stage(self, mission: Mission) -> Stage | None:
        """The mission's declared stage, or the stage containing its launch."""
        if mission.stage is not None:
            return _typed(self.by_id["stages"][mission.stage], Stage)
        return self.stage_of(mission.launch)

    # --- time span --------------------------------------------------------
    @property
    def start(self) -> datetime:
        """First simulated instant (UTC)."""
        if self.simulation.start is not None:
            return self.simulation.start
        return datetime.combine(min(s.start for s in self.stages), time(), tzinfo=UTC)

    @property
    def end(self) -> datetime:
        """Last simulated instant (UTC)."""
        if self.simulation.end is not None:
            return self.simulation.end
        return datetime.combine(max(s.end for s in self.stages), time(23), tzinfo=UTC)

    @cached_property
    def is_destination_site(self) -> Mapping[str, bool]:
        """For each destination id: True for a surface site, False for an orbit."""
        table = dict.fromkeys(self.by_id["sites"], True)
        table.update(dict.fromkeys(self.by_id["orbits"], False))
        return table


def _typed(item: Entity, kind: type[EntityT]) -> EntityT:
    if not isinstance(item, kind):  # pragma: no cover - by construction of by_id
        raise TypeError(f"{item.id!r} is not a {kind.__name__}")
    return item
