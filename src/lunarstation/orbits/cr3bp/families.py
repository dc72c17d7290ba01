"""Families of periodic orbits: L1/L2 Lyapunov, halo north/south, NRHOs.

* **Lyapunov** (planar): the linearised in-plane oscillation about the collinear point
  (Szebehely 1967 §5.6; Koon et al. 2011 §2.6): x = x_L + Aₓcos ωt,
  y = −kAₓ sin ωt, ω² = (2 − c₂ + √(9c₂² − 8c₂))/2, k = (ω² + 1 + 2c₂)/(2ω),
  c₂ = (1−μ)/|x_L+μ|³ + μ/|x_L−1+μ|³, gives the first member at a small amplitude;
  natural-parameter continuation in x₀ reaches the one asked for.
* **Halo**: branches from the Lyapunov member where a pair of out-of-plane monodromy
  eigenvalues passes through +1 (Howell 1984). For a planar orbit the (z, ż) block of
  the monodromy decouples, so the bifurcation is the root of tr M_zz − 2 along the
  Lyapunov family (Brent's method on x₀). The branch starts by holding z₀ = ±ε at the
  bifurcating member and continues by pseudo-arclength towards the Moon, where the
  family becomes the near-rectilinear halo orbits (NRHOs, Zimovan-Spreen 2021).
* **NRHO by period or synodic resonance**: "p:q" means p revolutions in q mean synodic
  months, T = (q/p)·29.530589 d, converted to TU with the system's own TU; the walk
  along the halo family stops at the first member whose period brackets T, and that
  member is corrected with the period fixed.

States are given at the x–z crossing farther from the Moon (the apolune for NRHOs);
``branch="south"`` has z₀ < 0 there (the Gateway NRHO: apolune over the south pole).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import brentq

from lunarstation.constants import MOON_RADIUS_KM
from lunarstation.errors import LunarstationError, OutOfRangeError
from lunarstation.orbits.cr3bp.continuation import Member, natural_parameter, pseudo_arclength
from lunarstation.orbits.cr3bp.correct import CorrectionError, Fixed, correct_symmetric
from lunarstation.orbits.cr3bp.orbit import PeriodicOrbit
from lunarstation.orbits.cr3bp.propagate import propagate_with_stm
from lunarstation.orbits.cr3bp.system import SYNODIC_MONTH_DAYS, CR3BPSystem

FloatArray = NDArray[np.float64]

LAGRANGE = ("L1", "L2")
BRANCHES = ("north", "south")
SMALL_AMPLITUDE_LU = 1e-3
"""x amplitude of the first, linearised Lyapunov member (LU): ≈ 390 km."""
HALO_SEED_Z_LU = 2e-3
"""|z₀| held fixed to leave the bifurcating Lyapunov orbit onto a halo branch (LU)."""
HALO_STEP = 0.01
"""Pseudo-arclength step along the halo family (in the free vector's norm)."""
HALO_MAX_MEMBERS = 600


class NoSuchOrbitError(LunarstationError, ValueError):
    """No member of the family matches the selector (period, resonance, Jacobi, amplitude)."""


def _check_lagrange(lagrange: str) -> str:
    if lagrange not in LAGRANGE:
        raise OutOfRangeError(
            f"lagrange must be one of {', '.join(LAGRANGE)}, got {lagrange!r}",
            value=lagrange,
            valid=LAGRANGE,
        )
    return lagrange


def _check_branch(branch: str) -> str:
    if branch not in BRANCHES:
        raise OutOfRangeError(
            f"branch must be 'north' or 'south', got {branch!r}", value=branch, valid=BRANCHES
        )
    return branch


def _linear_lyapunov(system: CR3BPSystem, lagrange: str, amplitude: float) -> Member:
    """Linearised Lyapunov state at x_L + amplitude and its half period."""
    mu = system.mu
    x_l = float(system.lagrange_points()[lagrange][0])
    c2 = (1.0 - mu) / abs(x_l + mu) ** 3 + mu / abs(x_l - 1.0 + mu) ** 3
    omega = math.sqrt((2.0 - c2 + math.sqrt(9.0 * c2 * c2 - 8.0 * c2)) / 2.0)
    k = (omega * omega + 1.0 + 2.0 * c2) / (2.0 * omega)
    state = np.array([x_l + amplitude, 0.0, 0.0, 0.0, -k * amplitude * omega, 0.0])
    return state, math.pi / omega


def _far_side(system: CR3BPSystem, lagrange: str) -> float:
    """+1 when the crossing farther from the Moon has x > x_L (L2), −1 otherwise (L1)."""
    return 1.0 if lagrange == "L2" else -1.0


def lyapunov_member(system: CR3BPSystem, lagrange: str, x0: float) -> Member:
    """The Lyapunov member crossing the x axis (far side) at ``x0``, by continuation in x₀."""
    _check_lagrange(lagrange)
    side = _far_side(system, lagrange)
    x_l = float(system.lagrange_points()[lagrange][0])
    amplitude = (x0 - x_l) * side
    if not amplitude > 0.0:
        raise NoSuchOrbitError(
            f"a {lagrange} Lyapunov orbit's far crossing lies {'beyond' if side > 0 else 'before'} "
            f"x_L = {x_l:.9f}; x0 = {x0} is on the wrong side"
        )
    start_amplitude = min(SMALL_AMPLITUDE_LU, amplitude)
    member = _linear_lyapunov(system, lagrange, side * start_amplitude)
    steps = max(1, math.ceil((amplitude - start_amplitude) / 2e-3))
    try:
        walk = natural_parameter(
            system,
            member,
            parameter="x0",
            step=side * (amplitude - start_amplitude) / steps,
            count=steps + 1,
            planar=True,
        )
    except CorrectionError as error:
        raise NoSuchOrbitError(
            f"no {lagrange} Lyapunov orbit found at x0 = {x0} (continuation failed: {error})"
        ) from error
    return walk[-1]


def lyapunov(
    system: CR3BPSystem,
    lagrange: str = "L1",
    *,
    x0: float | None = None,
    amplitude: float | None = None,
) -> PeriodicOrbit:
    """A planar Lyapunov orbit about L1 or L2, given its far-side crossing ``x0`` or its
    x ``amplitude`` from the Lagrange point (LU); default: the halo-bifurcating member.

    Raises:
        NoSuchOrbitError: no member at that crossing.
        OutOfRangeError: unknown Lagrange point.
    """
    _check_lagrange(lagrange)
    if x0 is None and amplitude is None:
        return halo_bifurcation(system, lagrange)
    if x0 is None:
        assert amplitude is not None
        x_l = float(system.lagrange_points()[lagrange][0])
        x0 = x_l + _far_side(system, lagrange) * amplitude
    state, half = lyapunov_member(system, lagrange, x0)
    return PeriodicOrbit(system, state, 2.0 * half, "lyapunov", lagrange, None)


def _vertical_trace(system: CR3BPSystem, member: Member) -> float:
    """tr M_zz − 2 of a planar member (zero at the halo bifurcation)."""
    _, monodromy = propagate_with_stm(system, member[0], 2.0 * member[1])
    return float(monodromy[2, 2] + monodromy[5, 5] - 2.0)


_BIFURCATIONS: dict[tuple[CR3BPSystem, str], Member] = {}


def bifurcation_member(system: CR3BPSystem, lagrange: str) -> Member:
    """The Lyapunov member where the halo family branches off (tr M_zz = 2), to 1e-12 in x₀."""
    key = (system, _check_lagrange(lagrange))
    if key in _BIFURCATIONS:
        return _BIFURCATIONS[key]
    side = _far_side(system, lagrange)
    x_l = float(system.lagrange_points()[lagrange][0])
    members = {}

    def crossing(x0: float) -> float:
        member = lyapunov_member(system, lagrange, x0)
        members[x0] = member
        return _vertical_trace(system, member)

    # Walk out in amplitude until the vertical trace changes sign (5e-3 LU steps).
    low = x_l + side * SMALL_AMPLITUDE_LU
    f_low = crossing(low)
    for _ in range(60):
        high = low + side * 5e-3
        f_high = crossing(high)
        if f_low * f_high <= 0.0:
            break
        low, f_low = high, f_high
    else:
        raise NoSuchOrbitError(f"no halo bifurcation found along the {lagrange} Lyapunov family")
    x_bif = brentq(crossing, min(low, high), max(low, high), xtol=1e-13, rtol=1e-15)
    member = members.get(x_bif) or lyapunov_member(system, lagrange, x_bif)
    _BIFURCATIONS[key] = member
    return member


def halo_bifurcation(system: CR3BPSystem, lagrange: str) -> PeriodicOrbit:
    """The Lyapunov orbit at which the halo family bifurcates."""
    state, half = bifurcation_member(system, lagrange)
    return PeriodicOrbit(system, state, 2.0 * half, "lyapunov", lagrange, None)


@dataclass
class _HaloWalk:
    """Members of one halo branch found so far, from the bifurcation towards the Moon."""

    system: CR3BPSystem
    lagrange: str
    branch: str
    members: list[Member] = field(default_factory=list)
    ended: bool = False

    def start(self) -> None:
        state, half = bifurcation_member(self.system, self.lagrange)
        sign = -1.0 if self.branch == "south" else 1.0
        seed = state.copy()
        seed[2] = sign * HALO_SEED_Z_LU
        self.members = [correct_symmetric(self.system, seed, half, fixed="z0")]

    def extend(self, count: int = 40) -> bool:
        """Add up to ``count`` members; False when the family can be followed no further."""
        if not self.members:
            self.start()
            return True
        if self.ended:
            return False
        sign = -1.0 if self.branch == "south" else 1.0
        direction = np.array([0.0, sign, 0.0, 0.0])  # |z0| grows
        if len(self.members) >= 2:
            direction = _free(self.members[-1]) - _free(self.members[-2])
        try:
            new = pseudo_arclength(
                self.system,
                self.members[-1],
                step=HALO_STEP,
                count=count + 1,
                planar=False,
                direction=direction,
                stop=self._too_close,
            )
        except CorrectionError:
            self.ended = True
            return False
        self.members.extend(new[1:])
        if self._too_close(new[-1]) or len(self.members) >= HALO_MAX_MEMBERS:
            self.ended = True
        return True

    def _too_close(self, member: Member) -> bool:
        """Stop where the crossing nearer the Moon is inside the Moon (about 1.1 radii)."""
        near = propagate_with_stm(self.system, member[0], member[1])[0]
        radius = float(np.linalg.norm(near[:3] - self.system.moon)) * self.system.lu_km
        return radius < 1.1 * MOON_RADIUS_KM


def _free(member: Member) -> FloatArray:
    state, half = member
    return np.array([state[0], state[2], state[4], half])


_WALKS: dict[tuple[CR3BPSystem, str, str], _HaloWalk] = {}


def _walk(system: CR3BPSystem, lagrange: str, branch: str) -> _HaloWalk:
    key = (system, _check_lagrange(lagrange), _check_branch(branch))
    if key not in _WALKS:
        _WALKS[key] = _HaloWalk(system, lagrange, branch)
    return _WALKS[key]


def _find_bracket(walk: _HaloWalk, value: Callable[[Member], float]) -> tuple[Member, Member]:
    """Two consecutive members between which ``value`` changes sign."""
    index = 0
    while True:
        while index + 1 < len(walk.members):
            a, b = walk.members[index], walk.members[index + 1]
            if value(a) == 0.0 or value(a) * value(b) < 0.0:
                return a, b
            index += 1
        if not walk.extend():
            raise NoSuchOrbitError("")


def halo(
    system: CR3BPSystem,
    lagrange: str = "L2",
    branch: str = "south",
    *,
    jacobi: float | None = None,
    period_tu: float | None = None,
    z_amplitude: float | None = None,
    family_name: str = "halo",
) -> PeriodicOrbit:
    """The first halo member, from the bifurcation towards the Moon, with the given Jacobi
    constant, period (TU) or |z₀| (LU, at the far crossing); default: the bifurcation.

    Raises:
        NoSuchOrbitError: the followed family has no such member.
    """
    walk = _walk(system, lagrange, branch)
    selectors = {"jacobi": jacobi, "period": period_tu, "z0": z_amplitude}
    given = {name: value for name, value in selectors.items() if value is not None}
    if len(given) > 1:
        raise OutOfRangeError(
            f"give one of jacobi, period_tu, z_amplitude, not {sorted(given)}",
            value=sorted(given),
            valid=("one selector",),
        )
    if not walk.members:
        walk.extend()
    if not given:
        state, half = walk.members[0]
        return PeriodicOrbit(system, state, 2.0 * half, family_name, lagrange, branch)
    ((name, target),) = given.items()
    if not math.isfinite(target):
        raise OutOfRangeError(
            f"{name} must be finite, got {target}", value=target, valid=("finite",)
        )
    sign = -1.0 if branch == "south" else 1.0
    goal = {"jacobi": target, "period": target / 2.0, "z0": sign * abs(target)}[name]
    from lunarstation.orbits.cr3bp.system import jacobi as jacobi_of

    def value(member: Member) -> float:
        if name == "jacobi":
            return float(jacobi_of(system, member[0])) - goal
        if name == "period":
            return member[1] - goal
        return float(member[0][2]) - goal

    try:
        a, b = _find_bracket(walk, value)
    except NoSuchOrbitError:
        raise NoSuchOrbitError(_range_message(walk, name, target, lagrange, branch)) from None
    share = value(a) / (value(a) - value(b))
    guess_free = _free(a) + share * (_free(b) - _free(a))
    guess = np.array([guess_free[0], 0.0, guess_free[1], 0.0, guess_free[2], 0.0])
    fixed: Fixed = "jacobi" if name == "jacobi" else "period" if name == "period" else "z0"
    if name == "z0":
        guess[2] = goal
    state, half = correct_symmetric(
        system,
        guess,
        goal if name == "period" else float(guess_free[3]),
        fixed=fixed,
        jacobi_target=goal if name == "jacobi" else None,
    )
    return PeriodicOrbit(system, state, 2.0 * half, family_name, lagrange, branch)


def _range_message(walk: _HaloWalk, name: str, target: float, lagrange: str, branch: str) -> str:
    from lunarstation.orbits.cr3bp.system import jacobi as jacobi_of

    periods = [2.0 * m[1] for m in walk.members]
    jacobis = [float(jacobi_of(walk.system, m[0])) for m in walk.members]
    days = [walk.system.days(p) for p in periods]
    shown = {
        "period": f"periods {min(periods):.6f}–{max(periods):.6f} TU "
        f"({min(days):.4f}–{max(days):.4f} d)",
        "jacobi": f"Jacobi constants {min(jacobis):.7f}–{max(jacobis):.7f}",
        "z0": f"|z0| up to {max(abs(m[0][2]) for m in walk.members):.6f} LU",
    }[name]
    what = f"{name} {target:g}" + (
        f" TU ({walk.system.days(target):.6f} d)" if name == "period" else ""
    )
    return (
        f"no {lagrange} {branch} halo/NRHO member has {what}: the family followed from the "
        f"Lyapunov bifurcation to the Moon spans {shown}"
    )


_RESONANCE = re.compile(r"^\s*(\d+)\s*:\s*(\d+)\s*$")


def resonance_period_days(resonance: str) -> float:
    """Period of a p:q synodic resonance (p revolutions per q synodic months), days.

    Raises:
        OutOfRangeError: not of the form ``p:q`` with positive whole numbers.
    """
    match = _RESONANCE.match(resonance)
    if match is None or int(match.group(1)) == 0 or int(match.group(2)) == 0:
        raise OutOfRangeError(
            f"resonance must be 'p:q' with positive whole numbers (p revolutions in q synodic "
            f"months, e.g. '9:2'), got {resonance!r}",
            value=resonance,
            valid=("p:q",),
        )
    return int(match.group(2)) / int(match.group(1)) * SYNODIC_MONTH_DAYS


def nrho(
    system: CR3BPSystem,
    *,
    resonance: str | None = None,
    period_days: float | None = None,
    branch: str = "south",
    lagrange: str = "L2",
) -> PeriodicOrbit:
    """The NRHO (halo member near the Moon) with a synodic ``resonance`` or ``period_days``.

    Default: the 9:2 resonance (the Gateway orbit), T = 6.562353 d in the system's TU.

    Raises:
        NoSuchOrbitError: no member of the family has that period.
        OutOfRangeError: a malformed resonance, both selectors, or a bad period.
    """
    if resonance is not None and period_days is not None:
        raise OutOfRangeError(
            "give a resonance or a period, not both",
            value=(resonance, period_days),
            valid=("one of resonance, period_days",),
        )
    if period_days is None:
        period_days = resonance_period_days(resonance or "9:2")
    if not (math.isfinite(period_days) and period_days > 0.0):
        raise OutOfRangeError(
            f"period_days must be a positive finite number, got {period_days}",
            value=period_days,
            valid=("> 0",),
        )
    label = f"resonance {resonance} ({period_days:.6f} d)" if resonance else f"{period_days} d"
    try:
        return halo(system, lagrange, branch, period_tu=system.tu(period_days), family_name="nrho")
    except NoSuchOrbitError as error:
        raise NoSuchOrbitError(f"no NRHO with {label}: {error}") from None


def family(
    system: CR3BPSystem,
    kind: str,
    lagrange: str = "L2",
    branch: str | None = "south",
    count: int = 10,
    *,
    step: float | None = None,
    method: str = "arclength",
) -> list[PeriodicOrbit]:
    """``count`` members of a family by continuation from its first member.

    ``kind="lyapunov"``: from a small amplitude outwards (``step`` default 0.01);
    ``"halo"``: from the Lyapunov bifurcation towards the Moon (default 0.03).
    ``method``: ``"arclength"`` (pseudo-arclength) or ``"natural"`` (natural parameter:
    x₀ for Lyapunov, z₀ for halo).

    Raises:
        OutOfRangeError: unknown kind, method, Lagrange point or branch, count < 1.
        CorrectionError: continuation failed before ``count`` members.
    """
    _check_lagrange(lagrange)
    if kind not in ("lyapunov", "halo"):
        raise OutOfRangeError(
            f"family kind must be 'lyapunov' or 'halo', got {kind!r}",
            value=kind,
            valid=("lyapunov", "halo"),
        )
    if method not in ("arclength", "natural"):
        raise OutOfRangeError(
            f"method must be 'arclength' or 'natural', got {method!r}",
            value=method,
            valid=("arclength", "natural"),
        )
    if count < 1:
        raise OutOfRangeError(f"count must be at least 1, got {count}", value=count, valid=(1,))
    side = _far_side(system, lagrange)
    if kind == "lyapunov":
        start = _linear_lyapunov(system, lagrange, side * SMALL_AMPLITUDE_LU)
        start = correct_symmetric(system, start[0], start[1], fixed="x0", planar=True)
        ds = 0.01 if step is None else step
        if method == "natural":
            members = natural_parameter(
                system, start, parameter="x0", step=side * ds, count=count, planar=True
            )
        else:
            members = pseudo_arclength(
                system,
                start,
                step=ds,
                count=count,
                planar=True,
                direction=np.array([side, 0.0, 0.0]),
            )
        return [PeriodicOrbit(system, s, 2.0 * h, "lyapunov", lagrange, None) for s, h in members]
    chosen = _check_branch(branch or "south")
    walk = _walk(system, lagrange, chosen)
    if not walk.members:
        walk.extend()
    sign = -1.0 if chosen == "south" else 1.0
    ds = 0.03 if step is None else step
    first = walk.members[0]
    if method == "natural":
        members = natural_parameter(
            system, first, parameter="z0", step=sign * ds, count=count, planar=False
        )
    else:
        members = pseudo_arclength(
            system,
            first,
            step=ds,
            count=count,
            planar=False,
            direction=np.array([0.0, sign, 0.0, 0.0]),
        )
    return [PeriodicOrbit(system, s, 2.0 * h, "halo", lagrange, chosen) for s, h in members]
