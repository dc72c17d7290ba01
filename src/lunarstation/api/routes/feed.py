"""``/api/changes`` (what changed since a revision) and ``/api/audit`` (who did what)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from lunarstation.api.convert import change_out
from lunarstation.api.deps import Caller, Db
from lunarstation.api.routes.scenarios import READ_ERRORS, Limit
from lunarstation.api.schemas import MAX_ID, MAX_REVISION, AuditOut, ChangesOut
from lunarstation.store.feed import audit_entries, changes_since
from lunarstation.store.revision import current

router = APIRouter(prefix="/api", tags=["changes"])


@router.get("/changes", response_model=ChangesOut, responses=READ_ERRORS)
def get_changes(
    actor: Caller,
    session: Db,
    since: Annotated[int, Query(ge=0, le=MAX_REVISION)] = 0,
    limit: Limit = 100,
) -> ChangesOut:
    """Changes after revision ``since`` that you may see, oldest first; poll again with
    ``since=next_since``."""
    revision = current(session)
    rows = changes_since(session, actor, since, limit)
    full = len(rows) == limit
    next_since = rows[-1].revision if full else max(since, revision)
    return ChangesOut(
        revision=revision, next_since=next_since, changes=[change_out(r) for r in rows]
    )


@router.get("/audit", response_model=list[AuditOut], responses=READ_ERRORS)
def get_audit(
    actor: Caller,
    session: Db,
    before: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    limit: Limit = 100,
) -> list[AuditOut]:
    """Who did what: your partner's entries (a site admin: everyone's) about what you may
    see, newest first; page with ``before=<id of the last entry>``."""
    return [
        AuditOut(
            id=e.id,
            revision=e.revision,
            time=e.time,
            partner=e.partner_id,
            key_prefix=e.key_prefix,
            action=e.action,
            scenario_id=e.scenario_id,
            run_id=e.run_id,
            detail=e.detail,
        )
        for e in audit_entries(session, actor, before, limit)
    ]
