"""Loading a scenario with every engine's static checks: what ``validate`` passes, a run takes.

The scenario loader knows no engine; each engine that can refuse input before running
offers a *check*, a function ``(Scenario) -> Iterable[(path, message)]`` (the path in the
merged scenario document), and the loader reports what the checks return like its own
errors, with file, line, column and field. :func:`load_scenario` is the loader with
every such check (:data:`STATIC_CHECKS`); the command line and the top-level
``lunarstation.load_scenario`` use it. :func:`loads_scenario` is the same for YAML text
(an upload to a server).

>>> from lunarstation.validation import load_scenario
>>> load_scenario("minimal").name
'minimal'
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from lunarstation.interop.checks import standards_check
from lunarstation.orbits.checks import orbits_check
from lunarstation.scenario import LoadLimits, Scenario, ScenarioCheck
from lunarstation.scenario import loader as scenario_loader

STATIC_CHECKS: tuple[ScenarioCheck, ...] = (standards_check, orbits_check)
"""Every engine's load-time checks: interop (port standards, interfaces, catalog additions)
and orbits (CR3BP family members, placements)."""


def load_scenario(
    *sources: str | Path,
    checks: Sequence[ScenarioCheck] = (),
    limits: LoadLimits | None = None,
) -> Scenario:
    """Load, overlay and validate scenario files or built-in names, with every static check.

    ``sources`` as for :func:`lunarstation.scenario.load_scenario` (none: ``ilrs-reference``;
    ``"-"``: standard input); ``limits`` bound what a file may hold (default
    :class:`~lunarstation.scenario.LoadLimits`); ``checks`` are your own, run after
    :data:`STATIC_CHECKS`.

    Raises:
        ScenarioError: with every problem found, each with file, line, column and field.
    """
    every = (*STATIC_CHECKS, *checks)
    return scenario_loader.load_scenario(*sources, checks=every, limits=limits or LoadLimits())


def loads_scenario(
    text: str,
    name: str = "<string>",
    *,
    checks: Sequence[ScenarioCheck] = (),
    limits: LoadLimits | None = None,
) -> Scenario:
    """Load a scenario from YAML text (one document), with every static check.

    ``checks`` and ``limits`` as for :func:`load_scenario`.

    Raises:
        ScenarioError: with every problem found, each with line, column and field.
    """
    every = (*STATIC_CHECKS, *checks)
    return scenario_loader.loads_scenario(text, name, checks=every, limits=limits or LoadLimits())
