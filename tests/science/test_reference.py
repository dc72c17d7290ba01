"""The science schedule on the reference scenario: the final station run carries the
scheduled loads and none of them makes the station shed or draw its batteries down.

The check is independent of the scheduler's margin bookkeeping: the final station run
is compared with the housekeeping run hour by hour. Stored energy may not differ by more
than the kernel's round-off (1 J), shedding may not grow by more than the station's power
tolerance, and the load served must grow by the scheduled power.
"""

from __future__ import annotations

import numpy as np
import pytest

from lunarstation.engine import EngineInputs
from lunarstation.science.engine import ScienceEngine, ScienceOutput, run_science
from lunarstation.simulate import RunResult, simulate
from lunarstation.station.scheduled import HousekeepingOutput
from lunarstation.station.tolerances import POWER_TOLERANCE_W
from lunarstation.validation import load_scenario

STORED_TOLERANCE_J = 1.0


@pytest.fixture(scope="module")
def reference() -> RunResult:
    return simulate(load_scenario("ilrs-reference"), only=["station", "science", "ledger"])


def test_schedule_places_runs_with_reasons_for_the_rest(reference: RunResult) -> None:
    table = reference.tables["science_schedule"]
    assert list(table.columns[:3]) == ["task", "partner", "site"]
    assert len(table) > 50
    unmet = reference.tables["science_unmet"]
    assert (unmet["reason"] != "").all()
    summary = reference.summary()["science"]
    assert summary["runs_placed"] + summary["runs_unmet"] == summary["runs_wanted"]


def test_final_station_run_carries_loads_without_shedding_or_depleting(
    reference: RunResult,
) -> None:
    housekeeping = reference.results["capacity"].output
    science = reference.results["science"].output
    assert isinstance(housekeeping, HousekeepingOutput)
    assert isinstance(science, ScienceOutput)
    station = reference.results["station"].output
    assert science.site_loads
    for site, loads in science.site_loads.items():
        before, after = housekeeping.runs[site], station.sites[site]  # type: ignore[attr-defined]
        scheduled = loads.host_w + sum(loads.element_w.values(), np.zeros_like(loads.host_w))
        assert scheduled.sum() > 0
        assert np.all(after.shed_w <= before.shed_w + POWER_TOLERANCE_W)
        assert np.allclose(after.stored_j, before.stored_j, atol=STORED_TOLERANCE_J)
        assert np.allclose(after.served_w - before.served_w, scheduled, atol=POWER_TOLERANCE_W)
    watched = ("POWER_DEPLETED", "LOADS_SHED", "THERMAL_LIMIT")
    codes = lambda result: sorted((f.code, f.subject) for f in result.findings  # noqa: E731
                                  if f.code in watched)  # fmt: skip
    assert codes(reference.results["station"]) == codes(
        simulate(load_scenario("ilrs-reference"), only=["station"]).results["station"]
    )


def test_sunlight_tasks_never_run_in_darkness(reference: RunResult) -> None:
    sky = reference.results["environment"].output.sites  # type: ignore[attr-defined]
    utc = reference.context.utc
    tasks = {t.id: t for t in reference.scenario.science.tasks}
    for row in reference.tables["science_schedule"].itertuples():
        if "sunlit" in tasks[row.task].requires:
            hours = slice(utc.get_loc(row.start), utc.get_loc(row.end - np.timedelta64(1, "h")) + 1)
            assert np.all(sky[row.site].sun_disk_fraction[hours] > 0)


def test_schedule_is_byte_identical_twice(reference: RunResult) -> None:
    inputs = EngineInputs("science", reference.results)
    engine = ScienceEngine()
    first = engine.run(reference.scenario, reference.context, inputs)
    second = engine.run(reference.scenario, reference.context, inputs)
    for name in ("schedule", "use", "unmet"):
        assert first.tables[name].to_csv().encode() == second.tables[name].to_csv().encode()


def test_ledger_counts_scheduled_science_as_benefit(reference: RunResult) -> None:
    rows = {r["partner"]: r for r in reference.summary()["ledger"]["partners"]}
    use = reference.tables["science_schedule"].groupby("partner")["crew_hours"].sum()
    for partner, hours in use.items():
        assert rows[partner]["science_crew_hours"] == pytest.approx(hours)


def test_use_table_sums_match_the_schedule(reference: RunResult) -> None:
    """``science_use`` per partner and resource, summed over periods, is the schedule's
    total (a run is charged to the period it starts in, whole): to 1e-9 h/kWh/GB."""
    schedule = reference.tables["science_schedule"]
    use = reference.tables["science_use"]
    totals = use[use["resource"] != "dominant_share"].groupby(["partner", "resource"])["used"]
    summed = totals.sum()
    for partner, group in schedule.groupby("partner"):
        for resource in ("crew_hours", "energy_kwh", "data_gb"):
            assert summed[(partner, resource)] == pytest.approx(group[resource].sum(), abs=1e-9)
    others = set(summed.index.get_level_values(0)) - set(schedule["partner"])
    assert all(summed[p].abs().sum() == 0 for p in others)


def test_runs_across_midnight_are_charged_to_their_start_day(reference: RunResult) -> None:
    """docs/science.md: a run's crew time and data go to the day (24 h from the grid's
    start) its run starts, and each day's charges stay within that day's budget; a
    splittable run's pieces each lie within one day."""
    plan, result = run_science(reference.scenario, reference.context,
                               EngineInputs("science", reference.results))  # fmt: skip
    assert reference.context.utc[0].hour == 0  # grid days are calendar days here
    cap = plan.capacity
    crew_day, data_day = np.zeros_like(cap.crew_budget_h), np.zeros_like(cap.data_budget_gb)
    crossing = 0
    for piece in result.placements:
        spec = plan.specs[piece.task]
        day = piece.start // 24
        crossing += (piece.stop - 1) // 24 != day
        if spec.splittable:
            assert (piece.stop - 1) // 24 == day
        crew_day[spec.site, day] += piece.crew_h
        data_day[spec.site, day] += piece.data_gb
    assert crossing > 0  # the reference has runs across midnight, so this is exercised
    assert np.all(crew_day <= cap.crew_budget_h + 1e-9)
    assert np.all(data_day <= cap.data_budget_gb + 1e-9)
    # The table and the placements agree (same pieces, same order).
    table = reference.tables["science_schedule"]
    assert list(table["crew_hours"]) == [x.crew_h for x in result.placements]
