"""What ``simulate(given={"environment": ...})`` saves on a perturbed scenario.

A trade study changes the station (battery sizes, loads) and keeps the sites and the
time grid: the environment's result does not change and can be reused. This script
runs the reference scenario once (warm), perturbs every battery by +20 %, and times the
perturbed run with and without the given environment, in process, best of 5, with the
per-engine wall seconds from the provenance.

Run with:  .venv/bin/python benchmarks/bench_reuse.py
"""

from __future__ import annotations

import platform
import time

import pandas as pd

import lunarstation as ls
from lunarstation.scenario import Scenario

RUNS = 5


def with_battery_scale(scenario: Scenario, scale: float) -> Scenario:
    """Every element's battery capacity × ``scale`` (the sites and the grid unchanged)."""
    elements = []
    for element in scenario.elements:
        battery = element.power.battery
        if battery is not None:
            battery = battery.model_copy(update={"capacity_kwh": battery.capacity_kwh * scale})
            power = element.power.model_copy(update={"battery": battery})
            element = element.model_copy(update={"power": power})
        elements.append(element)
    return scenario.model_copy(update={"elements": tuple(elements)})


def best(job: object, runs: int = RUNS) -> tuple[float, ls.RunResult]:
    """Best wall time of ``runs`` calls of ``job()`` and the last result."""
    times, result = [], None
    for _ in range(runs):
        began = time.perf_counter()
        result = job()  # type: ignore[operator]
        times.append(time.perf_counter() - began)
    assert isinstance(result, ls.RunResult)
    return min(times), result


def main() -> None:
    print(
        f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    scenario = ls.load_scenario("ilrs-reference")
    base = ls.simulate(scenario)  # warm: compiled kernels loaded, tables mapped
    perturbed = with_battery_scale(scenario, 1.2)
    full_s, full = best(lambda: ls.simulate(perturbed))
    given = {"environment": base.results["environment"]}
    reuse_s, reused = best(lambda: ls.simulate(perturbed, given=given))
    pd.testing.assert_frame_equal(full.series["station_series"], reused.series["station_series"])
    engines = full.provenance.engine_seconds
    print(
        f"ilrs-reference, batteries +20 %, {len(full.context.grid):,} hourly steps, best of {RUNS}"
    )
    print(f"  whole run:                  {full_s:.3f} s")
    print(f"  given the environment:      {reuse_s:.3f} s  (saves {full_s - reuse_s:.3f} s, "
          f"{100 * (1 - reuse_s / full_s):.0f} %)")  # fmt: skip
    print(
        "  engines of the whole run:   " + ", ".join(f"{k} {v:.3f} s" for k, v in engines.items())
    )
    print(f"  station engine alone:       {engines['station']:.3f} s (the next target for studies)")


if __name__ == "__main__":
    main()
