"""Scenario files: the models, the loader and the built-in scenarios.

This package knows nothing of the engines; engines read the :class:`Scenario` it builds.
"""

from lunarstation.scenario.hardware import (
    Battery,
    Element,
    ElementKind,
    ElementPower,
    LaunchVehicle,
    Port,
    PortKind,
    Propulsion,
    RegenerativeFuelCell,
    Resource,
    ResourceInterfaces,
    SolarArray,
    Store,
)
from lunarstation.scenario.loader import (
    DEFAULT_SCENARIO,
    BuiltinScenario,
    builtin_scenarios,
    load_scenario,
    loads_scenario,
    scenario_schema,
    scenario_schema_json,
)
from lunarstation.scenario.missions import (
    CargoItem,
    Connection,
    ConnectionKind,
    Docking,
    Experiment,
    Mission,
    MissionOutcome,
    Payload,
)
from lunarstation.scenario.models import (
    COLLECTIONS,
    Scenario,
    ScenarioConstants,
    SimulationSettings,
)
from lunarstation.scenario.places import HorizonPoint, Orbit, OrbitKind, SurfaceSite
from lunarstation.scenario.programme import Partner, PartnerRole, Stage

__all__ = [
    "COLLECTIONS",
    "DEFAULT_SCENARIO",
    "Battery",
    "BuiltinScenario",
    "CargoItem",
    "Connection",
    "ConnectionKind",
    "Docking",
    "Element",
    "ElementKind",
    "ElementPower",
    "Experiment",
    "HorizonPoint",
    "InteropAdditions",
    "LaunchVehicle",
    "Mission",
    "MissionOutcome",
    "NetworkAdditions",
    "NetworkEdge",
    "Orbit",
    "OrbitKind",
    "Partner",
    "PartnerRole",
    "Payload",
    "Port",
    "PortKind",
    "Propulsion",
    "RegenerativeFuelCell",
    "Resource",
    "ResourceInterfaces",
    "Scenario",
    "ScenarioConstants",
    "SimulationSettings",
    "SolarArray",
    "Stage",
    "Store",
    "SurfaceSite",
    "builtin_scenarios",
    "load_scenario",
    "loads_scenario",
    "scenario_schema",
    "scenario_schema_json",
]
