"""The curated public API: every package's ``__all__`` is checked by equality, so an export
that appears or disappears fails here first and is a decision, not an accident."""

from __future__ import annotations

import importlib

import pytest

import lunarstation as ls

EXPORTS: dict[str, set[str]] = {
    "lunarstation": {
        "DataError",
        "Engine",
        "EngineInputs",
        "EngineResult",
        "EngineWiringError",
        "EphemerisRangeError",
        "Finding",
        "FlightError",
        "Horizon",
        "LunarstationError",
        "OutOfRangeError",
        "OutputError",
        "PlanError",
        "RunContext",
        "RunResult",
        "RunSummary",
        "Scenario",
        "ScenarioError",
        "ScenarioIssue",
        "Severity",
        "Site",
        "SummaryModel",
        "__version__",
        "builtin_scenarios",
        "load_scenario",
        "loads_scenario",
        "run_summary_schema",
        "scenario_schema",
        "simulate",
    },
    "lunarstation.scenario": {
        "AttitudeThrusters",
        "Battery",
        "BuiltinScenario",
        "BurnFire",
        "BurnStaging",
        "COLLECTIONS",
        "CargoItem",
        "Connection",
        "ConnectionKind",
        "ContributionBasisName",
        "ContributionWeights",
        "DEFAULT_SCENARIO",
        "Docking",
        "Element",
        "ElementKind",
        "ElementNeeds",
        "ElementPower",
        "Experiment",
        "FlightPlan",
        "HorizonPoint",
        "InteropAdditions",
        "InteropModelOptions",
        "LaunchVehicle",
        "LedgerModelOptions",
        "LinkOptions",
        "LoadLimits",
        "Mission",
        "MissionOutcome",
        "MoveStep",
        "NetworkAdditions",
        "NetworkEdge",
        "Orbit",
        "Placement",
        "PlacementRole",
        "OrbitKind",
        "Partner",
        "PartnerRole",
        "Payload",
        "Port",
        "PortKind",
        "Problem",
        "Propulsion",
        "RadiatorOptions",
        "RegenerativeFuelCell",
        "Resource",
        "ResourceInterfaces",
        "Scenario",
        "ScenarioCheck",
        "ScenarioConstants",
        "ScenarioOptions",
        "ShedLevel",
        "SimulationSettings",
        "SolarArray",
        "Stage",
        "StationModelOptions",
        "Store",
        "SurfaceSite",
        "TransportStep",
        "builtin_scenarios",
        "load_scenario",
        "loads_scenario",
        "scenario_schema",
        "scenario_schema_json",
    },
    "lunarstation.environment": {
        "Dem",
        "EnvironmentEngine",
        "EnvironmentOutput",
        "EnvironmentSummary",
        "Horizon",
        "Illumination",
        "Period",
        "Site",
        "SiteSky",
        "Sky",
        "horizon_from_dem",
        "icrf_to_me",
        "illumination",
        "illumination_many",
        "read_dem",
        "sky_many",
        "sphere_horizon",
        "sun_earth_in_me",
        "visible_share_map",
        "write_geotiff",
        "write_share_map",
    },
    "lunarstation.logistics": {
        "Burn",
        "Flight",
        "LogisticsEngine",
        "LogisticsOutput",
        "LogisticsSummary",
        "MissionLogistics",
        "Move",
        "Network",
        "Stack",
        "Staging",
        "Tank",
        "TimelineEngine",
        "TimelineOutput",
        "TimelineSummary",
        "Transfer",
        "Vehicle",
        "default_network",
        "delta_v_from_propellant",
        "element_fates",
        "fly",
        "fly_mission",
        "launch_check",
        "payload_mass_kg",
        "propellant_for_delta_v",
        "transfer",
    },
    "lunarstation.station": {
        "BatteryBank",
        "LifeSupport",
        "Links",
        "PowerRun",
        "Radiators",
        "SiteArrays",
        "SiteCapacity",
        "StationEngine",
        "StationOptions",
        "StationOutput",
        "StationSummary",
        "array_output_w",
        "battery_for_darkness",
        "build_site",
        "consumables_for",
        "power_samples",
        "regenerative_fuel_cell",
        "run_power",
        "smallest_battery_kwh",
    },
    "lunarstation.interop": {
        "Approach",
        "Catalog",
        "Citation",
        "Confidence",
        "EnvelopeReport",
        "InteropEngine",
        "InteropOutput",
        "InteropSummary",
        "PortVerdict",
        "ResourceVerdict",
        "UnknownReferenceError",
        "VERDICTS",
        "Verdict",
        "Violation",
        "check_envelope",
        "check_ports",
        "check_resources",
        "compatibility_matrix",
        "load_catalog",
    },
    "lunarstation.partners": {
        "LedgerEngine",
        "LedgerOutput",
        "LedgerSummary",
        "PartnerLedger",
        "ledger_table",
    },
    "lunarstation.orbits": {
        "OrbitsOutput",
    },
    "lunarstation.cli": {
        "app",
        "console_main",
        "main",
    },
}


@pytest.mark.parametrize("package", sorted(EXPORTS))
def test_all_is_exactly_the_curated_surface(package: str) -> None:
    module = importlib.import_module(package)
    assert set(module.__all__) == EXPORTS[package]
    assert len(module.__all__) == len(set(module.__all__))


@pytest.mark.parametrize("package", sorted(EXPORTS))
def test_star_import_works(package: str) -> None:
    namespace: dict[str, object] = {}
    exec(f"from {package} import *", namespace)
    assert EXPORTS[package] <= set(namespace)


def test_readme_python_example() -> None:
    sc = ls.load_scenario("ilrs-reference")
    result = ls.simulate(sc)
    assert isinstance(result.findings, tuple)
    assert {"time", "event", "mission"} <= set(result.timeline.columns)


def test_errors_share_one_base() -> None:
    from lunarstation.interop import UnknownReferenceError

    names = ("ScenarioError", "OutOfRangeError", "EphemerisRangeError", "DataError",
             "FlightError", "PlanError", "OutputError", "EngineWiringError")  # fmt: skip
    for name in names:
        assert issubclass(getattr(ls, name), ls.LunarstationError)
    assert issubclass(UnknownReferenceError, ls.LunarstationError)


def test_docstring_examples_run() -> None:
    import doctest

    import lunarstation.scenario.loader

    for module in (ls, lunarstation.scenario.loader):
        failed, attempted = doctest.testmod(module)
        assert attempted > 0
        assert failed == 0
