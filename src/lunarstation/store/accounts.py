"""Partners, members and API keys: created by ``lunarstation admin`` or a partner admin.

Members are deactivated, never deleted (their versions keep naming them); a key is
revoked, never deleted. :func:`authenticate` turns a presented key into an
:class:`~lunarstation.store.access.Actor`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from lunarstation.store.access import (
    ROLE_NAMES,
    AccessError,
    Actor,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    Role,
)
from lunarstation.store.keys import key_digest, key_prefix, looks_like_key, new_key
from lunarstation.store.models import ApiKey, Member, Partner, utc_now
from lunarstation.store.revision import bump, record

PARTNER_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
LAST_USED_RESOLUTION = timedelta(minutes=1)
"""``last_used_at`` is written at most this often per key, so that reads stay reads."""


class InvalidAccountError(AccessError):
    """A partner id, role or name that is not allowed (exit 2 on the command line, 422)."""

    status = 422


@dataclass(frozen=True)
class CreatedKey:
    """A new key: the only time the key itself is known."""

    key: str
    prefix: str
    partner_id: str
    role: str
    name: str
    id: int


def check_role(role: str) -> Role:
    """The role named ``role``.

    Raises:
        InvalidAccountError: an unknown role, with the allowed ones.
    """
    if role not in ROLE_NAMES:
        raise InvalidAccountError(f"role {role!r} is not one of {', '.join(ROLE_NAMES)}")
    return Role[role]


def check_partner_id(partner_id: str) -> str:
    """``partner_id`` when it is a valid partner id.

    Raises:
        InvalidAccountError: an id that is not lower-case letters, digits and dashes (≤ 64).
    """
    if not PARTNER_ID.match(partner_id):
        raise InvalidAccountError(
            f"partner id {partner_id!r} must be 1 to 64 lower-case letters, digits and dashes, "
            "starting with a letter or digit"
        )
    return partner_id


def add_partner(
    session: Session, partner_id: str, name: str, actor: Actor | None = None
) -> Partner:
    """Create a partner.

    Raises:
        InvalidAccountError: an id that is not lower-case letters, digits and dashes (≤ 64).
        ConflictError: a partner with that id exists.
    """
    check_partner_id(partner_id)
    name = name.strip()
    if not 1 <= len(name) <= 200:
        raise InvalidAccountError("partner name must be 1 to 200 characters")
    revision = bump(session)
    if session.get(Partner, partner_id) is not None:
        raise ConflictError(f"partner {partner_id!r} exists already")
    partner = Partner(id=partner_id, name=name, revision=revision)
    session.add(partner)
    record(session, revision, actor, "partner", "created", partner_id=partner_id)
    return partner


def create_key(
    session: Session, partner_id: str, role: str, name: str = "", actor: Actor | None = None
) -> CreatedKey:
    """Create a key for member ``name`` of ``partner_id`` (the member too, if new).

    Raises:
        NotFoundError: no such partner.
        InvalidAccountError: an unknown role or a name over 200 characters.
    """
    checked = check_role(role)
    label = name.strip() or f"{partner_id} {checked.name}"
    if len(label) > 200:
        raise InvalidAccountError("key name must be at most 200 characters")
    revision = bump(session)
    if session.get(Partner, partner_id) is None:
        raise NotFoundError(
            f"no partner {partner_id!r}; add it first with `lunarstation admin partner add`"
        )
    member = session.scalars(
        select(Member).where(Member.partner_id == partner_id, Member.name == label)
    ).one_or_none()
    if member is None:
        member = Member(partner_id=partner_id, name=label)
        session.add(member)
        session.flush()
    elif member.deactivated_at is not None:  # its keys would be dead on arrival
        raise ConflictError(
            f"member {label!r} of {partner_id!r} is deactivated; name the key for another member"
        )
    key = new_key()
    row = ApiKey(
        member_id=member.id,
        partner_id=partner_id,
        role=checked.name,
        name=label,
        prefix=key_prefix(key),
        digest=key_digest(key),
        revision=revision,
    )
    session.add(row)
    session.flush()
    record(session, revision, actor, "key", "created", partner_id=partner_id, detail=row.prefix)
    return CreatedKey(key, row.prefix, partner_id, checked.name, label, row.id)


def revoke_key(session: Session, prefix: str, actor: Actor | None = None) -> ApiKey:
    """Revoke the key whose visible prefix is ``prefix`` (a partner admin: its own partner's).

    Raises:
        NotFoundError: no such key (or another partner's, for a partner admin).
    """
    revision = bump(session)
    row = session.scalars(select(ApiKey).where(ApiKey.prefix == prefix)).one_or_none()
    hidden = (
        actor is not None
        and actor.role < Role.site_admin
        and row is not None
        and row.partner_id != actor.partner_id
    )
    if row is None or hidden:
        raise NotFoundError(f"no key with prefix {prefix!r}")
    if row.revoked_at is None:
        row.revoked_at = utc_now()
        row.revision = revision
        record(session, revision, actor, "key", "revoked", partner_id=row.partner_id, detail=prefix)
    return row


def find_key(session: Session, presented: str) -> ApiKey | None:
    """The active key row for a presented key, or None (unknown, malformed or revoked)."""
    if not looks_like_key(presented):
        return None
    row = session.scalars(
        select(ApiKey).where(ApiKey.digest == key_digest(presented))
    ).one_or_none()
    if row is None or row.revoked_at is not None or row.member.deactivated_at is not None:
        return None
    return row


@dataclass(frozen=True)
class KeyUse:
    """An accepted key: who it acts for, and when it was last recorded as used."""

    actor: Actor
    last_used_at: datetime | None

    @property
    def needs_touch(self) -> bool:
        """Whether ``last_used_at`` is older than :data:`LAST_USED_RESOLUTION`."""
        return self.last_used_at is None or utc_now() - self.last_used_at > LAST_USED_RESOLUTION


# Every request runs this: one statement, built once, of plain columns (no ORM objects).
_ACTIVE_KEY = (
    select(
        ApiKey.id,
        ApiKey.partner_id,
        ApiKey.role,
        ApiKey.prefix,
        ApiKey.last_used_at,
        Member.name,
    )
    .join(Member, Member.id == ApiKey.member_id)
    .where(
        ApiKey.digest == bindparam("digest"),
        ApiKey.revoked_at.is_(None),
        Member.deactivated_at.is_(None),
    )
)


def authenticate(session: Session, presented: str) -> KeyUse | None:
    """The actor of a presented key, or None (unknown, malformed, revoked, or its member
    deactivated): what :func:`find_key` and :func:`actor_of` give, in one query."""
    if not looks_like_key(presented):
        return None
    row = session.execute(_ACTIVE_KEY, {"digest": key_digest(presented)}).one_or_none()
    if row is None:
        return None
    key_id, partner_id, role, prefix, last_used_at, member = row
    actor = Actor(
        partner_id=partner_id, role=Role[role], key_id=key_id, key_prefix=prefix, member=member
    )
    return KeyUse(actor, last_used_at)


def actor_of(row: ApiKey) -> Actor:
    """The actor a key row stands for."""
    return Actor(
        partner_id=row.partner_id,
        role=Role[row.role],
        key_id=row.id,
        key_prefix=row.prefix,
        member=row.member.name,
    )


def needs_touch(row: ApiKey) -> bool:
    """Whether ``last_used_at`` is older than :data:`LAST_USED_RESOLUTION`."""
    return row.last_used_at is None or utc_now() - row.last_used_at > LAST_USED_RESOLUTION


_TOUCH = (
    update(ApiKey)
    .where(ApiKey.id == bindparam("key_id"))
    .values(last_used_at=bindparam("now", type_=ApiKey.__table__.c.last_used_at.type))
    .execution_options(synchronize_session=False)
)


def touch(session: Session, key_id: int) -> None:
    """Record that a key was used now (not a change: no revision)."""
    session.execute(_TOUCH, {"key_id": key_id, "now": utc_now()})


def list_keys(session: Session, actor: Actor) -> list[ApiKey]:
    """Keys the actor may manage: its partner's (a site admin: every partner's)."""
    query = select(ApiKey).order_by(ApiKey.id)
    if actor.role < Role.site_admin:
        query = query.where(ApiKey.partner_id == actor.partner_id)
    return list(session.scalars(query))


def list_partners(session: Session) -> list[Partner]:
    """Every partner (partners are public: the programme knows who takes part)."""
    return list(session.scalars(select(Partner).order_by(Partner.id)))


def list_members(session: Session, actor: Actor) -> list[Member]:
    """Members the actor may manage: its partner's (a site admin: every partner's),
    deactivated ones included (they are never deleted)."""
    query = select(Member).order_by(Member.id)
    if actor.role < Role.site_admin:
        query = query.where(Member.partner_id == actor.partner_id)
    return list(session.scalars(query))


def member_keys(session: Session, member_ids: list[int]) -> dict[int, list[ApiKey]]:
    """The keys of each member in ``member_ids``, oldest first."""
    keys: dict[int, list[ApiKey]] = {member_id: [] for member_id in member_ids}
    rows = session.scalars(
        select(ApiKey).where(ApiKey.member_id.in_(member_ids)).order_by(ApiKey.id)
    )
    for row in rows:
        keys[row.member_id].append(row)
    return keys


def deactivate_member(session: Session, member_id: int, actor: Actor | None = None) -> Member:
    """Deactivate member ``member_id``: from now on none of its keys is accepted (401).

    The row stays (its versions, runs and audit entries keep naming it); doing it twice
    changes nothing. A partner admin manages its own partner's members only.

    Raises:
        NotFoundError: no such member (or another partner's, for a partner admin).
        ForbiddenError: the member holds a key with a higher role than the actor's.
    """
    revision = bump(session)
    member = session.get(Member, member_id)
    hidden = (
        actor is not None
        and actor.role < Role.site_admin
        and member is not None
        and member.partner_id != actor.partner_id
    )
    if member is None or hidden:
        raise NotFoundError(
            f"no member {member_id} (GET /api/members lists the members with their ids)"
        )
    if actor is not None:
        top = max(
            (Role[k.role] for k in member_keys(session, [member_id])[member_id]), default=None
        )
        if top is not None and top > actor.role:
            raise ForbiddenError(
                f"a {actor.role.name} cannot deactivate a member holding a {top.name} key"
            )
    if member.deactivated_at is None:
        member.deactivated_at = utc_now()
        record(
            session, revision, actor, "member", "deactivated",
            partner_id=member.partner_id, detail=member.name,
        )  # fmt: skip
    return member
