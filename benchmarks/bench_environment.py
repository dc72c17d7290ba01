"""Environment engine benchmark: lunarstation against skyfield, many sites, DEM horizons/maps.

Run as ``python benchmarks/bench_environment.py`` (all sections) or with a section name
(``sun``, ``sites``, ``dem``). Each section runs in its own process so that its peak
memory (``ru_maxrss``) is its own. Figures go to benchmarks/README.md, "Environment".

* ``sun``: Sun elevation at Connecting Ridge (89.45°S, 222.7°E), 2030–2049 hourly
  (175,320 epochs), apparent place, against skyfield 1.55 with the same DE421 data and the
  same lunar rotation (libration angles → MOON_PA → MOON_ME, skyfield's own frame code),
  same process, same machine; best of 3 after a warm-up (JIT compile excluded, reported).
* ``sites``: Sun and Earth elevation for 1,000 sites × 175,320 epochs, reduced to lit and
  Earth-visible shares block by block.
* ``dem``: skylines at 1° for every pixel of a 1,000 × 1,000 synthetic polar DEM (20 m
  pixels, random craters) fused with its one-year Sun lit-share map (6-h steps).
"""

from __future__ import annotations

import io
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from lunarstation.environment.dem import Dem
from lunarstation.environment.maps import visible_share_map
from lunarstation.environment.sites import Site, sky_blocks
from lunarstation.timegrid import time_grid

RIDGE = (-89.45, 222.7)
TF = rb"""KPL/FK
\begindata
FRAME_MOON_PA_DE421 = 31006
FRAME_31006_CENTER = 301
FRAME_MOON_ME_DE421 = 31007
FRAME_31007_CENTER = 301
TKFRAME_31007_SPEC = 'ANGLES'
TKFRAME_31007_RELATIVE = 'MOON_PA_DE421'
TKFRAME_31007_ANGLES = ( 67.92 78.56 0.30 )
TKFRAME_31007_AXES = ( 3, 2, 1 )
TKFRAME_31007_UNITS = 'ARCSECONDS'
\begintext
"""


def peak_mb() -> float:
    """Peak resident memory of this process, MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def best_of(runs: int, job: Any) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        began = time.perf_counter()
        result = job()
        times.append(time.perf_counter() - began)
    return min(times), result


class _Librations:
    """DE421 libration angles as a skyfield PCK segment (rates in rad/s, like jplephem.pck)."""

    frame = 1

    def compute(self, tdb: Any, tdb2: Any = 0.0, derivative: bool = False) -> Any:
        import de421
        from jplephem.ephem import Ephemeris

        when = np.atleast_1d(np.asarray(tdb, dtype=float) + tdb2)
        angles, rates = Ephemeris(de421).position_and_velocity("librations", when)
        return (angles, rates / 86_400.0) if derivative else angles


def bench_sun() -> None:
    import skyfield_data
    from skyfield.api import Loader
    from skyfield.planetarylib import PlanetaryConstants

    grid = time_grid("2030-01-01", "2049-12-31T23:00", "1h")
    site = Site(*RIDGE)
    began = time.perf_counter()
    site.sun(grid)  # first call: JIT compile (or cache load) and table loading
    first_s = time.perf_counter() - began
    ours_s, ours = best_of(3, lambda: site.sun(grid).elevation_deg)

    loader = Loader(str(Path(skyfield_data.__file__).parent / "data"), verbose=False)
    planets, ts = loader("de421.bsp"), loader.timescale(builtin=True)
    constants = PlanetaryConstants()
    constants.read_text(io.BytesIO(TF))
    constants.variables["BODY301_RADII"] = [1737.4] * 3
    frame = constants.build_frame(31007, _segment=_Librations())
    observer = planets["moon"] + constants.build_latlon_degrees(frame, *RIDGE)
    days = (grid.utc - grid.utc[0]).astype("timedelta64[s]").astype(np.float64) / 86_400.0
    t = ts.utc(2030, 1, 1 + days)

    def skyfield_sun() -> Any:
        return observer.at(t).observe(planets["sun"]).apparent().altaz()[0].degrees

    skyfield_sun()
    theirs_s, theirs = best_of(3, skyfield_sun)
    planets.close()
    diff_arcsec = np.abs(ours - theirs).max() * 3600.0
    print(f"sun: {len(grid):,} epochs, one site, apparent Sun elevation")
    print(f"  lunarstation   {ours_s * 1e3:8.1f} ms  (first call incl. JIT/cache {first_s:.2f} s)")
    print(f"  skyfield 1.55  {theirs_s * 1e3:8.1f} ms")
    print(
        f"  ratio          {theirs_s / ours_s:8.1f} x faster; max |difference| {diff_arcsec:.1e} arcsec"
    )
    print(f"  peak memory    {peak_mb():8.0f} MB")


def bench_sites() -> None:
    grid = time_grid("2030-01-01", "2049-12-31T23:00", "1h")
    rng = np.random.default_rng(421)
    sites = [Site(float(la), float(lo)) for la, lo in zip(rng.uniform(-90, -80, 1000),
                                                          rng.uniform(0, 360, 1000), strict=True)]  # fmt: skip
    list(sky_blocks(sites[:2], time_grid("2030-01-01", "2030-01-02", "1h")))  # warm-up
    began = time.perf_counter()
    lit, earth = np.empty(len(sites)), np.empty(len(sites))
    for part, sun_el, earth_el in sky_blocks(sites, grid, sites_per_block=20):
        lit[part] = np.mean(sun_el > 0.0, axis=1)
        earth[part] = np.mean(earth_el > 0.0, axis=1)
    elapsed = time.perf_counter() - began
    print(f"sites: 1,000 sites x {len(grid):,} epochs (Sun + Earth elevation, shares)")
    print(f"  time           {elapsed:8.2f} s   ({elapsed / len(sites) * 1e3:.1f} ms per site)")
    print(f"  peak memory    {peak_mb():8.0f} MB; mean lit share {lit.mean():.3f}")


def synthetic_dem(pixels: int = 1000, pixel_m: float = 20.0) -> Dem:
    """Rolling terrain with 60 random bowl craters near the south pole (heights in m)."""
    rng = np.random.default_rng(2030)
    half = pixels * pixel_m / 2.0
    axis = -half + (np.arange(pixels) + 0.5) * pixel_m
    xx, yy = np.meshgrid(axis, -axis)
    heights = 300.0 * np.sin(xx / 3_100.0) * np.cos(yy / 2_300.0)
    for cx, cy, radius in zip(rng.uniform(-half, half, 60), rng.uniform(-half, half, 60),
                              rng.uniform(200.0, 3_000.0, 60), strict=True):  # fmt: skip
        r = np.hypot(xx - cx, yy - cy) / radius
        heights += np.where(
            r < 1.0, -0.2 * radius * (1.0 - r**2), 0.04 * radius * np.exp(-8 * (r - 1.0) ** 2)
        )
    return Dem(heights, -half, half, pixel_m)


def bench_dem() -> None:
    dem = synthetic_dem()
    grid = time_grid("2030-01-01", "2030-12-31T18:00", "6h")
    visible_share_map(synthetic_dem(20, 1000.0), grid)  # compile the kernels
    began, done = time.perf_counter(), []
    share = visible_share_map(dem, grid, progress=lambda d, t: done.append(d))
    elapsed = time.perf_counter() - began
    print(f"dem: {dem.shape[0]} x {dem.shape[1]} pixels at {dem.pixel_m:g} m, skylines at 1 deg "
          f"(360 rays per pixel) + one-year Sun share at 6 h ({len(grid):,} epochs)")  # fmt: skip
    print(f"  time           {elapsed:8.1f} s   ({elapsed / share.size * 1e6:.0f} us per pixel)")
    print(f"  peak memory    {peak_mb():8.0f} MB; lit share median {np.nanmedian(share):.3f}")


SECTIONS = {"sun": bench_sun, "sites": bench_sites, "dem": bench_dem}


def main() -> int:
    if len(sys.argv) > 1:
        SECTIONS[sys.argv[1]]()
        return 0
    failures = 0
    for name in SECTIONS:
        failures += subprocess.run([sys.executable, __file__, name], check=False).returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
