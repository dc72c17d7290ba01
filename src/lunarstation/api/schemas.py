"""Request and response bodies of the HTTP API (pydantic; they make the OpenAPI document).

Every integer a client sends is bounded (ids ≤ 2³¹ − 1, page sizes ≤ :data:`MAX_PAGE`),
every string has a length limit, file names are plain names ending ``.yaml``, ``.yml``
or ``.json``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from lunarstation.scenario import LoadLimits
from lunarstation.store.models import MAX_ID as MAX_ID  # re-exported: ids in paths and bodies

MAX_PAGE = 500
"""Largest page of a list."""
MAX_REVISION = 2**62
"""Largest ``since`` for the change feed (a 64-bit integer on every database)."""
MAX_FILES = 20
"""Files of one version (a base and overlays)."""
MAX_OVERLAYS = 10
"""Overlays of one run."""

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
FileName = Annotated[
    str,
    Field(
        min_length=6,
        max_length=100,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*\.(yaml|yml|json)$",
        description="A plain file name (no folders) ending .yaml, .yml or .json.",
    ),
]
Text = Annotated[str, Field(max_length=2000)]
Name = Annotated[
    str,
    Field(
        min_length=1,
        max_length=200,
        pattern=r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$",
        description="1 to 200 characters, no control characters, not only spaces.",
    ),
]
Visibility = Literal["private", "shared"]


class Body(BaseModel):
    """A request body: unknown fields are refused (a typo is not silently ignored)."""

    model_config = ConfigDict(extra="forbid")


class FileIn(Body):
    """One scenario file of an upload."""

    name: FileName
    content: Annotated[str, Field(max_length=LoadLimits().max_bytes)]


class ScenarioCreate(Body):
    """A new scenario: its name, visibility and version 1's files (base first)."""

    name: Name
    visibility: Visibility = "private"
    message: Text = ""
    files: Annotated[list[FileIn], Field(min_length=1, max_length=MAX_FILES)]


class VersionCreate(Body):
    """A new version's files, message and the version it was derived from (default: latest)."""

    message: Text = ""
    files: Annotated[list[FileIn], Field(min_length=1, max_length=MAX_FILES)]
    derived_from: Id | None = None


class VisibilityPatch(Body):
    """Share or unshare."""

    visibility: Visibility


class VersionRef(Body):
    """A scenario version by scenario id and version number."""

    scenario_id: Id
    version: Id


class RunCreate(Body):
    """A run of a scenario version, with optional overlays of other visible scenarios."""

    scenario_id: Id
    version: Id
    overlays: Annotated[list[VersionRef], Field(max_length=MAX_OVERLAYS)] = []


class KeyCreate(Body):
    """A new key for a member of the caller's partner (a site admin: any partner)."""

    role: Literal["viewer", "member", "partner_admin", "site_admin"]
    name: Annotated[str, Field(max_length=200)] = ""
    partner: Annotated[str | None, Field(max_length=64)] = None


class Problem(BaseModel):
    """An error: what is wrong and what to do, and the loader's messages for an upload."""

    detail: str
    errors: list[str] = []


class ScenarioOut(BaseModel):
    """A scenario as the caller may see it."""

    id: int
    name: str
    owner: str
    visibility: Visibility
    etag: int
    """Counter of writes to this scenario: send it back in If-Match to change it."""
    latest_version: int
    created_at: datetime
    updated_at: datetime
    revision: int


class ScenarioCreated(ScenarioOut):
    """A created scenario: ``version`` is 1."""

    version: int


class FileOut(BaseModel):
    """One file of a version (``content`` only when a single version is read)."""

    name: str
    sha256: str
    bytes: int
    content: str | None = None


class VersionOut(BaseModel):
    """One immutable version."""

    scenario_id: int
    version: int
    author: str
    message: str
    created_at: datetime
    sha256: str
    derived_from: int | None
    revision: int
    files: list[FileOut]


class Page(BaseModel):
    """A page of a list: ``count`` is how many the caller may see in all."""

    count: int
    limit: int
    offset: int


class ScenarioPage(Page):
    items: list[ScenarioOut]


class VersionPage(Page):
    items: list[VersionOut]


class FileDiff(BaseModel):
    """How one file changed between two versions (a unified diff)."""

    name: str
    change: Literal["added", "removed", "changed", "unchanged"]
    diff: str


class DiffOut(BaseModel):
    scenario_id: int
    from_version: int
    to_version: int
    files: list[FileDiff]


class RunOut(BaseModel):
    """A run: its inputs, status and, when done, its summary (``summary.json``, the
    RunSummary schema of ``lunarstation schema --run-summary``)."""

    id: int
    scenario_id: int
    version: int
    overlays: list[VersionRef]
    partner: str
    status: Literal["queued", "running", "done", "failed"]
    reason: str
    lunarstation_version: str
    seed: int | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    revision: int
    summary: dict[str, Any] | None = None
    tables: list[str] = []


class RunPage(Page):
    items: list[RunOut]


class FindingOut(BaseModel):
    severity: str
    code: str
    subject: str
    time: str | None
    message: str
    engine: str | None = None


class ChangeOut(BaseModel):
    revision: int
    time: datetime
    kind: str
    action: str
    partner: str | None
    scenario_id: int | None
    version: int | None
    run_id: int | None


class ChangesOut(BaseModel):
    """Changes after ``since``; poll again with ``since=next_since``."""

    revision: int
    next_since: int
    changes: list[ChangeOut]


class AuditOut(BaseModel):
    id: int
    revision: int
    time: datetime
    partner: str | None
    key_prefix: str | None
    action: str
    scenario_id: int | None
    run_id: int | None
    detail: str


class MeOut(BaseModel):
    partner: str
    role: str
    key_prefix: str
    member: str


class PartnerOut(BaseModel):
    id: str
    name: str


class KeyOut(BaseModel):
    prefix: str
    name: str
    partner: str
    role: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


class MemberOut(BaseModel):
    """A member of a partner and its keys' prefixes; deactivated members stay listed."""

    id: int
    partner: str
    name: str
    created_at: datetime
    deactivated_at: datetime | None
    keys: list[str]


class KeyCreated(BaseModel):
    """A new key: shown this once, never again."""

    key: str
    prefix: str
    partner: str
    role: str
    name: str


class FigureOut(BaseModel):
    """One figure of the run report (``lunarstation.report.figures.figure_json``)."""

    id: str
    section: str
    title: str
    caption: str
    reduction: str
    plotly: dict[str, Any]
