"""``/api/me``, ``/api/partners``, ``/api/keys`` and ``/api/members`` (partner admins
manage their partner's keys and members; members are deactivated, never deleted)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from lunarstation.api.convert import key_out, member_out
from lunarstation.api.deps import Caller, Db, StoreDep, Writer
from lunarstation.api.routes.scenarios import READ_ERRORS, WRITE_ERRORS
from lunarstation.api.schemas import (
    MAX_ID,
    KeyCreate,
    KeyCreated,
    KeyOut,
    MemberOut,
    MeOut,
    PartnerOut,
)
from lunarstation.store import accounts
from lunarstation.store.access import ForbiddenError, Role, require_role
from lunarstation.store.keys import PREFIX_PATTERN

router = APIRouter(prefix="/api", tags=["accounts"])

KeyPrefix = Annotated[
    str,
    Path(pattern=PREFIX_PATTERN, description="A key's visible prefix, ls_ and 8 characters."),
]
MemberId = Annotated[int, Path(ge=1, le=MAX_ID, description="Member id (from GET /api/members).")]


@router.get("/me", response_model=MeOut, responses=READ_ERRORS)
def me(actor: Caller) -> MeOut:
    """Who this key acts for."""
    return MeOut(
        partner=actor.partner_id,
        role=actor.role.name,
        key_prefix=actor.key_prefix,
        member=actor.member,
    )


@router.get("/partners", response_model=list[PartnerOut], responses=READ_ERRORS)
def partners(actor: Caller, session: Db) -> list[PartnerOut]:
    """Every partner of the programme (ids and names are public)."""
    return [PartnerOut(id=p.id, name=p.name) for p in accounts.list_partners(session)]


@router.get("/keys", response_model=list[KeyOut], responses={**READ_ERRORS, 403: WRITE_ERRORS[403]})
def list_keys(actor: Caller, session: Db) -> list[KeyOut]:
    """Your partner's keys (a site admin: every key); needs partner_admin."""
    require_role(actor, Role.partner_admin, "listing keys")
    return [key_out(row) for row in accounts.list_keys(session, actor)]


@router.post("/keys", status_code=201, response_model=KeyCreated, responses=WRITE_ERRORS)
def create_key(body: KeyCreate, actor: Writer, store: StoreDep) -> KeyCreated:
    """A new key for a member of your partner; the key is in this response only."""
    require_role(actor, Role.partner_admin, "creating keys")
    partner = body.partner or actor.partner_id
    if partner != actor.partner_id and actor.role < Role.site_admin:
        raise ForbiddenError("a partner admin creates keys for its own partner only")
    if Role[body.role] > actor.role:
        raise ForbiddenError(
            f"a {actor.role.name} cannot create a key with the higher role {body.role}"
        )
    with store.write() as session:
        made = accounts.create_key(session, partner, body.role, body.name, actor)
    return KeyCreated(
        key=made.key, prefix=made.prefix, partner=made.partner_id, role=made.role, name=made.name
    )


@router.delete("/keys/{prefix}", response_model=KeyOut, responses=WRITE_ERRORS)
def revoke_key(prefix: KeyPrefix, actor: Writer, store: StoreDep) -> KeyOut:
    """Revoke a key of your partner. No If-Match: revoking must never wait on a
    precondition, and doing it twice changes nothing."""
    require_role(actor, Role.partner_admin, "revoking keys")
    with store.write() as session:
        return key_out(accounts.revoke_key(session, prefix, actor))


@router.get(
    "/members", response_model=list[MemberOut], responses={**READ_ERRORS, 403: WRITE_ERRORS[403]}
)
def list_members(actor: Caller, session: Db) -> list[MemberOut]:
    """Your partner's members (a site admin: every partner's), deactivated ones included;
    needs partner_admin."""
    require_role(actor, Role.partner_admin, "listing members")
    rows = accounts.list_members(session, actor)
    keys = accounts.member_keys(session, [row.id for row in rows])
    return [member_out(row, keys[row.id]) for row in rows]


@router.post("/members/{member_id}/deactivate", response_model=MemberOut, responses=WRITE_ERRORS)
def deactivate_member(member_id: MemberId, actor: Writer, store: StoreDep) -> MemberOut:
    """Deactivate a member of your partner: its keys are refused (401) from now on; the
    member stays, named by what it wrote. No If-Match, as for revoking a key: it must
    never wait on a precondition, and doing it twice changes nothing."""
    require_role(actor, Role.partner_admin, "deactivating members")
    with store.write() as session:
        row = accounts.deactivate_member(session, member_id, actor)
        return member_out(row, accounts.member_keys(session, [row.id])[row.id])
