"""Wiring the engines: one scenario in, one :class:`RunResult` out.

This is the one place that knows the engines and orders them by what they
declare in ``requires``. Engines are pure, so ``simulate`` is too: the same
scenario always gives the same result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd

from lunarstation.engine import Engine, EngineResult
from lunarstation.environment.engine import EnvironmentEngine
from lunarstation.findings import Finding, Severity, count_by_severity, sort_findings
from lunarstation.interop.engine import InteropEngine
from lunarstation.logistics.campaign import LogisticsEngine
from lunarstation.logistics.timeline import TimelineEngine
from lunarstation.partners.ledger import LedgerEngine
from lunarstation.scenario import Scenario
from lunarstation.station.engine import StationEngine

ProgressCallback = Callable[[str, int, int], None]
"""Called as ``progress(engine_name, index, total)`` before each engine runs."""


def default_engines() -> tuple[Engine, ...]:
    """The engines of a standard run, in any order (``simulate`` sorts them)."""
    return (
        TimelineEngine(),
        LogisticsEngine(),
        EnvironmentEngine(),
        InteropEngine(),
        StationEngine(),
        LedgerEngine(),
    )


def order_engines(engines: Iterable[Engine]) -> list[Engine]:
    """Engines sorted so that each runs after the engines it requires.

    Raises:
        ValueError: an engine requires one that is not there, or requirements form a cycle.
    """
    pending = {engine.name: engine for engine in engines}
    ordered: list[Engine] = []
    done: set[str] = set()
    while pending:
        ready = [e for e in pending.values() if all(r in done for r in e.requires)]
        if not ready:
            missing = {r for e in pending.values() for r in e.requires if r not in done}
            raise ValueError(
                f"engines {sorted(pending)} wait on {sorted(missing)}: missing or cyclic"
            )
        for engine in ready:
            ordered.append(engine)
            done.add(engine.name)
            del pending[engine.name]
    return ordered


@dataclass(frozen=True)
class RunResult:
    """Everything a run produced: engine results, findings, tables and a summary."""

    scenario: Scenario
    results: Mapping[str, EngineResult]

    @cached_property
    def findings(self) -> tuple[Finding, ...]:
        """All findings of all engines, most severe first, then by time."""
        return tuple(sort_findings(f for r in self.results.values() for f in r.findings))

    @property
    def feasible(self) -> bool:
        """True when no engine reported an error-level finding."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def verdict(self) -> str:
        """'feasible' or 'not feasible' (error-level findings present)."""
        return "feasible" if self.feasible else "not feasible"

    @property
    def timeline(self) -> pd.DataFrame:
        """Programme events (launches, arrivals, crew departures) with a UTC ``time`` column."""
        return self.results["timeline"].tables["timeline"]

    @cached_property
    def tables(self) -> Mapping[str, pd.DataFrame]:
        """Every table of every engine by name (names are unique across engines)."""
        merged: dict[str, pd.DataFrame] = {}
        for result in self.results.values():
            for name, table in result.tables.items():
                if name in merged:
                    raise ValueError(f"table {name!r} produced by two engines")
                merged[name] = table
        return merged

    @property
    def highlights(self) -> list[str]:
        """The engines' one-line statements for the printed summary."""
        return [line for result in self.results.values() for line in result.highlights]

    def summary(self) -> dict[str, Any]:
        """The JSON-ready content of ``summary.json``."""
        scenario = self.scenario
        head: dict[str, Any] = {
            "scenario": {
                "name": scenario.name,
                "title": scenario.title,
                "start": _iso(scenario.start),
                "end": _iso(scenario.end),
                "step_h": scenario.simulation.step_h,
                "counts": {name: len(getattr(scenario, name)) for name in scenario.by_id},
            },
            "verdict": self.verdict,
            "findings_by_severity": count_by_severity(self.findings),
            "engines": list(self.results),
            "highlights": self.highlights,
        }
        for name, result in self.results.items():
            for key, value in result.summary.items():
                if key in head:
                    raise ValueError(f"summary key {key!r} of engine {name!r} is already used")
                head[key] = value
        return head


def _iso(moment: Any) -> str:
    return str(moment.isoformat()).replace("+00:00", "Z")


def simulate(
    scenario: Scenario,
    *,
    engines: Sequence[Engine] | None = None,
    progress: ProgressCallback | None = None,
) -> RunResult:
    """Run every engine on the scenario, each after the engines it requires."""
    ordered = order_engines(default_engines() if engines is None else engines)
    results: dict[str, EngineResult] = {}
    for index, engine in enumerate(ordered):
        if progress is not None:
            progress(engine.name, index, len(ordered))
        inputs = {name: results[name] for name in engine.requires}
        results[engine.name] = engine.run(scenario, inputs)
    return RunResult(scenario=scenario, results=results)
