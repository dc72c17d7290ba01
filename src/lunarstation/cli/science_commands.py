"""``lunarstation science``: tasks of mutual interest, the fair-share schedule, what-ifs.

* ``science tasks FILES`` — each task, who wants it, and where and when it could run;
* ``science schedule FILES [--policy ...] [--openmct FILE]`` — the schedule, use against
  entitlement, unmet runs with their reasons; an Open MCT plan on request;
* ``science allocate`` — the water-filling (``--supply --weights --demands``) or DRF
  (``--capacity --demands a=R1:D1/R2:D2 --drf``) on their own, for working-group what-ifs.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import pandas as pd
import typer

from lunarstation.cli.console import EXIT_OK, stdout
from lunarstation.cli.options import RequiredScenarioFiles
from lunarstation.cli.tables import Column, TableRows, print_tables
from lunarstation.constants import HOUR_S
from lunarstation.scenario import Problem, Scenario
from lunarstation.scenario.science import SharingPolicy
from lunarstation.science.engine import grid_problem
from lunarstation.science.fairshare import (
    dominant_shares,
    drf_tasks,
    nominal_shares,
    water_fill,
)
from lunarstation.science.openmct import openmct_plan
from lunarstation.simulate import simulate
from lunarstation.validation import load_scenario

app = typer.Typer(name="science", help="Science tasks of mutual interest and fair shares.",
                  no_args_is_help=True)  # fmt: skip

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


def _rows(frame: pd.DataFrame) -> list[list[Any]]:
    return [[_plain(v) for v in row] for row in frame.itertuples(index=False)]


def _plain(value: Any) -> Any:
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [dict(zip(frame.columns, row, strict=True)) for row in _rows(frame)]


def _hourly_grid(scenario: Scenario) -> Iterator[Problem]:
    """A load-time check for the science commands: they ask for a schedule, so a grid the
    scheduler cannot use is an error located at ``simulation.step_h`` (file and line)."""
    problem = grid_problem(scenario, scenario.simulation.step_h * HOUR_S)
    if problem is not None:
        yield ("simulation", "step_h"), problem


def _run(files: list[str], policy: SharingPolicy | None) -> Any:
    scenario = load_scenario(*files, checks=[_hourly_grid])
    if policy is not None:
        science = scenario.science.model_copy(update={"policy": policy})
        if policy is SharingPolicy.SHARES and not science.shares:
            raise typer.BadParameter(
                "the scenario declares no science.shares", param_hint="--policy"
            )
        scenario = scenario.model_copy(update={"science": science})
    return simulate(scenario, only=["science"])


@app.command("tasks")
def tasks_command(files: RequiredScenarioFiles, as_json: JsonOption = False) -> int:
    """List the tasks, their interested partners, mutual interest and where/when each
    could run at all (suitable hours in its window)."""
    result = _run(files, None)
    table = result.tables["science_tasks"]
    if as_json:
        sys.stdout.write(json.dumps({"tasks": _records(table)}, indent=2) + "\n")
        return EXIT_OK
    print_tables([TableRows("tasks", list(table.columns), _rows(table), title="Science tasks")])
    return EXIT_OK


@app.command("schedule")
def schedule_command(
    files: RequiredScenarioFiles,
    policy: Annotated[SharingPolicy | None, typer.Option(
        "--policy", help="parity, contribution or shares (default: the scenario's).")] = None,
    as_json: JsonOption = False,
    openmct: Annotated[Path | None, typer.Option(
        "--openmct", help="Also write the schedule as an Open MCT plan (JSON) to this file.",
        dir_okay=False)] = None,
) -> int:  # fmt: skip
    """Schedule the scenario's science tasks and show use against entitlement."""
    result = _run(files, policy)
    tables = {name: result.tables[f"science_{name}"] for name in ("schedule", "use", "unmet")}
    if openmct is not None:
        openmct.write_text(json.dumps(openmct_plan(tables["schedule"]), indent=1) + "\n")
    summary = result.summary()["science"]
    if as_json:
        payload = {"summary": summary, **{k: _records(v) for k, v in tables.items()}}
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
        return EXIT_OK
    totals = [[p, v["weight"], v["runs_placed"], v["used"]["crew_hours"], v["entitlement"]["crew_hours"],
               v["used"]["energy_kwh"], v["entitlement"]["energy_kwh"], v["used"]["data_gb"],
               v["entitlement"]["data_gb"]] for p, v in summary["partners"].items()]  # fmt: skip
    columns: list[Column | str] = ["partner", Column("weight", format="{:.4g}"), "runs"]
    columns += [Column(name, format="{:,.1f}") for name in
                ("crew_h", "crew_h_entitled", "kwh", "kwh_entitled", "gb", "gb_entitled")]  # fmt: skip
    print_tables([
        TableRows("schedule", list(tables["schedule"].columns), _rows(tables["schedule"]),
                  title="Schedule"),
        TableRows("use", columns, totals, title=f"Use against entitlement ({summary['policy']})"),
        TableRows("unmet", list(tables["unmet"].columns), _rows(tables["unmet"]), title="Unmet"),
    ])  # fmt: skip
    return EXIT_OK


def _number(text: str, option: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise typer.BadParameter(f"{what} {text!r} is not a number", param_hint=option) from None
    if not math.isfinite(value):
        raise typer.BadParameter(f"{what} must be a finite number, got {text}", param_hint=option)
    if value < 0:
        raise typer.BadParameter(f"{what} must not be negative, got {text}", param_hint=option)
    return value


def _pairs(text: str, option: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise typer.BadParameter(f"{item!r} is not name=value", param_hint=option)
        if name in pairs:
            raise typer.BadParameter(f"{name!r} is given twice", param_hint=option)
        pairs[name] = value
    if not pairs:
        raise typer.BadParameter("give at least one name=value", param_hint=option)
    return pairs


@app.command("allocate")
def allocate_command(
    demands: Annotated[str, typer.Option(
        "--demands", help="a=D,b=D (water-filling) or a=R1:D1/R2:D2,... (DRF: one task's needs).")],
    supply: Annotated[str | None, typer.Option("--supply", help="Supply of the one resource.")] = None,
    weights: Annotated[str | None, typer.Option(
        "--weights", help="a=W,b=W,... (default: equal).")] = None,
    capacity: Annotated[str | None, typer.Option(
        "--capacity", help="R1=X,R2=Y,... (DRF).")] = None,
    drf: Annotated[bool, typer.Option("--drf", help="Dominant Resource Fairness.")] = False,
    as_json: JsonOption = False,
) -> int:  # fmt: skip
    """Water-fill one resource by weight, or share several by DRF (tasks per partner)."""
    result = _drf(demands, capacity, weights) if drf else _water(demands, supply, weights)
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
        return EXIT_OK
    key = "tasks" if drf else "allocation"
    rows = [[p, result[key][p], result["entitlement" if not drf else "dominant_share"][p]]
            for p in result[key]]  # fmt: skip
    second = "dominant_share" if drf else "entitlement"
    shown = "{:,.6g}"  # on screen; --json keeps every digit
    print_tables([TableRows("allocation", ["partner", Column(key, format=shown),
                                           Column(second, format=shown)], rows)])  # fmt: skip
    if not drf:
        stdout.print(f"unused: {result['unused']:g}", markup=False)
    return EXIT_OK


def _weights(text: str | None, names: list[str]) -> list[float]:
    if text is None:
        return [1.0] * len(names)
    given = {
        k: _number(v, "--weights", f"weight of {k!r}") for k, v in _pairs(text, "--weights").items()
    }
    unknown = sorted(set(given) - set(names))
    if unknown:
        raise typer.BadParameter(
            f"unknown partner {unknown[0]!r} (not in --demands: {', '.join(names)})",
            param_hint="--weights")  # fmt: skip
    values = [given.get(n, 0.0) for n in names]
    if sum(values) <= 0:
        raise typer.BadParameter("weights sum to 0: give one partner a positive weight",
                                 param_hint="--weights")  # fmt: skip
    return values


def _water(demands: str, supply: str | None, weights: str | None) -> dict[str, Any]:
    if supply is None:
        raise typer.BadParameter("water-filling needs --supply (or use --drf --capacity)",
                                 param_hint="--supply")  # fmt: skip
    amount = _number(supply, "--supply", "supply")
    wanted = {
        k: _number(v, "--demands", f"demand of {k!r}")
        for k, v in _pairs(demands, "--demands").items()
    }
    names = list(wanted)
    w = _weights(weights, names)
    allocation = water_fill(amount, w, [wanted[n] for n in names])
    entitled = nominal_shares(amount, w)
    return {
        "allocation": {n: float(a) for n, a in zip(names, allocation, strict=True)},
        "entitlement": {n: float(e) for n, e in zip(names, entitled, strict=True)},
        "unused": float(amount - allocation.sum()),
    }


def _drf(demands: str, capacity: str | None, weights: str | None) -> dict[str, Any]:
    if capacity is None:
        raise typer.BadParameter("--drf needs --capacity R1=X,R2=Y", param_hint="--capacity")
    cap = {
        k: _number(v, "--capacity", f"capacity of {k!r}")
        for k, v in _pairs(capacity, "--capacity").items()
    }
    resources = list(cap)
    per_task: dict[str, list[float]] = {}
    for partner, text in _pairs(demands, "--demands").items():
        need = dict.fromkeys(resources, 0.0)
        for part in text.split("/"):
            resource, sep, value = part.partition(":")
            if not sep or resource not in cap:
                raise typer.BadParameter(
                    f"{partner}: {part!r} is not R:D with R one of {', '.join(resources)}",
                    param_hint="--demands")  # fmt: skip
            need[resource] = _number(value, "--demands", f"{partner}'s {resource}")
        if sum(need.values()) <= 0:
            raise typer.BadParameter(f"{partner}'s task needs nothing", param_hint="--demands")
        per_task[partner] = [need[r] for r in resources]
    names = list(per_task)
    w = _weights(weights, names)
    if any(v <= 0 for v in w):
        raise typer.BadParameter("DRF needs a positive weight for every partner",
                                 param_hint="--weights")  # fmt: skip
    tasks = drf_tasks([cap[r] for r in resources], [per_task[n] for n in names], w)
    used = [[t * x for x in per_task[n]] for n, t in zip(names, tasks, strict=True)]
    shares = dominant_shares(
        np.array(used, dtype=np.float64), np.array([cap[r] for r in resources], dtype=np.float64)
    )
    return {
        "tasks": {n: int(t) for n, t in zip(names, tasks, strict=True)},
        "dominant_share": {n: float(s) for n, s in zip(names, shares, strict=True)},
        "used": {r: float(sum(u[k] for u in used)) for k, r in enumerate(resources)},
    }
