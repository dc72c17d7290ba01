"""Building blocks shared by every scenario model: the frozen base class, id and time types."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema

from lunarstation.timegrid import iso_utc

ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"

Identifier = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=64),
    Field(description="Identifier: lower-case letters, digits, '-', '_' or '.', at most 64 chars."),
]
"""An entity id: lower-case so ids compare the same in every file and every partner's tool."""

NonEmptyText = Annotated[str, StringConstraints(min_length=1, max_length=500)]

# --- the span a scenario may name -------------------------------------------------------
# Every run evaluates the shipped ephemeris on the time grid, so every date of a scenario
# must lie where the ephemeris is defined; ``validate`` then refuses what ``run`` would.

EPHEMERIS_FIRST_DATE = date(1900, 1, 1)
"""First day of the shipped ephemeris: DE421 with its lunar orientation kernel
``moon_pa_de421_1900-2050.bpc``, 1900-01-01 00:00 TDB (JPL IOM 343R-08-003, Folkner et al.
2008; ``environment/ephemeris.py`` ``VALID_START_TDB_S``, shared/reference/ephemeris.md §1a)."""

EPHEMERIS_LAST_DATE = date(2050, 12, 31)
"""Last whole day of the shipped ephemeris, which ends 2051-01-01 00:00 TDB (same sources,
``environment/ephemeris.py`` ``VALID_END_TDB_S``)."""

EARLIEST_DATE = max(date(1957, 10, 4), EPHEMERIS_FIRST_DATE)
"""Earliest date a scenario may name: Sputnik 1 (1957-10-04), nothing lunar happened
before, and the ephemeris covers it."""

LATEST_DATE = EPHEMERIS_LAST_DATE
"""Latest date a scenario may name: the ephemeris's last whole day."""

LATEST_INSTANT = datetime.combine(LATEST_DATE, time(23, 58), tzinfo=UTC)
"""Latest instant a scenario may name. The ephemeris ends at 2051-01-01 00:00 TDB, which
is 2050-12-31 23:58:50.8 UTC (TT − UTC = 69.184 s since 2017, ``timegrid``); a minute's
margin leaves room for leap seconds not announced yet."""

SPAN_NOTE = "the span of the DE421 ephemeris shipped with lunarstation"


def _date_in_range(value: date) -> date:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValueError(
            f"date {value.isoformat()} is outside {EARLIEST_DATE.isoformat()} … "
            f"{LATEST_DATE.isoformat()}, {SPAN_NOTE}"
        )
    return value


def _utc_in_range(value: datetime) -> datetime:
    if value.tzinfo is None:
        # A bare date or a naive time in a scenario file means UTC (the file convention).
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    earliest = datetime.combine(EARLIEST_DATE, time(), tzinfo=UTC)
    if not earliest <= value <= LATEST_INSTANT:
        raise ValueError(
            f"{iso_utc(value)} is outside {iso_utc(earliest)} … {iso_utc(LATEST_INSTANT)}, "
            f"{SPAN_NOTE}"
        )
    return value


ScenarioDate = Annotated[date, AfterValidator(_date_in_range)]
"""A calendar date (ISO 8601, e.g. 2030-06-01) within the supported range."""

UtcDateTime = Annotated[
    datetime,
    AfterValidator(_utc_in_range),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "format": "date-time"},
                {"type": "string", "format": "date"},
            ]
        },
        mode="validation",
    ),
]
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
