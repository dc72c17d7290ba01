"""Every date of a scenario lies in the shipped ephemeris's span; the time grid fits a
stated budget of epochs. ``validate`` refuses what ``run`` could not do."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from lunarstation.errors import ScenarioError
from lunarstation.scenario import LoadLimits, loads_scenario
from lunarstation.scenario.base import (
    EARLIEST_DATE,
    EPHEMERIS_FIRST_DATE,
    EPHEMERIS_LAST_DATE,
    LATEST_DATE,
    LATEST_INSTANT,
)
from tests.support import BASE_YAML

SPAN = "the span of the DE421 ephemeris shipped with lunarstation"


def issues(text: str, limits: LoadLimits | None = None) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        loads_scenario(text, "t.yaml", limits=limits or LoadLimits())
    return [str(issue) for issue in caught.value.issues]


def test_the_span_is_the_ephemeris_span() -> None:
    from lunarstation.environment.ephemeris import VALID_END_TDB_S, VALID_RANGE_UTC
    from lunarstation.timegrid import utc_to_tdb_seconds

    assert (EPHEMERIS_FIRST_DATE.isoformat(), EPHEMERIS_LAST_DATE.isoformat()) == VALID_RANGE_UTC
    assert max(date(1957, 10, 4), EPHEMERIS_FIRST_DATE) == EARLIEST_DATE
    assert EPHEMERIS_LAST_DATE == LATEST_DATE
    last = np.array([np.datetime64(LATEST_INSTANT.replace(tzinfo=None), "ns")])
    margin_s = VALID_END_TDB_S - float(utc_to_tdb_seconds(last)[0])
    assert 0 < margin_s < 60  # the last instant a run may evaluate, with a minute to spare


def test_simulation_end_beyond_the_ephemeris_is_refused_at_load() -> None:
    assert issues(BASE_YAML + "simulation: {end: 2090-12-31}\n") == [
        "t.yaml:21:14: simulation.end: 2090-12-31T00:00:00Z is outside "
        f"1957-10-04T00:00:00Z … 2050-12-31T23:58:00Z, {SPAN}"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "start: 2030-01-01",
            "start: 2051-01-01",
            f"t.yaml:3:31: stages[0].start: date 2051-01-01 is outside 1957-10-04 … "
            f"2050-12-31, {SPAN}",
        ),
        (
            "joined: 2021-01-01",
            "joined: 1957-10-03",
            f"t.yaml:5:57: partners[0].joined: date 1957-10-03 is outside 1957-10-04 … "
            f"2050-12-31, {SPAN}",
        ),
        (
            "payload_tli_kg: 6000}",
            "payload_tli_kg: 6000, first_flight: 2077-01-01}",
            f"t.yaml:9:88: launch_vehicles[0].first_flight: date 2077-01-01 is outside "
            f"1957-10-04 … 2050-12-31, {SPAN}",
        ),
        (
            "launch: 2030-06-01",
            "launch: 2050-12-31T23:59:00Z",
            f"t.yaml:16:5: missions[0].launch: 2050-12-31T23:59:00Z is outside "
            f"1957-10-04T00:00:00Z … 2050-12-31T23:58:00Z, {SPAN}",
        ),
    ],
)
def test_every_dated_field_is_checked(old: str, new: str, expected: str) -> None:
    text = BASE_YAML.lstrip("\n").replace(old, new)
    assert expected in issues(text)


def test_the_last_instant_and_the_first_day_are_accepted() -> None:
    text = BASE_YAML.replace("joined: 2021-01-01", "joined: 1957-10-04") + (
        "simulation: {start: 2031-06-01T00:00:00Z, end: 2050-12-31T23:58:00Z}\n"
    )
    scenario = loads_scenario(text)
    assert scenario.end == LATEST_INSTANT


def test_an_impossible_date_is_reported_with_its_line() -> None:
    assert issues(BASE_YAML.replace("launch: 2030-06-01", "launch: 2033-02-30")) == [
        "t.yaml:17:5: missions[0].launch: input should be a UTC time such as "
        "2030-06-01T12:00:00Z, or a date such as 2030-06-01 (00:00 UTC); found '2033-02-30'"
    ]


def test_a_time_grid_over_budget_is_refused_at_step_h() -> None:
    assert issues(BASE_YAML + "simulation: {step_h: 0.001}\n") == [
        "t.yaml:21:14: simulation.step_h: a step of 0.001 h from 2030-01-01T00:00:00Z to "
        "2031-12-31T23:00:00Z makes 17,519,001 epochs, above the budget of 2,000,000 "
        "(max_epochs; each series over the grid costs 8 bytes an epoch); use step_h ≥ "
        "0.00876 h or a shorter span, or if this input is genuine, raise it with "
        "limits=LoadLimits(max_epochs=...)"
    ]


def test_the_budget_can_be_raised() -> None:
    text = BASE_YAML + "simulation: {step_h: 0.01}\n"  # 1,751,901 epochs
    assert loads_scenario(text).simulation.step_h == 0.01
    assert "max_epochs" in issues(text, LoadLimits(max_epochs=1_000_000))[0]
    assert loads_scenario(text, limits=LoadLimits(max_epochs=1_751_901)).name == "base"


def test_a_start_after_the_stages_end_is_refused_at_start() -> None:
    assert issues(BASE_YAML + "simulation: {start: 2033-01-01}\n") == [
        "t.yaml:21:14: simulation.start: the simulation would start at 2033-01-01T00:00:00Z "
        "and end at 2031-12-31T23:00:00Z; the end must come after the start (by default the "
        "stages' span)"
    ]
