"""Runs in the store: queued by the API, claimed and finished by a worker process.

Status moves ``queued → running → done | failed`` and nowhere else; every move is a
store revision (the change feed shows it). A run is visible exactly when all of its
inputs are (:func:`lunarstation.store.access.run_visible`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Integer, bindparam, func, select
from sqlalchemy.orm import Session

from lunarstation import __version__
from lunarstation.store.access import (
    Actor,
    NotFoundError,
    Role,
    actor_params,
    require_role,
    run_not_found,
    run_visible,
)
from lunarstation.store.models import Run, RunFile, RunInput, ScenarioVersion, VersionFile, utc_now
from lunarstation.store.revision import bump, record
from lunarstation.store.scenarios import get_version, new_id, visible_scenario

STATUSES = ("queued", "running", "done", "failed")


def create_run(
    session: Session,
    actor: Actor,
    inputs: Sequence[tuple[int, int]],
) -> Run:
    """Queue a run of ``inputs`` (scenario id, version number; the first is the scenario,
    the rest overlays in order), all of which the actor must see.

    Raises:
        ForbiddenError: a viewer; NotFoundError: an input the actor cannot see or that has no such version.
    """
    require_role(actor, Role.member, "starting a run")
    revision = bump(session)
    for scenario_id, number in inputs:
        get_version(session, actor, scenario_id, number)
    scenario_id, number = inputs[0]
    run = Run(
        id=new_id(session, Run),
        partner_id=actor.partner_id,
        started_by_key_id=actor.key_id,
        scenario_id=scenario_id,
        version_number=number,
        lunarstation_version=__version__,
        status="queued",
        reason="",
        revision=revision,
        inputs=[
            RunInput(position=index, scenario_id=sid, version_number=n)
            for index, (sid, n) in enumerate(inputs)
        ],
    )
    session.add(run)
    session.flush()
    record(session, revision, actor, "run", "queued", scenario_id=scenario_id, run_id=run.id)
    return run


# Read statements built once and executed with bound parameters (see access.ACTOR_PARTNER).
_VISIBLE_RUN = select(Run).where(Run.id == bindparam("run_id"), run_visible())
_OF_SCENARIO = Run.scenario_id == bindparam("scenario_id")
_COUNT_RUNS = {
    False: select(func.count()).select_from(Run).where(run_visible()),
    True: select(func.count()).select_from(Run).where(run_visible(), _OF_SCENARIO),
}
_PAGE_RUNS = {
    of_scenario: select(Run)
    .where(run_visible(), *([_OF_SCENARIO] if of_scenario else []))
    .order_by(Run.created_at.desc(), Run.id)
    .limit(bindparam("limit", type_=Integer))
    .offset(bindparam("offset", type_=Integer))
    for of_scenario in (False, True)
}
_RUN_FILE = select(RunFile.content).where(
    RunFile.run_id == bindparam("run_id"),
    RunFile.name == bindparam("name"),
)
_RUN_FILE_NAMES = (
    select(RunFile.name).where(RunFile.run_id == bindparam("run_id")).order_by(RunFile.name)
)


def visible_run(session: Session, actor: Actor, run_id: int) -> Run:
    """The run, if the actor may see every input of it.

    Raises:
        NotFoundError: absent or invisible.
    """
    run = session.scalars(_VISIBLE_RUN, {**actor_params(actor), "run_id": run_id}).one_or_none()
    if run is None:
        raise run_not_found(run_id)
    return run


def list_runs(
    session: Session, actor: Actor, limit: int, offset: int, scenario_id: int | None = None
) -> tuple[list[Run], int]:
    """Runs the actor may see, newest first, and how many in all."""
    params = actor_params(actor)
    of_scenario = scenario_id is not None
    if scenario_id is not None:
        visible_scenario(session, actor, scenario_id)
        params["scenario_id"] = scenario_id
    total = session.scalar(_COUNT_RUNS[of_scenario], params) or 0
    rows = session.scalars(_PAGE_RUNS[of_scenario], {**params, "limit": limit, "offset": offset})
    return list(rows), int(total)


def run_file(session: Session, actor: Actor, run_id: int, name: str) -> bytes:
    """One stored file of a visible run.

    Raises:
        NotFoundError: an invisible run or no such file.
    """
    visible_run(session, actor, run_id)
    content = session.scalars(_RUN_FILE, {"run_id": run_id, "name": name}).one_or_none()
    if content is None:
        raise NotFoundError(f"run {run_id} has no file {name!r}")
    return bytes(content)


def run_file_names(session: Session, run_id: int) -> list[str]:
    """Names of a run's stored files (the caller checked visibility)."""
    return list(session.scalars(_RUN_FILE_NAMES, {"run_id": run_id}))


# --- the worker's side ---------------------------------------------------------------


def input_files(session: Session, run_id: int) -> list[list[tuple[str, str]]]:
    """The files of each input version of a run, in load order: [(name, text), ...] each."""
    run = session.get(Run, run_id)
    if run is None:
        raise NotFoundError(f"no run {run_id}")
    loaded: list[list[tuple[str, str]]] = []
    for item in run.inputs:
        version = session.scalars(
            select(ScenarioVersion).where(
                ScenarioVersion.scenario_id == item.scenario_id,
                ScenarioVersion.number == item.version_number,
            )
        ).one()
        files = session.scalars(
            select(VersionFile)
            .where(VersionFile.version_id == version.id)
            .order_by(VersionFile.position)
        )
        loaded.append([(f.name, f.content) for f in files])
    return loaded


def claim(session: Session, run_id: int, pid: int) -> bool:
    """Mark a queued run as running in process ``pid``; False if it is not queued."""
    revision = bump(session)
    run = session.get(Run, run_id)
    if run is None or run.status != "queued":
        return False
    run.status, run.worker_pid, run.started_at, run.revision = "running", pid, utc_now(), revision
    record(
        session,
        revision,
        None,
        "run",
        "running",
        partner_id=run.partner_id,
        scenario_id=run.scenario_id,
        run_id=run_id,
    )
    return True


def finish(
    session: Session,
    run_id: int,
    *,
    summary: dict[str, Any],
    findings: list[dict[str, Any]],
    files: Mapping[str, bytes],
) -> None:
    """Store a run's results and mark it done (one transaction: all or nothing)."""
    revision = bump(session)
    run = session.get(Run, run_id)
    if run is None or run.status != "running":
        return
    provenance = summary.get("provenance")
    run.summary, run.findings = summary, findings
    run.provenance = provenance if isinstance(provenance, dict) else None
    seed = run.provenance.get("seed") if run.provenance else None
    run.seed = seed if isinstance(seed, int) else None
    run.status, run.finished_at, run.revision = "done", utc_now(), revision
    session.add_all(
        RunFile(run_id=run_id, name=name, content=content) for name, content in files.items()
    )
    record(
        session,
        revision,
        None,
        "run",
        "done",
        partner_id=run.partner_id,
        scenario_id=run.scenario_id,
        run_id=run_id,
    )


def fail(
    session: Session, run_id: int, reason: str, *, only_if: Sequence[str] = ("queued", "running")
) -> bool:
    """Mark a run failed with ``reason`` if its status is one of ``only_if``."""
    revision = bump(session)
    run = session.get(Run, run_id)
    if run is None or run.status not in only_if:
        return False
    run.status, run.reason, run.finished_at, run.revision = "failed", reason, utc_now(), revision
    record(
        session,
        revision,
        None,
        "run",
        "failed",
        partner_id=run.partner_id,
        scenario_id=run.scenario_id,
        run_id=run_id,
        detail=reason[:500],
    )
    return True


def queued_runs(session: Session, limit: int) -> list[int]:
    """Ids of the oldest queued runs."""
    return list(
        session.scalars(
            select(Run.id)
            .where(Run.status == "queued")
            .order_by(Run.created_at, Run.id)
            .limit(limit)
        )
    )


def running_runs(session: Session) -> list[Run]:
    """Runs marked running (after a restart: interrupted ones)."""
    return list(session.scalars(select(Run).where(Run.status == "running")))
