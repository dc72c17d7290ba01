"""Many variants of one site's power system in one compiled call (Monte Carlo, trades).

Each sample scales the site's generation, loads and battery capacity; the kernels run all
samples in parallel and only per-sample worst margins come back, so analysis code can
draw thousands of variants from a seeded ``numpy.random.Generator`` and compare.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from lunarstation.constants import HOUR_S, J_PER_KWH
from lunarstation.station.build import SiteArrays
from lunarstation.station.kernel import run_power

FloatArray = NDArray[np.float64]


def power_samples(
    arrays: SiteArrays,
    generation_scale: FloatArray,
    load_scale: FloatArray,
    capacity_scale: FloatArray,
    *,
    survival_reserve: float = 0.0,
) -> pd.DataFrame:
    """Worst power margins of ``arrays``' site for each sample (one row per sample).

    Columns: ``min_state_of_charge`` (nan without a battery), ``shortfall_h`` (hours with
    survival load unmet), ``first_shortfall`` (UTC or NaT), ``shed_kwh`` (load energy shed).

    Raises:
        ValueError: the three scale arrays differ in length.
    """
    samples = len(generation_scale)
    if not len(load_scale) == len(capacity_scale) == samples:
        raise ValueError(
            "generation_scale, load_scale and capacity_scale need one value per sample"
        )
    generation, load, capacity = (
        np.asarray(x, dtype=float) for x in (generation_scale, load_scale, capacity_scale)
    )
    # Whole-span series for every sample at once would not fit in memory (1,000 samples x
    # 20 years hourly x 7 arrays = 10 GB): run the compiled kernel on blocks of samples
    # sized to about MEMORY_BUDGET_BYTES and keep only each sample's margins.
    block = max(1, MEMORY_BUDGET_BYTES // (len(arrays.utc) * 8 * 8))
    parts = [
        _margins(arrays, generation[i : i + block], load[i : i + block],
                 capacity[i : i + block], survival_reserve)
        for i in range(0, max(samples, 1), block)
    ]  # fmt: skip
    return pd.concat(parts, ignore_index=True)


MEMORY_BUDGET_BYTES = 1_000_000_000
"""Working memory of one block of samples in :func:`power_samples`, bytes."""


def _margins(
    arrays: SiteArrays,
    generation_scale: FloatArray,
    load_scale: FloatArray,
    capacity_scale: FloatArray,
    survival_reserve: float,
) -> pd.DataFrame:
    bank = arrays.bank
    run = run_power(
        arrays.generation_w[None, :] * generation_scale[:, None],
        arrays.kernel_load_w,
        arrays.capacity_j,
        depth_of_discharge=bank.depth_of_discharge,
        charge_efficiency=bank.charge_efficiency,
        discharge_efficiency=bank.discharge_efficiency,
        survival_reserve=survival_reserve,
        step_s=arrays.step_s,
        load_scale=load_scale,
        capacity_scale=capacity_scale,
    )
    stored, shed, short = run.stored_j, run.shed_w, run.survival_short_w
    capacity = arrays.capacity_j[None, :] * capacity_scale[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        soc = np.where(capacity > 0, stored / capacity, np.nan)
    short_any = short > 0
    first = np.where(short_any.any(axis=1), short_any.argmax(axis=1), -1)
    return pd.DataFrame(
        {
            "min_state_of_charge": np.nanmin(np.where(np.isnan(soc), np.inf, soc), axis=1),
            "shortfall_h": short_any.sum(axis=1) * arrays.step_s / HOUR_S,
            # indexing the UTC grid keeps the datetime dtype even when every sample is NaT
            "first_shortfall": pd.Series(arrays.utc[np.maximum(first, 0)]).where(first >= 0),
            "shed_kwh": shed.sum(axis=1) * arrays.step_s / J_PER_KWH,
        }
    ).replace({"min_state_of_charge": {np.inf: np.nan}})


__all__ = ["power_samples"]
