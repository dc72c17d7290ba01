"""The store revision: one number every write transaction increments, and what it did.

:func:`bump` is the first statement of every write transaction. Its ``UPDATE`` of the
single revision row takes that row's lock, so on PostgreSQL concurrent writers queue
there (on SQLite ``BEGIN IMMEDIATE`` already queued them); every check a writer then
makes (``If-Match``, the next version number) sees the writes committed before it.
:func:`record` then writes the ``changes`` row (the feed) and the ``audit_log`` entry.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from lunarstation.store.access import Actor
from lunarstation.store.models import AuditEntry, Change, StoreRevision

_BUMP = update(StoreRevision).where(StoreRevision.id == 1).values(value=StoreRevision.value + 1)
_CURRENT = select(StoreRevision.value).where(StoreRevision.id == 1)


def bump(session: Session) -> int:
    """Increment the store revision; returns the new value (this transaction's revision)."""
    session.execute(_BUMP)
    return int(session.scalars(_CURRENT).one())


def current(session: Session) -> int:
    """The store revision now."""
    return int(session.scalars(_CURRENT).one())


def record(
    session: Session,
    revision: int,
    actor: Actor | None,
    kind: str,
    action: str,
    *,
    partner_id: str | None = None,
    scenario_id: int | None = None,
    version_number: int | None = None,
    run_id: int | None = None,
    detail: str = "",
) -> None:
    """Write the change of ``revision`` and its audit entry (``actor`` None: the server)."""
    partner = partner_id if partner_id is not None else (actor.partner_id if actor else None)
    session.add(
        Change(
            revision=revision,
            kind=kind,
            action=action,
            partner_id=partner,
            scenario_id=scenario_id,
            version_number=version_number,
            run_id=run_id,
        )
    )
    session.add(
        AuditEntry(
            revision=revision,
            partner_id=actor.partner_id if actor else partner,
            key_prefix=actor.key_prefix if actor else None,
            action=f"{kind}.{action}",
            scenario_id=scenario_id,
            run_id=run_id,
            detail=detail,
        )
    )
