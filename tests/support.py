"""Helpers shared by tests: a small valid scenario text, the writer type, engine runs."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from lunarstation.engine import Engine, EngineResult
from lunarstation.scenario import Scenario, ScenarioOptions
from lunarstation.simulate import simulate

WriteScenario = Callable[[str, str], Path]

BASE_YAML = """
name: base
stages:
  - {id: s1, name: Stage one, start: 2030-01-01, end: 2031-12-31}
partners:
  - {id: p1, name: Partner one, agency: A1, country: X, joined: 2021-01-01}
sites:
  - {id: site, name: Site, lat_deg: -89.0, lon_east_deg: 0.0}
launch_vehicles:
  - {id: lv, name: Launcher, partner: p1, payload_leo_kg: 20000, payload_tli_kg: 6000}
elements:
  - {id: lander, name: Lander, partner: p1, kind: lander, dry_mass_kg: 4000}
missions:
  - id: m1
    name: Mission one
    partners: [p1]
    launch: 2030-06-01
    launch_vehicle: lv
    destination: site
    payload: {elements: [lander]}
"""
"""A small valid scenario; tests overlay or edit it."""


def engine_result(
    scenario: Scenario,
    name: str,
    *,
    engines: Sequence[Engine] | None = None,
    given: Mapping[str, EngineResult] | None = None,
) -> EngineResult:
    """One engine's result, run through ``simulate(only=[name])`` with what it requires."""
    return simulate(scenario, only=[name], engines=engines, given=given).results[name]


def with_options(scenario: Scenario, **sections: Mapping[str, Any]) -> Scenario:
    """``scenario`` with ``options`` sections replaced, validated as a scenario file's are,
    e.g. ``with_options(s, station={"survival_reserve_share": 0.0})``."""
    options = scenario.options.model_dump()
    for section, values in sections.items():
        options[section] = {**options[section], **values}
    return scenario.model_copy(update={"options": ScenarioOptions.model_validate(options)})


def site_series(series: pd.DataFrame, site: str) -> pd.DataFrame:
    """One site's rows of the long ``station_series`` table, indexed by UTC time."""
    return series[series["site"] == site].drop(columns="site").set_index("time")
