"""The interop engine: check every docking and surface connection a scenario declares.

For each mission's ``dockings`` (vehicle port → target port) the two ports'
catalog ``standard`` ids get a :func:`~lunarstation.interop.check_ports` verdict,
then the two elements' power, data and atmosphere interfaces are compared; the
timeline's deliveries say where and when the docking happens, and whether both
vehicles are there and the ports free. For each surface ``connection`` the listed
resource kinds are compared. Findings:

========================  ========  ==================================================
code                      severity  when
========================  ========  ==================================================
DOCKING_INCOMPATIBLE      error     verdict ``none`` (two passive halves, two probes,
                                    incompatible families)
ADAPTER_REQUIRED          warning   verdict ``adapter``; names the adapters to fly,
                                    their mass (kg) and length (m)
INTERFACE_UNVERIFIED      warning   verdict ``unknown``/``claimed``, or a side declares
                                    no interface for a connected resource
INTERFACE_UNKNOWN         error     a port standard or interface id not in the catalog
                                    (refused at load time by
                                    :func:`~lunarstation.interop.checks.standards_check`:
                                    a loaded scenario never gets it)
DOCKING_PLACE_MISMATCH    error     the two vehicles are not at one node or site when
                                    the vehicle arrives (:mod:`.dockings`)
PORT_OCCUPIED             error     a port already holds another vehicle then
POWER_INTERFACE_MISMATCH  error     power buses differ and no converter is catalogued
DATA_INTERFACE_MISMATCH   error     data protocols differ, no bridge catalogued
COMMS_INTERFACE_MISMATCH  error     RF interfaces differ
ATMOSPHERE_MISMATCH       warning   cabin atmospheres differ, no procedure catalogued
CONVERTER_REQUIRED        warning   resources join through a named converter/procedure
========================  ========  ==================================================

``options.interop.unknown_verdict: error`` raises INTERFACE_UNVERIFIED for a docking
whose verdict is ``unknown`` or ``claimed`` to an error: the run is then not feasible.

The summary (``summary.json["interop"]``) holds the compatibility matrix: for
every two elements with ports, the best verdict over their port pairs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from lunarstation.engine import EngineInputs, EngineResult, RunContext, SummaryModel
from lunarstation.findings import Finding, Severity
from lunarstation.interop.catalog import Catalog, UnknownReferenceError, load_catalog
from lunarstation.interop.checks import scenario_additions
from lunarstation.interop.compatibility import VERDICTS, PortVerdict, check_ports
from lunarstation.interop.dockings import schedule_dockings
from lunarstation.interop.resources import Category, ResourceVerdict, check_resources
from lunarstation.logistics.timeline import TimelineOutput
from lunarstation.scenario import Scenario
from lunarstation.scenario.hardware import Element

ENGINE = "interop"
DOCKING_RESOURCES: tuple[Category, ...] = ("power", "data", "atmosphere")
_MISMATCH = {
    "power": ("POWER_INTERFACE_MISMATCH", Severity.ERROR),
    "data": ("DATA_INTERFACE_MISMATCH", Severity.ERROR),
    "comms": ("COMMS_INTERFACE_MISMATCH", Severity.ERROR),
    "atmosphere": ("ATMOSPHERE_MISMATCH", Severity.WARNING),
}


@dataclass(frozen=True)
class InteropOutput:
    """What the interop engine hands downstream: the catalog used and the element matrix.

    ``matrix[a][b]`` is the best port verdict between elements ``a`` and ``b``
    (:data:`~lunarstation.interop.compatibility.VERDICTS`).
    """

    catalog: Catalog
    matrix: Mapping[str, Mapping[str, str]]


class InteropSummary(SummaryModel):
    """``summary.json["interop"]``: what was checked and the compatibility matrix."""

    catalog_version: str
    dockings_checked: int
    connections_checked: int
    docking_verdicts: dict[str, int]
    """Dockings per verdict (direct, adapter, none, unknown, claimed)."""
    compatibility_matrix: dict[str, dict[str, str]]
    """For every two elements with catalogued ports, the best verdict over their port pairs."""
    unknown_verdict: str
    """Severity given to a docking of unknown or claimed compatibility (options.interop)."""


class InteropEngine:
    """Compatibility of every docking and surface connection, and the element matrix.

    ``catalog``: the catalog to use; default the built-in one with the scenario's
    additions (``scenario.interop``). Requires the timeline (where each element is when).
    Raises :class:`~lunarstation.errors.DataError` for malformed additions (a scenario
    loaded with :func:`lunarstation.validation.load_scenario` has none).
    """

    name = ENGINE
    requires: tuple[str, ...] = ("timeline",)
    uses: tuple[str, ...] = ()

    def __init__(self, catalog: Catalog | None = None) -> None:
        self.catalog = catalog

    def fingerprint(self, scenario: Scenario) -> object:
        """What the interop engine reads: elements, missions, catalog additions, options."""
        fields = {"elements", "missions", "interop", "options"}
        catalog = "built-in" if self.catalog is None else f"given {self.catalog.catalog_version}"
        return {**scenario.model_dump(mode="json", include=fields), "catalog": catalog}

    def run(self, scenario: Scenario, context: RunContext, inputs: EngineInputs) -> EngineResult:
        """Check the scenario's connections, placing each docking with the timeline."""
        unknown_severity = Severity(context.options.interop.unknown_verdict)
        catalog = self.catalog or load_catalog(scenario_additions(scenario))
        timeline = inputs.require(TimelineOutput)
        schedule = schedule_dockings(scenario, timeline.deliveries, timeline.flights)
        rows: list[dict[str, Any]] = []
        findings: list[Finding] = []
        for mission in scenario.missions:
            for index, docking in enumerate(mission.dockings):
                vehicle, target = (
                    scenario.element(docking.vehicle),
                    scenario.element(docking.target),
                )
                row, found = _docking(catalog, vehicle, docking.port, target, docking.target_port)
                found = [_escalate(f, unknown_severity) for f in found]
                place = schedule.places.get((mission.id, index), "")
                rows.append({"mission": mission.id, "time": mission.arrival, "place": place, **row})
                findings += [_finding(f, mission.arrival) for f in found]
            for connection in mission.connections:
                a, b = scenario.element(connection.a), scenario.element(connection.b)
                kinds: tuple[Category, ...] = tuple(k.value for k in connection.kinds)
                row, found = _surface(catalog, a, b, kinds)
                where = {"place": mission.destination}
                rows.append({"mission": mission.id, "time": mission.arrival, **where, **row})
                findings += [_finding(f, mission.arrival) for f in found]
        findings += [
            Finding(severity, code, subject, time, message, ENGINE)
            for severity, code, subject, message, time in schedule.findings
        ]
        matrix = compatibility_matrix(catalog, scenario.elements)
        table = _table(rows)
        return EngineResult(
            engine=ENGINE,
            output=InteropOutput(catalog, matrix),
            summary=_summary(catalog, table, matrix, unknown_severity),
            tables={"connections": table},
            findings=tuple(findings),
            highlights=_highlights(table),
        )


def _escalate(pending: Pending, severity: Severity) -> Pending:
    """A docking's INTERFACE_UNVERIFIED at the severity the scenario's options ask for."""
    level, code, subject, message = pending
    if code != "INTERFACE_UNVERIFIED" or severity is level:
        return pending
    return (severity, code, subject, f"{message}; options.interop.unknown_verdict: {severity}")


def compatibility_matrix(
    catalog: Catalog, elements: tuple[Element, ...]
) -> dict[str, dict[str, str]]:
    """For every two elements with ports, the best verdict over their port pairs.

    Port standards not in the catalog are skipped (they are reported as findings).
    """
    docked = [e for e in elements if any(p.standard in catalog.index["ports"] for p in e.ports)]
    cache: dict[tuple[str, str], str] = {}
    matrix: dict[str, dict[str, str]] = {}
    for first in docked:
        matrix[first.id] = {}
        for second in docked:
            if first.id == second.id:
                continue
            verdicts = [
                _cached(catalog, cache, pa.standard, pb.standard)
                for pa in first.ports
                for pb in second.ports
                if pa.standard in catalog.index["ports"] and pb.standard in catalog.index["ports"]
            ]
            matrix[first.id][second.id] = min(verdicts, key=VERDICTS.index)
    return matrix


def _cached(catalog: Catalog, cache: dict[tuple[str, str], str], a: str, b: str) -> str:
    key = (min(a, b), max(a, b))
    if key not in cache:
        cache[key] = check_ports(catalog, *key).verdict
    return cache[key]


Pending = tuple[Severity, str, str, str]
"""A finding without its time: severity, code, subject, message."""


def _docking(
    catalog: Catalog, vehicle: Element, port_id: str, target: Element, target_port_id: str
) -> tuple[dict[str, Any], list[Pending]]:
    port = next(p for p in vehicle.ports if p.id == port_id)
    target_port = next(p for p in target.ports if p.id == target_port_id)
    where = f"{vehicle.id} port {port.id} ({port.standard}) to {target.id} port {target_port.id} ({target_port.standard})"
    row: dict[str, Any] = {
        "kind": "docking",
        "a": vehicle.id,
        "a_port": port.id,
        "a_standard": port.standard,
        "b": target.id,
        "b_port": target_port.id,
        "b_standard": target_port.standard,
    }
    try:
        verdict = check_ports(catalog, port.standard, target_port.standard)
    except UnknownReferenceError as error:
        row["verdict"] = "unknown"
        return row, [(Severity.ERROR, "INTERFACE_UNKNOWN", vehicle.id, f"{where}: {error}")]
    row.update(_verdict_columns(verdict))
    found = _port_findings(verdict, vehicle.id, where)
    declared = [c for c in DOCKING_RESOURCES if _ids(vehicle, c) or _ids(target, c)]
    resources, more = _resources(catalog, vehicle, target, tuple(declared), strict=False)
    row.update(resources)
    return row, found + more


def _surface(
    catalog: Catalog, a: Element, b: Element, kinds: tuple[Category, ...]
) -> tuple[dict[str, Any], list[Pending]]:
    row: dict[str, Any] = {"kind": "connection", "a": a.id, "b": b.id}
    resources, found = _resources(catalog, a, b, kinds, strict=True)
    row.update(resources)
    return row, found


def _port_findings(verdict: PortVerdict, subject: str, where: str) -> list[Pending]:
    sources = ", ".join(sorted({s for c in verdict.evidence for s in c.sources}))
    cited = f" [{sources}]" if sources else ""
    if verdict.verdict == "none":
        return [
            (
                Severity.ERROR,
                "DOCKING_INCOMPATIBLE",
                subject,
                f"{where} cannot dock: {verdict.reason}{cited}",
            )
        ]
    if verdict.verdict == "adapter":
        chain = " + ".join(
            f"{a.id} ({_or_unpublished(a.mass_kg, 'kg')}, {_or_unpublished(a.length_m, 'm')})"
            for a in verdict.adapters
        )
        message = f"{where} needs an adapter: fly {chain}; added mass {_or_unpublished(verdict.added_mass_kg, 'kg')}{cited}"
        return [(Severity.WARNING, "ADAPTER_REQUIRED", subject, message)]
    if verdict.verdict in {"unknown", "claimed"}:
        message = f"{where}: compatibility {verdict.verdict} ({verdict.reason}){cited}"
        return [(Severity.WARNING, "INTERFACE_UNVERIFIED", subject, message)]
    return []


def _resources(
    catalog: Catalog, a: Element, b: Element, kinds: tuple[Category, ...], *, strict: bool
) -> tuple[dict[str, Any], list[Pending]]:
    side_a: dict[str, tuple[str, ...]] = {c: _ids(a, c) for c in kinds}
    side_b: dict[str, tuple[str, ...]] = {c: _ids(b, c) for c in kinds}
    pair = f"{a.id} and {b.id}"
    try:
        verdicts = check_resources(catalog, side_a, side_b, kinds, labels=(a.id, b.id))
    except UnknownReferenceError as error:
        return {}, [(Severity.ERROR, "INTERFACE_UNKNOWN", a.id, f"{pair}: {error}")]
    columns: dict[str, Any] = {v.category: v.status for v in verdicts}
    columns["converters"] = " + ".join(v.converter.id for v in verdicts if v.converter)
    return columns, [f for v in verdicts for f in _resource_finding(v, a.id, pair, strict)]


def _resource_finding(
    verdict: ResourceVerdict, subject: str, pair: str, strict: bool
) -> list[Pending]:
    text = f"{pair}: {verdict.reason}"
    if verdict.status == "incompatible":
        code, severity = _MISMATCH[verdict.category]
        return [(severity, code, subject, text)]
    if verdict.status == "converter":
        return [(Severity.WARNING, "CONVERTER_REQUIRED", subject, text)]
    if verdict.status == "unknown" and strict:
        return [(Severity.WARNING, "INTERFACE_UNVERIFIED", subject, text)]
    return []


def _ids(element: Element, category: Category) -> tuple[str, ...]:
    value = getattr(element.interfaces, category)
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _verdict_columns(verdict: PortVerdict) -> dict[str, Any]:
    return {
        "verdict": verdict.verdict,
        "adapters": " + ".join(a.id for a in verdict.adapters),
        "added_mass_kg": verdict.added_mass_kg if verdict.adapters else 0.0,
        "confidence": verdict.confidence.value,
        "sources": ", ".join(sorted({s for c in verdict.evidence for s in c.sources})),
    }


def _or_unpublished(value: float | None, unit: str) -> str:
    return "unpublished" if value is None else f"{value:g} {unit}"


def _finding(pending: Pending, time: datetime) -> Finding:
    severity, code, subject, message = pending
    return Finding(severity, code, subject, time, message, ENGINE)


COLUMNS = (
    "mission", "time", "place", "kind", "a", "a_port", "a_standard", "b", "b_port", "b_standard",
    "verdict", "adapters", "added_mass_kg", "confidence", "sources",
    "power", "data", "comms", "atmosphere", "converters",
)  # fmt: skip


def _table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    table["time"] = pd.to_datetime(table["time"], utc=True)
    return table


def _summary(
    catalog: Catalog, table: pd.DataFrame, matrix: dict[str, dict[str, str]], unknown: Severity
) -> InteropSummary:
    dockings = table[table["kind"] == "docking"]
    return InteropSummary(
        catalog_version=str(catalog.catalog_version),
        dockings_checked=len(dockings),
        connections_checked=int((table["kind"] == "connection").sum()),
        docking_verdicts={v: int((dockings["verdict"] == v).sum()) for v in VERDICTS},
        compatibility_matrix=matrix,
        unknown_verdict=unknown.value,
    )


def _highlights(table: pd.DataFrame) -> tuple[str, ...]:
    dockings = table[table["kind"] == "docking"]
    if dockings.empty and table.empty:
        return ()
    counts = dockings["verdict"].value_counts()
    parts = ", ".join(f"{int(n)} {verdict}" for verdict, n in counts.items())
    surface = int((table["kind"] == "connection").sum())
    return (
        f"interop: {len(dockings)} docking(s) ({parts or 'none'}), {surface} surface connection(s) checked",
    )
