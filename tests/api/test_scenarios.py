"""Scenarios over HTTP on SQLite and PostgreSQL: versions, validation as the CLI does it,
size limits, If-Match (428, 412) and two writers of the same version."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from lunarstation.cli import main
from tests.api.support import MINIMAL, Server

BROKEN = MINIMAL.replace("step_h: 1", "step_h: often").replace("lat_deg: -89.45", "lat_deg: -95")


def _etag(server: Server, scenario_id: int, partner: str = "agency-a") -> str:
    return server.client.get(
        f"/api/scenarios/{scenario_id}", headers=server.keys.headers(partner)
    ).headers["ETag"]


def test_create_then_version_numbers_are_assigned_by_the_server(server: Server) -> None:
    a = server.keys.headers("agency-a")
    created = server.create("agency-a", "outpost")
    assert (created["version"], created["latest_version"], created["owner"]) == (1, 1, "agency-a")
    sid = created["id"]
    for number in (2, 3):
        body = {
            "message": f"v{number}",
            "files": [{"name": "base.yaml", "content": MINIMAL + f"# {number}\n"}],
        }
        response = server.client.post(
            f"/api/scenarios/{sid}/versions",
            json=body,
            headers={**a, "If-Match": _etag(server, sid)},
        )
        assert response.status_code == 201, response.text
        assert response.json()["version"] == number
        assert response.json()["derived_from"] == number - 1
    versions = server.client.get(f"/api/scenarios/{sid}/versions", headers=a).json()
    assert [v["version"] for v in versions["items"]] == [1, 2, 3]
    assert versions["count"] == 3
    third = server.client.get(f"/api/scenarios/{sid}/versions/3", headers=a).json()
    assert third["files"][0]["content"].endswith("# 3\n")
    assert third["author"] == "agency-a member"
    diff = server.client.get(f"/api/scenarios/{sid}/diff?from=2&to=3", headers=a).json()
    assert diff["files"][0]["change"] == "changed"
    assert "-# 2\n+# 3\n" in diff["files"][0]["diff"]


def test_invalid_files_get_the_cli_s_messages_and_nothing_is_stored(
    server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "base.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    cli_lines = [
        line.removeprefix("error: ").replace(f"{tmp_path}/", "")
        for line in capsys.readouterr().err.splitlines()
        if line.startswith("error: ")
    ]
    response = server.client.post(
        "/api/scenarios",
        json={"name": "broken", "files": [{"name": "base.yaml", "content": BROKEN}]},
        headers=server.keys.headers("agency-a"),
    )
    assert response.status_code == 422
    assert response.json()["errors"] == cli_lines
    assert any(
        line.startswith("base.yaml:13:") and "simulation.step_h" in line for line in cli_lines
    )
    assert (
        server.client.get("/api/scenarios", headers=server.keys.headers("agency-a")).json()["count"]
        == 0
    )


def test_hostile_uploads_are_refused_by_the_loader_limits_and_the_size_limit(
    server: Server,
) -> None:
    a = server.keys.headers("agency-a")
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    bomb = server.client.post(
        "/api/scenarios",
        json={"name": "laughs", "files": [{"name": "l.yaml", "content": laughs}]},
        headers=a,
    )
    assert bomb.status_code == 422
    assert "max_nodes" in bomb.text
    deep = server.client.post(
        "/api/scenarios",
        json={"name": "deep", "files": [{"name": "d.yaml", "content": "[" * 200 + "]" * 200}]},
        headers=a,
    )
    assert deep.status_code == 422
    assert "max_depth" in deep.text
    huge = server.client.post(
        "/api/scenarios",
        content=b'{"name": "x", "files": []}' + b" " * 8_100_000,
        headers={**a, "Content-Type": "application/json"},
    )
    assert huge.status_code == 413
    assert "limit" in huge.json()["detail"]
    for bad_name in ("../etc/passwd.yaml", "sub/base.yaml", "base.txt"):
        response = server.client.post(
            "/api/scenarios",
            json={"name": "n", "files": [{"name": bad_name, "content": MINIMAL}]},
            headers=a,
        )
        assert response.status_code == 422, bad_name
    assert server.client.get("/api/scenarios/2147483648", headers=a).status_code == 422
    assert server.client.get("/api/scenarios?limit=100000", headers=a).status_code == 422


def test_writes_need_a_current_if_match(server: Server) -> None:
    a = server.keys.headers("agency-a")
    sid = server.create("agency-a", "outpost")["id"]
    missing = server.client.patch(f"/api/scenarios/{sid}", json={"visibility": "shared"}, headers=a)
    assert missing.status_code == 428
    assert 'If-Match header with its current ETag (now "1")' in missing.json()["detail"]
    shared = server.client.patch(
        f"/api/scenarios/{sid}", json={"visibility": "shared"}, headers={**a, "If-Match": '"1"'}
    )
    assert shared.status_code == 200
    assert shared.headers["ETag"] == '"2"'
    stale = server.client.patch(
        f"/api/scenarios/{sid}", json={"visibility": "private"}, headers={**a, "If-Match": '"1"'}
    )
    assert stale.status_code == 412
    assert 'you sent If-Match "1", it is now "2"' in stale.json()["detail"]
    b = server.keys.headers("agency-b")
    assert server.client.get(f"/api/scenarios/{sid}", headers=b).status_code == 200
    refused = server.client.patch(
        f"/api/scenarios/{sid}", json={"visibility": "private"}, headers={**b, "If-Match": '"2"'}
    )
    assert refused.status_code == 403
    assert "read-only" in refused.json()["detail"]


def test_two_clients_writing_the_same_version_one_wins_one_gets_412(server: Server) -> None:
    a = server.keys.headers("agency-a")
    sid = server.create("agency-a", "outpost")["id"]
    etag = _etag(server, sid)
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def write(tag: str) -> None:
        body = {"message": tag, "files": [{"name": "base.yaml", "content": MINIMAL + f"# {tag}\n"}]}
        barrier.wait()
        response = server.client.post(
            f"/api/scenarios/{sid}/versions", json=body, headers={**a, "If-Match": etag}
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=write, args=(tag,)) for tag in ("left", "right")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201, 412]
    assert server.client.get(f"/api/scenarios/{sid}", headers=a).json()["latest_version"] == 2


def test_owner_comes_from_the_key_and_unknown_fields_are_refused(server: Server) -> None:
    response = server.client.post(
        "/api/scenarios",
        json={
            "name": "x",
            "owner": "agency-b",
            "files": [{"name": "base.yaml", "content": MINIMAL}],
        },
        headers=server.keys.headers("agency-a"),
    )
    assert response.status_code == 422
    assert "owner" in response.text
    viewer = server.client.post(
        "/api/scenarios",
        json={"name": "x", "files": [{"name": "base.yaml", "content": MINIMAL}]},
        headers=server.keys.headers("agency-a", "viewer"),
    )
    assert viewer.status_code == 403
