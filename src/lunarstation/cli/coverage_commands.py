"""``lunarstation coverage``: relay coverage of the surface sites, at a step of your choice.

Per site and relay: the share of the relay's time in service with a usable link (the
relay over the site's skyline and the elevation mask, and in view of the Earth), the
longest gap in hours and the contact windows (start, end, highest elevation).
"""

from __future__ import annotations

import json
import sys
import time
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from lunarstation.cli.console import EXIT_OK, stderr, stdout
from lunarstation.cli.options import ScenarioFiles, number_option
from lunarstation.cli.tables import Column, TableFormat, TableRows, print_tables
from lunarstation.errors import LunarstationError
from lunarstation.logistics.timeline import TimelineOutput
from lunarstation.orbits.engine import DEFAULT_MASK_DEG, relay_coverage
from lunarstation.scenario.messages import did_you_mean
from lunarstation.simulate import simulate
from lunarstation.timegrid import iso_utc, time_grid
from lunarstation.validation import load_scenario

app = typer.Typer()  # registered without a name in cli/app.py: a top-level command

SHOW_AFTER_S = 1.0
"""The progress bar appears once sampling has run this long, s (shorter runs stay quiet)."""

COLUMNS = [
    Column("site"),
    Column("relay"),
    Column("share", "covered", lambda v: f"{100 * v:.1f}%"),
    Column("longest_gap_h", "longest gap h", "{:,.1f}"),
    Column("contacts"),
    Column("capacity_gbit_per_day", "Gbit/day", "{:,.0f}"),
]


class LateProgress:
    """A Rich progress bar (epochs done of all) on stderr that appears only once the work
    has run for :data:`SHOW_AFTER_S`: short runs print nothing but their result."""

    def __init__(self, description: str) -> None:
        self.description = description
        self.began = time.monotonic()
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __enter__(self) -> LateProgress:
        return self

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if time.monotonic() - self.began < SHOW_AFTER_S:
                return
            columns = (TextColumn("{task.description}"), BarColumn(),
                       MofNCompleteColumn(), TimeElapsedColumn())  # fmt: skip
            self.bar = Progress(*columns, console=stderr, transient=True,
                                disable=not stderr.is_terminal)  # fmt: skip
            self.bar.start()
            self.task = self.bar.add_task(self.description, total=total)
        assert self.task is not None
        self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


@app.command("coverage")
def coverage_command(
    files: ScenarioFiles = None,
    site: Annotated[str | None, typer.Option("--site", help="Only this site id.")] = None,
    mask_deg: Annotated[
        float, number_option("--mask-deg", help="Elevation mask, deg.", min=0, max=89)
    ] = DEFAULT_MASK_DEG,
    step_min: Annotated[
        float, number_option("--step-min", help="Sampling step, minutes.", above=0, max=1440)
    ] = 1.0,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON with the contact windows.")
    ] = False,
) -> int:
    """Print each site's coverage by each relay: share, longest gap, contact windows."""
    scenario = load_scenario(*(files or []))
    site_ids = [s.id for s in scenario.sites]
    if site is not None and site not in site_ids:
        raise LunarstationError(f"--site {site!r}: no such site; {did_you_mean(site, site_ids)}")
    run = simulate(scenario, only=["timeline"])
    timeline = run.results["timeline"].output
    grid = time_grid(scenario.start, scenario.end, f"{step_min * 60:g}s")
    with LateProgress(f"Sampling {len(grid):,} epochs") as progress:
        summary, contacts = relay_coverage(
            scenario, timeline if isinstance(timeline, TimelineOutput) else None, grid,
            mask_deg, None if site is None else [site], progress=progress,
        )  # fmt: skip
    rows = [
        {"site": s, "relay": relay, **cov.model_dump()}
        for relay, rc in summary.items()
        for s, cov in rc.sites.items()
    ]
    if as_json:
        for row in rows:
            mine = contacts[(contacts["site"] == row["site"]) & (contacts["relay"] == row["relay"])]
            row["windows"] = [
                {"start": iso_utc(a.to_pydatetime()), "end": iso_utc(b.to_pydatetime()),
                 "max_elevation_deg": round(float(e), 3)}
                for a, b, e in zip(mine["start"], mine["end"], mine["max_elevation_deg"], strict=True)
            ]  # fmt: skip
        payload = {"mask_deg": mask_deg, "step_min": step_min, "coverage": rows}
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    values = [[row[c.key] for c in COLUMNS] for row in rows]
    title = f"Relay coverage — {scenario.title or scenario.name} (mask {mask_deg:g}°, step {step_min:g} min)"
    print_tables([TableRows("coverage", COLUMNS, values, title)], TableFormat.TABLE)
    if not rows:
        stdout.print("No relay is placed in an orbit: nothing to cover the sites.")
    return EXIT_OK
