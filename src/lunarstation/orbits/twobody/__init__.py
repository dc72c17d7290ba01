"""Two-body lunar orbits: Keplerian elements, J2 secular drift and a perturbed propagator.

* :mod:`~lunarstation.orbits.twobody.kepler`: constants, elements ↔ state, Kepler's
  equation, J2 mean-element rates and the vectorised mean-element ephemeris the engine
  samples on long grids;
* :mod:`~lunarstation.orbits.twobody.perturbations`: a Numba Dormand–Prince 5(4)
  integrator of the Moon's point mass, its J2 and the Earth as a third body (DE421), in
  the Moon's principal-axis frame frozen at the orbit's epoch.

Numerics kernels: plain arrays in km, km/s, s and radians; no scenario, no pydantic.
"""

from lunarstation.orbits.twobody.kepler import (
    GM_EARTH_KM3_S2,
    GM_MOON_KM3_S2,
    J2_MOON,
    R_MOON_KM,
    MeanElements,
    elements_to_state,
    mean_positions,
    solve_kepler,
    state_to_elements,
)
from lunarstation.orbits.twobody.perturbations import EarthTable, propagate_perturbed

__all__ = [
    "GM_EARTH_KM3_S2",
    "GM_MOON_KM3_S2",
    "J2_MOON",
    "R_MOON_KM",
    "EarthTable",
    "MeanElements",
    "elements_to_state",
    "mean_positions",
    "propagate_perturbed",
    "solve_kepler",
    "state_to_elements",
]
