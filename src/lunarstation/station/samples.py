"""Many variants of one site's power system in one compiled call (Monte Carlo, trades).

Each sample scales the site's generation, loads and battery capacity — every grid of
the site alike, so a sample is the whole site's wiring with its islands, energy handed
on between the grid segments as in the engine (:func:`~lunarstation.station.grid.run_grids`).
The kernels run all samples in parallel and only per-sample worst margins come back:
of the whole site (the worst over its grids, what the engine's site summary reports at
scale 1) or of one grid (``grid=``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from lunarstation.constants import HOUR_S, J_PER_KWH
from lunarstation.station.build import SiteArrays
from lunarstation.station.grid import run_grids, segment_arrays
from lunarstation.station.site import has_content
from lunarstation.station.tolerances import POWER_TOLERANCE_W

FloatArray = NDArray[np.float64]

MEMORY_BUDGET_BYTES = 1_000_000_000
"""Working memory of one block of samples in :func:`power_samples`, bytes."""


def power_samples(
    arrays: SiteArrays,
    generation_scale: FloatArray,
    load_scale: FloatArray,
    capacity_scale: FloatArray,
    *,
    survival_reserve: float = 0.0,
    grid: str | None = None,
) -> pd.DataFrame:
    """Worst power margins of ``arrays``' site (or of its grid ``grid``) per sample.

    One row per sample. Columns: ``min_state_of_charge`` (lowest of any grid; nan
    without a battery), ``shortfall_h`` (hours with survival load unmet on some grid),
    ``first_shortfall`` (UTC or NaT), ``shed_kwh`` (load energy shed, all grids, and the
    site loads no element is in service to run when ``grid`` is None).

    Raises:
        ValueError: the three scale arrays differ in length, or ``grid`` is not a grid
            of the site.
    """
    samples = len(generation_scale)
    if not len(load_scale) == len(capacity_scale) == samples:
        raise ValueError(
            "generation_scale, load_scale and capacity_scale need one value per sample"
        )
    grids = sorted({s.grid for s in arrays.segments if has_content(arrays.nodes, s)})
    if grid is not None and grid not in grids:
        raise ValueError(f"{arrays.site} has no grid {grid!r}; its grids: {', '.join(grids)}")
    generation, load, capacity = (
        np.asarray(x, dtype=float) for x in (generation_scale, load_scale, capacity_scale)
    )
    # Whole-span series for every sample at once would not fit in memory (1,000 samples x
    # 20 years hourly x 7 arrays = 10 GB): run the compiled kernel on blocks of samples
    # sized to about MEMORY_BUDGET_BYTES and keep only each sample's margins.
    steps = max(len(arrays.utc), sum(s.stop - s.start for s in arrays.segments))
    block = max(1, MEMORY_BUDGET_BYTES // (steps * 8 * 8))
    parts = [
        _margins(arrays, generation[i : i + block], load[i : i + block],
                 capacity[i : i + block], survival_reserve, grid)
        for i in range(0, max(samples, 1), block)
    ]  # fmt: skip
    return pd.concat(parts, ignore_index=True)


def _margins(
    arrays: SiteArrays,
    generation_scale: FloatArray,
    load_scale: FloatArray,
    capacity_scale: FloatArray,
    survival_reserve: float,
    grid: str | None,
) -> pd.DataFrame:
    samples, steps = len(generation_scale), len(arrays.utc)
    runs = run_grids(
        arrays.nodes, arrays.segments, arrays.level_order,
        step_s=arrays.step_s, survival_reserve=survival_reserve,
        generation_scale=generation_scale, load_scale=load_scale, capacity_scale=capacity_scale,
    )  # fmt: skip
    short_any = np.zeros((samples, steps), dtype=bool)
    lowest = np.full(samples, np.inf)
    shed_j = np.zeros(samples)
    for segment, run in zip(arrays.segments, runs, strict=True):
        if not has_content(arrays.nodes, segment) or grid not in (None, segment.grid):
            continue
        short_any[:, segment.start : segment.stop] |= run.survival_short_w > POWER_TOLERANCE_W
        shed_j += run.shed_w.sum(axis=1) * arrays.step_s
        installed = segment_arrays(arrays.nodes, segment)[2][None, :] * capacity_scale[:, None]
        with np.errstate(invalid="ignore", divide="ignore"):
            soc = np.where(installed > 0, run.stored_j / installed, np.inf)
        lowest = np.minimum(lowest, soc.min(axis=1, initial=np.inf))
    if grid is None and arrays.unhosted_w is not None:
        shed_j += arrays.unhosted_w.sum() * arrays.step_s * load_scale
    first = np.where(short_any.any(axis=1), short_any.argmax(axis=1), -1)
    return pd.DataFrame(
        {
            "min_state_of_charge": np.where(np.isfinite(lowest), lowest, np.nan),
            "shortfall_h": short_any.sum(axis=1) * arrays.step_s / HOUR_S,
            # indexing the UTC grid keeps the datetime dtype even when every sample is NaT
            "first_shortfall": pd.Series(arrays.utc[np.maximum(first, 0)]).where(first >= 0),
            "shed_kwh": shed_j / J_PER_KWH,
        }
    )


__all__ = ["MEMORY_BUDGET_BYTES", "power_samples"]
