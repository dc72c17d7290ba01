"""The figure builders, without a browser: each figure's data against the run's own tables.

The expected values are computed here independently of the builders (plain loops or
pandas on the run's tables), and compared with what the Plotly figures carry.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import pytest

from lunarstation.report.figures import FigureSpec, RunView, build_figures, figure_json
from lunarstation.report.figures.findings import finding_rows, target_figure
from lunarstation.report.figures.interop import VERDICTS
from lunarstation.report.figures.reduce import DAY_MS
from lunarstation.report.figures.style import WARNING
from lunarstation.report.figures.view import decode_typed
from lunarstation.simulate import RunResult

SOC_TOLERANCE_PERCENT = 1e-3
"""Traces are float32: 7 significant digits, so 1e-3 % of charge is far above rounding."""


def traces(spec: FigureSpec) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = decode_typed(figure_json(spec)["plotly"])["data"]
    return data


def named(spec: FigureSpec, name: str) -> dict[str, Any]:
    found = [t for t in traces(spec) if t.get("name") == name]
    assert len(found) == 1, [t.get("name") for t in traces(spec)]
    return found[0]


def test_folder_and_memory_give_the_same_tables(
    small_view: RunView, small_result: RunResult
) -> None:
    memory = RunView.from_result(small_result)
    assert set(memory.tables) == set(small_view.tables)
    for name in ("station_series", "timeline_events", "logistics_transports", "station_grids"):
        a, b = memory.tables[name], small_view.tables[name]
        assert list(a.columns) == list(b.columns), name
        for column in a.columns:
            if isinstance(a[column].dtype, pd.DatetimeTZDtype):
                assert (a[column].astype("datetime64[us, UTC]") == b[column]).all(), column
    soc_a = memory.tables["station_series"]["state_of_charge"].to_numpy()
    soc_b = small_view.tables["station_series"]["state_of_charge"].to_numpy()
    assert np.array_equal(soc_a, soc_b, equal_nan=True)
    assert memory.summary["verdict"] == small_view.summary["verdict"]
    assert list(memory.findings["code"]) == list(small_view.findings["code"])


def test_every_figure_has_title_units_legend_utc_hover_and_caption(
    small_specs: Mapping[str, FigureSpec],
) -> None:
    assert len(small_specs) >= 10
    for spec in small_specs.values():
        assert spec.title, spec.id
        assert spec.caption.endswith("."), spec.id
        plotly = decode_typed(figure_json(spec)["plotly"])
        layout = plotly["layout"]
        assert layout.get("showlegend", True) is not False or len(plotly["data"]) == 1
        axes = [k for k in layout if k.startswith(("xaxis", "yaxis"))]
        titled = [k for k in axes if (layout[k].get("title") or {}).get("text")]
        assert titled, spec.id
        for k in axes:
            if layout[k].get("type") == "date":
                assert "UTC" in ((layout[k].get("title") or {}).get("text") or "UTC"), spec.id
        for trace in plotly["data"]:
            if trace.get("hoverinfo") == "skip":
                continue
            hover = trace.get("hovertemplate", "")
            assert hover, (spec.id, trace.get("name"))
            if "%{x|" in hover:
                assert "UTC" in hover, (spec.id, trace.get("name"))
        json.dumps(figure_json(spec), allow_nan=False)  # JSON-safe: no NaN, no numpy


def test_soc_trace_is_the_station_table_reduced_as_stated(
    small_view: RunView, small_specs: Mapping[str, FigureSpec]
) -> None:
    spec = small_specs["site-ridge-soc"]
    assert spec.reduction.startswith("daily min/mean/max of the hourly values; hourly ±3 d")
    series = small_view.tables["station_series"]
    rows = series[(series["site"] == "ridge") & series["state_of_charge"].notna()]
    (grid,) = rows["grid"].unique()
    mean = named(spec, f"grid {grid} daily mean")
    low = named(spec, f"grid {grid} daily min–max")
    # Independent daily statistics: loop over the UTC calendar days.
    by_day: dict[object, list[float]] = {}
    for time, value in zip(rows["time"], rows["state_of_charge"], strict=True):
        by_day.setdefault(time.date(), []).append(100 * value)
    days = sorted(by_day)
    first = pd.Timestamp(days[0], tz="UTC")
    assert mean["x0"] == first.timestamp() * 1000
    assert mean["dx"] == DAY_MS
    expected_mean = [np.mean(by_day[d]) for d in days]
    expected_low = [min(by_day[d]) for d in days]
    assert np.allclose(mean["y"], expected_mean, atol=SOC_TOLERANCE_PERCENT)
    assert np.allclose(low["y"], expected_low, atol=SOC_TOLERANCE_PERCENT)
    # Hourly detail around the shedding: the hourly values themselves.
    hourly = named(spec, f"grid {grid} hourly (episodes)")
    x = np.asarray(hourly["x"], dtype=float)
    y = np.asarray(hourly["y"], dtype=float)
    by_ms = dict(
        zip(rows["time"].astype("int64") // 1000, 100 * rows["state_of_charge"], strict=True)
    )
    shed = series[(series["site"] == "ridge") & (series["shed_w"] > 0)]
    assert len(shed) > 0
    inside = {int(v) for v in x[np.isfinite(x)]}
    for time in shed["time"]:  # every shed hour has hourly detail
        assert int(time.timestamp() * 1000) in inside
    for xi, yi in zip(x, y, strict=True):
        if np.isfinite(xi):
            assert yi == pytest.approx(by_ms[int(xi)], abs=SOC_TOLERANCE_PERCENT)
    reserve = named(spec, f"survival reserve ({grid})")
    grids = small_view.tables["station_grids"]
    expected = 100 * grids.loc[grids["grid"] == grid, "reserve_state_of_charge"].iloc[0]
    assert np.nanmax(np.asarray(reserve["y"], dtype=float)) == pytest.approx(expected)


def test_mass_by_stage_adds_up_to_the_summary(
    small_view: RunView, small_specs: Mapping[str, FigureSpec]
) -> None:
    spec = small_specs["programme-mass"]
    landed: dict[str, float] = {}
    burned: dict[str, float] = {}
    for trace in traces(spec):
        target = landed if trace.get("xaxis", "x") == "x" else burned
        target[trace["legendgroup"]] = target.get(trace["legendgroup"], 0.0) + float(
            np.sum(trace["y"])
        )
    timeline = small_view.summary["timeline"]
    for partner, kg in timeline["mass_delivered_by_partner_kg"].items():
        assert landed.get(partner, 0.0) == pytest.approx(kg / 1000, abs=1e-9)
    for partner, kg in timeline["propellant_burned_by_partner_kg"].items():
        assert burned.get(partner, 0.0) == pytest.approx(kg / 1000, abs=1e-9)


def test_margins_warn_in_red_and_name_the_tightest_leg(small_view: RunView) -> None:
    transports = small_view.tables["logistics_transports"].copy()
    # Make the second mission flown with a negative margin, the third thin.
    transports["delta_v_margin_m_s"] = [np.nan, -12.0, 5.0][: len(transports)]
    transports["unpropelled_delta_v_m_s"] = [2991.0, 0.0, 0.0][: len(transports)]
    transports["tightest_leg"] = [None, "llo > ridge", "tli > llo"][: len(transports)]
    transports.loc[transports.index[-1], "launch_margin_kg"] = -300.0
    view = RunView(small_view.summary, {"logistics_transports": transports}, small_view.findings)
    (spec,) = build_figures(view)[:1]
    dv, launch = traces(spec)
    assert list(dv["y"]) == [-2991.0, -12.0, 5.0]
    assert dv["marker"]["color"][:2] == [WARNING, WARNING]
    assert dv["marker"]["color"][2] != WARNING
    assert launch["marker"]["color"][-1] == WARNING
    assert "tightest flown leg is" in spec.caption
    assert "-12 m/s on llo > ridge" in spec.caption


def test_interop_grid_is_the_summary_matrix(
    small_view: RunView, small_specs: Mapping[str, FigureSpec]
) -> None:
    matrix = small_view.summary["interop"]["compatibility_matrix"]
    (heat,) = traces(small_specs["interop-matrix"])
    elements = list(matrix)
    assert list(heat["x"]) == elements
    assert list(heat["y"]) == elements
    for i, a in enumerate(elements):
        for j, b in enumerate(elements):
            if a == b:
                assert np.isnan(heat["z"][i][j])
            else:
                assert VERDICTS[int(heat["z"][i][j])] == matrix[a][b]
                assert heat["text"][i][j] == matrix[a][b]


def test_parity_points_are_the_ledger_shares(
    small_view: RunView, small_specs: Mapping[str, FigureSpec]
) -> None:
    diagonal, points = traces(small_specs["ledger-parity"])
    assert diagonal["x"][0] == 0
    assert diagonal["x"][1] == diagonal["y"][1]
    table = small_view.tables["ledger_partners"]
    assert np.allclose(points["x"], 100 * table["contribution_share"])
    assert np.allclose(points["y"], 100 * table["benefit_share"])
    assert (
        small_view.summary["ledger"]["contribution_basis"] in small_specs["ledger-parity"].caption
    )


def test_sky_figure_matches_hour_counts(
    small_view: RunView, small_specs: Mapping[str, FigureSpec]
) -> None:
    sky = small_view.tables["environment_sky"]
    sky = sky[sky["site"] == "ridge"]
    monthly, _earth, dark = traces(small_specs["site-ridge-sky"])
    lit_by_month: dict[tuple[int, int], list[bool]] = {}
    for time, lit in zip(sky["time"], sky["sun_lit"], strict=True):
        lit_by_month.setdefault((time.year, time.month), []).append(bool(lit))
    expected = [100 * sum(v) / len(v) for _, v in sorted(lit_by_month.items())]
    assert np.allclose(monthly["y"], expected, atol=1e-4)
    # Darkness periods: their hours add up to the unlit hours; the longest is the summary's.
    assert float(np.sum(dark["y"])) == pytest.approx(float((~sky["sun_lit"]).sum()))
    longest = small_view.summary["environment"]["sites"]["ridge"]["longest_darkness_h"]
    assert float(np.max(dark["y"])) == pytest.approx(longest)


def test_findings_link_to_the_figure_they_concern(
    small_view: RunView, small_specs: Mapping[str, FigureSpec]
) -> None:
    rows = finding_rows(small_view, list(small_specs))
    assert len(rows) == len(small_view.findings)
    by_code = {r["code"]: r for r in rows}
    assert by_code["SITE_LONG_DARKNESS"]["figure"] == "site-ridge-sky"
    assert by_code["NO_PROPULSION"]["figure"] == "logistics-margins"
    assert all(r["figure"] in small_specs for r in rows if r["figure"])
    assert target_figure({"code": "LOADS_SHED", "subject": "ridge", "engine": "station"},
                         ["site-ridge-power"]) == "site-ridge-power"  # fmt: skip
    assert target_figure({"code": "X", "subject": "nowhere", "engine": "nobody"}, []) is None


def test_a_run_without_tables_builds_no_figures(small_view: RunView) -> None:
    empty = RunView({"scenario": {"name": "x"}}, {}, small_view.findings.iloc[0:0])
    assert build_figures(empty) == []


# The science and orbits tables come from other engines; the figures are built from
# tables of exactly the contracted columns (docs/report.md, "Tables other engines give").


def contract_tables() -> dict[str, pd.DataFrame]:
    start = pd.Timestamp("2036-03-01T00:00Z")
    schedule = pd.DataFrame(
        {
            "task": ["regolith-1", "regolith-2", "seismic-1"],
            "partner": ["cnsa", "cnsa", "roscosmos"],
            "site": ["ridge", "ridge", "rim"],
            "start": [start, start + pd.Timedelta(days=3), start + pd.Timedelta(days=1)],
            "end": [
                start + pd.Timedelta(days=2),
                start + pd.Timedelta(days=5),
                start + pd.Timedelta(days=9),
            ],
            "crew_hours": [6.0, 4.0, 0.0],
            "energy_kwh": [12.0, 8.0, 30.0],
            "data_gb": [0.5, 0.25, 2.0],
        }
    )
    use = pd.DataFrame(
        {
            "partner": ["cnsa", "cnsa", "roscosmos", "roscosmos", "cnsa", "roscosmos"],
            "resource": [
                "crew_hours",
                "crew_hours",
                "crew_hours",
                "crew_hours",
                "energy_kwh",
                "energy_kwh",
            ],
            "period": ["2036", "2037", "2036", "2037", "2036", "2036"],
            "used": [10.0, 5.0, 0.0, 3.0, 20.0, 45.0],
            "entitlement": [8.0, 8.0, 4.0, 4.0, 40.0, 40.0],
            "unit": ["h", "h", "h", "h", "kWh", "kWh"],
        }
    )
    coverage = pd.DataFrame(
        {"site": ["ridge", "rim"], "relay": ["queqiao-2", "queqiao-2"], "share": [0.9, 0.45],
         "longest_gap_h": [3.0, 14.0], "contacts": [120, 60]}
    )  # fmt: skip
    contacts = pd.DataFrame(
        {
            "site": ["ridge", "ridge", "rim"],
            "relay": ["queqiao-2"] * 3,
            "start": [start, start + pd.Timedelta(hours=30), start + pd.Timedelta(hours=2)],
            "end": [
                start + pd.Timedelta(hours=20),
                start + pd.Timedelta(hours=50),
                start + pd.Timedelta(hours=4),
            ],
            "max_elevation_deg": [60.0, 58.0, 12.5],
        }
    )
    return {"science_schedule": schedule, "science_use": use, "orbits_coverage": coverage,
            "orbits_contacts": contacts}  # fmt: skip


def test_science_and_orbits_figures_from_the_contracted_tables(small_view: RunView) -> None:
    view = RunView({}, contract_tables(), small_view.findings.iloc[0:0])
    specs = {s.id: s for s in build_figures(view)}
    assert set(specs) == {"science-use", "science-schedule", "orbits-coverage", "orbits-contacts"}
    use = traces(specs["science-use"])
    crew_used = next(t for t in use if t["name"] == "used" and t.get("xaxis", "x") == "x")
    assert dict(zip(crew_used["x"], crew_used["y"], strict=True)) == {
        "cnsa": 15.0,
        "roscosmos": 3.0,
    }
    assert WARNING not in crew_used["marker"]["color"]  # 15 h of 16, 3 h of 8: within
    energy_used = next(t for t in use if t["name"] == "used" and t.get("xaxis") == "x2")
    # roscosmos uses 45 kWh of its 40: over its entitlement, in the warning colour.
    assert list(energy_used["marker"]["color"]) == ["#1f77b4", WARNING]
    assert "summed over" in specs["science-use"].reduction
    (heat,) = traces(specs["orbits-coverage"])
    assert np.allclose(np.asarray(heat["z"], dtype=float).ravel(), [90.0, 45.0])
    lines = traces(specs["orbits-contacts"])
    ridge = next(t for t in lines if t["name"] == "ridge – queqiao-2")
    x = np.asarray(ridge["x"], dtype=float)
    assert x[1] - x[0] == 20 * 3_600_000
    assert x[4] - x[3] == 20 * 3_600_000
    schedule = traces(specs["science-schedule"])
    cnsa = next(t for t in schedule if t["name"] == "cnsa")
    assert [v for v in cnsa["y"] if v] == ["regolith-1", "regolith-1", "regolith-2", "regolith-2"]


def test_many_contacts_are_drawn_as_daily_hours(small_view: RunView) -> None:
    start = pd.Timestamp("2036-01-01T22:00Z")
    count = 3001
    contacts = pd.DataFrame(
        {
            "site": ["ridge"] * count,
            "relay": ["r"] * count,
            "start": [start + k * pd.Timedelta(days=1) for k in range(count)],
            "end": [start + k * pd.Timedelta(days=1) + pd.Timedelta(hours=4) for k in range(count)],
            "max_elevation_deg": [30.0] * count,
        }
    )
    view = RunView({}, {"orbits_contacts": contacts}, small_view.findings.iloc[0:0])
    (spec,) = build_figures(view)
    (trace,) = traces(spec)
    # Each contact runs 22:00 to 02:00: 2 h on its first day, 2 h on the next.
    assert trace["y"][0] == 2.0
    assert np.all(np.asarray(trace["y"][1:-1]) == 4.0)
    assert "hours in contact per UTC day" in spec.reduction
