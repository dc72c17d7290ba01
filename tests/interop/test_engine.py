"""The interop engine on the built-in scenarios and on variants of them."""

from __future__ import annotations

from typing import Any

import pytest

from lunarstation.engine import EngineResult
from lunarstation.interop import InteropEngine, load_catalog
from lunarstation.logistics.timeline import TimelineEngine
from lunarstation.scenario import Scenario, load_scenario
from tests.support import engine_result


@pytest.fixture(scope="module")
def ilrs() -> Scenario:
    return load_scenario("ilrs-reference")


def _with_element(scenario: Scenario, element_id: str, **update: Any) -> Scenario:
    elements = tuple(
        e.model_copy(update=update) if e.id == element_id else e for e in scenario.elements
    )
    # validated afresh so that cached look-ups (by_id) see the new elements
    fields = {name: getattr(scenario, name) for name in Scenario.model_fields}
    return Scenario.model_validate({**fields, "elements": elements})


def _codes(result: EngineResult, subject: str) -> set[str]:
    return {f.code for f in result.findings if f.subject == subject}


def test_every_docking_and_connection_is_a_row(ilrs: Scenario) -> None:
    result = engine_result(ilrs, "interop")
    table = result.tables["connections"]
    dockings = sum(len(m.dockings) for m in ilrs.missions)
    connections = sum(len(m.connections) for m in ilrs.missions)
    assert (table["kind"] == "docking").sum() == dockings
    assert (table["kind"] == "connection").sum() == connections
    assert str(table["time"].dt.tz) == "UTC"
    summary = result.summary.model_dump()
    assert summary["dockings_checked"] == dockings
    assert sum(summary["docking_verdicts"].values()) == dockings


def test_orel_with_today_ssvp_probe_cannot_dock_at_an_idss_station(ilrs: Scenario) -> None:
    # SSVP | IDSS: none, different families and no adapter in any source [R11, R07]
    port = ilrs.element("orel-1").ports[0].model_copy(update={"standard": "ssvp-probe"})
    result = engine_result(_with_element(ilrs, "orel-1", ports=(port,)), "interop")
    (finding,) = [f for f in result.findings if f.code == "DOCKING_INCOMPATIBLE"]
    assert finding.subject == "orel-1"
    assert "R11" in finding.message
    assert finding.time is not None


def test_orel_future_system_at_gateway_is_unverified(ilrs: Scenario) -> None:
    # Oryol (future) | Gateway IDSS port: unknown, harmonisation talks only [R19-R22];
    # the built-in scenario gives Orel its future docking system.
    assert ilrs.element("orel-1").ports[0].standard == "orel-docking"
    result = engine_result(ilrs, "interop")
    unverified = [
        f for f in result.findings if f.code == "INTERFACE_UNVERIFIED" and f.subject == "orel-1"
    ]
    assert len(unverified) == 1
    assert "R19" in unverified[0].message
    assert "DOCKING_INCOMPATIBLE" not in _codes(result, "orel-1")
    assert (
        result.summary.model_dump()["compatibility_matrix"]["orel-1"]["station-halo"] == "unknown"
    )


def test_orel_28v_bus_at_a_120v_station_needs_a_converter(ilrs: Scenario) -> None:
    result = engine_result(ilrs, "interop")
    converters = [
        f for f in result.findings if f.code == "CONVERTER_REQUIRED" and f.subject == "orel-1"
    ]
    assert converters
    assert "120 Vdc to 28 Vdc" in converters[0].message


def test_chinese_crew_vehicle_docks_to_the_lander_directly(ilrs: Scenario) -> None:
    table = engine_result(ilrs, "interop").tables["connections"]
    row = table[(table["a"] == "mengzhou-1") & (table["kind"] == "docking")].iloc[0]
    assert row["verdict"] == "direct"


def test_idss_vehicle_at_apas_port_gets_adapter_finding(ilrs: Scenario) -> None:
    # As at the ISS: an IDSS vehicle docks to a PMA's APAS-95 through the IDA [R10]
    port = ilrs.element("orel-1").ports[0].model_copy(update={"standard": "idss-active"})
    station_port = ilrs.element("station-halo").ports[0].model_copy(update={"standard": "apas-95"})
    scenario = _with_element(ilrs, "orel-1", ports=(port,))
    scenario = _with_element(scenario, "station-halo", ports=(station_port,))
    result = engine_result(scenario, "interop")
    (finding,) = [f for f in result.findings if f.code == "ADAPTER_REQUIRED"]
    assert "fly ida (526 kg, 1.1 m)" in finding.message


def test_power_mismatch_without_converter(ilrs: Scenario) -> None:
    interfaces = ilrs.element("ilrs-astro-1").interfaces.model_copy(
        update={"power": ("lunar-grid-3kvac",), "data": ("spacewire",)}
    )
    energy = ilrs.element("ilrs-energy-1").interfaces.model_copy(update={"power": ("28vdc",)})
    scenario = _with_element(ilrs, "ilrs-astro-1", interfaces=interfaces)
    scenario = _with_element(scenario, "ilrs-energy-1", interfaces=energy)
    result = engine_result(scenario, "interop")
    assert "POWER_INTERFACE_MISMATCH" in _codes(result, "ilrs-astro-1")


def test_unknown_standard_is_an_error_finding(ilrs: Scenario) -> None:
    # The defensive path: a scenario changed in Python skips the loader's standards check
    # (lunarstation.load_scenario refuses this one: tests/interop/test_checks.py).
    port = ilrs.element("orel-1").ports[0].model_copy(update={"standard": "ssvp-prob"})
    result = engine_result(_with_element(ilrs, "orel-1", ports=(port,)), "interop")
    (finding,) = [f for f in result.findings if f.code == "INTERFACE_UNKNOWN"]
    assert "did you mean 'ssvp-probe'" in finding.message


def test_matrix_is_symmetric_and_uses_only_the_five_verdicts(ilrs: Scenario) -> None:
    matrix = engine_result(ilrs, "interop").summary.model_dump()["compatibility_matrix"]
    assert matrix
    for a, row in matrix.items():
        for b, verdict in row.items():
            assert verdict in {"direct", "adapter", "none", "unknown", "claimed"}
            assert matrix[b][a] == verdict


def test_catalog_additions_reach_the_engine(ilrs: Scenario) -> None:
    # A scenario-supplied adapter (hypothetical SSVP probe ↔ IDSS passive) changes the verdict.
    adapter = {
        "id": "orel-idss-adapter",
        "name": "hypothetical Orel-to-IDSS adapter",
        "sides": ["ssvp-drogue", "idss-active"],
        "mass_kg": 400.0,
        "sources": ["R20"],
        "confidence": "unverified",
    }
    pairing = {
        "a": "ssvp-probe",
        "b": "idss-passive",
        "verdict": "unknown",
        "sources": ["R20"],
        "confidence": "unverified",
    }
    catalog = load_catalog({"adapters": [adapter], "pairings": [pairing]})
    result = engine_result(ilrs, "interop", engines=[TimelineEngine(), InteropEngine(catalog)])
    assert "DOCKING_INCOMPATIBLE" not in _codes(result, "orel-1")
    # the explicit port-level record (unknown) is final, so no adapter is searched
    assert "INTERFACE_UNVERIFIED" in _codes(result, "orel-1")


def test_minimal_scenario_runs(minimal: Scenario) -> None:
    result = engine_result(minimal, "interop")
    assert result.summary.model_dump()["compatibility_matrix"]["hab-1"]["crew-lander-1"] == "direct"
