"""The curated public API: a removed export fails here first."""

from __future__ import annotations

import lunarstation as ls

EXPECTED = {
    "DataError",
    "Engine",
    "EngineResult",
    "EphemerisRangeError",
    "Finding",
    "Horizon",
    "LunarstationError",
    "OutOfRangeError",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "ScenarioIssue",
    "Severity",
    "Site",
    "__version__",
    "builtin_scenarios",
    "load_scenario",
    "loads_scenario",
    "scenario_schema",
    "simulate",
}


def test_all_is_curated() -> None:
    assert set(ls.__all__) >= EXPECTED
    assert all(hasattr(ls, name) for name in ls.__all__)


def test_readme_python_example() -> None:
    sc = ls.load_scenario("ilrs-reference")
    result = ls.simulate(sc)
    assert isinstance(result.findings, tuple)
    assert {"time", "event", "mission"} <= set(result.timeline.columns)


def test_errors_share_one_base() -> None:
    for name in ("ScenarioError", "OutOfRangeError", "EphemerisRangeError", "DataError"):
        assert issubclass(getattr(ls, name), ls.LunarstationError)


def test_docstring_examples_run() -> None:
    import doctest

    import lunarstation.scenario.loader

    for module in (ls, lunarstation.scenario.loader):
        failed, attempted = doctest.testmod(module)
        assert attempted > 0
        assert failed == 0
