"""Visibility of orbiting elements from surface sites, contact windows and coverage statistics.

A satellite is in view of a site when its topocentric elevation is at least the larger
of the elevation mask and the site's own skyline at the satellite's azimuth (the
terrain table of the scenario, or the bare sphere's dip from the mast). Elevation and
azimuth as in ``environment/sites.py``: against the local horizontal plane of the
1737.4 km sphere, azimuth clockwise from north.

A relay in view of a site serves it when it also sees the Earth: the line from the relay
to the Earth's centre must clear the Moon (radius 1737.4 km).

Numerics kernels: positions in km in the Moon-fixed ME frame, angles in radians, epochs
as TDB seconds; long spans go through in chunks so memory stays bounded.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np
from numpy.typing import NDArray

from lunarstation.constants import MOON_RADIUS_KM
from lunarstation.orbits.twobody.kepler import kepler_position_warm

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

SCAN_BLOCK = 1024
"""Epochs one thread of the fused scan takes in order (warm-started Kepler solves)."""
SKYLINE_BINS = 720
"""Skyline samples per site for the kernel (0.5° of azimuth each, linearly interpolated)."""


@dataclass(frozen=True)
class SiteGeometry:
    """Sites as the kernel sees them: positions (km, ME), local east/north/up, skylines.

    ``skyline_rad`` shape ``(sites, SKYLINE_BINS)``: the skyline elevation at azimuths
    0, 0.5, … 359.5°, already raised to the elevation mask where the mask is higher.
    """

    position_km: FloatArray
    basis: FloatArray
    skyline_rad: FloatArray

    @classmethod
    def of(
        cls,
        lat_deg: FloatArray,
        lon_deg: FloatArray,
        radius_km: FloatArray,
        skyline_deg: FloatArray,
        mask_deg: float,
    ) -> SiteGeometry:
        """From latitudes, east longitudes, radii from the Moon's centre and skylines
        ``(sites, SKYLINE_BINS)`` in degrees at 0.5° azimuth steps."""
        lat, lon = np.radians(np.atleast_1d(lat_deg)), np.radians(np.atleast_1d(lon_deg))
        sl, cl, so, co = np.sin(lat), np.cos(lat), np.sin(lon), np.cos(lon)
        zero = np.zeros_like(lat)
        east = np.stack([-so, co, zero], axis=-1)
        north = np.stack([-sl * co, -sl * so, cl], axis=-1)
        up = np.stack([cl * co, cl * so, sl], axis=-1)
        basis = np.ascontiguousarray(np.stack([east, north, up], axis=1))
        position = np.ascontiguousarray(up * np.atleast_1d(radius_km)[:, None])
        skyline = np.radians(np.maximum(np.atleast_2d(skyline_deg), mask_deg))
        return cls(position, basis, np.ascontiguousarray(skyline, dtype=np.float64))


@numba.njit(cache=True, inline="always")
def _sines(
    s: int, vx: float, vy: float, vz: float, basis: FloatArray, skyline: FloatArray,
    flat: bool, step: float, bins: int,
) -> tuple[float, float]:  # fmt: skip
    """Sine of the elevation of the line of sight (vx, vy, vz) km from site ``s``, and
    sine of the site's skyline (raised to the mask) at its azimuth, linearly
    interpolated between the ``bins`` samples ``step`` rad apart (one value if ``flat``)."""
    up = basis[s, 2, 0] * vx + basis[s, 2, 1] * vy + basis[s, 2, 2] * vz
    if flat:
        sky = skyline[s, 0]
    else:
        east = basis[s, 0, 0] * vx + basis[s, 0, 1] * vy + basis[s, 0, 2] * vz
        north = basis[s, 1, 0] * vx + basis[s, 1, 1] * vy + basis[s, 1, 2] * vz
        u = (np.arctan2(east, north) % (2.0 * np.pi)) / step
        k = int(u) % bins
        f = u - np.floor(u)
        sky = skyline[s, k] * (1.0 - f) + skyline[s, (k + 1) % bins] * f
    return up / np.sqrt(vx * vx + vy * vy + vz * vz), np.sin(sky)


@numba.njit(cache=True, parallel=True)
def _look(
    target_km: FloatArray, position: FloatArray, basis: FloatArray, skyline: FloatArray,
    elevation: FloatArray, margin: FloatArray,
) -> None:  # fmt: skip
    n_sites, bins = position.shape[0], skyline.shape[1]
    step = 2.0 * np.pi / bins
    flat = np.empty(n_sites, dtype=np.bool_)
    for s in range(n_sites):
        flat[s] = np.all(skyline[s] == skyline[s, 0])
    for t in numba.prange(target_km.shape[0]):
        for s in range(n_sites):
            vx = target_km[t, 0] - position[s, 0]
            vy = target_km[t, 1] - position[s, 1]
            vz = target_km[t, 2] - position[s, 2]
            # Compare sines (monotonic on ±90°): one arcsine only where in view.
            sine, threshold = _sines(s, vx, vy, vz, basis, skyline, flat[s], step, bins)
            margin[s, t] = sine - threshold
            elevation[s, t] = np.arcsin(min(sine, 1.0)) if sine >= threshold else -0.5 * np.pi


def look_angles(target_me_km: FloatArray, sites: SiteGeometry) -> tuple[FloatArray, FloatArray]:
    """Elevation (rad; −π/2 where out of view) and the margin of its sine over the sine of
    the mask/skyline (≥ 0 in view), each ``(sites, n)``."""
    target = np.ascontiguousarray(target_me_km, dtype=np.float64)
    n_sites = sites.position_km.shape[0]
    elevation = np.empty((n_sites, target.shape[0]))
    margin = np.empty((n_sites, target.shape[0]))
    _look(target, sites.position_km, sites.basis, sites.skyline_rad, elevation, margin)
    return elevation, margin


@numba.njit(cache=True, parallel=True)
def _clear_of_moon(a: FloatArray, b: FloatArray, radius: float, out: NDArray[np.bool_]) -> None:
    for k in numba.prange(a.shape[0]):
        dx, dy, dz = b[k, 0] - a[k, 0], b[k, 1] - a[k, 1], b[k, 2] - a[k, 2]
        length2 = dx * dx + dy * dy + dz * dz
        # Closest point of the segment a→b to the Moon's centre (the origin).
        s = -(a[k, 0] * dx + a[k, 1] * dy + a[k, 2] * dz) / length2
        s = min(max(s, 0.0), 1.0)
        px, py, pz = a[k, 0] + s * dx, a[k, 1] + s * dy, a[k, 2] + s * dz
        out[k] = px * px + py * py + pz * pz >= radius * radius


def line_of_sight(
    a_km: FloatArray, b_km: FloatArray, radius_km: float = MOON_RADIUS_KM
) -> BoolArray:
    """True where the segment between Moon-centred points a and b (``(n, 3)``) clears the Moon."""
    out = np.empty(len(a_km), dtype=np.bool_)
    _clear_of_moon(
        np.ascontiguousarray(a_km, dtype=np.float64), np.ascontiguousarray(b_km, dtype=np.float64),
        float(radius_km), out,
    )  # fmt: skip
    return out


@numba.njit(cache=True, parallel=True)
def _scan(
    tdb: FloatArray, positions: FloatArray, elements: FloatArray, to_icrf: FloatArray,
    to_me: FloatArray, earth: FloatArray, active: NDArray[np.bool_],
    site_position: FloatArray, basis: FloatArray, skyline: FloatArray,
    visible: NDArray[np.bool_], elevation: FloatArray, usable: NDArray[np.bool_],
) -> None:  # fmt: skip
    """One relay over one chunk, fused: its position (from mean elements when
    ``elements`` is given, else ``positions``), its line of sight to the Earth (when
    ``earth`` has rows), the rotation to ME (``to_me`` ``(n, 3, 3)``, shared by every
    relay of the chunk: :func:`me_matrices`) and the look from every site.
    Out: ``visible``/``elevation`` ``(sites, n)`` (the *sine* of the elevation, −1 out of
    view: the arcsine is taken on each window's maximum only) and ``usable`` ``(n,)``
    (in service and seeing the Earth)."""
    n_sites, bins = site_position.shape[0], skyline.shape[1]
    step = 2.0 * np.pi / bins
    flat = np.empty(n_sites, dtype=np.bool_)
    for s in range(n_sites):
        flat[s] = np.all(skyline[s] == skyline[s, 0])
    from_elements = elements.size > 0
    need_earth = earth.shape[0] > 0
    n = tdb.size
    blocks = (n + SCAN_BLOCK - 1) // SCAN_BLOCK
    for b in numba.prange(blocks):
        # Each block in order: Kepler's equation starts from the previous epoch's root.
        state = np.full(3, np.nan)
        for k in range(b * SCAN_BLOCK, min(n, (b + 1) * SCAN_BLOCK)):
            _scan_one(k, tdb, positions, elements, to_icrf, to_me, earth, active,
                      site_position, basis, skyline, flat, step, bins, from_elements,
                      need_earth, state, visible, elevation, usable)  # fmt: skip


@numba.njit(cache=True, inline="always")
def _scan_one(
    k: int, tdb: FloatArray, positions: FloatArray, elements: FloatArray,
    to_icrf: FloatArray, to_me: FloatArray, earth: FloatArray, active: NDArray[np.bool_],
    site_position: FloatArray, basis: FloatArray, skyline: FloatArray,
    flat: NDArray[np.bool_], step: float, bins: int, from_elements: bool, need_earth: bool,
    state: FloatArray, visible: NDArray[np.bool_], elevation: FloatArray,
    usable: NDArray[np.bool_],
) -> None:  # fmt: skip
    n_sites = site_position.shape[0]
    for s in range(n_sites):
        visible[s, k] = False
        elevation[s, k] = -1.0
    usable[k] = False
    if not active[k]:
        return
    if from_elements:
        x, y, z = kepler_position_warm(tdb[k], elements, to_icrf, state)
    else:
        x, y, z = positions[k, 0], positions[k, 1], positions[k, 2]
    if need_earth:
        dx, dy, dz = earth[k, 0] - x, earth[k, 1] - y, earth[k, 2] - z
        f = -(x * dx + y * dy + z * dz) / (dx * dx + dy * dy + dz * dz)
        f = min(max(f, 0.0), 1.0)
        px, py, pz = x + f * dx, y + f * dy, z + f * dz
        if px * px + py * py + pz * pz < MOON_RADIUS_KM * MOON_RADIUS_KM:
            return
    usable[k] = True
    mx = to_me[k, 0, 0] * x + to_me[k, 0, 1] * y + to_me[k, 0, 2] * z
    my = to_me[k, 1, 0] * x + to_me[k, 1, 1] * y + to_me[k, 1, 2] * z
    mz = to_me[k, 2, 0] * x + to_me[k, 2, 1] * y + to_me[k, 2, 2] * z
    for s in range(n_sites):
        vx = mx - site_position[s, 0]
        vy = my - site_position[s, 1]
        vz = mz - site_position[s, 2]
        sine, threshold = _sines(s, vx, vy, vz, basis, skyline, flat[s], step, bins)
        if sine >= threshold:
            visible[s, k] = True
            elevation[s, k] = sine


@numba.njit(cache=True, parallel=True)
def _me_matrices(angles: FloatArray, pa_me: FloatArray, out: FloatArray) -> None:
    for k in numba.prange(angles.shape[0]):
        # ICRF → PA is R3(ψ) R1(θ) R3(φ) (orbits/frames.py), then the constant PA → ME.
        cf, sf = np.cos(angles[k, 0]), np.sin(angles[k, 0])
        ct, st = np.cos(angles[k, 1]), np.sin(angles[k, 1])
        cp, sp = np.cos(angles[k, 2]), np.sin(angles[k, 2])
        r00, r01, r02 = cp * cf - sp * ct * sf, cp * sf + sp * ct * cf, sp * st
        r10, r11, r12 = -sp * cf - cp * ct * sf, -sp * sf + cp * ct * cf, cp * st
        r20, r21, r22 = st * sf, -st * cf, ct
        for i in range(3):
            out[k, i, 0] = pa_me[i, 0] * r00 + pa_me[i, 1] * r10 + pa_me[i, 2] * r20
            out[k, i, 1] = pa_me[i, 0] * r01 + pa_me[i, 1] * r11 + pa_me[i, 2] * r21
            out[k, i, 2] = pa_me[i, 0] * r02 + pa_me[i, 1] * r12 + pa_me[i, 2] * r22


def me_matrices(angles: FloatArray, pa_me: FloatArray) -> FloatArray:
    """ICRF → ME rotation matrices ``(n, 3, 3)`` from libration angles (φ, θ, ψ) ``(n, 3)``
    and the constant PA → ME matrix."""
    out = np.empty((angles.shape[0], 3, 3))
    _me_matrices(np.ascontiguousarray(angles, dtype=np.float64), np.ascontiguousarray(pa_me), out)
    return out


def scan_chunk(
    tdb_s: FloatArray, active: BoolArray, to_me: FloatArray,
    sites: SiteGeometry, earth_km: FloatArray | None, *,
    elements: FloatArray | None = None, to_icrf: FloatArray | None = None,
    positions_km: FloatArray | None = None,
) -> tuple[BoolArray, FloatArray, BoolArray]:  # fmt: skip
    """Visibility ``(sites, n)``, sine of the elevation (−1 out of view) and the in-service
    epochs with the Earth in view ``(n,)`` of one relay over one chunk (:func:`_scan`).

    The relay is given by its mean elements (``elements`` of
    :meth:`~lunarstation.orbits.twobody.kepler.MeanElements.as_array` and the 3×3
    ``to_icrf``) or by its ICRF positions ``(n, 3)`` km."""
    n, n_sites = tdb_s.size, sites.position_km.shape[0]
    visible = np.empty((n_sites, n), dtype=np.bool_)
    elevation = np.empty((n_sites, n))
    usable = np.empty(n, dtype=np.bool_)
    none = np.zeros((0, 3))
    _scan(
        np.ascontiguousarray(tdb_s, dtype=np.float64),
        none if positions_km is None else np.ascontiguousarray(positions_km, dtype=np.float64),
        np.zeros(0) if elements is None else np.ascontiguousarray(elements, dtype=np.float64),
        np.eye(3) if to_icrf is None else np.ascontiguousarray(to_icrf, dtype=np.float64),
        to_me,
        none if earth_km is None else np.ascontiguousarray(earth_km, dtype=np.float64),
        np.ascontiguousarray(active, dtype=np.bool_), sites.position_km, sites.basis,
        sites.skyline_rad, visible, elevation, usable,
    )  # fmt: skip
    return visible, elevation, usable


@dataclass(frozen=True)
class Windows:
    """Contact windows of one site and one satellite: epoch indices and maximum elevation.

    ``start[i]`` is the first epoch in view, ``stop[i]`` the first epoch after it (so a
    window lasts ``(stop − start) × step``); ``max_elevation_rad[i]`` its highest elevation.
    """

    start: NDArray[np.int64]
    stop: NDArray[np.int64]
    max_elevation_rad: FloatArray

    @classmethod
    def empty(cls) -> Windows:
        """No window."""
        return cls(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))

    @classmethod
    def of(
        cls, visible: BoolArray, elevation_rad: FloatArray, offset: int = 0, *, sine: bool = False
    ) -> Windows:
        """The runs of True in ``visible``, epochs numbered from ``offset``.

        ``sine``: ``elevation_rad`` holds sines of the elevation (the arcsine of each
        window's maximum is taken here)."""
        mask = np.asarray(visible, dtype=bool)
        edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
        start = np.flatnonzero(edges == 1).astype(np.int64)
        stop = np.flatnonzero(edges == -1).astype(np.int64)
        peak = _run_max(np.ascontiguousarray(elevation_rad, dtype=np.float64), start, stop)
        if sine:
            peak = np.arcsin(np.clip(peak, -1.0, 1.0))
        return cls(start + offset, stop + offset, peak)

    def join(self, other: Windows) -> Windows:
        """These windows followed by ``other``'s (a later chunk); a window that runs across
        the boundary becomes one."""
        if self.start.size and other.start.size and self.stop[-1] == other.start[0]:
            merged = max(self.max_elevation_rad[-1], other.max_elevation_rad[0])
            return Windows(
                np.concatenate([self.start, other.start[1:]]),
                np.concatenate([self.stop[:-1], other.stop]),
                np.concatenate(
                    [self.max_elevation_rad[:-1], [merged], other.max_elevation_rad[1:]]
                ),
            )
        return Windows(
            np.concatenate([self.start, other.start]),
            np.concatenate([self.stop, other.stop]),
            np.concatenate([self.max_elevation_rad, other.max_elevation_rad]),
        )

    def covered_epochs(self) -> int:
        """Epochs in view."""
        return int(np.sum(self.stop - self.start))


@numba.njit(cache=True)
def _run_max(values: FloatArray, start: NDArray[np.int64], stop: NDArray[np.int64]) -> FloatArray:
    out = np.empty(start.size)
    for i in range(start.size):
        best = -np.inf
        for k in range(start[i], stop[i]):
            best = max(best, values[k])
        out[i] = best
    return out


__all__ = [
    "MOON_RADIUS_KM",
    "SKYLINE_BINS",
    "SiteGeometry",
    "Windows",
    "line_of_sight",
    "look_angles",
    "me_matrices",
    "scan_chunk",
]
