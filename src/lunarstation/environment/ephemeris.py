"""JPL DE421 positions and lunar librations, evaluated from the ``de421`` package's tables.

The ``de421`` wheel ships DE421 (Folkner, Williams & Boggs 2009, IPN Progress Report
42-178) as NumPy arrays of Chebyshev coefficients, one array per body, shaped
``(sets, 3, coefficients)``: the Sun and the Earth–Moon barycentre relative to the
solar-system barycentre (km), the Moon relative to the Earth (km), and the lunar
physical librations (φ, θ, ψ in rad; the 3-1-3 Euler angles of the Moon's principal
axes in ICRF). We evaluate them ourselves, vectorised and compiled with Numba, instead
of through jplephem's deprecated ``jplephem.ephem`` module.

Everything here is a numerics kernel: TDB seconds past J2000 in, metres (or radians),
metres per second out, ICRF axes. Nothing is downloaded.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

import numba
import numpy as np
from numpy.typing import NDArray

from lunarstation.constants import DAY_S, J2000_JD
from lunarstation.errors import DataError, EphemerisRangeError

FloatArray = NDArray[np.float64]

KM_M = 1_000.0

VALID_START_TDB_S = (2_415_020.5 - J2000_JD) * DAY_S
"""Start of the span this package accepts, 1900-01-01 TDB (the DE421 lunar-orientation span)."""
VALID_END_TDB_S = (2_470_172.5 - J2000_JD) * DAY_S
"""End of the accepted span, 2051-01-01 TDB: DE421's published span with its PA kernel
``moon_pa_de421_1900-2050.bpc`` (ephemeris.md §1a); the tables beyond it are not JPL-fitted."""
VALID_RANGE_UTC = ("1900-01-01", "2050-12-31")


@cache
def _tables_dir() -> Path:
    spec = importlib.util.find_spec("de421")
    if spec is None or spec.origin is None:
        raise DataError("the 'de421' package is not installed; pip install de421")
    return Path(spec.origin).parent


@cache
def _constants() -> dict[str, float]:
    raw = np.load(_tables_dir() / "constants.npy")
    return {bytes(key).decode("ascii"): float(value) for key, value in raw}


@cache
def _table(name: str) -> FloatArray:
    path = _tables_dir() / f"jpl-{name}.npy"
    try:
        table: FloatArray = np.ascontiguousarray(np.load(path), dtype=np.float64)
    except OSError as error:
        raise DataError(f"cannot read DE421 table {path}: {error}") from error
    return table


def earth_moon_mass_ratio() -> float:
    """EMRAT, the Earth/Moon mass ratio of DE421 (dimensionless)."""
    return _constants()["EMRAT"]


@numba.njit(cache=True, nogil=True)
def _chebyshev(
    coefficients: FloatArray, start_s: float, interval_s: float, tdb_s: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Value and time derivative (per second) of a piecewise Chebyshev series.

    Clenshaw-free forward recurrence T_k = 2xT_{k-1} − T_{k-2} and its derivative
    (as jplephem does), so that value and rate come from one pass.
    """
    sets, axes, count = coefficients.shape
    n = tdb_s.size
    value = np.empty((n, axes))
    rate = np.empty((n, axes))
    t_poly = np.empty(count)
    d_poly = np.empty(count)
    for i in range(n):
        index = int((tdb_s[i] - start_s) // interval_s)
        index = min(max(index, 0), sets - 1)
        x = 2.0 * (tdb_s[i] - start_s - index * interval_s) / interval_s - 1.0
        t_poly[0], t_poly[1] = 1.0, x
        d_poly[0], d_poly[1] = 0.0, 1.0
        for k in range(2, count):
            t_poly[k] = 2.0 * x * t_poly[k - 1] - t_poly[k - 2]
            d_poly[k] = 2.0 * x * d_poly[k - 1] - d_poly[k - 2] + 2.0 * t_poly[k - 1]
        for a in range(axes):
            v = 0.0
            r = 0.0
            for k in range(count):
                c = coefficients[index, a, k]
                v += c * t_poly[k]
                r += c * d_poly[k]
            value[i, a] = v
            rate[i, a] = r * 2.0 / interval_s
    return value, rate


def check_range(tdb_s: FloatArray) -> None:
    """Raise :class:`EphemerisRangeError` if any epoch lies outside the DE421 span."""
    if tdb_s.size == 0:
        return
    low, high = float(np.min(tdb_s)), float(np.max(tdb_s))
    if not (np.isfinite(low) and np.isfinite(high)):
        raise EphemerisRangeError("epochs must be finite", value=(low, high), valid=VALID_RANGE_UTC)
    if low < VALID_START_TDB_S or high > VALID_END_TDB_S:
        bad = low if low < VALID_START_TDB_S else high
        year = 2000.0 + bad / (365.25 * DAY_S)
        raise EphemerisRangeError(
            f"epoch near year {year:.1f} is outside the DE421 span shipped with lunarstation "
            f"({VALID_RANGE_UTC[0]} to {VALID_RANGE_UTC[1]} UTC)",
            value=bad,
            valid=VALID_RANGE_UTC,
        )


def series(name: str, tdb_s: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Raw DE421 series ``name`` (``sun``, ``earthmoon``, ``moon``, ``librations``) and rate.

    Units are those of the tables (km and km/s, or rad and rad/s); shape ``(n, 3)``.
    """
    tdb = np.ascontiguousarray(tdb_s, dtype=np.float64)
    check_range(tdb)
    table, start_s, interval_s = table_and_timing(name)
    value, rate = _chebyshev(table, start_s, interval_s, tdb)
    return value, rate


def table_and_timing(name: str) -> tuple[FloatArray, float, float]:
    """Coefficients ``(sets, 3, count)`` of series ``name``, its start and interval (TDB s)."""
    table = _table(name)
    constants = _constants()
    start_s = (constants["jalpha"] - J2000_JD) * DAY_S
    interval_s = (constants["jomega"] - constants["jalpha"]) * DAY_S / table.shape[0]
    return table, start_s, interval_s


def moon_states(tdb_s: FloatArray) -> dict[str, FloatArray]:
    """Positions (m) and velocities (m/s) in ICRF needed by the site geometry.

    Keys: ``moon_ssb`` / ``moon_ssb_v`` (Moon centre w.r.t. the solar-system barycentre),
    ``sun_ssb`` / ``sun_ssb_v``, ``earth_ssb`` / ``earth_ssb_v``; shape ``(n, 3)``.
    """
    emrat = earth_moon_mass_ratio()
    emb, emb_v = series("earthmoon", tdb_s)
    geo, geo_v = series("moon", tdb_s)
    sun, sun_v = series("sun", tdb_s)
    moon_share = emrat / (1.0 + emrat)
    earth_share = 1.0 / (1.0 + emrat)
    return {
        "moon_ssb": (emb + geo * moon_share) * KM_M,
        "moon_ssb_v": (emb_v + geo_v * moon_share) * KM_M,
        "earth_ssb": (emb - geo * earth_share) * KM_M,
        "earth_ssb_v": (emb_v - geo_v * earth_share) * KM_M,
        "sun_ssb": sun * KM_M,
        "sun_ssb_v": sun_v * KM_M,
    }


def libration_angles_rad(tdb_s: FloatArray) -> FloatArray:
    """DE421 lunar Euler angles (φ, θ, ψ), rad, shape ``(n, 3)``: ICRF → PA is R3(ψ)R1(θ)R3(φ)."""
    angles, _ = series("librations", tdb_s)
    return angles
