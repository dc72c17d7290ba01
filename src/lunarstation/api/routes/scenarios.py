"""``/api/scenarios``: create, list, read, version, diff, share and unshare."""

from __future__ import annotations

import difflib
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from lunarstation.api.convert import scenario_out, version_out
from lunarstation.api.deps import Caller, Db, IfMatch, StoreDep, Writer
from lunarstation.api.schemas import (
    MAX_ID,
    MAX_PAGE,
    DiffOut,
    FileDiff,
    FileIn,
    Problem,
    ScenarioCreate,
    ScenarioCreated,
    ScenarioOut,
    ScenarioPage,
    VersionCreate,
    VersionOut,
    VersionPage,
    VisibilityPatch,
)
from lunarstation.api.uploads import check_files
from lunarstation.store import scenarios as repo
from lunarstation.store.models import ScenarioVersion
from lunarstation.store.scenarios import UploadedFile

router = APIRouter(prefix="/api/scenarios", tags=["scenarios"])

ScenarioId = Annotated[int, Path(ge=1, le=MAX_ID, description="Scenario id.")]
Number = Annotated[int, Path(ge=1, le=MAX_ID, description="Version number (1, 2, 3…).")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=MAX_ID)]

READ_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": Problem, "description": "No key, or a revoked one."},
    404: {"model": Problem, "description": "Absent, or not visible to your partner."},
}
WRITE_ERRORS: dict[int | str, dict[str, object]] = {
    **READ_ERRORS,
    403: {
        "model": Problem,
        "description": "Read-only for this key (another partner's, or a viewer).",
    },
    409: {"model": Problem, "description": "Contradicts what is stored."},
    412: {
        "model": Problem,
        "description": "If-Match is stale: the object changed since you read it.",
    },
    413: {"model": Problem, "description": "The request body is too large."},
    422: {"model": Problem, "description": "Invalid request or scenario files (loader messages)."},
    428: {"model": Problem, "description": "If-Match is missing."},
}


def _etag(response: Response, etag: int) -> None:
    response.headers["ETag"] = f'"{etag}"'


def _uploaded(files: list[FileIn]) -> list[UploadedFile]:
    return [UploadedFile(f.name, f.content) for f in files]


@router.post("", status_code=201, response_model=ScenarioCreated, responses=WRITE_ERRORS)
def create_scenario(
    body: ScenarioCreate, actor: Writer, store: StoreDep, request: Request, response: Response
) -> ScenarioCreated:
    """Create a scenario owned by your partner; its files become version 1.

    The files are validated as ``lunarstation validate`` does (422 with its messages;
    nothing is stored).
    """
    files = _uploaded(body.files)
    from lunarstation.store.access import Role, require_role

    require_role(actor, Role.member, "creating a scenario")
    check_files([files], request.app.state.load_limits)
    with store.write() as session:
        scenario, version = repo.create_scenario(
            session, actor, body.name, body.visibility, files, body.message
        )
        out = ScenarioCreated(**scenario_out(scenario).model_dump(), version=version.number)
    _etag(response, out.etag)
    response.headers["Location"] = f"/api/scenarios/{out.id}"
    return out


@router.get("", response_model=ScenarioPage, responses=READ_ERRORS)
def list_scenarios(
    actor: Caller, session: Db, limit: Limit = 100, offset: Offset = 0
) -> ScenarioPage:
    """The scenarios your partner may see: its own and those others share."""
    rows, total = repo.list_scenarios(session, actor, limit, offset)
    return ScenarioPage(
        count=total, limit=limit, offset=offset, items=[scenario_out(r) for r in rows]
    )


@router.get("/{scenario_id}", response_model=ScenarioOut, responses=READ_ERRORS)
def get_scenario(
    scenario_id: ScenarioId, actor: Caller, session: Db, response: Response
) -> ScenarioOut:
    """One scenario; its ``ETag`` is what If-Match must carry to change it."""
    out = scenario_out(repo.visible_scenario(session, actor, scenario_id))
    _etag(response, out.etag)
    return out


@router.patch("/{scenario_id}", response_model=ScenarioOut, responses=WRITE_ERRORS)
def patch_scenario(
    scenario_id: ScenarioId,
    body: VisibilityPatch,
    actor: Writer,
    store: StoreDep,
    etag: IfMatch,
    response: Response,
) -> ScenarioOut:
    """Share (``shared``) or unshare (``private``) a scenario of your partner."""
    with store.write() as session:
        out = scenario_out(repo.set_visibility(session, actor, scenario_id, etag, body.visibility))
    _etag(response, out.etag)
    return out


@router.get("/{scenario_id}/versions", response_model=VersionPage, responses=READ_ERRORS)
def list_versions(
    scenario_id: ScenarioId, actor: Caller, session: Db, limit: Limit = 100, offset: Offset = 0
) -> VersionPage:
    """The versions of a scenario, oldest first (files listed without their content)."""
    scenario, rows = repo.list_versions(session, actor, scenario_id, limit, offset)
    return VersionPage(
        count=scenario.latest_version,
        limit=limit,
        offset=offset,
        items=[version_out(r) for r in rows],
    )


@router.post(
    "/{scenario_id}/versions", status_code=201, response_model=VersionOut, responses=WRITE_ERRORS
)
def add_version(
    scenario_id: ScenarioId,
    body: VersionCreate,
    actor: Caller,
    session: Db,
    store: StoreDep,
    etag: IfMatch,
    request: Request,
    response: Response,
) -> VersionOut:
    """Add version n+1; needs ``If-Match`` with the scenario's ETag (428 without, 412 stale)."""
    files = _uploaded(body.files)
    # Refuse what is refused anyway before the slow load, then free the read connection.
    repo.writable_scenario(session, actor, scenario_id, etag)
    session.rollback()
    check_files([files], request.app.state.load_limits)
    with store.write() as writer:
        scenario, version = repo.add_version(
            writer, actor, scenario_id, etag, files, body.message, body.derived_from
        )
        out = version_out(version)
        new_etag = scenario.etag
    _etag(response, new_etag)
    response.headers["Location"] = f"/api/scenarios/{scenario_id}/versions/{out.version}"
    return out


@router.get("/{scenario_id}/versions/{number}", response_model=VersionOut, responses=READ_ERRORS)
def get_version(
    scenario_id: ScenarioId, number: Number, actor: Caller, session: Db, response: Response
) -> VersionOut:
    """One version with its files' content."""
    _, version = repo.get_version(session, actor, scenario_id, number)
    out = version_out(version, content=True)
    response.headers["ETag"] = f'"v{number}-{out.sha256[:16]}"'
    return out


@router.get("/{scenario_id}/diff", response_model=DiffOut, responses=READ_ERRORS)
def diff_versions(
    scenario_id: ScenarioId,
    actor: Caller,
    session: Db,
    from_version: Annotated[int, Query(alias="from", ge=1, le=MAX_ID)],
    to_version: Annotated[int, Query(alias="to", ge=1, le=MAX_ID)],
) -> DiffOut:
    """What changed from one version to another, file by file, as unified diffs."""
    _, old = repo.get_version(session, actor, scenario_id, from_version)
    _, new = repo.get_version(session, actor, scenario_id, to_version)
    files = _diff(old, new)
    return DiffOut(
        scenario_id=scenario_id, from_version=from_version, to_version=to_version, files=files
    )


def _diff(old: ScenarioVersion, new: ScenarioVersion) -> list[FileDiff]:
    before = {f.name: f.content for f in old.files}
    after = {f.name: f.content for f in new.files}
    names = [*before, *(n for n in after if n not in before)]
    out: list[FileDiff] = []
    for name in names:
        a, b = before.get(name), after.get(name)
        change = (
            "added"
            if a is None
            else "removed"
            if b is None
            else "unchanged"
            if a == b
            else "changed"
        )
        lines = difflib.unified_diff(
            (a or "").splitlines(keepends=True),
            (b or "").splitlines(keepends=True),
            fromfile=f"v{old.number}/{name}",
            tofile=f"v{new.number}/{name}",
        )
        out.append(FileDiff(name=name, change=change, diff="".join(lines)))
    return out
