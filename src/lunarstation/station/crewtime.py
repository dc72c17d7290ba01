"""Crew time: the programme hours a crew gives, and what the station's upkeep takes of it.

Per week, in crew-hours (:class:`~lunarstation.scenario.science.CrewTimeModel` holds
the parameters):

* programme = crew × ``programme_h_per_day`` × ``workdays_per_week``: D. Pettit's "about
  6.5 h of mission programme work" in a 13–14 h day (Senate testimony, 2012) over the
  ISS's five-day working week ("Life aboard"), 32.5 h per crew member;
* upkeep = ``upkeep_h_per_week`` + ``upkeep_h_per_element_week`` × elements in service:
  the station's own claim on that time (systems, maintenance, stowage), which does not
  shrink with the crew — so each crew member added goes wholly to research ("more hands
  make light work", NASA 2020);
* research = programme − upkeep, never below 0.

The upkeep per element, :data:`ISS_UPKEEP_H_PER_ELEMENT_WEEK` = 6.5 h/week, is the ISS
US segment's: NASA said a fourth USOS crew member "effectively doubles the amount of time
we have available for research" (J. Buchli, 2020), which with a fixed upkeep means it
equals two crew members' programme time (:func:`upkeep_from_doubling`: 65 h/week) over
the segment's ten pressurised modules. tests/station/test_crewtime.py checks it against
figures from other eras and sources (six-crew US segment, the three-person crews of
2008–09, Expedition 7). The station engine's CREW_TIME_SHORT and the science scheduler's
daily budgets both use this model.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from lunarstation.constants import DAY_S
from lunarstation.scenario.science import CrewTimeModel
from lunarstation.station.build import SiteArrays

FloatArray = NDArray[np.float64]
DAYS_PER_WEEK = 7.0


def upkeep_from_doubling(crew_before: int, programme_h_per_week: float) -> float:
    """The fixed upkeep, crew-hours per week, at which one more crew member doubles the
    research time of ``crew_before``: ``(n+1)p − U = 2(np − U)`` gives ``U = (n−1)p``."""
    return (crew_before - 1) * programme_h_per_week


ISS_USOS_PRESSURISED_MODULES = 10
"""The US segment's pressurised modules in the six-crew era: Unity, Destiny, Quest,
Harmony, Tranquility, Columbus, Kibō PM, Kibō ELM-PS, Cupola, Leonardo PMM (BEAM, an
expandable demonstrator used as a closet since 2016, is not counted)."""
ISS_USOS_UPKEEP_H_PER_WEEK = upkeep_from_doubling(3, 6.5 * 5.0)
"""Upkeep of the ISS US segment, crew-hours per week: :func:`upkeep_from_doubling` of
three USOS crew at 32.5 h each: 65 h (module docstring)."""
ISS_UPKEEP_H_PER_ELEMENT_WEEK = ISS_USOS_UPKEEP_H_PER_WEEK / ISS_USOS_PRESSURISED_MODULES
"""6.5 crew-hours per pressurised element per week; the default of
``science.crew_time.upkeep_h_per_element_week``."""


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


def elements_in_service(arrays: SiteArrays) -> FloatArray:
    """(T,) how many of the site's elements with systems to keep (its power nodes:
    electrical or wired elements) are in service at each step. Passive elements (a
    pallet, a cargo container) ask no upkeep, as the ISS figure counts pressurised
    modules only."""
    count = np.zeros(len(arrays.utc))
    for node in arrays.nodes:
        count += np.asarray(node.live, dtype=float)
    return count


def daily_budget_h(crew: FloatArray, elements: FloatArray, model: CrewTimeModel) -> FloatArray:
    """(D,) research crew-hours per day on an hourly grid, from the crew aboard and the
    elements in service, (T,) each.

    A day's budget is a seventh of the weekly figure for the day's mean crew and its
    most elements in service, on days with crew aboard (0 on the others).
    """
    days = -(-crew.size // 24)
    padded = np.zeros(days * 24)
    padded[: crew.size] = crew
    mean_crew = padded.reshape(days, 24).mean(axis=1)
    padded[:] = 0.0
    padded[: elements.size] = elements
    most_elements = padded.reshape(days, 24).max(axis=1)
    upkeep = model.upkeep_h_per_week + model.upkeep_h_per_element_week * most_elements
    weekly = research_hours_per_week(
        mean_crew,
        programme_h_per_day=model.programme_h_per_day,
        workdays_per_week=model.workdays_per_week,
        upkeep_h_per_week=upkeep,
    )
    result: FloatArray = np.where(mean_crew > 0, weekly / DAYS_PER_WEEK, 0.0)
    return result


def crew_time(arrays: SiteArrays, model: CrewTimeModel) -> dict[str, float]:
    """Crew-hours over the run at one site, on any grid step: ``available_h`` the stays'
    programme time, ``demand_h`` the station's upkeep while crewed (elements in service
    then) plus what the experiments ask for (the CREW_TIME_SHORT check)."""
    week_share = arrays.step_s / (DAY_S * DAYS_PER_WEEK)
    programme = model.programme_h_per_day * model.workdays_per_week
    crewed = arrays.crew > 0
    upkeep = model.upkeep_h_per_week + model.upkeep_h_per_element_week * elements_in_service(arrays)
    return {
        "available_h": float(arrays.crew.sum() * programme * week_share),
        "demand_h": float(upkeep[crewed].sum() * week_share) + arrays.experiment_crew_h,
    }


__all__ = [
    "ISS_UPKEEP_H_PER_ELEMENT_WEEK",
    "ISS_USOS_PRESSURISED_MODULES",
    "ISS_USOS_UPKEEP_H_PER_WEEK",
    "crew_time",
    "daily_budget_h",
    "elements_in_service",
    "research_hours_per_week",
    "upkeep_from_doubling",
]
