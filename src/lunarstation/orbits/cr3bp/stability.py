"""Stability of periodic orbits from the monodromy matrix.

The monodromy matrix M = Φ(T) of a periodic orbit of the CR3BP is symplectic: its
eigenvalues come in reciprocal pairs (λ, 1/λ), one pair equal to 1 (the flow direction
and the Jacobi integral). The two other pairs give the stability indices
ν = (λ + 1/λ)/2 (Broucke 1969, "Stability of periodic orbits in the elliptic restricted
three-body problem", AIAA J. 7(6); Zimovan-Spreen 2021, dissertation §2.6): |ν| ≤ 1 is
linearly stable, |ν| > 1 unstable. They are read from traces, which is robust when
eigenvalues are nearly repeated: with sᵢ = λᵢ + 1/λᵢ, tr M = 2 + s₁ + s₂ and
tr M² = 2 + (s₁² − 2) + (s₂² − 2), so s₁, s₂ solve s² − a s + b = 0,
a = tr M − 2, b = (a² − tr M² − 2)/2.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
ComplexArray = NDArray[np.complex128]


@dataclass(frozen=True, eq=False)
class StabilityIndices:
    """Broucke stability indices of a periodic orbit.

    ``nu1`` is the index of larger magnitude (the in-plane, unstable pair for NRHOs and
    most halos), ``nu2`` the other; a complex pair (complex instability) has equal
    real parts and ``complex_pair`` True, the indices then being those real parts.
    ``eigenvalues`` are the six monodromy eigenvalues, largest modulus first.
    """

    nu1: float
    nu2: float
    eigenvalues: ComplexArray
    complex_pair: bool

    @property
    def stable(self) -> bool:
        """Linearly stable: both indices within [−1, 1] (and no complex instability)."""
        return not self.complex_pair and abs(self.nu1) <= 1.0 and abs(self.nu2) <= 1.0

    @property
    def max_eigenvalue_modulus(self) -> float:
        """Largest |λ| of the monodromy matrix (the growth of errors per revolution)."""
        return float(np.max(np.abs(self.eigenvalues)))


def stability_indices(monodromy: FloatArray) -> StabilityIndices:
    """Stability indices of a 6×6 monodromy matrix."""
    m = np.asarray(monodromy, dtype=np.float64)
    a = np.trace(m) - 2.0
    b = (a * a - np.trace(m @ m) - 2.0) / 2.0
    disc = a * a - 4.0 * b
    eigen = np.linalg.eigvals(m).astype(np.complex128)
    eigen = eigen[np.argsort(-np.abs(eigen))]
    if disc < 0.0:
        nu = a / 4.0
        return StabilityIndices(float(nu), float(nu), eigen, True)
    root = np.sqrt(disc)
    s1, s2 = (a + root) / 2.0, (a - root) / 2.0
    nu1, nu2 = sorted((s1 / 2.0, s2 / 2.0), key=abs, reverse=True)
    return StabilityIndices(float(nu1), float(nu2), eigen, False)


SYMPLECTIC_J = np.block([[np.zeros((3, 3)), np.eye(3)], [-np.eye(3), np.zeros((3, 3))]])
