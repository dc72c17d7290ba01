"""Relay coverage at scale: 4 south-polar sites × 3 relays over 20 years at 1-minute steps
(10.5 million epochs per relay), chunked (``benchmarks/README.md``, Orbits: coverage).

Relays: a Queqiao-2-like 24-h frozen ELFO (200 × 16,000 km, 62.4°, ω = 90°), the same
orbit with its node 120° on, and a 100 km polar LLO. Per chunk: DE421 librations and the
ICRF → ME matrices once; per relay one fused compiled kernel (orbits/coverage.py
``scan_chunk``): the mean-element position (J2 secular drift, Kepler by a warm-started
Halley iteration), the line of sight to the Earth, the rotation to ME and the look from
the four sites against a 5° mask, with no temporaries. Prints wall and CPU time and the
load average (the box is shared).
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime

import numpy as np

from lunarstation.orbits.coverage import SKYLINE_BINS, SiteGeometry
from lunarstation.orbits.segment import Relay, scan_relays
from lunarstation.orbits.trajectory import tdb_of, trajectory_of
from lunarstation.scenario import Orbit

YEARS = 20
STEP_S = 60.0
SITES = {  # lat, lon (east), as in ilrs-reference.yaml
    "connecting-ridge": (-89.45, 222.7),
    "shackleton-rim": (-89.9, 0.0),
    "de-gerlache-rim": (-88.7, 291.0),
    "malapert": (-85.99, 2.93),
}


def relays(epoch: datetime) -> list[Relay]:
    specs = [
        {"kind": "elfo", "periapsis_altitude_km": 200, "apoapsis_altitude_km": 16000,
         "inclination_deg": 62.4, "arg_periapsis_deg": 90, "frozen": True},
        {"kind": "elfo", "periapsis_altitude_km": 200, "apoapsis_altitude_km": 16000,
         "inclination_deg": 62.4, "arg_periapsis_deg": 90, "raan_deg": 120, "frozen": True},
        {"kind": "llo", "altitude_km": 100, "inclination_deg": 90},
    ]  # fmt: skip
    out = []
    for index, spec in enumerate(specs):
        orbit = Orbit.model_validate({"id": f"r{index}", "name": f"Relay {index}", **spec})
        out.append(Relay(orbit.id, trajectory_of(orbit, epoch), lambda t: np.ones(t.size, bool)))
    return out


def main() -> None:
    epoch = datetime(2028, 1, 1, tzinfo=UTC)
    start = tdb_of(epoch)
    tdb = start + STEP_S * np.arange(int(YEARS * 365.25 * 86400 / STEP_S))
    lat = np.array([v[0] for v in SITES.values()])
    lon = np.array([v[1] for v in SITES.values()])
    sites = SiteGeometry.of(lat, lon, np.full(4, 1737.4), np.zeros((4, SKYLINE_BINS)), 5.0)
    chosen = relays(epoch)
    scan_relays(sites, list(SITES), chosen, tdb[:1000])  # compile
    load = os.getloadavg()[0]
    began, cpu = time.perf_counter(), time.process_time()
    result = scan_relays(sites, list(SITES), chosen, tdb)
    elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
    print(f"coverage: {len(SITES)} sites × {len(chosen)} relays × {tdb.size:,} epochs "
          f"(20 years at 1 min): {elapsed:.1f} s wall, {cpu:.1f} s CPU, "
          f"load average {load:.1f} before")  # fmt: skip
    for relay in chosen:
        shares = {
            s: w.covered_epochs() / tdb.size for s, w in result[relay.element].windows.items()
        }
        print(f"  {relay.element}: " + ", ".join(f"{s} {100 * v:.1f} %" for s, v in shares.items()))


if __name__ == "__main__":
    main()
