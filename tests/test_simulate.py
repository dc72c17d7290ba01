"""simulate() orders engines by their requirements and merges their results."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import pytest

from lunarstation import EngineResult, Finding, Scenario, Severity, simulate
from lunarstation.simulate import order_engines


class Probe:
    """A test engine that records what it received."""

    def __init__(
        self, name: str, requires: tuple[str, ...] = (), severity: Severity | None = None
    ) -> None:
        self.name = name
        self.requires = requires
        self.severity = severity
        self.seen: list[str] = []

    def run(self, scenario: Any, inputs: Mapping[str, EngineResult]) -> EngineResult:
        self.seen = sorted(inputs)
        findings = ()
        if self.severity is not None:
            findings = (
                Finding(self.severity, "PROBE", self.name, None, "probe finding", self.name),
            )
        return EngineResult(
            engine=self.name,
            summary={f"{self.name}_value": 1},
            tables={f"{self.name}_table": pd.DataFrame({"a": [1]})},
            findings=findings,
        )


def test_engines_run_after_their_requirements(minimal: Scenario) -> None:
    late = Probe("late", requires=("early",))
    early = Probe("early")
    result = simulate(minimal, engines=[late, early])
    assert list(result.results) == ["early", "late"]
    assert late.seen == ["early"]


def test_missing_requirement_is_reported() -> None:
    with pytest.raises(ValueError, match="missing or cyclic"):
        order_engines([Probe("a", requires=("b",))])


def test_error_finding_makes_the_run_not_feasible(minimal: Scenario) -> None:
    result = simulate(minimal, engines=[Probe("a", severity=Severity.WARNING)])
    assert result.verdict == "feasible"
    result = simulate(minimal, engines=[Probe("a", severity=Severity.ERROR)])
    assert result.verdict == "not feasible"
    assert result.summary()["findings_by_severity"] == {"info": 0, "warning": 0, "error": 1}


def test_summary_merges_engine_sections(minimal: Scenario) -> None:
    summary = simulate(minimal, engines=[Probe("a"), Probe("b")]).summary()
    assert summary["a_value"] == summary["b_value"] == 1
    assert summary["engines"] == ["a", "b"]


def test_default_run_has_a_timeline(minimal: Scenario) -> None:
    result = simulate(minimal)
    assert result.timeline["event"].tolist()[:2] == ["launch", "arrival"]
    assert str(result.timeline["time"].dt.tz) == "UTC"


def test_progress_callback_sees_every_engine(minimal: Scenario) -> None:
    calls: list[tuple[str, int, int]] = []
    simulate(
        minimal,
        engines=[Probe("a"), Probe("b", requires=("a",))],
        progress=lambda *c: calls.append(c),
    )
    assert calls == [("a", 0, 2), ("b", 1, 2)]


def test_same_scenario_same_result(minimal: Scenario) -> None:
    first, second = simulate(minimal).summary(), simulate(minimal).summary()
    assert first == second
