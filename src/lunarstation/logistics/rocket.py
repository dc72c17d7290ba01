"""The rocket equation on plain floats or NumPy arrays (SI units), vectorisable over samples.

Tsiolkovsky: ``Δv = Isp · g0 · ln(m0 / m1)`` with ``m1 = m0 − m_propellant``. Inverted, the
propellant a burn of ``Δv`` needs from a stack of mass ``m0`` is
``m0 · (1 − exp(−Δv / (Isp · g0)))`` — the form SpaceNet uses (shared/reference/spacenet.md
§2.3). ``g0`` is an argument: 9.80665 m/s² by definition, 9.81 to reproduce SpaceNet.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from lunarstation.constants import STANDARD_GRAVITY_M_S2

Number = TypeVar("Number", float, NDArray[np.float64])


def propellant_for_delta_v(
    mass_kg: Number, delta_v_m_s: Number, isp_s: Number, g0_m_s2: float = STANDARD_GRAVITY_M_S2
) -> Number:
    """Propellant (kg) a stack of ``mass_kg`` burns to gain ``delta_v_m_s`` at ``isp_s``."""
    fraction: Number = -np.expm1(-delta_v_m_s / (isp_s * g0_m_s2))
    return mass_kg * fraction


def delta_v_from_propellant(
    mass_kg: Number, propellant_kg: Number, isp_s: Number, g0_m_s2: float = STANDARD_GRAVITY_M_S2
) -> Number:
    """Δv (m/s) gained by burning ``propellant_kg`` from a stack of ``mass_kg`` at ``isp_s``."""
    log_ratio: Number = -np.log1p(-propellant_kg / mass_kg)
    return isp_s * g0_m_s2 * log_ratio


__all__ = ["delta_v_from_propellant", "propellant_for_delta_v"]
