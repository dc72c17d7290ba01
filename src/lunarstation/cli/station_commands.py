"""CLI commands of the station engine: ``lunarstation size battery|consumables``."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated

import typer

from lunarstation.cli.console import EXIT_OK, stdout
from lunarstation.cli.options import GroundHeight, Latitude, Longitude, MastHeight, number_option
from lunarstation.errors import OutOfRangeError
from lunarstation.timegrid import as_utc_datetime

app = typer.Typer(
    help="Size station equipment for a site or a crew.", no_args_is_help=True, rich_markup_mode=None
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _when(text: str) -> datetime:
    try:
        return as_utc_datetime(text)
    except (ValueError, TypeError) as error:
        raise OutOfRangeError(
            f"cannot read time {text!r}: {error}", value=text, valid=("ISO 8601 UTC",)
        ) from error


@app.command("battery")
def size_battery(
    lat: Latitude,
    lon: Longitude,
    start: Annotated[str, typer.Option(help="Span start, ISO 8601 UTC.")],
    end: Annotated[str, typer.Option(help="Span end, ISO 8601 UTC.")],
    load_kw: Annotated[
        float, number_option("--load-kw", help="Constant load, kW.", min=0, max=1e6)
    ],
    array_kw: Annotated[
        float | None,
        number_option(
            "--array-kw", help="Array output in full Sun, kW (default: ample).", above=0, max=1e6
        ),
    ] = None,
    height_m: GroundHeight = 0.0,
    mast_m: MastHeight = 0.0,
    as_json: JsonOption = False,
) -> int:
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
        stdout.print(json.dumps(result, allow_nan=False), markup=False)
        return EXIT_OK
    stdout.print(
        f"battery {result['battery_kwh']:.1f} kWh for {load_kw:g} kW; longest darkness "
        f"{result['longest_darkness_h']:.0f} h over {result['darkness_periods']} periods",
        markup=False,
    )
    return EXIT_OK


@app.command("consumables")
def size_consumables(
    crew: Annotated[
        int, number_option("--crew", help="Crew members.", min=1, max=10_000, integer=True)
    ],
    days: Annotated[
        float, number_option("--days", help="Surface stay, days.", above=0, max=36_525)
    ],
    closed_loop: Annotated[
        bool, typer.Option("--closed-loop", help="Recover water and O2.")
    ] = False,
    as_json: JsonOption = False,
) -> int:
    """O2, water and food (kg) for a crew and stay, at NASA BVAD rates."""
    from lunarstation.station.lifesupport import consumables_for

    result = consumables_for(crew, days, closed_loop=closed_loop)
    if as_json:
        stdout.print(json.dumps(result, allow_nan=False), markup=False)
        return EXIT_OK
    for key, value in result.items():
        stdout.print(f"{key}: {value:.1f}", markup=False)
    return EXIT_OK
