"""Load-time checks of a scenario's orbital segment (``lunarstation.validation.STATIC_CHECKS``).

:func:`orbits_check` returns ``(path, message)`` pairs that the loader reports with file,
line and field, so ``validate`` refuses what ``run`` would:

* a CR3BP orbit whose family has no member with its ``resonance`` or ``period_days``
  (the solver is asked: ``orbits[2].resonance: no NRHO with resonance 1:1 ...``);
* a placement naming an element or an orbit the scenario does not have.
"""

from __future__ import annotations

from lunarstation.errors import LunarstationError
from lunarstation.orbits.cr3bp_link import periodic_orbit
from lunarstation.scenario import Scenario
from lunarstation.scenario.messages import Problem, did_you_mean


def orbits_check(scenario: Scenario) -> list[Problem]:
    """Every problem of the scenario's orbits and placements that needs no run."""
    found: list[Problem] = []
    for index, orbit in enumerate(scenario.orbits):
        if not orbit.is_cr3bp or orbit.state is not None:
            continue
        field = "resonance" if orbit.resonance is not None else "period_days"
        try:
            periodic_orbit(orbit)
        except LunarstationError as error:
            found.append((("orbits", index, field), str(error)))
    for index, placement in enumerate(scenario.placements):
        for field, collection, what in (
            ("element", "elements", "element"),
            ("orbit", "orbits", "orbit"),
        ):
            value = getattr(placement, field)
            known = scenario.by_id[collection]
            if value not in known:
                found.append((("placements", index, field),
                              f"unknown {what} {value!r}; {did_you_mean(value, known)}"))  # fmt: skip
    return found


__all__ = ["orbits_check"]
