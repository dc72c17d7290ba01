"""Wiring the engines: one scenario in, one :class:`RunResult` out.

This is the one place that knows the engines, builds the :class:`RunContext` and orders
the engines by what they declare (``requires`` must run first; ``uses`` run first when
they are part of the run). Engines are pure, so ``simulate`` is too: the same scenario
always gives the same result, apart from the timings recorded in the provenance.

``simulate(scenario, given={name: result}, only=[names])`` reuses results that do not
change (the environment across a sweep of battery sizes) and runs a subset: the named
engines and what they require. A given result is reused only when its digest — of the
scenario parts the engine reads and of its inputs' digests — matches this run's.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any

import pandas as pd

from lunarstation.engine import Engine, EngineInputs, EngineResult, EngineWiringError, RunContext
from lunarstation.environment.engine import EnvironmentEngine
from lunarstation.findings import Finding, Severity, count_by_severity, sort_findings
from lunarstation.interop.engine import InteropEngine
from lunarstation.logistics.campaign import LogisticsEngine
from lunarstation.logistics.timeline import TimelineEngine
from lunarstation.orbits.engine import OrbitsEngine
from lunarstation.orbits.network_link import transfer_edges
from lunarstation.partners.ledger import LedgerEngine
from lunarstation.provenance import canonical_sha256, environment_provenance, scenario_digest
from lunarstation.run_summary import InputFile, Provenance, RunSummary, ScenarioHeader
from lunarstation.scenario import Scenario
from lunarstation.science.engine import ScienceEngine
from lunarstation.station.engine import StationEngine
from lunarstation.station.scheduled import HousekeepingEngine
from lunarstation.timegrid import time_grid

ProgressCallback = Callable[[str, int, int], None]
"""Called as ``progress(engine_name, index, total)`` before each engine runs."""


def default_engines() -> tuple[Engine, ...]:
    """The engines of a standard run, in any order (``simulate`` sorts them)."""
    return (
        TimelineEngine(transfer_edges=transfer_edges),
        LogisticsEngine(),
        EnvironmentEngine(),
        OrbitsEngine(),
        InteropEngine(),
        HousekeepingEngine(),
        ScienceEngine(),
        StationEngine(),
        LedgerEngine(),
    )


def order_engines(engines: Iterable[Engine]) -> list[Engine]:
    """Engines sorted so that each runs after those it requires and those it uses.

    Raises:
        EngineWiringError: two engines share a name, an engine requires one that is not
            there (the message names both), or requirements form a cycle.
    """
    pending: dict[str, Engine] = {}
    for engine in engines:
        if engine.name in pending:
            raise EngineWiringError(f"two engines are named {engine.name!r}")
        pending[engine.name] = engine
    for engine in pending.values():
        for required in engine.requires:
            if required not in pending:
                raise EngineWiringError(
                    f"engine {engine.name!r} requires engine {required!r}, which is not in "
                    f"this run (engines: {', '.join(pending)})"
                )
    ordered: list[Engine] = []
    done: set[str] = set()
    while pending:
        ready = [
            e
            for e in pending.values()
            if all(r in done for r in (*e.requires, *(u for u in e.uses if u in pending)))
            and all(u in done or u not in pending for u in e.uses)
        ]
        if not ready:
            raise EngineWiringError(
                f"engines {sorted(pending)} wait on each other: their requirements form a cycle"
            )
        for engine in ready:
            ordered.append(engine)
            done.add(engine.name)
            del pending[engine.name]
    return ordered


def select_engines(engines: Sequence[Engine], only: Iterable[str] | None) -> list[Engine]:
    """The engines named in ``only`` and, transitively, those they require (all: None).

    Raises:
        EngineWiringError: a name in ``only`` (or a requirement) is not a known engine.
    """
    by_name = {engine.name: engine for engine in engines}
    if only is None:
        return list(engines)
    wanted: list[str] = list(only)
    chosen: dict[str, Engine] = {}
    while wanted:
        name = wanted.pop()
        if name in chosen:
            continue
        if name not in by_name:
            raise EngineWiringError(
                f"no engine named {name!r}; engines: {', '.join(by_name) or 'none'}"
            )
        chosen[name] = by_name[name]
        wanted.extend(chosen[name].requires)
    return [engine for engine in engines if engine.name in chosen]


def run_context(scenario: Scenario) -> RunContext:
    """The context every engine of a run of ``scenario`` shares.

    Raises:
        OutOfRangeError: the simulation span or step cannot make a grid.
    """
    grid = time_grid(scenario.start, scenario.end, timedelta(hours=scenario.simulation.step_h))
    return RunContext(
        grid=grid,
        utc=pd.DatetimeIndex(grid.utc, tz="UTC"),
        seed=scenario.simulation.seed,
        options=scenario.options,
    )


def engine_digest(
    engine: Engine, scenario: Scenario, input_digests: Mapping[str, str], scenario_sha256: str
) -> str:
    """Digest of what ``engine``'s result depends on: the scenario parts it reads (its
    ``fingerprint(scenario)``, or the whole resolved scenario when it has none) and the
    digests of the engines it takes inputs from."""
    fingerprint = getattr(engine, "fingerprint", None)
    depends = fingerprint(scenario) if callable(fingerprint) else scenario_sha256
    return canonical_sha256(
        {"engine": engine.name, "scenario": depends, "inputs": dict(sorted(input_digests.items()))}
    )


@dataclass(frozen=True)
class RunResult:
    """Everything a run produced: engine results, findings, tables and a summary."""

    scenario: Scenario
    results: Mapping[str, EngineResult]
    context: RunContext
    provenance: Provenance

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
        return self.results["timeline"].tables["events"]

    @cached_property
    def tables(self) -> Mapping[str, pd.DataFrame]:
        """Every small table of every engine, named ``<engine>_<table>``."""
        return {
            f"{engine}_{name}": table
            for engine, result in self.results.items()
            for name, table in result.tables.items()
        }

    @cached_property
    def series(self) -> Mapping[str, pd.DataFrame]:
        """Every long time series of every engine, named ``<engine>_<series>``."""
        return {
            f"{engine}_{name}": table
            for engine, result in self.results.items()
            for name, table in result.series.items()
        }

    @property
    def highlights(self) -> list[str]:
        """The engines' one-line statements for the printed summary."""
        return [line for result in self.results.values() for line in result.highlights]

    def summary_model(self) -> RunSummary:
        """``summary.json`` as its pydantic model."""
        scenario = self.scenario
        sections: dict[str, Any] = {
            name: result.summary for name, result in self.results.items() if result.summary
        }
        extra = set(sections) - set(RunSummary.model_fields)
        for name in extra:  # engines RunSummary does not know: their section as plain JSON
            sections[name] = sections[name].model_dump(mode="json")
        return RunSummary(
            scenario=ScenarioHeader(
                name=scenario.name,
                title=scenario.title,
                start=scenario.start,
                end=scenario.end,
                step_h=scenario.simulation.step_h,
                counts={name: len(getattr(scenario, name)) for name in scenario.by_id},
            ),
            verdict="feasible" if self.feasible else "not feasible",
            findings_by_severity=count_by_severity(self.findings),
            provenance=self.provenance,
            engines=list(self.results),
            highlights=self.highlights,
            **sections,
        )

    def summary(self) -> dict[str, Any]:
        """The JSON-ready content of ``summary.json``."""
        dumped: dict[str, Any] = self.summary_model().model_dump(mode="json", exclude_none=False)
        return dumped


def simulate(
    scenario: Scenario,
    *,
    engines: Sequence[Engine] | None = None,
    given: Mapping[str, EngineResult] | None = None,
    only: Iterable[str] | None = None,
    progress: ProgressCallback | None = None,
    command: Sequence[str] | None = None,
) -> RunResult:
    """Run the engines on the scenario, each after the engines it requires (and uses).

    ``engines``: the engines available (default :func:`default_engines`); ``only``: run
    just these and what they require; ``given``: results to reuse instead of recomputing
    (from an earlier :class:`RunResult`'s ``results``); ``command``: the command line,
    recorded in the provenance.

    Raises:
        EngineWiringError: an unknown or missing engine, a cycle, or a given result
            computed from different inputs than this run would use.
    """
    started = datetime.now(UTC)
    available = list(default_engines() if engines is None else engines)
    given = dict(given or {})
    known = {engine.name for engine in available}
    for name in given:
        if name not in known:
            raise EngineWiringError(f"given result {name!r} is not one of the run's engines")
    selected = select_engines(available, only)
    names = {engine.name for engine in selected}
    selected += [e for e in available if e.name in given and e.name not in names]
    ordered = order_engines(selected)
    context = run_context(scenario)
    scenario_sha256 = scenario_digest(scenario)
    results: dict[str, EngineResult] = {}
    digests: dict[str, str] = {}
    seconds: dict[str, float] = {}
    for index, engine in enumerate(ordered):
        sources = [n for n in (*engine.requires, *engine.uses) if n in results]
        digests[engine.name] = engine_digest(
            engine, scenario, {n: digests[n] for n in sources}, scenario_sha256
        )
        if engine.name in given:
            results[engine.name] = _reuse(given[engine.name], engine.name, digests[engine.name])
            continue
        if progress is not None:
            progress(engine.name, index, len(ordered))
        tick = time.perf_counter()
        inputs = EngineInputs(engine.name, {n: results[n] for n in sources})
        result = engine.run(scenario, context, inputs)
        seconds[engine.name] = time.perf_counter() - tick
        results[engine.name] = replace(result, digest=digests[engine.name])
    provenance = Provenance(
        **environment_provenance(),
        inputs=[InputFile(kind=s.kind, name=s.name, sha256=s.sha256) for s in scenario.sources],
        scenario_sha256=scenario_sha256,
        seed=context.seed,
        command=None if command is None else list(command),
        started=started,
        finished=datetime.now(UTC),
        engine_seconds=seconds,
        reused=[name for name in results if name in given],
        engine_digests=digests,
    )
    return RunResult(scenario=scenario, results=results, context=context, provenance=provenance)


def _reuse(result: EngineResult, name: str, digest: str) -> EngineResult:
    if result.engine != name:
        raise EngineWiringError(f"given[{name!r}] is a result of engine {result.engine!r}")
    if not result.digest:
        raise EngineWiringError(
            f"given result {name!r} carries no digest, so lunarstation cannot tell what it "
            "was computed from; pass a result from an earlier simulate(...).results"
        )
    if result.digest != digest:
        raise EngineWiringError(
            f"given result {name!r} was computed from different inputs than this run "
            f"(digest {result.digest[:12]} ≠ {digest[:12]}): the scenario parts it reads or "
            "the results it depends on have changed; let simulate recompute it"
        )
    return result


__all__ = [
    "ProgressCallback",
    "RunResult",
    "default_engines",
    "engine_digest",
    "order_engines",
    "run_context",
    "select_engines",
    "simulate",
]
