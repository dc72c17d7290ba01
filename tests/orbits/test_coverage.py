"""Coverage of a south-polar site by equatorial and polar orbits: what geometry says.

A site at the pole (radius R = 1737.4 km) sees a satellite at radius r above an
elevation mask ε while the satellite is within the central angle
γ = arccos(R cos ε / r) − ε of the zenith (spherical Moon, no terrain). A circular
polar orbit passes over the pole every revolution, so the share of time in view is γ/π
whatever the Moon's rotation: 100 km altitude (r = 1838 km), ε = 5°: γ = 14.67°,
share 8.15 % (computed by hand). An equatorial orbit is never more than 90° − 0° from
the pole's horizon and never rises: share 0. A skyline of 20° in every direction hides
the 100 km polar orbit's passes below γ(20°) = arccos(R cos 20°/r) − 20° = 7.30°.
Tolerance 0.3 percentage points (10 s sampling over a day: ±1 sample per edge).
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from lunarstation.orbits.coverage import SKYLINE_BINS, SiteGeometry
from lunarstation.orbits.segment import Relay, scan_relays
from lunarstation.orbits.trajectory import tdb_of, trajectory_of
from lunarstation.scenario import Orbit

EPOCH = datetime(2030, 1, 1, tzinfo=UTC)


def share(inclination_deg: float, skyline_deg: float = 0.0, mask_deg: float = 5.0) -> float:
    orbit = Orbit.model_validate(
        {
            "id": "o",
            "name": "o",
            "kind": "llo",
            "altitude_km": 100,
            "inclination_deg": inclination_deg,
        }
    )
    trajectory = trajectory_of(orbit, EPOCH)
    times = tdb_of(EPOCH) + np.arange(0.0, 86400.0, 10.0)
    sites = SiteGeometry.of(
        np.array([-90.0]), np.array([0.0]), np.array([1737.4]),
        np.full((1, SKYLINE_BINS), skyline_deg), mask_deg,
    )  # fmt: skip
    always = Relay("o", trajectory, lambda t: np.ones(t.size, dtype=bool))
    scan = scan_relays(sites, ["pole"], [always], times, need_earth=False)
    return scan["o"].windows["pole"].covered_epochs() / times.size


def visible_arc(mask_deg: float) -> float:
    eps = np.radians(mask_deg)
    return float(np.arccos(1737.4 * np.cos(eps) / 1838.0) - eps)


def test_a_polar_orbit_covers_the_pole_as_the_visibility_cone_says() -> None:
    assert visible_arc(5.0) / np.pi == pytest.approx(0.0815, abs=1e-4)
    assert share(90.0) == pytest.approx(visible_arc(5.0) / np.pi, abs=0.003)


def test_an_equatorial_orbit_never_rises_over_the_pole() -> None:
    assert share(0.0) == 0.0


def test_the_skyline_raises_the_mask() -> None:
    assert share(90.0, skyline_deg=20.0) == pytest.approx(visible_arc(20.0) / np.pi, abs=0.003)
    assert share(90.0, skyline_deg=20.0) < share(90.0)
