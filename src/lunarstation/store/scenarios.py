"""Scenarios and their versions: created, versioned and shared under the access rules.

Every write takes the store revision first (:func:`~lunarstation.store.revision.bump`)
and only then reads what it checks, so two writers of the same scenario are ordered:
the second one's ``If-Match`` no longer matches and it gets 412. The version number is
assigned here, never by the client; the ``(scenario, number)`` unique constraint is the
database's own guard against a duplicate.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Integer, bindparam, func, select
from sqlalchemy.orm import Session

from lunarstation.store.access import (
    Actor,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    PreconditionFailedError,
    PreconditionRequiredError,
    Role,
    actor_params,
    can_see_scenario,
    require_role,
    scenario_not_found,
    scenario_visible,
)
from lunarstation.store.models import Scenario, ScenarioVersion, VersionFile, utc_now
from lunarstation.store.revision import bump, record

ID_LOW = 1_000_000_000
ID_HIGH = 2**31 - 1
"""Public ids are drawn from [ID_LOW, ID_HIGH]: ten digits, within a 32-bit signed integer."""

VISIBILITIES = ("private", "shared")


@dataclass(frozen=True)
class UploadedFile:
    """One scenario file as uploaded: its name (load order is list order) and text."""

    name: str
    content: str

    @property
    def digest(self) -> str:
        """SHA-256 of the file's UTF-8 bytes, hex."""
        return hashlib.sha256(self.content.encode("utf-8")).hexdigest()


def files_digest(files: Sequence[UploadedFile]) -> str:
    """One digest over a version's files, names and order included."""
    hasher = hashlib.sha256()
    for file in files:
        hasher.update(f"{len(file.name)}:{file.name}:{file.digest}\n".encode())
    return hasher.hexdigest()


def new_id(session: Session, model: type[Scenario] | type[object]) -> int:
    """A random public id not used yet by ``model``."""
    while True:
        # The system's randomness, not the random module's, which callers (or Hypothesis) seed.
        candidate = ID_LOW + secrets.randbelow(ID_HIGH - ID_LOW + 1)
        if session.get(model, candidate) is None:
            return candidate


def visible_scenario(session: Session, actor: Actor, scenario_id: int) -> Scenario:
    """The scenario, if ``actor`` may see it.

    Raises:
        NotFoundError: absent or invisible (the same message either way).
    """
    scenario = session.get(Scenario, scenario_id)
    if scenario is None or not can_see_scenario(actor, scenario):
        raise scenario_not_found(scenario_id)
    return scenario


def writable_scenario(
    session: Session, actor: Actor, scenario_id: int, if_match: int | None
) -> Scenario:
    """The scenario, if ``actor`` may write it and ``if_match`` is its current etag.

    Raises:
        NotFoundError: invisible; ForbiddenError: another partner's or a viewer;
        PreconditionRequiredError: no If-Match; PreconditionFailedError: a stale one.
    """
    scenario = visible_scenario(session, actor, scenario_id)
    if scenario.owner_id != actor.partner_id:
        raise ForbiddenError(
            f"scenario {scenario_id} belongs to partner {scenario.owner_id}; it is shared with "
            "you read-only (copy its files into a scenario of your own to change them)"
        )
    require_role(actor, Role.member, "changing a scenario")
    if if_match is None:
        raise PreconditionRequiredError(
            f"changing scenario {scenario_id} needs an If-Match header with its current ETag "
            f'(now "{scenario.etag}"); read it with GET /api/scenarios/{scenario_id}'
        )
    if if_match != scenario.etag:
        raise PreconditionFailedError(
            f'scenario {scenario_id} has changed since you read it: you sent If-Match "{if_match}", '
            f'it is now "{scenario.etag}" (version {scenario.latest_version}); nothing was '
            "written. Read it again, merge your edit and retry."
        )
    return scenario


def create_scenario(
    session: Session,
    actor: Actor,
    name: str,
    visibility: str,
    files: Sequence[UploadedFile],
    message: str,
) -> tuple[Scenario, ScenarioVersion]:
    """A new scenario owned by the actor's partner, with version 1.

    Raises:
        ForbiddenError: a viewer; ConflictError: the partner has a scenario of that name.
    """
    require_role(actor, Role.member, "creating a scenario")
    revision = bump(session)
    taken = session.scalars(
        select(Scenario.id).where(Scenario.owner_id == actor.partner_id, Scenario.name == name)
    ).first()
    if taken is not None:
        raise ConflictError(
            f"your partner already has a scenario named {name!r} (id {taken}); add a version "
            f"to it with POST /api/scenarios/{taken}/versions or choose another name"
        )
    scenario = Scenario(
        id=new_id(session, Scenario),
        owner_id=actor.partner_id,
        name=name,
        visibility=visibility,
        etag=1,
        latest_version=1,
        revision=revision,
    )
    session.add(scenario)
    session.flush()
    version = _add_version(session, actor, scenario, files, message, None, revision)
    record(
        session, revision, actor, "scenario", "created", scenario_id=scenario.id, version_number=1
    )
    return scenario, version


def add_version(
    session: Session,
    actor: Actor,
    scenario_id: int,
    if_match: int | None,
    files: Sequence[UploadedFile],
    message: str,
    derived_from: int | None,
) -> tuple[Scenario, ScenarioVersion]:
    """Version n+1 of a scenario the actor may write (see :func:`writable_scenario`).

    ``derived_from``: the version the edit started from (default: the latest).

    Raises:
        ConflictError: ``derived_from`` is not one of its versions.
    """
    revision = bump(session)
    scenario = writable_scenario(session, actor, scenario_id, if_match)
    base = scenario.latest_version if derived_from is None else derived_from
    if not 1 <= base <= scenario.latest_version:
        raise ConflictError(
            f"derived_from {base} is not a version of scenario {scenario_id} "
            f"(it has versions 1 to {scenario.latest_version})"
        )
    scenario.latest_version += 1
    scenario.etag += 1
    scenario.updated_at = utc_now()
    scenario.revision = revision
    version = _add_version(session, actor, scenario, files, message, base, revision)
    record(
        session,
        revision,
        actor,
        "scenario",
        "versioned",
        scenario_id=scenario.id,
        version_number=version.number,
    )
    return scenario, version


def set_visibility(
    session: Session, actor: Actor, scenario_id: int, if_match: int | None, visibility: str
) -> Scenario:
    """Share or unshare a scenario the actor may write."""
    revision = bump(session)
    scenario = writable_scenario(session, actor, scenario_id, if_match)
    if scenario.visibility != visibility:
        scenario.visibility = visibility
        scenario.etag += 1
        scenario.updated_at = utc_now()
        scenario.revision = revision
        record(session, revision, actor, "scenario", visibility, scenario_id=scenario.id)
    return scenario


def _add_version(
    session: Session,
    actor: Actor,
    scenario: Scenario,
    files: Sequence[UploadedFile],
    message: str,
    derived_from: int | None,
    revision: int,
) -> ScenarioVersion:
    version = ScenarioVersion(
        scenario_id=scenario.id,
        number=scenario.latest_version,
        author_key_id=actor.key_id,
        author=actor.member,
        message=message,
        digest=files_digest(files),
        derived_from=derived_from,
        revision=revision,
        files=[
            VersionFile(position=index, name=file.name, content=file.content, digest=file.digest)
            for index, file in enumerate(files)
        ],
    )
    session.add(version)
    session.flush()
    return version


# Read statements built once and executed with bound parameters (see access.ACTOR_PARTNER).
_COUNT_VISIBLE = select(func.count()).select_from(Scenario).where(scenario_visible())
_PAGE_VISIBLE = (
    select(Scenario)
    .where(scenario_visible())
    .order_by(Scenario.created_at.desc(), Scenario.id)
    .limit(bindparam("limit", type_=Integer))
    .offset(bindparam("offset", type_=Integer))
)
_VERSIONS_PAGE = (
    select(ScenarioVersion)
    .where(ScenarioVersion.scenario_id == bindparam("scenario_id"))
    .order_by(ScenarioVersion.number)
    .limit(bindparam("limit", type_=Integer))
    .offset(bindparam("offset", type_=Integer))
)
_VERSION = select(ScenarioVersion).where(
    ScenarioVersion.scenario_id == bindparam("scenario_id"),
    ScenarioVersion.number == bindparam("number"),
)


def list_scenarios(
    session: Session, actor: Actor, limit: int, offset: int
) -> tuple[list[Scenario], int]:
    """Scenarios the actor may see (newest first) and how many there are in all."""
    params = actor_params(actor)
    total = session.scalar(_COUNT_VISIBLE, params) or 0
    rows = session.scalars(_PAGE_VISIBLE, {**params, "limit": limit, "offset": offset})
    return list(rows), int(total)


def list_versions(
    session: Session, actor: Actor, scenario_id: int, limit: int, offset: int
) -> tuple[Scenario, list[ScenarioVersion]]:
    """The versions of a visible scenario, oldest first."""
    scenario = visible_scenario(session, actor, scenario_id)
    rows = session.scalars(
        _VERSIONS_PAGE, {"scenario_id": scenario_id, "limit": limit, "offset": offset}
    )
    return scenario, list(rows)


def get_version(
    session: Session, actor: Actor, scenario_id: int, number: int
) -> tuple[Scenario, ScenarioVersion]:
    """Version ``number`` of a visible scenario.

    Raises:
        NotFoundError: an invisible scenario, or no such version.
    """
    scenario = visible_scenario(session, actor, scenario_id)
    version = session.scalars(
        _VERSION, {"scenario_id": scenario_id, "number": number}
    ).one_or_none()
    if version is None:
        raise NotFoundError(
            f"scenario {scenario_id} has no version {number} (it has versions 1 to "
            f"{scenario.latest_version})"
        )
    return scenario, version
