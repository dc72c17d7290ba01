"""Downlink capacity over time: direct to Earth when it is above the skyline, else a relay.

Rates are the link's average throughput in kbit/s. Defaults are labelled estimates: the
Queqiao-2 figures (ref §6) are relay-to-Earth rates, used here as the order of magnitude a
surface terminal can reach.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from lunarstation.constants import RELAY_LINK_KBPS

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

DIRECT_TO_EARTH_KBPS = 6_000.0
"""Direct-to-Earth rate: ENGINEERING ESTIMATE at Queqiao-2's S-band 6 Mbit/s (ref §6)."""
RELAY_KBPS = RELAY_LINK_KBPS
"""Relay rate: Queqiao-2 Ka-band average downlink 100 Mbit/s (constants.RELAY_LINK_KBPS)."""
HOUSEKEEPING_KBPS_PER_ELEMENT = 2.0
"""Telemetry each element produces, kbit/s: ENGINEERING ESTIMATE."""


@dataclass(frozen=True)
class Links:
    """Link rates of one site, kbit/s."""

    direct_kbps: float = DIRECT_TO_EARTH_KBPS
    relay_kbps: float = RELAY_KBPS

    def capacity_kbps(
        self, earth_visible: BoolArray, relay_visible: BoolArray | None
    ) -> FloatArray:
        """Best available rate per epoch: the relay when in view, else DTE when Earth is up."""
        rate = np.where(np.asarray(earth_visible, dtype=bool), self.direct_kbps, 0.0)
        if relay_visible is not None:
            rate = np.where(
                np.asarray(relay_visible, dtype=bool), max(self.relay_kbps, self.direct_kbps), rate
            )
        result: FloatArray = rate.astype(float)
        return result


def backlog_grows(backlog_bit: FloatArray, window: int, tolerance_bit: float = 0.0) -> bool:
    """True when the backlog never emptied (stayed above ``tolerance_bit``) inside the last
    ``window`` steps and ends more than ``tolerance_bit`` above its level one window
    earlier: it only grows."""
    if backlog_bit.size <= window or window < 1:
        return False
    tail = backlog_bit[-window:]
    return bool(
        tail.min() > tolerance_bit and backlog_bit[-1] > backlog_bit[-window - 1] + tolerance_bit
    )


__all__ = [
    "DIRECT_TO_EARTH_KBPS",
    "HOUSEKEEPING_KBPS_PER_ELEMENT",
    "RELAY_KBPS",
    "Links",
    "backlog_grows",
]
