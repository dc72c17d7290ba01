"""A plug-in engine: the launch campaign drawn 10,000 times from each launcher's reliability.

It shows the whole run contract in one page (docs/architecture.md):

* ``requires = ("logistics",)``: it reads the logistics engine's typed output
  (``LogisticsOutput``: every mission's launcher reliability), never its summary, and
  draws only the launches still to come (``LogisticsOutput.to_come``): a mission with a
  recorded outcome — Luna-25, Queqiao-2, Chang'e-6 in the reference — is history;
* ``context.rng(self.name)``: its own generator, spawned from the scenario's seed by the
  engine's name, so adding it to a run changes no other engine's draws and the same
  seed gives the same campaigns;
* a pydantic summary model (``summary.json["launch_risk"]``), a table, and a finding.

Run with:  .venv/bin/python examples/plug_in_engine.py
"""

import numpy as np
import pandas as pd

import lunarstation as ls
from lunarstation.findings import Finding, Severity
from lunarstation.logistics import LogisticsOutput
from lunarstation.simulate import default_engines

CAMPAIGNS = 10_000


class LaunchRiskSummary(ls.SummaryModel):
    """What the campaign draws say."""

    campaigns: int
    launches: int
    """Launches still to come (history is not drawn)."""
    all_launches_succeed: float
    """Share of drawn campaigns in which every launch succeeds."""
    failures_p50: float
    failures_p95: float
    crewed_missions_all_fly: float
    """Share of campaigns in which every crewed mission's launch succeeds."""


class LaunchRiskEngine:
    """Monte Carlo of launch outcomes: independent Bernoulli draws per launch."""

    name = "launch_risk"
    requires = ("logistics",)
    uses = ()

    def run(
        self, scenario: ls.Scenario, context: ls.RunContext, inputs: ls.EngineInputs
    ) -> ls.EngineResult:
        missions = inputs.require(LogisticsOutput).to_come
        reliability = np.array([m.launch_reliability for m in missions.values()])
        crewed = np.array([scenario.mission(mission_id).crew > 0 for mission_id in missions])
        success = context.rng(self.name).random((CAMPAIGNS, reliability.size)) < reliability
        failures = (~success).sum(axis=1)
        summary = LaunchRiskSummary(
            campaigns=CAMPAIGNS,
            launches=reliability.size,
            all_launches_succeed=float((failures == 0).mean()),
            failures_p50=float(np.percentile(failures, 50)),
            failures_p95=float(np.percentile(failures, 95)),
            crewed_missions_all_fly=float(success[:, crewed].all(axis=1).mean()),
        )
        table = pd.DataFrame({"failures": np.arange(failures.max() + 1)})
        table["campaigns"] = np.bincount(failures)
        findings: tuple[Finding, ...] = ()
        if summary.crewed_missions_all_fly < 0.9:
            findings = (
                Finding(
                    Severity.WARNING, "CREWED_LAUNCH_RISK", scenario.name, None,
                    f"every crewed launch succeeds in only "
                    f"{100 * summary.crewed_missions_all_fly:.1f} % of {CAMPAIGNS:,} drawn "
                    "campaigns", self.name,
                ),
            )  # fmt: skip
        return ls.EngineResult(
            self.name, summary=summary, tables={"failures": table}, findings=findings
        )


scenario = ls.load_scenario("ilrs-reference")
result = ls.simulate(scenario, engines=[*default_engines(), LaunchRiskEngine()])
print(result.summary()["launch_risk"])
print(result.tables["launch_risk_failures"].to_string(index=False))
for finding in result.findings:
    if finding.engine == "launch_risk":
        print(f"{finding.severity.value}: {finding.code}: {finding.message}")
# Only what the new engine needs: the logistics engine and what it requires.
alone = ls.simulate(
    scenario, engines=[*default_engines(), LaunchRiskEngine()], only=["launch_risk"]
)
print("engines run:", ", ".join(alone.results))
assert alone.summary()["launch_risk"] == result.summary()["launch_risk"]  # same seed, same draws
