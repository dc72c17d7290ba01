"""Orbits: each site's relay coverage and its contact windows.

Reads ``orbits_coverage`` (site, relay, share, longest_gap_h, contacts) and
``orbits_contacts`` (site, relay, start, end, max_elevation_deg), the columns fixed by the
figures contract; absent tables, no figures.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lunarstation.report.figures.reduce import DAY_MS
from lunarstation.report.figures.style import DAY_HOVER, PALETTE, epoch_ms, f32, new_figure
from lunarstation.report.figures.view import FigureSpec, RunView

SECTION = "orbits"
COVERAGE_COLUMNS = ("site", "relay", "share", "longest_gap_h", "contacts")
CONTACT_COLUMNS = ("site", "relay", "start", "end", "max_elevation_deg")
MAX_CONTACTS = 3000
"""Contacts drawn one by one up to this many; beyond, contact hours per day."""


def figures(run: RunView) -> Iterator[FigureSpec]:
    """Coverage grid and contact windows, for the tables the run has."""
    coverage = run.table("orbits_coverage", COVERAGE_COLUMNS)
    if coverage is not None:
        yield coverage_figure(coverage)
    contacts = run.table("orbits_contacts", CONTACT_COLUMNS)
    if contacts is not None:
        yield contacts_figure(contacts)


def coverage_figure(coverage: pd.DataFrame) -> FigureSpec:
    """Site × relay grid of the share of time in contact, gaps and contacts on hover."""
    sites = list(dict.fromkeys(coverage["site"].astype(str)))
    relays = list(dict.fromkeys(coverage["relay"].astype(str)))
    z = np.full((len(sites), len(relays)), np.nan)
    custom = np.empty((len(sites), len(relays), 2), dtype=float)
    custom[:] = np.nan
    for _, row in coverage.iterrows():
        i, j = sites.index(str(row["site"])), relays.index(str(row["relay"]))
        z[i, j] = 100 * float(row["share"])
        custom[i, j] = (float(row["longest_gap_h"]), float(row["contacts"]))
    figure = new_figure(
        "Relay coverage of each site", "relay", "site",
        height=max(300, 60 * len(sites) + 160), date_axis=False,
    )  # fmt: skip
    figure.add_trace(
        go.Heatmap(
            z=z, x=relays, y=sites, customdata=custom, colorscale="Blues", zmin=0, zmax=100,
            texttemplate="%{z:.0f} %", colorbar={"title": {"text": "in contact (%)"}},
            hovertemplate=(
                "<b>%{y}</b> via %{x}: %{z:.1f} % of the time<br>longest gap "
                "%{customdata[0]:.1f} h, %{customdata[1]:.0f} contacts<extra></extra>"
            ),
            name="coverage",
        )
    )  # fmt: skip
    figure.update_xaxes(type="category")
    figure.update_yaxes(type="category")
    return FigureSpec(
        "orbits-coverage", SECTION, "Relay coverage of each site",
        "Pale cells are sites a relay seldom sees; the longest gap on hover is how long "
        "data and commands must wait.",
        "", figure,
    )  # fmt: skip


def daily_contact_hours(contacts: pd.DataFrame) -> pd.DataFrame:
    """Per site, relay and UTC day, the hours in contact (contacts split at midnight)."""
    start = pd.DatetimeIndex(pd.to_datetime(contacts["start"], utc=True)).as_unit("ns")
    end = pd.DatetimeIndex(pd.to_datetime(contacts["end"], utc=True)).as_unit("ns")
    first = start.floor("D")
    day_ns = pd.Timedelta(days=1).value
    # Days each contact touches: from its start's day to the day holding its last instant.
    spans = np.maximum(((end.asi8 - 1 - first.asi8) // day_ns) + 1, 1)
    row = np.repeat(np.arange(len(contacts)), spans)
    offset = np.arange(len(row)) - np.repeat(np.cumsum(spans) - spans, spans)
    day = first.asi8[row] + offset * day_ns
    inside = np.minimum(end.asi8[row], day + day_ns) - np.maximum(start.asi8[row], day)
    frame = pd.DataFrame(
        {
            "site": contacts["site"].to_numpy()[row],
            "relay": contacts["relay"].to_numpy()[row],
            "day": pd.to_datetime(day, utc=True),
            "hours": np.maximum(inside, 0) / 3.6e12,
        }
    )
    return frame.groupby(["site", "relay", "day"], as_index=False).agg(hours=("hours", "sum"))


def contacts_figure(contacts: pd.DataFrame) -> FigureSpec:
    """Each contact window as a bar on its site–relay row (or daily hours when many)."""
    frame = contacts.assign(
        start=pd.to_datetime(contacts["start"], utc=True),
        end=pd.to_datetime(contacts["end"], utc=True),
    ).sort_values("start", kind="stable")
    pairs = list(
        dict.fromkeys(zip(frame["site"].astype(str), frame["relay"].astype(str), strict=True))
    )
    many = len(frame) > MAX_CONTACTS
    figure = new_figure(
        "Relay contacts", "time (UTC)", "contact hours per day" if many else "site – relay",
        height=max(320, (0 if many else 30 * len(pairs)) + 200),
    )  # fmt: skip
    if many:
        daily = daily_contact_hours(frame)
        for k, (site, relay) in enumerate(pairs):
            rows = daily[(daily["site"] == site) & (daily["relay"] == relay)]
            days = pd.date_range(rows["day"].min(), rows["day"].max(), freq="D")
            hours = rows.set_index("day")["hours"].reindex(days, fill_value=0.0)
            figure.add_scatter(
                y=f32(hours), x0=float(epoch_ms(days[:1])[0]), dx=DAY_MS, mode="lines",
                name=f"{site} – {relay}", line={"color": PALETTE[k % len(PALETTE)], "width": 1},
                hovertemplate=f"{DAY_HOVER}: %{{y:.1f}} h in contact<extra>{site} – {relay}</extra>",
            )  # fmt: skip
        reduction = f"{len(frame):,} contacts: hours in contact per UTC day"
    else:
        for k, (site, relay) in enumerate(pairs):
            rows = frame[
                (frame["site"].astype(str) == site) & (frame["relay"].astype(str) == relay)
            ]
            label = f"{site} – {relay}"
            x: list[float] = []
            y: list[str | None] = []
            custom: list[list[object]] = []
            for _, r in rows.iterrows():
                x += [*epoch_ms([r["start"], r["end"]]), np.nan]
                y += [label, label, None]
                end = r["end"].strftime("%Y-%m-%d %H:%M UTC")
                custom += [[end, float(r["max_elevation_deg"])]] * 3
            figure.add_scatter(
                x=np.array(x), y=y, mode="lines", name=label, customdata=custom,
                line={"width": 10, "color": PALETTE[k % len(PALETTE)]},
                hovertemplate=(
                    "from %{x|%Y-%m-%d %H:%M} UTC to %{customdata[0]}<br>max elevation "
                    "%{customdata[1]:.1f}°<extra>" + label + "</extra>"
                ),
            )  # fmt: skip
        figure.update_yaxes(type="category")
        reduction = ""
    return FigureSpec(
        "orbits-contacts", SECTION, "Relay contacts",
        "Gaps between contact windows are when a site cannot reach Earth through a relay; "
        "compare them with the site's data backlog.",
        reduction, figure,
    )  # fmt: skip


__all__ = ["CONTACT_COLUMNS", "COVERAGE_COLUMNS", "daily_contact_hours", "figures"]
