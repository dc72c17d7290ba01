"""The interface catalog: docking families, ports, adapters, pair records and resource interfaces.

The built-in catalog ships as ``interop/data/catalog.yaml``, transcribed from the
research note ``reference/interoperability.md`` (source ids ``R..`` as listed
there). Every row carries ``sources`` (ids in the catalog's source register) and
a ``confidence`` label: ``primary`` (the standard or an official page),
``secondary`` (encyclopedia, mirror, news, forum) or ``unverified``.

A scenario may add rows of its own with :func:`load_catalog` (``additions``);
an id that already exists is refused with a :class:`~lunarstation.errors.DataError`
(replacing built-in rows silently would hide where a verdict comes from).

Raises:
    DataError: the packaged YAML or the additions are malformed, refer to a
        missing source/family/port/interface, or repeat an id.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from enum import StrEnum
from functools import cache, cached_property
from importlib import resources
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from ruamel.yaml import YAML

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


def load_catalog(additions: Mapping[str, Any] | None = None) -> Catalog:
    """The built-in catalog, with a scenario's extra rows merged in (same shape as the YAML).

    The built-in catalog is parsed once per process and shared (it is immutable).

    Raises:
        DataError: a malformed row, a dangling reference or a repeated id.
    """
    if not additions:
        return _builtin_catalog()
    return _validated(merge_rows(_builtin_raw(), additions))


@cache
def _builtin_catalog() -> Catalog:
    """The packaged catalog, parsed once per process (it is immutable)."""
    return _validated(_builtin_raw())


def _validated(raw: Mapping[str, Any]) -> Catalog:
    try:
        catalog = Catalog.model_validate(raw)
    except ValidationError as error:
        raise DataError(f"interop catalog: {error}") from error
    check_integrity(catalog)
    return catalog


def merge_rows(base: Mapping[str, Any], additions: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with the rows of ``additions`` appended; sources are merged as a mapping."""
    unknown = set(additions) - {"sources", *SECTIONS}
    if unknown:
        allowed = ", ".join(("sources", *SECTIONS))
        raise DataError(
            f"interop additions: unknown section(s) {sorted(unknown)}; allowed: {allowed}"
        )
    merged = dict(base)
    clash = set(additions.get("sources", {})) & set(base.get("sources", {}))
    if clash:
        raise DataError(f"interop additions: duplicate source id(s) {sorted(clash)}")
    merged["sources"] = {**base.get("sources", {}), **additions.get("sources", {})}
    for section in SECTIONS:
        merged[section] = [*base.get(section, []), *additions.get(section, [])]
    return merged


def check_integrity(catalog: Catalog) -> None:
    """Refuse repeated ids and references to sources, families, ports or interfaces not defined."""
    problems: list[str] = []
    for section in SECTIONS:
        seen: set[str] = set()
        for row in getattr(catalog, section):
            ids = (row.id, *getattr(row, "aliases", ()))
            problems += [f"duplicate {section} id {key!r}" for key in ids if key in seen]
            seen.update(ids)
            problems += _dangling(catalog, section, row)
    if problems:
        raise DataError("interop catalog: " + "; ".join(problems))


def _dangling(catalog: Catalog, section: str, row: Any) -> list[str]:
    rows: list[Any] = [row, *getattr(row, "envelope", ())]
    if getattr(row, "demonstrated", None) is not None:
        rows.append(row.demonstrated)
    problems = [
        f"{section} {row.id!r}: unknown source {ref!r}; {did_you_mean(ref, catalog.sources)}"
        for part in rows
        for ref in part.sources
        if ref not in catalog.sources
    ]
    refs = {
        "ports": [("families", row.family)] if section == "ports" else [],
        "adapters": [("ports", side) for side in getattr(row, "sides", ())],
        "pairings": [
            ("ports|families", ref) for ref in (getattr(row, "a", ""), getattr(row, "b", ""))
        ],
        "converters": [("interfaces", ref) for ref in getattr(row, "joins", ())],
    }.get(section, [])
    for target, ref in refs:
        valid = {key for name in target.split("|") for key in catalog.index[name]}
        if ref not in valid:
            problems.append(f"{section} {row.id!r}: unknown {target} {ref!r}")
    return problems


def _builtin_raw() -> dict[str, Any]:
    """A private copy of the parsed packaged YAML (callers may not mutate the cached one)."""
    return copy.deepcopy(_parsed_builtin())


@cache
def _parsed_builtin() -> dict[str, Any]:
    text = resources.files("lunarstation.interop").joinpath("data/catalog.yaml").read_text("utf-8")
    loaded = YAML(typ="safe", pure=True).load(text)
    if not isinstance(loaded, dict):
        raise DataError("interop catalog: the packaged catalog.yaml is not a mapping")
    return loaded


__all__ = [
    "Adapter",
    "Catalog",
    "Confidence",
    "Converter",
    "EnvelopeLimit",
    "Evidence",
    "Family",
    "Interface",
    "Pairing",
    "Port",
    "Source",
    "UnknownReferenceError",
    "load_catalog",
]
