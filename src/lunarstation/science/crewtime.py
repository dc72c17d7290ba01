"""Research crew time: what a crew can give to experiments, per week and per day.

``research = crew × programme_h_per_day × workdays_per_week − upkeep`` crew-hours per
week, never below 0, with ``upkeep = upkeep_h_per_week + upkeep_h_per_element_week ×
elements``. The programme hours are D. Pettit's "about 6.5 h of mission programme work"
in a 13–14 h day (Senate testimony, 2012) over the ISS's five-day working week ("Life
aboard"): 32.5 h per crew member per week. The upkeep is the station's own claim on that
time (systems, maintenance, stowage), which does not shrink with the crew.

An ISS-like segment (upkeep 70 h/week; shared/reference/science.md §3): its 3 crew give
3 × 32.5 − 70 = 27.5 h/week, within NASA's 26.13 h/week average and 35 h/week goal for
the US segment of the six-crew era; the figure implied by each published case is
3 × 32.5 − 35 = 62.5 (goal), 71.4 (average) and, for the three-crew era's whole station
at 20 h/week (NRC 2003), 77.5 — the 70 h/week chosen is their middle (ENGINEERING
ESTIMATE; tests/science/test_crewtime.py states the tolerance). A lunar station's upkeep
is not known; the default counts the station engine's 0.5 h per element per crewed day.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

ISS_SEGMENT_UPKEEP_H_PER_WEEK = 70.0
"""Upkeep of an ISS-like segment, crew-hours per week (module docstring)."""


def research_hours_per_week(
    crew: float | FloatArray,
    *,
    programme_h_per_day: float = 6.5,
    workdays_per_week: float = 5.0,
    upkeep_h_per_week: float | FloatArray = 0.0,
) -> FloatArray:
    """Research crew-hours per week for a crew (people), ≥ 0."""
    hours = np.asarray(crew, dtype=float) * programme_h_per_day * workdays_per_week
    result: FloatArray = np.clip(hours - np.asarray(upkeep_h_per_week, dtype=float), 0.0, None)
    return result


def daily_budget_h(
    crew: FloatArray,
    elements: FloatArray,
    *,
    programme_h_per_day: float,
    workdays_per_week: float,
    upkeep_h_per_week: float,
    upkeep_h_per_element_week: float,
) -> FloatArray:
    """(D,) research crew-hours per day from hourly crew aboard and elements in service.

    ``crew``, ``elements``: (T,) hourly; a day's budget is a seventh of the weekly figure
    for the day's mean crew, counted only on days with crew aboard.
    """
    days = -(-crew.size // 24)
    padded = np.zeros(days * 24)
    padded[: crew.size] = crew
    mean_crew = padded.reshape(days, 24).mean(axis=1)
    padded[: elements.size] = elements
    mean_elements = padded.reshape(days, 24).max(axis=1)
    upkeep = upkeep_h_per_week + upkeep_h_per_element_week * mean_elements
    weekly = research_hours_per_week(
        mean_crew,
        programme_h_per_day=programme_h_per_day,
        workdays_per_week=workdays_per_week,
        upkeep_h_per_week=upkeep,
    )
    result: FloatArray = np.where(mean_crew > 0, weekly / 7.0, 0.0)
    return result


__all__ = ["ISS_SEGMENT_UPKEEP_H_PER_WEEK", "daily_budget_h", "research_hours_per_week"]
