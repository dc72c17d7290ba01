"""Store rows to response bodies."""

from __future__ import annotations

from lunarstation.api.schemas import (
    ChangeOut,
    FileOut,
    KeyOut,
    MemberOut,
    RunOut,
    ScenarioOut,
    VersionOut,
    VersionRef,
)
from lunarstation.store.models import ApiKey, Change, Member, Run, Scenario, ScenarioVersion


def scenario_out(row: Scenario) -> ScenarioOut:
    return ScenarioOut(
        id=row.id,
        name=row.name,
        owner=row.owner_id,
        visibility="shared" if row.visibility == "shared" else "private",
        etag=row.etag,
        latest_version=row.latest_version,
        created_at=row.created_at,
        updated_at=row.updated_at,
        revision=row.revision,
    )


def version_out(row: ScenarioVersion, *, content: bool = False) -> VersionOut:
    return VersionOut(
        scenario_id=row.scenario_id,
        version=row.number,
        author=row.author,
        message=row.message,
        created_at=row.created_at,
        sha256=row.digest,
        derived_from=row.derived_from,
        revision=row.revision,
        files=[
            FileOut(
                name=f.name,
                sha256=f.digest,
                bytes=len(f.content.encode("utf-8")),
                content=f.content if content else None,
            )
            for f in row.files
        ],
    )


def run_out(row: Run, tables: list[str] | None = None, *, summary: bool = True) -> RunOut:
    return RunOut(
        id=row.id,
        scenario_id=row.scenario_id,
        version=row.version_number,
        overlays=[
            VersionRef(scenario_id=i.scenario_id, version=i.version_number) for i in row.inputs[1:]
        ],
        partner=row.partner_id,
        status=row.status,
        reason=row.reason,
        lunarstation_version=row.lunarstation_version,
        seed=row.seed,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        revision=row.revision,
        summary=row.summary if summary else None,
        tables=tables or [],
    )


def change_out(row: Change) -> ChangeOut:
    return ChangeOut(
        revision=row.revision,
        time=row.time,
        kind=row.kind,
        action=row.action,
        partner=row.partner_id,
        scenario_id=row.scenario_id,
        version=row.version_number,
        run_id=row.run_id,
    )


def key_out(row: ApiKey) -> KeyOut:
    return KeyOut(
        prefix=row.prefix,
        name=row.name,
        partner=row.partner_id,
        role=row.role,
        created_at=row.created_at,
        revoked_at=row.revoked_at,
        last_used_at=row.last_used_at,
    )


def member_out(row: Member, keys: list[ApiKey]) -> MemberOut:
    return MemberOut(
        id=row.id,
        partner=row.partner_id,
        name=row.name,
        created_at=row.created_at,
        deactivated_at=row.deactivated_at,
        keys=[k.prefix for k in keys],
    )
