"""The environment engine: Sun and Earth as seen from every scenario site over the campaign.

``EnvironmentEngine().run(scenario, inputs)`` builds the campaign time grid (scenario
start to end, ``simulation.step_h``), evaluates DE421 once for all sites, compares with
each site's skyline (its ``horizon`` table, else the bare sphere seen from its mast) and
returns per-site time series in ``data`` for the station engine (power, comms), a
per-site table, summary statistics and findings.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import pandas as pd

from lunarstation.engine import EngineResult
from lunarstation.environment.horizon import Horizon
from lunarstation.environment.illumination import Illumination, illumination_many
from lunarstation.environment.sites import Site
from lunarstation.findings import Finding, Severity
from lunarstation.scenario import Scenario
from lunarstation.timegrid import TimeGrid, time_grid

ENGINE = "environment"

DARKNESS_WARNING_H = 100.0
"""Darkness longer than this (h) earns a warning: it exceeds typical battery sizing of tens
of hours at polar sites (De Rosa et al. 2012, lunar-environment.md §1a row 11)."""


def site_horizon(site: Any) -> Horizon | None:
    """The scenario site's horizon table as a :class:`Horizon`, or None when it has none."""
    rows = [(point.azimuth_deg, point.elevation_deg) for point in site.horizon]
    return Horizon.from_rows(rows) if rows else None


def _series(result: Illumination) -> dict[str, Any]:
    return {
        "sun_elevation_deg": result.sun.elevation_deg,
        "sun_azimuth_deg": result.sun.azimuth_deg,
        "sun_above_horizon_deg": result.sun_above_deg,
        "sun_disk_fraction": result.sun_disk_fraction,
        "sun_lit": result.sun_lit,
        "earth_elevation_deg": result.earth.elevation_deg,
        "earth_azimuth_deg": result.earth.azimuth_deg,
        "earth_above_horizon_deg": result.earth_above_deg,
        "earth_visible": result.earth_visible,
        "earth_distance_m": result.earth.distance_m,
    }


def _findings(site_id: str, name: str, stats: Mapping[str, Any], grid: TimeGrid) -> list[Finding]:
    findings = []
    longest = stats["longest_darkness_h"]
    if longest > DARKNESS_WARNING_H:
        start = max(stats["darkness_periods"], key=lambda p: p["hours"])["start"]
        findings.append(
            Finding(
                Severity.WARNING,
                "SITE_LONG_DARKNESS",
                site_id,
                pd.Timestamp(start).to_pydatetime(),
                f"{name}: the Sun stays below the skyline for {longest:.0f} h from {start}; "
                f"solar power needs storage for that long",
                ENGINE,
            )
        )
    if stats["earth_visible_fraction"] == 0.0:
        findings.append(
            Finding(
                Severity.WARNING,
                "SITE_NO_DIRECT_EARTH_LINK",
                site_id,
                None,
                f"{name}: the Earth never rises above the skyline over the {len(grid)} "
                "simulated epochs; direct-to-Earth communication needs a relay",
                ENGINE,
            )
        )
    return findings


class EnvironmentEngine:
    """Sun/Earth geometry and illumination of every surface site over the campaign span."""

    name = ENGINE
    requires: tuple[str, ...] = ()

    def run(self, scenario: Scenario, inputs: Mapping[str, EngineResult]) -> EngineResult:
        """Compute the environment of ``scenario``'s sites (``inputs`` unused).

        Raises:
            EphemerisRangeError: the campaign leaves the DE421 span 1900–2050.
        """
        del inputs
        grid = time_grid(scenario.start, scenario.end, timedelta(hours=scenario.simulation.step_h))
        sites = [
            Site(s.lat_deg, s.lon_east_deg, s.elevation_m, s.mast_height_m) for s in scenario.sites
        ]
        results = illumination_many(sites, grid, [site_horizon(s) for s in scenario.sites])
        stats = {s.id: r.summary() for s, r in zip(scenario.sites, results, strict=True)}
        table = pd.DataFrame(
            [
                {
                    "site": s.id,
                    "name": s.name,
                    "sun_center_lit_fraction": stats[s.id]["sun_center_lit_fraction"],
                    "sun_disk_visible_fraction": stats[s.id]["sun_disk_visible_fraction"],
                    "longest_darkness_h": stats[s.id]["longest_darkness_h"],
                    "earth_visible_fraction": stats[s.id]["earth_visible_fraction"],
                    "longest_earth_blackout_h": stats[s.id]["longest_earth_blackout_h"],
                    "horizon": "table" if s.horizon else "sphere",
                }
                for s in scenario.sites
            ],
            columns=[
                "site", "name", "sun_center_lit_fraction", "sun_disk_visible_fraction",
                "longest_darkness_h", "earth_visible_fraction", "longest_earth_blackout_h",
                "horizon",
            ],
        )  # fmt: skip
        summary = {
            "environment_sites": {
                site_id: {k: v for k, v in s.items() if not k.endswith("_periods")}
                for site_id, s in stats.items()
            }
        }
        return EngineResult(
            engine=ENGINE,
            summary=summary,
            tables={"environment_sites": table},
            findings=tuple(
                f for s in scenario.sites for f in _findings(s.id, s.name, stats[s.id], grid)
            ),
            data={
                "grid": grid,
                "utc": pd.DatetimeIndex(grid.utc, tz="UTC"),
                "sites": {s.id: _series(r) for s, r in zip(scenario.sites, results, strict=True)},
            },
            highlights=tuple(
                f"{s.name}: Sun {100 * stats[s.id]['sun_center_lit_fraction']:.1f} % of the time, "
                f"longest darkness {stats[s.id]['longest_darkness_h']:.0f} h, Earth "
                f"{100 * stats[s.id]['earth_visible_fraction']:.1f} %"
                for s in scenario.sites
            ),
        )


__all__ = ["ENGINE", "EnvironmentEngine", "site_horizon"]
