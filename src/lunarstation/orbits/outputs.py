"""The data an orbits engine hands downstream, on the run's time grid."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

BoolArray = NDArray[np.bool_]
FloatArray = NDArray[np.float64]

ENGINE = "orbits"
"""Name of the engine that produces :class:`OrbitsOutput`."""


@dataclass(frozen=True)
class ElementEclipses:
    """Shadow passages of one element over its spans in orbit (Moon or Earth, first to last
    contact), the spans joined; ``orbit`` and ``role`` are those of its latest span.

    ``start_tdb_s``/``end_tdb_s``: TDB seconds past J2000 of each passage (penumbra
    included); ``sunlit_fraction``: mean lit share of the solar disk over the spans (0–1,
    each span weighted by its length);
    ``longest_s``: the longest passage, s; ``umbra_start_tdb_s``/``umbra_end_tdb_s``: the
    umbral (total) part of the passages; ``span_start_tdb_s``/``span_end_tdb_s``: the
    element's spans in the orbit (when it is there at all), TDB seconds.
    """

    element: str
    orbit: str
    role: str
    start_tdb_s: FloatArray
    end_tdb_s: FloatArray
    sunlit_fraction: float
    longest_s: float
    umbra_start_tdb_s: FloatArray = field(default_factory=lambda: np.zeros(0))
    umbra_end_tdb_s: FloatArray = field(default_factory=lambda: np.zeros(0))
    span_start_tdb_s: FloatArray = field(default_factory=lambda: np.zeros(0))
    span_end_tdb_s: FloatArray = field(default_factory=lambda: np.zeros(0))


@dataclass(frozen=True)
class OrbitsOutput:
    """Relay coverage of the surface sites and eclipses of the orbiting elements.

    ``relay_visible[site]`` is True at each epoch of the run's grid (``RunContext.grid``)
    when at least one relay satellite is above that site's skyline and mask, in service,
    and in view of the Earth. A site without an entry is not covered by the orbits engine
    (the scenario places no relay); consumers fall back on their own model for it.
    ``eclipses`` by element id (its spans in orbit joined).
    """

    relay_visible: Mapping[str, BoolArray]
    eclipses: Mapping[str, ElementEclipses] = field(default_factory=dict)


__all__ = ["ENGINE", "ElementEclipses", "OrbitsOutput"]
