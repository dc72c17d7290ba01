"""Station systems over time: power, life support, thermal, comms and crew.

The compiled kernels (:mod:`~lunarstation.station.kernel`) work on plain arrays and a
leading Monte Carlo sample axis; :class:`StationEngine` feeds them from the scenario,
the timeline and the environment engine.
"""

from lunarstation.station.build import SiteArrays, build_site
from lunarstation.station.comms import Links
from lunarstation.station.engine import (
    SiteCapacity,
    StationEngine,
    StationOptions,
    StationOutput,
    StationSummary,
)
from lunarstation.station.kernel import PowerRun, run_power
from lunarstation.station.lifesupport import LifeSupport, consumables_for
from lunarstation.station.power import BatteryBank, array_output_w, regenerative_fuel_cell
from lunarstation.station.samples import power_samples
from lunarstation.station.sizing import battery_for_darkness, smallest_battery_kwh
from lunarstation.station.thermal import Radiators

__all__ = [
    "BatteryBank",
    "LifeSupport",
    "Links",
    "PowerRun",
    "Radiators",
    "SiteArrays",
    "SiteCapacity",
    "StationEngine",
    "StationOptions",
    "StationOutput",
    "StationSummary",
    "array_output_w",
    "battery_for_darkness",
    "build_site",
    "consumables_for",
    "power_samples",
    "regenerative_fuel_cell",
    "run_power",
    "smallest_battery_kwh",
]
