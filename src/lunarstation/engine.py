"""The contract every engine follows, so that ``simulate`` can wire engines it does not know.

An engine is a pure function of the scenario and of the results of the engines
it declares in ``requires``: ``run(scenario, inputs) -> EngineResult``. It reads
no files, no clock and no global state, which is what lets Monte Carlo studies
rerun it thousands of times in parallel.

An :class:`EngineResult` hands back three things the outside layers (CLI, report,
store, API) know how to show without knowing the engine:

* ``summary``: a JSON-ready mapping that becomes ``summary.json[<engine name>]``;
* ``tables``: named pandas DataFrames (time series with a UTC index, or plain
  tables) written as ``<name>.csv``;
* ``findings``: :class:`~lunarstation.findings.Finding` objects;
* ``highlights``: a few sentences for the printed run summary.

``summary`` keys of all engines are merged into the top level of
``summary.json``, so each engine uses keys no other engine uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from lunarstation.findings import Finding

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class EngineResult:
    """What one engine produced for one scenario.

    ``data`` holds engine-specific objects for downstream engines (arrays,
    schedules); it is not serialised.
    """

    engine: str
    summary: Mapping[str, Any] = field(default_factory=dict)
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()
    data: Mapping[str, Any] = field(default_factory=dict)
    highlights: tuple[str, ...] = ()
    """One-line statements for the run summary, e.g. 'ridge: Sun 89.1 % of the time'."""


class Engine(Protocol):
    """What ``simulate`` needs of an engine."""

    name: str
    requires: tuple[str, ...]

    def run(self, scenario: Any, inputs: Mapping[str, EngineResult]) -> EngineResult:
        """Compute this engine's result from the scenario and its declared inputs."""
        ...
