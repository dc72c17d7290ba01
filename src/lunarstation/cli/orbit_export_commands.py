"""``lunarstation orbit export``: an element's ephemeris as CCSDS OEM 2.0 or CZML.

The element's orbit is the one it occupies at ``--start`` (its placement or the mission
that put it there); states are Moon-centred ICRF, km and km/s (OEM) or metres (CZML).
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import numpy as np
import typer

from lunarstation.cli.console import EXIT_OK, stdout
from lunarstation.cli.options import ScenarioFiles, number_option
from lunarstation.errors import LunarstationError
from lunarstation.logistics.timeline import TimelineOutput
from lunarstation.orbits.export import czml_document, czml_text, oem_text
from lunarstation.orbits.placements import resolve_spans
from lunarstation.orbits.trajectory import states_icrf, trajectory_of
from lunarstation.scenario.messages import did_you_mean
from lunarstation.simulate import simulate
from lunarstation.timegrid import as_utc_datetime, time_grid
from lunarstation.validation import load_scenario

MAX_EPOCHS = 2_000_000

app = typer.Typer()  # added without a name to the ``orbit`` group (cli/orbit_commands.py)


class ExportFormat(StrEnum):
    """File formats of ``orbit export``."""

    OEM = "oem"
    CZML = "czml"


@app.command("export")
def export_command(
    files: ScenarioFiles = None,
    element: Annotated[str, typer.Option("--element", help="Element id (in an orbit).")] = "",
    export_format: Annotated[
        ExportFormat, typer.Option("--format", help="oem or czml.")
    ] = ExportFormat.OEM,
    out: Annotated[Path | None, typer.Option("--out", help="File to write.")] = None,
    step_s: Annotated[
        float, number_option("--step-s", help="Step between states, s.", above=0, max=86400)
    ] = 60.0,
    start: Annotated[
        str | None,
        typer.Option(
            "--start", help="First epoch (ISO UTC); default: the element's arrival in orbit."
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--end", help="Last epoch (ISO UTC); default: one day after the start."),
    ] = None,
) -> int:
    """Write an element's Moon-centred ephemeris as a CCSDS OEM 2.0 or a CZML file."""
    if out is None:
        raise LunarstationError("--out: give the file to write")
    if out.is_dir():
        raise LunarstationError(f"--out {out} is a folder, not a file")
    scenario = load_scenario(*(files or []))
    timeline = simulate(scenario, only=["timeline"]).results["timeline"].output
    spans = resolve_spans(scenario, timeline if isinstance(timeline, TimelineOutput) else None)
    placed = sorted({s.element for s in spans})
    if element not in placed:
        raise LunarstationError(
            f"--element {element!r}: not an element in an orbit; {did_you_mean(element, placed)}"
        )
    mine = [s for s in spans if s.element == element]
    try:
        first = as_utc_datetime(start) if start is not None else mine[0].start
        last = as_utc_datetime(end) if end is not None else first + timedelta(days=1)
    except ValueError as error:
        raise LunarstationError(f"--start/--end: {error}") from None
    span = next((s for s in mine if s.start <= first < s.end), None)
    if span is None:
        raise LunarstationError(
            f"--start {first.isoformat()}: {element} is not in an orbit then; its spans: "
            + ", ".join(f"{s.orbit} {s.start:%Y-%m-%d}…{s.end:%Y-%m-%d}" for s in mine)
        )
    if last <= first:
        raise LunarstationError("--end must be after --start")
    if (last - first).total_seconds() / step_s > MAX_EPOCHS:
        raise LunarstationError(
            f"--step-s {step_s:g}: more than {MAX_EPOCHS:,} epochs; raise the step"
        )
    grid = time_grid(first, last, f"{step_s:g}s")
    trajectory = trajectory_of(scenario.by_id["orbits"][span.orbit], scenario.start)  # type: ignore[arg-type]
    states = states_icrf(trajectory, grid.tdb_s)
    name = scenario.element(element).name
    if export_format is ExportFormat.OEM:
        text = oem_text(name, element, grid.utc, states,
                        comment=f"{element} in {span.orbit}; lunarstation orbits engine")  # fmt: skip
    else:
        text = czml_text(
            czml_document(name, element, grid.utc, np.ascontiguousarray(states[:, :3]))
        )
    out.write_text(text, encoding="utf-8")
    stdout.print(
        f"Wrote {out} ({export_format.value}, {len(grid):,} states of {element} in {span.orbit})"
    )
    return EXIT_OK
