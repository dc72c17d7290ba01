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
from rich.table import Table

from lunarstation.cli.app import app, stderr, stdout
from lunarstation.environment.dem import read_dem
from lunarstation.environment.illumination import illumination
from lunarstation.environment.maps import visible_share_map, write_share_map
from lunarstation.environment.sites import Site
from lunarstation.environment.terrain import horizon_from_dem
from lunarstation.timegrid import time_grid

Start = Annotated[str, typer.Option("--start", help="First instant, ISO 8601 UTC (2030-01-01).")]
End = Annotated[str, typer.Option("--end", help="Last instant, ISO 8601 UTC.")]
Step = Annotated[str, typer.Option("--step", help="Time step: 600s, 30min, 1h, 1d.")]
HeightM = Annotated[
    float, typer.Option("--height-m", help="Height of the array/antenna above the ground, m.")
]
DemOption = Annotated[
    Path | None, typer.Option("--dem", help="Polar-stereographic GeoTIFF DEM (LOLA product).")
]
AzimuthStep = Annotated[
    float, typer.Option("--azimuth-step", help="Azimuth resolution of terrain horizons, deg.")
]


@app.command("sun")
def sun_command(
    lat: Annotated[float, typer.Option("--lat", help="Latitude, deg (south negative).")],
    lon: Annotated[float, typer.Option("--lon", help="East longitude, deg.")],
    start: Start,
    end: End,
    step: Step = "1h",
    height_m: HeightM = 0.0,
    dem: DemOption = None,
    azimuth_step: AzimuthStep = 1.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Sun and Earth visibility at one site: lit share, darkness periods, Earth blackouts."""
    site = Site(lat, lon, 0.0, height_m)
    grid = time_grid(start, end, step)
    horizon = None
    if dem is not None:
        terrain = read_dem(dem)
        site = Site(lat, lon, terrain.height_at(lat, lon), height_m)
        horizon = horizon_from_dem(
            terrain, lat, lon, mast_height_m=height_m, azimuth_step_deg=azimuth_step
        )
    stats = illumination(site, grid, horizon).summary()
    stats["site"] = {"lat_deg": lat, "lon_east_deg": lon, "ground_height_m": site.height_m,
                     "mast_height_m": height_m, "horizon": "dem" if dem else "sphere"}  # fmt: skip
    if as_json:
        sys.stdout.write(json.dumps(stats) + "\n")
        return
    _print_table(stats)


def _print_table(stats: dict[str, Any]) -> None:
    table = Table(title="Sun and Earth at the site", title_justify="left")
    table.add_column("quantity")
    table.add_column("value", justify="right")
    rows = [
        ("epochs", f"{stats['epochs']:,} × {stats['step_h']:g} h"),
        ("Sun centre above skyline", f"{100 * stats['sun_center_lit_fraction']:.2f} %"),
        ("solar disk visible (mean)", f"{100 * stats['sun_disk_visible_fraction']:.2f} %"),
        ("longest darkness", f"{stats['longest_darkness_h']:.1f} h"),
        ("darkness periods", f"{len(stats['darkness_periods'])}"),
        ("Earth centre above skyline", f"{100 * stats['earth_visible_fraction']:.2f} %"),
        ("longest Earth blackout", f"{stats['longest_earth_blackout_h']:.1f} h"),
        ("Sun elevation min / max", f"{stats['sun_elevation_min_deg']:+.3f}° / "
         f"{stats['sun_elevation_max_deg']:+.3f}°"),
    ]  # fmt: skip
    for name, value in rows:
        table.add_row(name, value)
    stdout.print(table)
    longest = sorted(stats["darkness_periods"], key=lambda p: -p["hours"])[:5]
    if longest:
        stdout.print("Longest darkness periods:", markup=False)
        for period in longest:
            stdout.print(f"  {period['start']}  {period['hours']:.1f} h", markup=False)


@app.command("sun-map")
def sun_map_command(
    dem: Annotated[Path, typer.Option("--dem", help="Polar-stereographic GeoTIFF DEM.")],
    start: Start,
    end: End,
    step: Step = "6h",
    height_m: HeightM = 0.0,
    azimuth_step: AzimuthStep = 1.0,
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("maps"),
    earth: Annotated[bool, typer.Option("--earth", help="Also map Earth visibility.")] = False,
) -> None:
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
                terrain, grid, body=body, mast_height_m=height_m,
                azimuth_step_deg=azimuth_step, progress=advance,
            )  # fmt: skip
            name = "sun_lit_share" if body == "sun" else "earth_visible_share"
            title = f"{body.capitalize()} visible, {start} to {end}, mast {height_m:g} m"
            written += write_share_map(out / name, share, terrain, title)
    for path in written:
        stdout.print(f"wrote {path}", markup=False)
