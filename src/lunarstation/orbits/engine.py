"""The orbits engine: relay coverage of the sites, eclipses, and transfers to an orbital station.

``OrbitsEngine().run(scenario, context, inputs)`` requires the ``timeline`` (which
element arrives in which orbit, and when; :mod:`~lunarstation.orbits.placements`), places
every element in its orbit's trajectory (:mod:`~lunarstation.orbits.trajectory`) and hands
the station engine an :class:`OrbitsOutput`: per site, whether a relay in service sees it
(over its skyline and the elevation mask) and sees the Earth, on the run's grid; per
element, its eclipses. Tables: ``orbits_coverage`` (site, relay, share, longest_gap_h,
contacts), ``orbits_contacts`` (site, relay, start, end, max_elevation_deg),
``orbits_eclipses``, ``orbits_transfers`` (LLO → station, one per perilune) and
``orbits_ascents`` (site → LLO → station, the same windows with the lift-off).

Coverage is sampled on the run's grid (hourly in the reference run), so windows there are
good to a step; ``lunarstation coverage --step-min 1`` resamples at a minute. Eclipses are
sampled on a finer grid of their own (a 300th of the period, at least 30 s, at most
400,000 samples per span) with edges refined between samples.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd
from pydantic import Field

from lunarstation.constants import DAY_S, HOUR_S, MOON_RADIUS_KM, RELAY_LINK_KBPS
from lunarstation.engine import EngineInputs, EngineResult, RunContext, SummaryModel
from lunarstation.environment.engine import site_horizon
from lunarstation.environment.horizon import sphere_horizon
from lunarstation.environment.illumination import runs
from lunarstation.findings import Finding, Severity
from lunarstation.logistics.timeline import TimelineOutput
from lunarstation.orbits.coverage import SKYLINE_BINS, SiteGeometry, Windows
from lunarstation.orbits.network_link import llo_altitude_km
from lunarstation.orbits.outputs import ENGINE, ElementEclipses, OrbitsOutput
from lunarstation.orbits.placements import Span, resolve_spans
from lunarstation.orbits.rendezvous import (
    SPACENET_QS3_NRHO_LLO_M_S,
    SPACENET_QS3_SURFACE_LLO_M_S,
    llo_to_perilune,
    perilunes,
    surface_to_llo,
)
from lunarstation.orbits.segment import BodyTable, Eclipse, Relay, eclipses, scan_relays
from lunarstation.orbits.trajectory import Trajectory, tdb_of, trajectory_of
from lunarstation.orbits.twobody.kepler import R_MOON_KM
from lunarstation.scenario import PlacementRole, Scenario, SurfaceSite
from lunarstation.timegrid import TimeGrid

DEFAULT_MASK_DEG = 5.0
"""Elevation mask of relay links, degrees: ENGINEERING ESTIMATE (a common ground-station
mask; the site's own skyline applies on top)."""
ECLIPSE_MAX_SAMPLES = 400_000


def site_geometry(sites: Sequence[SurfaceSite], mask_deg: float) -> SiteGeometry:
    """Sites as the coverage kernel sees them: terrain skyline (or sphere dip) under the mask."""
    azimuths: np.ndarray[tuple[int], np.dtype[np.float64]] = np.arange(
        SKYLINE_BINS, dtype=np.float64
    ) * (360.0 / SKYLINE_BINS)
    skylines = []
    for site in sites:
        horizon = site_horizon(site) or sphere_horizon(site.elevation_m, site.mast_height_m)
        skylines.append(horizon.elevation_at(azimuths))
    radius = np.array([MOON_RADIUS_KM + (s.elevation_m + s.mast_height_m) / 1e3 for s in sites])
    return SiteGeometry.of(
        np.array([s.lat_deg for s in sites]), np.array([s.lon_east_deg for s in sites]),
        radius, np.array(skylines).reshape(len(sites), SKYLINE_BINS), mask_deg,
    )  # fmt: skip


def _active(bounds: list[tuple[float, float]]) -> Any:
    def active(tdb: np.ndarray) -> np.ndarray:
        mask = np.zeros(tdb.size, dtype=bool)
        for low, high in bounds:
            mask |= (tdb >= low) & (tdb <= high)
        return mask

    return active


@dataclass(frozen=True)
class PlacedRelay:
    """A relay element in one orbit, with its service spans in TDB seconds."""

    key: str
    element: str
    orbit: str
    bounds: list[tuple[float, float]]


def relays_of(scenario: Scenario, spans: Sequence[Span]) -> list[PlacedRelay]:
    """Relay spans grouped by element and orbit, cut at the end of the element's design life."""
    groups: dict[tuple[str, str], list[Span]] = {}
    for span in spans:
        if span.role is PlacementRole.RELAY:
            groups.setdefault((span.element, span.orbit), []).append(span)
    elements = [element for element, _ in groups]
    placed = []
    for (element, orbit), rows in groups.items():
        life = scenario.element(element).design_life_years
        first = min(r.start for r in rows)
        retire = tdb_of(first) + life * 365.25 * DAY_S if life is not None else np.inf
        bounds = [(tdb_of(r.start), min(tdb_of(r.end), retire)) for r in rows]
        key = element if elements.count(element) == 1 else f"{element}/{orbit}"
        placed.append(PlacedRelay(key, element, orbit, [b for b in bounds if b[1] > b[0]]))
    return placed


def windows_mask(windows: Windows, size: int) -> np.ndarray:
    """The epochs inside windows as a boolean array of length ``size``."""
    mask = np.zeros(size + 1, dtype=np.int32)
    np.add.at(mask, windows.start, 1)
    np.add.at(mask, windows.stop, -1)
    result: np.ndarray = np.cumsum(mask[:size]) > 0
    return result


class SiteCoverage(SummaryModel):
    """One relay's coverage of one site over the relay's time in service."""

    share: float
    """Share of the relay's in-service epochs with a usable link (site and Earth in view)."""
    longest_gap_h: float
    """Longest time without a usable link, h (while in service)."""
    contacts: int
    capacity_gbit_per_day: float
    """Data the site can send per day through this relay at the link rate, Gbit."""


class RelayCoverage(SummaryModel):
    """One relay: its orbit, its view of the Earth and its coverage per site."""

    element: str
    orbit: str
    in_service_h: float
    earth_view_share: float
    """Share of in-service epochs with the Earth's centre clear of the Moon."""
    sites: dict[str, SiteCoverage]


class ElementEclipseSummary(SummaryModel):
    """Eclipses of one orbiting element over its spans in orbit."""

    orbit: str
    role: str
    eclipses: int
    max_eclipse_h: float
    """Longest passage through a shadow (Moon or Earth, first to last contact), h."""
    sunlit_fraction: float


class TransferWindows(SummaryModel):
    """LLO ↔ orbital-station transfers: one window per perilune passage."""

    station: str
    orbit: str
    windows: int
    first_window: datetime | None
    period_h: float
    """Mean time between windows, h (the longest wait for a crew that just missed one)."""
    mean_wait_h: float
    """Mean wait of a crew ready at a random time, h (half the spacing)."""
    llo_altitude_km: float
    dv_total_m_s: float
    time_of_flight_h: float
    published_dv_total_m_s: float
    """SpaceNet QS3 NRHO → LLO, 126.4 + 648.6 m/s, for comparison."""


class AscentWindows(SummaryModel):
    """Surface site → LLO → orbital station: one ascent window per perilune passage."""

    site: str
    station: str
    orbit: str
    windows: int
    first_lift_off: datetime | None
    """Lift-off from the site for the first window (UTC)."""
    max_wait_h: float
    """Longest time between two lift-offs, h: the wait of a crew that just missed one."""
    mean_wait_h: float
    """Mean wait of a crew ready at a random time, h (half the mean spacing)."""
    ascent_dv_m_s: float
    """Surface → LLO, lift-off and circularisation, m/s (orbits/rendezvous.py)."""
    published_ascent_dv_m_s: float
    """SpaceNet QS3 surface → LLO, 1,692.4 + 19.4 m/s, for comparison."""
    dv_total_m_s: float
    """Ascent and LLO → perilune transfer of the first window, m/s."""
    time_of_flight_h: float
    """Lift-off to arrival at the station, h."""


class OrbitsSummary(SummaryModel):
    """``summary.json["orbits"]``: relay coverage, eclipses and transfer windows."""

    mask_deg: float
    relays: dict[str, RelayCoverage]
    elements: dict[str, ElementEclipseSummary]
    transfers: list[TransferWindows]
    ascents: list[AscentWindows] = Field(default_factory=list)


COVERAGE_COLUMNS = ("site", "relay", "share", "longest_gap_h", "contacts")
CONTACT_COLUMNS = ("site", "relay", "start", "end", "max_elevation_deg")
ECLIPSE_COLUMNS = ("element", "orbit", "body", "start", "end", "duration_h", "umbra_h")
TRANSFER_COLUMNS = (
    "station", "orbit", "window", "depart_llo", "perilune_radius_km", "dv1_m_s", "dv2_m_s",
    "dv_total_m_s", "time_of_flight_h",
)  # fmt: skip
ASCENT_COLUMNS = (
    "site", "station", "orbit", "window", "lift_off", "ascent_dv1_m_s", "ascent_dv2_m_s",
    "transfer_dv_m_s", "dv_total_m_s", "time_of_flight_h", "wait_h",
)  # fmt: skip
"""``wait_h``: time since the previous window's lift-off (NaN for the first): what a
crew that just missed that one waits."""


def utc_of(grid: TimeGrid, tdb_s: np.ndarray) -> pd.DatetimeIndex:
    """UTC times of TDB seconds, by the grid's own UTC − TDB offset (good to microseconds)."""
    offset = grid.utc[0].astype("datetime64[ns]").astype(np.int64) * 1e-9 - grid.tdb_s[0]
    ns = np.round((np.asarray(tdb_s) + offset) * 1e9).astype(np.int64)
    return pd.DatetimeIndex(pd.to_datetime(ns, utc=True))


class OrbitsEngine:
    """Orbits of the placed elements: coverage, eclipses, transfer windows."""

    name = ENGINE
    requires: tuple[str, ...] = ("timeline",)
    uses: tuple[str, ...] = ()

    def __init__(self, mask_deg: float = DEFAULT_MASK_DEG) -> None:
        self.mask_deg = mask_deg

    def run(self, scenario: Scenario, context: RunContext, inputs: EngineInputs) -> EngineResult:
        """Coverage, eclipses and transfers of ``scenario``'s orbiting elements."""
        grid = context.grid
        spans = resolve_spans(scenario, inputs.optional(TimelineOutput))
        trajectories = {
            orbit_id: trajectory_of(scenario.by_id["orbits"][orbit_id], scenario.start)  # type: ignore[arg-type]
            for orbit_id in sorted({s.orbit for s in spans})
        }
        bodies = BodyTable.over(float(grid.tdb_s[0]), float(grid.tdb_s[-1])) if spans else None
        relays = relays_of(scenario, spans)
        coverage, contacts, relay_summary, visible = self._coverage(
            scenario, grid, relays, trajectories, bodies
        )
        eclipse_rows, eclipse_out, element_summary, findings = self._eclipses(
            scenario, grid, spans, trajectories, bodies
        )
        transfer_rows, transfers = self._transfers(scenario, grid, spans, trajectories)
        ascent_rows, ascents = ascent_windows(scenario, transfer_rows)
        summary = OrbitsSummary(
            mask_deg=self.mask_deg, relays=relay_summary, elements=element_summary,
            transfers=transfers, ascents=ascents,
        )  # fmt: skip
        highlights = [
            f"{relay}: {100 * cov.share:.0f} % of the time over {site}, longest gap "
            f"{cov.longest_gap_h:.1f} h"
            for relay, rc in relay_summary.items()
            for site, cov in rc.sites.items()
        ]
        return EngineResult(
            engine=ENGINE,
            output=OrbitsOutput(relay_visible=visible, eclipses=eclipse_out),
            summary=summary,
            tables={
                "coverage": pd.DataFrame(coverage, columns=list(COVERAGE_COLUMNS)),
                "contacts": pd.DataFrame(contacts, columns=list(CONTACT_COLUMNS)),
                "eclipses": eclipse_rows,
                "transfers": pd.DataFrame(transfer_rows, columns=list(TRANSFER_COLUMNS)),
                "ascents": pd.DataFrame(ascent_rows, columns=list(ASCENT_COLUMNS)),
            },
            findings=tuple(findings),
            highlights=tuple(highlights[:8]),
        )

    def _coverage(
        self, scenario: Scenario, grid: TimeGrid, relays: list[PlacedRelay],
        trajectories: dict[str, Trajectory], bodies: BodyTable | None,
        progress: Callable[[int, int], None] | None = None,
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, RelayCoverage], dict[str, np.ndarray]]:  # fmt: skip
        sites = list(scenario.sites)
        if not relays or not sites:
            return [], [], {}, {}
        geometry = site_geometry(sites, self.mask_deg)
        ids = [s.id for s in sites]
        scans = scan_relays(
            geometry, ids,
            [Relay(r.key, trajectories[r.orbit], _active(r.bounds)) for r in relays],
            grid.tdb_s, bodies=bodies, progress=progress,
        )  # fmt: skip
        step_h = grid.step_s / HOUR_S
        visible = {site: np.zeros(len(grid), dtype=bool) for site in ids}
        coverage, contacts, summary = [], [], {}
        for relay in relays:
            scan = scans[relay.key]
            active = _active(relay.bounds)(grid.tdb_s)
            in_service = int(active.sum())
            per_site = {}
            for site in ids:
                windows = scan.windows[site]
                mask = windows_mask(windows, len(grid))
                visible[site] |= mask
                share = windows.covered_epochs() / in_service if in_service else 0.0
                gap = _longest_gap_h(active, mask, step_h)
                per_site[site] = SiteCoverage(
                    share=share, longest_gap_h=gap, contacts=int(windows.start.size),
                    capacity_gbit_per_day=share * DAY_S * RELAY_LINK_KBPS / 1e6,
                )  # fmt: skip
                coverage.append({"site": site, "relay": relay.key, "share": share,
                                 "longest_gap_h": gap, "contacts": int(windows.start.size)})  # fmt: skip
                starts = pd.DatetimeIndex(grid.utc[windows.start]).tz_localize("UTC")
                last = np.minimum(windows.stop, len(grid) - 1)
                ends = pd.DatetimeIndex(grid.utc[last]).tz_localize("UTC")
                for a, b, el in zip(
                    starts, ends, np.degrees(windows.max_elevation_rad), strict=True
                ):
                    contacts.append({"site": site, "relay": relay.key, "start": a, "end": b,
                                     "max_elevation_deg": float(el)})  # fmt: skip
            summary[relay.key] = RelayCoverage(
                element=relay.element, orbit=relay.orbit, in_service_h=in_service * step_h,
                earth_view_share=scan.earth_view_epochs / in_service if in_service else 0.0,
                sites=per_site,
            )  # fmt: skip
        return coverage, contacts, summary, visible

    def _eclipses(
        self, scenario: Scenario, grid: TimeGrid, spans: Sequence[Span],
        trajectories: dict[str, Trajectory], bodies: BodyTable | None,
    ) -> tuple[pd.DataFrame, dict[str, ElementEclipses], dict[str, ElementEclipseSummary], list[Finding]]:  # fmt: skip
        rows: list[pd.DataFrame] = []
        out: dict[str, ElementEclipses] = {}
        summary: dict[str, ElementEclipseSummary] = {}
        findings: list[Finding] = []
        for span in spans:
            trajectory = trajectories[span.orbit]
            start, end = tdb_of(span.start), tdb_of(span.end)
            step = min(
                max(trajectory.period_s / 300.0, 30.0, (end - start) / ECLIPSE_MAX_SAMPLES), 600.0
            )
            events, lit = eclipses(trajectory, start, end, step, bodies=bodies)
            passages = [e for e in events if e.kind == "penumbra"]
            rows.append(_eclipse_rows(grid, span, events))
            longest = max((e.duration_s for e in passages), default=0.0)
            previous = out.get(span.element)
            starts = np.array([e.start_tdb_s for e in passages])
            ends = np.array([e.end_tdb_s for e in passages])
            umbrae = [e for e in events if e.kind == "umbra"]
            u_starts = np.array([e.start_tdb_s for e in umbrae])
            u_ends = np.array([e.end_tdb_s for e in umbrae])
            s_starts, s_ends = np.array([start]), np.array([end])
            if previous is not None:
                # The sunlit share over all the element's spans, weighted by their lengths.
                before_s = float(np.sum(previous.span_end_tdb_s - previous.span_start_tdb_s))
                total_s = before_s + (end - start)
                if total_s > 0.0:
                    lit = (previous.sunlit_fraction * before_s + lit * (end - start)) / total_s
                starts = np.concatenate([previous.start_tdb_s, starts])
                ends = np.concatenate([previous.end_tdb_s, ends])
                u_starts = np.concatenate([previous.umbra_start_tdb_s, u_starts])
                u_ends = np.concatenate([previous.umbra_end_tdb_s, u_ends])
                s_starts = np.concatenate([previous.span_start_tdb_s, s_starts])
                s_ends = np.concatenate([previous.span_end_tdb_s, s_ends])
                longest = max(longest, previous.longest_s)
            out[span.element] = ElementEclipses(
                span.element, span.orbit, span.role.value, starts, ends, lit, longest,
                u_starts, u_ends, s_starts, s_ends,
            )  # fmt: skip
            summary[span.element] = ElementEclipseSummary(
                orbit=span.orbit, role=span.role.value, eclipses=int(starts.size),
                max_eclipse_h=longest / HOUR_S, sunlit_fraction=lit,
            )  # fmt: skip
            earth = [e for e in passages if e.body == "earth"]
            if earth and span.role is PlacementRole.ORBITAL_STATION:
                worst = max(earth, key=lambda e: e.duration_s)
                findings.append(
                    Finding(
                        Severity.INFO,
                        "ORBIT_EARTH_ECLIPSE",
                        span.element,
                        utc_of(grid, np.array([worst.start_tdb_s]))[0].floor("s").to_pydatetime(),
                        f"{span.element} in {span.orbit} passes through the Earth's shadow "
                        f"{len(earth)} times; the longest lasts {worst.duration_s / HOUR_S:.1f} h",
                        ENGINE,
                    )
                )
        table = (
            pd.concat(rows, ignore_index=True)
            if rows
            else pd.DataFrame(columns=list(ECLIPSE_COLUMNS))
        )
        return table, out, summary, findings

    def _transfers(
        self, scenario: Scenario, grid: TimeGrid, spans: Sequence[Span],
        trajectories: dict[str, Trajectory],
    ) -> tuple[list[dict[str, Any]], list[TransferWindows]]:  # fmt: skip
        altitude = llo_altitude_km(scenario)
        rows: list[dict[str, Any]] = []
        summaries = []
        orbits = {o.id: o for o in scenario.orbits}
        for span in spans:
            if span.role is not PlacementRole.ORBITAL_STATION or not orbits[span.orbit].is_cr3bp:
                continue
            passes = perilunes(trajectories[span.orbit], tdb_of(span.start), tdb_of(span.end))
            if not passes.tdb_s.size:
                continue
            times = utc_of(grid, passes.tdb_s)
            first = None
            for when, radius, speed in zip(times, passes.radius_km, passes.speed_km_s, strict=True):
                transfer = llo_to_perilune(R_MOON_KM + altitude, float(radius), float(speed))
                first = first or transfer
                rows.append({
                    "station": span.element, "orbit": span.orbit, "window": when,
                    "depart_llo": when - pd.Timedelta(seconds=transfer.time_of_flight_s),
                    "perilune_radius_km": float(radius), "dv1_m_s": transfer.dv1_m_s,
                    "dv2_m_s": transfer.dv2_m_s, "dv_total_m_s": transfer.total_m_s,
                    "time_of_flight_h": transfer.time_of_flight_s / HOUR_S,
                })  # fmt: skip
            assert first is not None
            spacing = (
                float(np.mean(np.diff(passes.tdb_s))) / HOUR_S if passes.tdb_s.size > 1 else 0.0
            )
            summaries.append(
                TransferWindows(
                    station=span.element,
                    orbit=span.orbit,
                    windows=int(passes.tdb_s.size),
                    first_window=times[0].floor("s").to_pydatetime(),
                    period_h=spacing,
                    mean_wait_h=spacing / 2,
                    llo_altitude_km=altitude,
                    dv_total_m_s=first.total_m_s,
                    time_of_flight_h=first.time_of_flight_s / HOUR_S,
                    published_dv_total_m_s=sum(SPACENET_QS3_NRHO_LLO_M_S),
                )
            )
        return rows, summaries


def ascent_windows(
    scenario: Scenario, transfer_rows: Sequence[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[AscentWindows]]:
    """Each surface site's ascent windows to each orbital station: lift off so as to reach
    the LLO as the transfer of a window leaves it (orbits/rendezvous.py)."""
    altitude = llo_altitude_km(scenario)
    rows: list[dict[str, Any]] = []
    summaries: list[AscentWindows] = []
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in transfer_rows:
        groups.setdefault((row["station"], row["orbit"]), []).append(row)
    for site in scenario.sites:
        ascent = surface_to_llo(MOON_RADIUS_KM + site.elevation_m / 1e3, R_MOON_KM + altitude)
        for (station, orbit), windows in groups.items():
            lift_offs = [w["depart_llo"] - pd.Timedelta(seconds=ascent.time_of_flight_s)
                         for w in windows]  # fmt: skip
            previous = [None, *lift_offs[:-1]]
            for w, lift, before in zip(windows, lift_offs, previous, strict=True):
                rows.append({
                    "site": site.id, "station": station, "orbit": orbit, "window": w["window"],
                    "lift_off": lift, "ascent_dv1_m_s": ascent.dv1_m_s,
                    "ascent_dv2_m_s": ascent.dv2_m_s, "transfer_dv_m_s": w["dv_total_m_s"],
                    "dv_total_m_s": ascent.total_m_s + w["dv_total_m_s"],
                    "time_of_flight_h": ascent.time_of_flight_s / HOUR_S + w["time_of_flight_h"],
                    "wait_h": (
                        float("nan") if before is None else (lift - before).total_seconds() / HOUR_S
                    ),
                })  # fmt: skip
            gaps = [(b - a).total_seconds() / HOUR_S for a, b in pairwise(lift_offs)]
            first = windows[0]
            summaries.append(
                AscentWindows(
                    site=site.id,
                    station=station,
                    orbit=orbit,
                    windows=len(windows),
                    first_lift_off=lift_offs[0].floor("s").to_pydatetime(),
                    max_wait_h=max(gaps, default=0.0),
                    mean_wait_h=float(np.mean(gaps)) / 2 if gaps else 0.0,
                    ascent_dv_m_s=ascent.total_m_s,
                    published_ascent_dv_m_s=sum(SPACENET_QS3_SURFACE_LLO_M_S),
                    dv_total_m_s=ascent.total_m_s + first["dv_total_m_s"],
                    time_of_flight_h=ascent.time_of_flight_s / HOUR_S + first["time_of_flight_h"],
                )
            )
    return rows, summaries


def _longest_gap_h(active: np.ndarray, visible: np.ndarray, step_h: float) -> float:
    """Longest run of in-service epochs without a link, h."""
    _, lengths = runs(active & ~visible)
    return float(lengths.max() * step_h) if lengths.size else 0.0


def _eclipse_rows(grid: TimeGrid, span: Span, events: Sequence[Eclipse]) -> pd.DataFrame:
    """One row per passage (first to last contact) with the umbra's share of it, h."""
    passages = [e for e in events if e.kind == "penumbra"]
    umbrae = [e for e in events if e.kind == "umbra"]
    starts = utc_of(grid, np.array([e.start_tdb_s for e in passages]))
    ends = utc_of(grid, np.array([e.end_tdb_s for e in passages]))
    umbra_h = np.zeros(len(passages))
    for body in ("moon", "earth"):
        own = [i for i, p in enumerate(passages) if p.body == body]
        if not own:
            continue
        first = np.array([passages[i].start_tdb_s for i in own])
        for u in (u for u in umbrae if u.body == body):
            # The passage containing the umbra: the last one starting before it.
            k = int(np.searchsorted(first, u.start_tdb_s, side="right")) - 1
            if k >= 0:
                umbra_h[own[k]] += u.duration_s / HOUR_S
    return pd.DataFrame({
        "element": span.element, "orbit": span.orbit, "body": [p.body for p in passages],
        "start": starts, "end": ends,
        "duration_h": np.array([p.duration_s for p in passages]) / HOUR_S, "umbra_h": umbra_h,
    })  # fmt: skip


def relay_coverage(
    scenario: Scenario,
    timeline: TimelineOutput | None,
    grid: TimeGrid,
    mask_deg: float = DEFAULT_MASK_DEG,
    sites: Sequence[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[dict[str, RelayCoverage], pd.DataFrame]:
    """Relay coverage of the scenario's sites (or ``sites``) on any grid, and its contacts.

    What the engine computes on the run's grid, at another step (``lunarstation coverage``).
    ``progress(done, total)``: called after each chunk of epochs.
    """
    chosen = scenario.model_copy(
        update={"sites": tuple(s for s in scenario.sites if sites is None or s.id in sites)}
    )
    spans = resolve_spans(chosen, timeline)
    relays = relays_of(chosen, spans)
    trajectories = {
        r.orbit: trajectory_of(chosen.by_id["orbits"][r.orbit], chosen.start)  # type: ignore[arg-type]
        for r in relays
    }
    bodies = BodyTable.over(float(grid.tdb_s[0]), float(grid.tdb_s[-1])) if relays else None
    _, contacts, summary, _ = OrbitsEngine(mask_deg)._coverage(
        chosen, grid, relays, trajectories, bodies, progress
    )
    return summary, pd.DataFrame(contacts, columns=list(CONTACT_COLUMNS))


__all__ = [
    "ASCENT_COLUMNS",
    "CONTACT_COLUMNS",
    "COVERAGE_COLUMNS",
    "ECLIPSE_COLUMNS",
    "TRANSFER_COLUMNS",
    "OrbitsEngine",
    "OrbitsSummary",
    "relay_coverage",
    "site_geometry",
]
