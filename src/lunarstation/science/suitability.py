"""Suitability of each hour for a task: 0 where forbidden, graded where preferred.

In the manner of SPIKE's suitability functions (shared/reference/science.md §1): the score
of an hour is the product of one factor per condition. A required condition that fails
makes it 0, and the *binding reason* of that hour is kept — the first failing condition in
:data:`REASONS` order; a preferred condition that fails halves it; sunlight grades by the
visible share of the solar disk.

Conditions come from the housekeeping station run of the site (its sky, crew, relay and
Earth contact, heat and shedding), so the relay windows are the orbits engine's when it ran.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from lunarstation.scenario.missions import REQUIREMENT_KEYWORDS

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

MODULE_ABSENT = "module-absent"
REASONS: tuple[str, ...] = ("", MODULE_ABSENT, *REQUIREMENT_KEYWORDS)
"""Codes of the binding reason (index 0: not forbidden); ``crew`` also stands for fewer
crew aboard than the task needs at once."""
PREFERENCE_PENALTY = 0.5
"""Score factor where a preferred condition does not hold."""


@dataclass(frozen=True)
class SiteConditions:
    """A site's hourly conditions (length T) from the housekeeping station run."""

    sun_disk_fraction: FloatArray
    earth_visible: BoolArray
    relay_visible: BoolArray
    crew: FloatArray
    heat_ok: BoolArray
    """No radiator excess in the hour (thermal window)."""
    unshed: BoolArray
    """Nothing shed at the site in the hour."""

    def holds(self, keyword: str, crew_needed: int, located: BoolArray) -> BoolArray:
        """Where ``keyword`` (a requirement keyword) holds."""
        sunlit = self.sun_disk_fraction > 0
        table: dict[str, BoolArray] = {
            "sunlit": sunlit,
            "dark": ~sunlit,
            "permanent-shadow": np.full(sunlit.shape, not sunlit.any()),
            "earth-visible": self.earth_visible,
            "relay-contact": self.relay_visible,
            "earth-contact": self.earth_visible | self.relay_visible,
            "radio-quiet": ~self.earth_visible,
            "crew": self.crew >= max(crew_needed, 1),
            "thermal-window": self.heat_ok,
            "powered": located & self.unshed,
        }
        return table[keyword]


def suitability(
    conditions: SiteConditions,
    requires: tuple[str, ...],
    prefers: tuple[str, ...],
    crew_needed: int,
    located: BoolArray,
) -> tuple[NDArray[np.float32], NDArray[np.int8]]:
    """(score, reason) per hour: score 0–1; reason an index into :data:`REASONS`.

    ``located``: the task's module (or, without one, the site's crew host) is in service.
    A task that needs crew needs that many aboard whether or not it lists ``crew``.
    """
    steps = located.size
    score = np.ones(steps)
    reason = np.zeros(steps, dtype=np.int8)

    def forbid(mask: BoolArray, code: str) -> None:
        fresh = ~mask & (reason == 0)
        reason[fresh] = REASONS.index(code)
        score[~mask] = 0.0

    forbid(located, MODULE_ABSENT)
    needs = list(requires)
    if crew_needed > 0 and "crew" not in needs:
        needs.append("crew")
    for keyword in needs:
        forbid(conditions.holds(keyword, crew_needed, located), keyword)
    if "sunlit" in needs:
        score *= np.clip(conditions.sun_disk_fraction, 0.0, 1.0)
    for keyword in prefers:
        score *= np.where(conditions.holds(keyword, crew_needed, located), 1.0, PREFERENCE_PENALTY)
    return score.astype(np.float32), reason


__all__ = ["MODULE_ABSENT", "PREFERENCE_PENALTY", "REASONS", "SiteConditions",
           "suitability"]  # fmt: skip
