"""lunarstation: plan and simulate an international lunar research station.

>>> import lunarstation as ls
>>> scenario = ls.load_scenario("minimal")
>>> result = ls.simulate(scenario)
>>> result.verdict
'feasible'
>>> ridge = ls.Site(lat_deg=-89.45, lon_east_deg=222.7, mast_height_m=10)

The public API is what ``__all__`` lists; everything else may change.
"""

from lunarstation.engine import (
    Engine,
    EngineInputs,
    EngineResult,
    EngineWiringError,
    RunContext,
    SummaryModel,
)
from lunarstation.environment import Horizon, Site
from lunarstation.errors import (
    DataError,
    EphemerisRangeError,
    FlightError,
    LunarstationError,
    OutOfRangeError,
    OutputError,
    PlanError,
    ScenarioError,
    ScenarioIssue,
)
from lunarstation.findings import Finding, Severity
from lunarstation.run_summary import RunSummary, run_summary_schema
from lunarstation.scenario import (
    Scenario,
    builtin_scenarios,
    scenario_schema,
)
from lunarstation.simulate import RunResult, simulate
from lunarstation.validation import (  # the loaders with every engine's checks
    load_scenario,
    loads_scenario,
)

__version__ = "0.1.0"

__all__ = [
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
]
