"""The data an orbits engine hands downstream, on the run's time grid."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

BoolArray = NDArray[np.bool_]

ENGINE = "orbits"
"""Name of the engine that produces :class:`OrbitsOutput`."""


@dataclass(frozen=True)
class OrbitsOutput:
    """Relay coverage of the surface sites, computed from the relays' orbits.

    ``relay_visible[site]`` is True at each epoch of the run's grid (``RunContext.grid``)
    when at least one relay satellite is above that site's skyline and in service. A site
    without an entry is not covered by the orbits engine; consumers fall back on their own
    model for it.
    """

    relay_visible: Mapping[str, BoolArray]


__all__ = ["ENGINE", "OrbitsOutput"]
