"""The programme: missions by partner across the stages, crew on the surface, mass landed.

Reads ``timeline_events`` (launches, arrivals, crew departures), ``timeline_deliveries``
(what each mission leaves where, by owning partner) and ``summary.timeline.stages``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

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

SECTION = "programme"


def stages(run: RunView) -> list[Mapping[str, Any]]:
    """The scenario's stages from the summary: id, name, start, end, missions, partners."""
    timeline = run.summary.get("timeline") or {}
    return list(timeline.get("stages") or [])


def partner_names(run: RunView) -> dict[str, str]:
    """Partner id → name (the ledger's table), ids where the run has no ledger."""
    table = run.table("ledger_partners")
    if table is None or "name" not in table:
        return {}
    return dict(zip(table["partner"].astype(str), table["name"].astype(str), strict=True))


def partner_order(run: RunView) -> list[str]:
    """Partners in a stable order: by missions (timeline summary), then id."""
    counts = (run.summary.get("timeline") or {}).get("missions_by_partner") or {}
    return sorted(counts, key=lambda p: (-counts[p], p))


def figures(run: RunView) -> Iterator[FigureSpec]:
    """Gantt of missions by partner, crew on the surface, mass landed and propellant."""
    events = run.table("timeline_events")
    if events is not None:
        yield missions_gantt(run, events)
        crew = crew_on_surface(events)
        if crew is not None:
            yield crew
    deliveries = run.table("timeline_deliveries")
    if deliveries is not None and events is not None:
        yield mass_by_stage(run, deliveries, events)


def _split_partners(value: object) -> list[str]:
    return [p for p in str(value).split(";") if p] if isinstance(value, str) else []


def mission_spans(events: pd.DataFrame) -> pd.DataFrame:
    """One row per mission: launch, arrival, end (crew departure or arrival), stage,
    partners (list), outcome, crew, destination, launch vehicle."""
    rows = []
    for mission, group in events.groupby("mission", sort=False):
        launch = group[group["event"] == "launch"]
        if launch.empty:
            continue
        first = launch.iloc[0]
        arrival = group.loc[group["event"] == "arrival", "time"]
        departure = group.loc[group["event"] == "crew_departure", "time"]
        arrived = arrival.iloc[0] if len(arrival) else pd.NaT
        end = departure.iloc[-1] if len(departure) else arrived
        rows.append(
            {
                "mission": str(mission),
                "launch": first["time"],
                "arrival": arrived,
                "end": first["time"] if pd.isna(end) else end,
                "stage": str(first.get("stage", "")),
                "partners": _split_partners(first.get("partners")),
                "outcome": str(first.get("outcome", "")),
                "crew": int(first.get("crew", 0) or 0),
                "destination": str(first.get("destination", "")),
                "launch_vehicle": str(first.get("launch_vehicle", "")),
            }
        )
    return pd.DataFrame(rows)


def missions_gantt(run: RunView, events: pd.DataFrame) -> FigureSpec:
    """Missions on one row per partner, stages shaded; crewed ★, failed ✕ in red."""
    spans = mission_spans(events)
    names = partner_names(run)
    order = [p for p in partner_order(run) if any(p in ps for ps in spans["partners"])]
    order += sorted({p for ps in spans["partners"] for p in ps} - set(order))
    labels = {p: names.get(p, p) for p in order}
    figure = new_figure(
        "Missions by partner across the stages", "launch to arrival (UTC)", "partner",
        height=max(360, 26 * len(order) + 140),
    )  # fmt: skip
    kinds = {
        "uncrewed": ("circle", PALETTE[0]),
        "crewed": ("star", PALETTE[1]),
        "failed": ("x", WARNING),
    }
    for kind, (symbol, colour) in kinds.items():
        rows = [(r, p) for _, r in spans.iterrows() if _kind(r) == kind for p in r["partners"]]
        if not rows:
            continue
        x_line: list[float] = []
        y_line: list[str | None] = []
        for r, p in rows:
            x_line += [*epoch_ms([r["launch"], r["end"]]), np.nan]
            y_line += [labels[p], labels[p], None]
        figure.add_scatter(
            x=np.array(x_line), y=y_line, mode="lines", line={"color": colour, "width": 6},
            legendgroup=kind, showlegend=False, hoverinfo="skip",
        )  # fmt: skip
        figure.add_scatter(
            x=epoch_ms([r["launch"] for r, _ in rows]),
            y=[labels[p] for _, p in rows],
            mode="markers",
            name=f"{kind} mission",
            legendgroup=kind,
            marker={"symbol": symbol, "size": 11 if kind != "uncrewed" else 8, "color": colour},
            customdata=[
                [
                    r["mission"],
                    r["stage"],
                    _iso(r["arrival"]),
                    r["destination"],
                    r["launch_vehicle"],
                    r["outcome"],
                    r["crew"],
                ]
                for r, _ in rows
            ],
            hovertemplate=(
                "<b>%{customdata[0]}</b> (%{customdata[1]})<br>launch %{x|%Y-%m-%d %H:%M} UTC"
                "<br>arrival %{customdata[2]}<br>to %{customdata[3]} on %{customdata[4]}"
                "<br>outcome %{customdata[5]}, crew %{customdata[6]}<extra>%{y}</extra>"
            ),
        )
    _shade_stages(figure, stages(run))
    figure.update_yaxes(
        categoryorder="array", categoryarray=[labels[p] for p in reversed(order)], type="category"
    )
    figure.update_xaxes(title_text="time (UTC)")
    return FigureSpec(
        "programme-missions", SECTION, "Missions by partner across the stages",
        "Each row is a partner, each mark a launch and its bar the flight to arrival (or to "
        "crew departure); look for gaps between stages and for the crewed (★) and failed (✕) "
        "missions.",
        "", figure,
    )  # fmt: skip


def _kind(row: pd.Series) -> str:
    """``failed``, ``crewed`` or ``uncrewed``: how a mission is marked."""
    if row["outcome"] == "failure":
        return "failed"
    return "crewed" if row["crew"] > 0 else "uncrewed"


def _shade_stages(figure: Any, spans: list[Mapping[str, Any]]) -> None:
    for k, stage in enumerate(spans):
        start = pd.Timestamp(stage["start"], tz="UTC")
        end = pd.Timestamp(stage["end"], tz="UTC") + pd.Timedelta(days=1)
        figure.add_vrect(
            x0=float(epoch_ms([start])[0]), x1=float(epoch_ms([end])[0]),
            fillcolor=PALETTE[k % len(PALETTE)], opacity=0.07, line_width=0, layer="below",
            annotation_text=str(stage.get("name", stage.get("id", ""))),
            annotation_position="top left", annotation_font_size=10,
        )  # fmt: skip


def _iso(value: object) -> str:
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return "—"
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M UTC")  # type: ignore[arg-type]


def crew_series(events: pd.DataFrame) -> pd.DataFrame:
    """Crew on each surface site after each arrival or crew departure: time, site, crew."""
    site_events = events[
        (events["destination_type"] == "site")
        & (events["crew"] > 0)
        & events["event"].isin(["arrival", "crew_departure"])
        & (events["outcome"] != "failure")
    ]
    if site_events.empty:
        return pd.DataFrame(columns=["time", "site", "crew"])
    change = np.where(site_events["event"] == "arrival", site_events["crew"], -site_events["crew"])
    frame = pd.DataFrame(
        {"time": site_events["time"], "site": site_events["destination"], "change": change}
    ).sort_values(["site", "time"], kind="stable")
    frame["crew"] = frame.groupby("site")["change"].cumsum()
    last = frame.drop_duplicates(["site", "time"], keep="last")  # several events at once
    return last[["site", "time", "crew"]].reset_index(drop=True)


def crew_on_surface(events: pd.DataFrame) -> FigureSpec | None:
    """Step chart of crew on each site (None when no crew lands)."""
    crew = crew_series(events)
    if crew.empty:
        return None
    figure = new_figure("Crew on the surface", "time (UTC)", "crew on the surface (persons)")
    sites = sorted(crew["site"].unique())
    start = events["time"].min()
    end = events["time"].max()
    for site in sites:
        rows = crew[crew["site"] == site]
        times = [start, *rows["time"], end]
        values = [0, *rows["crew"], int(rows["crew"].iloc[-1])]
        figure.add_scatter(
            x=epoch_ms(times), y=values, mode="lines", line_shape="hv", name=site,
            line={"color": colour_of(site, sites), "width": 2},
            hovertemplate=f"{site}<br>from %{{x|%Y-%m-%d %H:%M}} UTC: %{{y}} crew<extra></extra>",
        )  # fmt: skip
    figure.update_yaxes(rangemode="tozero", dtick=1)
    return FigureSpec(
        "programme-crew", SECTION, "Crew on the surface",
        "How many people are on each surface site, and for how long: short stays separated "
        "by years mean little crew time.",
        "", figure,
    )  # fmt: skip


def mass_by_stage(run: RunView, deliveries: pd.DataFrame, events: pd.DataFrame) -> FigureSpec:
    """Mass landed (what stays) per partner per stage, stacked, and propellant burned."""
    stage_of = dict(
        zip(
            events.loc[events["event"] == "launch", "mission"],
            events.loc[events["event"] == "launch", "stage"],
            strict=True,
        )
    )
    spans = stages(run)
    stage_names = {str(s["id"]): str(s.get("name", s["id"])) for s in spans}
    frame = deliveries.assign(stage=deliveries["mission"].map(stage_of).fillna("—"))
    stays = frame["departure"].isna() if "departure" in frame else True
    landed = frame[stays].groupby(["partner", "stage"])["mass_kg"].sum() / 1000
    burned = frame.groupby(["partner", "stage"])["burned_propellant_kg"].sum() / 1000
    order = [s for s in stage_names if s in set(frame["stage"])] + sorted(
        set(frame["stage"]) - set(stage_names)
    )
    x = [stage_names.get(s, s) for s in order]
    names = partner_names(run)
    partners = [p for p in partner_order(run) if p in set(frame["partner"])] + sorted(
        set(frame["partner"]) - set(partner_order(run))
    )
    keys = partner_order(run) or partners
    figure = make_subplots(
        rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.04,
        subplot_titles=("mass landed (stays at its destination)", "propellant burned on the way"),
    )  # fmt: skip
    for partner in partners:
        colour = colour_of(partner, keys)
        name = names.get(partner, partner)
        for col, values, what in ((1, landed, "landed"), (2, burned, "burned")):
            y = [float(values.get((partner, s), 0.0)) for s in order]
            if not any(y):
                continue
            figure.add_bar(
                x=x, y=y, name=name, legendgroup=partner, marker_color=colour,
                showlegend=col == 1 or not any(landed.get((partner, s), 0.0) for s in order),
                hovertemplate=f"{name}<br>%{{x}}: %{{y:,.1f}} t {what}<extra></extra>",
                row=1, col=col,
            )  # fmt: skip
    figure.update_layout(
        template=TEMPLATE, barmode="stack", height=460,
        title={"text": "Mass landed and propellant burned, per partner and stage", "x": 0},
    )  # fmt: skip
    figure.update_yaxes(title_text="mass (t)", row=1, col=1)
    figure.update_xaxes(title_text="stage", row=1, col=1)
    figure.update_xaxes(title_text="stage", row=1, col=2)
    basis = (run.summary.get("timeline") or {}).get("mass_basis") or ""
    return FigureSpec(
        "programme-mass", SECTION, "Mass landed and propellant burned, per partner and stage",
        "Who puts how much on the Moon in each stage (left) and what it costs in propellant "
        "(right); a partner with a tall right bar and a short left one spends mass on getting "
        f"there. Mass basis: {basis}.",
        "", figure,
    )  # fmt: skip


__all__ = ["crew_series", "figures", "mission_spans"]
