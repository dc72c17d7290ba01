"""Periodic orbits: correction, continuation, families, NRHO selection, stability.

Published values from shared/reference/orbits.md §2 (tests/reference/orbits-cr3bp.md):
Grebow (MS thesis, Purdue 2006) Lyapunov members at the halo bifurcations;
Zimovan-Spreen (PhD dissertation, Purdue 2021, pp. 245–246) NRHO initial guesses.
"""

from __future__ import annotations

import numpy as np
import pytest

from lunarstation.errors import LunarstationError, OutOfRangeError
from lunarstation.orbits.cr3bp import (
    CR3BPSystem,
    NoSuchOrbitError,
    PeriodicOrbit,
    correct_multiple_shooting,
    correct_symmetric,
    family,
    halo,
    halo_bifurcation,
    jacobi,
    lyapunov,
    nrho,
    resonance_period_days,
)
from lunarstation.orbits.cr3bp.continuation import natural_parameter, pseudo_arclength
from lunarstation.orbits.cr3bp.stability import stability_indices

JPL = CR3BPSystem.earth_moon()
PURDUE = CR3BPSystem.earth_moon(385_692.5)

# Grebow 2006 (as reproduced in public CR3BP codes): x0, vy0, T, C at the halo bifurcation
GREBOW = {
    "L1": (0.8233901862, 0.126333817176, 2.743000490737, 3.1743502837),
    "L2": (1.1808881373, -0.155780090165, 3.415482997994, 3.1521392858),
}
# Zimovan-Spreen pp. 245–246: guess (x0, z0, vy0, T) and her C; corrected (x0 fixed) C, T
SPREEN = {
    "9:2": ((1.02134, -0.18162, -0.10176, 1.50206), 3.04719, (3.0471833, 1.5021267)),
    "4:1": ((1.03545, -0.19003, -0.13071, 1.68981), 3.03476, (3.0347633, 1.689783)),
}


@pytest.mark.parametrize("lagrange", ["L1", "L2"])
def test_grebow_lyapunov_members_correct_to_the_published_values(lagrange: str) -> None:
    x0, vy0, period, c = GREBOW[lagrange]
    guess = np.array([x0, 0.0, 0.0, 0.0, vy0 * 0.97, 0.0])  # 3% off in vy0
    state, half = correct_symmetric(JPL, guess, period / 2 * 1.02, fixed="x0")
    assert state[4] == pytest.approx(vy0, abs=1e-11)
    assert 2 * half == pytest.approx(period, abs=1e-10)
    assert jacobi(JPL, state) == pytest.approx(c, abs=1e-10)


@pytest.mark.parametrize("lagrange", ["L1", "L2"])
def test_halo_bifurcation_is_found_at_grebows_member(lagrange: str) -> None:
    # Our bifurcation is the root of tr M_zz = 2 to 1e-12; Grebow's continuation located it
    # within 7e-7 LU (L1) and 1.1e-5 LU (L2), i.e. 0.3 km and 4 km: we allow 1.5e-5 LU.
    x0, _, period, c = GREBOW[lagrange]
    orbit = halo_bifurcation(JPL, lagrange)
    assert orbit.state0[0] == pytest.approx(x0, abs=1.5e-5)
    assert orbit.period_tu == pytest.approx(period, abs=1e-4)
    assert orbit.jacobi == pytest.approx(c, abs=3e-5)
    # at the bifurcation the out-of-plane monodromy pair is (1, 1)
    block = orbit.monodromy[np.ix_([2, 5], [2, 5])]
    assert np.trace(block) == pytest.approx(2.0, abs=1e-8)


@pytest.mark.parametrize("name", ["9:2", "4:1"])
@pytest.mark.parametrize("system", [JPL, PURDUE], ids=["jpl-mu", "de440-mu"])
def test_correcting_spreens_guess_reproduces_her_jacobi_and_period(
    name: str, system: CR3BPSystem
) -> None:
    # Spreen's μ is the JPL value and her units the Purdue LU (385,692.5 km); the corrected
    # nondimensional orbit depends on μ only, and the two μ differ by 1.2e-9, so both match.
    (x0, z0, vy0, period), published_c, (c_corrected, t_corrected) = SPREEN[name]
    state, half = correct_symmetric(
        system, np.array([x0, 0, z0, 0, vy0, 0]), period / 2, fixed="x0"
    )
    assert state[0] == x0
    assert jacobi(system, state) == pytest.approx(published_c, abs=2e-5)
    assert 2 * half == pytest.approx(period, abs=2e-4)
    assert jacobi(system, state) == pytest.approx(c_corrected, abs=1e-7)
    assert 2 * half == pytest.approx(t_corrected, abs=1e-6)
    # Spreen's 9:2 period in days in her own (Purdue) TU: 6.5556 d
    if name == "9:2" and system is PURDUE:
        assert system.days(2 * half) == pytest.approx(6.5556, abs=1e-3)


@pytest.fixture(scope="module")
def nrho_92() -> PeriodicOrbit:
    return nrho(JPL, resonance="9:2")


def test_the_92_nrho_has_two_ninths_of_a_synodic_month(nrho_92: PeriodicOrbit) -> None:
    # 2/9 × 29.530589 d = 6.562353 d, in the system's own TU (orbits.md §1)
    assert resonance_period_days("9:2") == pytest.approx(6.562353, abs=1e-6)
    assert nrho_92.period_days == pytest.approx(2 / 9 * 29.530589, abs=1e-9)
    assert nrho_92.family == "nrho"
    assert nrho_92.branch == "south"
    assert nrho_92.state0[2] < 0.0  # apolune over the south


def test_corrected_orbit_closes_after_one_period(nrho_92: PeriodicOrbit) -> None:
    assert nrho_92.closure_error_lu() < 1e-9
    lyap = lyapunov(JPL, "L1", amplitude=0.01)
    assert lyap.closure_error_lu() < 1e-9


def test_perilune_radius_depends_on_the_lu_convention(nrho_92: PeriodicOrbit) -> None:
    # orbits.md §1 pitfall: the same 9:2 orbit has a perilune of ~2,936 km (JPL LU) and
    # ~3,249 km (LU 384,400); we compute 2,936.08 km and 3,249.32 km (±2 km asserted).
    assert nrho_92.perilune_radius_km == pytest.approx(2_936, abs=2.0)
    other = nrho(CR3BPSystem.earth_moon(384_400.0), resonance="9:2")
    assert other.period_days == pytest.approx(6.562353, abs=1e-6)
    assert other.perilune_radius_km == pytest.approx(3_249, abs=2.0)
    # Gateway NRHO: apolune about 70,000 km (ESA 2019; NASA/Purdue papers): within 3,000 km
    for orbit in (nrho_92, other):
        assert orbit.apolune_radius_km == pytest.approx(70_000, abs=3_000)


def test_spreens_92_in_her_units_matches_the_resonance_selection() -> None:
    # Purdue LU: the 9:2 member (6.562353 d) lies 0.0067 d from Spreen's 6.5556-d guess;
    # its x0 must be within 0.002 LU (800 km) of her 1.02134.
    orbit = nrho(PURDUE, resonance="9:2")
    assert orbit.state0[0] == pytest.approx(1.02134, abs=2e-3)
    assert orbit.state0[2] == pytest.approx(-0.18162, abs=2e-3)


def test_monodromy_eigenvalues_come_in_reciprocal_pairs(nrho_92: PeriodicOrbit) -> None:
    eig = nrho_92.stability.eigenvalues
    for value in eig:
        assert np.min(np.abs(eig - 1.0 / value)) < 1e-3 * max(1.0, abs(value))
    assert np.prod(eig).real == pytest.approx(1.0, abs=1e-6)  # det M = 1
    indices = nrho_92.stability
    # ν from traces equals (λ + 1/λ)/2 of the non-trivial eigenvalues
    nontrivial = sorted(eig, key=lambda v: abs(v - 1.0))[2:]
    s_values = sorted({round(float((v + 1 / v).real) / 2, 6) for v in nontrivial})
    assert sorted([round(indices.nu1, 6), round(indices.nu2, 6)]) == pytest.approx(
        s_values, abs=1e-5
    )


def test_stability_indices_of_a_hand_made_symplectic_matrix() -> None:
    # block-diagonal: trivial pair (1, 1), a hyperbolic pair (4, 1/4), an elliptic rotation
    angle = 0.3
    m = np.eye(6)
    m[1, 1], m[4, 4] = 4.0, 0.25
    m[np.ix_([2, 5], [2, 5])] = [[np.cos(angle), np.sin(angle)], [-np.sin(angle), np.cos(angle)]]
    indices = stability_indices(m)
    assert indices.nu1 == pytest.approx((4 + 0.25) / 2, abs=1e-12)
    assert indices.nu2 == pytest.approx(np.cos(angle), abs=1e-12)
    assert not indices.stable


def test_multiple_shooting_recovers_the_single_shooting_orbit(nrho_92: PeriodicOrbit) -> None:
    # Six patch points of the corrected NRHO, each perturbed by 1e-5 LU (4 km) except the
    # fixed x0 of the first: multiple shooting must return to the same orbit.
    times = np.arange(6) * nrho_92.period_tu / 6
    patches = nrho_92.sample(times)
    rng = np.random.default_rng(3)
    noise = rng.normal(0.0, 1e-5, patches.shape)
    noise[0, :2] = 0.0
    corrected, period = correct_multiple_shooting(JPL, patches + noise, nrho_92.period_tu * 1.0005)
    assert period == pytest.approx(nrho_92.period_tu, abs=1e-8)
    assert np.max(np.abs(corrected[0] - nrho_92.state0)) < 1e-8


def test_natural_and_arclength_continuation_trace_the_same_family() -> None:
    start = lyapunov(JPL, "L1", amplitude=0.002)
    member = (np.array(start.state0), start.period_tu / 2)
    arc = pseudo_arclength(
        JPL, member, step=0.01, count=4, planar=True, direction=np.array([-1.0, 0.0, 0.0])
    )
    assert all(np.diff([s[0] for s, _ in arc]) < 0)  # away from L1, towards the Earth
    for state, half in arc[1:]:
        # natural-parameter steps of equal size in x0 land on the arclength member's x0
        step = (state[0] - member[0][0]) / 3
        natural = natural_parameter(JPL, member, parameter="x0", step=step, count=4, planar=True)
        assert natural[-1][0][0] == pytest.approx(state[0], abs=1e-12)
        assert natural[-1][0][4] == pytest.approx(state[4], abs=1e-10)
        assert natural[-1][1] == pytest.approx(half, abs=1e-10)


def test_halo_family_branches_north_and_south_symmetrically() -> None:
    south = family(JPL, "halo", "L2", "south", 3)
    north = family(JPL, "halo", "L2", "north", 3)
    for s, n in zip(south, north, strict=True):
        assert s.state0[2] < 0 < n.state0[2]
        assert s.period_tu == pytest.approx(n.period_tu, abs=1e-9)  # z → −z symmetry
        assert s.jacobi == pytest.approx(n.jacobi, abs=1e-10)
    periods = [m.period_tu for m in south]
    assert periods[0] > periods[-1]  # periods fall from the bifurcation towards the Moon


def test_halo_by_jacobi_and_by_z_amplitude() -> None:
    by_c = halo(JPL, "L1", "north", jacobi=3.10)
    assert by_c.jacobi == pytest.approx(3.10, abs=1e-10)
    assert by_c.closure_error_lu() < 1e-9
    by_z = halo(JPL, "L2", "south", z_amplitude=0.05)
    assert by_z.state0[2] == pytest.approx(-0.05, abs=1e-15)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"resonance": "1:1"}, "no NRHO with resonance 1:1"),
        ({"resonance": "20:1"}, "spans periods"),
        ({"period_days": 40.0}, "no NRHO with 40.0 d"),
    ],
)
def test_no_such_nrho(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(NoSuchOrbitError, match=message):
        nrho(JPL, **kwargs)  # type: ignore[arg-type]
    assert issubclass(NoSuchOrbitError, LunarstationError)


@pytest.mark.parametrize("text", ["9-2", "0:2", "a:b", ""])
def test_malformed_resonance(text: str) -> None:
    with pytest.raises(OutOfRangeError, match="resonance must be 'p:q'"):
        resonance_period_days(text)
