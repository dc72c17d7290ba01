"""Coverage and eclipses of placed orbital elements over a grid of epochs, in chunks.

The engine (run grid) and the ``coverage`` command (its own step) share these functions.
Per chunk of epochs: the Moon's orientation (DE421 librations) once, then for each relay
its ICRF positions, the Moon-fixed positions, look angles from every site and its line
of sight to the Earth (the Earth's position interpolated linearly from an hourly DE421
table: the Earth's 3,700 km an hour about the Moon leave a 4.5 km chord error, nothing
at the scale of a line of sight). Only windows are kept, so memory stays bounded
whatever the span.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from lunarstation.constants import HOUR_S, MOON_RADIUS_KM
from lunarstation.environment.ephemeris import libration_angles_rad, moon_states
from lunarstation.environment.frames import pa_to_me_matrix
from lunarstation.orbits.coverage import SiteGeometry, Windows, me_matrices, scan_chunk
from lunarstation.orbits.eclipse import EARTH_RADIUS_KM, shadow, spans_inside
from lunarstation.orbits.trajectory import Trajectory, TwoBodyTrajectory

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

CHUNK = 400_000
"""Epochs per chunk (about 60 MB of temporaries with four sites)."""


@dataclass(frozen=True)
class BodyTable:
    """Sun and Earth positions from the Moon (ICRF, km) on an hourly TDB table."""

    tdb_s: FloatArray
    sun_km: FloatArray
    earth_km: FloatArray

    @classmethod
    def over(cls, start_tdb_s: float, end_tdb_s: float, step_s: float = HOUR_S) -> BodyTable:
        """A table covering ``[start, end]`` with one step of margin each side."""
        count = int(np.ceil((end_tdb_s - start_tdb_s) / step_s)) + 3
        times: FloatArray = start_tdb_s - step_s + step_s * np.arange(count, dtype=np.float64)
        states = moon_states(times)
        moon = states["moon_ssb"]
        return cls(times, (states["sun_ssb"] - moon) * 1e-3, (states["earth_ssb"] - moon) * 1e-3)

    def at(self, tdb_s: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Sun and Earth positions at ``tdb_s``, km, ``(n, 3)`` each (linear interpolation)."""
        sun = np.stack([np.interp(tdb_s, self.tdb_s, self.sun_km[:, j]) for j in range(3)], axis=1)
        earth = np.stack(
            [np.interp(tdb_s, self.tdb_s, self.earth_km[:, j]) for j in range(3)], axis=1
        )
        return sun, earth


@dataclass(frozen=True)
class Relay:
    """A relay to scan: its element id, trajectory and active epochs (a predicate)."""

    element: str
    trajectory: Trajectory
    active: Callable[[FloatArray], BoolArray]
    """True where the relay is in place and in service, from TDB seconds."""


@dataclass(frozen=True)
class RelayScan:
    """What one relay gave over the grid."""

    windows: Mapping[str, Windows]
    """Per site: contact windows (site sees relay over mask and skyline, relay sees Earth)."""
    active_epochs: int
    earth_view_epochs: int
    """Active epochs with the Earth in the relay's view."""


def scan_relays(
    sites: SiteGeometry,
    site_ids: Sequence[str],
    relays: Sequence[Relay],
    tdb_s: FloatArray,
    *,
    need_earth: bool = True,
    bodies: BodyTable | None = None,
    chunk: int = CHUNK,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, RelayScan]:
    """Contact windows of every relay with every site on the epochs ``tdb_s`` (increasing)."""
    tdb = np.asarray(tdb_s, dtype=np.float64)
    if not relays or tdb.size == 0:
        return {r.element: RelayScan({s: Windows.empty() for s in site_ids}, 0, 0) for r in relays}
    table = bodies or BodyTable.over(float(tdb[0]), float(tdb[-1]))
    pa_me = pa_to_me_matrix()
    windows = {r.element: {s: Windows.empty() for s in site_ids} for r in relays}
    active_count = dict.fromkeys((r.element for r in relays), 0)
    earth_count = dict.fromkeys((r.element for r in relays), 0)
    for offset in range(0, tdb.size, chunk):
        times = tdb[offset : offset + chunk]
        to_me = me_matrices(libration_angles_rad(times), pa_me)
        earth = table.at(times)[1] if need_earth else None
        for relay in relays:
            active = np.asarray(relay.active(times), dtype=bool)
            trajectory = relay.trajectory
            if isinstance(trajectory, TwoBodyTrajectory):
                # Fused: positions from the mean elements inside the kernel.
                visible, elevation, usable = scan_chunk(
                    times, active, to_me, sites, earth,
                    elements=trajectory.elements.as_array(), to_icrf=trajectory.pa_to_icrf,
                )  # fmt: skip
            else:
                visible, elevation, usable = scan_chunk(
                    times, active, to_me, sites, earth,
                    positions_km=trajectory.positions_icrf_km(times),
                )  # fmt: skip
            if earth is not None:
                earth_count[relay.element] += int(usable.sum())
            active_count[relay.element] += int(active.sum())
            for index, site in enumerate(site_ids):
                found = Windows.of(visible[index], elevation[index], offset, sine=True)
                windows[relay.element][site] = windows[relay.element][site].join(found)
        if progress is not None:
            progress(min(offset + chunk, tdb.size), tdb.size)
    return {
        r.element: RelayScan(windows[r.element], active_count[r.element], earth_count[r.element])
        for r in relays
    }


@dataclass(frozen=True)
class Eclipse:
    """One passage through a shadow: the body casting it, umbra or penumbra, TDB seconds.

    A ``penumbra`` span runs from the first to the last contact (it contains the umbra of
    the same passage, when there is one).
    """

    body: str
    kind: str
    start_tdb_s: float
    end_tdb_s: float

    @property
    def duration_s(self) -> float:
        """Length, s."""
        return self.end_tdb_s - self.start_tdb_s


def eclipses(
    trajectory: Trajectory,
    start_tdb_s: float,
    end_tdb_s: float,
    step_s: float,
    *,
    bodies: BodyTable | None = None,
    chunk: int = CHUNK,
) -> tuple[list[Eclipse], float]:
    """Eclipses by the Moon and the Earth between two epochs, and the sunlit share (0–1).

    Sampled every ``step_s`` with edges refined between samples (:mod:`.eclipse`); a
    shadow shorter than a step can be missed. Spans that cross a chunk boundary are joined.
    """
    times_all = np.arange(start_tdb_s, end_tdb_s + 0.5 * step_s, step_s)
    table = bodies or BodyTable.over(start_tdb_s, end_tdb_s)
    found: dict[tuple[str, str], list[tuple[float, float]]] = {}
    lit_sum = 0.0
    for offset in range(0, times_all.size, chunk):
        # One sample of overlap so an edge between chunks is refined like any other.
        times = times_all[max(offset - 1, 0) : offset + chunk]
        position = trajectory.positions_icrf_km(times)
        sun, earth = table.at(times)
        lit = np.ones(times.size)
        for body, centre, radius in (
            ("moon", np.zeros(3), MOON_RADIUS_KM),
            ("earth", earth, EARTH_RADIUS_KM),
        ):
            penumbra, umbra, share = shadow(position, sun, centre, radius)
            lit = np.minimum(lit, share)
            for kind, margin in (("penumbra", penumbra), ("umbra", umbra)):
                spans = spans_inside(times, margin)
                rows = found.setdefault((body, kind), [])
                for a, b in zip(spans.start_s, spans.end_s, strict=True):
                    if rows and abs(rows[-1][1] - a) < 1e-6:
                        rows[-1] = (rows[-1][0], b)
                    else:
                        rows.append((float(a), float(b)))
        lit_sum += float(lit[1:].sum() if offset else lit.sum())
    events = [
        Eclipse(body, kind, a, b) for (body, kind), rows in found.items() for a, b in rows if b > a
    ]
    events.sort(key=lambda e: (e.start_tdb_s, e.body, e.kind))
    return events, lit_sum / max(times_all.size, 1)


__all__ = ["BodyTable", "Eclipse", "Relay", "RelayScan", "eclipses", "scan_relays"]
