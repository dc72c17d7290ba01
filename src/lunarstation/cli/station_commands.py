"""CLI commands of the station engine: ``lunarstation size battery|consumables``."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated

import typer

from lunarstation.cli.app import app, stdout
from lunarstation.errors import OutOfRangeError
from lunarstation.timegrid import as_utc_datetime

size_app = typer.Typer(help="Size station equipment for a site or a crew.", no_args_is_help=True)
app.add_typer(size_app, name="size")


def _when(text: str) -> datetime:
    try:
        return as_utc_datetime(text)
    except (ValueError, TypeError) as error:
        raise OutOfRangeError(
            f"cannot read time {text!r}: {error}", value=text, valid=("ISO 8601 UTC",)
        ) from error


@size_app.command("battery")
def size_battery(
    lat: Annotated[float, typer.Option(help="Latitude, degrees (south negative).")],
    lon: Annotated[float, typer.Option(help="East longitude, degrees.")],
    start: Annotated[str, typer.Option(help="Span start, ISO 8601 UTC.")],
    end: Annotated[str, typer.Option(help="Span end, ISO 8601 UTC.")],
    load_kw: Annotated[float, typer.Option("--load-kw", help="Constant load, kW.")],
    array_kw: Annotated[
        float | None, typer.Option("--array-kw", help="Array output in full Sun, kW.")
    ] = None,
    height_m: Annotated[
        float, typer.Option("--height-m", help="Ground above the 1737.4 km sphere, m.")
    ] = 0.0,
    mast_m: Annotated[float, typer.Option("--mast-m", help="Array height above ground, m.")] = 0.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Smallest battery that rides through every darkness of the span for a constant load."""
    from lunarstation.station.sizing import battery_for_darkness

    result = battery_for_darkness(
        lat,
        lon,
        _when(start),
        _when(end),
        load_kw,
        array_kw,
        mast_height_m=mast_m,
        height_m=height_m,
    )
    if as_json:
        stdout.print(json.dumps(result), markup=False)
        return
    stdout.print(
        f"battery {result['battery_kwh']:.1f} kWh for {load_kw:g} kW; longest darkness "
        f"{result['longest_darkness_h']:.0f} h over {result['darkness_periods']} periods",
        markup=False,
    )


@size_app.command("consumables")
def size_consumables(
    crew: Annotated[int, typer.Option(help="Crew members.")],
    days: Annotated[float, typer.Option(help="Surface stay, days.")],
    closed_loop: Annotated[
        bool, typer.Option("--closed-loop", help="Recover water and O2.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """O2, water and food (kg) for a crew and stay, at NASA BVAD rates."""
    from lunarstation.station.lifesupport import consumables_for

    result = consumables_for(crew, days, closed_loop=closed_loop)
    if as_json:
        stdout.print(json.dumps(result), markup=False)
        return
    for key, value in result.items():
        stdout.print(f"{key}: {value:.1f}", markup=False)
