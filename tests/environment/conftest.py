"""Independent oracles for the environment tests: skyfield on the same DE421 data.

skyfield reads ``de421.bsp`` from the ``skyfield-data`` wheel (a different file and a
different reader than our ``de421`` Chebyshev tables) and applies its own frame code.
The lunar orientation comes from the DE421 libration angles, read through jplephem's
legacy reader, and from the PA→ME frame text of NAIF's ``moon_080317.tf`` (quoted
below), parsed by skyfield's own KPL/FK reader — the method of ephemeris.md §1b,
with the angles fed in place of the ``moon_pa_de421_1900-2050.bpc`` segment (the bpc
is itself a fit of the same DE421 librations).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

# Excerpt of NAIF moon_080317.tf (DE421 lunar frames kernel, 2008-03-17), data part.
MOON_080317_TF = rb"""KPL/FK
\begindata
FRAME_MOON_PA_DE421          = 31006
FRAME_31006_NAME             = 'MOON_PA_DE421'
FRAME_31006_CLASS            = 2
FRAME_31006_CLASS_ID         = 31006
FRAME_31006_CENTER           = 301
FRAME_MOON_ME_DE421          = 31007
FRAME_31007_NAME             = 'MOON_ME_DE421'
FRAME_31007_CLASS            = 4
FRAME_31007_CLASS_ID         = 31007
FRAME_31007_CENTER           = 301
TKFRAME_31007_SPEC           = 'ANGLES'
TKFRAME_31007_RELATIVE       = 'MOON_PA_DE421'
TKFRAME_31007_ANGLES         = (   67.92   78.56   0.30 )
TKFRAME_31007_AXES           = (   3,      2,      1    )
TKFRAME_31007_UNITS          = 'ARCSECONDS'
\begintext
"""


@dataclass
class _LibrationSegment:
    """Stands in for the bpc segment: (φ, θ, ψ) from DE421's libration tables."""

    frame: int = 1

    def compute(self, tdb: Any, tdb2: Any = 0.0, derivative: bool = False) -> Any:
        import de421
        from jplephem.ephem import Ephemeris

        ephemeris = Ephemeris(de421)
        scalar = np.ndim(tdb) == 0 and np.ndim(tdb2) == 0
        when = np.atleast_1d(np.asarray(tdb, dtype=float) + tdb2)
        # angles (rad) and rates in rad/s, the units jplephem's PCK reader hands skyfield
        # when it reads the real bpc (jplephem/pck.py divides by the interval in seconds)
        angles, rates_per_day = ephemeris.position_and_velocity("librations", when)
        rates = rates_per_day / 86_400.0
        if scalar:
            angles, rates = angles[:, 0], rates[:, 0]
        return (angles, rates) if derivative else angles


@dataclass(frozen=True)
class SkyfieldOracle:
    """skyfield objects for the Moon, Sun and Earth and a site builder."""

    ts: Any
    planets: Any
    me_frame: Any
    constants: Any

    def site(self, lat_deg: float, lon_deg: float, height_m: float = 0.0) -> Any:
        topos = self.constants.build_latlon_degrees(self.me_frame, lat_deg, lon_deg, height_m)
        return self.planets["moon"] + topos


@pytest.fixture(scope="session")
def skyfield_oracle() -> Iterator[SkyfieldOracle]:
    import skyfield_data
    from skyfield.api import Loader
    from skyfield.planetarylib import PlanetaryConstants

    # Point the Loader at the wheel's folder directly: skyfield_data's helper warns that
    # finals2000A.all has expired (ephemeris.md §6 pitfall 1), and warnings fail tests.
    loader = Loader(str(Path(skyfield_data.__file__).parent / "data"), verbose=False)
    constants = PlanetaryConstants()
    constants.read_text(io.BytesIO(MOON_080317_TF))
    constants.variables["BODY301_RADII"] = [1737.4, 1737.4, 1737.4]  # pitfall 2
    frame = constants.build_frame(31007, _segment=_LibrationSegment())
    planets = loader("de421.bsp")
    yield SkyfieldOracle(loader.timescale(builtin=True), planets, frame, constants)
    planets.close()  # an open kernel file would raise ResourceWarning, an error here
