"""The environment engine inside the main job: per-site series on the campaign grid."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from lunarstation.environment.engine import site_horizon
from lunarstation.environment.illumination import illumination
from lunarstation.environment.sites import Site
from lunarstation.scenario import loads_scenario
from lunarstation.simulate import simulate
from tests.support import BASE_YAML, engine_result

HORIZON_YAML = BASE_YAML.replace(
    "  - {id: site, name: Site, lat_deg: -89.0, lon_east_deg: 0.0}",
    """  - {id: site, name: Site, lat_deg: -89.0, lon_east_deg: 0.0}
  - id: walled
    name: Walled site
    lat_deg: -89.45
    lon_east_deg: 222.7
    horizon:
      - {azimuth_deg: 0, elevation_deg: 6}
      - {azimuth_deg: 90, elevation_deg: 6}
      - {azimuth_deg: 180, elevation_deg: 6}
      - {azimuth_deg: 270, elevation_deg: 6}""",
)


def test_reference_scenario_series_and_speed(reference) -> None:  # type: ignore[no-untyped-def]
    engine_result(reference, "environment")  # warm the compiled kernels and mapped tables
    began = time.perf_counter()
    run = simulate(reference, only=["environment"])
    elapsed = time.perf_counter() - began
    result = run.results["environment"]
    grid = run.context.grid
    assert len(grid) > 170_000  # 2021–2040 hourly
    assert elapsed < 3.0  # seconds, for 4 sites × 20 years (brief: "well under a second or two")
    ridge = result.output.sites["connecting-ridge"]
    assert ridge.sun_elevation_rad.shape == (len(grid),)
    assert abs(ridge.sun_elevation_rad).max() < np.radians(3.0)  # radians between engines
    table = result.tables["sites"].set_index("site")
    assert set(table.index) == {s.id for s in reference.sites}
    # The engine gives the same numbers as the public Site layer.
    spec = next(s for s in reference.sites if s.id == "connecting-ridge")
    site = Site(spec.lat_deg, spec.lon_east_deg, spec.elevation_m, spec.mast_height_m)
    alone = illumination(site, grid, site_horizon(spec)).summary()
    assert (
        table.loc["connecting-ridge", "sun_center_lit_fraction"] == alone["sun_center_lit_fraction"]
    )
    # Apollo basin (41.6°S, 206°E) is on the far side: the Earth never rises there.
    assert table.loc["apollo-basin", "earth_visible_fraction"] == 0.0
    codes = {(f.code, f.subject) for f in result.findings}
    assert ("SITE_NO_DIRECT_EARTH_LINK", "apollo-basin") in codes
    assert any("connecting" in line.lower() for line in result.highlights)


def test_horizon_table_of_a_scenario_site() -> None:
    scenario = loads_scenario(HORIZON_YAML)
    run = simulate(scenario, only=["environment"])
    result = run.results["environment"]
    walled = result.output.sites["walled"]
    assert not walled.sun_lit.any()  # a 6° wall hides the ±2° polar Sun
    summary = result.summary.model_dump()["sites"]["walled"]
    assert summary["sun_center_lit_fraction"] == 0.0
    assert summary["longest_darkness_h"] == pytest.approx(len(run.context.grid) * 1.0)
    assert run.context.utc[0] == pd.Timestamp("2030-01-01T00:00Z")
