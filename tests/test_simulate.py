"""simulate(): ordering by requires/uses, the run context, reuse of given results, summaries."""

from __future__ import annotations

import json

import jsonschema
import numpy as np
import pandas as pd
import pytest

from lunarstation import EngineResult, Finding, Scenario, Severity, simulate
from lunarstation.engine import EngineInputs, EngineWiringError, RunContext, SummaryModel
from lunarstation.run_summary import RunSummary, run_summary_schema
from lunarstation.simulate import order_engines
from tests.support import with_options


class ProbeSummary(SummaryModel):
    value: int


class Probe:
    """A test engine that records what it received."""

    def __init__(
        self,
        name: str,
        requires: tuple[str, ...] = (),
        severity: Severity | None = None,
        uses: tuple[str, ...] = (),
    ) -> None:
        self.name = name
        self.requires = requires
        self.uses = uses
        self.severity = severity
        self.seen: list[str] = []
        self.draws: list[float] = []
        self.calls = 0

    def run(self, scenario: Scenario, context: RunContext, inputs: EngineInputs) -> EngineResult:
        self.calls += 1
        self.seen = sorted(inputs.names)
        self.draws = list(context.rng(self.name).random(3))
        findings = ()
        if self.severity is not None:
            findings = (
                Finding(self.severity, "PROBE", self.name, None, "probe finding", self.name),
            )
        return EngineResult(
            engine=self.name,
            summary=ProbeSummary(value=1),
            tables={"table": pd.DataFrame({"a": [1]})},
            findings=findings,
        )


def test_engines_run_after_their_requirements(minimal: Scenario) -> None:
    late = Probe("late", requires=("early",))
    early = Probe("early")
    result = simulate(minimal, engines=[late, early])
    assert list(result.results) == ["early", "late"]
    assert late.seen == ["early"]


def test_used_engines_run_first_when_present_and_are_optional(minimal: Scenario) -> None:
    user = Probe("user", uses=("helper",))
    helper = Probe("helper")
    assert list(simulate(minimal, engines=[user, helper]).results) == ["helper", "user"]
    assert user.seen == ["helper"]
    alone = simulate(minimal, engines=[Probe("user", uses=("helper",))])
    assert list(alone.results) == ["user"]


def test_missing_requirement_names_both_engines() -> None:
    with pytest.raises(EngineWiringError, match="engine 'a' requires engine 'b', which is not"):
        order_engines([Probe("a", requires=("b",))])


def test_cycle_is_reported() -> None:
    with pytest.raises(EngineWiringError, match="cycle"):
        order_engines([Probe("a", requires=("b",)), Probe("b", requires=("a",))])


def test_undeclared_output_is_refused(minimal: Scenario) -> None:
    class Greedy(Probe):
        def run(
            self, scenario: Scenario, context: RunContext, inputs: EngineInputs
        ) -> EngineResult:
            inputs.require(RunContext)  # nobody produces a RunContext output
            raise AssertionError("unreachable")

    with pytest.raises(EngineWiringError, match="needs a RunContext"):
        simulate(minimal, engines=[Greedy("greedy")])


def test_error_finding_makes_the_run_not_feasible(minimal: Scenario) -> None:
    result = simulate(minimal, engines=[Probe("a", severity=Severity.WARNING)])
    assert result.verdict == "feasible"
    result = simulate(minimal, engines=[Probe("a", severity=Severity.ERROR)])
    assert result.verdict == "not feasible"
    assert result.summary()["findings_by_severity"] == {"info": 0, "warning": 0, "error": 1}


def test_summary_is_namespaced_by_engine(minimal: Scenario) -> None:
    summary = simulate(minimal, engines=[Probe("a"), Probe("b")]).summary()
    assert summary["a"] == summary["b"] == {"value": 1}
    assert summary["engines"] == ["a", "b"]
    assert summary["schema_version"] == "2"
    assert {"scenario", "verdict", "findings_by_severity", "provenance"} <= set(summary)


def test_tables_are_named_by_engine(minimal: Scenario) -> None:
    result = simulate(minimal, engines=[Probe("a"), Probe("b")])
    assert set(result.tables) == {"a_table", "b_table"}


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
    for summary in (first, second):
        for key in ("started", "finished", "engine_seconds"):
            del summary["provenance"][key]
    assert first == second


def test_each_engine_draws_from_its_own_seeded_stream(minimal: Scenario) -> None:
    # Adding an engine never changes another engine's draws; another seed changes them.
    alone = Probe("a")
    simulate(minimal, engines=[alone])
    crowded = Probe("a")
    other = Probe("b")
    simulate(minimal, engines=[Probe("z"), other, crowded])
    assert alone.draws == crowded.draws
    assert other.draws != crowded.draws
    reseeded = Probe("a")
    seeded = minimal.model_copy(
        update={"simulation": minimal.simulation.model_copy(update={"seed": 7})}
    )
    simulate(seeded, engines=[reseeded])
    assert reseeded.draws != alone.draws


def test_context_grid_comes_from_the_scenario(minimal: Scenario) -> None:
    context = simulate(minimal, engines=[Probe("a")]).context
    assert context.utc[0] == pd.Timestamp(minimal.start)
    assert context.step_s == minimal.simulation.step_h * 3600.0
    assert np.all(np.diff(context.grid.tdb_s) == pytest.approx(context.step_s, abs=1e-3))


def test_only_runs_the_named_engines_and_what_they_require(minimal: Scenario) -> None:
    result = simulate(minimal, only=["ledger"])
    assert list(result.results) == ["timeline", "ledger"]
    with pytest.raises(EngineWiringError, match="no engine named 'ledgr'"):
        simulate(minimal, only=["ledgr"])


def test_given_results_are_reused_when_their_inputs_match(minimal: Scenario) -> None:
    first = simulate(minimal)
    bigger = _with_battery(minimal, 2.0)
    reused = simulate(bigger, given={"environment": first.results["environment"]})
    assert reused.results["environment"] is first.results["environment"]
    assert reused.provenance.reused == ["environment"]
    assert "environment" not in reused.provenance.engine_seconds
    fresh = simulate(bigger)
    pd.testing.assert_frame_equal(reused.series["station_series"], fresh.series["station_series"])


def test_a_given_result_from_other_inputs_is_refused(minimal: Scenario) -> None:
    first = simulate(minimal, only=["environment"])
    moved = minimal.model_copy(
        update={"sites": (minimal.sites[0].model_copy(update={"lat_deg": -85.0}),)}
    )
    with pytest.raises(EngineWiringError, match="computed from different inputs"):
        simulate(moved, given={"environment": first.results["environment"]})
    handmade = EngineResult("environment")
    with pytest.raises(EngineWiringError, match="carries no digest"):
        simulate(minimal, given={"environment": handmade})


def test_provenance_records_inputs_software_and_timings(minimal: Scenario) -> None:
    provenance = simulate(minimal, command=["lunarstation", "run", "minimal"]).summary()[
        "provenance"
    ]
    (source,) = provenance["inputs"]
    assert source["kind"] == "builtin"
    assert source["name"] == "minimal"
    assert len(source["sha256"]) == 64
    assert len(provenance["scenario_sha256"]) == 64
    assert provenance["command"] == ["lunarstation", "run", "minimal"]
    assert set(provenance["engine_seconds"]) == {
        "timeline", "environment", "interop", "logistics", "station", "ledger", "orbits",
        "capacity", "science",
    }  # fmt: skip
    assert provenance["seed"] == minimal.simulation.seed
    assert provenance["numpy_version"] == np.__version__


def test_summary_validates_against_its_published_schema(minimal: Scenario) -> None:
    summary = json.loads(json.dumps(simulate(minimal).summary()))
    jsonschema.Draft202012Validator(run_summary_schema()).validate(summary)
    assert RunSummary.model_validate(summary).verdict == "feasible"


def test_reference_summary_contract(reference: Scenario) -> None:
    summary = simulate(reference).summary()
    (mission,) = [m for m in summary["logistics"]["missions"] if m["id"] == "ilrs-2"]
    assert {"id", "launch_margin_kg", "delta_v_margin_m_s"} <= set(mission)
    assert isinstance(mission["path"], list)
    assert isinstance(mission["propulsive_elements"], list)
    assert set(mission["tightest_leg"]) == {"origin", "destination"}
    partner = summary["ledger"]["partners"][0]
    assert {
        "partner",
        "missions",
        "mass_delivered_kg",
        "contribution_share",
        "benefit_share",
    } <= set(partner)
    assert summary["ledger"]["contribution_basis"] == "mass_landed"


def test_unknown_verdict_option_makes_an_unverified_docking_an_error(reference: Scenario) -> None:
    # Orel's IDSS docking at the NRHO station is 'unknown' (harmonisation talks only).
    strict = with_options(reference, interop={"unknown_verdict": "error"})
    result = simulate(strict, only=["interop"])
    orel = [
        f for f in result.findings if f.code == "INTERFACE_UNVERIFIED" and f.subject == "orel-1"
    ]
    assert orel
    assert all(f.severity is Severity.ERROR for f in orel)
    assert result.verdict == "not feasible"
    relaxed = simulate(reference, only=["interop"])
    assert all(
        f.severity is Severity.WARNING for f in relaxed.findings if f.code == "INTERFACE_UNVERIFIED"
    )


def _with_battery(scenario: Scenario, scale: float) -> Scenario:
    elements = []
    for element in scenario.elements:
        battery = element.power.battery
        if battery is not None:
            battery = battery.model_copy(update={"capacity_kwh": battery.capacity_kwh * scale})
            element = element.model_copy(
                update={"power": element.power.model_copy(update={"battery": battery})}
            )
        elements.append(element)
    return scenario.model_copy(update={"elements": tuple(elements)})
