"""The schema of ``summary.json``: one pydantic model for the head, one per engine.

``summary.json`` is ``{schema_version, scenario, verdict, findings_by_severity,
provenance, highlights, <engine name>: {...}}``. Each engine's section is that engine's
own summary model; :class:`RunSummary` names the standard engines' models so that
``lunarstation schema --run-summary`` (and the shared server's API) publish their
schema, and accepts the sections of engines it does not know as plain objects.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final, Literal

from pydantic import ConfigDict

from lunarstation.engine import SummaryModel
from lunarstation.environment.engine import EnvironmentSummary
from lunarstation.interop.engine import InteropSummary
from lunarstation.logistics.campaign import LogisticsSummary
from lunarstation.logistics.timeline import TimelineSummary
from lunarstation.orbits.engine import OrbitsSummary
from lunarstation.partners.ledger import LedgerSummary
from lunarstation.science.summary import ScienceSummary
from lunarstation.station.engine import StationSummary

SCHEMA_VERSION: Final = "2"
"""Version of the ``summary.json`` layout; bumped when a key moves or changes meaning."""


class InputFile(SummaryModel):
    """One input of the run: a built-in scenario, a file, or text given directly."""

    kind: Literal["builtin", "file", "text"]
    name: str
    """Built-in name, the path as given, or ``<text>`` / ``<stdin>``."""
    sha256: str
    """SHA-256 of the input's bytes, hex."""


class Provenance(SummaryModel):
    """Where a run came from: software, inputs, seed, command and timings."""

    lunarstation_version: str
    git_describe: str | None
    """``git describe --always --dirty --tags`` when run from a checkout, else null."""
    python_version: str
    numpy_version: str
    numba_version: str
    pandas_version: str
    platform: str
    inputs: list[InputFile]
    scenario_sha256: str
    """SHA-256 of the resolved scenario as canonical JSON (sorted keys, no spaces)."""
    seed: int
    command: list[str] | None
    """The command line of the run (null from Python)."""
    started: datetime
    finished: datetime
    engine_seconds: dict[str, float]
    """Wall seconds of each engine that ran (reused engines are absent)."""
    reused: list[str]
    """Engines whose results were given to ``simulate`` and reused, not recomputed."""
    engine_digests: dict[str, str]
    """Per engine, the digest of what its result depends on (inputs and scenario parts)."""


class ScenarioHeader(SummaryModel):
    """The scenario of the run, in brief."""

    name: str
    title: str
    start: datetime
    end: datetime
    step_h: float
    counts: dict[str, int]
    """Entities per collection (partners, stages, sites, ...)."""


class RunSummary(SummaryModel):
    """The content of ``summary.json``."""

    model_config = ConfigDict(extra="allow")

    schema_version: Literal["2"] = SCHEMA_VERSION
    scenario: ScenarioHeader
    verdict: Literal["feasible", "not feasible"]
    """``not feasible`` when any engine reported an error-level finding."""
    findings_by_severity: dict[str, int]
    provenance: Provenance
    engines: list[str]
    """Engines of the run, in the order they ran."""
    highlights: list[str]
    timeline: TimelineSummary | None = None
    environment: EnvironmentSummary | None = None
    orbits: OrbitsSummary | None = None
    logistics: LogisticsSummary | None = None
    interop: InteropSummary | None = None
    station: StationSummary | None = None
    ledger: LedgerSummary | None = None
    science: ScienceSummary | None = None


def run_summary_schema() -> dict[str, Any]:
    """JSON Schema (Draft 2020-12) of ``summary.json``."""
    schema = RunSummary.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "lunarstation run summary (summary.json)"
    return schema


__all__ = [
    "SCHEMA_VERSION",
    "InputFile",
    "Provenance",
    "RunSummary",
    "ScenarioHeader",
    "run_summary_schema",
]
