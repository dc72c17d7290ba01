"""Station kernels: 20 years hourly for one station, 1,000 Monte Carlo samples in one call,
and the same power loop in plain Python as the baseline (``benchmarks/README.md``, Station).

A synthetic polar-like Sun pattern (lit 600 h of every 708-h synodic month, with a slow
seasonal swing) drives a 40 kW array share, four priority loads and a 400 kWh battery;
three consumables follow a crew that visits one month in four.
"""

from __future__ import annotations

import time

import numpy as np

from lunarstation.station.kernel import backlog_kernel, inventory_kernel, power_kernel

STEP_S = 3600.0
YEAR_H = 8766


def inputs(steps: int, samples: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    hours = np.arange(steps)
    lit = (hours % 708) < 600 - 150 * (1 + np.sin(2 * np.pi * hours / YEAR_H))
    shape = np.where(lit, 40e3, 0.0)
    crew = np.where((hours // 720) % 4 == 0, 4.0, 0.0)
    scale = rng.normal(1.0, 0.1, samples).clip(0.5, 1.5)
    return {
        "generation": shape[None, :] * scale[:, None],
        "loads": np.stack(
            [np.full(steps, 3e3), 600.0 * crew, np.full(steps, 8e3), np.full(steps, 4e3)], axis=1
        ),
        "load_scale": rng.normal(1.0, 0.05, samples).clip(0.5, 1.5),
        "capacity": np.full(steps, 400 * 3.6e6),
        "capacity_scale": rng.normal(1.0, 0.1, samples).clip(0.5, 1.5),
        "delivered": np.where((hours % 4320 == 0)[:, None], 500.0, 0.0) * np.ones((1, 3)),
        "demand": crew[:, None] * np.array([0.816, 7.08, 1.5]) / 24.0,
        "store_capacity": np.full((steps, 3), 5e3),
        "produced": np.full((samples, steps), 50e3 * STEP_S),
        "link": np.where(hours % 24 < 12, 100e3 * STEP_S, 0.0)[None, :] * np.ones((samples, 1)),
    }


def run(data: dict[str, np.ndarray]) -> None:
    samples, steps = data["generation"].shape
    power = [np.empty((samples, steps)) for _ in range(6)]
    power[3][:] = 0.0
    power_kernel(data["generation"], data["loads"], data["load_scale"], data["capacity"],
                 data["capacity_scale"], 0.8, 0.95, 0.95, 0.0, STEP_S, *power)  # fmt: skip
    stock = [np.empty((samples, steps, 3)) for _ in range(4)]
    inventory_kernel(
        data["delivered"], data["demand"], data["load_scale"], data["store_capacity"], *stock
    )
    backlog_kernel(data["produced"], data["link"], np.empty((samples, steps)))


def python_power_loop(
    generation: list[float], loads: list[list[float]], capacity_j: float
) -> float:
    """The power kernel's arithmetic in plain Python (one sample), for the baseline."""
    stored, floor, worst = capacity_j, 0.2 * capacity_j, capacity_j
    for g, levels in zip(generation, loads, strict=True):
        supply = g + max(stored - floor, 0.0) * 0.95 / STEP_S
        served = 0.0
        for need in levels:
            if need <= supply - served:
                served += need
        drawn, surplus = max(served - g, 0.0), max(g - served, 0.0)
        taken = min(surplus, (capacity_j - stored) / (0.95 * STEP_S))
        stored = min(max(stored + taken * 0.95 * STEP_S - drawn / 0.95 * STEP_S, 0.0), capacity_j)
        worst = min(worst, stored)
    return worst


def best_of(repeats: int, action: object) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    rng = np.random.default_rng(0)
    steps = 20 * YEAR_H
    single = inputs(steps, 1, rng)
    start = time.perf_counter()
    run(single)
    print(f"first call (JIT compile or cache load): {time.perf_counter() - start:.2f} s")
    one = best_of(5, lambda: run(single))
    print(
        f"one station, 20 years hourly ({steps:,} steps), power+inventory+backlog: {1e3 * one:.1f} ms"
    )
    power_only = best_of(5, lambda: power_kernel(
        single["generation"], single["loads"], single["load_scale"], single["capacity"],
        single["capacity_scale"], 0.8, 0.95, 0.95, 0.0, STEP_S, *[np.zeros((1, steps)) for _ in range(6)]))  # fmt: skip
    print(f"power kernel alone: {1e3 * power_only:.1f} ms")
    generation, loads = single["generation"][0].tolist(), single["loads"].tolist()
    plain = best_of(1, lambda: python_power_loop(generation, loads, 400 * 3.6e6))
    print(
        f"plain-Python power loop, same 20 years: {plain:.2f} s ({plain / power_only:.0f}x slower)"
    )
    for samples, years in ((1000, 1), (1000, 2)):
        many = inputs(years * YEAR_H, samples, rng)
        elapsed = best_of(2, lambda many=many: run(many))  # type: ignore[misc]
        print(f"{samples:,} samples x {years} year(s) hourly in one call: {elapsed:.2f} s")
    reference_samples(rng)


def reference_samples(rng: np.random.Generator, samples: int = 1000) -> None:
    """1,000 variants of the ilrs-reference ridge station, the whole 2021–2040 span, one call."""
    import resource

    import lunarstation as ls
    from lunarstation.engine import EngineInputs
    from lunarstation.station import StationEngine, power_samples

    scenario = ls.load_scenario("ilrs-reference")
    run = ls.simulate(scenario, only=["environment", "timeline"])
    inputs = EngineInputs("station", run.results)
    arrays = StationEngine().site_arrays(scenario, run.context, inputs, "connecting-ridge")
    scales = [rng.normal(1.0, sigma, samples).clip(0.5, 1.5) for sigma in (0.1, 0.05, 0.1)]
    power_samples(arrays, *(x[:2] for x in scales), survival_reserve=0.5)  # compile / cache load
    start = time.perf_counter()
    margins = power_samples(arrays, *scales, survival_reserve=0.5)
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"ilrs-reference ridge, {samples:,} samples x {len(arrays.utc):,} hourly steps "
        f"(2021-2040) in one power_samples call: {elapsed:.2f} s, peak RSS {peak_mb:.0f} MB; "
        f"shed energy {margins['shed_kwh'].min():.0f}-{margins['shed_kwh'].max():.0f} kWh"
    )


if __name__ == "__main__":
    main()
