"""Members: deactivated through the API, never deleted; a deactivated member's keys → 401.

The matrix (as in ``test_isolation``): each caller — partner A and partner B with each
role, no key, a revoked key — against ``GET /api/members`` and ``POST
/api/members/{id}/deactivate`` of a member of A, on SQLite and PostgreSQL. Expected
(issue 15): a partner_admin manages its own partner's members (another partner's are 404
to it, and never listed), a site_admin every partner's, viewers and members 403, no key
or a revoked one 401 with ``WWW-Authenticate: Bearer``.
"""

from __future__ import annotations

import pytest

from tests.api.support import ROLES, Server

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ADMINS = ("partner_admin", "site_admin")


def _member_id(server: Server, partner: str, name: str) -> int:
    admin = server.keys.headers(partner, "partner_admin")
    members = server.client.get("/api/members", headers=admin).json()
    return int(next(m["id"] for m in members if m["name"] == name))


def _callers() -> list[tuple[str, str, str | None]]:
    """(caller label, partner, role); role None: the partner's revoked key; "" no key."""
    out = [(f"{p}:{r}", p, r) for p in ("agency-a", "agency-b") for r in ROLES]
    return [*out, ("anonymous", "", ""), ("revoked-a", "agency-a", None),
            ("revoked-b", "agency-b", None)]  # fmt: skip


def _headers(server: Server, partner: str, role: str | None) -> dict[str, str]:
    if role == "":
        return {}
    if role is None:
        return server.keys.revoked_headers(partner)
    return server.keys.headers(partner, role)


def test_member_routes_answer_each_caller_as_the_rules_say(server: Server) -> None:
    client = server.client
    # The member behind A's revoked key: deactivating it changes nothing anyone relies on.
    target = _member_id(server, "agency-a", "agency-a former")
    failures = []
    for label, partner, role in _callers():
        headers = _headers(server, partner, role)
        if role in ("", None):
            want_list = want_deactivate = 401
        elif role in ("viewer", "member"):
            want_list = want_deactivate = 403
        elif partner == "agency-a" or role == "site_admin":
            want_list = want_deactivate = 200
        else:  # B's partner admin: A's member does not exist for it
            want_list, want_deactivate = 200, 404
        listed = client.get("/api/members", headers=headers)
        done = client.post(f"/api/members/{target}/deactivate", headers=headers)
        for response, want, what in ((listed, want_list, "list"), (done, want_deactivate, "deactivate")):  # fmt: skip
            if response.status_code != want:
                failures.append(f"{label} {what}: {response.status_code}, want {want}: {response.text[:200]}")  # fmt: skip
            if want == 401 and not response.headers.get("WWW-Authenticate", "").startswith(
                "Bearer"
            ):
                failures.append(f"{label} {what}: 401 without WWW-Authenticate: Bearer")  # fmt: skip
        if listed.status_code == 200:
            partners = {m["partner"] for m in listed.json()}
            allowed = {"agency-a", "agency-b"} if role == "site_admin" else {partner}
            if not partners <= allowed:
                failures.append(f"{label} list shows members of {partners - allowed}")
            if role != "site_admin" and partner == "agency-b" and "agency-a former" in listed.text:
                failures.append(f"{label} list leaks A's member")
        if want_deactivate == 404 and "agency-a former" in done.text:
            failures.append(f"{label} deactivate leaks A's member name: {done.text[:200]}")
    assert not failures, "\n".join(failures)
    # Never deleted: still listed, deactivated, with its (revoked) key.
    listed = client.get("/api/members", headers=server.keys.headers("agency-a", "partner_admin"))
    former = next(m for m in listed.json() if m["id"] == target)
    assert former["deactivated_at"] is not None
    assert former["keys"] == [server.keys.revoked["agency-a"][:11]]


def test_a_deactivated_member_s_keys_are_refused_and_it_stays(server: Server) -> None:
    client, keys = server.client, server.keys
    alice = keys.headers("agency-a", "member")
    sid = server.create("agency-a", "alice-outpost")["id"]
    target = _member_id(server, "agency-a", "agency-a member")
    assert client.get("/api/me", headers=alice).status_code == 200

    # A partner admin cannot deactivate a member holding a higher role than its own.
    site_member = _member_id(server, "agency-a", "agency-a site_admin")
    refused = client.post(
        f"/api/members/{site_member}/deactivate",
        headers=keys.headers("agency-a", "partner_admin"),
    )
    assert refused.status_code == 403, refused.text
    assert client.get("/api/me", headers=keys.headers("agency-a", "site_admin")).status_code == 200

    done = client.post(
        f"/api/members/{target}/deactivate", headers=keys.headers("agency-a", "partner_admin")
    )
    assert done.status_code == 200, done.text
    assert done.json()["deactivated_at"] is not None
    for path in ("/api/me", "/api/scenarios", f"/api/scenarios/{sid}"):
        response = client.get(path, headers=alice)
        assert response.status_code == 401, (path, response.text)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    # Others of the partner are unaffected; what the member wrote still names it.
    viewer = keys.headers("agency-a", "viewer")
    version = client.get(f"/api/scenarios/{sid}/versions/1", headers=viewer)
    assert version.status_code == 200
    assert "agency-a member" in version.text
    # A new key for a deactivated member would be dead on arrival: refused.
    again = client.post(
        "/api/keys",
        json={"role": "member", "name": "agency-a member"},
        headers=keys.headers("agency-a", "partner_admin"),
    )
    assert again.status_code == 409, again.text
    # The feed tells the partner (and only it).
    feed_a = client.get("/api/changes?since=0", headers=viewer).json()["changes"]
    assert any(c["kind"] == "member" and c["action"] == "deactivated" for c in feed_a)
    feed_b = client.get("/api/changes?since=0", headers=keys.headers("agency-b", "viewer"))
    assert '"member"' not in feed_b.text
    # Twice changes nothing; an absent member is 404.
    admin = keys.headers("agency-a", "partner_admin")
    assert client.post(f"/api/members/{target}/deactivate", headers=admin).status_code == 200
    assert client.post("/api/members/2147483647/deactivate", headers=admin).status_code == 404
