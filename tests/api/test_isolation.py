"""The isolation matrix: every route taking an id × verb × caller, on SQLite and PostgreSQL.

Callers: partner A (the owner) and partner B with each role, no key, and a revoked key of
each partner. Expected (issue 15): a private object of A is 404 to B on every route, a
shared one readable by B and 403 to B's writes, a missing or revoked key 401 with
``WWW-Authenticate: Bearer``, a viewer's write 403. Every response B gets is also
searched for A's private id and name: none may contain them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.api.support import ROLES, new_db_url, open_server
from tests.api.world import PRIVATE_NAME, World, build_world

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

WRITERS = ("member", "partner_admin", "site_admin")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    url = new_db_url(request.param, tmp_path_factory.mktemp("iso"), request)
    for server in open_server(url, workers=2):
        yield build_world(server)


@dataclass(frozen=True)
class Case:
    """One request, and the status each kind of caller must get."""

    name: str
    method: str
    path: str
    owner: dict[str, int]
    other: dict[str, int]
    body: dict | None = None  # type: ignore[type-arg]
    if_match: str | None = None


def _all(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def _writers(status: int, viewer: int = 403) -> dict[str, int]:
    return {"viewer": viewer, **dict.fromkeys(WRITERS, status)}


def cases(w: World) -> list[Case]:
    p, s, rp, rs = w.private, w.shared, w.run_private, w.run_shared_by_b
    reads = [
        ("scenario", "/api/scenarios/{}"),
        ("versions", "/api/scenarios/{}/versions"),
        ("version", "/api/scenarios/{}/versions/1"),
        ("diff", "/api/scenarios/{}/diff?from=1&to=1"),
        ("scenario runs", "/api/runs?scenario_id={}"),
    ]
    run_reads = ["/api/runs/{}", "/api/runs/{}/findings", "/api/runs/{}/tables/ledger_partners",
                 "/api/runs/{}/report", "/api/runs/{}/figures"]  # fmt: skip
    out: list[Case] = []
    for name, path in reads:
        out.append(Case(f"GET {name} private", "GET", path.format(p), _all(200), _all(404)))
        out.append(Case(f"GET {name} shared", "GET", path.format(s), _all(200), _all(200)))
    for path in run_reads:
        out.append(Case(f"GET {path} private run", "GET", path.format(rp), _all(200), _all(404)))
        out.append(
            Case(f"GET {path} B's run of shared", "GET", path.format(rs), _all(200), _all(200))
        )
    # Writes that change nothing when allowed (same visibility) or are refused as stale.
    out += [
        Case("PATCH private", "PATCH", f"/api/scenarios/{p}", _writers(200), _all(404), {"visibility": "private"}, "current"),
        Case("PATCH shared", "PATCH", f"/api/scenarios/{s}", _writers(200), _all(403), {"visibility": "shared"}, "current"),
        Case("PATCH no If-Match", "PATCH", f"/api/scenarios/{p}", _writers(428), _all(404), {"visibility": "private"}),
        Case("POST version stale", "POST", f"/api/scenarios/{p}/versions", _writers(412), _all(404),
             {"files": [{"name": "base.yaml", "content": "name: x\n"}]}, '"0"'),
        Case("POST version shared stale", "POST", f"/api/scenarios/{s}/versions", _writers(412), _all(403),
             {"files": [{"name": "base.yaml", "content": "name: x\n"}]}, '"0"'),
        Case("POST run of missing version", "POST", "/api/runs", _writers(404), _writers(404),
             {"scenario_id": p, "version": 99}),
        Case("POST run overlay private", "POST", "/api/runs", _writers(404), _writers(404),
             {"scenario_id": s, "version": 1, "overlays": [{"scenario_id": p, "version": 99}]}),
    ]  # fmt: skip
    return out


def _callers() -> list[str]:
    return [f"{side}:{role}" for side in ("owner", "other") for role in ROLES] + [
        "anonymous",
        "revoked-owner",
        "revoked-other",
    ]


def _headers(w: World, caller: str) -> dict[str, str]:
    keys = w.server.keys
    if caller == "anonymous":
        return {}
    if caller.startswith("revoked"):
        return keys.revoked_headers("agency-a" if caller.endswith("owner") else "agency-b")
    side, role = caller.split(":")
    return keys.headers("agency-a" if side == "owner" else "agency-b", role)


@pytest.mark.parametrize("caller", _callers())
def test_every_route_answers_each_caller_as_the_rules_say(world: World, caller: str) -> None:
    client = world.server.client
    failures = []
    for case in cases(world):
        headers = _headers(world, caller)
        if case.if_match == "current":
            etag = client.get(case.path, headers=world.server.keys.headers("agency-a")).headers[
                "ETag"
            ]
            headers["If-Match"] = etag
        elif case.if_match is not None:
            headers["If-Match"] = case.if_match
        response = client.request(case.method, case.path, json=case.body, headers=headers)
        if caller in ("anonymous", "revoked-owner", "revoked-other"):
            expected = 401
        else:
            side, role = caller.split(":")
            expected = (case.owner if side == "owner" else case.other)[role]
        if response.status_code != expected:
            failures.append(
                f"{case.name}: {case.method} {case.path} → {response.status_code}, want {expected}: {response.text[:200]}"
            )
        if expected == 401:
            assert response.headers.get("WWW-Authenticate", "").startswith("Bearer")
        if not caller.startswith("owner"):
            # Only the id the caller sent itself may come back (in "no scenario N").
            asked = str(world.private) in case.path + str(case.body)
            if (str(world.private) in response.text and not asked) or PRIVATE_NAME in response.text:
                failures.append(
                    f"{case.name}: response leaks the private scenario: {response.text[:200]}"
                )
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ROLES)
def test_lists_counts_feed_and_audit_hide_the_private_scenario(world: World, role: str) -> None:
    client, keys = world.server.client, world.server.keys
    b = keys.headers("agency-b", role)
    for path in (
        "/api/scenarios",
        "/api/runs",
        "/api/changes?since=0",
        "/api/audit",
        "/api/keys",
        "/api/members",
        "/api/me",
    ):
        response = client.get(path, headers=b)
        assert response.status_code in (200, 403), (path, response.text)
        assert str(world.private) not in response.text, path
        assert str(world.run_private) not in response.text, path
        assert PRIVATE_NAME not in response.text, path
    scenarios = client.get("/api/scenarios", headers=b).json()
    assert scenarios["count"] == 1
    assert [s["id"] for s in scenarios["items"]] == [world.shared]
    mine = client.get("/api/scenarios", headers=keys.headers("agency-a", role)).json()
    assert mine["count"] == 2


def test_key_routes_are_for_admins_of_the_key_s_partner(world: World) -> None:
    client, keys = world.server.client, world.server.keys
    prefix = keys.revoked["agency-a"][:11]
    expected = {  # revoking an already revoked key: allowed, changes nothing
        ("agency-a", "viewer"): 403, ("agency-a", "member"): 403,
        ("agency-a", "partner_admin"): 200, ("agency-a", "site_admin"): 200,
        ("agency-b", "viewer"): 403, ("agency-b", "member"): 403,
        ("agency-b", "partner_admin"): 404, ("agency-b", "site_admin"): 200,
    }  # fmt: skip
    for (partner, role), status in expected.items():
        response = client.delete(f"/api/keys/{prefix}", headers=keys.headers(partner, role))
        assert response.status_code == status, (partner, role, response.text)
    assert client.delete(f"/api/keys/{prefix}").status_code == 401


def test_unsharing_hides_the_scenario_and_the_runs_that_used_it(world: World) -> None:
    """COMET's lesson: B's own run of A's shared scenario disappears when A unshares it."""
    client, keys = world.server.client, world.server.keys
    a, b = keys.headers("agency-a"), keys.headers("agency-b")
    rs = world.run_shared_by_b
    assert client.get(f"/api/runs/{rs}/report", headers=b).status_code == 200
    etag = client.get(f"/api/scenarios/{world.shared}", headers=a).headers["ETag"]
    hide = client.patch(
        f"/api/scenarios/{world.shared}",
        json={"visibility": "private"},
        headers={**a, "If-Match": etag},
    )
    assert hide.status_code == 200
    try:
        for path in (f"/api/scenarios/{world.shared}", f"/api/runs/{rs}", f"/api/runs/{rs}/findings",
                     f"/api/runs/{rs}/tables/station_series", f"/api/runs/{rs}/report", f"/api/runs/{rs}/figures"):  # fmt: skip
            assert client.get(path, headers=b).status_code == 404, path
        for path in ("/api/scenarios", "/api/runs", "/api/changes", "/api/audit"):
            text = client.get(path, headers=b).text
            assert str(world.shared) not in text, path
            assert str(rs) not in text, path
        assert client.get(f"/api/runs/{rs}", headers=a).status_code == 200
    finally:
        etag = hide.headers["ETag"]
        client.patch(
            f"/api/scenarios/{world.shared}",
            json={"visibility": "shared"},
            headers={**a, "If-Match": etag},
        )
