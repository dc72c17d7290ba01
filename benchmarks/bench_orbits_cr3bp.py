"""CR3BP batch propagation: 10,000 states near the 9:2 NRHO, one period each, 2 cores.

``benchmarks/README.md`` ("Orbits: CR3BP batch propagation") records the figures.

* ours: :func:`lunarstation.orbits.cr3bp.propagate_batch`, its default Taylor integrator
  (4 states per vector register, Numba ``prange`` on 2 threads) and its DOP853 (one state
  per thread), each at several tolerances so that one of them matches heyoka's accuracy;
* SciPy ``solve_ivp`` DOP853 on one stacked 60,000-equation system (rtol 1e-12), and a
  ``solve_ivp`` loop over a 200-state subsample, extrapolated to 10,000 (labelled so);
* heyoka (Taylor, LLVM) batch mode, SIMD width ``recommended_simd_size()``, two threads
  each reusing one integrator (tol 1e-15, its default accuracy class).

Accuracy: the largest position error (km, JPL LU) over a 200-state subsample against a
heyoka Taylor integrator in extended precision (x87 long double, tol 1e-19, order 23); the
spread between heyoka double at tol 1e-15 and SciPy DOP853 at rtol 1e-14 against it is
printed too. "Matched accuracy" pairs heyoka with the fastest of our rows whose error is
no larger than 1.5× heyoka's.
"""

from __future__ import annotations

import os
import threading
import time

os.environ.setdefault("NUMBA_NUM_THREADS", "2")

import numba
import numpy as np
from scipy.integrate import solve_ivp

from lunarstation.orbits.cr3bp import CR3BPSystem, nrho, propagate_batch

N_STATES = 10_000
SUBSAMPLE = 200
HEAD_TO_HEAD = 7
THREADS = 2
SIGMA_POSITION_KM = 38.0
SIGMA_VELOCITY_M_S = 0.1


def initial_states(system: CR3BPSystem, seed: int = 2024) -> tuple[np.ndarray, float]:
    orbit = nrho(system, resonance="9:2")
    rng = np.random.default_rng(seed)
    states = np.tile(np.asarray(orbit.state0), (N_STATES, 1))
    states[:, :3] += rng.normal(0.0, SIGMA_POSITION_KM / system.lu_km, (N_STATES, 3))
    states[:, 3:] += rng.normal(0.0, SIGMA_VELOCITY_M_S * 1e-3 / system.vu_km_s, (N_STATES, 3))
    return states, orbit.period_tu


def stacked_rhs(mu: float):  # type: ignore[no-untyped-def]
    def rhs(_t: float, flat: np.ndarray) -> np.ndarray:
        s = flat.reshape(-1, 6)
        x, y, z, vx, vy, vz = s.T
        r1 = ((x + mu) ** 2 + y**2 + z**2) ** 1.5
        r2 = ((x - 1 + mu) ** 2 + y**2 + z**2) ** 1.5
        out = np.empty_like(s)
        out[:, 0], out[:, 1], out[:, 2] = vx, vy, vz
        out[:, 3] = 2 * vy + x - (1 - mu) * (x + mu) / r1 - mu * (x - 1 + mu) / r2
        out[:, 4] = -2 * vx + y - (1 - mu) * y / r1 - mu * y / r2
        out[:, 5] = -(1 - mu) * z / r1 - mu * z / r2
        return out.ravel()

    return rhs


def scipy_stacked(mu: float, states: np.ndarray, period: float, rtol: float) -> np.ndarray:
    solution = solve_ivp(stacked_rhs(mu), (0.0, period), states.ravel(), method="DOP853",
                         rtol=rtol, atol=rtol)  # fmt: skip
    result: np.ndarray = solution.y[:, -1].reshape(-1, 6)
    return result


def scipy_loop(mu: float, states: np.ndarray, period: float, rtol: float) -> np.ndarray:
    rhs = stacked_rhs(mu)
    return np.array([
        solve_ivp(rhs, (0.0, period), s, method="DOP853", rtol=rtol, atol=rtol).y[:, -1]
        for s in states
    ])  # fmt: skip


def heyoka_dynamics(hy, mu: float):  # type: ignore[no-untyped-def]
    """The CR3BP equations of motion as heyoka expressions (state x, y, z, vx, vy, vz)."""
    x, y, z, vx, vy, vz = hy.make_vars("x", "y", "z", "vx", "vy", "vz")
    r1_3 = ((x + mu) ** 2 + y**2 + z**2) ** 1.5
    r2_3 = ((x - (1 - mu)) ** 2 + y**2 + z**2) ** 1.5
    return [
        (x, vx), (y, vy), (z, vz),
        (vx, 2 * vy + x - (1 - mu) * (x + mu) / r1_3 - mu * (x - (1 - mu)) / r2_3),
        (vy, -2 * vx + y - (1 - mu) * y / r1_3 - mu * y / r2_3),
        (vz, -(1 - mu) * z / r1_3 - mu * z / r2_3),
    ]  # fmt: skip


def heyoka_integrators(mu: float, tol: float, batch: int, count: int):  # type: ignore[no-untyped-def]
    import heyoka as hy

    dynamics = heyoka_dynamics(hy, mu)
    return [hy.taylor_adaptive_batch(dynamics, np.zeros((6, batch)), tol=tol) for _ in range(count)]


def heyoka_run(integrators, states: np.ndarray, period: float, threads: int) -> np.ndarray:  # type: ignore[no-untyped-def]
    batch = integrators[0].batch_size
    out = np.empty_like(states)
    starts = list(range(0, states.shape[0], batch))

    def work(worker: int) -> None:
        ta = integrators[worker]
        for start in starts[worker::threads]:
            block = states[start : start + batch]
            n = block.shape[0]
            padded = np.vstack([block, np.repeat(block[-1:], batch - n, axis=0)])
            ta.state[:] = padded.T
            ta.set_time(0.0)
            ta.propagate_until(period)
            out[start : start + n] = ta.state[:, :n].T

    pool = [threading.Thread(target=work, args=(w,)) for w in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return out


def best_of(repeats: int, call):  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return min(times), result


def long_double_reference(mu: float, states: np.ndarray, period: float) -> np.ndarray:
    """heyoka in x87 extended precision (64-bit mantissa), tol 1e-19: the accuracy yardstick."""
    import heyoka as hy

    dynamics = heyoka_dynamics(hy, mu)
    ld = np.longdouble
    ta = hy.taylor_adaptive(dynamics, np.zeros(6, dtype=ld), tol=ld(1e-19), fp_type=ld)
    out = np.empty(states.shape, dtype=ld)
    for index, state in enumerate(states):
        ta.state[:] = state.astype(ld)
        ta.time = ld(0.0)
        ta.propagate_until(ld(period))
        out[index] = ta.state
    return out


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def main() -> None:
    numba.set_num_threads(THREADS)
    system = CR3BPSystem.earth_moon()
    states, period = initial_states(system)
    sub = states[:SUBSAMPLE]
    lu = system.lu_km
    print(f"{N_STATES:,} states near the 9:2 NRHO (σ {SIGMA_POSITION_KM} km, "
          f"{SIGMA_VELOCITY_M_S} m/s), one period {period:.6f} TU, {THREADS} threads")  # fmt: skip
    print(f"start: {load()}")

    reference = long_double_reference(system.mu, sub, period)

    def error_km(result: np.ndarray) -> float:
        delta = (result[:SUBSAMPLE, :3] - reference[:, :3]).astype(np.float64)
        return float(np.max(np.linalg.norm(delta, axis=1)) * lu)

    ref_hy = heyoka_run(heyoka_integrators(system.mu, 1e-15, 1, 1), sub, period, 1)
    ref_sp = scipy_loop(system.mu, sub, period, 1e-14)
    print(f"references against long double: heyoka double tol 1e-15 {error_km(ref_hy):.2e} km, "
          f"scipy DOP853 rtol 1e-14 {error_km(ref_sp):.2e} km")  # fmt: skip

    rows: list[tuple[str, str, float, float]] = []
    for method in ("taylor", "dop853"):
        propagate_batch(system, states[:8], period, method=method)  # JIT / cache load
    for tol in (1e-13, 1e-14, 1e-15, 2.220446049250313e-16):
        seconds, result = best_of(3, lambda r=tol: propagate_batch(system, states, period,
                                                                    rtol=r, atol=r))  # fmt: skip
        rows.append(("ours", f"lunarstation Taylor (Numba, 4 lanes, prange), tol={tol:.2g}",
                     seconds, error_km(result)))  # fmt: skip
    for rtol in (1e-12, 1e-13, 1e-14):
        seconds, result = best_of(3, lambda r=rtol: propagate_batch(
            system, states, period, rtol=r, atol=r, method="dop853"))  # fmt: skip
        rows.append(("ours", f"lunarstation DOP853 (Numba prange), rtol=atol={rtol:g}", seconds,
                     error_km(result)))  # fmt: skip

    import heyoka as hy

    simd = hy.recommended_simd_size()
    start = time.perf_counter()
    integrators = heyoka_integrators(system.mu, 1e-15, simd, THREADS)
    jit_s = time.perf_counter() - start
    seconds, result = best_of(3, lambda: heyoka_run(integrators, states, period, THREADS))
    heyoka_row = ("heyoka", f"heyoka {hy.__version__} batch (SIMD {simd}), {THREADS} threads, "
                  f"tol 1e-15 (+{jit_s:.2f} s JIT once)", seconds, error_km(result))  # fmt: skip
    rows.append(heyoka_row)
    heyoka_s = seconds
    seconds, result = best_of(1, lambda: heyoka_run(integrators, states, period, 1))
    rows.append(("peer", f"heyoka batch (SIMD {simd}), 1 thread, tol 1e-15", seconds,
                 error_km(result)))  # fmt: skip

    seconds, result = best_of(1, lambda: scipy_stacked(system.mu, states, period, 1e-12))
    rows.append(("peer", "scipy solve_ivp DOP853, one stacked 60,000-eq system, rtol 1e-12",
                 seconds, error_km(result)))  # fmt: skip
    seconds, result = best_of(1, lambda: scipy_loop(system.mu, sub, period, 1e-12))
    rows.append(("peer", f"scipy solve_ivp DOP853 loop, rtol 1e-12 ({SUBSAMPLE} states, "
                 f"EXTRAPOLATED ×{N_STATES // SUBSAMPLE})", seconds * N_STATES / SUBSAMPLE,
                 error_km(np.vstack([result, states[SUBSAMPLE:]]))))  # fmt: skip

    print(f"\n{'case':<100} {'time s':>9} {'max err km':>11} {'/heyoka':>8}")
    for _, name, seconds, error in rows:
        print(f"{name:<100} {seconds:9.3f} {error:11.2e} {seconds / heyoka_s:8.2f}")
    # Head to head, interleaved (the box is shared: alternating the two spreads any load
    # change over both); wall and process CPU time, best of HEAD_TO_HEAD each.
    walls: dict[str, list[float]] = {"ours": [], "heyoka": []}
    cpus: dict[str, list[float]] = {"ours": [], "heyoka": []}
    calls = {
        "ours": lambda: propagate_batch(system, states, period, rtol=1e-15, atol=1e-15),
        "heyoka": lambda: heyoka_run(integrators, states, period, THREADS),
    }
    for _ in range(HEAD_TO_HEAD):
        for name, call in calls.items():
            wall, cpu = time.perf_counter(), time.process_time()
            call()
            walls[name].append(time.perf_counter() - wall)
            cpus[name].append(time.process_time() - cpu)
    print(f"\nhead to head, interleaved ×{HEAD_TO_HEAD}, Taylor tol 1e-15 vs heyoka tol 1e-15: "
          f"wall {min(walls['ours']):.3f} s vs {min(walls['heyoka']):.3f} s "
          f"({min(walls['ours']) / min(walls['heyoka']):.2f}×), CPU {min(cpus['ours']):.3f} s vs "
          f"{min(cpus['heyoka']):.3f} s ({min(cpus['ours']) / min(cpus['heyoka']):.2f}×)")  # fmt: skip
    matched = [row for row in rows if row[0] == "ours" and row[3] <= 1.5 * heyoka_row[3]]
    if matched:
        best = min(matched, key=lambda row: row[2])
        print(f"\nmatched accuracy (error ≤ 1.5× heyoka's {heyoka_row[3]:.2e} km): {best[1]} "
              f"{best[2]:.3f} s at {best[3]:.2e} km = {best[2] / heyoka_s:.2f}× heyoka")  # fmt: skip
    else:
        print("\nno row of ours reaches heyoka's accuracy")
    print(f"end: {load()}")


def ephemeris_departure(epoch_tdb_s: float = 9.5e8) -> None:
    """What the CR3BP placement costs (docs/orbits.md, CR3BP): the 9:2 NRHO placed through
    DE421, released at apolune in a Moon + Earth + Sun point-mass model (DE421 positions,
    DE440 GMs), propagated one period; deviation from the placed trajectory."""
    from lunarstation.environment.ephemeris import moon_states
    from lunarstation.orbits.cr3bp import place_orbit

    gm_e, gm_m, gm_s = 398_600.435507, 4_902.800118, 1.32712440041e11
    system = CR3BPSystem.earth_moon()
    orbit = nrho(system, resonance="9:2")

    def rhs(t: float, y: np.ndarray) -> np.ndarray:
        states = moon_states(np.array([epoch_tdb_s + t]))
        r = y[:3]
        a = -gm_m * r / np.linalg.norm(r) ** 3
        for gm, key in ((gm_e, "earth_ssb"), (gm_s, "sun_ssb")):
            b = (states[key] - states["moon_ssb"])[0] / 1e3
            d = b - r
            a += gm * (d / np.linalg.norm(d) ** 3 - b / np.linalg.norm(b) ** 3)
        return np.r_[y[3:], a]

    period_s = orbit.period_tu * system.tu_s
    grid = np.linspace(0.0, period_s, 400)
    placed = place_orbit(orbit, epoch_tdb_s + grid)
    y0 = np.r_[placed.position_km[0], placed.velocity_km_s[0]]
    sol = solve_ivp(rhs, (0.0, period_s), y0, method="DOP853", rtol=1e-11, atol=1e-9, t_eval=grid)
    deviation = np.linalg.norm(sol.y[:3].T - placed.position_km, axis=1)
    perilune = int(np.argmin(np.linalg.norm(placed.position_km, axis=1)))
    print(f"\nplaced 9:2 NRHO released at apolune in DE421 Earth+Moon+Sun: deviation "
          f"{deviation[perilune]:,.0f} km at the placed perilune, {deviation[-1]:,.0f} km after "
          f"one period; perilune radius placed {np.linalg.norm(placed.position_km[perilune]):,.0f}"
          f" km, ephemeris {np.min(np.linalg.norm(sol.y[:3], axis=0)):,.0f} km")  # fmt: skip


if __name__ == "__main__":
    main()
    ephemeris_departure()
