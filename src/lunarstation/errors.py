"""The exceptions lunarstation raises, all under one base.

Hierarchy::

    LunarstationError                 anything this package raises on purpose
    ├── ScenarioError                 invalid input: one or more ScenarioIssue (file, line, field)
    ├── OutOfRangeError               a value outside what a model supports; carries the range
    │   └── EphemerisRangeError       an epoch outside the shipped ephemeris span
    ├── DataError                     a shipped or user-supplied data file cannot be read
    │   └── UnknownReferenceError     an id not in the interface catalog (interop.catalog)
    ├── FlightError                   a transport action the stack cannot perform
    │   └── PlanError                 a flight plan that cannot be flown as written
    ├── OutputError                   the output folder cannot be used (report.files)
    └── EngineWiringError             engines cannot be wired: missing, cyclic, stale given result
                                      (engine)

``UnknownReferenceError`` and ``EngineWiringError`` live beside the code that raises them
(they need its vocabulary); every other class is defined here.

The command line turns every ``LunarstationError`` into a message and exit code 2;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class LunarstationError(Exception):
    """Base class of every error raised on purpose by lunarstation."""


@dataclass(frozen=True)
class ScenarioIssue:
    """One problem found in a scenario file.

    ``line`` and ``column`` are 1-based; 0 means the location is unknown (for
    instance a problem spanning several files). ``field`` is the dotted path of
    the offending value, e.g. ``missions[3].launch_vehicle``.
    """

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class ScenarioError(LunarstationError):
    """Invalid scenario input; carries every issue found, not only the first."""

    def __init__(self, issues: Iterable[ScenarioIssue]) -> None:
        self.issues: tuple[ScenarioIssue, ...] = tuple(issues)
        if not self.issues:
            raise ValueError("ScenarioError needs at least one issue")
        super().__init__("\n".join(str(issue) for issue in self.issues))

    @classmethod
    def single(
        cls, file: str, message: str, *, line: int = 0, column: int = 0, field: str = ""
    ) -> ScenarioError:
        """Build an error holding one issue."""
        return cls([ScenarioIssue(file, line, column, field, message)])


class OutOfRangeError(LunarstationError, ValueError):
    """A value outside the range a model supports; ``valid`` gives that range."""

    def __init__(self, message: str, *, value: object, valid: Sequence[object]) -> None:
        self.value = value
        self.valid = tuple(valid)
        super().__init__(message)


class EphemerisRangeError(OutOfRangeError):
    """An epoch outside the span covered by the shipped ephemeris."""


class DataError(LunarstationError):
    """A data file (shipped or given by the user) that cannot be read or is malformed."""


class FlightError(LunarstationError, ValueError):
    """A transport action names a vehicle that is not in the stack, or moves more than
    there is."""


class PlanError(FlightError):
    """A flight plan that cannot be flown as written (unknown node, wrong burn count, …)."""


class OutputError(LunarstationError):
    """The output folder cannot be used (exists and is not empty, is a file, not writable)."""
