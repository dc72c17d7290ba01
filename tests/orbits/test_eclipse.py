"""Eclipse durations of a circular LLO against the cylinder and cone, by hand.

Geometry (Montenbruck & Gill 2000, §3.4.2): a circular orbit of radius r with the Sun in
its plane. At orbit angle θ from the anti-Sun point, the Sun's direction and the Moon's
centre are θ apart as seen from the spacecraft, the Moon's apparent radius is
b = asin(R/r) and the Sun's a = asin(R☉/d☉). The spacecraft is in the umbra while
θ < b − a and in the shadow (penumbra or umbra) while θ < b + a, so per orbit

    umbra = T (b − a)/π,   shadow = T (b + a)/π,   cylinder = T b/π.

For a 100 km LLO (r = 1838 km, R = 1737.4 km, T = 7,070.9 s) and the Sun at 1 AU:
b = 70.956°, a = 0.2666°, cylinder 2,787.3 s, umbra 2,776.9 s, shadow 2,797.8 s.
Tolerance 0.5 s (1 s sampling, edges refined linearly).
"""

from __future__ import annotations

import numpy as np
import pytest

from lunarstation.constants import MOON_RADIUS_KM
from lunarstation.orbits.eclipse import SUN_RADIUS_KM, shadow, spans_inside
from lunarstation.orbits.twobody import GM_MOON_KM3_S2

AU_KM = 149_597_870.7


def test_llo_eclipse_matches_the_cylinder_and_cone() -> None:
    r = 1838.0
    period = 2 * np.pi * np.sqrt(r**3 / GM_MOON_KM3_S2)
    t = np.arange(0.0, period, 1.0)
    theta = 2 * np.pi * t / period + np.pi  # start at the subsolar point, in sunlight
    position = np.stack([-r * np.cos(theta), r * np.sin(theta), 0 * theta], axis=1)
    sun = np.broadcast_to(np.array([AU_KM, 0.0, 0.0]), position.shape)
    penumbra, umbra, lit = shadow(position, sun, np.zeros(3), MOON_RADIUS_KM)
    b = np.arcsin(MOON_RADIUS_KM / r)
    a = np.arcsin(SUN_RADIUS_KM / AU_KM)
    (shadow_s,) = spans_inside(t, penumbra).duration_s
    (umbra_s,) = spans_inside(t, umbra).duration_s
    assert b / np.pi * period == pytest.approx(2787.3, abs=0.1)  # the cylinder, by hand
    assert umbra_s == pytest.approx(period * (b - a) / np.pi, abs=0.5)
    assert umbra_s == pytest.approx(2776.9, abs=0.5)
    assert shadow_s == pytest.approx(period * (b + a) / np.pi, abs=0.5)
    assert lit.min() == 0.0
    assert lit.max() == 1.0
    # In the penumbra the lit share goes monotonically from 1 to 0.
    entering = (penumbra < 0) & (umbra > 0) & (np.sin(theta) < 0)
    assert np.all(np.diff(lit[entering]) <= 1e-12)


def test_no_eclipse_when_the_sun_is_over_the_pole_of_the_orbit() -> None:
    # β = 90°: a 100 km orbit seen face-on by the Sun is never shadowed.
    theta = np.linspace(0, 2 * np.pi, 1000)
    position = np.stack([1838 * np.cos(theta), 1838 * np.sin(theta), 0 * theta], axis=1)
    sun = np.broadcast_to(np.array([0.0, 0.0, AU_KM]), position.shape)
    penumbra, _, lit = shadow(position, sun, np.zeros(3), MOON_RADIUS_KM)
    assert np.all(penumbra > 0)
    assert np.all(lit == 1.0)
