"""Water-filling and DRF against published worked cases, and their properties.

Sources: ISS shares (1998 NASA–partner MOUs, NASA OIG 2018; shared/reference/science.md
§2, §4): 76.6 / 12.8 / 8.3 / 2.3 % of 35 h/week → 26.81, 4.48, 2.905, 0.805 h/week.
Ghodsi et al., "Dominant Resource Fairness", NSDI 2011, §4 example: ⟨9 CPU, 18 GB⟩, A
⟨1, 4⟩ per task, B ⟨3, 1⟩ → A 3 tasks, B 2, dominant shares 2/3 each, 9 CPU and 14 GB.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lunarstation.science.fairshare import (
    decayed_deficit,
    dominant_shares,
    drf_divisible,
    drf_tasks,
    water_fill,
)

HOUR_TOLERANCE = 1e-9  # h/week: the arithmetic is exact up to round-off


def test_iss_shares_of_35_hours_a_week() -> None:
    allocation = water_fill(35.0, [76.6, 12.8, 8.3, 2.3], [np.inf] * 4)
    assert allocation == pytest.approx([26.81, 4.48, 2.905, 0.805], abs=HOUR_TOLERANCE)


def test_unused_iss_allocation_flows_to_the_others_by_weight() -> None:
    # A partner using half its share (the National Lab used 52.7 %, NASA OIG 2018): the
    # rest goes to the others in proportion to their weights.
    allocation = water_fill(35.0, [76.6, 12.8, 8.3, 2.3], [np.inf, 2.24, np.inf, np.inf])
    assert allocation[1] == pytest.approx(2.24)
    rest = 35.0 - 2.24
    assert allocation[[0, 2, 3]] == pytest.approx(rest * np.array([76.6, 8.3, 2.3]) / 87.2)


def test_drf_example_of_ghodsi_et_al() -> None:
    tasks = drf_tasks([9, 18], [[1, 4], [3, 1]])
    assert tasks.tolist() == [3, 2]
    used = tasks[:, None] * np.array([[1, 4], [3, 1]])
    assert used.sum(axis=0).tolist() == [9, 14]
    assert dominant_shares(used, np.array([9.0, 18.0])) == pytest.approx([2 / 3, 2 / 3])
    assert drf_divisible([9, 18], [[1, 4], [3, 1]]) == pytest.approx([3.0, 2.0])


def test_deficit_halves_each_half_life() -> None:
    assert decayed_deficit([1.0, 1.0], [0.0, 0.5], [90.0, 180.0], 90.0) == pytest.approx(
        0.5 + 0.5 * 0.25
    )


@pytest.mark.parametrize(
    ("supply", "weights", "demands", "message"),
    [
        (-1.0, [1.0], [1.0], "supply"),
        (float("nan"), [1.0], [1.0], "supply"),
        (1.0, [0.0, 0.0], [1.0, 1.0], "weights sum to 0"),
        (1.0, [1.0], [float("nan")], "demands"),
    ],
)
def test_bad_inputs_are_refused(supply: float, weights: list[float], demands: list[float],
                                message: str) -> None:  # fmt: skip
    with pytest.raises(ValueError, match=message):
        water_fill(supply, weights, demands)


amounts = st.floats(0.0, 1e3, allow_nan=False)
instances = st.integers(1, 6).flatmap(
    lambda n: st.tuples(
        amounts,
        st.lists(st.floats(0.01, 10.0), min_size=n, max_size=n),
        st.lists(amounts, min_size=n, max_size=n),
    )
)


@given(instances)
@settings(max_examples=200, deadline=None)
def test_water_fill_never_exceeds_demand_and_uses_the_supply(case: tuple) -> None:  # type: ignore[type-arg]
    supply, weights, demands = case
    allocation = water_fill(supply, weights, demands)
    assert np.all(allocation >= -1e-9)
    assert np.all(allocation <= np.array(demands) + 1e-9 * (1 + np.array(demands)))
    assert allocation.sum() == pytest.approx(min(supply, sum(demands)), rel=1e-9, abs=1e-9)


@given(instances, st.integers(0, 5), st.floats(1.0, 10.0))
@settings(max_examples=200, deadline=None)
def test_raising_a_weight_never_lowers_that_allocation(case: tuple, pick: int,  # type: ignore[type-arg]
                                                       factor: float) -> None:  # fmt: skip
    supply, weights, demands = case
    i = pick % len(weights)
    before = water_fill(supply, weights, demands)[i]
    raised = list(weights)
    raised[i] *= factor
    assert water_fill(supply, raised, demands)[i] >= before - 1e-9 * (1 + before)


drf_cases = st.integers(2, 4).flatmap(
    lambda n: st.tuples(
        st.lists(st.floats(1.0, 100.0), min_size=2, max_size=2),
        st.lists(st.lists(st.floats(0.1, 10.0), min_size=2, max_size=2), min_size=n, max_size=n),
        st.lists(st.floats(0.1, 10.0), min_size=2, max_size=2),
    )
)


@given(drf_cases)
@settings(max_examples=200, deadline=None)
def test_drf_misreporting_never_helps(case: tuple) -> None:  # type: ignore[type-arg]
    capacity, demands, lie = case
    truthful = drf_divisible(capacity, demands)[0]
    reported = [lie, *demands[1:]]
    granted = drf_divisible(capacity, reported)[0] * np.array(lie)  # resources user 0 receives
    tasks_it_can_run = float((granted / np.array(demands[0])).min())
    assert tasks_it_can_run <= truthful * (1 + 1e-7) + 1e-9


@given(drf_cases)
@settings(max_examples=100, deadline=None)
def test_drf_stays_within_capacity(case: tuple) -> None:  # type: ignore[type-arg]
    capacity, demands, _ = case
    for tasks in (drf_tasks(capacity, demands), drf_divisible(capacity, demands)):
        used = np.asarray(tasks, float) @ np.array(demands)
        assert np.all(used <= np.array(capacity) * (1 + 1e-9))
