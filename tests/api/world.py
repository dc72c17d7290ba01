"""A small world for the isolation tests: partner A's private and shared scenarios and
real, finished runs of them (one by A, one by B of A's shared scenario)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from tests.api.support import MINIMAL, Server

PRIVATE_NAME = "a-secret-outpost-7f3c"
SHARED_NAME = "a-shared-outpost"


@dataclass
class World:
    server: Server
    private: int
    shared: int
    run_private: int
    run_shared_by_b: int


def wait_done(server: Server, run_id: int, headers: dict[str, str], timeout_s: float = 120) -> dict:  # type: ignore[type-arg]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        body = server.client.get(f"/api/runs/{run_id}", headers=headers).json()
        if body["status"] in ("done", "failed"):
            return body  # type: ignore[no-any-return]
        time.sleep(0.2)
    raise AssertionError(f"run {run_id} did not finish in {timeout_s} s")


def build_world(server: Server) -> World:
    a, b = server.keys.headers("agency-a"), server.keys.headers("agency-b")
    private = server.create("agency-a", PRIVATE_NAME)["id"]
    etag = server.client.get(f"/api/scenarios/{private}", headers=a).headers["ETag"]
    second = MINIMAL.replace("title: Minimal south-pole outpost", "title: Second draft")
    response = server.client.post(
        f"/api/scenarios/{private}/versions",
        json={"message": "retitled", "files": [{"name": "base.yaml", "content": second}]},
        headers={**a, "If-Match": etag},
    )
    assert response.status_code == 201, response.text
    shared = server.create("agency-a", SHARED_NAME, visibility="shared")["id"]
    run_private = server.client.post(
        "/api/runs", json={"scenario_id": private, "version": 1}, headers=a
    )
    run_shared = server.client.post(
        "/api/runs", json={"scenario_id": shared, "version": 1}, headers=b
    )
    assert run_private.status_code == run_shared.status_code == 202
    world = World(server, private, shared, run_private.json()["id"], run_shared.json()["id"])
    assert wait_done(server, world.run_private, a)["status"] == "done"
    assert wait_done(server, world.run_shared_by_b, b)["status"] == "done"
    return world
