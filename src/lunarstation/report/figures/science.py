"""Science: each partner's use of station resources against its entitlement, and the
schedule of experiment tasks.

Reads ``science_schedule`` (task, partner, site, start, end, crew_hours, energy_kwh,
data_gb) and ``science_use`` (partner, resource, period, used, entitlement, unit), the
columns fixed by the figures contract (``docs/report.md``); absent tables, no figures.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
from plotly.subplots import make_subplots

from lunarstation.report.figures.style import (
    PALETTE,
    TEMPLATE,
    WARNING,
    colour_of,
    epoch_ms,
    new_figure,
)
from lunarstation.report.figures.view import FigureSpec, RunView

SECTION = "science"
SCHEDULE_COLUMNS = (
    "task",
    "partner",
    "site",
    "start",
    "end",
    "crew_hours",
    "energy_kwh",
    "data_gb",
)
USE_COLUMNS = ("partner", "resource", "period", "used", "entitlement", "unit")
MAX_TASK_ROWS = 40
"""Schedule rows drawn one per task up to this many; beyond, one row per partner."""


def figures(run: RunView) -> Iterator[FigureSpec]:
    """Use against entitlement, then the schedule, for the tables the run has."""
    use = run.table("science_use", USE_COLUMNS)
    if use is not None:
        yield use_figure(use)
    schedule = run.table("science_schedule", SCHEDULE_COLUMNS)
    if schedule is not None:
        yield schedule_figure(schedule)


def use_totals(use: pd.DataFrame) -> pd.DataFrame:
    """Per resource and partner, used and entitlement summed over the periods."""
    return (
        use.groupby(["resource", "unit", "partner"], sort=True)[["used", "entitlement"]]
        .sum()
        .reset_index()
    )


def use_figure(use: pd.DataFrame) -> FigureSpec:
    """One panel per resource: each partner's use (bar) and entitlement (marker)."""
    totals = use_totals(use)
    resources = list(dict.fromkeys(totals["resource"]))
    figure = make_subplots(
        rows=1, cols=len(resources), subplot_titles=resources, horizontal_spacing=0.08
    )
    for col, resource in enumerate(resources, start=1):
        rows = totals[totals["resource"] == resource]
        unit = str(rows["unit"].iloc[0])
        over = rows["used"] > rows["entitlement"] * (1 + 1e-9)
        figure.add_bar(
            x=rows["partner"], y=rows["used"], name="used", legendgroup="used",
            showlegend=col == 1, marker_color=[WARNING if o else PALETTE[0] for o in over],
            hovertemplate=f"%{{x}}: used %{{y:,.1f}} {unit}<extra>{resource}</extra>",
            row=1, col=col,
        )  # fmt: skip
        figure.add_scatter(
            x=rows["partner"], y=rows["entitlement"], mode="markers", name="entitlement",
            legendgroup="entitlement", showlegend=col == 1,
            marker={"symbol": "line-ew-open", "size": 24, "line": {"width": 3, "color": "#333"}},
            hovertemplate=f"%{{x}}: entitled to %{{y:,.1f}} {unit}<extra>{resource}</extra>",
            row=1, col=col,
        )  # fmt: skip
        figure.update_yaxes(title_text=f"{resource} ({unit})", row=1, col=col)
        figure.update_xaxes(title_text="partner", row=1, col=col)
    figure.update_layout(
        template=TEMPLATE, height=440, barmode="overlay",
        title={"text": "Use of station resources against entitlement", "x": 0},
    )  # fmt: skip
    periods = use["period"].nunique()
    return FigureSpec(
        "science-use", SECTION, "Use of station resources against entitlement",
        "A red bar is a partner using more than its entitlement (the black mark); bars well "
        "below their mark are entitlements left unused.",
        f"summed over {periods} period{'s' if periods != 1 else ''}", figure,
    )  # fmt: skip


def schedule_figure(schedule: pd.DataFrame) -> FigureSpec:
    """The tasks as bars from start to end, one row per task (or per partner when many)."""
    frame = schedule.assign(
        start=pd.to_datetime(schedule["start"], utc=True),
        end=pd.to_datetime(schedule["end"], utc=True),
    ).sort_values("start", kind="stable")
    by_task = frame["task"].nunique() <= MAX_TASK_ROWS
    row_of = frame["task"].astype(str) if by_task else frame["partner"].astype(str)
    partners = sorted(frame["partner"].astype(str).unique())
    figure = new_figure(
        "Science schedule", "time (UTC)", "task" if by_task else "partner",
        height=max(320, 22 * row_of.nunique() + 160),
    )  # fmt: skip
    for partner in partners:
        rows = frame[frame["partner"].astype(str) == partner]
        labels = row_of[rows.index]
        x: list[float] = []
        y: list[str | None] = []
        for (_, r), label in zip(rows.iterrows(), labels, strict=True):
            x += [*epoch_ms([r["start"], r["end"]]), np.nan]
            y += [label, label, None]
        custom = [
            [str(r["task"]), str(r["site"]), r["end"].strftime("%Y-%m-%d %H:%M UTC"),
             float(r["crew_hours"]), float(r["energy_kwh"]), float(r["data_gb"])]
            for _, r in rows.iterrows()
            for _ in range(3)
        ]  # fmt: skip
        figure.add_scatter(
            x=np.array(x), y=y, mode="lines+markers", name=partner,
            line={"width": 8, "color": colour_of(partner, partners)}, marker={"size": 4},
            customdata=custom,
            hovertemplate=(
                "<b>%{customdata[0]}</b> at %{customdata[1]}<br>from %{x|%Y-%m-%d %H:%M} UTC "
                "to %{customdata[2]}<br>%{customdata[3]:.1f} crew-h, %{customdata[4]:.1f} kWh, "
                "%{customdata[5]:.2f} GB<extra>" + partner + "</extra>"
            ),
        )  # fmt: skip
    figure.update_yaxes(type="category", autorange="reversed")
    return FigureSpec(
        "science-schedule", SECTION, "Science schedule",
        "When each experiment task runs, coloured by partner: crowded stretches are where "
        "crew time and power are contested.",
        "" if by_task else f"more than {MAX_TASK_ROWS} tasks: one row per partner", figure,
    )  # fmt: skip


__all__ = ["SCHEDULE_COLUMNS", "USE_COLUMNS", "figures", "use_totals"]
