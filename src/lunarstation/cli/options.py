"""Number options that refuse NaN, ±inf and values out of range, the site options, and the
scenario-files argument every scenario command takes.

Every number a command takes goes through :func:`number_option`, so that a mistyped
value stops with exit code 2 and ``error: --lon: must be a finite number, got inf``
instead of a NaN result or invalid JSON::

    lat: Annotated[float, number_option("--lat", help="Latitude, deg.", min=-90, max=90)]
    days: Annotated[float, number_option("--days", help="Stay, days.", above=0)]
    crew: Annotated[int, number_option("--crew", help="Crew members.", min=1, integer=True)]

The range is appended to the help text. ``cli.console.usage_message`` names the option.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Annotated, Any

import typer


def finite_number(
    *,
    min: float | None = None,
    max: float | None = None,
    above: float | None = None,
    integer: bool = False,
) -> Callable[[Any], float | int | None]:
    """A Typer ``parser`` that reads a finite number within ``[min, max]`` and ``> above``.

    ``integer`` reads a whole number instead. ``None`` (an option left at a ``None``
    default) passes through.

    Raises:
        typer.BadParameter: not a number, not finite, or out of range.
    """

    def parse(value: Any) -> float | int | None:
        if value is None:
            return None
        number = _read(value, integer)
        inside = (min is None or number >= min) and (max is None or number <= max)
        if not inside or (above is not None and not number > above):
            raise typer.BadParameter(f"must be {range_text(min, max, above)}, got {value}")
        return number

    return parse


def _read(value: Any, integer: bool) -> float | int:
    text = str(value).strip()
    if integer:
        try:
            return int(text)
        except ValueError:
            raise typer.BadParameter(f"must be a whole number, got {text!r}") from None
    try:
        number = float(text)
    except ValueError:
        raise typer.BadParameter(f"must be a number, got {text!r}") from None
    if not math.isfinite(number):
        raise typer.BadParameter(f"must be a finite number, got {text}")
    return number


def _show(limit: float) -> str:
    return str(int(limit)) if float(limit).is_integer() else f"{limit:g}"


def range_text(
    min: float | None = None, max: float | None = None, above: float | None = None
) -> str:
    """The range in words: ``between -90 and 90``, ``at least 0``, ``greater than 0 and at most 45``."""
    if min is not None and max is not None:
        return f"between {_show(min)} and {_show(max)}"
    parts = [
        f"at least {_show(min)}" if min is not None else "",
        f"greater than {_show(above)}" if above is not None else "",
        f"at most {_show(max)}" if max is not None else "",
    ]
    return " and ".join(part for part in parts if part)


def number_option(
    *param_decls: str,
    help: str,
    min: float | None = None,
    max: float | None = None,
    above: float | None = None,
    integer: bool = False,
) -> Any:
    """A ``typer.Option`` for a finite number in range; the range joins the help text."""
    limits = range_text(min, max, above)
    return typer.Option(
        *param_decls,
        parser=finite_number(min=min, max=max, above=above, integer=integer),
        help=f"{help.rstrip('.')}; {limits}." if limits else help,
    )


# The site of a command, spelt and explained the same way everywhere.
Latitude = Annotated[
    float, number_option("--lat", help="Site latitude, deg (south negative).", min=-90, max=90)
]
Longitude = Annotated[
    float, number_option("--lon", help="Site east longitude, deg.", min=-180, max=360)
]
GROUND_HEIGHT_HELP = "Site ground height above the 1737.4 km reference sphere, m"
GroundHeight = Annotated[
    float, number_option("--height-m", help=f"{GROUND_HEIGHT_HELP}.", min=-20_000, max=20_000)
]
MastHeight = Annotated[
    float,
    number_option("--mast-m", help="Height of the instrument/array above the ground, m.", min=0),
]


# The scenario files of a command: overlaid in order, built-in names, or '-' for stdin.
SCENARIO_FILES_HELP = (
    "Scenario YAML files (overlaid in order) or built-in names; '-' reads a scenario from "
    "standard input"
)
ScenarioFiles = Annotated[
    list[str] | None,
    typer.Argument(help=f"{SCENARIO_FILES_HELP}; none: ilrs-reference.", show_default=False),
]
RequiredScenarioFiles = Annotated[list[str], typer.Argument(help=f"{SCENARIO_FILES_HELP}.")]
