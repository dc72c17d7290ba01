"""Findings: what an engine has to say about a run, in a planner's words.

Every engine reports problems (and notable facts) as :class:`Finding` objects
with a stable ``code`` that tools can match on (``POWER_DEPLETED``,
``LAUNCH_OVERMASS``, ``DOCKING_INCOMPATIBLE`` ...). A run with findings is still
a completed run; invalid *input* raises :class:`~lunarstation.errors.ScenarioError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from lunarstation.timegrid import iso_utc

_CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9_]*$")


class Severity(StrEnum):
    """How much a finding matters; ordered info < warning < error."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error (for sorting and thresholds)."""
        return ("info", "warning", "error").index(self.value)


@dataclass(frozen=True)
class Finding:
    """One statement about a run.

    Attributes:
        severity: info, warning or error.
        code: stable upper-case identifier, e.g. ``LAUNCH_OVERMASS``.
        subject: id of the scenario entity concerned (mission, element, site...).
        time: simulated UTC time the finding refers to, or None if timeless.
        message: one sentence a mission planner understands, with numbers and units.
        engine: name of the engine that produced it.
    """

    severity: Severity
    code: str
    subject: str
    time: datetime | None
    message: str
    engine: str = ""

    def __post_init__(self) -> None:
        if not _CODE_PATTERN.match(self.code):
            raise ValueError(f"finding code must be UPPER_SNAKE_CASE, got {self.code!r}")
        if self.time is not None and self.time.tzinfo is None:
            raise ValueError("finding time must be timezone-aware UTC")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (time as ISO 8601 UTC with a trailing Z)."""
        return {
            "severity": self.severity.value,
            "code": self.code,
            "subject": self.subject,
            "time": None if self.time is None else iso_utc(self.time),
            "message": self.message,
            "engine": self.engine,
        }


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Most severe first, then chronological (timeless last), then by code and subject."""

    def key(finding: Finding) -> tuple[int, float, str, str]:
        stamp = finding.time.timestamp() if finding.time is not None else float("inf")
        return (-finding.severity.rank, stamp, finding.code, finding.subject)

    return sorted(findings, key=key)


def count_by_severity(findings: Iterable[Finding]) -> dict[str, int]:
    """Number of findings per severity name, every severity present (possibly 0)."""
    counts = {severity.value: 0 for severity in Severity}
    for finding in findings:
        counts[finding.severity.value] += 1
    return counts
