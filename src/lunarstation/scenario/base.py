"""Building blocks shared by every scenario model: the frozen base class and id types."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"

Identifier = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=64),
    Field(description="Identifier: lower-case letters, digits, '-', '_' or '.', at most 64 chars."),
]
"""An entity id: lower-case so ids compare the same in every file and every partner's tool."""

NonEmptyText = Annotated[str, StringConstraints(min_length=1, max_length=500)]

EARLIEST_DATE = date(1957, 10, 4)
"""Earliest date a scenario may name (Sputnik 1): nothing lunar happened before."""

LATEST_DATE = date(2100, 12, 31)
"""Latest date a scenario may name; engines that need an ephemeris check their own narrower span."""


def _date_in_range(value: date) -> date:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValueError(f"date {value.isoformat()} is outside {EARLIEST_DATE} … {LATEST_DATE}")
    return value


def _utc_in_range(value: datetime) -> datetime:
    if value.tzinfo is None:
        # A bare date or a naive time in a scenario file means UTC (the file convention).
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    _date_in_range(value.date())
    return value


ScenarioDate = Annotated[date, AfterValidator(_date_in_range)]
"""A calendar date (ISO 8601, e.g. 2030-06-01) within the supported range."""

UtcDateTime = Annotated[datetime, AfterValidator(_utc_in_range)]
"""An instant in UTC (ISO 8601, e.g. 2030-06-01T12:00:00Z; a bare date means 00:00 UTC)."""


class Model(BaseModel):
    """Base of every scenario model: immutable, unknown keys refused, docs in the schema."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
        validate_default=True,
        use_attribute_docstrings=True,
    )


class Entity(Model):
    """A scenario entity with an id that other entities refer to."""

    id: Identifier
    """Unique id within its collection; other entities refer to it by this id."""

    replace: bool = False
    """In an overlay file: replace the entity of the same id from an earlier file."""
