"""Logistics: each mission's Δv margin and launch margin, the tightest leg named.

Reads ``logistics_transports`` (one row per mission: ``delta_v_margin_m_s`` over the
propulsion declared, ``unpropelled_delta_v_m_s`` that nothing declared flies,
``tightest_leg``, ``launch_margin_kg`` against the launcher's capacity).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
from plotly.subplots import make_subplots

from lunarstation.report.figures.style import OK, PALETTE, TEMPLATE, WARNING
from lunarstation.report.figures.view import FigureSpec, RunView

SECTION = "logistics"


def figures(run: RunView) -> Iterator[FigureSpec]:
    """The margins figure (none without ``logistics_transports``)."""
    transports = run.table("logistics_transports")
    if transports is not None:
        yield margins(transports)


def _column(frame: pd.DataFrame, name: str, default: object) -> pd.Series:
    """``frame[name]``, or ``default`` on every row when the table lacks the column."""
    return frame[name] if name in frame else pd.Series([default] * len(frame), index=frame.index)


def margin_rows(transports: pd.DataFrame) -> pd.DataFrame:
    """Per mission in launch order: ``dv_m_s`` (the margin, or minus the Δv nothing
    declared flies), ``dv_kind`` (``margin``/``unflown``/``none``), ``launch_kg``."""
    frame = transports.sort_values("launch", kind="stable").reset_index(drop=True)
    margin = pd.to_numeric(_column(frame, "delta_v_margin_m_s", np.nan), errors="coerce")
    unflown = pd.to_numeric(_column(frame, "unpropelled_delta_v_m_s", 0.0), errors="coerce")
    unflown = unflown.fillna(0.0)
    kind = np.where(margin.notna(), "margin", np.where(unflown > 0, "unflown", "none"))
    # A mission with both: the part nothing flies is the binding fact.
    kind = np.where(margin.notna() & (unflown > 0), "unflown", kind)
    dv = np.where(kind == "unflown", -unflown, margin.fillna(0.0))
    return pd.DataFrame(
        {
            "mission": frame["mission"].astype(str),
            "launch": frame["launch"],
            "outcome": frame.get("outcome", pd.Series([""] * len(frame))).astype(str),
            "dv_m_s": dv.astype(float),
            "dv_kind": kind,
            "tightest_leg": frame.get("tightest_leg", pd.Series([None] * len(frame))),
            "launch_kg": pd.to_numeric(frame["launch_margin_kg"], errors="coerce"),
            "launch_vehicle": frame.get("launch_vehicle", pd.Series([""] * len(frame))),
            "destination": frame.get("destination", pd.Series([""] * len(frame))),
        }
    )


def margins(transports: pd.DataFrame) -> FigureSpec:
    """Two bar rows over the missions: Δv margin (m/s) and launch margin (t)."""
    rows = margin_rows(transports)
    x = rows["mission"].tolist()
    figure = make_subplots(
        rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08,
        subplot_titles=("Δv margin over the declared propulsion", "launch margin (capacity − payload)"),
    )  # fmt: skip
    dv_colours = [
        WARNING if k == "unflown" or v < 0 else (PALETTE[7] if k == "none" else OK)
        for k, v in zip(rows["dv_kind"], rows["dv_m_s"], strict=True)
    ]
    legs = rows["tightest_leg"].where(rows["tightest_leg"].notna(), "—").astype(str)
    what = np.where(
        rows["dv_kind"] == "unflown",
        "Δv nothing declared flies (drawn negative)",
        np.where(rows["dv_kind"] == "none", "no Δv on the path", "margin"),
    )
    launch_day = rows["launch"].dt.strftime("%Y-%m-%d %H:%M UTC")
    figure.add_bar(
        x=x, y=rows["dv_m_s"], marker_color=dv_colours, name="Δv margin (m/s)",
        customdata=np.stack([what, legs, launch_day, rows["outcome"]], axis=1),
        hovertemplate=(
            "<b>%{x}</b> launched %{customdata[2]} (%{customdata[3]})<br>%{customdata[0]}: "
            "%{y:,.0f} m/s<br>tightest leg: %{customdata[1]}<extra></extra>"
        ),
        row=1, col=1,
    )  # fmt: skip
    launch_t = rows["launch_kg"] / 1000
    figure.add_bar(
        x=x, y=launch_t, name="launch margin (t)",
        marker_color=[WARNING if v < 0 else PALETTE[0] for v in launch_t.fillna(0)],
        customdata=np.stack([rows["launch_vehicle"].astype(str), launch_day], axis=1),
        hovertemplate=(
            "<b>%{x}</b> on %{customdata[0]}, %{customdata[1]}<br>launch margin "
            "%{y:,.2f} t<extra></extra>"
        ),
        row=2, col=1,
    )  # fmt: skip
    flown = rows[rows["dv_kind"] == "margin"]
    tightest = ""
    if len(flown):
        worst = flown.iloc[int(np.argmin(flown["dv_m_s"].to_numpy()))]
        leg = worst["tightest_leg"] if isinstance(worst["tightest_leg"], str) else "its path"
        tightest = f"{worst['mission']}: {worst['dv_m_s']:,.0f} m/s on {leg}"
        figure.add_annotation(
            x=worst["mission"], y=float(worst["dv_m_s"]), text=f"tightest: {tightest}",
            showarrow=True, arrowhead=2, ax=40, ay=-40, row=1, col=1,
        )  # fmt: skip
    figure.update_layout(
        template=TEMPLATE, height=560, showlegend=True, bargap=0.25,
        title={"text": "Δv and launch margins per mission", "x": 0},
    )  # fmt: skip
    figure.update_yaxes(title_text="Δv margin (m/s)", row=1, col=1)
    figure.update_yaxes(title_text="launch margin (t)", row=2, col=1)
    figure.update_xaxes(title_text="mission (in launch order)", row=2, col=1)
    unflown = int((rows["dv_kind"] == "unflown").sum())
    caption = (
        "Red bars are missions short of margin: a negative launch margin is a payload over "
        "the launcher's capacity, a negative Δv bar is Δv that nothing declared flies"
        f" ({unflown} mission{'s' if unflown != 1 else ''})"
    )
    caption += f"; the tightest flown leg is {tightest}." if tightest else "."
    return FigureSpec(
        "logistics-margins", SECTION, "Δv and launch margins per mission", caption, "", figure
    )


__all__ = ["figures", "margin_rows"]
