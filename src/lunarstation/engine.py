"""The contract every engine follows, so that ``simulate`` can wire engines it does not know.

An engine is a pure function of the scenario, the run context and the outputs of the
engines it declares: ``run(scenario, context, inputs) -> EngineResult``. It reads no
files, no clock and no global state, which is what lets Monte Carlo studies rerun it
thousands of times in parallel and reuse what does not change.

* ``requires``: engines that must run first; ``simulate`` refuses to run without them.
* ``uses``: engines whose output is consumed when they are part of the run (the
  station uses the orbits engine's relay coverage when it runs, the declared pattern
  otherwise).
* :class:`RunContext`: built once per run by ``simulate`` — the time grid (UTC and
  TDB), one seeded random generator per engine and the scenario's resolved options.
* :class:`EngineInputs`: the results of the declared engines; an engine asks for the
  typed *output* it consumes, ``inputs.require(EnvironmentOutput)``, never for another
  engine's summary.

An :class:`EngineResult` hands back:

* ``output``: a frozen dataclass of the engine's own for downstream engines (arrays in
  SI units, angles in radians); not serialised;
* ``summary``: a pydantic model, written as ``summary.json[<engine name>]``;
* ``tables``: small named tables (CSV), ``series``: long time series with ``time`` and
  ``site`` columns (Parquet); both named by the engine, written as ``<engine>_<name>``;
* ``findings`` and ``highlights`` (one-line statements for the printed summary).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, TypeVar

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from lunarstation.errors import LunarstationError
from lunarstation.findings import Finding
from lunarstation.timegrid import TimeGrid

if TYPE_CHECKING:
    from lunarstation.scenario import Scenario
    from lunarstation.scenario.options import ScenarioOptions

OutputT = TypeVar("OutputT")


class EngineWiringError(LunarstationError):
    """Engines cannot be wired: a required engine is missing, requirements form a cycle,
    an engine asks for an output it did not declare, or a given result does not fit."""


class SummaryModel(BaseModel):
    """Base of every engine's summary model: immutable, no undeclared keys, documented.

    Attribute docstrings become the descriptions of ``lunarstation schema --run-summary``.
    Times are aware UTC datetimes (written ``2031-02-06T00:00:00Z``); NaN and inf are
    written as null.
    """

    model_config = ConfigDict(
        frozen=True, extra="forbid", use_attribute_docstrings=True, ser_json_inf_nan="null"
    )


@dataclass(frozen=True)
class RunContext:
    """What every engine of one run shares: the time grid, seeds and the options.

    ``grid`` is the campaign grid (UTC ``datetime64[ns]`` and TDB seconds past J2000);
    ``utc`` the same instants as a tz-aware pandas index (for tables). ``seed`` is the
    scenario's ``simulation.seed``; :meth:`rng` derives each engine's generator from it.
    """

    grid: TimeGrid
    utc: pd.DatetimeIndex
    seed: int
    options: ScenarioOptions

    @property
    def step_s(self) -> float:
        """Grid spacing, s."""
        return self.grid.step_s

    def seed_sequence(self, engine: str) -> np.random.SeedSequence:
        """The engine's seed sequence: the scenario seed, spawned by the engine's *name*.

        Keyed by name rather than by position, so adding an engine to a run never
        changes another engine's draws.
        """
        digest = hashlib.sha256(engine.encode("utf-8")).digest()
        key = tuple(int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4))
        return np.random.SeedSequence(entropy=self.seed, spawn_key=key)

    def rng(self, engine: str) -> np.random.Generator:
        """A fresh generator for ``engine``: the same draws every time it is asked for."""
        return np.random.default_rng(self.seed_sequence(engine))


@dataclass(frozen=True)
class EngineResult:
    """What one engine produced for one scenario."""

    engine: str
    output: object = None
    """The typed data handed downstream (the engine's own frozen dataclass), or None."""
    summary: BaseModel | None = None
    """The engine's section of ``summary.json`` (a pydantic model; its schema is published)."""
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    """Small tables by local name (written as ``<engine>_<name>.csv``)."""
    series: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    """Long time series by local name, with ``time`` (UTC) and ``site`` columns (Parquet)."""
    findings: tuple[Finding, ...] = ()
    highlights: tuple[str, ...] = ()
    """One-line statements for the run summary, e.g. 'ridge: Sun 89.1 % of the time'."""
    digest: str = ""
    """Digest of what this result was computed from (set by ``simulate``): a given result
    is reused only when it matches the run's own digest for that engine."""


class EngineInputs:
    """The results of the engines an engine declared, looked up by the output type it reads.

    ``require(T)`` returns the one declared result whose output is a ``T`` (an
    :class:`EngineWiringError` when none is); ``optional(T)`` returns None instead.
    """

    def __init__(self, engine: str, results: Mapping[str, EngineResult]) -> None:
        self._engine = engine
        self._results = dict(results)

    def __contains__(self, name: object) -> bool:
        return name in self._results

    @property
    def names(self) -> tuple[str, ...]:
        """Names of the engines whose results are available, in run order."""
        return tuple(self._results)

    def optional(self, kind: type[OutputT]) -> OutputT | None:
        """The output of type ``kind`` among the declared inputs, or None."""
        for result in self._results.values():
            if isinstance(result.output, kind):
                return result.output
        return None

    def require(self, kind: type[OutputT]) -> OutputT:
        """The output of type ``kind`` among the declared inputs.

        Raises:
            EngineWiringError: no declared engine produced one.
        """
        found = self.optional(kind)
        if found is None:
            raise EngineWiringError(
                f"engine {self._engine!r} needs a {kind.__name__}, but none of the engines it "
                f"declares ({', '.join(self._results) or 'none'}) produced one"
            )
        return found


class Engine(Protocol):
    """What ``simulate`` needs of an engine."""

    @property
    def name(self) -> str:
        """Unique engine name; also its key in ``summary.json`` and its tables' prefix."""
        ...

    @property
    def requires(self) -> tuple[str, ...]:
        """Engines that must run first."""
        ...

    @property
    def uses(self) -> tuple[str, ...]:
        """Engines whose output is consumed when they are part of the run."""
        ...

    def run(self, scenario: Scenario, context: RunContext, inputs: EngineInputs) -> EngineResult:
        """Compute this engine's result from the scenario, the context and its inputs."""
        ...


__all__ = [
    "Engine",
    "EngineInputs",
    "EngineResult",
    "EngineWiringError",
    "RunContext",
    "SummaryModel",
]
