"""``lunarstation science``: the allocate what-ifs reproduce the published worked cases;
tasks and schedule run on a small scenario with a task."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lunarstation.cli import main
from tests.support import BASE_YAML, WriteScenario

TASKS = """
science:
  tasks:
    - {id: probe, name: Probe, partner: p1, site: site, run_hours: 2, runs: 3,
       requires: [sunlit], power_w: 0}
"""


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(args) == 0
    return capsys.readouterr().out


def test_allocate_iss_shares(capsys: pytest.CaptureFixture[str]) -> None:
    out = json.loads(run(["science", "allocate", "--supply", "35", "--weights",
                          "nasa=76.6,jaxa=12.8,esa=8.3,csa=2.3", "--demands",
                          "nasa=100,jaxa=100,esa=100,csa=100", "--json"], capsys))  # fmt: skip
    assert out["allocation"] == pytest.approx(
        {"nasa": 26.81, "jaxa": 4.48, "esa": 2.905, "csa": 0.805}
    )
    assert out["unused"] == pytest.approx(0.0, abs=1e-12)


def test_allocate_drf_example(capsys: pytest.CaptureFixture[str]) -> None:
    out = json.loads(run(["science", "allocate", "--drf", "--capacity", "cpu=9,gb=18",
                          "--demands", "a=cpu:1/gb:4,b=cpu:3/gb:1", "--json"], capsys))  # fmt: skip
    assert out["tasks"] == {"a": 3, "b": 2}
    assert out["dominant_share"] == pytest.approx({"a": 2 / 3, "b": 2 / 3})


def test_tasks_and_schedule_with_openmct(write_scenario: WriteScenario, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    path = str(write_scenario("s.yaml", BASE_YAML + TASKS))
    tasks = json.loads(run(["science", "tasks", path, "--json"], capsys))["tasks"]
    assert tasks[0]["task"] == "probe"
    assert tasks[0]["suitable_hours"] > 0
    plan = tmp_path / "plan.json"
    out = json.loads(run(["science", "schedule", path, "--json", "--openmct", str(plan)], capsys))
    assert out["summary"]["runs_placed"] == 3
    activities = json.loads(plan.read_text())["p1"]
    assert len(activities) == 3
    assert all(a["end"] - a["start"] == 2 * 3_600_000 for a in activities)


CONTRIBUTION_YAML = """
name: contribution
stages:
  - {id: s1, name: Stage one, start: 2030-01-01, end: 2030-12-31}
partners:
  - {id: p1, name: Partner one, agency: A1, country: X, joined: 2021-01-01}
  - {id: p2, name: Partner two, agency: A2, country: Y, joined: 2021-01-01}
sites:
  - {id: site, name: Site, lat_deg: -89.0, lon_east_deg: 0.0}
launch_vehicles:
  - {id: lv, name: Launcher, partner: p1, payload_leo_kg: 20000, payload_tli_kg: 6000}
elements:
  - {id: small, name: Small lander, partner: p1, kind: lander, dry_mass_kg: 1000}
  - {id: big, name: Big lander, partner: p2, kind: lander, dry_mass_kg: 3000}
missions:
  - {id: m1, name: Mission one, partners: [p1], launch: 2030-06-01, launch_vehicle: lv,
     destination: site, payload: {elements: [small]}}
  - {id: m2, name: Mission two, partners: [p2], launch: 2030-06-01, launch_vehicle: lv,
     destination: site, payload: {elements: [big]}}
science:
  tasks:
    - {id: a, name: A, partner: p1, site: site, run_hours: 1, runs: 2000, data_gb_per_run: 1000}
    - {id: b, name: B, partner: p2, site: site, run_hours: 1, runs: 2000, data_gb_per_run: 1000}
"""
"""Two partners landing 1,000 and 3,000 kg (no propellant, so arrival mass = dry mass):
on the default ``mass_landed`` basis their contribution shares are 1/4 and 3/4 by hand.
Both ask for far more downlink (2 PB each) than the site has, so water-filling gives
each exactly its weight's part of every period's downlink."""


def test_schedule_policy_contribution_weights_from_ledger(
    write_scenario: WriteScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(write_scenario("c.yaml", CONTRIBUTION_YAML))
    out = json.loads(run(["science", "schedule", path, "--policy", "contribution", "--json"],
                         capsys))  # fmt: skip
    summary = out["summary"]
    assert summary["policy"] == "contribution"
    weights = {p: v["weight"] for p, v in summary["partners"].items()}
    assert weights == pytest.approx({"p1": 0.25, "p2": 0.75}, abs=1e-12)
    data = [r for r in out["use"] if r["resource"] == "data_gb"]
    periods = sorted({r["period"] for r in data})
    assert len(periods) >= 12  # 365 days in 30-day periods
    for period in periods:
        owed = {r["partner"]: r["entitlement"] for r in data if r["period"] == period}
        assert owed["p1"] > 0
        # Work-conserving and by weight: 1 : 3 of the period's downlink, to 1e-9 GB.
        assert owed["p2"] == pytest.approx(3 * owed["p1"], abs=1e-9)
    shares = [r for r in out["use"] if r["resource"] == "dominant_share"]
    for row in shares:  # % of the period's capacity entitled
        assert row["entitlement"] == pytest.approx(25.0 if row["partner"] == "p1" else 75.0)
    # The same file under parity: equal halves, so the weights really came from the ledger.
    parity = json.loads(run(["science", "schedule", path, "--policy", "parity", "--json"], capsys))
    first = {r["partner"]: r["entitlement"] for r in parity["use"]
             if r["resource"] == "data_gb" and r["period"] == periods[0]}  # fmt: skip
    assert first["p1"] == pytest.approx(first["p2"])
    assert first["p1"] + first["p2"] == pytest.approx(
        sum(r["entitlement"] for r in data if r["period"] == periods[0])
    )
