"""The physical thresholds below which the station reports nothing.

The kernels add and subtract watts and kilograms step by step, so a quantity that is
zero in exact arithmetic comes out as ±1e-12 (radiators sized for the peak heat reject
it "up to 9e-13 W" short). Every station finding and every count of hours compares with
one of these tolerances, never with ``> 0``; each is far below anything a planner acts
on and far above floating-point dust.
"""

from __future__ import annotations

POWER_TOLERANCE_W = 1.0
"""Electric power, W: a survival shortfall, a shed load or an unpowered load counts only
above 1 W (the smallest loads in the scenarios are keep-alive heaters of 20 W)."""
HEAT_TOLERANCE_W = 1.0
"""Heat the radiators cannot reject, W: THERMAL_LIMIT only above 1 W."""
STOCK_TOLERANCE_KG = 1.0e-3
"""A resource stock, kg: a store is short (or below its reserve) only by more than 1 g."""
BACKLOG_TOLERANCE_BIT = 1.0e3
"""The data backlog, bits: the backlog has emptied when under 1 kbit, and grows only by
more than that."""
CREW_TIME_TOLERANCE_H = 0.1
"""Crew time, hours: CREW_TIME_SHORT only when demand exceeds the stays by over 6 min."""

__all__ = [
    "BACKLOG_TOLERANCE_BIT",
    "CREW_TIME_TOLERANCE_H",
    "HEAT_TOLERANCE_W",
    "POWER_TOLERANCE_W",
    "STOCK_TOLERANCE_KG",
]
