"""Comparing two runs: what a partner's overlay (or any change of inputs) changes.

:func:`compare_runs` reads two :class:`RunView` and gives

* the findings that appear in B and disappear from A (matched by engine, code and
  subject: the same problem at another time is the same finding);
* each mission's Δv margin and launch margin in A and B, and the change;
* each site's hours of load shedding and lowest state of charge;
* each partner's contribution and benefit shares;

:func:`overlay_figures` draws the two runs in the same figures (A solid, B dashed or
hatched; a grid such as the interop matrix shown once per run), for the HTML form.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lunarstation.report.figures import FigureSpec, RunView, build_figures
from lunarstation.report.figures.logistics import margin_rows
from lunarstation.report.figures.sites import site_ids, site_series

FINDING_KEY = ("engine", "code", "subject")


@dataclass(frozen=True)
class Comparison:
    """What changes from run A to run B (tables; NaN where a run lacks the row)."""

    a: str
    b: str
    appeared: pd.DataFrame
    """Findings of B with no finding of the same engine, code and subject in A."""
    disappeared: pd.DataFrame
    """Findings of A with none of the same engine, code and subject in B."""
    missions: pd.DataFrame
    """mission, dv_margin_m_s_a/_b/_change, launch_margin_kg_a/_b/_change."""
    sites: pd.DataFrame
    """site, shed_h_a/_b/_change, min_soc_a/_b/_change."""
    partners: pd.DataFrame
    """partner, contribution_share_a/_b/_change, benefit_share_a/_b/_change."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: run labels and every table as a list of records (NaN as null)."""

        def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
            out = frame.astype(object).where(frame.notna(), None)
            rows = cast(list[dict[str, Any]], out.to_dict(orient="records"))
            for row in rows:
                for key, value in row.items():
                    if isinstance(value, pd.Timestamp):
                        row[key] = value.strftime("%Y-%m-%dT%H:%M:%SZ")
                    elif isinstance(value, np.generic):
                        row[key] = value.item()
            return rows

        return {
            "a": self.a,
            "b": self.b,
            "findings_appeared": records(self.appeared),
            "findings_disappeared": records(self.disappeared),
            "missions": records(self.missions),
            "sites": records(self.sites),
            "partners": records(self.partners),
        }


def _pair(a: pd.DataFrame, b: pd.DataFrame, key: str, columns: Sequence[str]) -> pd.DataFrame:
    """Outer join on ``key``: ``<column>_a``, ``<column>_b``, ``<column>_change``."""
    left = a[[key, *columns]].set_index(key).add_suffix("_a")
    right = b[[key, *columns]].set_index(key).add_suffix("_b")
    joined = left.join(right, how="outer", sort=False)
    ordered = list(dict.fromkeys([*a[key], *b[key]]))
    joined = joined.reindex(ordered)
    for column in columns:
        joined[f"{column}_change"] = joined[f"{column}_b"] - joined[f"{column}_a"]
    cols = [f"{c}_{s}" for c in columns for s in ("a", "b", "change")]
    return joined[cols].rename_axis(key).reset_index()


def finding_changes(a: RunView, b: RunView) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(appeared in B, disappeared from A), matched by engine, code and subject."""

    def keys(frame: pd.DataFrame) -> pd.Series:
        return frame[list(FINDING_KEY)].astype(str).agg("\x1f".join, axis=1)

    in_a, in_b = set(keys(a.findings)), set(keys(b.findings))
    appeared = b.findings[~keys(b.findings).isin(in_a)] if len(b.findings) else b.findings
    gone = a.findings[~keys(a.findings).isin(in_b)] if len(a.findings) else a.findings
    return appeared.reset_index(drop=True), gone.reset_index(drop=True)


def mission_margins(run: RunView) -> pd.DataFrame:
    """mission, dv_margin_m_s (negative: Δv nothing declared flies), launch_margin_kg."""
    transports = run.table("logistics_transports")
    if transports is None:
        return pd.DataFrame(columns=["mission", "dv_margin_m_s", "launch_margin_kg"])
    rows = margin_rows(transports)
    return pd.DataFrame(
        {
            "mission": rows["mission"],
            "dv_margin_m_s": rows["dv_m_s"].where(rows["dv_kind"] != "none"),
            "launch_margin_kg": rows["launch_kg"],
        }
    )


def site_margins(run: RunView) -> pd.DataFrame:
    """site, shed_h (hours with any load shed), min_soc (lowest state of charge, 0–1)."""
    series = run.table("station_series")
    rows = []
    for site in site_ids(run):
        data = None if series is None else site_series(series, site)
        if data is None:
            continue
        times = pd.DatetimeIndex(data.totals["time"])
        step_h = (
            float(np.median(np.diff(times.as_unit("ns").asi8)) / 3.6e12) if len(times) > 1 else 1.0
        )
        soc = data.grids["state_of_charge"] if "state_of_charge" in data.grids else pd.Series()
        rows.append(
            {
                "site": site,
                "shed_h": float((data.totals["shed_w"] > 0).sum() * step_h),
                "min_soc": float(soc.min()) if soc.notna().any() else np.nan,
            }
        )
    return pd.DataFrame(rows, columns=["site", "shed_h", "min_soc"])


def partner_shares(run: RunView) -> pd.DataFrame:
    """partner, contribution_share, benefit_share (0–1)."""
    table = run.table("ledger_partners")
    if table is None:
        return pd.DataFrame(columns=["partner", "contribution_share", "benefit_share"])
    return table[["partner", "contribution_share", "benefit_share"]].astype(
        {"contribution_share": float, "benefit_share": float}
    )


def compare_runs(a: RunView, b: RunView) -> Comparison:
    """What changes from ``a`` to ``b``."""
    appeared, gone = finding_changes(a, b)
    return Comparison(
        a.source,
        b.source,
        appeared,
        gone,
        _pair(mission_margins(a), mission_margins(b), "mission",
              ["dv_margin_m_s", "launch_margin_kg"]),
        _pair(site_margins(a), site_margins(b), "site", ["shed_h", "min_soc"]),
        _pair(partner_shares(a), partner_shares(b), "partner",
              ["contribution_share", "benefit_share"]),
    )  # fmt: skip


def _relabel(trace: Any, run: str) -> Any:
    """A trace of run ``run`` ("A"/"B"): named, grouped, and for B dashed or hatched."""
    copy = go.Figure(data=[trace]).data[0]
    name = copy.name or copy.type
    copy.name = f"{run}: {name}"
    copy.legendgroup = f"{run}:{copy.legendgroup or name}"
    if run == "B":
        if copy.type == "scatter":
            copy.line.dash = "dash"
            if copy.marker is not None:
                copy.marker.opacity = 0.7
        elif copy.type == "bar":
            copy.marker.pattern.shape = "/"
            copy.opacity = 0.75
    return copy


def overlay_figures(a: RunView, b: RunView) -> list[FigureSpec]:
    """The figures of both runs: A's and B's traces in the same figure where both have it
    (grids, which cannot overlay, once per run), then those only one run has."""
    specs_a = build_figures(a)
    specs_b = {spec.id: spec for spec in build_figures(b)}
    out: list[FigureSpec] = []
    for spec in specs_a:
        other = specs_b.pop(spec.id, None)
        if other is None:
            out.append(_tagged(spec, "A only"))
            continue
        if any(t.type == "heatmap" for t in spec.figure.data):
            out.append(_tagged(spec, "A"))
            out.append(_tagged(other, "B", suffix="-b"))
            continue
        figure = go.Figure(spec.figure)
        figure.data = ()
        for trace in spec.figure.data:
            figure.add_trace(_relabel(trace, "A"))
        for trace in other.figure.data:
            figure.add_trace(_relabel(trace, "B"))
        if figure.layout.barmode in ("stack", "relative"):
            figure.update_layout(barmode="group")  # A beside B; stacks would mix them
        out.append(
            FigureSpec(
                spec.id, spec.section, f"{spec.title} (A solid, B dashed)",
                spec.caption, spec.reduction, figure,
            )
        )  # fmt: skip
    out += [_tagged(spec, "B only") for spec in specs_b.values()]
    return out


def _tagged(spec: FigureSpec, tag: str, suffix: str = "") -> FigureSpec:
    figure = go.Figure(spec.figure)
    title = f"{spec.title} ({tag})"
    figure.update_layout(title_text=title)
    return FigureSpec(spec.id + suffix, spec.section, title, spec.caption, spec.reduction, figure)


def comparison_html(comparison: Comparison) -> str:
    """The comparison's tables as HTML, for the top of the comparison report."""
    import html as html_lib

    def table(frame: pd.DataFrame, caption: str) -> str:
        if frame.empty:
            return f"<p><b>{html_lib.escape(caption)}</b>: none.</p>"
        head = "".join(f"<th>{html_lib.escape(str(c))}</th>" for c in frame.columns)
        body = []
        for row in frame.itertuples(index=False):
            cells = []
            for value in row:
                if isinstance(value, float):
                    text = "" if np.isnan(value) else f"{value:,.4g}"
                elif isinstance(value, pd.Timestamp):
                    text = value.strftime("%Y-%m-%d")
                else:
                    text = "" if value is None or value is pd.NaT else str(value)
                cells.append(f"<td>{html_lib.escape(text)}</td>")
            body.append(f"<tr>{''.join(cells)}</tr>")
        return (
            f'<h3>{html_lib.escape(caption)}</h3><table class="findings"><thead><tr>{head}'
            f"</tr></thead><tbody>{''.join(body)}</tbody></table>"
        )

    shown = ["severity", "engine", "code", "subject", "time", "message"]
    return (
        f'<section id="sec-comparison"><h2>Comparison</h2><p class="meta">A: '
        f"{html_lib.escape(comparison.a)}<br>B: {html_lib.escape(comparison.b)}</p>"
        + table(comparison.appeared[shown], "Findings that appear in B")
        + table(comparison.disappeared[shown], "Findings that disappear from A")
        + table(comparison.missions, "Mission margins (Δv m/s, launch kg)")
        + table(comparison.sites, "Sites: hours of shedding, lowest state of charge")
        + table(comparison.partners, "Partners' shares")
        + "</section>"
    )


__all__ = ["Comparison", "compare_runs", "comparison_html", "overlay_figures"]
