"""Colours, the page's small Plotly template, and helpers every builder shares.

Times go to Plotly as milliseconds since 1970 UTC (a date axis reads numbers so): 8 bytes
a point where ISO text costs 25, and Plotly.js formats them in UTC, so hover templates
print ``%{x|%Y-%m-%d %H:%M} UTC``. Regular daily series use ``x0``/``dx`` and carry no
time array at all (:mod:`~lunarstation.report.figures.reduce`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

WARNING = "#d62728"
"""Negative margins, shedding, shortfalls."""
SHED = "rgba(214, 39, 40, 0.18)"
"""Shading of shedding episodes."""
OK = "#2ca02c"
RESERVE = "#9467bd"
NEUTRAL = "#7f7f7f"
PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#7f7f7f", "#aec7e8", "#ffbb78", "#98df8a", "#c5b0d5", "#c49c94",
    "#f7b6d2", "#9edae5", "#dbdb8d", "#393b79", "#637939", "#8c6d31",
)  # fmt: skip
"""Category colours (Tableau 10 and 20), assigned in a stable order."""

VERDICT_COLOURS = {
    "direct": "#2ca02c",
    "adapter": "#98df8a",
    "claimed": "#ffbb78",
    "unknown": "#c7c7c7",
    "none": "#d62728",
}
"""Interop verdicts, best to worst."""

TIME_HOVER = "%{x|%Y-%m-%d %H:%M} UTC"
DAY_HOVER = "%{x|%Y-%m-%d} UTC"

TEMPLATE = go.layout.Template(
    layout={
        "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 12},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "colorway": list(PALETTE[:10]),
        "xaxis": {"showgrid": True, "gridcolor": "#e5e5e5", "zeroline": False},
        "yaxis": {"showgrid": True, "gridcolor": "#e5e5e5", "zerolinecolor": "#bbbbbb"},
        "hoverlabel": {"namelength": -1},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.03, "x": 0},
        "margin": {"l": 70, "r": 20, "t": 96, "b": 50},
    }
)
"""A small template (Plotly's default one adds 9 kB of JSON to every figure)."""


def colour_of(key: str, keys: Sequence[str]) -> str:
    """A stable colour for ``key`` among ``keys`` (same partner, same colour everywhere)."""
    return PALETTE[list(keys).index(key) % len(PALETTE)] if key in keys else NEUTRAL


def epoch_ms(times: Any) -> FloatArray:
    """UTC times as float milliseconds since 1970 (NaT: NaN), for Plotly date axes."""
    index = pd.DatetimeIndex(pd.to_datetime(times, utc=True))
    values = index.as_unit("ms").asi8.astype(float)
    values[index.isna()] = np.nan
    return values


def iso_day(time: pd.Timestamp) -> str:
    """``2031-02-06`` of a UTC time."""
    return pd.Timestamp(time).tz_convert("UTC").strftime("%Y-%m-%d")


def new_figure(
    title: str, x_title: str, y_title: str, *, height: int = 420, date_axis: bool = True
) -> go.Figure:
    """An empty figure with the page's template, titles and units on both axes."""
    figure = go.Figure()
    figure.update_layout(
        template=TEMPLATE,
        title={
            "text": title,
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 0.985,
            "yanchor": "top",
        },
        height=height,
        hovermode="closest",
        xaxis={"title": {"text": x_title}, **({"type": "date"} if date_axis else {})},
        yaxis={"title": {"text": y_title}},
        showlegend=True,
    )
    return figure


def f32(values: Any) -> NDArray[np.float32]:
    """Values as float32 (half the bytes of float64 in the page; 7 significant digits)."""
    return np.asarray(values, dtype=np.float32)
