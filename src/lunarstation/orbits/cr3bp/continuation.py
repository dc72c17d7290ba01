"""Continuation of symmetric periodic orbits along a family.

Both methods walk the free vector X = (x₀, [z₀,] ẏ₀, τ) of
:mod:`lunarstation.orbits.cr3bp.correct` (τ the half period):

* **natural parameter**: step one parameter (x₀, z₀, the period or the Jacobi constant),
  predict along the family's tangent (scaled so that parameter moves by the step),
  correct with that parameter fixed. Fails at folds of the parameter.
* **pseudo-arclength** (Keller 1977; Doedel et al., AUTO; Zimovan-Spreen 2021 §3.5):
  with F(X) = crossing residual (2 or 3 equations, one unknown more), the tangent t is
  the null vector of DF; predict X + Δs·t, then correct [F(X); t·(X − Xₖ) − Δs] = 0,
  a square Newton system that passes folds. The step halves when a correction fails
  and grows by 1.5 (up to ``max_step``) after easy ones.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from lunarstation.orbits.cr3bp.correct import (
    TOLERANCE,
    CorrectionError,
    Fixed,
    correct_symmetric,
    free_vector,
    initial_state,
    jacobi_gradient,
    symmetric_residual,
)
from lunarstation.orbits.cr3bp.propagate import PropagationError
from lunarstation.orbits.cr3bp.system import CR3BPSystem, jacobi

FloatArray = NDArray[np.float64]
Member = tuple[FloatArray, float]
"""A corrected family member: initial state on the x–z plane and half period (TU)."""


def natural_parameter(
    system: CR3BPSystem,
    start: Member,
    *,
    parameter: Fixed,
    step: float,
    count: int,
    planar: bool,
) -> list[Member]:
    """``count`` members (the corrected start first), ``parameter`` stepped by ``step``.

    Raises:
        CorrectionError: a member does not converge.
    """
    fixed = parameter
    first = correct_symmetric(
        system,
        start[0],
        start[1],
        fixed=fixed,
        planar=planar,
        jacobi_target=_jacobi_of(system, start, fixed),
    )
    members = [first]
    for _ in range(count - 1):
        base = free_vector(*members[-1], planar)
        t = tangent(system, base, planar)
        target = None
        if fixed == "jacobi":
            target = float(jacobi(system, members[-1][0])) + step
            rate = float(np.dot(jacobi_gradient(system, members[-1][0], planar), t))
        else:
            rate = float(t[{"x0": 0, "z0": 1, "period": base.size - 1}[fixed]])
        if rate == 0.0:
            raise CorrectionError(
                f"the family has a fold in {fixed}: natural-parameter "
                "continuation cannot pass it (use pseudo-arclength)"
            )
        guess = base + (step / rate) * t  # tangent predictor
        members.append(
            correct_symmetric(
                system,
                initial_state(guess, planar),
                float(guess[-1]),
                fixed=fixed,
                jacobi_target=target,
                planar=planar,
            )
        )
    return members


def _jacobi_of(system: CR3BPSystem, member: Member, fixed: Fixed) -> float | None:
    return float(jacobi(system, member[0])) if fixed == "jacobi" else None


def tangent(system: CR3BPSystem, free: FloatArray, planar: bool) -> FloatArray:
    """Unit null vector of the crossing Jacobian at ``free`` (the family's tangent)."""
    _, jac, _ = symmetric_residual(system, free, planar)
    null: FloatArray = np.linalg.svd(jac)[2][-1]
    return null


def pseudo_arclength(
    system: CR3BPSystem,
    start: Member,
    *,
    step: float,
    count: int,
    planar: bool,
    direction: FloatArray | None = None,
    max_step: float | None = None,
    min_step: float = 1e-6,
    stop: Callable[[Member], bool] | None = None,
) -> list[Member]:
    """Up to ``count`` members from ``start`` (already corrected), ``step`` in arclength.

    ``direction`` orients the first tangent (its dot product with it is made positive);
    ``stop(member)`` ends the walk after the member for which it returns True.

    Raises:
        CorrectionError: the step fell below ``min_step`` before ``count`` members.
    """
    members = [start]
    x = free_vector(*start, planar)
    t = tangent(system, x, planar)
    if direction is not None and float(np.dot(t, direction)) < 0.0:
        t = -t
    ds = step
    largest = step if max_step is None else max_step
    while len(members) < count:
        try:
            x_new, iterations = _arclength_correct(system, x, t, ds, planar)
        except CorrectionError:
            ds /= 2.0
            if ds < min_step:
                raise
            continue
        t_new = tangent(system, x_new, planar)
        if float(np.dot(t_new, t)) < 0.0:
            t_new = -t_new
        x, t = x_new, t_new
        member = (initial_state(x, planar), float(x[-1]))
        members.append(member)
        if stop is not None and stop(member):
            break
        if iterations <= 3:
            ds = min(ds * 1.5, largest)
    return members


def _arclength_correct(
    system: CR3BPSystem,
    base: FloatArray,
    t: FloatArray,
    ds: float,
    planar: bool,
    max_iterations: int = 12,
) -> tuple[FloatArray, int]:
    x = base + ds * t
    for iteration in range(1, max_iterations + 1):
        try:
            residual, jac, _ = symmetric_residual(system, x, planar)
        except PropagationError as error:
            raise CorrectionError(f"pseudo-arclength correction diverged: {error}") from error
        arc = float(np.dot(t, x - base)) - ds
        if np.max(np.abs(residual)) < TOLERANCE and abs(arc) < TOLERANCE:
            return x, iteration
        full = np.vstack([jac, t])
        try:
            x = x - np.linalg.solve(full, np.append(residual, arc))
        except np.linalg.LinAlgError as error:
            raise CorrectionError(f"singular arclength system: {error}") from error
        if not np.all(np.isfinite(x)) or x[-1] <= 0.0:
            break
    raise CorrectionError("pseudo-arclength correction did not converge")
