"""First-order thermal balance: radiators against the sink, heaters in the cold.

A radiator of area ``A``, emissivity ``ε`` at temperature ``T_r`` rejects
``ε σ A (T_r⁴ − T_sink⁴)`` (Stefan–Boltzmann). The sink is colder in darkness and
coldest in permanently shadowed regions (Diviner measurements, ref §5).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

STEFAN_BOLTZMANN_W_M2_K4 = 5.670374419e-8
"""σ, W m⁻² K⁻⁴ (CODATA 2018, exact in the 2019 SI)."""
SINK_LIT_K = 220.0
"""Effective sink of a vertical radiator at a sunlit polar site: ENGINEERING ESTIMATE near
the 213 K equatorial mean surface temperature (the Sun only grazes polar ground; ref §5)."""
SINK_DARK_K = 90.0
"""Sink in darkness: the −183 °C night minimum (Chang'e-4 team via Xinhua 2019; ref §5)."""
SINK_PSR_K = 40.0
"""Sink in a permanently shadowed region: PSR floors ≤ 40 K (Diviner 2009; ref §5)."""


@dataclass(frozen=True)
class Radiators:
    """The heat-rejection system of one site (area m², emissivity, operating K)."""

    area_m2: float = 40.0
    """ENGINEERING ESTIMATE: ISS-class panel area for a ~10 kW habitat heat load."""
    emissivity: float = 0.9
    """Typical white-paint / silver-Teflon radiator emissivity (engineering value)."""
    temperature_k: float = 275.0
    """Radiator operating temperature, K (water loop ≈ 2 °C)."""

    def capacity_w(self, sink_k: FloatArray) -> FloatArray:
        """Heat the radiators can reject at sink temperature ``sink_k``, W (≥ 0)."""
        delta = self.temperature_k**4 - np.asarray(sink_k, dtype=float) ** 4
        result: FloatArray = np.clip(
            self.emissivity * STEFAN_BOLTZMANN_W_M2_K4 * self.area_m2 * delta, 0.0, None
        )
        return result


def sink_temperature_k(
    sun_disk_fraction: FloatArray, *, permanently_shadowed: bool = False
) -> FloatArray:
    """Sink temperature per epoch, K: interpolated on the visible share of the solar disk."""
    if permanently_shadowed:
        return np.full(np.shape(sun_disk_fraction), SINK_PSR_K)
    share = np.clip(np.asarray(sun_disk_fraction, dtype=float), 0.0, 1.0)
    result: FloatArray = SINK_DARK_K + (SINK_LIT_K - SINK_DARK_K) * share
    return result


def heat_excess_w(heat_w: FloatArray, radiators: Radiators, sink_k: FloatArray) -> FloatArray:
    """Heat (loads served + crew metabolic) beyond what the radiators reject, W (≥ 0)."""
    result: FloatArray = np.clip(np.asarray(heat_w) - radiators.capacity_w(sink_k), 0.0, None)
    return result


__all__ = [
    "SINK_DARK_K",
    "SINK_LIT_K",
    "SINK_PSR_K",
    "STEFAN_BOLTZMANN_W_M2_K4",
    "Radiators",
    "heat_excess_w",
    "sink_temperature_k",
]
