"""Imports every command module so that its commands register on the shared app."""

from lunarstation.cli import (  # noqa: F401
    environment_commands,
    interop_commands,
    logistics_commands,
    scenario_commands,
    station_commands,
)
