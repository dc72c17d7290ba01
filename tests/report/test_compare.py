"""Comparing runs: a run against itself changes nothing; the minimal scenario's own
battery and array (120 kWh, 40 m²) shed nothing where the small ones (30 kWh, 8 m²) shed."""

from __future__ import annotations

import json

import numpy as np
import pytest

from lunarstation.report.compare import compare_runs, overlay_figures
from lunarstation.report.figures import RunView
from lunarstation.simulate import simulate
from lunarstation.validation import load_scenario


@pytest.fixture(scope="module")
def bigger_battery() -> RunView:
    return RunView.from_result(simulate(load_scenario("minimal")))


def test_a_run_compared_with_itself_changes_nothing(small_view: RunView) -> None:
    comparison = compare_runs(small_view, small_view)
    assert comparison.appeared.empty
    assert comparison.disappeared.empty
    for frame in (comparison.missions, comparison.sites, comparison.partners):
        changes = frame[[c for c in frame.columns if c.endswith("_change")]].to_numpy(float)
        assert np.all((changes == 0) | np.isnan(changes))
    json.dumps(comparison.to_dict(), allow_nan=False)


def test_a_bigger_battery_and_array_shed_nothing(
    small_view: RunView, bigger_battery: RunView
) -> None:
    comparison = compare_runs(small_view, bigger_battery)
    site = comparison.sites.set_index("site").loc["ridge"]
    series = small_view.tables["station_series"]
    assert site["shed_h_a"] == float((series[series["site"] == "ridge"]["shed_w"] > 0).sum())
    assert site["shed_h_b"] < site["shed_h_a"]
    assert site["min_soc_a"] == pytest.approx(series["state_of_charge"].min())
    assert site["shed_h_change"] == site["shed_h_b"] - site["shed_h_a"]
    # Matched by engine, code and subject: shedding stops, so its finding disappears.
    assert site["shed_h_b"] == 0
    assert "LOADS_SHED" in set(small_view.findings["code"])
    assert "LOADS_SHED" in set(comparison.disappeared["code"])
    assert "LOADS_SHED" not in set(comparison.appeared["code"])


def test_overlay_draws_both_runs_in_the_same_figure(
    small_view: RunView, bigger_battery: RunView
) -> None:
    specs = {s.id: s for s in overlay_figures(small_view, bigger_battery)}
    soc = specs["site-ridge-soc"]
    names = [t.name for t in soc.figure.data]
    assert any(n.startswith("A: ") for n in names)
    assert any(n.startswith("B: ") for n in names)
    assert all(t.line.dash == "dash" for t in soc.figure.data if t.name.startswith("B: "))
    assert "interop-matrix" in specs
    assert "interop-matrix-b" in specs
