"""Who is asking, and what they may see: the one place the privacy rules are written.

Rules (``shared/reference/platform.md`` §1 and §3):

* a scenario is visible to its owner partner's members and, when ``shared``, to every
  partner; nobody else learns that a private scenario exists — not by its id, not in
  lists or their counts, the change feed, the audit log or an error message;
* a run is visible to a caller exactly when every scenario version it read (its
  scenario and every overlay) is visible to that caller, since its results are made of
  them: a shared run whose inputs became private disappears with them;
* writing a scenario needs role ``member`` or above in its owner partner; a visible
  scenario of another partner is read-only (403);
* ``site_admin`` manages partners and keys everywhere but reads other partners' data
  under the same rules as everybody (the operator holds the database; the API never
  shows one partner's private data to another).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    and_,
    bindparam,
    exists,
    not_,
    or_,
    select,
)

from lunarstation.errors import LunarstationError
from lunarstation.store.models import Run, RunInput, Scenario


class Role(IntEnum):
    """Roles, each allowing what the one below it does and more."""

    viewer = 1
    """Reads what its partner may see."""
    member = 2
    """Also writes its partner's scenarios and starts runs."""
    partner_admin = 3
    """Also manages its partner's members and keys."""
    site_admin = 4
    """Also manages partners, members and keys of every partner."""


ROLE_NAMES = tuple(role.name for role in Role)


@dataclass(frozen=True)
class Actor:
    """The caller, as established from its key."""

    partner_id: str
    role: Role
    key_id: int
    key_prefix: str
    member: str


class AccessError(LunarstationError):
    """A request the store refuses; ``status`` is the HTTP status the API answers with."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(AccessError):
    """Absent, or not visible to the caller: the two are indistinguishable on purpose."""

    status = 404


class ForbiddenError(AccessError):
    """Visible but not writable by the caller (another partner's, or a lower role)."""

    status = 403


class ConflictError(AccessError):
    """The write contradicts what is stored (a name the partner already uses)."""

    status = 409


class PreconditionRequiredError(AccessError):
    """A write to an existing object without ``If-Match``."""

    status = 428


class PreconditionFailedError(AccessError):
    """``If-Match`` names a version that is no longer current."""

    status = 412


ACTOR_PARTNER = "actor_partner"
"""Name of the bound parameter that carries the caller's partner id in the conditions below.

The conditions are built once, with this parameter in place of the partner id, so that
the statements using them can be built once at import and reused for every request
(SQLAlchemy then finds their compiled form in its cache by a cache key it computes once
per statement object). Execute them with :func:`actor_params`.
"""


def _partner() -> BindParameter[str]:
    return bindparam(ACTOR_PARTNER)


def actor_params(actor: Actor) -> dict[str, Any]:
    """The bound parameters the conditions below need for ``actor``."""
    return {ACTOR_PARTNER: actor.partner_id}


def scenario_visible() -> ColumnElement[bool]:
    """SQL condition: the scenario row is visible to the actor (bound by :func:`actor_params`)."""
    return or_(Scenario.owner_id == _partner(), Scenario.visibility == "shared")


def run_visible() -> ColumnElement[bool]:
    """SQL condition: every scenario the run read is visible to the actor (bound by
    :func:`actor_params`)."""
    hidden_input = (
        select(RunInput.id)
        .join(Scenario, Scenario.id == RunInput.scenario_id)
        .where(RunInput.run_id == Run.id, not_(scenario_visible()))
    )
    return and_(not_(exists(hidden_input)))


def can_see_scenario(actor: Actor, scenario: Scenario) -> bool:
    """The Python twin of :func:`scenario_visible`, for a loaded row."""
    return scenario.owner_id == actor.partner_id or scenario.visibility == "shared"


def require_role(actor: Actor, role: Role, doing: str) -> None:
    """Refuse (403) an actor whose role is below ``role``."""
    if actor.role < role:
        raise ForbiddenError(
            f"{doing} needs role {role.name} or above; this key has role {actor.role.name}"
        )


def scenario_not_found(scenario_id: int) -> NotFoundError:
    """The one message for an absent or invisible scenario."""
    return NotFoundError(f"no scenario {scenario_id} that this key may see")


def run_not_found(run_id: int) -> NotFoundError:
    """The one message for an absent or invisible run."""
    return NotFoundError(f"no run {run_id} that this key may see")
