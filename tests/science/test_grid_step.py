"""The scheduler counts grid steps as hours, so a run whose step is not 1 h is not
scheduled (wrong numbers otherwise): the engine says so in an error finding and lists
every run as unmet (``grid-step``); ``science schedule`` / ``science tasks`` exit 2."""

from __future__ import annotations

import pytest

from lunarstation.cli import main
from lunarstation.findings import Severity
from lunarstation.simulate import simulate
from lunarstation.validation import load_scenario
from tests.support import BASE_YAML, WriteScenario

TASKS = """
simulation: {step_h: %s}
science:
  tasks:
    - {id: probe, name: Probe, partner: p1, site: site, run_hours: 2, runs: 3,
       requires: [sunlit]}
    - {id: monthly, name: Monthly, partner: p1, site: site, run_hours: 1,
       recurrence: {every_days: 30}, earliest: 2030-07-01T00:00:00Z,
       deadline: 2030-12-28T00:00:00Z}
"""


def test_engine_refuses_a_non_hourly_grid_with_a_finding(write_scenario: WriteScenario) -> None:
    scenario = load_scenario(str(write_scenario("s.yaml", BASE_YAML + TASKS % 2)))
    result = simulate(scenario, only=["station", "science"])
    science = result.results["science"]
    (finding,) = [f for f in science.findings if f.code == "SCIENCE_GRID_STEP"]
    assert finding.severity is Severity.ERROR
    assert "step is 2 h" in finding.message
    assert result.tables["science_schedule"].empty
    unmet = result.tables["science_unmet"].set_index("task")
    # 3 runs; 180 days from 1 July to 28 December in 30-day windows: 6 runs.
    assert unmet["runs"].to_dict() == {"probe": 3, "monthly": 6}
    assert set(unmet["reason"]) == {"grid-step"}
    summary = result.summary()["science"]
    assert (summary["runs_wanted"], summary["runs_placed"]) == (9, 0)
    assert science.output.site_loads == {}  # type: ignore[attr-defined]


def test_hourly_grid_has_no_such_finding(write_scenario: WriteScenario) -> None:
    scenario = load_scenario(str(write_scenario("s.yaml", BASE_YAML + TASKS % 1)))
    science = simulate(scenario, only=["science"]).results["science"]
    assert not [f for f in science.findings if f.code == "SCIENCE_GRID_STEP"]
    assert science.summary.runs_placed > 0  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", ["schedule", "tasks"])
def test_cli_exits_2_on_a_non_hourly_grid(write_scenario: WriteScenario, command: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    written = write_scenario("s.yaml", BASE_YAML + TASKS % 0.5)
    path = str(written)
    assert main(["science", command, path, "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    # Located like every load-time problem: the file, the line and column of step_h.
    line = written.read_text().splitlines().index("simulation: {step_h: 0.5}") + 1
    assert f"{path}:{line}:14: simulation.step_h:" in captured.err
    assert "simulation.step_h" in captured.err
    assert "step is 0.5 h" in captured.err
    assert "Traceback" not in captured.err
