"""The environment engine: Sun and Earth as seen from every scenario site over the campaign.

``EnvironmentEngine().run(scenario, context, inputs)`` evaluates DE421 once for all sites
on the run's time grid (``context.grid``), compares with each site's skyline (its
``horizon`` table, else the bare sphere seen from its mast) and hands the station engine
an :class:`EnvironmentOutput` (per-site series, angles in radians), with a per-site
table, summary statistics and findings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from lunarstation.engine import EngineInputs, EngineResult, RunContext, SummaryModel
from lunarstation.environment.horizon import Horizon
from lunarstation.environment.illumination import Illumination, illumination_many
from lunarstation.environment.sites import Site
from lunarstation.findings import Finding, Severity
from lunarstation.scenario import Scenario, SurfaceSite
from lunarstation.timegrid import TimeGrid, iso_utc

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

ENGINE = "environment"

DARKNESS_WARNING_H = 100.0
"""Darkness longer than this (h) earns a warning: it exceeds typical battery sizing of tens
of hours at polar sites (De Rosa et al. 2012, lunar-environment.md §1a row 11)."""


def site_horizon(site: SurfaceSite) -> Horizon | None:
    """The scenario site's horizon table as a :class:`Horizon`, or None when it has none."""
    rows = [(point.azimuth_deg, point.elevation_deg) for point in site.horizon]
    return Horizon.from_rows(rows) if rows else None


@dataclass(frozen=True)
class SiteSky:
    """Sun and Earth seen from one site on the run's grid (length T), angles in radians.

    ``*_above_horizon_rad``: the body's centre above the site's skyline at its azimuth;
    ``sun_disk_fraction``: visible share of the solar disk, 0–1.
    """

    sun_elevation_rad: FloatArray
    sun_azimuth_rad: FloatArray
    sun_above_horizon_rad: FloatArray
    sun_disk_fraction: FloatArray
    sun_lit: BoolArray
    earth_elevation_rad: FloatArray
    earth_azimuth_rad: FloatArray
    earth_above_horizon_rad: FloatArray
    earth_visible: BoolArray
    earth_distance_m: FloatArray

    @classmethod
    def of(cls, result: Illumination) -> SiteSky:
        """The series of an illumination result (degrees converted here, once)."""
        return cls(
            np.radians(result.sun.elevation_deg), np.radians(result.sun.azimuth_deg),
            np.radians(result.sun_above_deg), np.asarray(result.sun_disk_fraction, dtype=float),
            np.asarray(result.sun_lit), np.radians(result.earth.elevation_deg),
            np.radians(result.earth.azimuth_deg), np.radians(result.earth_above_deg),
            np.asarray(result.earth_visible), np.asarray(result.earth.distance_m, dtype=float),
        )  # fmt: skip


@dataclass(frozen=True)
class EnvironmentOutput:
    """What the environment hands downstream: each site's sky by site id."""

    sites: Mapping[str, SiteSky]


class Period(SummaryModel):
    """An interval of darkness or Earth blackout."""

    start: datetime
    hours: float


class SiteEnvironment(SummaryModel):
    """Illumination and Earth-visibility statistics of one site over the run."""

    epochs: int
    step_h: float
    sun_center_lit_fraction: float
    """Share of epochs with the Sun's centre above the skyline."""
    sun_disk_visible_fraction: float
    """Visible share of the solar disk, averaged over the epochs."""
    longest_darkness_h: float
    earth_visible_fraction: float
    longest_earth_blackout_h: float
    sun_elevation_max_deg: float
    sun_elevation_min_deg: float
    earth_elevation_max_deg: float
    earth_elevation_min_deg: float
    longest_darkness: Period | None
    """The longest period with the Sun's centre below the skyline, or null."""
    horizon: str
    """``table`` (the site's declared skyline) or ``sphere`` (the bare Moon from its mast)."""


class EnvironmentSummary(SummaryModel):
    """``summary.json["environment"]``: statistics per site id."""

    sites: dict[str, SiteEnvironment]


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


def _site_summary(stats: Mapping[str, Any], horizon: str) -> SiteEnvironment:
    periods = stats["darkness_periods"]
    longest = max(periods, key=lambda p: p["hours"]) if periods else None
    return SiteEnvironment(
        **{k: v for k, v in stats.items() if not k.endswith("_periods")},
        longest_darkness=None if longest is None else Period(**longest),
        horizon=horizon,
    )


TABLE_COLUMNS = (
    "site", "name", "sun_center_lit_fraction", "sun_disk_visible_fraction",
    "longest_darkness_h", "earth_visible_fraction", "longest_earth_blackout_h", "horizon",
)  # fmt: skip


def sky_series(
    utc: pd.DatetimeIndex, sites: Sequence[SurfaceSite], results: Sequence[Illumination]
) -> pd.DataFrame:
    """``environment_sky``: per site and step, the Sun's centre above the skyline
    (``sun_lit``), the visible share of its disk (0–1) and the Earth's centre above the
    skyline (``earth_visible``); long form (``time``, ``site`` first), for the report's
    monthly lit share and darkness periods."""
    if not sites:
        return pd.DataFrame(columns=["time", "site", "sun_lit", "sun_disk_fraction"])
    steps = len(utc)
    return pd.DataFrame(
        {
            "time": np.tile(np.asarray(utc), len(sites)),
            "site": np.repeat([s.id for s in sites], steps),
            "sun_lit": np.concatenate([np.asarray(r.sun_lit, dtype=bool) for r in results]),
            "sun_disk_fraction": np.concatenate(
                [np.asarray(r.sun_disk_fraction, dtype=float) for r in results]
            ),
            "earth_visible": np.concatenate(
                [np.asarray(r.earth_visible, dtype=bool) for r in results]
            ),
        }
    ).astype({"time": "datetime64[ns, UTC]"})


class EnvironmentEngine:
    """Sun/Earth geometry and illumination of every surface site over the campaign span."""

    name = ENGINE
    requires: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()

    def fingerprint(self, scenario: Scenario) -> object:
        """What the environment reads: the sites and the time grid, nothing else."""
        return {
            "sites": [site.model_dump(mode="json") for site in scenario.sites],
            "grid": [iso_utc(scenario.start), iso_utc(scenario.end), scenario.simulation.step_h],
        }

    def run(self, scenario: Scenario, context: RunContext, inputs: EngineInputs) -> EngineResult:
        """Compute the environment of ``scenario``'s sites on ``context.grid`` (no inputs).

        Raises:
            EphemerisRangeError: the campaign leaves the DE421 span 1900–2050.
        """
        del inputs
        grid = context.grid
        sites = [
            Site(s.lat_deg, s.lon_east_deg, s.elevation_m, s.mast_height_m) for s in scenario.sites
        ]
        results = illumination_many(sites, grid, [site_horizon(s) for s in scenario.sites])
        stats = {s.id: r.summary() for s, r in zip(scenario.sites, results, strict=True)}
        horizons = {s.id: "table" if s.horizon else "sphere" for s in scenario.sites}
        table = pd.DataFrame(
            [
                {"site": s.id, "name": s.name, **{c: stats[s.id][c] for c in TABLE_COLUMNS[2:-1]},
                 "horizon": horizons[s.id]}
                for s in scenario.sites
            ],
            columns=list(TABLE_COLUMNS),
        )  # fmt: skip
        summary = EnvironmentSummary(
            sites={key: _site_summary(value, horizons[key]) for key, value in stats.items()}
        )
        return EngineResult(
            engine=ENGINE,
            output=EnvironmentOutput(
                {s.id: SiteSky.of(r) for s, r in zip(scenario.sites, results, strict=True)}
            ),
            summary=summary,
            tables={"sites": table},
            series={"sky": sky_series(context.utc, scenario.sites, results)},
            findings=tuple(
                f for s in scenario.sites for f in _findings(s.id, s.name, stats[s.id], grid)
            ),
            highlights=tuple(
                f"{s.name}: Sun {100 * stats[s.id]['sun_center_lit_fraction']:.1f} % of the time, "
                f"longest darkness {stats[s.id]['longest_darkness_h']:.0f} h, Earth "
                f"{100 * stats[s.id]['earth_visible_fraction']:.1f} %"
                for s in scenario.sites
            ),
        )


__all__ = [
    "ENGINE",
    "EnvironmentEngine",
    "EnvironmentOutput",
    "EnvironmentSummary",
    "SiteEnvironment",
    "SiteSky",
    "site_horizon",
]
