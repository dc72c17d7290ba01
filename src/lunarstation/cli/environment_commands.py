"""CLI commands of the environment engine: ``sun`` (one site) and ``sun-map`` (a DEM).

Both take UTC dates, a step such as ``1h``, and optionally a LOLA polar-stereographic
GeoTIFF DEM. Invalid input raises a :class:`~lunarstation.errors.LunarstationError`,
which ``cli.app.main`` turns into a message and exit code 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from lunarstation.cli.console import EXIT_OK, stderr, stdout
from lunarstation.cli.options import (
    GROUND_HEIGHT_HELP,
    Latitude,
    Longitude,
    MastHeight,
    number_option,
)
from lunarstation.cli.tables import Column, FormatOption, TableFormat, TableRows, print_tables
from lunarstation.environment.dem import read_dem
from lunarstation.environment.illumination import illumination
from lunarstation.environment.maps import visible_share_map, write_share_map
from lunarstation.environment.sites import Site
from lunarstation.environment.terrain import horizon_from_dem
from lunarstation.timegrid import time_grid

app = typer.Typer()

Start = Annotated[str, typer.Option("--start", help="First instant, ISO 8601 UTC (2030-01-01).")]
End = Annotated[str, typer.Option("--end", help="Last instant, ISO 8601 UTC.")]
Step = Annotated[str, typer.Option("--step", help="Time step: 600s, 30min, 1h, 1d.")]
SiteGroundHeight = Annotated[
    float | None,
    number_option(
        "--height-m",
        help=f"{GROUND_HEIGHT_HELP} (default: the DEM's height there with --dem, else 0).",
        min=-20_000,
        max=20_000,
    ),
]
DemOption = Annotated[
    Path | None, typer.Option("--dem", help="Polar-stereographic GeoTIFF DEM (LOLA product).")
]
AzimuthStep = Annotated[
    float,
    number_option(
        "--azimuth-step", help="Azimuth resolution of terrain horizons, deg.", above=0, max=45
    ),
]


@app.command("sun")
def sun_command(
    lat: Latitude,
    lon: Longitude,
    start: Start,
    end: End,
    step: Step = "1h",
    height_m: SiteGroundHeight = None,
    mast_m: MastHeight = 0.0,
    dem: DemOption = None,
    azimuth_step: AzimuthStep = 1.0,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the whole result as one JSON object.")
    ] = False,
    table_format: FormatOption = TableFormat.TABLE,
) -> int:
    """Sun and Earth visibility at one site: lit share, darkness periods, Earth blackouts."""
    if dem is not None and height_m is not None:
        raise typer.BadParameter("the ground height comes from --dem; give one of the two",
                                 param_hint="--height-m")  # fmt: skip
    site = Site(lat, lon, height_m or 0.0, mast_m)
    grid = time_grid(start, end, step)
    horizon = None
    if dem is not None:
        terrain = read_dem(dem)
        site = Site(lat, lon, terrain.height_at(lat, lon), mast_m)
        horizon = horizon_from_dem(
            terrain, lat, lon, mast_height_m=mast_m, azimuth_step_deg=azimuth_step
        )
    stats = illumination(site, grid, horizon).summary()
    stats["site"] = {"lat_deg": lat, "lon_east_deg": lon, "ground_height_m": site.height_m,
                     "mast_height_m": mast_m, "horizon": "dem" if dem else "sphere"}  # fmt: skip
    if as_json:
        sys.stdout.write(json.dumps(stats, allow_nan=False) + "\n")
    else:
        print_tables(sun_tables(stats), table_format)
    return EXIT_OK


def sun_tables(stats: dict[str, Any]) -> list[TableRows]:
    """The quantities at the site and its five longest darkness periods, as two tables."""
    rows = [
        ("epochs", stats["epochs"], ""),
        ("step", stats["step_h"], "h"),
        ("Sun centre above skyline", round(100 * stats["sun_center_lit_fraction"], 2), "%"),
        ("solar disk visible (mean)", round(100 * stats["sun_disk_visible_fraction"], 2), "%"),
        ("longest darkness", round(stats["longest_darkness_h"], 1), "h"),
        ("darkness periods", len(stats["darkness_periods"]), ""),
        ("Earth centre above skyline", round(100 * stats["earth_visible_fraction"], 2), "%"),
        ("longest Earth blackout", round(stats["longest_earth_blackout_h"], 1), "h"),
        ("Sun elevation min", round(stats["sun_elevation_min_deg"], 3), "deg"),
        ("Sun elevation max", round(stats["sun_elevation_max_deg"], 3), "deg"),
    ]
    longest = sorted(stats["darkness_periods"], key=lambda p: -p["hours"])[:5]
    periods = [(period["start"], round(period["hours"], 1)) for period in longest]
    return [
        TableRows("site", ["quantity", Column("value", format="{:,}"), "unit"], rows,
                  title="Sun and Earth at the site"),
        TableRows("darkness", ["start", Column("hours", format="{:,.1f}")], periods,
                  title="Longest darkness periods"),
    ]  # fmt: skip


@app.command("sun-map")
def sun_map_command(
    dem: Annotated[Path, typer.Option("--dem", help="Polar-stereographic GeoTIFF DEM.")],
    start: Start,
    end: End,
    step: Step = "6h",
    mast_m: MastHeight = 0.0,
    azimuth_step: AzimuthStep = 1.0,
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("maps"),
    earth: Annotated[bool, typer.Option("--earth", help="Also map Earth visibility.")] = False,
) -> int:
    """Maps of the share of time the Sun (and the Earth) is visible, per DEM pixel."""
    terrain = read_dem(dem)
    grid = time_grid(start, end, step)
    written: list[Path] = []
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=stderr, disable=not stderr.is_terminal) as bar:
        for body in ("sun", "earth") if earth else ("sun",):
            task = bar.add_task(f"{body} map", total=terrain.shape[0])

            def advance(done: int, total: int, task: Any = task) -> None:
                bar.update(task, completed=done, total=total)

            share = visible_share_map(
                terrain, grid, body=body, mast_height_m=mast_m,
                azimuth_step_deg=azimuth_step, progress=advance,
            )  # fmt: skip
            name = "sun_lit_share" if body == "sun" else "earth_visible_share"
            title = f"{body.capitalize()} visible, {start} to {end}, mast {mast_m:g} m"
            written += write_share_map(out / name, share, terrain, title)
    for path in written:
        stdout.print(f"wrote {path}", markup=False)
    return EXIT_OK
