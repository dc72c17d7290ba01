"""The store's tables, as SQLAlchemy 2 typed models.

What is kept (the COMET model of ``shared/reference/platform.md`` §1, in our words):

* ``partners`` own things; ``members`` act for one partner and are deactivated, never
  deleted; ``api_keys`` belong to a member, carry a role and are kept as SHA-256 digests.
* ``scenarios`` have one owner partner, a visibility (``private`` or ``shared``) and an
  ``etag`` counter incremented by every write to them (the ``ETag``/``If-Match`` value).
* ``scenario_versions`` are numbered 1, 2, 3… per scenario by the server and never
  change; ``version_files`` hold each version's files in load order (first the base,
  then overlays), with their SHA-256 digests.
* ``runs`` record the exact inputs (``run_inputs``: a scenario version and overlays), the
  lunarstation version, the seed, status and, when done, summary, findings and files.
* one store revision (``store_revision``), incremented by every write transaction; the
  rows it changed carry it in ``revision``; ``changes`` lists what each revision did and
  ``audit_log`` who did it.

Ids that partners see in URLs (scenarios, runs) are random 31-bit integers, so they are
bounded like every path id (≤ 2³¹ − 1) and say nothing about how many objects exist.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC time on every database (SQLite keeps no zone: UTC is implied)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use datetime.now(UTC)")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


MAX_ID = 2**31 - 1
"""Largest id of a row (``Integer`` primary keys: 32-bit signed on every database)."""


def utc_now() -> datetime:
    """The current time, UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Base of every model."""


class StoreRevision(Base):
    """The one row holding the store's revision number."""

    __tablename__ = "store_revision"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class Partner(Base):
    """A partner agency: owns scenarios and runs, has members."""

    __tablename__ = "partners"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    revision: Mapped[int] = mapped_column(BigInteger, default=0)


class Member(Base):
    """A person (or robot) acting for one partner; deactivated, never deleted."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("partner_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    partner_id: Mapped[str] = mapped_column(ForeignKey("partners.id"))
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ApiKey(Base):
    """A bearer key: its SHA-256 digest (never the key), visible prefix, role and state."""

    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    partner_id: Mapped[str] = mapped_column(ForeignKey("partners.id"))
    role: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revision: Mapped[int] = mapped_column(BigInteger, default=0)
    member: Mapped[Member] = relationship(lazy="joined")


class Scenario(Base):
    """A scenario: one owner partner, a visibility and numbered immutable versions."""

    __tablename__ = "scenarios"
    __table_args__ = (UniqueConstraint("owner_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    owner_id: Mapped[str] = mapped_column(ForeignKey("partners.id"))
    name: Mapped[str] = mapped_column(String(200))
    visibility: Mapped[str] = mapped_column(String(10))
    etag: Mapped[int] = mapped_column(Integer, default=1)
    latest_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    revision: Mapped[int] = mapped_column(BigInteger, default=0)


class ScenarioVersion(Base):
    """One immutable version of a scenario, numbered by the server."""

    __tablename__ = "scenario_versions"
    __table_args__ = (UniqueConstraint("scenario_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id"))
    number: Mapped[int] = mapped_column(Integer)
    author_key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id"))
    author: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    digest: Mapped[str] = mapped_column(String(64))
    derived_from: Mapped[int | None] = mapped_column(Integer, nullable=True)
    revision: Mapped[int] = mapped_column(BigInteger, default=0)
    files: Mapped[list[VersionFile]] = relationship(
        order_by="VersionFile.position", lazy="selectin"
    )


class VersionFile(Base):
    """One file of a version, in load order (position 0 is the base)."""

    __tablename__ = "version_files"
    __table_args__ = (UniqueConstraint("version_id", "position"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("scenario_versions.id"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(255))
    content: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(64))


class Run(Base):
    """A simulation of one scenario version (and overlays), executed by a worker."""

    __tablename__ = "runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    partner_id: Mapped[str] = mapped_column(ForeignKey("partners.id"))
    started_by_key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id"))
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id"))
    version_number: Mapped[int] = mapped_column(Integer)
    lunarstation_version: Mapped[str] = mapped_column(String(40))
    seed: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text, default="")
    provenance: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    findings: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)
    worker_pid: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revision: Mapped[int] = mapped_column(BigInteger, default=0)
    inputs: Mapped[list[RunInput]] = relationship(order_by="RunInput.position", lazy="selectin")


class RunInput(Base):
    """One scenario version a run read, in load order (position 0: the run's scenario)."""

    __tablename__ = "run_inputs"
    __table_args__ = (UniqueConstraint("run_id", "position"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"))
    position: Mapped[int] = mapped_column(Integer)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id"))
    version_number: Mapped[int] = mapped_column(Integer)


class RunFile(Base):
    """One file of a finished run's folder (tables as Parquet or CSV, report HTML, JSON)."""

    __tablename__ = "run_files"
    __table_args__ = (UniqueConstraint("run_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"))
    name: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class Change(Base):
    """What one store revision changed (the ``/api/changes`` feed, filtered per caller)."""

    __tablename__ = "changes"
    revision: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    time: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    kind: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(40))
    partner_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    scenario_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    version_number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    run_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)


class AuditEntry(Base):
    """Who did what, when: one entry per write, with the acting key's prefix."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    revision: Mapped[int] = mapped_column(BigInteger)
    time: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    partner_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    key_prefix: Mapped[str | None] = mapped_column(String(16), nullable=True)
    action: Mapped[str] = mapped_column(String(40))
    scenario_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    run_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="")
