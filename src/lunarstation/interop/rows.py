"""The rows of the interface catalog: docking families, ports, adapters, pair records,
resource interfaces and converters, and the :class:`Catalog` that holds them.

Every row carries ``sources`` (ids in the catalog's source register) and a
``confidence`` label: ``primary`` (the standard or an official page),
``secondary`` (encyclopedia, mirror, news, forum) or ``unverified``. Loading,
merging a scenario's additions and the integrity checks are in
:mod:`lunarstation.interop.catalog`.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from lunarstation.errors import DataError
from lunarstation.scenario.messages import did_you_mean

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=64)]
SourceIds = Annotated[tuple[Annotated[str, Field(min_length=1)], ...], Field(min_length=1)]
SECTIONS = ("families", "ports", "adapters", "pairings", "interfaces", "converters")


class UnknownReferenceError(DataError):
    """An id that is not in the catalog; the message lists the valid ids ("did you mean")."""

    def __init__(self, kind: str, ref: str, valid: list[str]) -> None:
        self.kind, self.ref, self.valid = kind, ref, tuple(sorted(valid))
        super().__init__(f"unknown {kind} {ref!r}; {did_you_mean(ref, valid)}")


class Confidence(StrEnum):
    """How well a catalog row is backed (ordered primary > secondary > unverified)."""

    PRIMARY = "primary"
    SECONDARY = "secondary"
    UNVERIFIED = "unverified"

    @property
    def rank(self) -> int:
        """2 for primary, 1 for secondary, 0 for unverified."""
        return ("unverified", "secondary", "primary").index(self.value)


class Row(BaseModel):
    """Base of every catalog row: frozen, unknown keys refused, sourced and labelled."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sources: SourceIds
    """Ids in the catalog's source register."""
    confidence: Confidence
    note: str = ""


class Source(BaseModel):
    """One entry of the source register."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: Annotated[str, Field(min_length=1)]
    kind: Literal["primary", "secondary", "unverified"]
    url: str = ""


class EnvelopeLimit(Row):
    """One published contact limit; the unit is the suffix of ``quantity`` (m_s, m, deg, deg_s)."""

    quantity: Literal[
        "closing_rate_m_s",
        "lateral_rate_m_s",
        "lateral_offset_m",
        "pitch_yaw_deg",
        "pitch_deg",
        "yaw_deg",
        "roll_deg",
        "pitch_yaw_rate_deg_s",
        "pitch_rate_deg_s",
        "yaw_rate_deg_s",
        "roll_rate_deg_s",
    ]
    min: float | None = None
    max: float


class Evidence(Row):
    """A published record that something was done (e.g. two halves of a family mated)."""


class Family(Row):
    """A docking or berthing family: its mating rule, geometry and contact envelope."""

    id: Id
    name: str
    mating_rule: Literal["androgynous", "gendered", "berthing"]
    """androgynous: one active-capable half needed; gendered: one probe and one drogue;
    berthing: one active and one passive half."""
    passage_diameter_mm: float | None = Field(default=None, gt=0)
    outer_diameter_mm: float | None = Field(default=None, gt=0)
    demonstrated: Evidence | None = None
    """Evidence that two compatible halves of this family mated; None: never shown."""
    envelope: tuple[EnvelopeLimit, ...] = ()


class Port(Row):
    """One half of a family as fitted on a vehicle or module (the scenario's ``standard``)."""

    id: Id
    family: Id
    role: Literal["active_capable", "passive_only", "probe", "drogue", "active", "passive"]
    name: str


class Adapter(Row):
    """Hardware that presents one port half on each side (``sides``: two port ids)."""

    id: Id
    name: str
    sides: tuple[Id, Id]
    mass_kg: float | None = Field(default=None, gt=0)
    length_m: float | None = Field(default=None, gt=0)
    status: Literal["built", "cancelled"] = "built"
    resources_passed: tuple[str, ...] = ()


class Pairing(Row):
    """An explicit verdict for two ports or families; overrides the family rules."""

    a: Id
    b: Id
    verdict: Literal["direct", "none", "unknown", "claimed"]

    @property
    def id(self) -> str:
        """Order-free id of the pair, e.g. ``idss+ssvp``."""
        return "+".join(sorted((self.a, self.b)))


class Interface(Row):
    """A resource interface: power bus, data protocol, RF band or cabin atmosphere."""

    id: Id
    category: Literal["power", "data", "comms", "atmosphere"]
    name: str
    aliases: tuple[Id, ...] = ()
    voltage_v: float | None = None
    current: Literal["dc", "ac"] | None = None
    band_min_mhz: float | None = None
    band_max_mhz: float | None = None
    pressure_kpa: float | None = None
    o2_fraction: float | None = Field(default=None, ge=0, le=1)


class Converter(Row):
    """Hardware or procedure that joins two different interfaces of one category."""

    id: Id
    name: str
    joins: tuple[Id, Id]


class Catalog(BaseModel):
    """The whole catalog; lookups raise :class:`UnknownReferenceError` with the valid ids."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    catalog_version: str
    sources: dict[str, Source]
    families: tuple[Family, ...]
    ports: tuple[Port, ...]
    adapters: tuple[Adapter, ...] = ()
    pairings: tuple[Pairing, ...] = ()
    interfaces: tuple[Interface, ...] = ()
    converters: tuple[Converter, ...] = ()

    @cached_property
    def index(self) -> dict[str, dict[str, Any]]:
        """Every section as a mapping id → row (interfaces also under their aliases)."""
        table: dict[str, dict[str, Any]] = {
            name: {row.id: row for row in getattr(self, name)} for name in SECTIONS
        }
        for interface in self.interfaces:
            table["interfaces"].update(dict.fromkeys(interface.aliases, interface))
        return table

    def port(self, port_id: str) -> Port:
        """The port half with this id."""
        return self._get("ports", "port", port_id)  # type: ignore[no-any-return]

    def family(self, family_id: str) -> Family:
        """The family with this id."""
        return self._get("families", "docking family", family_id)  # type: ignore[no-any-return]

    def interface(self, interface_id: str) -> Interface:
        """The resource interface with this id or alias."""
        return self._get("interfaces", "interface", interface_id)  # type: ignore[no-any-return]

    def _get(self, section: str, kind: str, key: str) -> Any:
        rows = self.index[section]
        if key not in rows:
            raise UnknownReferenceError(kind, key, list(rows))
        return rows[key]


ROW_MODELS: dict[str, type[Row]] = {
    "families": Family,
    "ports": Port,
    "adapters": Adapter,
    "pairings": Pairing,
    "interfaces": Interface,
    "converters": Converter,
}
"""The row model of each catalog section."""

ROW_NAMES = {
    "families": "docking family",
    "ports": "port",
    "adapters": "adapter",
    "pairings": "pair record",
    "interfaces": "interface",
    "converters": "converter",
}
"""What one row of each section is called in messages."""

__all__ = [
    "ROW_MODELS",
    "ROW_NAMES",
    "SECTIONS",
    "Adapter",
    "Catalog",
    "Confidence",
    "Converter",
    "EnvelopeLimit",
    "Evidence",
    "Family",
    "Id",
    "Interface",
    "Pairing",
    "Port",
    "Row",
    "Source",
    "UnknownReferenceError",
]
