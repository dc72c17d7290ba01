"""Loads a scheduler adds to a site: the one type the station reads of a schedule.

The station does not import the science package (it sits below it); the science engine's
output *is* a :class:`ScheduledLoads` (docs/architecture.md, "Science and the station").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class SiteLoads:
    """Scheduled loads of one site on the run's grid (length T)."""

    host_w: FloatArray
    """Power drawn on the crew's host element (the habitat), W, science level."""
    element_w: Mapping[str, FloatArray] = field(default_factory=dict)
    """Power drawn on a named element (on the host while it is out of service), W."""
    data_kbps: FloatArray | None = None
    """Data produced, kbit/s (None: none)."""
    crew_h: float = 0.0
    """Crew time the scheduled runs take, hours in all (the CREW_TIME_SHORT check)."""


@dataclass(frozen=True)
class ScheduledLoads:
    """What a scheduler hands the station: each site's scheduled loads by site id."""

    site_loads: Mapping[str, SiteLoads]


__all__ = ["ScheduledLoads", "SiteLoads"]
