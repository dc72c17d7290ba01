"""Each surface site: Sun and Earth, power, battery, stores and data over the campaign.

Reads ``environment_sky`` (hourly Sun/Earth visibility), ``station_series`` (hourly power,
battery, crew, stores and data per site and grid), ``station_grids`` (each grid's battery
and survival reserve over time) and ``station_reserves`` (the consumables' reserve per
crew-day). Long series are reduced as :mod:`~lunarstation.report.figures.reduce` says:
daily min/mean/max, hourly detail around the site's shedding and shortfall episodes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lunarstation.report.figures.reduce import (
    DAY_MS,
    DailyBands,
    Detail,
    bool_mask,
    daily_bands,
    detail_windows,
    episodes,
    hourly_detail,
)
from lunarstation.report.figures.style import (
    DAY_HOVER,
    PALETTE,
    RESERVE,
    SHED,
    TEMPLATE,
    TIME_HOVER,
    WARNING,
    epoch_ms,
    f32,
    new_figure,
)
from lunarstation.report.figures.view import FigureSpec, RunView

MERGE_GAP = pd.Timedelta(days=1)
"""Shedding episodes closer than this are shaded as one."""
MAX_SHADED = 200
"""At most this many shaded shedding episodes a figure (those closer than a day merge)."""


def section(site: str) -> str:
    """The section of a site's figures."""
    return f"site:{site}"


def site_ids(run: RunView) -> list[str]:
    """Surface sites in the scenario's order (environment table), then any others."""
    ids: list[str] = []
    for name in ("environment_sites", "station_sites"):
        table = run.table(name)
        if table is not None:
            ids += [str(s) for s in table["site"] if str(s) not in ids]
    return ids


@dataclass(frozen=True)
class SiteSeries:
    """One site's hourly rows: ``grids`` (its rows of station_series) and ``totals`` (one
    row per hour: power summed over grids, site-wide columns taken once)."""

    site: str
    grids: pd.DataFrame
    totals: pd.DataFrame
    detail: Detail
    shaded: tuple[tuple[pd.Timestamp, pd.Timestamp], ...]


def site_series(series: pd.DataFrame, site: str) -> SiteSeries | None:
    """The site's rows and its episodes (None when the station series has no rows for it)."""
    rows = series[series["site"] == site]
    if rows.empty:
        return None
    rows = rows.sort_values(["time", "grid"], kind="stable").reset_index(drop=True)
    power = ["generation_w", "demand_w", "served_w", "shed_w", "survival_shortfall_w"]
    if rows["time"].is_unique:
        totals = rows
    else:
        summed = rows.groupby("time", sort=True)[power].sum()
        first = rows.groupby("time", sort=True).first().drop(columns=power)
        totals = first.join(summed).reset_index()
    shorts = [c for c in totals.columns if c.endswith("_short_kg")]
    mask = bool_mask(totals["shed_w"], totals["survival_shortfall_w"])
    if shorts:  # a store running short (by more than a gram) is an episode too
        mask |= bool_mask(*[totals[c] for c in shorts], tolerance=1e-3)
    found = episodes(totals["time"], mask)
    detail = detail_windows(found)
    shed = episodes(totals["time"], bool_mask(totals["shed_w"], totals["survival_shortfall_w"]))
    return SiteSeries(site, rows, totals, detail, tuple(merge_close(shed)))


def merge_close(
    found: Sequence[tuple[pd.Timestamp, pd.Timestamp]], gap: pd.Timedelta = MERGE_GAP
) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Episodes closer than ``gap`` joined, so shading stays legible (and light)."""
    merged: list[list[pd.Timestamp]] = []
    for first, last in found:
        if merged and first - merged[-1][1] <= gap:
            merged[-1][1] = last
        else:
            merged.append([first, last])
    return [(a, b) for a, b in merged]


def figures(run: RunView) -> Iterator[FigureSpec]:
    """Every site's figures, site by site."""
    sky = run.table("environment_sky")
    series = run.table("station_series")
    names = _site_names(run)
    for site in site_ids(run):
        name = names.get(site, site)
        if sky is not None:
            rows = sky[sky["site"] == site]
            if len(rows):
                yield sky_figure(site, name, rows)
        data = None if series is None else site_series(series, site)
        if data is None:
            continue
        yield power_figure(name, data)
        soc = soc_figure(run, name, data)
        if soc is not None:
            yield soc
        stores = stores_figure(run, name, data)
        if stores is not None:
            yield stores
        backlog = backlog_figure(name, data)
        if backlog is not None:
            yield backlog


def _site_names(run: RunView) -> dict[str, str]:
    table = run.table("environment_sites")
    if table is None or "name" not in table:
        return {}
    return dict(zip(table["site"].astype(str), table["name"].astype(str), strict=True))


def darkness_periods(sky: pd.DataFrame) -> pd.DataFrame:
    """Every period with the Sun's centre below the skyline: start, end, hours."""
    times = pd.DatetimeIndex(sky["time"])
    step = times[1] - times[0] if len(times) > 1 else pd.Timedelta(hours=1)
    found = episodes(times, ~sky["sun_lit"].to_numpy(bool))
    return pd.DataFrame(
        {
            "start": [a for a, _ in found],
            "end": [b + step for _, b in found],
            "hours": [(b + step - a) / pd.Timedelta(hours=1) for a, b in found],
        }
    )


def monthly_shares(sky: pd.DataFrame) -> pd.DataFrame:
    """Per calendar month (UTC): share of hours with the Sun lit and the Earth visible."""
    month = pd.DatetimeIndex(sky["time"]).tz_convert("UTC").tz_localize(None).to_period("M")
    grouped = sky.assign(month=month).groupby("month", sort=True)
    return pd.DataFrame(
        {
            "month": pd.PeriodIndex(grouped.size().index).to_timestamp().tz_localize("UTC"),
            "sun": grouped["sun_lit"].mean().to_numpy(float),
            "earth": grouped["earth_visible"].mean().to_numpy(float),
        }
    )


def sky_figure(site: str, name: str, sky: pd.DataFrame) -> FigureSpec:
    """Monthly lit share and Earth visibility; every darkness period with its length."""
    sky = sky.sort_values("time", kind="stable")
    monthly = monthly_shares(sky)
    dark = darkness_periods(sky)
    figure = make_subplots(
        rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.1, row_heights=[0.55, 0.45],
        subplot_titles=("monthly share of hours", "every darkness period"),
    )  # fmt: skip
    figure.add_bar(
        x=epoch_ms(monthly["month"]), y=f32(100 * monthly["sun"]), name="Sun lit (%)",
        marker_color="#f2b701", hovertemplate="%{x|%Y-%m} UTC: Sun lit %{y:.1f} %<extra></extra>",
        row=1, col=1,
    )  # fmt: skip
    figure.add_scatter(
        x=epoch_ms(monthly["month"]), y=f32(100 * monthly["earth"]), name="Earth visible (%)",
        mode="lines", line={"color": PALETTE[0], "width": 2},
        hovertemplate="%{x|%Y-%m} UTC: Earth visible %{y:.1f} %<extra></extra>", row=1, col=1,
    )  # fmt: skip
    if len(dark):
        figure.add_scatter(
            x=epoch_ms(dark["start"]), y=f32(dark["hours"]), mode="markers",
            name="darkness period (h)", marker={"color": "#333333", "size": 5},
            customdata=dark["end"].dt.strftime("%Y-%m-%d %H:%M UTC"),
            hovertemplate=(
                "dark from " + TIME_HOVER + "<br>to %{customdata}<br>%{y:.0f} h<extra></extra>"
            ),
            row=2, col=1,
        )  # fmt: skip
    figure.update_layout(
        template=TEMPLATE, height=520, title={"text": f"{name}: Sun and Earth", "x": 0}
    )
    figure.update_xaxes(type="date")
    figure.update_xaxes(title_text="time (UTC)", row=2, col=1)
    figure.update_yaxes(title_text="share of hours (%)", range=[0, 100], row=1, col=1)
    figure.update_yaxes(title_text="darkness (h)", rangemode="tozero", row=2, col=1)
    longest = f"{dark['hours'].max():.0f} h" if len(dark) else "none"
    return FigureSpec(
        f"site-{site}-sky", section(site), f"{name}: Sun and Earth",
        "Months with a low lit share are the ones batteries must carry, and the tallest dots "
        f"are the longest nights (longest here: {longest}); Earth visibility below 100 % "
        "means a relay is needed for direct links.",
        "monthly shares of the hourly Sun (centre above the skyline) and Earth visibility; "
        "every darkness period drawn at its start with its length",
        figure,
    )  # fmt: skip


def add_band(
    figure: go.Figure,
    bands: DailyBands,
    name: str,
    colour: str,
    unit: str,
    *,
    scale: float = 1.0,
    band: bool = True,
    mean: bool = True,
    group: str | None = None,
    fmt: str = ".1f",
) -> None:
    """A daily min–max band (shaded) and the daily mean (line), on a day grid (x0/dx)."""
    group = group or name
    common = {"x0": bands.x0_ms, "dx": DAY_MS, "legendgroup": group, "mode": "lines"}
    if band:
        figure.add_scatter(
            y=f32(bands.high * scale), line={"width": 0, "color": colour}, showlegend=False,
            name=f"{name} daily max",
            hovertemplate=f"{DAY_HOVER} daily max: %{{y:{fmt}}} {unit}<extra>{name}</extra>",
            **common,
        )  # fmt: skip
        figure.add_scatter(
            y=f32(bands.low * scale), line={"width": 0, "color": colour}, fill="tonexty",
            fillcolor=_transparent(colour), name=f"{name} daily min–max",
            hovertemplate=f"{DAY_HOVER} daily min: %{{y:{fmt}}} {unit}<extra>{name}</extra>",
            **common,
        )  # fmt: skip
    if mean:
        figure.add_scatter(
            y=f32(bands.mean * scale), line={"width": 1.5, "color": colour},
            name=f"{name} daily mean",
            hovertemplate=f"{DAY_HOVER} daily mean: %{{y:{fmt}}} {unit}<extra>{name}</extra>",
            **common,
        )  # fmt: skip


def add_detail(
    figure: go.Figure,
    times: pd.Series,
    values: pd.Series | np.ndarray,
    detail: Detail,
    name: str,
    colour: str,
    unit: str,
    *,
    scale: float = 1.0,
    group: str | None = None,
    fmt: str = ".1f",
) -> None:
    """The hourly values inside the detail windows (a thin line; nothing without windows)."""
    if not detail.windows:
        return
    x, y = hourly_detail(times, np.asarray(values, dtype=float) * scale, detail.windows)
    if not len(x):
        return
    figure.add_scatter(
        x=x, y=f32(y), mode="lines", line={"width": 1, "color": colour, "dash": "dot"},
        name=f"{name} hourly (episodes)", legendgroup=group or name,
        hovertemplate=f"{TIME_HOVER}: %{{y:{fmt}}} {unit}<extra>{name} hourly</extra>",
    )  # fmt: skip


def shade(figure: go.Figure, spans: Sequence[tuple[pd.Timestamp, pd.Timestamp]]) -> None:
    """Shade the (merged) shedding episodes; the longest ``MAX_SHADED`` when more."""
    chosen = sorted(spans, key=lambda s: s[1] - s[0], reverse=True)[:MAX_SHADED]
    hour = pd.Timedelta(hours=1)
    shapes = [
        {
            "type": "rect", "xref": "x", "yref": "paper", "y0": 0, "y1": 1, "layer": "below",
            "x0": float(epoch_ms([a])[0]), "x1": float(epoch_ms([b + hour])[0]),
            "fillcolor": SHED, "line": {"width": 0},
        }
        for a, b in sorted(chosen)
    ]  # fmt: skip
    if shapes:
        figure.update_layout(shapes=list(figure.layout.shapes or ()) + shapes)
        figure.add_scatter(  # a legend entry for the shading
            x=[None], y=[None], mode="markers", name="loads shed (shaded)",
            marker={"symbol": "square", "size": 12, "color": SHED}, hoverinfo="skip",
        )  # fmt: skip


def _shaded_text(data: SiteSeries) -> str:
    count = len(data.shaded)
    if not count:
        return ""
    more = f" (the {MAX_SHADED} longest shaded)" if count > MAX_SHADED else ""
    return f"; shedding episodes (closer than a day merged) shaded{more}"


def power_figure(name: str, data: SiteSeries) -> FigureSpec:
    """Generation against load: daily bands, hourly detail in episodes, shed in red."""
    totals = data.totals
    figure = new_figure(f"{name}: generation against load", "time (UTC)", "power (kW)")
    times = totals["time"]
    for column, label, colour in (
        ("generation_w", "generation", "#f2b701"),
        ("demand_w", "load (demand)", PALETTE[0]),
        ("shed_w", "load shed", WARNING),
    ):
        values = totals[column]
        if column == "shed_w" and not (values > 0).any():
            continue
        add_band(figure, daily_bands(times, values), label, colour, "kW", scale=1e-3,
                 band=column != "shed_w")  # fmt: skip
        add_detail(figure, times, values, data.detail, label, colour, "kW", scale=1e-3)
    shade(figure, data.shaded)
    figure.update_yaxes(rangemode="tozero")
    shed_h = int((totals["shed_w"] > 0).sum() * _step_h(times))
    return FigureSpec(
        f"site-{data.site}-power", section(data.site), f"{name}: generation against load",
        "Where the load (blue) rises above what generation and the battery give, loads are "
        f"shed (red, {shed_h:,} h in all here); hourly detail is drawn around each episode.",
        data.detail.text() + _shaded_text(data),
        figure,
    )  # fmt: skip


def _step_h(times: pd.Series) -> float:
    if len(times) < 2:
        return 1.0
    return float(np.median(np.diff(pd.DatetimeIndex(times).as_unit("ns").asi8)) / 3.6e12)


def reserve_steps(
    grids: pd.DataFrame | None, site: str, grid: str
) -> tuple[list[float], list[float]]:
    """(x_ms, soc %) of a grid's survival-reserve line over its segments (gaps between)."""
    if grids is None or "reserve_state_of_charge" not in grids:
        return [], []
    rows = grids[(grids["site"] == site) & (grids["grid"] == grid)].sort_values("start")
    x: list[float] = []
    y: list[float] = []
    for _, row in rows.iterrows():
        value = float(row["reserve_state_of_charge"])
        if not np.isfinite(value):
            continue
        x += [*epoch_ms([row["start"], row["end"]]), np.nan]
        y += [100 * value, 100 * value, np.nan]
    return x[:-1], y[:-1]


def soc_figure(run: RunView, name: str, data: SiteSeries) -> FigureSpec | None:
    """State of charge of each grid with storage, its survival reserve, shedding shaded."""
    rows = data.grids
    if "state_of_charge" not in rows:
        return None
    stored = rows[rows["state_of_charge"].notna()]
    if stored.empty:
        return None
    figure = new_figure(f"{name}: battery state of charge", "time (UTC)", "state of charge (%)")
    grids = run.table("station_grids")
    for k, (grid, group) in enumerate(stored.groupby("grid", sort=False)):
        colour = PALETTE[k % len(PALETTE)]
        label = f"grid {grid}"
        add_band(figure, daily_bands(group["time"], group["state_of_charge"]), label, colour,
                 "%", scale=100.0, group=str(grid))  # fmt: skip
        add_detail(figure, group["time"], group["state_of_charge"], data.detail, label,
                   colour, "%", scale=100.0, group=str(grid))  # fmt: skip
        x, y = reserve_steps(grids, data.site, str(grid))
        if x:
            figure.add_scatter(
                x=np.array(x), y=np.array(y), mode="lines", name=f"survival reserve ({grid})",
                line={"color": RESERVE, "dash": "dash", "width": 2}, legendgroup=str(grid),
                hovertemplate=TIME_HOVER + ": reserve %{y:.0f} %<extra></extra>",
            )  # fmt: skip
    shade(figure, data.shaded)
    figure.update_yaxes(range=[0, 101])
    low = float(stored["state_of_charge"].min())
    return FigureSpec(
        f"site-{data.site}-soc", section(data.site), f"{name}: battery state of charge",
        f"How close the battery gets to empty (lowest {100 * low:.0f} %): below the dashed "
        "survival reserve only survival loads draw on it, so the rest is shed.",
        data.detail.text() + _shaded_text(data),
        figure,
    )  # fmt: skip


def stores_figure(run: RunView, name: str, data: SiteSeries) -> FigureSpec | None:
    """Each consumable's inventory (daily minimum) against its reserve (crew × use × days)."""
    totals = data.totals
    stocks = [
        c for c in totals.columns
        if c.endswith("_kg") and not c.endswith("_short_kg") and c != "propellant_short_kg"
        and (totals[c] > 0).any()
    ]  # fmt: skip
    if not stocks:
        return None
    reserves = run.table("station_reserves")
    per_day = (
        {}
        if reserves is None
        else {
            str(r): float(k) * float(d)
            for r, k, d in zip(
                reserves["resource"],
                reserves["kg_per_crew_day"],
                reserves["reserve_days"],
                strict=True,
            )
        }
    )
    figure = new_figure(f"{name}: stores against their reserves", "time (UTC)", "stock (kg)")
    times = totals["time"]
    for k, column in enumerate(stocks):
        resource = column.removesuffix("_kg")
        colour = PALETTE[k % len(PALETTE)]
        bands = daily_bands(times, totals[column])
        add_band(figure, bands, resource, colour, "kg", band=False, mean=False)
        figure.add_scatter(
            y=f32(bands.low), x0=bands.x0_ms, dx=DAY_MS, mode="lines", name=f"{resource} (daily min)",
            line={"color": colour, "width": 1.5}, legendgroup=resource,
            hovertemplate=f"{DAY_HOVER} daily min: %{{y:,.1f}} kg<extra>{resource}</extra>",
        )  # fmt: skip
        add_detail(figure, times, totals[column], data.detail, resource, colour, "kg",
                   group=resource)  # fmt: skip
        if per_day.get(resource, 0.0) > 0 and "crew" in totals and (totals["crew"] > 0).any():
            reserve = daily_bands(times, totals["crew"] * per_day[resource])
            figure.add_scatter(
                y=f32(reserve.high), x0=reserve.x0_ms, dx=DAY_MS, mode="lines",
                name=f"{resource} reserve", legendgroup=resource,
                line={"color": colour, "dash": "dash", "width": 1.5},
                hovertemplate=f"{DAY_HOVER} reserve: %{{y:,.1f}} kg<extra>{resource}</extra>",
            )  # fmt: skip
    figure.update_yaxes(rangemode="tozero")
    days = "" if reserves is None or not len(reserves) else f"{reserves['reserve_days'].iloc[0]:g} "
    return FigureSpec(
        f"site-{data.site}-stores", section(data.site), f"{name}: stores against their reserves",
        f"A store's line (solid) below its reserve (dashed: {days}days of the crew's use) "
        "means the next resupply must not slip; a line at zero with crew aboard is a "
        "shortfall.",
        "daily minimum of the hourly stock (the reserve: daily maximum); hourly detail as "
        "for the site's power: " + data.detail.text().split("; ", 1)[-1],
        figure,
    )  # fmt: skip


def backlog_figure(name: str, data: SiteSeries) -> FigureSpec | None:
    """Data waiting for a link to Earth (daily max), when any accumulates."""
    totals = data.totals
    if "data_backlog_gbit" not in totals or not (totals["data_backlog_gbit"] > 0).any():
        return None
    figure = new_figure(f"{name}: data backlog", "time (UTC)", "data waiting (Gbit)")
    bands = daily_bands(totals["time"], totals["data_backlog_gbit"])
    figure.add_scatter(
        y=f32(bands.high), x0=bands.x0_ms, dx=DAY_MS, mode="lines", fill="tozeroy",
        name="backlog (daily max)", line={"color": PALETTE[4], "width": 1},
        hovertemplate=f"{DAY_HOVER} daily max: %{{y:.3f}} Gbit<extra></extra>",
    )  # fmt: skip
    return FigureSpec(
        f"site-{data.site}-backlog", section(data.site), f"{name}: data backlog",
        "Data that waits for a link to Earth: a backlog that grows through a period and "
        "never drains means the links are too short or too slow.",
        "daily maximum of the hourly backlog",
        figure,
    )  # fmt: skip


def _transparent(colour: str, alpha: float = 0.2) -> str:
    colour = colour.lstrip("#")
    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r}, {g}, {b}, {alpha})"


__all__ = ["darkness_periods", "figures", "monthly_shares", "site_series"]
