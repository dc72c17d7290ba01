"""The change feed and the audit log, filtered to what the caller may see.

A change or audit entry about a scenario is shown only while that scenario is visible
to the caller, and one about a run only while every input of the run is; account
changes (partners, keys) only to their own partner (a site admin: all). Revision
numbers of hidden changes are skipped, so a partner sees gaps but never what filled them.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, and_, bindparam, exists, or_, select
from sqlalchemy.orm import Session

from lunarstation.store.access import (
    ACTOR_PARTNER,
    Actor,
    Role,
    actor_params,
    run_visible,
    scenario_visible,
)
from lunarstation.store.models import AuditEntry, Change, Run, Scenario


def _visible(scenario_col: Any, run_col: Any, partner_col: Any, admin: bool) -> ColumnElement[bool]:
    scenario_ok = exists(select(Scenario.id).where(Scenario.id == scenario_col, scenario_visible()))
    run_ok = exists(select(Run.id).where(Run.id == run_col, run_visible()))
    own = partner_col == bindparam(ACTOR_PARTNER)
    account_ok = or_(own, partner_col.is_not(None)) if admin else own
    return or_(
        and_(run_col.is_not(None), run_ok),
        and_(run_col.is_(None), scenario_col.is_not(None), scenario_ok),
        and_(run_col.is_(None), scenario_col.is_(None), account_ok),
    )


# The statements are built once per variant (site admin or not; audit page or first page)
# and reused with bound parameters: building them was most of a poll's CPU time.
@cache
def _changes_statement(admin: bool) -> Select[Change]:
    condition = _visible(Change.scenario_id, Change.run_id, Change.partner_id, admin)
    return (
        select(Change)
        .where(Change.revision > bindparam("since"), condition)
        .order_by(Change.revision)
        .limit(bindparam("limit", type_=Integer))
    )


@cache
def _audit_statement(admin: bool, paged: bool) -> Select[AuditEntry]:
    condition = _visible(AuditEntry.scenario_id, AuditEntry.run_id, AuditEntry.partner_id, admin)
    query = select(AuditEntry).where(condition)
    if not admin:
        query = query.where(AuditEntry.partner_id == bindparam(ACTOR_PARTNER))
    if paged:
        query = query.where(AuditEntry.id < bindparam("before"))
    return query.order_by(AuditEntry.id.desc()).limit(bindparam("limit", type_=Integer))


def changes_since(session: Session, actor: Actor, since: int, limit: int) -> list[Change]:
    """Changes after revision ``since`` the actor may see, oldest first."""
    statement = _changes_statement(actor.role >= Role.site_admin)
    params = {**actor_params(actor), "since": since, "limit": limit}
    return list(session.scalars(statement, params))


def audit_entries(
    session: Session, actor: Actor, before: int | None, limit: int
) -> list[AuditEntry]:
    """Audit entries by the actor's partner (a site admin: everyone) about what the actor
    may see, newest first."""
    statement = _audit_statement(actor.role >= Role.site_admin, before is not None)
    params: dict[str, Any] = {**actor_params(actor), "limit": limit}
    if before is not None:
        params["before"] = before
    return list(session.scalars(statement, params))
