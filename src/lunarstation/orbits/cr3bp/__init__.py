"""The Earth–Moon circular restricted three-body problem (CR3BP).

Nondimensional rotating barycentric frame (Earth at (−μ, 0, 0), Moon at (1 − μ, 0, 0));
every orbit carries its :class:`CR3BPSystem` (μ, LU, TU). See ``docs/orbits.md``
(section "CR3BP") for conventions, published values and what the placement in the
ephemeris frames approximates.

Modules: ``system`` (μ/LU/TU, Lagrange points, Jacobi constant), ``dynamics`` (Numba
right-hand side and variational equations), ``dop853`` (the compiled integrator of single
trajectories and the STM), ``taylor`` (the Taylor-series integrator of batches, four
states per SIMD block), ``propagate`` (trajectories, STM, batches), ``correct`` (single and multiple shooting),
``continuation`` (natural parameter, pseudo-arclength), ``families`` (Lyapunov, halo,
NRHO), ``stability`` (monodromy, indices), ``orbit`` (:class:`PeriodicOrbit`),
``placement`` (Moon-centred inertial and Moon-fixed states through DE421).
"""

from lunarstation.orbits.cr3bp.continuation import natural_parameter, pseudo_arclength
from lunarstation.orbits.cr3bp.correct import (
    CorrectionError,
    correct_multiple_shooting,
    correct_symmetric,
)
from lunarstation.orbits.cr3bp.families import (
    NoSuchOrbitError,
    family,
    halo,
    halo_bifurcation,
    lyapunov,
    nrho,
    resonance_period_days,
)
from lunarstation.orbits.cr3bp.orbit import PeriodicOrbit
from lunarstation.orbits.cr3bp.placement import (
    PlacedOrbit,
    place_orbit,
    rotating_to_inertial,
    rotating_to_moon_fixed,
)
from lunarstation.orbits.cr3bp.propagate import (
    PropagationError,
    propagate,
    propagate_batch,
    propagate_with_stm,
)
from lunarstation.orbits.cr3bp.stability import StabilityIndices, stability_indices
from lunarstation.orbits.cr3bp.system import CR3BPSystem, jacobi

__all__ = [
    "CR3BPSystem",
    "CorrectionError",
    "NoSuchOrbitError",
    "PeriodicOrbit",
    "PlacedOrbit",
    "PropagationError",
    "StabilityIndices",
    "correct_multiple_shooting",
    "correct_symmetric",
    "family",
    "halo",
    "halo_bifurcation",
    "jacobi",
    "lyapunov",
    "natural_parameter",
    "nrho",
    "place_orbit",
    "propagate",
    "propagate_batch",
    "propagate_with_stm",
    "pseudo_arclength",
    "resonance_period_days",
    "rotating_to_inertial",
    "rotating_to_moon_fixed",
    "stability_indices",
]
