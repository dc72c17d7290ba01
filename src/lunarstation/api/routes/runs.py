"""``/api/runs``: start a run (202), read its status, summary, findings, tables, report
and figures."""

from __future__ import annotations

import io
from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, Header, Path, Query, Request, Response

from lunarstation.api.convert import run_out
from lunarstation.api.deps import Caller, Db, StoreDep
from lunarstation.api.errors import problem
from lunarstation.api.routes.scenarios import READ_ERRORS, WRITE_ERRORS, Limit, Offset
from lunarstation.api.schemas import (
    MAX_ID,
    FigureOut,
    FindingOut,
    Problem,
    RunCreate,
    RunOut,
    RunPage,
)
from lunarstation.api.task import FIGURES_NAME, with_plotly
from lunarstation.api.uploads import check_files
from lunarstation.store import runs as repo
from lunarstation.store.access import NotFoundError
from lunarstation.store.scenarios import UploadedFile, get_version

router = APIRouter(prefix="/api/runs", tags=["runs"])

RunId = Annotated[int, Path(ge=1, le=MAX_ID, description="Run id.")]
TableName = Annotated[
    str,
    Path(pattern=r"^[a-z0-9_]{1,100}$", description="A table or series name, e.g. station_series."),
]
PARQUET = "application/vnd.apache.parquet"
TABLE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **READ_ERRORS,
    200: {"content": {PARQUET: {}, "text/csv": {}}, "description": "The table, as Parquet or CSV."},
    406: {"model": Problem, "description": "Accept names neither Parquet nor CSV."},
}


@router.post("", status_code=202, response_model=RunOut, responses=WRITE_ERRORS)
def start_run(
    body: RunCreate,
    actor: Caller,
    session: Db,
    store: StoreDep,
    request: Request,
    response: Response,
) -> RunOut:
    """Queue a run of a scenario version (with overlays of other scenarios you may see,
    applied in order); poll ``GET /api/runs/{id}`` for its status."""
    refs = [(body.scenario_id, body.version), *((o.scenario_id, o.version) for o in body.overlays)]
    from lunarstation.store.access import Role, require_role

    require_role(actor, Role.member, "starting a run")
    groups = [
        [UploadedFile(f.name, f.content) for f in get_version(session, actor, sid, n)[1].files]
        for sid, n in refs
    ]
    session.rollback()  # the request's reads are done: free the connection before writing
    if len(groups) > 1:  # a combination no single upload checked: refuse it now
        check_files(groups, request.app.state.load_limits)
    with store.write() as writer:
        out = run_out(repo.create_run(writer, actor, refs))
    request.app.state.dispatcher.notify()
    response.headers["Location"] = f"/api/runs/{out.id}"
    return out


@router.get("", response_model=RunPage, responses=READ_ERRORS)
def list_runs(
    actor: Caller,
    session: Db,
    limit: Limit = 100,
    offset: Offset = 0,
    scenario_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> RunPage:
    """Runs you may see (every input visible to your partner), newest first; summaries omitted."""
    rows, total = repo.list_runs(session, actor, limit, offset, scenario_id)
    return RunPage(
        count=total, limit=limit, offset=offset, items=[run_out(r, summary=False) for r in rows]
    )


@router.get("/{run_id}", response_model=RunOut, responses=READ_ERRORS)
def get_run(run_id: RunId, actor: Caller, session: Db) -> RunOut:
    """Status, and when done the summary (``summary.json``) and the tables' names."""
    run = repo.visible_run(session, actor, run_id)
    return run_out(run, _table_names(repo.run_file_names(session, run_id)))


@router.get("/{run_id}/findings", response_model=list[FindingOut], responses=READ_ERRORS)
def get_findings(run_id: RunId, actor: Caller, session: Db) -> list[FindingOut]:
    """The run's findings, most severe first (empty until it is done)."""
    run = repo.visible_run(session, actor, run_id)
    return [FindingOut.model_validate(f) for f in run.findings or []]


def _table_names(files: list[str]) -> list[str]:
    skip = {"summary", "findings", "files", "report", "figures"}
    return sorted({name.rsplit(".", 1)[0] for name in files if name.rsplit(".", 1)[0] not in skip})


def _wants(accept: str | None) -> str | None:
    text = (accept or "*/*").lower()
    if PARQUET in text or "application/x-parquet" in text:
        return "parquet"
    if "text/csv" in text:
        return "csv"
    if "*/*" in text or "application/*" in text:
        return "parquet"
    return None


@router.get("/{run_id}/tables/{name}", response_class=Response, responses=TABLE_RESPONSES)
def get_table(
    run_id: RunId,
    name: TableName,
    actor: Caller,
    session: Db,
    accept: Annotated[str | None, Header(max_length=500)] = None,
) -> Response:
    """One table or series: Parquet by default or for ``Accept: application/vnd.apache.parquet``,
    CSV for ``Accept: text/csv``."""
    wanted = _wants(accept)
    if wanted is None:
        return problem(406, "Accept must name application/vnd.apache.parquet or text/csv")
    repo.visible_run(session, actor, run_id)
    names = repo.run_file_names(session, run_id)
    stored = [n for n in (f"{name}.{wanted}", f"{name}.parquet", f"{name}.csv") if n in names]
    if not stored:
        raise NotFoundError(
            f"run {run_id} has no table {name!r} (it has: {', '.join(_table_names(names)) or 'none yet'})"
        )
    content = repo.run_file(session, actor, run_id, stored[0])
    if not stored[0].endswith(f".{wanted}"):
        content = _convert(content, wanted)
    media = PARQUET if wanted == "parquet" else "text/csv; charset=utf-8"
    return Response(
        content,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}.{wanted}"'},
    )


def _convert(content: bytes, wanted: str) -> bytes:
    if wanted == "csv":
        return pd.read_parquet(io.BytesIO(content)).to_csv(index=False).encode("utf-8")
    buffer = io.BytesIO()
    pd.read_csv(io.BytesIO(content)).to_parquet(buffer, index=False)
    return buffer.getvalue()


@router.get(
    "/{run_id}/report",
    response_class=Response,
    responses={
        **READ_ERRORS,
        200: {"content": {"text/html": {}}, "description": "The HTML report."},
    },
)
def get_report(run_id: RunId, actor: Caller, session: Db) -> Response:
    """The run's HTML report (the same as ``lunarstation report`` writes)."""
    content = repo.run_file(session, actor, run_id, "report.html")
    return Response(with_plotly(content), media_type="text/html; charset=utf-8")


@router.get("/{run_id}/figures", response_model=list[FigureOut], responses=READ_ERRORS)
def get_figures(run_id: RunId, actor: Caller, session: Db) -> Response:
    """The report's figures as Plotly JSON (``figure_json`` of ``build_figures`` of the run
    folder, made by the worker with the report), for ``Plotly.newPlot``."""
    run = repo.visible_run(session, actor, run_id)
    if run.status != "done":
        raise NotFoundError(f"run {run_id} is {run.status}: it has figures once it is done")
    content = repo.run_file(session, actor, run_id, FIGURES_NAME)
    return Response(content, media_type="application/json")
