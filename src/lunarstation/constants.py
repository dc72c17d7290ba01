"""Physical constants in SI units, each with its source.

Names carry the unit (``MOON_RADIUS_M``); sources are given beside each value
so that a reviewer can check it without leaving the file.
"""

from __future__ import annotations

# --- Time -----------------------------------------------------------------
DAY_S = 86_400.0
"""Seconds in a day (SI definition)."""

HOUR_S = 3_600.0
"""Seconds in an hour."""

JULIAN_YEAR_S = 365.25 * DAY_S
"""Julian year, s (IAU)."""

# --- Energy ---------------------------------------------------------------
J_PER_KWH = 3.6e6
"""Joules in a kilowatt-hour (1 kW × 3,600 s, exact)."""

J_PER_WH = 3_600.0
"""Joules in a watt-hour (exact)."""

J2000_JD = 2_451_545.0
"""Julian date of the J2000.0 epoch (2000-01-01 12:00 TT), IAU 1976/2000."""

# --- Lengths --------------------------------------------------------------
AU_M = 149_597_870_700.0
"""Astronomical unit, m (IAU 2012 Resolution B2, exact)."""

SPEED_OF_LIGHT_M_S = 299_792_458.0
"""Speed of light in vacuum, m/s (SI, exact)."""

MOON_RADIUS_M = 1_737_400.0
"""Mean lunar radius, m (IAU WGCCRE 2009, Archinal et al. 2011; the LOLA reference sphere)."""

MOON_RADIUS_KM = MOON_RADIUS_M / 1000.0
"""The same radius in km, the orbits package's unit."""

SUN_RADIUS_M = 695_700_000.0
"""Nominal solar radius, m (IAU 2015 Resolution B3)."""

SUN_RADIUS_KM = SUN_RADIUS_M / 1000.0
"""The same radius in km, the orbits package's unit."""

EARTH_EQUATORIAL_RADIUS_M = 6_378_137.0
"""Earth equatorial radius, m (WGS 84 / IERS 2010)."""

EARTH_EQUATORIAL_RADIUS_KM = EARTH_EQUATORIAL_RADIUS_M / 1000.0
"""The same radius in km."""

EARTH_MOON_MEAN_DISTANCE_M = 384_400_000.0
"""Mean Earth–Moon distance, m (semi-major axis 384,400 km; NASA Moon fact sheet)."""

# --- Gravity --------------------------------------------------------------
STANDARD_GRAVITY_M_S2 = 9.80665
"""Standard acceleration of gravity g0, m/s² (CGPM 1901, exact); used in the rocket equation."""

SPACENET_GRAVITY_M_S2 = 9.81
"""g0 as hard-coded by SpaceNet (shared/reference/spacenet.md §2.3), to reproduce its cases."""

GM_MOON_M3_S2 = 4.902_800_066e12
"""Lunar gravitational parameter, m³/s² (DE421, Folkner et al. 2008, IPN PR 42-178)."""

GM_EARTH_M3_S2 = 3.986_004_418e14
"""Geocentric gravitational constant, m³/s² (IERS Conventions 2010)."""

GM_SUN_M3_S2 = 1.327_124_400_41e20
"""Heliocentric gravitational constant, m³/s² (IERS Conventions 2010, TDB-compatible)."""

# --- Data -----------------------------------------------------------------
KBIT_PER_GB = 8.0e6
"""kbit in a GB (10⁹ bytes)."""

RELAY_LINK_KBPS = 100_000.0
"""A lunar relay's downlink rate, kbit/s: Queqiao-2's Ka-band average 100 Mbit/s
(wikisum; shared/reference/lunar-environment.md §6). The station's default relay rate and
the orbits engine's contact capacity both use it."""
